package geo

import (
	"math"
	"strconv"
)

// LonLat is a WGS 84 position in degrees, longitude first as in GeoJSON.
type LonLat struct {
	Lon, Lat float64
}

// Type is a GeoJSON geometry type that truce accepts. The zero value is
// not a valid type, so an unset Geometry is recognisable.
type Type uint8

// The geometry types truce accepts. MultiPoint, MultiLineString and
// GeometryCollection are refused: no object of the product needs them.
const (
	TypeInvalid Type = iota
	TypePoint
	TypeLineString
	TypePolygon
	TypeMultiPolygon
)

// String returns the GeoJSON name of t.
func (t Type) String() string {
	switch t {
	case TypePoint:
		return "Point"
	case TypeLineString:
		return "LineString"
	case TypePolygon:
		return "Polygon"
	case TypeMultiPolygon:
		return "MultiPolygon"
	}
	return "invalid"
}

// Geometry is a validated GeoJSON geometry. Its zero value is invalid
// (Type() == TypeInvalid). A Geometry is immutable; copies share memory.
//
// The vertices include the points inserted by densification (see the
// package doc); they are marked and left out of MarshalJSON and of the
// accessors, which return the positions as given (minus repeated
// consecutive ones, and with altitudes dropped).
type Geometry struct {
	// Its type is not stored but told by its parts (see typ), as
	// Sound requires them: 8 bytes less in each of an index's volumes.
	//
	// pts holds every vertex. Rings are stored open (the closing
	// position is not repeated).
	pts []LonLat
	// extra is nil for points and for lines without densification, so
	// that the many small volumes of an index stay small: their bounds
	// are computed from pts when asked (a point's is its position), as
	// finish computed them, and a Geometry is 32 bytes, not 72.
	*extra
}

// typ returns g's type, told by its parts: no positions, invalid; no
// extra, a Point (one position) or a LineString; with extra, a
// LineString (densified) when it has no rings, a MultiPolygon when it
// has polygons, else a Polygon.
func (g *Geometry) typ() Type {
	if g.extra == nil {
		switch len(g.pts) {
		case 0:
			return TypeInvalid
		case 1:
			return TypePoint
		}
		return TypeLineString
	}
	if len(g.ends) == 0 {
		if len(g.pts) < 2 {
			return TypeInvalid
		}
		return TypeLineString
	}
	if len(g.polys) > 0 {
		return TypeMultiPolygon
	}
	return TypePolygon
}

type extra struct {
	// ends[i] is the end offset in pts of ring i (Polygon, MultiPolygon).
	ends []int32
	// polys[i] is the end offset in ends of polygon i (MultiPolygon only).
	polys []int32
	// added is a bitset over pts marking vertices inserted by
	// densification; nil when there are none.
	added []uint64
	// bounds are those of the positions as given (before
	// densification), which a geometry with extra may not equal.
	bounds Rect
}

// rect returns g's bounds: extra's, or those of pts.
func (g *Geometry) rect() Rect {
	if g.extra != nil {
		return g.extra.bounds
	}
	if len(g.pts) == 1 {
		q := g.pts[0]
		return Rect{q.Lon, q.Lat, q.Lon, q.Lat}
	}
	r := emptyRect()
	for _, q := range g.pts {
		r.extend(q)
	}
	return r
}

func (g Geometry) numRings() int {
	if g.extra == nil {
		return 0
	}
	return len(g.ends)
}

// Type returns the geometry's type.
func (g Geometry) Type() Type { return g.typ() }

// IsZero reports whether g is the zero (invalid) Geometry.
func (g Geometry) IsZero() bool { return g.typ() == TypeInvalid }

// Bounds returns the smallest longitude/latitude rectangle holding every
// position of g. A shape split at the antimeridian has bounds spanning
// the whole range of longitude between its parts.
func (g Geometry) Bounds() Rect { return g.rect() }

// NumVertices returns the number of positions as given (after dropping
// repeated consecutive positions; a ring's closing position not counted).
func (g Geometry) NumVertices() int {
	n := len(g.pts)
	if g.extra == nil {
		return n
	}
	for _, w := range g.added {
		n -= popcount(w)
	}
	return n
}

func popcount(w uint64) int {
	n := 0
	for w != 0 {
		w &= w - 1
		n++
	}
	return n
}

func (g Geometry) isAdded(i int) bool {
	if g.extra == nil || g.added == nil {
		return false
	}
	return g.added[i>>6]&(1<<(uint(i)&63)) != 0
}

// Point returns the position of a Point, or the first position of any
// other geometry.
func (g Geometry) Point() LonLat {
	if len(g.pts) == 0 {
		return LonLat{}
	}
	return g.pts[0]
}

// Line returns the positions of a LineString (nil for other types).
func (g Geometry) Line() []LonLat {
	if g.typ() != TypeLineString {
		return nil
	}
	return g.original(0, len(g.pts), false)
}

// Polygons returns the rings of a Polygon (one element) or MultiPolygon,
// each ring closed as in GeoJSON (first position repeated last), or nil
// for other types.
func (g Geometry) Polygons() [][][]LonLat {
	if g.typ() != TypePolygon && g.typ() != TypeMultiPolygon {
		return nil
	}
	var out [][][]LonLat
	for p := 0; p < g.numPolys(); p++ {
		r0, r1 := g.polyRings(p)
		var rings [][]LonLat
		for r := r0; r < r1; r++ {
			s, e := g.ring(r)
			rings = append(rings, g.original(s, e, true))
		}
		out = append(out, rings)
	}
	return out
}

func (g Geometry) original(s, e int, closed bool) []LonLat {
	out := make([]LonLat, 0, e-s+1)
	for i := s; i < e; i++ {
		if !g.isAdded(i) {
			out = append(out, g.pts[i])
		}
	}
	if closed {
		out = append(out, out[0])
	}
	return out
}

// numPolys returns the number of polygons of an areal geometry.
func (g Geometry) numPolys() int {
	if g.typ() == TypeMultiPolygon {
		return len(g.polys)
	}
	if g.typ() == TypePolygon {
		return 1
	}
	return 0
}

// polyRings returns the ring index range [r0, r1) of polygon p.
func (g Geometry) polyRings(p int) (int, int) {
	if g.typ() == TypePolygon {
		return 0, len(g.ends)
	}
	r0 := 0
	if p > 0 {
		r0 = int(g.polys[p-1])
	}
	return r0, int(g.polys[p])
}

// ring returns the vertex range [s, e) of ring r.
func (g Geometry) ring(r int) (int, int) {
	s := 0
	if r > 0 {
		s = int(g.ends[r-1])
	}
	return s, int(g.ends[r])
}

func (g Geometry) areal() bool { return g.typ() == TypePolygon || g.typ() == TypeMultiPolygon }

// Area returns the area of a Polygon or MultiPolygon in square metres on
// the sphere (holes subtracted), and 0 for other types. The edges are the
// straight lon/lat lines of RFC 7946, integrated exactly.
func (g Geometry) Area() float64 {
	a := 0.0
	for p := 0; p < g.numPolys(); p++ {
		r0, r1 := g.polyRings(p)
		for r := r0; r < r1; r++ {
			s, e := g.ring(r)
			ra := math.Abs(ringArea(g.pts[s:e]))
			if r == r0 {
				a += ra
			} else {
				a -= ra
			}
		}
	}
	return a
}

// ringArea returns the signed area of an open ring in square metres,
// positive when counterclockwise in the lon/lat plane. By Green's
// theorem the area ∬ R² cos φ dφ dλ equals -R² ∮ sin φ dλ; along a
// straight lon/lat edge φ is linear in λ, so each edge integrates in
// closed form.
func ringArea(ring []LonLat) float64 {
	sum := 0.0
	n := len(ring)
	for i := 0; i < n; i++ {
		a, b := ring[i], ring[(i+1)%n]
		dl := (b.Lon - a.Lon) * deg
		h := (b.Lat - a.Lat) * deg / 2
		m := (a.Lat + b.Lat) * deg / 2
		sinc := 1.0
		if h != 0 {
			sinc = math.Sin(h) / h
		}
		sum -= dl * math.Sin(m) * sinc
	}
	return sum * EarthRadiusM * EarthRadiusM
}

// MarshalJSON writes g as a GeoJSON geometry with the positions as given
// (densification points left out, altitudes dropped). Numbers are written
// in the shortest form that reads back to the same float64, so a parsed
// geometry round-trips exactly.
func (g Geometry) MarshalJSON() ([]byte, error) {
	if g.typ() == TypeInvalid {
		return []byte("null"), nil
	}
	b := make([]byte, 0, 32+len(g.pts)*24)
	b = append(b, `{"type":"`...)
	b = append(b, g.typ().String()...)
	b = append(b, `","coordinates":`...)
	switch g.typ() {
	case TypePoint:
		b = appendPos(b, g.pts[0])
	case TypeLineString:
		b = appendPositions(b, g.Line())
	case TypePolygon:
		b = appendRings(b, g.Polygons()[0])
	case TypeMultiPolygon:
		b = append(b, '[')
		for i, p := range g.Polygons() {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendRings(b, p)
		}
		b = append(b, ']')
	}
	b = append(b, '}')
	return b, nil
}

// UnmarshalJSON reads a geometry written by MarshalJSON (or any GeoJSON
// geometry) with the validation of Parse but without its size limits,
// which are a policy for requests, not for data already accepted. JSON
// null gives the zero Geometry. Errors are *truce.Error with the field
// errors of Parse, paths starting at "coordinates".
func (g *Geometry) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*g = Geometry{}
		return nil
	}
	p, errs := Parse(data, "", Unlimited)
	if errs != nil {
		return errs.Err()
	}
	*g = p
	return nil
}

func appendPos(b []byte, p LonLat) []byte {
	b = append(b, '[')
	b = strconv.AppendFloat(b, p.Lon, 'g', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, p.Lat, 'g', -1, 64)
	return append(b, ']')
}

func appendPositions(b []byte, ps []LonLat) []byte {
	b = append(b, '[')
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPos(b, p)
	}
	return append(b, ']')
}

func appendRings(b []byte, rings [][]LonLat) []byte {
	b = append(b, '[')
	for i, r := range rings {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendPositions(b, r)
	}
	return append(b, ']')
}

// Rect is a longitude/latitude rectangle in degrees, edges included.
// MinLon ≤ MaxLon always: a rectangle never wraps across the antimeridian
// (Rect.Buffer returns two rectangles instead).
type Rect struct {
	MinLon, MinLat, MaxLon, MaxLat float64
}

// Intersects reports whether r and o share a point.
func (r Rect) Intersects(o Rect) bool {
	return r.MinLon <= o.MaxLon && o.MinLon <= r.MaxLon && r.MinLat <= o.MaxLat && o.MinLat <= r.MaxLat
}

// Contains reports whether p lies in r (edges included).
func (r Rect) Contains(p LonLat) bool {
	return p.Lon >= r.MinLon && p.Lon <= r.MaxLon && p.Lat >= r.MinLat && p.Lat <= r.MaxLat
}

func (r *Rect) extend(p LonLat) {
	r.MinLon = min(r.MinLon, p.Lon)
	r.MaxLon = max(r.MaxLon, p.Lon)
	r.MinLat = min(r.MinLat, p.Lat)
	r.MaxLat = max(r.MaxLat, p.Lat)
}

// cosBelow returns at most cos x for |x| ≤ π/2, within 5e-7 of it (at
// π/2; 1.2e-10 at π/4): the cosine's series to its x¹⁰ term, whose rest,
// cos(ξ) x¹²/12!, is not negative there; less 1e-15, for the rounding of
// the sum, which near 0 is closer to the cosine than a float64 tells.
func cosBelow(x float64) float64 {
	x2 := x * x
	return 1 - x2*0.5*(1-x2*(1.0/12)*(1-x2*(1.0/30)*(1-x2*(1.0/56)*(1-x2*(1.0/90))))) - 1e-15
}

// sinAbove returns at least sin x for x ≥ 0, within x⁷/5040 of it: the
// sine's series to its x⁵ term, whose rest is not positive there, and
// 1e-15 of it more, for the rounding of the sum. (Products with the
// reciprocals, not quotients: a division takes several times a
// product's time.)
func sinAbove(x float64) float64 {
	x2 := x * x
	return x * (1 - x2*(1.0/6)*(1-x2*(1.0/20))) * (1 + 1e-15)
}

func emptyRect() Rect {
	return Rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
}

// Buffer returns rectangles whose union holds every point within
// SphereLimit(m) metres on the sphere of r, plus 2 × EdgeSlackM for the
// slack Within allows a shape with edges and for the bend of densified
// edges: so it holds every point within m metres on the ellipsoid, and
// two buffered rectangles meet whenever Within can find shapes inside
// them close enough. Near a pole the
// result spans all longitudes; across the antimeridian it is split into
// two rectangles, one ending at 180 and one starting at -180.
func (r Rect) Buffer(m float64) []Rect {
	rs, n := r.buffer(m)
	return append([]Rect(nil), rs[:n]...)
}

// buffer is Buffer into an array: the first n rectangles of rs. The
// exact test calls it for every pair it compares, so it must not
// allocate.
func (r Rect) buffer(m float64) (rs [2]Rect, n int) { return r.grow(m, false) }

// looseBuffer is buffer with no trigonometric function: its rectangles
// hold buffer's, a little wider (by parts in a million of the growth at
// the distances of an index, more near the poles). The exact test, which
// grows two rectangles for every pair it compares and uses them only to
// pass over what cannot be near, calls it.
func (r Rect) looseBuffer(m float64) (rs [2]Rect, n int) { return r.grow(m, true) }

// grow implements buffer and looseBuffer.
func (r Rect) grow(m float64, loose bool) (rs [2]Rect, n int) {
	d := (SphereLimit(m) + 2*EdgeSlackM + 1) * (1 / EarthRadiusM) // radians
	dd := d * (1 / deg)
	out := Rect{MinLat: r.MinLat - dd, MaxLat: r.MaxLat + dd}
	full := false
	if out.MinLat <= -90 || out.MaxLat >= 90 || d >= math.Pi/2 {
		full = true
	} else {
		// The largest change of longitude within angular distance d of a
		// point at latitude φ is asin(sin d / cos φ); it grows with |φ|,
		// so the rectangle's most poleward latitude bounds it.
		phi := max(math.Abs(out.MinLat), math.Abs(out.MaxLat)) * deg
		var dl float64
		if loose {
			// sin d ≤ sinAbove(d), cos φ ≥ cosBelow(φ), and asin x ≤
			// x + x³ / 6(1 − x²) (each coefficient of asin's series past
			// x is at most 1/6): each bound widens, so the rectangle
			// holds buffer's.
			c := cosBelow(phi)
			if c <= 0 {
				full = true
			} else if s := sinAbove(d) / c; s >= 1 {
				full = true
			} else {
				s2 := s * s
				dl = s * (1 + s2/(6-6*s2)) * ((1 + 1e-12) / deg)
			}
		} else {
			s := math.Sin(d) / math.Cos(phi)
			if s >= 1 {
				full = true
			} else {
				dl = math.Asin(s) / deg * (1 + 1e-12)
			}
		}
		if !full {
			out.MinLon, out.MaxLon = r.MinLon-dl, r.MaxLon+dl
			if out.MaxLon-out.MinLon >= 360 {
				full = true
			}
		}
	}
	out.MinLat, out.MaxLat = max(out.MinLat, -90), min(out.MaxLat, 90)
	if full {
		out.MinLon, out.MaxLon = -180, 180
		return [2]Rect{out}, 1
	}
	switch {
	case out.MinLon < -180:
		a, b := out, out
		a.MinLon, a.MaxLon = out.MinLon+360, 180
		b.MinLon = -180
		return [2]Rect{b, a}, 2
	case out.MaxLon > 180:
		a, b := out, out
		a.MaxLon = 180
		b.MinLon, b.MaxLon = -180, out.MaxLon-360
		return [2]Rect{b, a}, 2
	}
	return [2]Rect{out}, 1
}
