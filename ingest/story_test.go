package ingest

import (
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestGroupLabelled groups the mixed labelled set (ten stories of two to
// four articles and nine single articles, published between August 2015
// and June 2017, several of them in the same weeks around Aleppo) and
// compares the groups with the labels' "story" field, pair by pair.
func TestGroupLabelled(t *testing.T) {
	set := loadLabelled(t)
	x := NewExtractor(fullGazetteer(t), DefaultActors())
	var arts []Article
	storyOf := map[string]string{}
	for _, l := range set {
		arts = append(arts, l.article)
		storyOf[articleKey(l.article)] = l.label.Story
	}
	stories := x.Group(arts)
	got := map[[2]string]bool{}
	for _, s := range stories {
		var names []string
		for _, ex := range s.Articles {
			names = append(names, storyOf[articleKey(ex.Article)])
		}
		t.Logf("%s %q: %s", s.ID, s.Title, strings.Join(names, " "))
		for i := range s.Articles {
			for j := i + 1; j < len(s.Articles); j++ {
				got[pairKey(s.Articles[i].Article, s.Articles[j].Article)] = true
			}
		}
	}
	var sc score
	for i := range arts {
		for j := i + 1; j < len(arts); j++ {
			same := storyOf[articleKey(arts[i])] == storyOf[articleKey(arts[j])]
			linked := got[pairKey(arts[i], arts[j])]
			switch {
			case same && linked:
				sc.tp++
			case linked:
				sc.fp++
				t.Logf("wrongly together: %q / %q", arts[i].Title, arts[j].Title)
			case same:
				sc.fn++
				t.Logf("wrongly apart: %q / %q", arts[i].Title, arts[j].Title)
			}
		}
	}
	t.Logf("story pairs: precision %.3f recall %.3f (tp %d, fp %d, fn %d)", sc.precision(), sc.recall(), sc.tp, sc.fp, sc.fn)
	// A guard against regressions, not a target: on articles written
	// after the grouping was tuned, first runs gave pair precision 0.81
	// (BENCHMARKS.md), and the labels keep stories strict (an air strike
	// reported beside a truce is its own story).
	if sc.precision() < 0.75 || sc.recall() < 0.9 {
		t.Errorf("grouping: precision %.3f recall %.3f; want ≥ 0.75 and ≥ 0.9", sc.precision(), sc.recall())
	}
	// Deterministic: the same input gives the same stories and IDs.
	again := x.Group(arts)
	if len(again) != len(stories) {
		t.Fatalf("second grouping: %d stories, first %d", len(again), len(stories))
	}
	for i := range again {
		if again[i].ID != stories[i].ID {
			t.Errorf("story %d: ID %s then %s", i, stories[i].ID, again[i].ID)
		}
	}
}

func pairKey(a, b Article) [2]string {
	k := []string{articleKey(a), articleKey(b)}
	sort.Strings(k)
	return [2]string{k[0], k[1]}
}

// TestBriefsAreExtractive checks every quote of every brief of the
// labelled set against its source: the sentence must be the source's
// text at the quoted offsets, and a sentence of the source's sentence
// list. The Markdown rendering must contain every quote verbatim.
func TestBriefsAreExtractive(t *testing.T) {
	set := loadLabelled(t)
	x := NewExtractor(fullGazetteer(t), DefaultActors())
	var arts []Article
	for _, l := range set {
		arts = append(arts, l.article)
	}
	byURL := map[string]*Extraction{}
	stories := x.Group(arts)
	nq, disagreements := 0, 0
	for _, s := range stories {
		for _, ex := range s.Articles {
			byURL[ex.Article.URL] = ex
		}
		b := s.Brief()
		md := b.Markdown()
		disagreements += len(b.Disagreements)
		// The brief lists every place and party its articles name.
		for _, ex := range s.Articles {
			for _, p := range ex.Places {
				if !slices.ContainsFunc(b.Places, func(n Named) bool { return n.Name == p.Place.Name }) || !strings.Contains(md, "Places named: ") {
					t.Fatalf("%s: place %q is not in the brief's places %v", s.ID, p.Place.Name, b.Places)
				}
			}
			for _, m := range ex.Actors {
				if !slices.ContainsFunc(b.Parties, func(n Named) bool { return n.Name == m.Actor }) {
					t.Fatalf("%s: actor %q is not in the brief's parties %v", s.ID, m.Actor, b.Parties)
				}
			}
		}
		for _, q := range b.Quotes() {
			nq++
			ex := byURL[q.URL]
			if ex == nil {
				t.Fatalf("%s: quote from unknown source %q", s.ID, q.URL)
			}
			if q.Start < 0 || q.End > len(ex.Article.Text) || ex.Article.Text[q.Start:q.End] != q.Text {
				t.Errorf("%s: quote %q is not the source's text at [%d,%d)", s.ID, q.Text, q.Start, q.End)
			}
			found := false
			for _, sent := range ex.Sentences {
				if sent.Start == q.Start && sent.End == q.End {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: quote %q is not one of the source's sentences", s.ID, q.Text)
			}
			if !strings.Contains(md, "> "+q.Text+"\n") {
				t.Errorf("%s: Markdown lacks the quote %q", s.ID, q.Text)
			}
		}
	}
	if nq < 50 {
		t.Errorf("only %d quotes in all briefs", nq)
	}
	if disagreements == 0 {
		t.Errorf("no disagreement found, though the convoy sources give 18, 20 and 21 dead")
	}
	t.Logf("%d stories, %d quotes checked, %d disagreements", len(stories), nq, disagreements)
}
