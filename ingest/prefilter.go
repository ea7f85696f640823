package ingest

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A prefilter is a set of strings one of which every match of a regular
// expression contains, case folded (foldCase). A text whose folded form
// contains none of them cannot match, and the expression need not run:
// Go's regexp has no literal scan for a pattern like `(?i)\b(?:air
// ?strikes?|…)`, and tries it at every position. The set is read from
// the expression itself (prefilterOf), so that it cannot drift from it
// as hand-written cues can. A nil prefilter knows no such set and lets
// every text through.
type prefilter []string

// init derives the prefilters of eventRules; the other rules keep theirs
// beside them (datePre, fatalityPre, namedTollPre).
func init() {
	for k := range eventRules {
		eventRules[k].pre = prefilterOf(eventRules[k].re)
	}
}

func prefiltersOf(res []*regexp.Regexp) []prefilter {
	out := make([]prefilter, len(res))
	for i, re := range res {
		out[i] = prefilterOf(re)
	}
	return out
}

// A filteredRe is a regular expression whose MatchString and
// FindAllString ask its prefilter first; its other methods are the
// expression's own.
type filteredRe struct {
	*regexp.Regexp
	pre prefilter
}

// rxf is rx with a prefilter, for the patterns run on every sentence or
// every trigger.
func rxf(s string) filteredRe {
	re := rx(s)
	return filteredRe{re, prefilterOf(re)}
}

func (f filteredRe) MatchString(s string) bool {
	return f.mayMatch(s) && f.Regexp.MatchString(s)
}

func (f filteredRe) FindAllString(s string, n int) []string {
	if !f.mayMatch(s) {
		return nil
	}
	return f.Regexp.FindAllString(s, n)
}

func (f filteredRe) mayMatch(s string) bool {
	ix := indexText(foldCase(s))
	return f.pre.mayMatch(&ix)
}

// prefilterOf derives the prefilter of re.
func prefilterOf(re *regexp.Regexp) prefilter {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		panic(err) // re compiled from the same text
	}
	set, _ := required(tree)
	return set
}

// mayMatch reports whether a text may match the expression; folded
// indexes its foldCase form.
func (p prefilter) mayMatch(folded *textIndex) bool {
	return p == nil || folded.containsAny(p)
}

// A textIndex answers whether a text contains a string, and quickly when
// it does not: a bitmap of the pairs of bytes in the text turns most
// strings away without a search. The rules ask a sentence a few hundred
// such questions.
type textIndex struct {
	text  string
	pairs [64]uint64 // bit pairBit(a, b) set for each two bytes a, b in a row
}

func indexText(s string) textIndex {
	ix := textIndex{text: s}
	for i := 0; i+1 < len(s); i++ {
		b := pairBit(s[i], s[i+1])
		ix.pairs[b>>6] |= 1 << (b & 63)
	}
	return ix
}

func pairBit(a, b byte) uint { return (uint(a)<<4 ^ uint(b)) & 4095 }

func (ix *textIndex) contains(s string) bool {
	if len(s) >= 2 {
		if b := pairBit(s[0], s[1]); ix.pairs[b>>6]&(1<<(b&63)) == 0 {
			return false
		}
	}
	return strings.Contains(ix.text, s)
}

func (ix *textIndex) containsAny(strs []string) bool {
	for _, s := range strs {
		if ix.contains(s) {
			return true
		}
	}
	return false
}

// required returns strings, folded, one of which every match of re
// contains, and false when it knows none.
func required(re *syntax.Regexp) (prefilter, bool) {
	set := need(matches(re))
	if set == nil {
		return nil, false
	}
	return simplify(set), true
}

// need is what m says every match contains, or nil.
func need(m matched) []string {
	if slices.Contains(m.set, "") {
		return nil // some match may have none of them
	}
	return m.set
}

// maxExact bounds the strings an exact set may grow to ("air ?strikes?"
// is four).
const maxExact = 32

// matched is what matches(re) knows: when exact, every string re can
// match (folded, "" for none); else strings one of which every match
// contains, or nil.
type matched struct {
	set   []string
	exact bool
}

func matches(re *syntax.Regexp) matched {
	switch re.Op {
	case syntax.OpLiteral:
		return matched{[]string{foldCase(string(re.Rune))}, true}
	case syntax.OpCharClass:
		// A few letters, or one letter in its cases ("[Ii]").
		var set []string
		for i := 0; i < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] > maxExact {
				return matched{}
			}
			for c := re.Rune[i]; c <= re.Rune[i+1]; c++ {
				if f := string(foldRune(c)); !slices.Contains(set, f) {
					set = append(set, f)
				}
			}
		}
		if len(set) == 0 || len(set) > 4 {
			return matched{}
		}
		return matched{set, true}
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary,
		syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		return matched{[]string{""}, true} // consumes nothing
	case syntax.OpCapture:
		return matches(re.Sub[0])
	case syntax.OpQuest:
		if m := matches(re.Sub[0]); m.exact && len(m.set) < maxExact {
			return matched{append([]string{""}, m.set...), true}
		}
	case syntax.OpPlus:
		return matched{matches(re.Sub[0]).set, false}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return matched{matches(re.Sub[0]).set, false}
		}
	case syntax.OpAlternate:
		// Every match is a match of one branch: the union of theirs.
		exact := matched{exact: true}
		var needed []string
		free := false // a branch that requires nothing
		for _, sub := range re.Sub {
			m := matches(sub)
			exact.set = append(exact.set, m.set...)
			exact.exact = exact.exact && m.exact
			n := need(m)
			free = free || n == nil
			needed = append(needed, n...)
		}
		if exact.exact && len(exact.set) <= maxExact {
			slices.Sort(exact.set)
			exact.set = slices.Compact(exact.set)
			return exact
		}
		if free {
			return matched{}
		}
		return matched{needed, false}
	case syntax.OpConcat:
		return concatMatches(re.Sub)
	}
	return matched{}
}

// concatMatches is matches of a concatenation. Every match contains a
// match of each part, so any part's set will do: the one whose shortest
// string is longest. Adjacent exact parts are multiplied out into one
// ("air" " "? "strike" "s"?).
func concatMatches(subs []*syntax.Regexp) matched {
	var best []string
	consider := func(set []string) {
		if set != nil && !slices.Contains(set, "") && (best == nil || better(set, best)) {
			best = set
		}
	}
	run := []string{""} // the product of the exact parts since the last other one
	allExact := true
	for _, sub := range subs {
		m := matches(sub)
		if m.exact && len(run)*len(m.set) <= maxExact {
			run = product(run, m.set)
			continue
		}
		consider(run)
		allExact = false
		if m.exact {
			run = m.set // too many strings: a new run
		} else {
			consider(need(m))
			run = []string{""}
		}
	}
	if allExact {
		return matched{run, true}
	}
	consider(run)
	return matched{best, false}
}

func product(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// better says whether set a is the more selective: its shortest string
// is longer, or as long and it has fewer strings.
func better(a, b prefilter) bool {
	la, lb := shortest(a), shortest(b)
	return la > lb || la == lb && len(a) < len(b)
}

func shortest(p prefilter) int {
	n := -1
	for _, s := range p {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}

// simplify drops the strings that contain another of the set: a text
// that contains "strikes" contains "strike".
func simplify(p prefilter) prefilter {
	slices.Sort(p)
	p = slices.Compact(p)
	var out prefilter
	for _, s := range p {
		if !slices.ContainsFunc(p, func(t string) bool { return t != s && strings.Contains(s, t) }) {
			out = append(out, s)
		}
	}
	return out
}

// foldCase maps every rune of s to one representative of the runes that
// case-insensitive matching takes for it: the ASCII lower-case letter
// where there is one ("K", "k" and the Kelvin sign give "k"; "ſ" gives
// "s"), else the smallest rune of its case orbit. Two texts a pattern's
// literal matches case-insensitively have the same foldCase form, which
// strings.ToLower does not promise ("ſ" stays "ſ").
func foldCase(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return unicode.ToLower(r)
	}
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	if m < utf8.RuneSelf {
		return unicode.ToLower(m)
	}
	return m
}
