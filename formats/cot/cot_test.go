package cot

import (
	"bytes"
	"strings"
	"testing"

	"github.com/truce-center/truce/formats/formatstest"
)

func TestStreamRoundTrip(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, Events(formatstest.Picture(), formatstest.Day(12))); err != nil {
		t.Fatal(err)
	}
	// Some senders put a declaration before each event; a reader copes.
	stream := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + b.String()
	byUID := map[string]Event{}
	err := Read(strings.NewReader(stream), func(e Event) error { byUID[e.UID] = e; return nil })
	if err != nil {
		t.Fatal(err)
	}
	// 1 zone + 2 parts of the coarse one, 1 site, 2 volumes, 1 verified report.
	if len(byUID) != 7 {
		t.Fatalf("%d events: %v", len(byUID), byUID)
	}
	if e := byUID["truce-zon_1"]; e.Type != TypeShape || len(e.Detail.Links) != 3 || e.Detail.Closed.Value != "true" || e.Stale != "2016-09-13T23:00:00.000Z" {
		t.Errorf("zone event %+v", e)
	}
	if e := byUID["truce-ntf_1-v0"]; e.Type != TypeCircle || e.Detail.Shape.Ellipse.Major != 500 || e.Start != "2016-09-13T03:00:00.000Z" || e.Stale != "2016-09-13T04:00:00.000Z" {
		t.Errorf("volume event %+v", e)
	}
	if _, ok := byUID["truce-rep_2"]; ok {
		t.Error("an unverified report was sent")
	}
}

func TestValidateRefuses(t *testing.T) {
	good := `<event version="2.0" uid="x" type="u-d-f" how="h-e" time="2016-09-13T00:00:00Z" start="2016-09-13T00:00:00Z" stale="2016-09-13T01:00:00Z"><point lat="1" lon="2" hae="0" ce="0" le="0"/><detail/></event>`
	if err := Read(strings.NewReader(good), func(Event) error { return nil }); err != nil {
		t.Fatalf("a good event: %v", err)
	}
	for name, bad := range map[string]string{
		"no stale":        strings.Replace(good, ` stale="2016-09-13T01:00:00Z"`, "", 1),
		"lat 91":          strings.Replace(good, `lat="1"`, `lat="91"`, 1),
		"bad type":        strings.Replace(good, `type="u-d-f"`, `type="u d"`, 1),
		"bad how":         strings.Replace(good, `how="h-e"`, `how="H"`, 1),
		"version 1":       strings.Replace(good, `version="2.0"`, `version="1.0"`, 1),
		"stale first":     strings.Replace(good, `stale="2016-09-13T01:00:00Z"`, `stale="2016-09-12T01:00:00Z"`, 1),
		"no point":        strings.Replace(good, `<point lat="1" lon="2" hae="0" ce="0" le="0"/>`, "", 1),
		"point lacks ce":  strings.Replace(good, ` ce="0"`, "", 1),
		"two details":     strings.Replace(good, `<detail/>`, `<detail/><detail/>`, 1),
		"unknown attr":    strings.Replace(good, `uid="x"`, `uid="x" colour="red"`, 1),
		"not an event":    `<events/>`,
		"time not a date": strings.Replace(good, `time="2016-09-13T00:00:00Z"`, `time="yesterday"`, 1),
	} {
		if err := Read(strings.NewReader(bad), func(Event) error { return nil }); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// FuzzRead: whatever a peer sends, Read returns an error or events that
// passed the schema check, and never panics; an event it accepts writes
// back to an event it accepts again.
func FuzzRead(f *testing.F) {
	var b bytes.Buffer
	Write(&b, Events(formatstest.Picture(), formatstest.Day(12)))
	f.Add(b.String())
	f.Add(`<event version="2.0" uid="x" type="u-d-f" how="h-e" time="2016-09-13T00:00:00Z" start="2016-09-13T00:00:00Z" stale="2016-09-13T01:00:00Z"><point lat="1" lon="2" hae="0" ce="0" le="0"/></event>`)
	f.Add(`<?xml version="1.0"?><event/>`)
	f.Fuzz(func(t *testing.T, s string) {
		Read(strings.NewReader(s), func(e Event) error {
			var again bytes.Buffer
			if err := Write(&again, []Event{e}); err != nil {
				t.Fatal(err)
			}
			return nil
		})
	})
}
