package geo

import (
	"errors"
	"math"
)

// Sound reports whether g holds together as Parse and this package's
// constructors leave a Geometry: a known type, finite positions on the
// globe, rings and polygons that end where their offsets say, a bitset
// of inserted vertices as long as the vertices, finite bounds. A
// Geometry read back from bytes (a center's snapshot) is checked with it
// before any other method runs on it: those trust the invariants, and a
// broken one could send them out of range or around a loop for ever.
func (g Geometry) Sound() error {
	n := len(g.pts)
	switch g.typ() {
	case TypePoint:
		if n != 1 || g.extra != nil {
			return errors.New("geo: a point of other than one position")
		}
	case TypeLineString:
		if n < 2 || (g.extra != nil && (g.ends != nil || g.polys != nil)) {
			return errors.New("geo: a line of fewer than two positions, or with rings")
		}
	case TypePolygon, TypeMultiPolygon:
		if g.extra == nil || len(g.ends) == 0 {
			return errors.New("geo: a polygon without rings")
		}
		prev := int32(0)
		for _, e := range g.ends {
			if e-prev < 3 || int(e) > n {
				return errors.New("geo: a ring of fewer than three positions, or beyond them")
			}
			prev = e
		}
		if int(prev) != n {
			return errors.New("geo: positions after the last ring")
		}
		if g.typ() == TypePolygon && g.polys != nil {
			return errors.New("geo: a polygon with the parts of a multipolygon")
		}
		if g.typ() == TypeMultiPolygon {
			prev := int32(0)
			for _, p := range g.polys {
				if p <= prev || int(p) > len(g.ends) {
					return errors.New("geo: a polygon of no ring, or beyond them")
				}
				prev = p
			}
			if len(g.polys) == 0 || int(prev) != len(g.ends) {
				return errors.New("geo: rings after the last polygon")
			}
		}
	default:
		return errors.New("geo: no known type")
	}
	if g.extra != nil && g.added != nil && len(g.added) != (n+63)/64 {
		return errors.New("geo: the inserted vertices' bitset is not as long as the vertices")
	}
	for _, p := range g.pts {
		if !onGlobe(p.Lon, p.Lat) {
			return errors.New("geo: a position off the globe")
		}
	}
	b := g.rect()
	if !onGlobe(b.MinLon, b.MinLat) || !onGlobe(b.MaxLon, b.MaxLat) || b.MinLon > b.MaxLon || b.MinLat > b.MaxLat {
		return errors.New("geo: bounds off the globe or inside out")
	}
	return nil
}

func onGlobe(lon, lat float64) bool {
	return !math.IsNaN(lon) && !math.IsNaN(lat) && math.Abs(lon) <= 180 && math.Abs(lat) <= 90
}
