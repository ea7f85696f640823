package geo

import (
	"testing"
	"unsafe"
)

// TestGeometrySize keeps a Geometry at 32 bytes: an index holds one per
// volume (1.5 million at 1,000,000 objects), and points and plain lines
// have no bounds of their own (see Geometry.extra).
func TestGeometrySize(t *testing.T) {
	if n := unsafe.Sizeof(Geometry{}); n != 32 {
		t.Errorf("a Geometry is %d bytes, want 32", n)
	}
}

// TestPacked keeps a Packed at 24 bytes (the index's volume entry holds
// one) and checks that a geometry of every form packs and unpacks to
// the same geometry, a nil list of vertices nil and an empty one empty.
func TestPacked(t *testing.T) {
	if n := unsafe.Sizeof(Packed{}); n != 24 {
		t.Errorf("a Packed is %d bytes, want 24", n)
	}
	for _, doc := range []string{
		`{"type":"Point","coordinates":[37.5,36.25]}`,
		`{"type":"LineString","coordinates":[[37,36],[37.01,36.02]]}`,
		`{"type":"LineString","coordinates":[[-60,50],[60,50]]}`,
		`{"type":"Polygon","coordinates":[[[30,30],[38,30],[38,36],[30,36],[30,30]],[[33,33],[34,33],[34,34],[33,33]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[37,36],[37.1,36],[37.1,36.1],[37,36]]],[[[38,36],[38.1,36],[38.1,36.1],[38,36]]]]}`,
	} {
		g, errs := Parse([]byte(doc), "g", Unlimited)
		if errs != nil {
			t.Fatal(errs)
		}
		back := Pack(g).Geometry()
		if unsafe.SliceData(back.pts) != unsafe.SliceData(g.pts) || len(back.pts) != len(g.pts) || back.extra != g.extra {
			t.Errorf("%s: unpacked to another geometry", doc)
		}
		if a, b := mustJSON(t, back), mustJSON(t, g); a != b || back.Type() != g.Type() || back.Bounds() != g.Bounds() {
			t.Errorf("%s: reads %s, want %s", doc, a, b)
		}
	}
	if back := Pack(Geometry{}).Geometry(); back.pts != nil || back.extra != nil {
		t.Error("the zero geometry unpacked to another")
	}
	if back := Pack(Geometry{pts: []LonLat{}}).Geometry(); back.pts == nil || len(back.pts) != 0 {
		t.Error("an empty list of vertices became nil")
	}
	p := Pack(Geometry{pts: []LonLat{}})
	Repack([]*Packed{&p})
	if back := p.Geometry(); back.pts == nil || len(back.pts) != 0 {
		t.Error("an empty list of vertices became nil in Repack")
	}
}

// TestBoundsKeptAsGiven checks that a line whose edges were densified
// keeps the bounds of its positions as given, and that a point's and a
// plain line's bounds are those of their positions.
func TestBoundsKeptAsGiven(t *testing.T) {
	for _, c := range []struct {
		json string
		want Rect
	}{
		{`{"type":"Point","coordinates":[37.5,36.25]}`, Rect{37.5, 36.25, 37.5, 36.25}},
		{`{"type":"LineString","coordinates":[[37,36],[37.01,36.02]]}`, Rect{37, 36, 37.01, 36.02}},
		{`{"type":"LineString","coordinates":[[-60,50],[60,50]]}`, Rect{-60, 50, 60, 50}},
	} {
		g, errs := Parse([]byte(c.json), "g", Unlimited)
		if errs != nil {
			t.Fatal(c.json, errs)
		}
		if b := g.Bounds(); b != c.want {
			t.Errorf("%s: bounds %v, want %v", c.json, b, c.want)
		}
	}
}

func mustJSON(t *testing.T, g Geometry) string {
	t.Helper()
	b, err := g.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
