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

// TestWriteNotificationsAsWriteJSON: a notification, a list of them and
// no list are written by writeNotification and writeNotificationList as
// writeJSON writes them,
// conflicts spliced or not (truce.FuzzAppendNotificationJSON holds the
// splice itself).
func TestWriteNotificationsAsWriteJSON(t *testing.T) {
	at := truce.InstantOf(time.Date(2016, 9, 20, 10, 0, 0, 0, time.UTC))
	c := truce.Conflict{Rule: "strike-near-protected-site", With: truce.ConflictWith{Type: "site", ID: "sit_7", Name: "clinic <east>", Party: "pty_2",
		Area: json.RawMessage(`{ "type": "Point", "coordinates": [36.1, 35.2] }`), AreaBufferM: 250}, Overlap: truce.Window{Start: at, End: at}}
	odd := c
	odd.Rule = "a rule the center does not have"
	var ns []truce.Notification
	for i, cs := range [][]truce.Conflict{nil, {}, {c}, {c, odd, c}} {
		n := truce.Notification{ID: "ntf_" + strconv.Itoa(i), Kind: "strike", Title: `"conflicts":null,`, Party: "pty_1", State: "pending",
			Volumes: []truce.Volume{{Geometry: truce.NewGeoJSON(json.RawMessage(`{"type":"Point","coordinates":[36,35],"conflicts":null}`)), Start: at, End: at}}}
		if cs != nil {
			n.Conflicts = truce.NewConflictList(cs)
		}
		ns = append(ns, n)
		same(t, &ns[i], func(w http.ResponseWriter) { writeNotification(w, http.StatusOK, &ns[i]) })
	}
	// A list long enough to be written in several pieces.
	var long []truce.Notification
	for len(long) < 200 {
		long = append(long, ns...)
	}
	for _, l := range [][]truce.Notification{ns, nil, {}, long} {
		same(t, l, func(w http.ResponseWriter) { writeNotificationList(w, http.StatusOK, l) })
	}
}

// same fails t unless write writes what writeJSON writes of v.
func same(t *testing.T, v any, write func(http.ResponseWriter)) {
	t.Helper()
	got, want := httptest.NewRecorder(), httptest.NewRecorder()
	write(got)
	writeJSON(want, http.StatusOK, v)
	if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
		t.Fatalf("written:\n%s\nwriteJSON:\n%s", got.Body.Bytes(), want.Body.Bytes())
	}
	if g, w := got.Header().Get("Content-Type"), want.Header().Get("Content-Type"); g != w {
		t.Fatalf("Content-Type %q, want %q", g, w)
	}
}
