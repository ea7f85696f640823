package ingest

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

func TestPrefilterOf(t *testing.T) {
	for _, c := range []struct {
		re   string
		want prefilter // the zero prefilter: none known
	}{
		{`(?i)\bkill(?:ed|ing)\b`, prefilter{[][]string{{"killed", "killing"}}, false}},
		{`(?i)air ?strikes?`, prefilter{[][]string{{"air strike", "airstrike"}}, false}},
		{`(?i)K`, prefilter{[][]string{{"K", "k", "\u212A"}}, true}}, // one letter: its case orbit
		{`(?i)\b(?:dead|\d+ killed)`, prefilter{[][]string{{" killed", "dead"}}, false}},
		{`(?i)toll\s+(?:\w+\s+){0,10}?to`, prefilter{[][]string{{"toll"}, {"to"}}, false}},
		{`(?:ab)+c`, prefilter{[][]string{{"ab"}, {"c"}}, true}},
		{`(?:ab)+`, prefilter{[][]string{{"ab"}}, true}},
		{`[^a]bc`, prefilter{[][]string{{"bc"}}, true}},
		{`(?:a|)b`, prefilter{[][]string{{"b"}}, true}}, // "ab" contains "b"
		// Case matters where the pattern writes it so; both parts count.
		{`\b[Ii]n (January|May)\b`, prefilter{[][]string{{"In January", "In May", "in January", "in May"}}, true}},
		{`\b(?:[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Ff]rom) (?:early |late |mid-)?(January|February|March|May)\b`,
			prefilter{[][]string{{"February", "January", "March", "May"}, {"By ", "From ", "In ", "Since ", "Until ", "by ", "from ", "in ", "since ", "until "}}, true}},
		{`(?i:in) (January|May)`, prefilter{[][]string{{"in january", "in may"}}, false}},
		{`a|b*`, prefilter{}},
		{`x?`, prefilter{}},
		{`\w+`, prefilter{}},
	} {
		got := prefilterOf(regexp.MustCompile(c.re))
		if !slices.EqualFunc(got.all, c.want.all, slices.Equal) || got.exactCase != c.want.exactCase {
			t.Errorf("prefilterOf(%q) = %q (exact case %v), want %q (%v)", c.re, got.all, got.exactCase, c.want.all, c.want.exactCase)
		}
	}
}

func TestFoldCase(t *testing.T) {
	for in, want := range map[string]string{
		"Air Strike": "air strike",
		"ſarin":      "sarin",    // long s folds to s
		"\u212Aill":  "kill",     // Kelvin sign folds to k
		"Σσς":        "ΣΣΣ",      // an orbit without ASCII: its least rune
		"a\xffb":     "a\uFFFDb", // invalid UTF-8 as regexp reads it
		"İstanbul":   "İstanbul", // not in the orbit of i
	} {
		if got := foldCase(in); got != want {
			t.Errorf("foldCase(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPrefiltersAgree checks every expression extraction filters by
// prefilter against what it filters out: on every sentence of the
// testdata sets, a text its prefilter turns away does not match.
func TestPrefiltersAgree(t *testing.T) {
	var texts []string
	for _, set := range [][]namedArticle{goldenArticles(t, "testdata/articles/*"), goldenArticles(t, "testdata/world/*"), fuzzExtractSeeds(t)} {
		for _, a := range set {
			texts = append(texts, a.Text)
			for _, s := range Sentences(a.Text) {
				texts = append(texts, s.Text)
			}
		}
	}
	matchedAny := 0
	for _, f := range allPrefiltered() {
		for _, s := range texts {
			if f.re.MatchString(s) {
				matchedAny++
				if ix := indexText(foldCase(s)); !f.pre.mayMatch(s, &ix) {
					t.Errorf("%q matches %q, its prefilter %q turns it away", f.re, s, f.pre.all)
				}
			}
		}
	}
	if matchedAny == 0 {
		t.Fatal("no expression matched any text")
	}
}

// FuzzPrefilter: a text a pattern matches passes its prefilter.
func FuzzPrefilter(f *testing.F) {
	for _, p := range allPrefiltered() {
		f.Add(p.re.String(), "Two air strikes killed 12 people in Idlib on Monday.")
	}
	f.Add(`(?i)ſ|k`, "\u212A")
	f.Add("a\uFFFDb", "a\xffb")
	f.Add(`\b[Ii]n (May|June)`, "IN MAY in June")
	f.Fuzz(func(t *testing.T, pattern, text string) {
		re, err := regexp.Compile(pattern)
		if err != nil {
			return
		}
		pre := prefilterOf(re)
		for _, s := range []string{text, strings.ToUpper(text), strings.ToLower(text)} {
			if ix := indexText(foldCase(s)); re.MatchString(s) && !pre.mayMatch(s, &ix) {
				t.Fatalf("%q matches %q, its prefilter %q turns it away", pattern, s, pre.all)
			}
		}
	})
}

// allPrefiltered are the expressions extraction filters by prefilter.
func allPrefiltered() []struct {
	re  *regexp.Regexp
	pre prefilter
} {
	var out []struct {
		re  *regexp.Regexp
		pre prefilter
	}
	add := func(re *regexp.Regexp, pre prefilter) {
		out = append(out, struct {
			re  *regexp.Regexp
			pre prefilter
		}{re, pre})
	}
	for _, r := range eventRules {
		add(r.re, r.pre)
	}
	for i, r := range dateRules {
		add(r.re, datePre[i])
	}
	for i, re := range fatalityRules {
		add(re, fatalityPre[i])
	}
	add(namedToll, namedTollPre)
	for _, f := range []filteredRe{hypotheticalRe, backgroundRe, measuredAgainst, deniedBefore, cumulativeRe, totalRe, claimRe, laterRe} {
		add(f.Regexp, f.pre)
	}
	return out
}

// TestDatesWithinLines: FindDates runs the date patterns line by line,
// which gives what they give on the whole text only while none of them
// can match a line break or anchors at a line's or the text's ends.
func TestDatesWithinLines(t *testing.T) {
	var crosses func(re *syntax.Regexp) bool
	crosses = func(re *syntax.Regexp) bool {
		switch re.Op {
		case syntax.OpAnyChar, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
			return true
		case syntax.OpLiteral:
			return slices.Contains(re.Rune, '\n')
		case syntax.OpCharClass:
			for i := 0; i < len(re.Rune); i += 2 {
				if re.Rune[i] <= '\n' && '\n' <= re.Rune[i+1] {
					return true
				}
			}
		}
		return slices.ContainsFunc(re.Sub, crosses)
	}
	parse := func(s string) *syntax.Regexp {
		tree, err := syntax.Parse(s, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		return tree
	}
	for _, r := range dateRules {
		if crosses(parse(r.re.String())) {
			t.Errorf("the %s pattern %q may read across a line", r.kind, r.re)
		}
	}
	for _, s := range []string{`a\sb`, `(?s)a.b`, `^a`, `a[^b]`} {
		if !crosses(parse(s)) {
			t.Errorf("%q crosses lines, the test says not", s)
		}
	}
}

// TestTextIndex: contains is strings.Contains, whatever the bitmap says.
func TestTextIndex(t *testing.T) {
	text := "Two air strikes hit Idlib; ſ and \xff."
	ix := indexText(text)
	for _, s := range []string{"", "T", "air strike", "hit I", "Idlib;", "strikes hit", "trike", "ſ", "\xff.",
		"x", "air strikes hit idlib", "tw", "Two air strikes hit Idlib; ſ and \xff.!", "ikes air", "lib Id"} {
		if got, want := ix.contains(s), strings.Contains(text, s); got != want {
			t.Errorf("contains(%q) = %v, want %v", s, got, want)
		}
	}
}
