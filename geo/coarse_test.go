package geo

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

func coarseCases(t *testing.T) []struct {
	name string
	g    Geometry
	buf  float64
} {
	return []struct {
		name string
		g    Geometry
		buf  float64
	}{
		{"hospital", pt(t, 37.16, 36.21), 300},
		{"point, no buffer", pt(t, 37.16, 36.21), 0},
		{"route", mustParse(t, `{"type":"LineString","coordinates":[[37.1,36.2],[37.3,36.3],[37.35,36.5]]}`), 2500},
		{"zone", mustParse(t, `{"type":"Polygon","coordinates":[[[37.14,36.18],[37.4,36.18],[37.4,36.4],[37.14,36.4],[37.14,36.18]],[[37.2,36.25],[37.3,36.25],[37.3,36.3],[37.2,36.25]]]}`), 0},
		{"by the antimeridian", pt(t, 179.98, 10), 5000},
		{"by the pole", pt(t, 10, 89.95), 1000},
		{"large buffer", pt(t, 30, 30), 40000},
	}
}

// TestCoarseContains checks that the cover holds the buffered shape:
// random points near the shape that are within its buffer must be inside
// the cover.
func TestCoarseContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range coarseCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			c := Coarse(tc.g, tc.buf)
			if c.Type() != TypeMultiPolygon {
				t.Fatalf("type %v", c.Type())
			}
			fp := Footprint{tc.g, tc.buf}
			hits := 0
			for _, r := range fp.Cover(0, 0) {
				for i := 0; i < 3000; i++ {
					q := LonLat{r.MinLon + rng.Float64()*(r.MaxLon-r.MinLon), r.MinLat + rng.Float64()*(r.MaxLat-r.MinLat)}
					if !fp.Intersects(Footprint{Geometry: pt(t, q.Lon, q.Lat)}) {
						continue
					}
					hits++
					if !meets(c, pt(t, q.Lon, q.Lat)) {
						t.Fatalf("%v is within the buffered shape but outside the cover", q)
					}
				}
			}
			// And the vertices themselves, with points at exactly the buffer.
			for _, v := range tc.g.pts {
				for b := 0.0; b < 360; b += 15 {
					q := destination(v, b, tc.buf*0.999)
					if !meets(c, pt(t, q.Lon, q.Lat)) {
						t.Fatalf("%v, %.0f m from vertex %v, is outside the cover", q, tc.buf, v)
					}
				}
			}
			if hits == 0 && tc.buf > 0 {
				t.Fatal("no sample fell in the shape")
			}
		})
	}
}

// TestCoarseNoLeak checks that the cover depends only on the cell: the
// same point anywhere within its cell, with the same buffer, gives the
// same cover, byte for byte.
func TestCoarseNoLeak(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, base := range []LonLat{{37.16, 36.21}, {179.99, -20.02}, {-0.01, 0.01}, {10, 89.95}, {-120, -75.3}} {
		c := cellOf(base).rect()
		var first string
		for i := 0; i < 25; i++ {
			q := LonLat{c.MinLon + rng.Float64()*(c.MaxLon-c.MinLon), c.MinLat + rng.Float64()*(c.MaxLat-c.MinLat)}
			if i == 0 {
				q = LonLat{c.MinLon, c.MinLat} // the corner belongs to the cell too
			}
			if cellOf(q) != cellOf(base) {
				t.Fatalf("%v should be in the cell of %v", q, base)
			}
			b, err := json.Marshal(Coarse(pt(t, q.Lon, q.Lat), 500))
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = string(b)
			} else if string(b) != first {
				t.Fatalf("cover of %v differs from another point of its cell:\n%s\n%s", q, b, first)
			}
		}
	}
}

func TestCoarseCellSize(t *testing.T) {
	for _, lat := range []float64{0, 36.2, 60, 80, 89.5} {
		c := cellOf(LonLat{10, lat}).rect()
		h := Distance(LonLat{c.MinLon, c.MinLat}, LonLat{c.MinLon, c.MaxLat})
		poleward := c.MaxLat
		if lat < 0 {
			poleward = c.MinLat
		}
		w := Distance(LonLat{c.MinLon, poleward}, LonLat{c.MaxLon, poleward})
		if h < 11000 || w < 11000 && c.MaxLat < 89.9 {
			t.Errorf("cell at %v° is %.0f m × %.0f m, want at least 11 km", lat, w, h)
		}
		if lat < 80 && w > 12000 {
			t.Errorf("cell at %v° is %.0f m wide, want about 11 km", lat, w)
		}
	}
}

func TestCoarseDeterministicAndAntimeridian(t *testing.T) {
	g := pt(t, 179.98, 10)
	a, _ := json.Marshal(Coarse(g, 5000))
	b, _ := json.Marshal(Coarse(g, 5000))
	if string(a) != string(b) {
		t.Fatal("two covers of one shape differ")
	}
	c := Coarse(g, 5000)
	if c.Bounds().MinLon != -180 || c.Bounds().MaxLon != 180 {
		t.Errorf("a cover reaching over the antimeridian should have cells at both ends, bounds %v", c.Bounds())
	}
	if !Coarse(Geometry{}, 5).IsZero() {
		t.Error("cover of nothing")
	}
}

// TestCoarseIsValid checks that covers are valid MultiPolygons that Parse
// accepts, including shapes whose cells would touch only at corners.
func TestCoarseIsValid(t *testing.T) {
	cases := coarseCases(t)
	cases = append(cases, struct {
		name string
		g    Geometry
		buf  float64
	}{"diagonal route", mustParse(t, `{"type":"LineString","coordinates":[[30,30],[31.5,31.5],[33,30.2]]}`), 0},
		struct {
			name string
			g    Geometry
			buf  float64
		}{"ring-shaped zone", mustParse(t, `{"type":"Polygon","coordinates":[[[30,30],[31,30],[31,31],[30,31],[30,30]],[[30.2,30.2],[30.2,30.8],[30.8,30.8],[30.8,30.2],[30.2,30.2]]]}`), 0},
		struct {
			name string
			g    Geometry
			buf  float64
		}{"polar cap", mustParse(t, `{"type":"Polygon","coordinates":[[[-180,89.7],[0,89.7],[180,89.7],[180,90],[0,90],[-180,90],[-180,89.7]]]}`), 0})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Coarse(tc.g, tc.buf)
			b, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			g, errs := Parse(b, "area", Limits{MaxVertices: 1 << 20, MaxAreaKm2: 1e12})
			if errs != nil {
				t.Fatalf("Parse refuses the cover: %v\n%s", errs, b)
			}
			if relErr(g.Area(), c.Area()) > 1e-9 {
				t.Errorf("area changed through Parse")
			}
			if !(Footprint{Geometry: c}).Intersects(Footprint{Geometry: tc.g}) {
				t.Error("the cover does not meet the shape")
			}
		})
	}
	// The ring-shaped zone's cover keeps a hole.
	c := Coarse(mustParse(t, `{"type":"Polygon","coordinates":[[[30,30],[31,30],[31,31],[30,31],[30,30]],[[30.2,30.2],[30.2,30.8],[30.8,30.8],[30.8,30.2],[30.2,30.2]]]}`), 0)
	if p := c.Polygons(); len(p) != 1 || len(p[0]) != 2 {
		t.Errorf("want one polygon with one hole, got %d polygons", len(p))
	}
}

// TestCoarseRandomValid builds covers of random routes and points, many
// with diagonal steps that make cells touch at corners, and checks every
// cover parses and holds the shape's vertices.
func TestCoarseRandomValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for i := 0; i < 150; i++ {
		p := LonLat{rng.Float64()*340 - 170, rng.Float64()*170 - 85}
		if i%10 == 0 {
			p.Lat = 88 + rng.Float64()*1.9
		}
		pts := []LonLat{p}
		for k := 0; k < 1+rng.IntN(6); k++ {
			q := pts[len(pts)-1]
			pts = append(pts, LonLat{min(180, max(-180, q.Lon+rng.Float64()*0.6-0.3)), min(90, max(-90, q.Lat+rng.Float64()*0.6-0.3))})
		}
		g, err := NewLineString(pts...)
		if err != nil {
			continue
		}
		buf := []float64{0, 500, 12000}[i%3]
		c := Coarse(g, buf)
		b, _ := json.Marshal(c)
		if _, errs := Parse(b, "area", Limits{MaxVertices: 1 << 20, MaxAreaKm2: 1e12}); errs != nil {
			t.Fatalf("cover of %v (buffer %v) refused: %v", pts, buf, errs)
		}
		for _, v := range pts {
			if !meets(c, Geometry{pts: []LonLat{v}}) {
				t.Fatalf("cover of %v misses vertex %v", pts, v)
			}
		}
	}
}

func TestCoarseHugeBuffer(t *testing.T) {
	for _, p := range []LonLat{{37.16, 36.21}, {179.9, 0}, {0, 89.9}} {
		c := Coarse(pt(t, p.Lon, p.Lat), 3_000_000)
		b, _ := json.Marshal(c)
		if _, errs := Parse(b, "area", Limits{MaxVertices: 1 << 20, MaxAreaKm2: 1e12}); errs != nil {
			t.Fatalf("%v: %v\n%s", p, errs, b)
		}
		for brg := 0.0; brg < 360; brg += 30 {
			q := destination(p, brg, 2_990_000)
			if !meets(c, pt(t, q.Lon, q.Lat)) {
				t.Fatalf("%v: %v, 2,990 km away, is outside the cover", p, q)
			}
		}
	}
}

// TestUnionFillsPinches builds cell sets whose union would touch itself
// at a corner and checks that a cell is added so the result is valid.
func TestUnionFillsPinches(t *testing.T) {
	base := cellOf(LonLat{10.05, 0.15}) // rows near the equator share their columns
	if rowCols(base.row) != rowCols(base.row+1) || rowCols(base.row) != rowCols(base.row+2) {
		t.Fatal("pick rows with the same columns")
	}
	tests := []struct {
		name  string
		cells []cell
		want  int // cells after filling
	}{
		{"north-east diagonal", []cell{base, {base.row + 1, base.col + 1}}, 3},
		{"north-west diagonal", []cell{base, {base.row + 1, base.col - 1}}, 3},
		{"checkerboard", []cell{base, {base.row + 1, base.col + 1}, {base.row, base.col + 2}, {base.row + 2, base.col}}, 7},
		{"no pinch", []cell{base, {base.row + 1, base.col}}, 2},
		{"enclosed hole", []cell{
			{base.row, base.col}, {base.row, base.col + 1}, {base.row, base.col + 2},
			{base.row + 1, base.col}, {base.row + 1, base.col + 2}, {base.row + 1, base.col + 3},
			{base.row + 2, base.col}, {base.row + 2, base.col + 1}, {base.row + 2, base.col + 2},
		}, 9},
		{"hole touching the outside at a corner", []cell{
			{base.row, base.col}, {base.row, base.col + 1}, {base.row, base.col + 2},
			{base.row + 1, base.col}, {base.row + 1, base.col + 2},
			{base.row + 2, base.col}, {base.row + 2, base.col + 1},
		}, 8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set := map[cell]bool{}
			for _, c := range tc.cells {
				set[c] = true
			}
			g, err := unionGeometry(set)
			if err != nil {
				t.Fatalf("union refused: %v", err)
			}
			if len(set) != tc.want {
				t.Errorf("%d cells after filling, want %d", len(set), tc.want)
			}
			for _, c := range tc.cells {
				r := c.rect()
				if !g.contains(LonLat{(r.MinLon + r.MaxLon) / 2, (r.MinLat + r.MaxLat) / 2}) {
					t.Errorf("cell %v lost", c)
				}
			}
		})
	}
}
