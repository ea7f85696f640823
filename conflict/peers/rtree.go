// Package peers holds the designs a user might pick instead of truce's
// conflict index, written as well as we can so that the benchmarks
// compare with the best of each: here, the single R-tree of a geofencing
// server such as Tile38 (one tree over every object's bounding box, the
// fields filtered per hit). PostGIS, the other peer, is driven by
// conflict/postgis. Each peer refines with conflict.Judge, the exact
// predicate the index itself must agree with, so that only the layout
// differs. Not part of the product.
package peers

import (
	"math"
	"slices"

	"github.com/tidwall/rtree"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
)

// RTree is one R-tree over the bounding box of every volume of every
// object, grown by the volume's buffer, as Tile38 keeps a collection.
// A check searches it once per candidate volume with the candidate's
// box grown by its buffer and the widest separation of its rules, and
// judges every object found exactly. It is not safe for concurrent
// writes.
type RTree struct {
	s    conflict.Settings
	tr   rtree.RTreeG[uint32]
	objs []conflict.Object
	// spans[slot] is the time the object's volumes span, a field a
	// Tile38 query filters on (WHERE) before any geometry.
	spans [][2]int64
	sepH  float64
}

// NewRTree indexes objs (active ones only) under settings s.
func NewRTree(s conflict.Settings, objs []conflict.Object) *RTree {
	p := &RTree{s: conflict.New(s).Settings()}
	for _, r := range p.s.Rules {
		if r.Separation {
			p.sepH = p.s.SeparationHorizontalM
		}
	}
	for i := range objs {
		o := &objs[i]
		if !o.Active {
			continue
		}
		slot := uint32(len(p.objs))
		p.objs = append(p.objs, *o)
		p.spans = append(p.spans, span(o.Volumes, o.Disclosed))
		for vi := range o.Volumes {
			v := &o.Volumes[vi]
			if o.Disclosed != nil {
				v = &o.Disclosed[vi]
			}
			for _, r := range v.Footprint.Cover(0, 0) {
				p.tr.Insert([2]float64{r.MinLon, r.MinLat}, [2]float64{r.MaxLon, r.MaxLat}, slot)
			}
		}
	}
	return p
}

// Check returns the conflicts of c, unsorted.
func (p *RTree) Check(c conflict.Candidate) []conflict.Conflict {
	var found []uint32
	for _, v := range c.Volumes {
		if v.Footprint.Geometry.IsZero() {
			continue
		}
		w := span([]conflict.Volume{v}, nil)
		for _, r := range v.Footprint.Cover(p.sepH, 0) {
			p.tr.Search([2]float64{r.MinLon, r.MinLat}, [2]float64{r.MaxLon, r.MaxLat}, func(_, _ [2]float64, slot uint32) bool {
				if s := p.spans[slot]; s[0] < w[1] && w[0] < s[1] {
					found = append(found, slot)
				}
				return true
			})
		}
	}
	slices.Sort(found)
	found = slices.Compact(found)
	var out []conflict.Conflict
	for _, slot := range found {
		out = conflict.Judge(p.s, &c, &p.objs[slot], out)
	}
	return out
}

// span returns the time vols and disclosed span in Unix nanoseconds,
// open ends (and times beyond int64 nanoseconds) as the extremes.
func span(vols, disclosed []conflict.Volume) [2]int64 {
	s := [2]int64{math.MaxInt64, math.MinInt64}
	for _, vs := range [][]conflict.Volume{vols, disclosed} {
		for _, v := range vs {
			a, b := int64(math.MinInt64), int64(math.MaxInt64)
			if !v.Window.Start.IsZero() && v.Window.Start.Year() > 1680 {
				a = v.Window.Start.UnixNano()
			}
			if !v.Window.End.IsZero() && v.Window.End.Year() < 2260 {
				b = v.Window.End.UnixNano()
			}
			s[0], s[1] = min(s[0], a), max(s[1], b)
		}
	}
	return s
}

// Bounds returns the rectangles a footprint grown by extraM metres
// covers, merged into one (the peers keep one box per volume).
func Bounds(f geo.Footprint, extraM float64) geo.Rect {
	rs := f.Cover(extraM, 0)
	b := rs[0]
	for _, r := range rs[1:] {
		b = geo.Rect{MinLon: min(b.MinLon, r.MinLon), MinLat: min(b.MinLat, r.MinLat),
			MaxLon: max(b.MaxLon, r.MaxLon), MaxLat: max(b.MaxLat, r.MaxLat)}
	}
	return b
}
