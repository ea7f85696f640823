package center_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/sources"
	"github.com/truce-center/truce/ingest"
)

// TestIngestKeepsEverything: an article without a date is not dated by
// the ingest time but warned about; events without a date, and events
// the center refuses as reports (after its clock), come back as flagged
// candidates that cannot be accepted as they are; the places and actors
// recognised are readable with how each was resolved.
func TestIngestKeepsEverything(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	arts, err := tb.C.Sources().Ingest(ctx, tb.UN, sources.ArticleInput{Name: "undated.txt",
		Document: "Source: Wire\n\nMarket struck\n\nGovernment warplanes struck a market in Aleppo on Sunday, killing 12 civilians, rescuers said.\n"})
	if err != nil {
		t.Fatal(err)
	}
	a := arts[0]
	if !a.Published.IsZero() || !slices.Contains(a.Warnings, ingest.WarnNoDate) {
		t.Fatalf("undated article: published %v, warnings %q", a.Published, a.Warnings)
	}
	if len(a.Candidates) != 1 {
		t.Fatalf("%d candidates, want the strike flagged", len(a.Candidates))
	}
	cand, err := tb.C.Sources().Candidate(tb.UN, a.Candidates[0])
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(cand.Flags, ingest.FlagNoDate) {
		t.Fatalf("flags %q, want %q", cand.Flags, ingest.FlagNoDate)
	}
	_, err = tb.C.Sources().Decide(ctx, tb.UN, cand.ID, sources.DecideInput{Decision: "accept"})
	if te, ok := err.(*truce.Error); !ok || te.Code != truce.EInvalid || len(te.Fields) == 0 || te.Fields[0].Field != "decision" {
		t.Fatalf("accepting a flagged candidate: %v", err)
	}
	i := slices.IndexFunc(a.Places, func(m truce.Mention) bool { return m.Name == "Aleppo" })
	if i < 0 || a.Places[i].How == "" || a.Text[a.Places[i].Start:a.Places[i].End] != "Aleppo" || len(a.Places[i].Location) == 0 {
		t.Fatalf("places %+v, want Aleppo with its offsets, point and how", a.Places)
	}
	j := slices.IndexFunc(a.Actors, func(m truce.Mention) bool { return m.Name == "Military Forces of Syria" })
	if j < 0 || a.Actors[j].How != ingest.HowGeneric || a.Actors[j].Country != "SY" {
		t.Fatalf("actors %+v, want government warplanes resolved to Syria's forces as a generic term", a.Actors)
	}

	// Dated after the center's clock (2016-09-12): refused as a report,
	// kept as a flagged candidate.
	arts, err = tb.C.Sources().Ingest(ctx, tb.UN, sources.ArticleInput{Name: "later.txt",
		Document: "Published: 2016-09-20T08:00:00Z\n\nConvoy struck\n\nAn air strike hit an aid convoy in Urum al-Kubra on Monday, killing 20 people.\n"})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts[0].Candidates) != 1 {
		t.Fatalf("%d candidates, want the refused one kept", len(arts[0].Candidates))
	}
	cand, _ = tb.C.Sources().Candidate(tb.UN, arts[0].Candidates[0])
	if len(cand.Flags) != 1 || !strings.HasPrefix(cand.Flags[0], "refused as a report") || !strings.Contains(cand.Flags[0], "occurred_at") {
		t.Fatalf("flags %q, want the refusal naming occurred_at", cand.Flags)
	}

	// A village the gazetteer lacks is shown as named, not placed.
	arts, err = tb.C.Sources().Ingest(ctx, tb.UN, sources.ArticleInput{Name: "village.txt",
		Document: "Published: 2016-09-11T08:00:00Z\n\nShelling\n\nArtillery shelled the village of Qarqur Tahtani near Aleppo on Saturday, killing two people.\n"})
	if err != nil {
		t.Fatal(err)
	}
	a = arts[0]
	k := slices.IndexFunc(a.Places, func(m truce.Mention) bool { return m.Kind == "village" })
	if k < 0 || a.Places[k].Name != "Qarqur Tahtani" || a.Places[k].How != ingest.HowNotListed || len(a.Places[k].Location) != 0 ||
		a.Text[a.Places[k].Start:a.Places[k].End] != "Qarqur Tahtani" {
		t.Fatalf("places %+v, want the unlisted village named with its offsets and no location", a.Places)
	}
}

// TestCandidateSaysWhatWasInferred: a strike no sentence attributes is
// given the article's dominant armed actor, and its candidate says that
// actor1 was inferred, for the reviewer to confirm; an attributed one
// says nothing was.
func TestCandidateSaysWhatWasInferred(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	lede := "Published: 2016-09-11T08:00:00Z\n\nAleppo\n\nThe Syrian army has carried out similar waves of strikes after attacks on its forces. The city's hospitals are short of fuel. "
	for _, c := range []struct {
		text     string
		inferred []string
	}{
		{lede + "A strike targeting a house in Aleppo killed seven people on Saturday. Witnesses said the house was full of displaced families. Syria's army declined to comment.\n", []string{"actor1"}},
		{lede + "Government warplanes struck a house in Aleppo on Saturday, killing seven people.\n", nil},
	} {
		arts, err := tb.C.Sources().Ingest(ctx, tb.UN, sources.ArticleInput{Name: "strike.txt", Document: c.text})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		found := false
		for _, id := range arts[0].Candidates {
			cand, err := tb.C.Sources().Candidate(tb.UN, id)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(cand.Report), `"Air/drone strike"`) {
				found, got = true, cand.Inferred
			}
		}
		if !found || !slices.Equal(got, c.inferred) {
			t.Errorf("%q: air strike found %v, inferred %q, want %q", c.text, found, got, c.inferred)
		}
	}
}

// TestArticleKeepsItsOwnDay: a report stamped just after midnight east
// of Greenwich (still the day before in UTC) counts its "yesterday" from
// its own day, in its candidate and again in the story built later from
// the stored article: the log keeps the publication time with the
// offset it was given.
func TestArticleKeepsItsOwnDay(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	arts, err := tb.C.Sources().Ingest(ctx, tb.UN, sources.ArticleInput{Name: "local.txt",
		Document: "Published: 2016-09-11T00:30:00+03:00\nSource: Wire\n\nMarket struck\n\nGovernment warplanes struck a market in Aleppo yesterday, killing 12 civilians, rescuers said.\n"})
	if err != nil {
		t.Fatal(err)
	}
	a := arts[0]
	if got := a.Published.Format(time.RFC3339); got != "2016-09-11T00:30:00+03:00" {
		t.Fatalf("published %s, want the time as given, with its offset", got)
	}
	if len(a.Candidates) != 1 {
		t.Fatalf("%d candidates, want the strike", len(a.Candidates))
	}
	cand, err := tb.C.Sources().Candidate(tb.UN, a.Candidates[0])
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		OccurredAt time.Time `json:"occurred_at"`
	}
	if err := json.Unmarshal(cand.Report, &report); err != nil {
		t.Fatal(err)
	}
	if got := report.OccurredAt.UTC().Format(time.DateOnly); got != "2016-09-10" {
		t.Fatalf("candidate on %s, want 2016-09-10, the day before the report's own", got)
	}
	bs, err := tb.C.Sources().Stories(tb.UN)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || len(bs[0].Facts) != 1 || bs[0].Facts[0].Occurred.UTC().Format(time.DateOnly) != "2016-09-10" {
		t.Fatalf("stories %+v, want one fact on 2016-09-10, as the candidate", bs)
	}
}
