package geo

import (
	"math"
	"testing"
)

// TestSound: what Parse and the coarse covers make is sound; a geometry
// whose offsets, positions, bitset or bounds are broken is not.
func TestSound(t *testing.T) {
	var good []Geometry
	for _, s := range []string{
		`{"type":"Point","coordinates":[37.1,36.2]}`,
		`{"type":"LineString","coordinates":[[30,30],[40,40],[70,10]]}`,
		`{"type":"Polygon","coordinates":[[[30,30],[38,30],[38,36],[30,36],[30,30]],[[33,33],[34,33],[34,34],[33,33]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[179,0],[180,0],[180,1],[179,1],[179,0]]],[[[-180,0],[-179,0],[-179,1],[-180,1],[-180,0]]]]}`,
	} {
		g, errs := Parse([]byte(s), "geometry", DefaultLimits())
		if len(errs) > 0 {
			t.Fatal(s, errs)
		}
		good = append(good, g, Coarse(g, 5000))
	}
	for i, g := range good {
		if err := g.Sound(); err != nil {
			t.Errorf("geometry %d (%v): %v", i, g.Type(), err)
		}
	}
	poly := good[4]
	broken := map[string]func(g Geometry) Geometry{
		"no type": func(g Geometry) Geometry { g.pts = g.pts[:1]; g.extra = &extra{}; return g },
		"ring beyond": func(g Geometry) Geometry {
			x := *g.extra
			x.ends = []int32{3, int32(len(g.pts) + 1)}
			g.extra = &x
			return g
		},
		"short ring": func(g Geometry) Geometry {
			x := *g.extra
			x.ends = []int32{2, int32(len(g.pts))}
			g.extra = &x
			return g
		},
		"position NaN": func(g Geometry) Geometry {
			g.pts = append([]LonLat(nil), g.pts...)
			g.pts[1].Lat = math.NaN()
			return g
		},
		"off the globe": func(g Geometry) Geometry { g.pts = append([]LonLat(nil), g.pts...); g.pts[0].Lon = 1e300; return g },
		"bitset":        func(g Geometry) Geometry { x := *g.extra; x.added = make([]uint64, 9); g.extra = &x; return g },
		"bounds inverted": func(g Geometry) Geometry {
			x := *g.extra
			x.bounds.MinLat, x.bounds.MaxLat = x.bounds.MaxLat, x.bounds.MinLat
			g.extra = &x
			return g
		},
		"polygon polys": func(g Geometry) Geometry { x := *g.extra; x.polys = []int32{1}; g.extra = &x; return g },
	}
	for name, breakIt := range broken {
		if err := breakIt(poly).Sound(); err == nil {
			t.Errorf("%s: sound", name)
		}
	}
	// A polygon whose rings are dropped (extra nil) is not among them:
	// a Geometry's type is told by its parts, and that is a line.
	if err := (Geometry{}).Sound(); err == nil {
		t.Error("a geometry of no position: sound")
	}
}
