package httpapi

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/truce-center/truce"
)

// FuzzAppendDeconflict holds the hand-written answer of POST
// /v1/deconflict to encoding/json's (what writeJSON sends): whenever
// appendDeconflict says it wrote the answer, the bytes are the same.
func FuzzAppendDeconflict(f *testing.F) {
	f.Add("strike-near-protected-site", "site", "sit_12", "Al-Quds hospital", "", "hospital", "pty_3", ``, 0.0, 0, int64(1788000000), int64(3600), 0)
	f.Add("flight-separation", "notification", "", "", "flight", "", "pty_5", `{"type":"Polygon", "coordinates":[[[36,35],[36.1,35],[36.1,35.1],[36,35]]]}`, 2500.5, 1, int64(-62135596800), int64(1), 3600)
	f.Add("r", "zone", "zon_1", "école \u2028 \"<&>\" \\", "no-strike", "", "", `{"a":"\u2028<"}`, 1e-7, 2, int64(253402300799), int64(7), -7*3600)
	f.Add("r", "zone", "z\x00", "\xff", "k", "c", "p", `[1, 2 ,3]`, 1e21, 3, int64(253402300800), int64(0), 24*3600)
	f.Fuzz(func(t *testing.T, rule, typ, id, name, kind, category, party, area string, buffer float64, volume int, start, length int64, offset int) {
		zone := time.FixedZone("z", offset%(48*3600))
		c := truce.Conflict{Rule: rule, With: truce.ConflictWith{Type: typ, ID: id, Name: name, Kind: kind, Category: category, Party: party,
			AreaBufferM: buffer}, Volume: volume,
			Overlap: truce.Window{Start: truce.InstantOf(time.Unix(start, 0).In(zone)), End: truce.InstantOf(time.Unix(start, length).UTC())}}
		if area != "" {
			c.With.Area = json.RawMessage(area)
		}
		for _, res := range []DeconflictResult{{}, {Conflicts: []truce.Conflict{}}, {Conflicts: []truce.Conflict{c}}, {Conflicts: []truce.Conflict{c, c}}} {
			got, ok := appendDeconflict(nil, res)
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			err := enc.Encode(res)
			if !ok {
				continue
			}
			if err != nil {
				t.Fatalf("encoding/json refused what appendDeconflict wrote: %v\n%s", err, got)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Fatalf("appendDeconflict:\n%s\nencoding/json:\n%s", got, want.Bytes())
			}
		}
		// Plain names, times and buffers are never sent the slow way.
		if isPlain(rule, typ, id, name, kind, category, party) && (area == "" || json.Valid([]byte(area))) && c.Overlap.Start.Time().Year() >= 0 && c.Overlap.Start.Time().Year() <= 9999 &&
			c.Overlap.End.Time().Year() >= 0 && c.Overlap.End.Time().Year() <= 9999 && (buffer == 0 || (math.Abs(buffer) >= 1e-6 && math.Abs(buffer) < 1e21)) &&
			offset%(48*3600) > -24*3600 && offset%(48*3600) < 24*3600 {
			if _, ok := appendDeconflict(nil, DeconflictResult{Conflicts: []truce.Conflict{c}}); !ok {
				t.Fatalf("a plain conflict went the slow way: %+v", c)
			}
		}
	})
}

func isPlain(ss ...string) bool {
	for _, s := range ss {
		for i := 0; i < len(s); i++ {
			if s[i] < 0x20 || s[i] >= 0x7f || s[i] == '"' || s[i] == '\\' {
				return false
			}
		}
	}
	return true
}

// FuzzAppendNotification holds writeNotifications to writeJSON: a
// notification and a list of them, their conflicts spliced in by hand or
// the whole through encoding/json, give the same bytes; and plain
// conflicts are spliced (the fast way is taken).
func FuzzAppendNotification(f *testing.F) {
	f.Add("Strike on depot", "strike-near-protected-site", "Al-Quds hospital", ``, `{"type":"Point","coordinates":[36.2,33.5]}`, 0.0, int64(1788000000))
	f.Add(`"conflicts":null,`, "flight-separation", "école \u2028 \"<&>\" \\", `{"type":"Polygon", "coordinates":[[[36,35],[36.1,35],[36.1,35.1],[36,35]]]}`, `{"type":"Point","coordinates":[36,35],"conflicts":null}`, 2500.5, int64(-62135596800))
	f.Add("Disclosed", "strike-near-protected-site", "clinic", `{ "type": "Point", "coordinates": [36.1, 35.2] }`, `{"type":"Point","coordinates":[36,35]}`, 250.0, int64(1788000000))
	f.Add("t\x00", "r", "\xff", `[1, 2 ,3]`, `{"type":"LineString","coordinates":[[1,2],[3,4]]}`, 1e21, int64(253402300799))
	f.Fuzz(func(t *testing.T, title, rule, name, area, geometry string, buffer float64, start int64) {
		c := truce.Conflict{Rule: rule, With: truce.ConflictWith{Type: "site", ID: "sit_7", Name: name, Party: "pty_2", AreaBufferM: buffer},
			Volume: 0, Overlap: truce.Window{Start: truce.InstantOf(time.Unix(start, 0)), End: truce.InstantOf(time.Unix(start+3600, 0))}}
		if area != "" && json.Valid([]byte(area)) {
			c.With.Area = json.RawMessage(area)
		}
		var vols []truce.Volume
		if json.Valid([]byte(geometry)) {
			vols = []truce.Volume{{Geometry: truce.NewGeoJSON(json.RawMessage(geometry)), RadiusM: 500,
				Start: truce.InstantOf(time.Unix(start, 0)), End: truce.InstantOf(time.Unix(start, 7200))}}
		}
		var ns []truce.Notification
		for i, cs := range [][]truce.Conflict{nil, {}, {c}, {c, c}} {
			n := truce.Notification{ID: "ntf_" + strconv.Itoa(i), Kind: "strike", Title: title, Party: "pty_1", Volumes: vols, State: "pending"}
			if cs != nil {
				n.Conflicts = truce.NewConflictList(cs)
			}
			if i == 3 {
				n.SetMustAcknowledge([]string{"pty_2"})
				n.SetExtra(nil, []string{title}, []truce.Notice{{Notification: "ntf_9", Rule: rule, Object: c.With}})
			}
			ns = append(ns, n)
			same(t, &ns[len(ns)-1])
			var scratch bytes.Buffer
			if len(cs) > 0 && isPlain(name) && c.With.Area == nil && (buffer == 0 || (math.Abs(buffer) >= 1e-6 && math.Abs(buffer) < 1e21)) &&
				start > -9e9 && start < 9e9 { // compact records keep times in nanoseconds
				m := n
				m.Conflicts = truce.ConflictList{}
				out, _ := encodeJSON(&scratch, &m)
				if got := appendNotification(nil, &scratch, &n); memberValue(out, conflictsKey) < 0 || bytes.Count(got, []byte(`"rule":`)) < len(cs) {
					t.Fatalf("no place for the conflicts in %s", out)
				}
				// A plain conflict of a rule the center has is written by hand.
				plain := c
				plain.Rule = "strike-near-protected-site"
				if _, ok := truce.NewConflictList([]truce.Conflict{plain}).AppendJSON(nil); !ok {
					t.Fatalf("a plain conflict went the slow way: %+v", plain)
				}
			}
		}
		same(t, ns)
		same(t, []truce.Notification(nil))
	})
}

// same fails t unless writeNotifications and writeJSON write v alike.
func same(t *testing.T, v any) {
	t.Helper()
	got, want := httptest.NewRecorder(), httptest.NewRecorder()
	writeNotifications(got, http.StatusOK, v)
	writeJSON(want, http.StatusOK, v)
	if want.Body.Len() == 0 { // encoding/json refused it: nothing to hold to
		return
	}
	if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
		t.Fatalf("writeNotifications:\n%s\nwriteJSON:\n%s", got.Body.Bytes(), want.Body.Bytes())
	}
	if g, w := got.Header().Get("Content-Type"), want.Header().Get("Content-Type"); g != w {
		t.Fatalf("Content-Type %q, want %q", g, w)
	}
}
