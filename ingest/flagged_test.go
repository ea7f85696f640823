package ingest

import (
	"slices"
	"strings"
	"testing"
)

// Nothing read is dropped silently: an event without a place or a date
// comes back flagged, and an article without a date carries a warning.
func TestFlaggedAndWarnings(t *testing.T) {
	x := NewExtractor(nil, nil)
	t.Run("NoDateLine", func(t *testing.T) {
		arts, err := Parse("a.txt", []byte("Source: Wire\n\nStrike\n\nAn air strike hit a market in Aleppo on Sunday, killing 12 people.\n"))
		if err != nil {
			t.Fatal(err)
		}
		ex := x.Extract(arts[0])
		if !slices.Contains(ex.Warnings, WarnNoDate) {
			t.Fatalf("warnings %q, want the no-date warning", ex.Warnings)
		}
		if n := len(ex.Candidates()); n != 0 {
			t.Fatalf("%d complete candidates, want 0: 'on Sunday' cannot be dated without a publication date", n)
		}
		fl := ex.Flagged()
		if len(fl) != 1 || !slices.Contains(fl[0].Flags, FlagNoDate) || fl[0].Place != "Aleppo" || fl[0].Fatalities != 12 {
			t.Fatalf("flagged %+v, want one air strike in Aleppo flagged for its date", fl)
		}
	})
	t.Run("BadDateLine", func(t *testing.T) {
		a, err := ParseText([]byte("Published: last Tuesday\n\nTitle line\n\nText.\n"))
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Warnings) != 1 || !strings.Contains(a.Warnings[0], "last Tuesday") {
			t.Fatalf("warnings %q, want one naming the date line", a.Warnings)
		}
	})
	t.Run("NoPlace", func(t *testing.T) {
		arts, err := Parse("a.txt", []byte("Published: 2016-09-20T10:00:00Z\n\nTitle\n\nAn air strike killed five people on Monday, a monitor said.\n"))
		if err != nil {
			t.Fatal(err)
		}
		ex := x.Extract(arts[0])
		fl := ex.Flagged()
		if len(ex.Warnings) != 0 || len(fl) != 1 || !slices.Contains(fl[0].Flags, FlagNoPlace) || fl[0].OccurredAt.Format("2006-01-02") != "2016-09-19" {
			t.Fatalf("warnings %q, flagged %+v; want one strike of 2016-09-19 flagged for its place", ex.Warnings, fl)
		}
	})
}

// A running total given in passing is not the event's toll.
func TestRunningTotalIsNotTheToll(t *testing.T) {
	x := NewExtractor(nil, nil)
	arts, err := Parse("a.txt", []byte("Published: 2016-09-20T10:00:00Z\n\nTitle\n\nAn air strike hit a market in Aleppo on Monday, killing 12 people, bringing the number killed since the war began to more than 300,000.\n"))
	if err != nil {
		t.Fatal(err)
	}
	ex := x.Extract(arts[0])
	if len(ex.Events) != 1 || ex.Events[0].Fatalities != 12 {
		t.Fatalf("events %+v, want one strike with a toll of 12", ex.Events)
	}
}
