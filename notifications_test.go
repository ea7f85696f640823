package truce

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/ledger"
)

// TestCompactChangesNothingStored: a compacted notification encodes to
// the same bytes (the projection is compared byte for byte with its
// replay), and its empty lists stay empty, not null.
func TestCompactChangesNothingStored(t *testing.T) {
	doc := `{"acknowledgements":[],"conflicts":[{"overlap":{"end":"2016-09-13T02:00:00Z","start":"2016-09-13T01:00:00Z"},"rule":"strike-protected-site","volume":0,"with":{"category":"hospital","id":"sit_9","party":"pty_3","type":"site"}},{"overlap":{"end":"2016-09-13T02:00:00Z","start":"2016-09-13T01:00:00Z"},"rule":"strike-protected-site","volume":0,"with":{"area":{"coordinates":[37.1,36.2],"type":"Point"},"category":"school","type":"site"}}],"id":"ntf_1","kind":"strike","must_acknowledge":["pty_3","pty_4","pty_5"],"party":"pty_2","state":"submitted","volumes":[{"end":"2016-09-13T02:00:00Z","geometry":{"coordinates":[37.1,36.2],"type":"Point"},"radius_m":100,"start":"2016-09-13T01:00:00Z"}]}`
	var n Notification
	if err := json.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(&n)
	n.Compact()
	after, _ := json.Marshal(&n)
	if string(before) != string(after) {
		t.Fatalf("compacting changed the document:\n%s\n%s", before, after)
	}
	if cs := n.Conflicts.recs; cap(cs) != len(cs) || cap(n.MustAcknowledge()) != 3 {
		t.Errorf("lists keep spare room: %d/%d, %d/%d", len(cs), cap(cs), len(n.MustAcknowledge()), cap(n.MustAcknowledge()))
	}
	if n.Acknowledgements == nil {
		t.Error("an empty list became null")
	}
}

// TestCompactSharesLists: two documents naming the same parties hold one
// list after compacting, and a site compacts without changing its
// stored bytes either.
func TestCompactSharesLists(t *testing.T) {
	var a, b Notification
	for _, n := range []*Notification{&a, &b} {
		if err := json.Unmarshal([]byte(`{"id":"ntf_1","kind":"strike","party":"pty_2","state":"submitted","conflicts":[],"acknowledgements":[{"party":"pty_3","member":"mbr_4","decision":"acknowledge","at":"2016-09-13T01:00:00Z","log_index":3}],"must_acknowledge":["pty_3","pty_4"],"terms":["trm_5@2"]}`), n); err != nil {
			t.Fatal(err)
		}
		n.Compact()
	}
	if &a.MustAcknowledge()[0] != &b.MustAcknowledge()[0] || &a.Terms()[0] != &b.Terms()[0] {
		t.Error("equal lists are not shared")
	}
	doc := `{"acknowledgements":[{"at":"2016-09-13T01:00:00Z","log_index":4,"member":"mbr_2","of":"add","party":"pty_3"}],"added_log_index":3,"buffer_m":100,"category":"hospital","created_at":"2016-09-13T01:00:00Z","disclosure":"precise","geometry":{"coordinates":[37.1,36.2],"type":"Point"},"id":"sit_1","log_index":4,"owner":"pty_2","recipients":["pty_3","pty_4"],"state":"active","valid":{"end":"2016-09-14T01:00:00Z","start":"2016-09-13T01:00:00Z"}}`
	var s Site
	if err := json.Unmarshal([]byte(doc), &s); err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(&s)
	s.Compact()
	if after, _ := json.Marshal(&s); string(after) != string(before) {
		t.Fatalf("compacting changed the site:\n%s\n%s", before, after)
	}
	if &s.Recipients()[0] != &a.MustAcknowledge()[0] {
		t.Error("the site's recipients are not the notifications' equal list")
	}
	long := make([]string, maxSharedList+1)
	if got := InternList(long[:0]); got == nil {
		t.Error("an empty list became null")
	}
	if got := InternList(long); &got[0] == &long[0] && cap(got) != len(got) {
		t.Error("a long list keeps spare room")
	}
}

// TestPackedValuesStayApart: after compacting, a notification's raw
// geometries share one allocation but none can grow into the next, and
// its own strings keep their values.
func TestPackedValuesStayApart(t *testing.T) {
	var n Notification
	if err := json.Unmarshal([]byte(`{"id":"ntf_7","title":"a title","conflicts":[{"rule":"r","with":{"type":"notification","area":{"type":"Point","coordinates":[1,2]}}},{"rule":"r","with":{"type":"site"}},{"rule":"r","with":{"type":"zone","area":{"type":"Point","coordinates":[3,4]}}}],"volumes":[{"geometry":{"type":"Point","coordinates":[5,6]}}]}`), &n); err != nil {
		t.Fatal(err)
	}
	n.Compact()
	g, a0, a2 := n.Volumes[0].Geometry, n.Conflicts.At(0).With.Area, n.Conflicts.At(2).With.Area
	if cap(a0) != len(a0) || n.Conflicts.At(1).With.Area != nil {
		t.Fatalf("spare room or a value made up: %d/%d, %q", len(a0), cap(a0), n.Conflicts.At(1).With.Area)
	}
	_ = append(a0, "xx"...)
	if string(g.JSON()) != `{"type":"Point","coordinates":[5,6]}` {
		t.Errorf("geometry changed: %s", g.JSON())
	}
	if string(a0) != `{"type":"Point","coordinates":[1,2]}` || string(a2) != `{"type":"Point","coordinates":[3,4]}` {
		t.Errorf("areas changed: %s %s", a0, a2)
	}
	if n.ID != "ntf_7" || n.Title != "a title" {
		t.Errorf("strings changed: %q %q", n.ID, n.Title)
	}
}

// TestSealedConflictsNotKept: the conflicts in the stored document of a
// sealed notification (as documents were stored before they were kept
// in the opening alone) are dropped as it is decoded, and it then
// encodes as one stored since; an unsealed one keeps its conflicts.
func TestSealedConflictsNotKept(t *testing.T) {
	const conflicts = `[{"rule":"r","with":{"type":"site","id":"sit_3"}}]`
	for _, sealed := range []bool{true, false} {
		doc := `{"id":"ntf_7","conflicts":` + conflicts + `,"state":"submitted"}`
		if sealed {
			doc = `{"id":"ntf_7","conflicts":` + conflicts + `,"sealed":"sha256:00","state":"submitted"}`
		}
		var n Notification
		if err := json.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatal(err)
		}
		n.Compact()
		b, err := json.Marshal(&n)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Contains(string(b), `"conflicts":[]`)
		if got != sealed || n.Conflicts.Len() == 0 != sealed {
			t.Errorf("sealed %v: %d conflicts kept, document %s", sealed, n.Conflicts.Len(), b)
		}
	}
}

// TestAccessRecordCompact: a compacted access record encodes as before.
func TestAccessRecordCompact(t *testing.T) {
	var a AccessRecord
	if err := json.Unmarshal([]byte(`{"at":"2026-12-02T02:41:09.411971801Z","count":1,"id":"acc_1","kind":"probe","log_index":7,"member":"mbr_12","objects":[{"id":"ntf_5","type":"notification"},{"id":"sit_9","type":"site"}],"party":"pty_11","path":"/v1/x","since":"2026-12-02T02:41:09.368784357Z"}`), &a); err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(&a)
	a.Compact()
	if after, _ := json.Marshal(&a); string(after) != string(before) {
		t.Fatalf("compacting changed the record:\n%s\n%s", before, after)
	}
}

// TestNotificationExtra: a notification's terms, breaches and notices,
// behind its NotificationExtra, are written and read where they were
// (the documents below come back byte for byte, compacted or not); an
// extra that holds nothing is dropped by Compact; SetExtra on a copy
// leaves the original as it was.
func TestNotificationExtra(t *testing.T) {
	base := `"acknowledgements":[],"ack_deadline":"2016-09-13T01:00:00Z","conflicts":[],"created_at":"2016-09-13T01:00:00Z","id":"ntf_1","kind":"strike","log_index":1,"must_acknowledge":[],"party":"pty_1","state":"submitted","submitted_log_index":1,"updated_at":"2016-09-13T01:00:00Z","urgent":false`
	for _, tc := range []struct {
		name, extra string
		kept        bool
	}{
		{"none", ``, false},
		{"empty lists", `,"terms":[],"breaches":[],"notices":[]`, false},
		{"terms", `,"terms":["trm_1@2"]`, true},
		{"breaches", `,"breaches":["lead-time"]`, true},
		{"notices", `,"notices":[{"notification":"ntf_1","kind":"strike","notifier":"pty_1","owner":"pty_2","rule":"strike-near-protected-site","object":{"type":"site","id":"sit_2"},"volume":0,"overlap":{"start":"2016-09-13T01:00:00Z","end":"2016-09-13T02:00:00Z"},"exact":true,"at":"2016-09-13T01:00:00Z","log_index":1}]`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{` + base + tc.extra + `}`
			var plain, compact Notification
			if err := json.Unmarshal([]byte(doc), &plain); err != nil {
				t.Fatal(err)
			}
			json.Unmarshal([]byte(doc), &compact)
			compact.Compact()
			if (compact.NotificationExtra != nil) != tc.kept {
				t.Errorf("extra kept: %v, want %v", compact.NotificationExtra != nil, tc.kept)
			}
			want := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(tc.extra, `,"terms":[]`, ``), `,"breaches":[]`, ``), `,"notices":[]`, ``)
			for _, n := range []*Notification{&plain, &compact} {
				var m map[string]json.RawMessage
				b, err := json.Marshal(n)
				if err != nil || json.Unmarshal(b, &m) != nil {
					t.Fatal(err)
				}
				for _, k := range []string{"terms", "breaches", "notices"} {
					if got, ok := m[k]; ok != strings.Contains(want, `"`+k+`"`) || ok && !strings.Contains(want, `"`+k+`":`+string(got)) {
						t.Errorf("%s: %s in %s (want %s)", k, got, b, want)
					}
				}
			}
			cp := compact
			cp.SetExtra([]string{"trm_9@1"}, nil, nil)
			if slices.Contains(compact.Terms(), "trm_9@1") || !slices.Equal(cp.Terms(), []string{"trm_9@1"}) || cp.Notices() != nil {
				t.Errorf("SetExtra: %v, the original %v", cp.NotificationExtra, compact.NotificationExtra)
			}
		})
	}
}

// TestNotificationCanonicalByHand: a notification's document is written
// by hand with the bytes of ledger's general road, whatever it holds
// (extras or none, a title with escapes, notices, empty and null lists),
// and the hand road is taken for each of these.
func TestNotificationCanonicalByHand(t *testing.T) {
	at := InstantOf(time.Date(2016, 9, 13, 1, 0, 0, 500, time.UTC))
	w := Window{Start: at, End: InstantOf(at.Time().Add(time.Hour))}
	cs := []Conflict{
		{Rule: "strike-near-protected-site", With: ConflictWith{Type: "site", ID: "sit_9", Category: "hospital", Party: "pty_3", Name: `"Al" <Quds>`}, Overlap: w},
		{Rule: "strike-near-protected-site", With: ConflictWith{Type: "site", Category: "school", Area: json.RawMessage(`{"type":"Point", "coordinates":[37.1,36.2]}`)}, Overlap: w},
		{Rule: "flight-separation", With: ConflictWith{Type: "notification", Kind: "flight", Party: "pty_4", Area: json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`), AreaBufferM: 2500.25}, Volume: 1, Overlap: w},
	}
	base := Notification{ID: "ntf_7", Kind: "strike", Party: "pty_2", State: NotificationSubmitted, Conflicts: NewConflictList(cs),
		Acknowledgements: []NotificationAck{}, AckDeadline: at, Sealed: "sha256:ab", CreatedAt: at, UpdatedAt: at, SubmittedLogIndex: 7, LogIndex: 9}
	base.SetMustAcknowledge([]string{"pty_3", "pty_4"})
	var variants []Notification
	n := base
	variants = append(variants, n)
	n.Title, n.Urgent = "Strike \u2028 <&> \"x\"", true
	n.Volumes = []Volume{{Geometry: NewGeoJSON([]byte(`{"type":"Point","coordinates":[37.1,36.2]}`)), RadiusM: 100, Start: at, End: w.End}}
	n.Acknowledgements = []NotificationAck{{Party: "pty_3", Member: "mbr_1", Decision: "object", Note: "no", At: at.Time(), LogIndex: 8}}
	n.SetExtra([]string{"trm_1@2"}, []string{"lead-time"}, []Notice{{Notification: "ntf_7", Kind: "strike", Notifier: "pty_2", Owner: "pty_5", Rule: cs[1].Rule, Object: cs[1].With, Overlap: w, At: at, LogIndex: 7}})
	variants = append(variants, n)
	n = base
	n.Conflicts, n.Acknowledgements, n.MustAcknowledgeRef, n.Sealed = ConflictList{}, nil, nil, ""
	n.SetExtra(nil, nil, []Notice{})
	variants = append(variants, n)
	n = base
	n.AckDeadline, n.CreatedAt = Instant{}, Instant{}
	variants = append(variants, n)
	for i, n := range variants {
		got, ok := n.AppendCanonical(nil)
		if !ok {
			t.Fatalf("variant %d: not written by hand", i)
		}
		raw, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ledger.Canonicalize(raw)
		if err != nil || string(got) != string(want) {
			t.Fatalf("variant %d: written as\n%s\nwant\n%s (%v)", i, got, want, err)
		}
	}
	n = base
	n.LogIndex = 1 << 53
	if _, ok := n.AppendCanonical(nil); ok {
		t.Error("a log index beyond 2^53 was written by hand")
	}
}

// TestVolumesCanonicalByHand: volumes are written by hand with the bytes
// of ledger's general road, their geometries kept parsed or as bytes,
// with and without a radius, a width and an altitude.
func TestVolumesCanonicalByHand(t *testing.T) {
	at := InstantOf(time.Date(2026, 12, 3, 16, 0, 0, 250, time.UTC))
	end := InstantOf(at.Time().Add(90 * time.Minute))
	for i, vs := range [][]Volume{
		nil,
		{},
		{{Geometry: NewGeoJSON([]byte(`{"type":"Point","coordinates":[36.20001,37.1]}`)), RadiusM: 500.5, Start: at, End: end}},
		{{Geometry: NewGeoJSON([]byte(`{"type":"LineString","coordinates":[[36.2,37.1],[36.3,37.2e0]]}`)), WidthM: 1e3, Altitude: Altitude{MinM: -0.5, MaxM: 12000}, Start: at, End: end},
			{Geometry: NewGeoJSON([]byte(`{"type":"Polygon","coordinates":[[[36,37],[36.1,37],[36.1,37.1],[36,37]]]}`)), Start: at, End: end},
			{Geometry: NewGeoJSON([]byte(` { "type" : "Point", "coordinates" : [ 1e-7, 2 ] } `)), RadiusM: 1e-7, End: end},
			{}},
	} {
		got, ok := AppendCanonicalVolumes(nil, vs)
		if !ok {
			t.Fatalf("volumes %d: not written by hand", i)
		}
		raw, err := json.Marshal(vs)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ledger.Canonicalize(raw)
		if err != nil || string(got) != string(want) {
			t.Fatalf("volumes %d: written as\n%s\nwant\n%s (%v)", i, got, want, err)
		}
	}
}
