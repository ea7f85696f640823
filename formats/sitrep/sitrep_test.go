package sitrep

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/formats"
)

func at(d, h int) time.Time { return time.Date(2016, 9, d, h, 0, 0, 0, time.UTC) }

func testInput() Input {
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	pt := raw(`{"type":"Point","coordinates":[37.1,36.2]}`)
	return Input{
		Date: at(13, 0), Viewer: truce.Party{ID: "pty_1", Name: "UN", Kind: "coordinator"}, Origin: "truce.invalid/test",
		Checkpoint: []byte("truce.invalid/test\n42\nAAAA\n\n— sig\n"), LogSize: 42,
		Picture: formats.Picture{
			PartyNames: map[string]string{"pty_2": "Russian Federation"},
			Zones: []truce.Zone{{ID: "zon_1", Name: "Corridor <east>", Kind: "corridor", State: truce.ZoneActive, Valid: truce.Window{Start: truce.InstantOf(at(12, 0)), End: truce.InstantOf(at(20, 0))},
				Geometry: truce.NewGeoJSON(raw(`{"type":"Polygon","coordinates":[[[37,36],[37.2,36],[37.2,36.3],[37,36]]]}`))}},
			Reports: []truce.Report{
				{ID: "rep_1", OccurredAt: at(13, 5), Location: pt, Actor1: "A", Status: truce.ReportVerified, Fatalities: 3, Zones: []string{"zon_1"}},
				{ID: "rep_2", OccurredAt: at(13, 6), Location: pt, Actor1: "B", Status: truce.ReportSubmitted},
				{ID: "rep_3", OccurredAt: at(1, 6), Location: pt, Actor1: "B", Status: truce.ReportVerified},
				{ID: "rep_4", OccurredAt: time.Date(2016, 8, 14, 0, 0, 0, 0, time.UTC), Location: pt, Actor1: "C", Status: truce.ReportVerified}, // before the 30 days
			},
			Notifications: []truce.Notification{
				{ID: "ntf_1", Kind: "strike", Party: "pty_2", State: truce.NotificationObjected, Volumes: []truce.Volume{{Geometry: truce.NewGeoJSON(pt), Start: truce.InstantOf(at(13, 3)), End: truce.InstantOf(at(13, 4))}},
					Acknowledgements: []truce.NotificationAck{{Party: "pty_2", Decision: "object", Note: "too close"}}},
				{ID: "ntf_2", Kind: "flight", State: truce.NotificationExpired, Volumes: []truce.Volume{{Geometry: truce.NewGeoJSON(pt), Start: truce.InstantOf(at(14, 3)), End: truce.InstantOf(at(14, 4))}}},
			},
		},
		Incidents: []truce.Incident{{ID: "inc_1", Reports: []string{"rep_1", "rep_2"}, Start: at(13, 5), End: at(13, 6), Confidence: 0.75}},
		Messages:  []Message{{Priority: "flash", SentAt: at(13, 1), Acked: true, Late: true}, {Priority: "routine", SentAt: at(12, 1)}},
	}
}

func TestBuild(t *testing.T) {
	r := Build(testInput())
	want := Summary{VerifiedViolations: 1, Fatalities: 3, ReportsFiled: 2, Notifications: 1, Objected: 1, HotlineMessages: 1}
	if r.Summary != want {
		t.Errorf("summary %+v, want %+v", r.Summary, want)
	}
	if len(r.ByPerpetrator) != 2 || r.ByPerpetrator[0].Key != "A" || r.ByPerpetrator[0].Counts[Days-1] != 1 || r.ByPerpetrator[1].Counts[Days-13] != 1 {
		t.Errorf("by perpetrator %+v", r.ByPerpetrator)
	}
	if len(r.ByZone) != 2 || r.ByZone[0].Key != "Corridor <east>" && r.ByZone[1].Key != "Corridor <east>" {
		t.Errorf("by zone %+v", r.ByZone)
	}
	if len(r.Notifications) != 1 || r.Notifications[0].Objections[0] != "Russian Federation: too close" {
		t.Errorf("notifications %+v", r.Notifications)
	}
	if len(r.Incidents) != 1 || len(r.Incidents[0].Reports) != 2 || r.Hotline.Flash != 1 || r.Hotline.Late != 1 {
		t.Errorf("incidents %+v, hotline %+v", r.Incidents, r.Hotline)
	}
}

// The page is the same bytes for the same input, escapes what parties
// wrote, and refers to nothing outside itself.
func TestWriteHTML(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteHTML(&a, Build(testInput())); err != nil {
		t.Fatal(err)
	}
	WriteHTML(&b, Build(testInput()))
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two pages of one input differ")
	}
	page := a.String()
	if strings.Contains(page, "Corridor <east>") || !strings.Contains(page, "Corridor &lt;east&gt;") {
		t.Error("a zone name is not escaped")
	}
	if m := regexp.MustCompile(`(?i)(src|href)\s*=|url\(["']?http|@import`).FindString(page); m != "" {
		t.Errorf("the page refers outside itself: %s", m)
	}
	for _, want := range []string{`id="count-verified">1<`, "<svg", "truce.invalid/test\n42\n", `id="sitrep-data"`, "The center records no ceasefire terms yet"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// Two prints of one page by a busy chromium: the dates differ, and the
// structure ids are one apart from the first table on. stable makes them
// the same bytes, of the same length, the ids' order kept.
func TestStablePrint(t *testing.T) {
	at := time.Date(2016, 9, 13, 23, 59, 59, 0, time.UTC)
	a := []byte("%PDF-1.7\n/CreationDate (D:20261203000741+00'00')\n/ID (node00000012)\n/ID (node00000058)\n/ID (node00000059)\n/Names [(node00000012) 4 0 R (node00000058) 5 0 R]")
	b := []byte("%PDF-1.7\n/CreationDate (D:20261203000744+00'00')\n/ID (node00000012)\n/ID (node00000057)\n/ID (node00000058)\n/Names [(node00000012) 4 0 R (node00000057) 5 0 R]")
	sa, sb := stable(a, at), stable(b, at)
	if !bytes.Equal(sa, sb) || len(sa) != len(a) {
		t.Fatalf("two prints give\n%s\nand\n%s", sa, sb)
	}
	want := "%PDF-1.7\n/CreationDate (D:20160913235959+00'00')\n/ID (node00000001)\n/ID (node00000002)\n/ID (node00000003)\n/Names [(node00000001) 4 0 R (node00000002) 5 0 R]"
	if string(sa) != want {
		t.Errorf("got\n%s\nwant\n%s", sa, want)
	}
}
