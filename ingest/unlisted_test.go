package ingest

import (
	"strings"
	"testing"

	"github.com/truce-center/truce"
)

func TestUnlistedVillages(t *testing.T) {
	x := testExtractor(t, spellingGazetteer)
	extract := func(text string) *Extraction {
		t.Helper()
		arts, err := Parse("a.txt", []byte("Published: 2024-12-10T10:00:00Z\n\nTitle\n\n"+text+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		return x.Extract(arts[0])
	}

	// A village the gazetteer lacks, in a district it has: the event is
	// near the district's town, and says which village.
	ex := extract("An Israeli drone strike hit the village of Yaroun in the Bint Jbeil district of Lebanon on Monday, killing two.")
	if len(ex.Events) != 1 {
		t.Fatalf("%d events, want 1", len(ex.Events))
	}
	ev := ex.Events[0]
	if ev.Village != "Yaroun" || ev.Place == nil || ev.Place.Place.Name != "Bent Jbaïl" || ev.Place.GeoPrecision != truce.GeoNear ||
		!strings.HasPrefix(ev.Place.How, HowUnlisted) {
		t.Errorf("event %+v place %+v, want near Bent Jbaïl for the village of Yaroun", ev, ev.Place)
	}
	if len(ex.Unlisted) != 1 || ex.Unlisted[0].Text != "Yaroun" {
		t.Errorf("unlisted %+v, want Yaroun", ex.Unlisted)
	}

	// Two strikes at two unlisted villages are two events, each
	// flagged with its village; without a district they stay unplaced
	// rather than take the country.
	ex = extract("Israeli drones struck the village of Yaroun in Lebanon on Monday, killing one. Another strike hit Beit Lif village on Monday, killing two.")
	if len(ex.Events) != 2 {
		t.Fatalf("%d events, want 2: %+v", len(ex.Events), ex.Events)
	}
	flagged := ex.Flagged()
	if len(flagged) != 2 {
		t.Fatalf("%d flagged, want 2", len(flagged))
	}
	for i, v := range []string{"Yaroun", "Beit Lif"} {
		if want := FlagUnlisted + " (" + v + ")"; len(flagged[i].Flags) == 0 || flagged[i].Flags[0] != want {
			t.Errorf("flags %q, want %q", flagged[i].Flags, want)
		}
	}

	// A later sentence that refers back to the strike names its village.
	ex = extract("An Israeli airstrike hit southern Lebanon on Sunday. The army did not comment on the strike in the village of Yaroun.")
	if len(ex.Events) != 1 || ex.Events[0].Village != "Yaroun" {
		t.Errorf("events %+v, want one at the village of Yaroun", ex.Events)
	}

	// A name the gazetteer has is no unlisted village.
	ex = extract("Shelling hit the town of Kramatorsk on Monday.")
	if len(ex.Unlisted) != 0 || len(ex.Events) != 1 || ex.Events[0].Village != "" {
		t.Errorf("unlisted %+v events %+v, want Kramatorsk as a place", ex.Unlisted, ex.Events)
	}
}
