package geo

import "math/big"

// Exact predicates in the lon/lat plane, where RFC 7946 draws its edges.
// Validity and containment must not depend on rounding: a ring judged
// simple here is simple, so a floating-point filter decides the easy cases
// and exact rational arithmetic the rest.

// orient returns +1 if c lies to the left of the directed line a→b, -1 if
// to the right and 0 if the three points are collinear, exactly.
func orient(a, b, c LonLat) int {
	// A difference of two floats is zero only when they are equal, so a
	// zero factor on each side makes the determinant exactly zero. This
	// is the common degenerate case (a repeated point, a point "edge").
	if (a.Lon == b.Lon || a.Lat == c.Lat) && (a.Lat == b.Lat || a.Lon == c.Lon) {
		return 0
	}
	l := (b.Lon - a.Lon) * (c.Lat - a.Lat)
	r := (b.Lat - a.Lat) * (c.Lon - a.Lon)
	det := l - r
	// Shewchuk's error bound for this expression (ccwerrboundA).
	bound := 3.3306690738754716e-16 * (abs(l) + abs(r))
	if det > bound {
		return 1
	}
	if -det > bound {
		return -1
	}
	return orientExact(a, b, c)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func orientExact(a, b, c LonLat) int {
	r := func(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }
	bx := new(big.Rat).Sub(r(b.Lon), r(a.Lon))
	cy := new(big.Rat).Sub(r(c.Lat), r(a.Lat))
	by := new(big.Rat).Sub(r(b.Lat), r(a.Lat))
	cx := new(big.Rat).Sub(r(c.Lon), r(a.Lon))
	l := new(big.Rat).Mul(bx, cy)
	return l.Cmp(new(big.Rat).Mul(by, cx))
}

// between reports whether p, known to be collinear with a and b, lies on
// the closed segment ab.
func between(a, b, p LonLat) bool {
	return p.Lon >= min(a.Lon, b.Lon) && p.Lon <= max(a.Lon, b.Lon) &&
		p.Lat >= min(a.Lat, b.Lat) && p.Lat <= max(a.Lat, b.Lat)
}

// segmentsMeet reports whether the closed segments ab and cd share a point.
func segmentsMeet(a, b, c, d LonLat) bool {
	// Segments whose bounds are apart first, a point among them: the
	// exact test of a point against a polygon asks of every edge whether
	// the point is on it, and few edges are near.
	if max(a.Lon, b.Lon) < min(c.Lon, d.Lon) || max(c.Lon, d.Lon) < min(a.Lon, b.Lon) ||
		max(a.Lat, b.Lat) < min(c.Lat, d.Lat) || max(c.Lat, d.Lat) < min(a.Lat, b.Lat) {
		return false
	}
	if c == d {
		return orient(a, b, c) == 0 && between(a, b, c)
	}
	if a == b {
		return orient(c, d, a) == 0 && between(c, d, a)
	}
	o1, o2 := orient(a, b, c), orient(a, b, d)
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return (o1 == 0 && between(a, b, c)) || (o2 == 0 && between(a, b, d)) ||
		(o3 == 0 && between(c, d, a)) || (o4 == 0 && between(c, d, b))
}

// inRing reports whether p lies inside the open ring (a winding-number
// test with exact orientation). Points on the boundary may go either way;
// callers that care about the boundary measure distance as well.
func inRing(p LonLat, ring []LonLat) bool {
	wn := 0
	n := len(ring)
	for i := 0; i < n; i++ {
		a, b := ring[i], ring[(i+1)%n]
		if a.Lat <= p.Lat {
			if b.Lat > p.Lat && orient(a, b, p) > 0 {
				wn++
			}
		} else if b.Lat <= p.Lat && orient(a, b, p) < 0 {
			wn--
		}
	}
	return wn != 0
}

// inPolygon reports whether p lies inside polygon pi of g: inside its
// shell and outside its holes.
func (g Geometry) inPolygon(p LonLat, pi int) bool {
	r0, r1 := g.polyRings(pi)
	s, e := g.ring(r0)
	if !g.ringBounds(s, e).Contains(p) || !inRing(p, g.pts[s:e]) {
		return false
	}
	for r := r0 + 1; r < r1; r++ {
		s, e := g.ring(r)
		if inRing(p, g.pts[s:e]) {
			return false
		}
	}
	return true
}

// contains reports whether p lies inside an areal geometry g.
func (g Geometry) contains(p LonLat) bool {
	if !g.rect().Contains(p) {
		return false
	}
	for pi := 0; pi < g.numPolys(); pi++ {
		if g.inPolygon(p, pi) {
			return true
		}
	}
	return false
}

func (g Geometry) ringBounds(s, e int) Rect {
	if g.typ() == TypePolygon && s == 0 {
		return g.rect() // the shell bounds the polygon
	}
	r := emptyRect()
	for _, p := range g.pts[s:e] {
		r.extend(p)
	}
	return r
}
