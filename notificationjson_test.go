package truce

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"testing"
	"time"
)

// FuzzAppendNotificationJSON holds AppendNotificationJSON to
// encoding/json, HTML escaped and not: a notification's bytes are the
// same whether its conflicts are spliced in by hand or the whole goes
// through encoding/json; and a plain conflict is spliced.
func FuzzAppendNotificationJSON(f *testing.F) {
	f.Add("Strike on depot", "strike-near-protected-site", "Al-Quds hospital", ``, `{"type":"Point","coordinates":[36.2,33.5]}`, 0.0, int64(1788000000))
	f.Add(`"conflicts":null,`, "flight-separation", "école \u2028 \"<&>\" \\", `{"type":"Polygon", "coordinates":[[[36,35],[36.1,35],[36.1,35.1],[36,35]]]}`, `{"type":"Point","coordinates":[36,35],"conflicts":null}`, 2500.5, int64(-62135596800))
	f.Add("Disclosed", "strike-near-protected-site", "clinic", `{ "type": "Point", "coordinates": [36.1, 35.2] }`, `{"type":"Point","coordinates":[36,35]}`, 250.0, int64(1788000000))
	f.Add("<b>&", "strike-near-protected-site", "A & B <clinic>", `{"name":"<x>"}`, `{"type":"Point","coordinates":[36,35]}`, 0.0, int64(1788000000))
	f.Add("line", "strike-near-protected-site", "clinic", "{\"n\":\"a\u2028b\u2029\"}", `{"type":"Point","coordinates":[36,35]}`, 0.0, int64(1788000000))
	f.Add("t\x00", "r", "\xff", `[1, 2 ,3]`, `{"type":"LineString","coordinates":[[1,2],[3,4]]}`, 1e21, int64(253402300799))
	f.Fuzz(func(t *testing.T, title, rule, name, area, geometry string, buffer float64, start int64) {
		c := Conflict{Rule: rule, With: ConflictWith{Type: "site", ID: "sit_7", Name: name, Party: "pty_2", AreaBufferM: buffer},
			Overlap: Window{Start: InstantOf(time.Unix(start, 0)), End: InstantOf(time.Unix(start+3600, 0))}}
		if area != "" && json.Valid([]byte(area)) {
			c.With.Area = json.RawMessage(area)
		}
		var vols []Volume
		if json.Valid([]byte(geometry)) {
			vols = []Volume{{Geometry: NewGeoJSON(json.RawMessage(geometry)), RadiusM: 500,
				Start: InstantOf(time.Unix(start, 0)), End: InstantOf(time.Unix(start, 7200))}}
		}
		var scratch bytes.Buffer
		for i, cs := range [][]Conflict{nil, {}, {c}, {c, c}} {
			n := Notification{ID: "ntf_" + strconv.Itoa(i), Kind: "strike", Title: title, Party: "pty_1", Volumes: vols, State: "pending"}
			if cs != nil {
				n.Conflicts = NewConflictList(cs)
			}
			if i == 3 {
				n.SetMustAcknowledge([]string{"pty_2"})
				n.SetExtra(nil, []string{title}, []Notice{{Notification: "ntf_9", Rule: rule, Object: c.With}})
			}
			for _, escape := range []bool{false, true} {
				want, ok := encodeJSON(&bytes.Buffer{}, &n, escape)
				got := AppendNotificationJSON([]byte("x"), &scratch, &n, escape)
				if !ok {
					want = nil
				}
				if !bytes.Equal(got, append([]byte("x"), want...)) {
					t.Fatalf("escape %v: AppendNotificationJSON:\n%s\nencoding/json:\n%s", escape, got, want)
				}
			}
		}
		// A plain conflict of a rule the center has (compact records keep
		// times in nanoseconds) is written by hand, and a notification has a
		// place for it.
		if isPlainName(name) && c.With.Area == nil && (buffer == 0 || (math.Abs(buffer) >= 1e-6 && math.Abs(buffer) < 1e21)) && start > -9e9 && start < 9e9 {
			plain := c
			plain.Rule = "strike-near-protected-site"
			if _, ok := NewConflictList([]Conflict{plain}).AppendJSON(nil); !ok {
				t.Fatalf("a plain conflict went the slow way: %+v", plain)
			}
			out, ok := encodeJSON(&scratch, &Notification{Title: title, Volumes: vols}, false)
			if ok && memberValue(out, `"conflicts":`) < 0 {
				t.Fatalf("no place for the conflicts in %s", out)
			}
		}
	})
}

// isPlainName reports whether encoding/json writes s as it is, quoted.
func isPlainName(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f || s[i] == '"' || s[i] == '\\' {
			return false
		}
	}
	return true
}
