package ingest

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A prefilter holds sets of strings such that every match of a regular
// expression contains one string of each set. A text that lacks every
// string of one set cannot match, and the expression need not run: Go's
// regexp has no literal scan for a pattern like `(?i)\b(?:air
// ?strikes?|…)`, and tries it at every position. The sets are read from
// the expression itself (prefilterOf), so that they cannot drift from it
// as hand-written cues can. The zero prefilter knows no set and lets
// every text through.
type prefilter struct {
	all [][]string
	// exactCase: the strings are as the pattern writes them, to be
	// found in the text itself ("May" the month, not "may"); else they
	// are case folded (foldCase), to be found in the folded text.
	exactCase bool
}

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
	if f.pre.exactCase || f.pre.all == nil {
		return f.pre.mayMatch(s, nil)
	}
	ix := indexText(foldCase(s))
	return f.pre.mayMatch(s, &ix)
}

// prefilterOf derives the prefilter of re: the two most selective sets
// of the parts of its top concatenation, or the set of the whole; as the
// pattern writes them when it has them so (case matters in "(January|…)
// (\d{4})"), else folded.
func prefilterOf(re *regexp.Regexp) prefilter {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		panic(err) // re compiled from the same text
	}
	if writtenCase(tree) {
		if cased := (deriver{exactCase: true}).top(tree); cased != nil {
			return prefilter{cased, true}
		}
	}
	return prefilter{deriver{}.top(tree), false}
}

// writtenCase reports whether re matches its words as written: no part
// of it is case-insensitive but single letters ("[Ii]n", which the
// parser makes a case-insensitive "i").
func writtenCase(re *syntax.Regexp) bool {
	if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase != 0 && len(re.Rune) > 1 &&
		slices.ContainsFunc(re.Rune, func(r rune) bool { return unicode.SimpleFold(r) != r }) {
		return false
	}
	return !slices.ContainsFunc(re.Sub, func(sub *syntax.Regexp) bool { return !writtenCase(sub) })
}

// mayMatch reports whether a text may match the expression; folded
// indexes its foldCase form, needed unless the prefilter is exactCase
// or knows nothing.
func (p prefilter) mayMatch(text string, folded *textIndex) bool {
	for _, set := range p.all {
		if p.exactCase && !slices.ContainsFunc(set, func(s string) bool { return strings.Contains(text, s) }) ||
			!p.exactCase && !folded.containsAny(set) {
			return false
		}
	}
	return true
}

// A textIndex answers whether a text contains a string, and quickly when
// it does not: a bitmap of the pairs of bytes in the text turns most
// strings away without a search, those with a pair the text lacks. The
// rules ask a sentence a few hundred such questions.
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
	for i := 0; i+1 < len(s); i++ {
		if b := pairBit(s[i], s[i+1]); ix.pairs[b>>6]&(1<<(b&63)) == 0 {
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

// A deriver reads from an expression's syntax what its matches contain:
// case folded, or with exactCase as written (a case-insensitive part
// then tells nothing, unless it has no letters).
type deriver struct{ exactCase bool }

// top returns sets one string of each of which every match of re
// contains, the most selective first, at most two; nil when it knows
// none.
func (d deriver) top(re *syntax.Regexp) [][]string {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	var sets [][]string
	if re.Op == syntax.OpConcat {
		sets = d.concat(re.Sub).sets
	} else if set := need(d.matches(re)); set != nil {
		sets = [][]string{set}
	}
	for i := range sets {
		sets[i] = simplify(sets[i])
	}
	slices.SortStableFunc(sets, func(a, b []string) int {
		if better(a, b) {
			return -1
		} else if better(b, a) {
			return 1
		}
		return 0
	})
	if len(sets) > 1 && slices.Equal(sets[0], sets[1]) {
		sets = slices.Delete(sets, 1, 2)
	}
	return sets[:min(2, len(sets))]
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
// match ("" for none); else strings one of which every match contains,
// or nil.
type matched struct {
	set   []string
	exact bool
}

func (d deriver) matches(re *syntax.Regexp) matched {
	switch re.Op {
	case syntax.OpLiteral:
		lit := string(re.Rune)
		if !d.exactCase {
			return matched{[]string{foldCase(lit)}, true}
		}
		if slices.Contains(re.Rune, utf8.RuneError) {
			return matched{} // it matches a byte that is not UTF-8 too
		}
		if re.Flags&syntax.FoldCase == 0 || !strings.ContainsFunc(lit, func(r rune) bool { return unicode.SimpleFold(r) != r }) {
			return matched{[]string{lit}, true}
		}
		if len(re.Rune) > 1 {
			return matched{}
		}
		// One letter in any of its cases: "[Ii]" is parsed so.
		set := []string{lit}
		for f := unicode.SimpleFold(re.Rune[0]); f != re.Rune[0]; f = unicode.SimpleFold(f) {
			set = append(set, string(f))
		}
		return matched{set, true}
	case syntax.OpCharClass:
		// A few runes, or one letter in its cases ("[Ii]").
		var set []string
		for i := 0; i < len(re.Rune); i += 2 {
			if re.Rune[i+1]-re.Rune[i] > maxExact {
				return matched{}
			}
			for c := re.Rune[i]; c <= re.Rune[i+1]; c++ {
				f := c
				if !d.exactCase {
					f = foldRune(c)
				} else if c == utf8.RuneError {
					return matched{} // it matches a byte that is not UTF-8 too
				}
				if !slices.Contains(set, string(f)) {
					set = append(set, string(f))
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
		return d.matches(re.Sub[0])
	case syntax.OpQuest:
		if m := d.matches(re.Sub[0]); m.exact && len(m.set) < maxExact {
			return matched{append([]string{""}, m.set...), true}
		}
	case syntax.OpPlus:
		return matched{d.matches(re.Sub[0]).set, false}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return matched{d.matches(re.Sub[0]).set, false}
		}
	case syntax.OpAlternate:
		// Every match is a match of one branch: the union of theirs.
		exact := matched{exact: true}
		var needed []string
		free := false // a branch that requires nothing
		for _, sub := range re.Sub {
			m := d.matches(sub)
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
		c := d.concat(re.Sub)
		if c.exact != nil {
			return matched{c.exact, true}
		}
		if len(c.sets) == 0 {
			return matched{}
		}
		best := c.sets[0]
		for _, set := range c.sets[1:] {
			if better(set, best) {
				best = set
			}
		}
		return matched{best, false}
	}
	return matched{}
}

// concatenation is what a concatenation's parts tell: every match
// contains a string of each of sets; exact, when not nil, is every
// string it can match.
type concatenation struct {
	sets  [][]string
	exact []string
}

// concat reads a concatenation. Every match contains a match of each
// part; adjacent exact parts are multiplied out into one set ("air"
// " "? "strike" "s"?).
func (d deriver) concat(subs []*syntax.Regexp) concatenation {
	var c concatenation
	add := func(set []string) {
		if set != nil && !slices.Contains(set, "") {
			c.sets = append(c.sets, set)
		}
	}
	run := []string{""} // the product of the exact parts since the last other one
	allExact := true
	for _, sub := range subs {
		m := d.matches(sub)
		if m.exact && len(run)*len(m.set) <= maxExact {
			run = product(run, m.set)
			continue
		}
		add(run)
		allExact = false
		if m.exact {
			run = m.set // too many strings: a new run
		} else {
			add(need(m))
			run = []string{""}
		}
	}
	if allExact {
		c.exact = run
	}
	add(run)
	return c
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
func better(a, b []string) bool {
	la, lb := shortest(a), shortest(b)
	return la > lb || la == lb && len(a) < len(b)
}

func shortest(p []string) int {
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
func simplify(p []string) []string {
	p = slices.Clone(p)
	slices.Sort(p)
	p = slices.Compact(p)
	var out []string
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
