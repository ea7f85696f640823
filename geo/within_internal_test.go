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
