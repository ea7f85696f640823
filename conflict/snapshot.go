package conflict

import (
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"sync"

	"github.com/truce-center/truce/geo"
)

// A snapshot of the index (center/snapshot writes it beside the store)
// keeps its objects and its trees as they are, so that a center starting
// from it neither maps its objects again (their geometry parsed, their
// disclosed volumes computed) nor builds its trees: Freeze copies them
// out, Thaw puts them back after checking that they fit together.

// layoutVersion changes whenever what a frozen tree holds changes
// meaning (how rectangles are cut, rounded or filed) without its types
// changing: a snapshot of another layout is refused by Thaw.
const layoutVersion = 2

// Trees is the index beside its objects, as a snapshot keeps it: each
// type's trees (their packed arrays, and the items inserted since they
// were packed), the codes of kinds and parties the trees' items hold, and
// the free slots of the objects' slab. Its fields are the package's own.
type Trees struct {
	layout   [4]float64 // layoutVersion, maxBuckets, lineSpanDeg, fan
	bucketNs int64
	free     []uint32
	kinds    []string // by code
	parties  []string // by code
	classes  [numTypes]frozenClass
}

type frozenClass struct {
	keys  []int64       // the time slices of buckets, in the order of trees
	trees []frozenLayer // one per key, then the long-lived tree
}

type frozenLayer struct {
	levels [][]rect32
	items  []item
	dead   []uint64
	nDead  int
	more   []packedItem // the dynamic tree's items: packed again by Thaw
}

func layout() [4]float64 { return [4]float64{layoutVersion, maxBuckets, lineSpanDeg, fan} }

// Freeze returns a copy of the index's objects, its slab as it is (a
// free slot as a zero Object), and of its trees. The copies share what
// the index never changes in place (objects' lists and geometry, packed
// arrays).
func (ix *Index) Freeze() ([]Object, *Trees) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	t := &Trees{layout: layout(), bucketNs: ix.bucketNs, free: append([]uint32(nil), ix.freeRecs...),
		kinds: byCode(ix.kinds), parties: byCode(ix.parties)}
	for i := range ix.classes {
		c := &ix.classes[i]
		fc := &t.classes[i]
		for k, l := range c.buckets {
			fc.keys = append(fc.keys, k)
			fc.trees = append(fc.trees, l.freeze())
		}
		fc.trees = append(fc.trees, c.long.freeze())
	}
	// The objects built back from the records, their volumes in one
	// array.
	objs := make([]Object, len(ix.recs))
	n := 0
	for i := range ix.recs {
		n += ix.recs[i].nvols()
	}
	vols := make([]Volume, n)
	for i := range ix.recs {
		r := &ix.recs[i]
		if r.id == "" {
			continue
		}
		k := r.nvols()
		objs[i] = ix.object(uint32(i), r, vols[:k:k])
		vols = vols[k:]
	}
	return objs, t
}

func byCode(m map[string]uint8) []string {
	out := make([]string, len(m))
	for name, c := range m {
		out[c] = name
	}
	return out
}

func (l *layer) freeze() frozenLayer {
	f := frozenLayer{levels: l.p.levels, items: l.p.items, dead: append([]uint64(nil), l.p.dead...), nDead: l.p.nDead,
		more: append([]packedItem(nil), l.pending...)}
	l.d.Scan(func(min, max [2]float32, it item) bool {
		f.more = append(f.more, packedItem{rect32{min, max}, it})
		return true
	})
	return f
}

// ErrThaw is what Thaw's errors wrap: the frozen index does not fit the
// settings, this build's layout, or itself.
var ErrThaw = errors.New("the frozen index does not fit")

// Thaw returns the index that Freeze copied out: objs its slab, t its
// trees, under settings s. The index keeps none of objs' slices (it
// copies what it keeps, as Upsert does), only their geometry. It checks that they fit (the same time slices
// and layout, every item naming a volume of an object in the slab, the
// packed arrays of consistent sizes) and returns an error wrapping
// ErrThaw, and no index, if not.
func Thaw(s Settings, objs []Object, t *Trees) (*Index, error) {
	ix := NewFor(s, len(objs))
	if t == nil || t.layout != layout() || t.bucketNs != ix.bucketNs {
		return nil, fmt.Errorf("%w: another layout or other time slices", ErrThaw)
	}
	if len(t.kinds) > overflow || len(t.parties) > overflow {
		return nil, fmt.Errorf("%w: too many codes", ErrThaw)
	}
	// The codes in the order they were given, the rules' masks with
	// them, as add gives them.
	for _, k := range t.kinds {
		if _, dup := ix.kinds[k]; dup {
			return nil, fmt.Errorf("%w: kind %q twice", ErrThaw, k)
		}
		ix.kindCode(k)
	}
	for _, p := range t.parties {
		if _, added := code(ix.parties, p); !added {
			return nil, fmt.Errorf("%w: party %q twice", ErrThaw, p)
		}
	}
	free := make(map[uint32]bool, len(t.free))
	for _, f := range t.free {
		if int(f) >= len(objs) || objs[f].ID != "" || free[f] {
			return nil, fmt.Errorf("%w: free slot %d", ErrThaw, f)
		}
		free[f] = true
	}
	ix.recs, ix.freeRecs = make([]record, len(objs)), t.free
	nv := 0
	for i := range objs {
		nv += len(objs[i].Volumes) + len(objs[i].Disclosed)
	}
	ix.vols = make([]cvol, 0, nv+nv/16)
	for i := range objs {
		o := &objs[i]
		if o.ID == "" {
			if !free[uint32(i)] {
				return nil, fmt.Errorf("%w: slot %d is neither used nor free", ErrThaw, i)
			}
			continue
		}
		if err := validate(o); err != nil || !o.Active {
			return nil, fmt.Errorf("%w: object %d: %v", ErrThaw, i, err)
		}
		if err := sound(o.Volumes, o.Disclosed); err != nil {
			return nil, fmt.Errorf("%w: object %d: %v", ErrThaw, i, err)
		}
		if _, dup := ix.ids.get(o.ID, ix.recs); dup {
			return nil, fmt.Errorf("%w: %s twice", ErrThaw, o.ID)
		}
		ix.put(uint32(i), o)
		ix.ids.put(o.ID, uint32(i))
		ix.volumes += len(o.Volumes)
	}
	for i := range ix.classes {
		fc := &t.classes[i]
		if len(fc.trees) != len(fc.keys)+1 {
			return nil, fmt.Errorf("%w: %d trees for %d time slices", ErrThaw, len(fc.trees), len(fc.keys))
		}
		c := &ix.classes[i]
		for j := range fc.trees {
			l, err := ix.thaw(&fc.trees[j])
			if err != nil {
				return nil, err
			}
			if j == len(fc.keys) {
				c.long = *l
				continue
			}
			if _, dup := c.buckets[fc.keys[j]]; dup {
				return nil, fmt.Errorf("%w: time slice %d twice", ErrThaw, fc.keys[j])
			}
			c.buckets[fc.keys[j]] = l
		}
	}
	return ix, nil
}

// sound checks what the index's methods take for granted of volumes
// read back from bytes: geometry that holds together (geo.Geometry.Sound)
// and buffers no wider than the Earth.
func sound(lists ...[]Volume) error {
	for _, vs := range lists {
		for _, v := range vs {
			if err := v.Footprint.Geometry.Sound(); err != nil {
				return err
			}
			if v.Footprint.BufferM > maxBufferM {
				return errors.New("a buffer wider than the Earth")
			}
		}
	}
	return nil
}

// maxBufferM is half the Earth's circumference: no buffer is wider.
const maxBufferM = 20_037_508

// thaw checks a frozen layer against the slab and returns it, what
// was in its dynamic tree packed with the rest.
func (ix *Index) thaw(f *frozenLayer) (*layer, error) {
	n := len(f.items)
	if n == 0 && len(f.levels) == 0 && len(f.dead) == 0 && f.nDead == 0 {
		f.levels = nil // a tree never packed
	} else if len(f.levels) == 0 || len(f.levels[0]) != n || len(f.dead) != (n+63)/64 {
		return nil, fmt.Errorf("%w: a tree's arrays", ErrThaw)
	}
	for k := 1; k < len(f.levels); k++ { // none for a tree never packed
		if len(f.levels[k-1]) <= fan || len(f.levels[k]) != (len(f.levels[k-1])+fan-1)/fan {
			return nil, fmt.Errorf("%w: a tree's levels", ErrThaw)
		}
	}
	if len(f.levels) > 0 && len(f.levels[len(f.levels)-1]) > fan {
		return nil, fmt.Errorf("%w: a tree's top", ErrThaw)
	}
	dead := 0
	for i, w := range f.dead {
		if i == len(f.dead)-1 && n%64 != 0 && w>>(n%64) != 0 {
			return nil, fmt.Errorf("%w: a tree's dead items", ErrThaw)
		}
		dead += bits.OnesCount64(w)
	}
	if dead != f.nDead {
		return nil, fmt.Errorf("%w: a tree's dead items", ErrThaw)
	}
	p := packed{levels: f.levels, items: f.items, dead: f.dead, nDead: f.nDead}
	for i := range f.items {
		if p.isDead(i) {
			continue // its slot may be free, or another object's now
		}
		if err := ix.fits(&f.items[i]); err != nil {
			return nil, err
		}
	}
	for i := range f.more {
		if err := ix.fits(&f.more[i].it); err != nil {
			return nil, err
		}
	}
	l := &layer{p: p}
	if len(f.more) > 0 {
		l.pending = f.more
		l.Flush()
	}
	return l, nil
}

// fits checks that an item names a volume of an object in the slab.
func (ix *Index) fits(it *item) error {
	if int(it.obj) >= len(ix.recs) || ix.recs[it.obj].id == "" || it.vol >= ix.recs[it.obj].n {
		return fmt.Errorf("%w: an item names no volume", ErrThaw)
	}
	return nil
}

// NewFor returns an empty Index, as New does, with room for n objects:
// the index a snapshot's objects are loaded into (Load would otherwise
// grow its map of ids a million objects long step by step).
func NewFor(s Settings, n int) *Index {
	ix := New(s)
	ix.ids.grow(n)
	return ix
}

// VertexQuery is a volume ShareVertices asks the caller about: the
// precise volume Vol of the object ID of type Type. The caller sets Pos
// to the positions of its geometry as it keeps them (longitude and
// latitude in turn, as truce.GeoJSON does), or leaves it nil.
type VertexQuery struct {
	Type ObjectType
	ID   string
	Vol  int
	Pos  []float64
}

// shareBatch is how many volumes ShareVertices asks about at once.
const shareBatch = 64

// ShareVertices lets the index read its geometries' vertices where the
// caller holds the same numbers, instead of holding a copy: positions
// answers a batch of queries (VertexQuery) at a time. A geometry whose
// vertices the positions are exactly reads them there
// (geo.Geometry.Share); the vertices of every other geometry are copied
// into one array of the index's own (geo.Repack), so that the arrays of
// the objects Thaw was given are no longer held. It returns how many
// geometries were shared.
//
// It is for the open from a snapshot, after Thaw: at a million objects
// the copies of the tables' points and routes were 42 MB, and the
// snapshot's arrays of vertices held for the rest 114 MB. The objects'
// positions are in another order than the slab's (the tables' against
// Hilbert order), so that nearly every read misses the caches: the
// queries go in batches, which the caller answers in passes (each
// object, then each list of volumes, then each geometry) whose loads do
// not wait for each other, on every core. positions must be safe for
// concurrent use.
func (ix *Index) ShareVertices(positions func(qs []VertexQuery)) int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	workers := runtime.GOMAXPROCS(0)
	counts := make([]int, workers)
	per := (len(ix.recs) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var own []*geo.Packed
			var qs [shareBatch]VertexQuery
			var gs [shareBatch]*geo.Packed
			n := 0
			flush := func() {
				positions(qs[:n])
				for k := range n {
					if s := gs[k].Geometry().Share(qs[k].Pos); s.Shares(qs[k].Pos) {
						*gs[k] = geo.Pack(s)
						counts[w]++
					} else {
						own = append(own, gs[k])
					}
				}
				n = 0
			}
			for i := w * per; i < min((w+1)*per, len(ix.recs)); i++ {
				r := &ix.recs[i]
				if r.id == "" {
					continue
				}
				for j := range uint32(r.nvols()) {
					g := &ix.vols[r.vol+j].geom
					if j >= r.n {
						own = append(own, g)
						continue
					}
					qs[n], gs[n] = VertexQuery{Type: types[r.typ], ID: r.id, Vol: int(j)}, g
					if n++; n == shareBatch {
						flush()
					}
				}
			}
			flush()
			geo.Repack(own)
		})
	}
	wg.Wait()
	shared := 0
	for _, n := range counts {
		shared += n
	}
	return shared
}
