package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// TestSphereWithinAsEveryVertex holds sphereWithin, which measures only
// the vertices and edges near the other shape and makes the other's unit
// vectors as it needs them, to the test it replaced: every vertex of one
// shape against every edge of the other that meets its buffered bounds.
// Shapes of many kinds and sizes are thrown near each other, at limits
// from nothing to tens of kilometres, so that many pairs fall on either
// side of the limit.
func TestSphereWithinAsEveryVertex(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 4))
	near, far, n := 0, 0, 0
	for n < 20000 {
		ga, gb := randomShape(rng), randomShape(rng)
		if ga.IsZero() || gb.IsZero() {
			continue
		}
		n++
		a := Footprint{ga, rng.Float64() * 5000}
		b := Footprint{gb, rng.Float64() * 5000}
		d := []float64{0, 100, 2000, 20000}[rng.IntN(4)]
		got := within(a, vectors(ga), ga.rect(), b, d)
		if want := withinEveryVertex(a, b, d); got != want {
			t.Fatalf("pair %d: within %v, every vertex measured %v\na: %v %v (buffer %v)\nb: %v %v (buffer %v)\nd %v",
				n, got, want, ga.Type(), ga.pts, a.BufferM, gb.Type(), gb.pts, b.BufferM, d)
		}
		if got {
			near++
		} else {
			far++
		}
	}
	// Both answers must be common, or the comparison proves little.
	if near < n/10 || far < n/10 {
		t.Fatalf("%d pairs within and %d not: the shapes are not spread as meant", near, far)
	}
}

// randomShape is a point, a line or a simple polygon (star-shaped around
// its centre, up to 100 vertices) of a few kilometres to tens of
// kilometres, somewhere near (36°E, 34°N), sometimes near the pole or
// the antimeridian.
func randomShape(rng *rand.Rand) Geometry {
	lon, lat := 36+rng.Float64()*0.6, 34+rng.Float64()*0.6
	switch rng.IntN(10) {
	case 0:
		lon, lat = 179.8+rng.Float64()*0.19, -10+rng.Float64()*0.5
	case 1:
		lon, lat = rng.Float64()*10, 88.5+rng.Float64()*0.5
	}
	size := []float64{0.005, 0.05, 0.3}[rng.IntN(3)]
	at := func(ang, r float64) LonLat {
		return LonLat{Lon: min(180, lon+r*math.Cos(ang)), Lat: lat + r*math.Sin(ang)}
	}
	var g Geometry
	var err error
	switch rng.IntN(3) {
	case 0:
		g, err = NewPoint(LonLat{Lon: lon, Lat: lat})
	case 1:
		pts := make([]LonLat, 2+rng.IntN(9))
		for i := range pts {
			pts[i] = at(rng.Float64()*2*math.Pi, rng.Float64()*size)
		}
		g, err = NewLineString(pts...)
	default:
		k := 3 + rng.IntN(98)
		ring := make([]LonLat, 0, k+1)
		for i := range k {
			ring = append(ring, at(2*math.Pi*(float64(i)+0.5*rng.Float64())/float64(k), size*(0.3+0.7*rng.Float64())))
		}
		g, err = NewPolygon(Limits{}, append(ring, ring[0]))
	}
	if err != nil {
		return Geometry{}
	}
	return g
}

// withinEveryVertex is within as it was before sphereWithin measured
// only what is near: all of b's unit vectors made, every vertex of one
// shape measured against each edge of the other that meets its
// buffered bounds.
func withinEveryVertex(a, b Footprint, d float64) bool {
	ga, gb := a.Geometry, b.Geometry
	lim := max(a.buffer()+b.buffer()+d, 0)
	near := lim + 2*EdgeSlackM
	ga0, rb := ga.rect(), gb.rect()
	raBuf, n := ga0.buffer(near)
	ra := raBuf[:n]
	if !anyRectMeets(ra, rb) {
		return false
	}
	va, vb := vectors(ga), vectors(gb)
	if ga.typ() == TypePoint && gb.typ() == TypePoint {
		return s2.ChordAngleBetweenPoints(va[0], vb[0]) < metresToChord(SphereLimit(lim))
	}
	if meetsIn(ga, gb, ga0, rb) {
		return true
	}
	if lim == 0 {
		return false
	}
	padded := metresToChord(SphereLimit(lim) + edgeSlack(ga) + edgeSlack(gb))
	rbBuf, m := rb.buffer(near)
	test := func(g Geometry, vs []s2.Point, ws []s2.Point, close []Rect, lim s1.ChordAngle) bool {
		hit := false
		g.edges(func(i, j int) bool {
			p, q := g.pts[i], g.pts[j]
			if !anyRectMeets(close, Rect{min(p.Lon, q.Lon), min(p.Lat, q.Lat), max(p.Lon, q.Lon), max(p.Lat, q.Lat)}) {
				return true
			}
			for _, w := range ws {
				if s2.IsDistanceLess(w, vs[i], vs[j], lim) {
					hit = true
					return false
				}
			}
			return true
		})
		return hit
	}
	return test(gb, vb, va, ra, padded) || test(ga, va, vb, rbBuf[:m], padded)
}

// TestProbeResetIsNewProbe: one Probe reset for footprint after
// footprint answers as a new Probe made for each (a check keeps one for
// all its candidate's volumes): nothing of an earlier shape is left in
// it, whether the next is larger or smaller.
func TestProbeResetIsNewProbe(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	var kept Probe
	agree, near := 0, 0
	for agree < 5000 {
		ga, gb := randomShape(rng), randomShape(rng)
		if ga.IsZero() || gb.IsZero() {
			continue
		}
		a := Footprint{ga, rng.Float64() * 5000}
		b := Footprint{gb, rng.Float64() * 5000}
		d := []float64{0, 100, 2000, 20000}[rng.IntN(4)]
		kept.Reset(a)
		want := NewProbe(a).Within(b, d)
		if got := kept.Within(b, d); got != want {
			t.Fatalf("%v within %v of %v: reset probe %v, new probe %v", a, d, b, got, want)
		}
		if want {
			near++
		}
		agree++
	}
	if near < 500 || near > 4500 {
		t.Fatalf("%d of %d pairs within: the shapes do not fall on both sides of the limit", near, agree)
	}
}

// TestLooseBufferHoldsBuffer: the exact test's rectangles, grown with no
// trigonometric function, hold those Buffer grows, everywhere (by the
// antimeridian, by the poles, at every size the index meets), and are
// barely wider where the index's objects are.
func TestLooseBufferHoldsBuffer(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 5))
	holds := func(outer []Rect, in Rect) bool {
		// in's four corners and centre, each in one of outer's rectangles:
		// a rectangle split at the antimeridian is held piece by piece.
		for _, p := range []LonLat{{in.MinLon, in.MinLat}, {in.MaxLon, in.MaxLat}, {in.MinLon, in.MaxLat}, {in.MaxLon, in.MinLat},
			{(in.MinLon + in.MaxLon) / 2, (in.MinLat + in.MaxLat) / 2}} {
			if !anyRectHolds(outer, p) {
				return false
			}
		}
		return true
	}
	for i := range 200000 {
		lat := rng.Float64()*180 - 90
		if i%4 == 0 {
			lat = math.Copysign(85+5*rng.Float64(), lat) // by the poles
		}
		lon := rng.Float64()*360 - 180
		if i%4 == 1 {
			lon = math.Copysign(179+rng.Float64(), lon) // by the antimeridian
		}
		r := Rect{lon, lat, min(lon+rng.Float64()*rng.Float64()*2, 180), min(lat+rng.Float64()*rng.Float64()*2, 90)}
		m := math.Pow(10, rng.Float64()*7) // 1 m to 10,000 km
		if i%8 == 2 {
			m = 0
		}
		exact, n := r.buffer(m)
		loose, k := r.looseBuffer(m)
		for _, e := range exact[:n] {
			if !holds(loose[:k], e) {
				t.Fatalf("%v grown by %v m: loosely %v, which does not hold %v", r, m, loose[:k], exact[:n])
			}
		}
		// Where the index's objects are (|lat| ≤ 60°, up to 100 km), the
		// loose rectangle grows by as much to a part in a million.
		if math.Abs(lat) <= 58 && m <= 100000 && n == 1 && k == 1 {
			ge, gl := exact[0].MaxLon-exact[0].MinLon-(r.MaxLon-r.MinLon), loose[0].MaxLon-loose[0].MinLon-(r.MaxLon-r.MinLon)
			if gl > ge*(1+1e-6) || loose[0].MinLat != exact[0].MinLat || loose[0].MaxLat != exact[0].MaxLat {
				t.Fatalf("%v grown by %v m: loosely %v, exactly %v", r, m, loose[0], exact[0])
			}
		}
	}
}

// TestSinAbove: never below the sine on [0, π], and close to it where
// the exact test uses it.
func TestSinAbove(t *testing.T) {
	for i := 0; i <= 100000; i++ {
		x := math.Pi * float64(i) / 100000
		s, a := math.Sin(x), sinAbove(x)
		if a < s || (x <= 0.05 && a-s > 2e-13) || (x <= 1 && a-s > 2e-4) {
			t.Fatalf("sinAbove(%v) = %v, sin %v", x, a, s)
		}
	}
}

// TestCosBelow: never above the cosine on [-π/2, π/2], and close to it.
func TestCosBelow(t *testing.T) {
	for i := 0; i <= 100000; i++ {
		x := math.Pi/2*float64(i)/100000 - 1e-300
		c, b := math.Cos(x), cosBelow(x)
		if b > c || cosBelow(-x) != b || c-b > 5e-7 || (x <= math.Pi/4 && c-b > 1.2e-10) {
			t.Fatalf("cosBelow(%v) = %v, cos %v", x, b, c)
		}
	}
}

// TestVecIsS2s: the exact test's unit vectors are s2's, bit for bit,
// and its chord limits hold s2's and are as long to a part in a billion.
func TestVecIsS2s(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 6))
	for range 1000000 {
		p := LonLat{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
		if v, w := vec(p), s2.PointFromLatLng(s2.LatLngFromDegrees(p.Lat, p.Lon)); v != w {
			t.Fatalf("vec(%v) = %v, s2 %v", p, v, w)
		}
		m := math.Pow(10, rng.Float64()*8) // 1 m to 100,000 km
		got, want := metresToChord(m), s1.ChordAngleFromAngle(s1.Angle(m/EarthRadiusM)).Successor()
		if m >= math.Pi*EarthRadiusM {
			want = s1.StraightChordAngle
		}
		if got < want || float64(got) > float64(want)*(1+1e-9) {
			t.Fatalf("metresToChord(%v) = %v, s2 %v", m, float64(got), float64(want))
		}
	}
}
