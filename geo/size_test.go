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
