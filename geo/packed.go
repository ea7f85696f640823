package geo

import (
	"math"
	"unsafe"
)

// Packed is a Geometry in 24 bytes, not 32: its vertices as a pointer
// and a count rather than a slice (whose capacity a Geometry never
// uses). The conflict index keeps one per volume entry (1.55 million at
// a million objects) and unpacks it where it reads one (Geometry), which
// costs no allocation.
type Packed struct {
	pts *LonLat
	x   *extra
	n   uint32
}

// Pack returns g packed. It panics for more than math.MaxUint32
// vertices, which no geometry the center accepts comes near.
func Pack(g Geometry) Packed {
	if uint64(len(g.pts)) > math.MaxUint32 {
		panic("geo: too many vertices to pack")
	}
	return Packed{pts: unsafe.SliceData(g.pts), x: g.extra, n: uint32(len(g.pts))}
}

// Geometry returns the geometry p holds, the same as was packed (a nil
// list of vertices stays nil, an empty one empty).
func (p Packed) Geometry() Geometry {
	return Geometry{pts: unsafe.Slice(p.pts, p.n), extra: p.x}
}
