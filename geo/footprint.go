package geo

import (
	"math"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// Footprint is a geometry grown by a buffer: every point within BufferM
// metres of it. It is the horizontal part of every volume truce reasons
// about: a Point with a radius, a LineString with half a corridor's width,
// a Polygon with 0 or a site's protective buffer.
type Footprint struct {
	Geometry Geometry
	// BufferM is in metres; a negative value counts as 0.
	BufferM float64
}

func (f Footprint) buffer() float64 { return max(f.BufferM, 0) }

// Intersects reports whether the two buffered shapes share a point: the
// distance between the geometries is at most the sum of the buffers, and
// a geometry inside a polygon is at distance 0. Touching counts.
func (a Footprint) Intersects(b Footprint) bool { return a.Within(b, 0) }

// Within reports whether the two buffered shapes come within d metres of
// each other. Topology (touching, crossing, containment) is decided
// exactly on the straight lon/lat edges. Distances are measured on the
// sphere against a padded limit (SphereLimit, and EdgeSlackM for each
// shape with edges), so that Within never answers false for shapes that
// come within d metres on the WGS 84 ellipsoid: its only error is a false
// alarm, of at most 0.6 % of the limit plus 15 m per shape with edges.
// With nothing to pad (both buffers and d zero), the answer is exact.
func (a Footprint) Within(b Footprint, d float64) bool {
	return within(a, nil, a.Geometry.rect(), b, d)
}

// Probe is a footprint prepared for comparison with many others: the
// unit vectors of its vertices are computed once. A Probe is read-only
// and safe for concurrent use.
type Probe struct {
	f  Footprint
	vs []s2.Point
	r  Rect // f's bounds, which a line computes from its vertices
}

// NewProbe prepares f for repeated Within tests.
func NewProbe(f Footprint) *Probe {
	p := &Probe{}
	p.Reset(f)
	return p
}

// Reset prepares p for f, as NewProbe does, keeping the memory it holds
// (a caller that tests many footprints keeps one Probe). It is not safe
// while p is in use.
func (p *Probe) Reset(f Footprint) {
	p.f, p.vs, p.r = f, p.vs[:0], Rect{}
	if !f.Geometry.IsZero() {
		p.vs = appendVectors(p.vs, f.Geometry)
		p.r = f.Geometry.rect()
	}
}

// Within is f.Within(o, d) for the probe's footprint f.
func (p *Probe) Within(o Footprint, d float64) bool { return within(p.f, p.vs, p.r, o, d) }

// within implements Within; va, when not nil, holds the unit vectors of
// a's vertices, and ga0 is the bounds of a's geometry.
func within(a Footprint, va []s2.Point, ga0 Rect, b Footprint, d float64) bool {
	ga, gb := a.Geometry, b.Geometry
	if ga.IsZero() || gb.IsZero() {
		return false
	}
	lim := max(a.buffer()+b.buffer()+d, 0)
	// near bounds, with room for the slack and for the pieces' bend,
	// where anything that can pass the padded test lies.
	near := lim + 2*EdgeSlackM
	// Each shape's bounds once (ga0 is a's): a line's are computed from
	// its vertices (Geometry.rect), and meets needs them again.
	rb := gb.rect()
	raBuf, n := ga0.looseBuffer(near)
	ra := raBuf[:n]
	if !anyRectMeets(ra, rb) {
		return false
	}
	if ga.typ() == TypePoint && gb.typ() == TypePoint {
		// The commonest pair (a strike and a site): one chord.
		var pa s2.Point
		if va != nil {
			pa = va[0]
		} else {
			pa = vec(ga.pts[0])
		}
		return s2.ChordAngleBetweenPoints(pa, vec(gb.pts[0])) < metresToChord(SphereLimit(lim))
	}
	if meetsIn(ga, gb, ga0, rb) {
		return true
	}
	if lim == 0 {
		return false // meets is exact on the shapes RFC 7946 describes
	}
	if va == nil {
		va = vectors(ga)
	}
	// The padded limit: the sphere's stretch over the ellipsoid, and the
	// bend of each shape's densified pieces away from its lon/lat edges.
	// Its millimetre of allowance also absorbs rounding, so that 180° and
	// -180°, whose unit vectors differ in the last bits, count as one
	// meridian.
	padded := SphereLimit(lim) + edgeSlack(ga) + edgeSlack(gb)
	rbBuf, n := rb.looseBuffer(near)
	return sphereWithin(ga, va, gb, metresToChord(padded), ra, rbBuf[:n])
}

// edgeSlack is the allowance a shape's edges need: none for a Point.
func edgeSlack(g Geometry) float64 {
	if g.typ() == TypePoint {
		return 0
	}
	return EdgeSlackM
}

// Distance returns the distance in metres between the two buffered
// shapes, 0 when they share a point.
func (a Footprint) Distance(b Footprint) float64 {
	ga, gb := a.Geometry, b.Geometry
	if ga.IsZero() || gb.IsZero() {
		return math.Inf(1)
	}
	if meets(ga, gb) {
		return 0
	}
	best := s1.StraightChordAngle.Successor()
	va, vb := vectors(ga), vectors(gb)
	minEdges := func(g Geometry, vs []s2.Point, ws []s2.Point) {
		g.edges(func(i, j int) bool {
			for _, w := range ws {
				best, _ = s2.UpdateMinDistance(w, vs[i], vs[j], best)
			}
			return true
		})
	}
	minEdges(gb, vb, va)
	minEdges(ga, va, vb)
	dist := float64(best.Angle()) * EarthRadiusM
	return max(dist-a.buffer()-b.buffer(), 0)
}

// Cover returns rectangles whose union holds the buffered footprint grown
// by extraM metres more, padded as Rect.Buffer pads, so that two covers
// meet whenever Within can find their footprints close enough. A LineString is covered piecewise, each piece
// spanning at most about maxSpanDeg degrees, so that a long diagonal route
// is not one huge rectangle; other geometries get their bounds. Pieces
// that cross the antimeridian or reach a pole are split or widened as
// Rect.Buffer does. maxSpanDeg ≤ 0 means one rectangle.
func (f Footprint) Cover(extraM, maxSpanDeg float64) []Rect {
	return f.AppendCover(nil, extraM, maxSpanDeg)
}

// AppendCover is Cover appending to out: a check gives a buffer on its
// stack, so that the commonest covers (one or two rectangles) allocate
// nothing.
func (f Footprint) AppendCover(out []Rect, extraM, maxSpanDeg float64) []Rect {
	g := f.Geometry
	m := f.buffer() + max(extraM, 0)
	if g.typ() != TypeLineString || maxSpanDeg <= 0 {
		rs, n := g.rect().buffer(m)
		return append(out, rs[:n]...)
	}
	start := 0
	r := emptyRect()
	r.extend(g.pts[0])
	for i := 1; i < len(g.pts); i++ {
		next := r
		next.extend(g.pts[i])
		if (next.MaxLon-next.MinLon > maxSpanDeg || next.MaxLat-next.MinLat > maxSpanDeg) && i-1 > start {
			// Close the piece at the previous vertex; the next piece
			// starts there.
			rs, n := r.buffer(m)
			out = append(out, rs[:n]...)
			start = i - 1
			r = emptyRect()
			r.extend(g.pts[i-1])
			r.extend(g.pts[i])
			continue
		}
		r = next
	}
	rs, n := r.buffer(m)
	return append(out, rs[:n]...)
}

func anyRectMeets(rs []Rect, o Rect) bool {
	for _, r := range rs {
		if r.Intersects(o) {
			return true
		}
	}
	return false
}

// edges calls fn with the vertex indices of each edge of g; a Point is one
// degenerate edge. fn returns false to stop.
func (g Geometry) edges(fn func(i, j int) bool) bool {
	switch g.typ() {
	case TypePoint:
		return fn(0, 0)
	case TypeLineString:
		for i := 0; i+1 < len(g.pts); i++ {
			if !fn(i, i+1) {
				return false
			}
		}
		return true
	}
	for r := range g.numRings() {
		s, e := g.ring(r)
		for i := s; i < e; i++ {
			j := i + 1
			if j == e {
				j = s
			}
			if !fn(i, j) {
				return false
			}
		}
	}
	return true
}

// starts calls fn with one vertex of each connected boundary part of g
// (the point, the line, each ring).
func (g Geometry) starts(fn func(p LonLat) bool) bool {
	if !g.areal() {
		return fn(g.pts[0])
	}
	for r := range g.numRings() {
		s, _ := g.ring(r)
		if !fn(g.pts[s]) {
			return false
		}
	}
	return true
}

// meets reports exactly whether ga and gb share a point in the lon/lat
// plane: one lies (partly) inside the other, or their edges meet. When no
// edges meet, each boundary part lies wholly inside or outside the other
// shape, so one vertex per part decides containment.
func meets(ga, gb Geometry) bool { return meetsIn(ga, gb, ga.rect(), gb.rect()) }

// meetsIn is meets given the bounds of ga and gb.
func meetsIn(ga, gb Geometry, ra, rb Rect) bool {
	if !ra.Intersects(rb) {
		return false
	}
	if ga.areal() && !gb.starts(func(p LonLat) bool { return !ga.contains(p) }) {
		return true
	}
	if gb.areal() && !ga.starts(func(p LonLat) bool { return !gb.contains(p) }) {
		return true
	}
	hit := false
	ga.edges(func(i, j int) bool {
		a, b := ga.pts[i], ga.pts[j]
		er := Rect{min(a.Lon, b.Lon), min(a.Lat, b.Lat), max(a.Lon, b.Lon), max(a.Lat, b.Lat)}
		if !er.Intersects(rb) {
			return true
		}
		gb.edges(func(k, l int) bool {
			if segmentsMeet(a, b, gb.pts[k], gb.pts[l]) {
				hit = true
				return false
			}
			return true
		})
		return !hit
	})
	return hit
}

func vectors(g Geometry) []s2.Point { return appendVectors(nil, g) }

// appendVectors appends the unit vectors of g's vertices to vs.
func appendVectors(vs []s2.Point, g Geometry) []s2.Point {
	for _, p := range g.pts {
		vs = append(vs, vec(p))
	}
	return vs
}

// sphereWithin reports whether some vertex of one geometry lies within
// lim of an edge of the other. For geodesic edges that do not cross, the
// closest pair of points includes an endpoint, so this is the distance
// test. va holds the unit vectors of ga's vertices. ra and rb are the
// buffered bounds of ga and gb: everything within lim of a shape lies in
// its buffered bounds, so an edge of one that misses the other's, or a
// vertex outside them, cannot be close enough, and is not measured.
//
// It runs for every pair a check's exact test compares, most often a
// strike's point against a zone of dozens of vertices of which a few
// are near: gb's unit vectors (a sine and a cosine each) are computed
// only for the ends of its edges near ga, and each edge is measured
// against only the other's vertices near it.
func sphereWithin(ga Geometry, va []s2.Point, gb Geometry, lim s1.ChordAngle, ra, rb []Rect) bool {
	// gb's vectors, each made when first needed; on the stack when they
	// fit (most shapes of an index).
	var vbBuf [64]s2.Point
	var madeBuf [64]bool
	vb, made := vbBuf[:], madeBuf[:]
	if n := len(gb.pts); n > len(vbBuf) {
		vb, made = make([]s2.Point, n), make([]bool, n)
	}
	vecB := func(k int) s2.Point {
		if !made[k] {
			vb[k], made[k] = vec(gb.pts[k]), true
		}
		return vb[k]
	}
	// ga's vertices near gb.
	var nearABuf [64]s2.Point
	nearA := nearABuf[:0]
	for k, p := range ga.pts {
		if anyRectHolds(rb, p) {
			nearA = append(nearA, va[k])
		}
	}
	hit := false
	if len(nearA) > 0 {
		gb.edges(func(i, j int) bool {
			a, b := gb.pts[i], gb.pts[j]
			if !anyRectMeets(ra, Rect{min(a.Lon, b.Lon), min(a.Lat, b.Lat), max(a.Lon, b.Lon), max(a.Lat, b.Lat)}) {
				return true
			}
			x, y := vecB(i), vecB(j)
			for _, w := range nearA {
				if s2.IsDistanceLess(w, x, y, lim) {
					hit = true
					return false
				}
			}
			return true
		})
		if hit {
			return true
		}
	}
	// gb's vertices near ga, found when an edge of ga first needs them.
	var nearBBuf [64]int32
	var nearB []int32
	found := false
	ga.edges(func(i, j int) bool {
		a, b := ga.pts[i], ga.pts[j]
		if !anyRectMeets(rb, Rect{min(a.Lon, b.Lon), min(a.Lat, b.Lat), max(a.Lon, b.Lon), max(a.Lat, b.Lat)}) {
			return true
		}
		if !found {
			found, nearB = true, nearBBuf[:0]
			for k, p := range gb.pts {
				if anyRectHolds(ra, p) {
					nearB = append(nearB, int32(k))
				}
			}
		}
		for _, k := range nearB {
			if s2.IsDistanceLess(vecB(int(k)), va[i], va[j], lim) {
				hit = true
				return false
			}
		}
		return len(nearB) > 0
	})
	return hit
}

// anyRectHolds reports whether p lies in one of rs.
func anyRectHolds(rs []Rect, p LonLat) bool {
	for _, r := range rs {
		if r.Contains(p) {
			return true
		}
	}
	return false
}
