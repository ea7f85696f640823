package truce

import (
	"bytes"
	"encoding/json"
	"testing"
)

// geoJSONCases are geometries in the form documents store (kept
// parsed) and in every other spelling (kept as bytes): both must give
// their bytes back exactly.
var geoJSONCases = []struct {
	name   string
	raw    string
	parsed bool
}{
	{"Point", `{"coordinates":[35.94398697503655,22.40425870922265],"type":"Point"}`, true},
	{"PointIntegers", `{"coordinates":[-120,0],"type":"Point"}`, true},
	{"PointSmall", `{"coordinates":[0.000001,-0.5],"type":"Point"}`, true},
	{"LineString", `{"coordinates":[[57.415373775003886,33.53903119289924],[57.398041606548865,33.53197566208822],[57.37955749478936,33.52738458077511]],"type":"LineString"}`, true},
	{"Polygon", `{"coordinates":[[[30,10],[40,40],[20,40],[10,20],[30,10]]],"type":"Polygon"}`, true},
	{"PolygonWithHole", `{"coordinates":[[[35,10],[45,45],[15,40],[10,20],[35,10]],[[20,30],[35,35],[30,20],[20,30]]],"type":"Polygon"}`, true},
	{"MultiPolygon", `{"coordinates":[[[[30,20],[45,40],[10,40],[30,20]]],[[[15,5],[40,10],[10,20],[5,10],[15,5]],[[20,10],[10,15],[15,8],[20,10]]]],"type":"MultiPolygon"}`, true},
	// Kept as bytes.
	{"TypeFirst", `{"type":"Point","coordinates":[1,2]}`, false},
	{"Spaces", `{"coordinates": [1, 2],"type":"Point"}`, false},
	{"Altitude", `{"coordinates":[1,2,3],"type":"Point"}`, false},
	{"WrongType", `{"coordinates":[1,2],"type":"LineString"}`, false},
	{"LineOfOnePosition", `{"coordinates":[[1,2]],"type":"LineString"}`, false},
	{"EmptyRing", `{"coordinates":[[]],"type":"Polygon"}`, false},
	{"Exponent", `{"coordinates":[1e1,2],"type":"Point"}`, false},
	{"TinyNumber", `{"coordinates":[1e-7,2],"type":"Point"}`, false},
	{"NegativeZero", `{"coordinates":[-0,2],"type":"Point"}`, false},
	{"TrailingZero", `{"coordinates":[1.50,2],"type":"Point"}`, false},
	{"BBox", `{"bbox":[1,2,1,2],"coordinates":[1,2],"type":"Point"}`, false},
	{"MemberAfter", `{"coordinates":[1,2],"type":"Point","x":1}`, false},
	{"TooDeep", `{"coordinates":[[[[[1,2]]]]],"type":"MultiPolygon"}`, false},
	{"Null", `null`, false},
	{"HTML", `{"coordinates":[1,2],"type":"<Point>"}`, false},
	{"Empty", ``, false},
}

func TestGeoJSONGivesItsBytesBack(t *testing.T) {
	for _, tc := range geoJSONCases {
		t.Run(tc.name, func(t *testing.T) {
			raw := json.RawMessage(tc.raw)
			g := NewGeoJSON(raw)
			if parsed := g.pos != nil; parsed != tc.parsed {
				t.Fatalf("kept parsed: %v, want %v", parsed, tc.parsed)
			}
			if got := g.JSON(); !bytes.Equal(got, raw) {
				t.Fatalf("JSON() = %s, want %s", got, raw)
			}
			if g.IsZero() != (len(raw) == 0) {
				t.Fatalf("IsZero() = %v for %q", g.IsZero(), raw)
			}
			checkLikeRawMessage(t, raw)
		})
	}
	if g := NewGeoJSON(nil); !g.IsZero() || g.JSON() != nil {
		t.Fatalf("NewGeoJSON(nil) = %+v, want the zero GeoJSON", g)
	}
}

// checkLikeRawMessage checks that a GeoJSON made from raw encodes, in a
// document, as a json.RawMessage holding raw does (HTML escaped or not,
// omitted by omitzero where omitempty omits the RawMessage, failing
// where it fails), and decodes from that document to the same bytes.
func checkLikeRawMessage(t *testing.T, raw json.RawMessage) {
	t.Helper()
	type asRaw struct {
		G json.RawMessage `json:"g"`
		O json.RawMessage `json:"o,omitempty"`
	}
	type asGeo struct {
		G GeoJSON `json:"g"`
		O GeoJSON `json:"o,omitzero"`
	}
	for _, escape := range []bool{true, false} {
		var want, got bytes.Buffer
		encRaw, encGeo := json.NewEncoder(&want), json.NewEncoder(&got)
		encRaw.SetEscapeHTML(escape)
		encGeo.SetEscapeHTML(escape)
		errRaw := encRaw.Encode(asRaw{raw, raw})
		errGeo := encGeo.Encode(asGeo{NewGeoJSON(raw), NewGeoJSON(raw)})
		if (errRaw == nil) != (errGeo == nil) || !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("escape %v: encoded %s (%v), a RawMessage %s (%v)", escape, got.Bytes(), errGeo, want.Bytes(), errRaw)
		}
		if errRaw != nil {
			continue
		}
		var r asRaw
		var g asGeo
		errRaw, errGeo = json.Unmarshal(want.Bytes(), &r), json.Unmarshal(want.Bytes(), &g)
		if (errRaw == nil) != (errGeo == nil) || !bytes.Equal(g.G.JSON(), r.G) || !bytes.Equal(g.O.JSON(), r.O) {
			t.Fatalf("decoded %s and %s (%v), a RawMessage %s and %s (%v)", g.G.JSON(), g.O.JSON(), errGeo, r.G, r.O, errRaw)
		}
	}
}

// FuzzGeoJSON: any bytes come back as they were, kept parsed or not, and
// in a document a GeoJSON is a json.RawMessage.
func FuzzGeoJSON(f *testing.F) {
	for _, tc := range geoJSONCases {
		f.Add([]byte(tc.raw))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		g := NewGeoJSON(raw)
		if got := g.JSON(); !bytes.Equal(got, raw) || (got == nil) != (raw == nil) {
			t.Fatalf("JSON() = %q, want %q", got, raw)
		}
		if g.pos != nil {
			// Kept parsed: a new GeoJSON from its bytes is the same.
			if h := NewGeoJSON(g.JSON()); !bytes.Equal(h.JSON(), raw) || h.typ() != g.typ() {
				t.Fatalf("parsed again: %q", h.JSON())
			}
		}
		checkLikeRawMessage(t, raw)
	})
}
