package geo

import (
	"math"
	"unsafe"
)

// A million stored objects hold a million geometries twice: parsed for
// the API (truce.GeoJSON, positions as float64 pairs) and parsed here for
// the conflict index (vertices as LonLat). For points and routes that
// densification left as given, the two are the same numbers in the same
// layout; Share and Repack let the index keep one copy (issue 17 item 2).

// Share returns g reading its vertices from pos (longitude and latitude
// in turn, as truce.GeoJSON keeps a geometry's positions) when they are
// exactly g's vertices, bit for bit: a Point, or a LineString with no
// vertex added by densification and none dropped as repeated. Otherwise
// it returns g. pos must not change while the result is used, as a
// Geometry never changes.
func (g Geometry) Share(pos []float64) Geometry {
	if g.extra != nil || (g.typ() != TypePoint && g.typ() != TypeLineString) || len(pos) == 0 || len(pos) != 2*len(g.pts) {
		return g
	}
	for i, p := range g.pts {
		if math.Float64bits(p.Lon) != math.Float64bits(pos[2*i]) || math.Float64bits(p.Lat) != math.Float64bits(pos[2*i+1]) {
			return g
		}
	}
	// A LonLat is two float64s, without padding: pos read as len(pos)/2
	// of them is the same memory.
	g.pts = unsafe.Slice((*LonLat)(unsafe.Pointer(unsafe.SliceData(pos))), len(pos)/2)
	return g
}

// Shares reports whether g reads its vertices from pos (Share).
func (g Geometry) Shares(pos []float64) bool {
	return len(g.pts) > 0 && len(pos) == 2*len(g.pts) && unsafe.Pointer(unsafe.SliceData(g.pts)) == unsafe.Pointer(unsafe.SliceData(pos))
}

// Repack copies the vertices of the packed geometries gs into one new
// array and has each read them there, so that whatever arrays they read
// them from before (a snapshot's, which hold other geometries too) are
// no longer held by them.
func Repack(gs []*Packed) {
	n := 0
	for _, g := range gs {
		n += int(g.n)
	}
	all := make([]LonLat, n)
	for _, g := range gs {
		k := copy(all, unsafe.Slice(g.pts, g.n))
		switch {
		case k > 0:
			g.pts = &all[0]
		case g.pts != nil:
			g.pts = &noVertices // empty, not nil, and not the old array
		}
		all = all[k:]
	}
}

// noVertices is where a packed geometry's empty, non-nil list of
// vertices points after Repack.
var noVertices LonLat
