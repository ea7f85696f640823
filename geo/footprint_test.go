package geo

import (
	"math"
	"testing"
)

func mustParse(t testing.TB, s string) Geometry {
	t.Helper()
	g, errs := Parse([]byte(s), "g", roomy)
	if errs != nil {
		t.Fatalf("%s: %v", s, errs)
	}
	return g
}

func pt(t testing.TB, lon, lat float64) Geometry {
	t.Helper()
	g, err := NewPoint(LonLat{lon, lat})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestFootprintIntersects(t *testing.T) {
	square := mustParse(t, `{"type":"Polygon","coordinates":[[[37,36],[37.1,36],[37.1,36.1],[37,36.1],[37,36]]]}`)
	hole := mustParse(t, `{"type":"Polygon","coordinates":[[[37,36],[37.1,36],[37.1,36.1],[37,36.1],[37,36]],[[37.02,36.02],[37.08,36.02],[37.08,36.08],[37.02,36.08],[37.02,36.02]]]}`)
	east := mustParse(t, `{"type":"Polygon","coordinates":[[[37.1,36.02],[37.2,36.02],[37.2,36.05],[37.1,36.05],[37.1,36.02]]]}`)
	road := mustParse(t, `{"type":"LineString","coordinates":[[36.9,36.05],[37.3,36.05]]}`)
	cross := mustParse(t, `{"type":"LineString","coordinates":[[37.0,35.9],[37.0,36.2]]}`)
	// A parallel, straight in lon/lat; a great-circle chord between its
	// ends would bulge 18 km to the north.
	parallel := mustParse(t, `{"type":"Polygon","coordinates":[[[0,40],[40,40],[40,45],[0,45],[0,40]]]}`)
	// Split at the antimeridian (RFC 7946 §3.1.9).
	split := mustParse(t, `{"type":"MultiPolygon","coordinates":[[[[175,-5],[180,-5],[180,5],[175,5],[175,-5]]],[[[-180,-5],[-175,-5],[-175,5],[-180,5],[-180,-5]]]]}`)
	cap := mustParse(t, `{"type":"Polygon","coordinates":[[[-180,85],[0,85],[180,85],[180,90],[0,90],[-180,90],[-180,85]]]}`)

	north := func(p LonLat, m float64) Geometry { q := destination(p, 0, m); return pt(t, q.Lon, q.Lat) }
	east1 := func(p LonLat, m float64) Geometry { q := destination(p, 90, m); return pt(t, q.Lon, q.Lat) }

	tests := []struct {
		name   string
		a, b   Footprint
		want   bool
		approx float64 // expected Distance, or -1 to skip
	}{
		{"point inside polygon", Footprint{pt(t, 37.05, 36.05), 0}, Footprint{square, 0}, true, 0},
		{"point on polygon edge", Footprint{pt(t, 37.1, 36.05), 0}, Footprint{square, 0}, true, 0},
		{"point in a hole", Footprint{pt(t, 37.05, 36.05), 0}, Footprint{hole, 0}, false, -1},
		{"point in a hole, buffer reaches the ring", Footprint{pt(t, 37.05, 36.05), 2700}, Footprint{hole, 0}, true, -1},
		{"polygons sharing an edge", Footprint{square, 0}, Footprint{east, 0}, true, 0},
		{"polygon inside polygon's hole", Footprint{mustParse(t, `{"type":"Polygon","coordinates":[[[37.04,36.04],[37.06,36.04],[37.06,36.06],[37.04,36.04]]]}`), 0}, Footprint{hole, 0}, false, -1},
		{"line through polygon, no vertex inside", Footprint{road, 0}, Footprint{square, 0}, true, 0},
		{"crossing lines", Footprint{road, 0}, Footprint{cross, 0}, true, 0},
		{"line end on polygon edge", Footprint{mustParse(t, `{"type":"LineString","coordinates":[[36.9,36.05],[37.0,36.05]]}`), 0}, Footprint{square, 0}, true, 0},
		{"corridor just narrower than the distance", Footprint{road, 1960}, Footprint{north(LonLat{37.05, 36.05}, 2000), 0}, false, 40},
		{"corridor just wider than the distance", Footprint{road, 2040}, Footprint{north(LonLat{37.05, 36.05}, 2000), 0}, true, 0},
		{"two radii just short", Footprint{pt(t, 37, 36), 495}, Footprint{east1(LonLat{37, 36}, 1000), 495}, false, 10},
		{"two radii just enough", Footprint{pt(t, 37, 36), 505}, Footprint{east1(LonLat{37, 36}, 1000), 505}, true, 0},
		// Short by more than the padding (0.56 % and 15 m for a shape with
		// edges, see SphereLimit and EdgeSlackM).
		{"north of a long parallel edge, outside the buffer", Footprint{pt(t, 20, 45.001), 90}, Footprint{parallel, 0}, false, 21.2},
		{"north of a long parallel edge, inside the buffer", Footprint{pt(t, 20, 45.001), 120}, Footprint{parallel, 0}, true, 0},
		{"across the antimeridian, near", Footprint{pt(t, 179.995, 0), 600}, Footprint{pt(t, -179.995, 0), 600}, true, 0},
		{"across the antimeridian, far", Footprint{pt(t, 179.995, 0), 500}, Footprint{pt(t, -179.995, 0), 500}, false, 113},
		{"on the antimeridian inside a split polygon", Footprint{pt(t, -180, 1), 0}, Footprint{split, 0}, true, 0},
		{"180 and -180 are one meridian", Footprint{pt(t, 180, 1), 0}, Footprint{pt(t, -180, 1), 0}, true, 0},
		{"near the pole, across", Footprint{pt(t, 0, 89.999), 112}, Footprint{pt(t, 180, 89.999), 112}, true, 0},
		{"near the pole, apart", Footprint{pt(t, 0, 89.999), 100}, Footprint{pt(t, 180, 89.999), 100}, false, 22},
		{"inside a polar cap", Footprint{pt(t, 123, 87), 0}, Footprint{cap, 0}, true, 0},
		{"the pole itself", Footprint{pt(t, 45, 90), 0}, Footprint{cap, 0}, true, 0},
		{"south of a polar cap", Footprint{pt(t, -60, 84.9), 10000}, Footprint{cap, 0}, false, 1122},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.Intersects(tc.b); got != tc.want {
				t.Errorf("a∩b = %v, want %v (distance %.3f m)", got, tc.want, tc.a.Distance(tc.b))
			}
			if got := tc.b.Intersects(tc.a); got != tc.want {
				t.Errorf("b∩a = %v, want %v", got, tc.want)
			}
			if tc.approx >= 0 {
				d := tc.a.Distance(tc.b)
				// The stated bound: 0.6 % + DensifyToleranceM.
				if math.Abs(d-tc.approx) > DensifyToleranceM+0.006*tc.approx {
					t.Errorf("distance %.3f m, want about %.1f m", d, tc.approx)
				}
			}
		})
	}
}

func TestWithin(t *testing.T) {
	a := Footprint{pt(t, 37, 36), 100}
	q := destination(LonLat{37, 36}, 45, 10000)
	b := Footprint{pt(t, q.Lon, q.Lat), 100}
	if a.Within(b, 9700) {
		t.Error("10 km apart with 200 m of buffers is not within 9,700 m")
	}
	if !a.Within(b, 9900) {
		t.Error("10 km apart with 200 m of buffers is within 9,900 m")
	}
}

func TestRectBuffer(t *testing.T) {
	tests := []struct {
		name string
		r    Rect
		m    float64
		n    int
		full bool
	}{
		{"plain", Rect{37, 36, 37, 36}, 1000, 1, false},
		{"east across the antimeridian", Rect{179.999, 0, 179.999, 0}, 1000, 2, false},
		{"west across the antimeridian", Rect{-179.999, 0, -179.999, 0}, 1000, 2, false},
		{"over the pole", Rect{10, 89.995, 10, 89.995}, 1000, 1, true},
		{"whole width", Rect{-170, 0, 170, 1}, 3000000, 1, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := tc.r.Buffer(tc.m)
			if len(rs) != tc.n {
				t.Fatalf("got %v", rs)
			}
			if tc.full && (rs[0].MinLon != -180 || rs[0].MaxLon != 180) {
				t.Errorf("want all longitudes, got %v", rs)
			}
			// Every point at distance m in 36 directions from each corner
			// is covered.
			for _, c := range []LonLat{{tc.r.MinLon, tc.r.MinLat}, {tc.r.MaxLon, tc.r.MaxLat}, {tc.r.MinLon, tc.r.MaxLat}, {tc.r.MaxLon, tc.r.MinLat}} {
				for b := 0.0; b < 360; b += 10 {
					q := destination(c, b, tc.m)
					in := false
					for _, r := range rs {
						in = in || r.Contains(q)
					}
					if !in {
						t.Errorf("%v (bearing %v from %v) not covered by %v", q, b, c, rs)
					}
				}
			}
		})
	}
}

func TestCoverLine(t *testing.T) {
	line := mustParse(t, `{"type":"LineString","coordinates":[[30,30],[30.1,30.1],[31,31],[33,33],[33.05,33]]}`)
	rs := Footprint{line, 500}.Cover(0, 0.5)
	if len(rs) < 3 {
		t.Fatalf("a 3° diagonal route cut at 0.5° should give several rectangles, got %v", rs)
	}
	for k := 0; k <= 100; k++ {
		f := float64(k) / 100
		for _, seg := range [][2]LonLat{{{30, 30}, {30.1, 30.1}}, {{30.1, 30.1}, {31, 31}}, {{31, 31}, {33, 33}}, {{33, 33}, {33.05, 33}}} {
			p := LonLat{seg[0].Lon + f*(seg[1].Lon-seg[0].Lon), seg[0].Lat + f*(seg[1].Lat-seg[0].Lat)}
			in := false
			for _, r := range rs {
				in = in || r.Contains(p)
			}
			if !in {
				t.Fatalf("%v on the route is not covered", p)
			}
		}
	}
}
