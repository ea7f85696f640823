package conflict

import (
	"slices"

	"github.com/tidwall/rtree"
)

// layer is one of the index's trees: a packed R-tree built in one go
// (flat arrays in Hilbert order, no pointers) holding most items, and a
// small dynamic R-tree taking what was inserted since. A delete marks a
// packed item dead or leaves the dynamic tree. When the dynamic tree or
// the dead grow past a quarter of the packed tree, the packed tree is
// built again from the living items of both.
//
// Why: a check whose CPU caches are cold pays for every cache line and
// page it touches. A search in the packed tree reads nodes of 16
// rectangles (four cache lines) laid out level by level, the top levels
// in a few pages, leaf rectangles next to their neighbours on the map;
// a pointer R-tree of 64-wide nodes, allocated one by one over the
// heap, reads sixteen lines per node and a new page per node.
type layer struct {
	p packed
	d rtree.RTreeGN[float32, item]
	// pending holds what Add gave until Flush.
	pending []packedItem
}

// fan is the packed tree's node width.
const fan = 16

type rect32 struct{ min, max [2]float32 }

func (b *rect32) meets(q *rect32) bool {
	return b.min[0] <= q.max[0] && q.min[0] <= b.max[0] && b.min[1] <= q.max[1] && q.min[1] <= b.max[1]
}

type packedItem struct {
	b  rect32
	it item
}

// packed is a static R-tree: levels[0] are the items' rectangles, each
// level above holds the bounds of each group of fan entries of the level
// below. dead marks deleted items.
type packed struct {
	levels [][]rect32
	items  []item
	dead   []uint64
	nDead  int
}

func (p *packed) live() int { return len(p.items) - p.nDead }

// Len returns the number of items in the layer.
func (l *layer) Len() int { return l.p.live() + l.d.Len() }

// Insert adds an item.
func (l *layer) Insert(min, max [2]float32, it item) {
	l.d.Insert(min, max, it)
	l.maybeRebuild()
}

// Delete removes an item inserted with the same rectangle and data.
func (l *layer) Delete(min, max [2]float32, it item) {
	n := l.d.Len()
	l.d.Delete(min, max, it)
	if l.d.Len() == n {
		l.p.kill(rect32{min, max}, it)
	}
	l.maybeRebuild()
}

// Add adds an item that Search finds only after Flush: the bulk path
// of Index.Load.
func (l *layer) Add(min, max [2]float32, it item) {
	l.pending = append(l.pending, packedItem{rect32{min, max}, it})
}

// Flush packs what Add gave with the items already there.
func (l *layer) Flush() {
	if len(l.pending) > 0 {
		l.rebuild()
	}
}

func (l *layer) maybeRebuild() {
	limit := max(l.p.live()/4, 64)
	if l.d.Len() > limit || l.p.nDead > limit {
		l.rebuild()
	}
}

// rebuild packs every living item, the pending ones included.
func (l *layer) rebuild() {
	all := l.pending
	for i, it := range l.p.items {
		if !l.p.isDead(i) {
			all = append(all, packedItem{l.p.levels[0][i], it})
		}
	}
	l.d.Scan(func(min, max [2]float32, it item) bool {
		all = append(all, packedItem{rect32{min, max}, it})
		return true
	})
	l.d = rtree.RTreeGN[float32, item]{}
	l.p = pack(all)
	l.pending = nil
}

// Search calls fn for every item whose rectangle meets [min, max],
// until fn returns false.
func (l *layer) Search(min, max [2]float32, fn func(min, max [2]float32, it item) bool) {
	if l.p.search(rect32{min, max}, fn) {
		l.d.Search(min, max, fn)
	}
}

// pack builds a packed tree of items, sorted along a Hilbert curve by
// the centres of their rectangles so that neighbours on the map are
// neighbours in memory.
func pack(items []packedItem) packed {
	keys := make([]uint64, len(items))
	for i := range items {
		b := &items[i].b
		x := (float64(b.min[0]) + float64(b.max[0])) / 2
		y := (float64(b.min[1]) + float64(b.max[1])) / 2
		keys[i] = hilbert(x, y)<<32 | uint64(i)
	}
	slices.Sort(keys)
	p := packed{items: make([]item, len(items)), dead: make([]uint64, (len(items)+63)/64)}
	level := make([]rect32, len(items))
	for j, k := range keys {
		pi := &items[uint32(k)]
		level[j], p.items[j] = pi.b, pi.it
	}
	p.levels = append(p.levels, level)
	for len(level) > fan {
		up := make([]rect32, (len(level)+fan-1)/fan)
		for i := range up {
			b := level[i*fan]
			for _, c := range level[i*fan+1 : min((i+1)*fan, len(level))] {
				b.min[0], b.min[1] = min(b.min[0], c.min[0]), min(b.min[1], c.min[1])
				b.max[0], b.max[1] = max(b.max[0], c.max[0]), max(b.max[1], c.max[1])
			}
			up[i] = b
		}
		p.levels = append(p.levels, up)
		level = up
	}
	return p
}

func (p *packed) isDead(i int) bool { return p.dead[i>>6]&(1<<(i&63)) != 0 }

// kill marks dead the living item equal to it whose rectangle is b.
func (p *packed) kill(b rect32, it item) {
	p.searchIndex(b, func(i int) bool {
		if p.items[i] == it && p.levels[0][i] == b {
			p.dead[i>>6] |= 1 << (i & 63)
			p.nDead++
			return false
		}
		return true
	})
}

// search calls fn for the living items whose rectangles meet q; it
// returns false if fn stopped it.
func (p *packed) search(q rect32, fn func(min, max [2]float32, it item) bool) bool {
	return p.searchIndex(q, func(i int) bool {
		b := &p.levels[0][i]
		return fn(b.min, b.max, p.items[i])
	})
}

// searchIndex calls fn with the index of every living item whose
// rectangle meets q, depth first, until fn returns false.
func (p *packed) searchIndex(q rect32, fn func(i int) bool) bool {
	if len(p.items) == p.nDead {
		return true
	}
	top := len(p.levels) - 1
	return p.visit(q, top, 0, len(p.levels[top]), fn)
}

func (p *packed) visit(q rect32, lv, from, to int, fn func(i int) bool) bool {
	level := p.levels[lv]
	for i := from; i < to; i++ {
		if !level[i].meets(&q) {
			continue
		}
		if lv == 0 {
			if (p.nDead == 0 || !p.isDead(i)) && !fn(i) {
				return false
			}
			continue
		}
		if !p.visit(q, lv-1, i*fan, min((i+1)*fan, len(p.levels[lv-1])), fn) {
			return false
		}
	}
	return true
}

// hilbert returns the position along a Hilbert curve of order 16 of the
// point (lon, lat), the world being the unit square.
func hilbert(lon, lat float64) uint64 {
	const n = 1 << 16
	x := uint32(min(max((lon+180)/360, 0), 1) * (n - 1))
	y := uint32(min(max((lat+90)/180, 0), 1) * (n - 1))
	var d uint64
	for s := uint32(n / 2); s > 0; s /= 2 {
		var rx, ry uint32
		if x&s != 0 {
			rx = 1
		}
		if y&s != 0 {
			ry = 1
		}
		d += uint64(s) * uint64(s) * uint64((3*rx)^ry)
		if ry == 0 {
			if rx == 1 {
				x, y = n-1-x, n-1-y
			}
			x, y = y, x
		}
	}
	return d
}
