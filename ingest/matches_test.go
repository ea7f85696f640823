package ingest

import (
	"regexp"
	"slices"
	"testing"
)

// TestMatchesIn: matchesIn yields what FindAllStringIndex gives, all of
// it when asked for all, and stops when the caller does.
func TestMatchesIn(t *testing.T) {
	texts := []string{"", "a", "aaa", "xay", "ab ab ab ab ab ab ab ab ab", "bbb"}
	for _, a := range goldenArticles(t, "testdata/world/*") {
		texts = append(texts, a.Text)
	}
	for _, pattern := range []string{`a`, `a*`, `(?i)\bab\b`, `x?`, eventRules[2].re.String()} {
		re := regexp.MustCompile(pattern)
		for _, s := range texts {
			want := re.FindAllStringIndex(s, -1)
			got := slices.Collect(matchesIn(re, s))
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Errorf("matchesIn(%q, %.40q) = %v, want %v", pattern, s, got, want)
			}
			for m := range matchesIn(re, s) {
				if !slices.Equal(m, want[0]) {
					t.Errorf("matchesIn(%q, %.40q) starts with %v, want %v", pattern, s, m, want[0])
				}
				break
			}
		}
	}
}
