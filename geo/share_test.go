package geo

import (
	"math"
	"testing"
)

// TestShare: a point or a route given as the same numbers, bit for bit,
// reads them where they are given; a polygon, a densified route, a
// route with a repeated position dropped or a zero of the other sign
// keeps its own. Repack gives geometries arrays of their own again.
func TestShare(t *testing.T) {
	pt, _ := NewPoint(LonLat{35.5, 33.25})
	line, _ := NewLineString(LonLat{35, 33}, LonLat{35.01, 33.01}, LonLat{35.02, 33})
	long, _ := NewLineString(LonLat{0, 0}, LonLat{40, 40})
	zero, _ := NewPoint(LonLat{0, 33})
	poly, _ := Parse([]byte(`{"type":"Polygon","coordinates":[[[35,33],[35.1,33],[35.1,33.1],[35,33]]]}`), "", Unlimited)
	rep, _ := Parse([]byte(`{"type":"LineString","coordinates":[[35,33],[35,33],[35.1,33.1]]}`), "", Unlimited)
	cases := []struct {
		name  string
		g     Geometry
		pos   []float64
		share bool
	}{
		{"point", pt, []float64{35.5, 33.25}, true},
		{"line", line, []float64{35, 33, 35.01, 33.01, 35.02, 33}, true},
		{"densified", long, []float64{0, 0, 40, 40}, false},
		{"other numbers", line, []float64{35, 33, 35.01, 33.01, 35.02, 33.5}, false},
		{"negative zero", zero, []float64{math.Copysign(0, -1), 33}, false},
		{"polygon", poly, []float64{35, 33, 35.1, 33, 35.1, 33.1, 35, 33}, false},
		{"repeated position", rep, []float64{35, 33, 35, 33, 35.1, 33.1}, false},
		{"nothing", pt, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.g.Share(c.pos)
			if s.Shares(c.pos) != c.share {
				t.Fatalf("shares = %v, want %v", !c.share, c.share)
			}
			if s.Type() != c.g.Type() || s.Bounds() != c.g.Bounds() || s.NumVertices() != c.g.NumVertices() {
				t.Fatalf("the shared geometry differs")
			}
			for i := range c.g.pts {
				if s.pts[i] != c.g.pts[i] {
					t.Fatalf("vertex %d is %v, want %v", i, s.pts[i], c.g.pts[i])
				}
			}
			p := Pack(s)
			Repack([]*Packed{&p})
			s = p.Geometry()
			if c.pos != nil && s.Shares(c.pos) {
				t.Fatal("still shared after Repack")
			}
			for i := range c.g.pts {
				if s.pts[i] != c.g.pts[i] {
					t.Fatalf("after Repack vertex %d is %v, want %v", i, s.pts[i], c.g.pts[i])
				}
			}
		})
	}
}
