package conflict

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/tidwall/rtree"

	"github.com/truce-center/truce/geo"
)

// Index holds the active objects and answers conflict checks.
//
// Layout: one set of R-trees per class of object (type and kind), so a
// check visits only the classes its rules name; within a class, one
// R-tree per time slice of Settings.TimeBucket holding the volumes that
// overlap the slice (a volume spanning more than maxBuckets slices, or
// open-ended, goes to the class's long-lived tree instead). Each tree
// holds buffered lon/lat rectangles in float32, rounded outwards. A check
// gathers the entries whose rectangles meet the candidate's (grown by the
// rule's separation) in the slices its window overlaps, then refines
// each with the exact predicate.
//
// Concurrency: an Index is safe for concurrent use; Check takes a read
// lock and Upsert and Remove a write lock. A check and the write it leads
// to are not atomic here: the application serializes them.
type Index struct {
	mu       sync.RWMutex
	s        Settings
	bucketNs int64
	ids      map[string]uint32 // object id → slot in objs
	objs     []stored
	freeObjs []uint32
	ents     []entry
	freeEnts []uint32
	classes  map[classKey]*class
	volumes  int
}

// maxBuckets is the most time slices a volume is copied into before it
// goes to the long-lived tree instead (with 6 h slices, 48 h).
const maxBuckets = 8

// lineSpanDeg cuts routes into pieces of about this many degrees, so that
// a long diagonal route is a chain of small rectangles, not one huge one.
const lineSpanDeg = 0.25

// The trees and the entry slab hold no pointers, only slot numbers: with
// a million volumes, the garbage collector would otherwise spend most of
// its time tracing tree leaves and small entry objects, and check
// latencies would suffer from its work.
type tree = rtree.RTreeGN[float32, item]

// item is what the trees hold: an entry and which of its rectangles this
// is. The rectangle number makes items of one entry distinct, which
// matters because the R-tree deletes the first item with equal data whose
// rectangle lies inside the one given: with equal data, deleting a large
// rectangle could remove a smaller one nested in it and strand the large.
type item struct {
	ent  uint32
	part uint32
}

type classKey struct {
	typ  ObjectType
	kind string
}

type class struct {
	buckets map[int64]*tree
	long    tree
}

// stored is an object in the slab; its entries form a list from first.
type stored struct {
	obj   Object
	first uint32
}

const none = ^uint32(0)

// entry is one volume of one object in the trees.
type entry struct {
	obj        uint32 // slot in objs
	vol        uint32 // index in the object's volumes
	next       uint32 // next entry of the same object, or none
	start, end int64  // unix nanoseconds, open ends as MinInt64/MaxInt64
}

// New returns an empty Index with the given settings (zero fields take
// their defaults).
func New(s Settings) *Index {
	s = s.withDefaults()
	return &Index{
		s:        s,
		bucketNs: int64(s.TimeBucket),
		ids:      map[string]uint32{},
		classes:  map[classKey]*class{},
	}
}

// Settings returns the settings in effect, defaults filled in.
func (ix *Index) Settings() Settings { return ix.s }

// Len returns the number of objects in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.ids)
}

// Volumes returns the number of volumes in the index.
func (ix *Index) Volumes() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.volumes
}

// ErrInvalidObject is wrapped by the errors Upsert returns for an object
// it cannot index; those are bugs in the caller's mapping, since the
// application validates requests first.
var ErrInvalidObject = errors.New("invalid object")

func validate(o *Object) error {
	if o.ID == "" {
		return fmt.Errorf("%w: no id", ErrInvalidObject)
	}
	switch o.Type {
	case Zone, Site, Notification:
	default:
		return fmt.Errorf("%w: %s: unknown type %q", ErrInvalidObject, o.ID, o.Type)
	}
	for i, v := range o.Volumes {
		if err := validVolume(v); err != nil {
			return fmt.Errorf("%w: %s: volume %d: %v", ErrInvalidObject, o.ID, i, err)
		}
	}
	if o.Disclosed != nil {
		if len(o.Disclosed) != len(o.Volumes) {
			return fmt.Errorf("%w: %s: %d disclosed volumes for %d volumes", ErrInvalidObject, o.ID, len(o.Disclosed), len(o.Volumes))
		}
		for i, v := range o.Disclosed {
			if err := validVolume(v); err != nil {
				return fmt.Errorf("%w: %s: disclosed volume %d: %v", ErrInvalidObject, o.ID, i, err)
			}
		}
	}
	return nil
}

// own copies the slices of o that the caller may reuse.
func own(o *Object) {
	o.Volumes = slices.Clone(o.Volumes)
	o.Disclosed = slices.Clone(o.Disclosed)
	o.SeenBy = slices.Clone(o.SeenBy)
	o.Restricts.Parties = slices.Clone(o.Restricts.Parties)
	o.Restricts.Activities = slices.Clone(o.Restricts.Activities)
}

func validVolume(v Volume) error {
	if v.Footprint.Geometry.IsZero() {
		return errors.New("no geometry")
	}
	if !(v.Altitude.MinM <= v.Altitude.MaxM) {
		return errors.New("altitude band is empty")
	}
	if !v.Window.Start.IsZero() && !v.Window.End.IsZero() && !v.Window.Start.Before(v.Window.End) {
		return errors.New("window is empty")
	}
	if math.IsNaN(v.Footprint.BufferM) || math.IsInf(v.Footprint.BufferM, 0) {
		return errors.New("buffer is not finite")
	}
	return nil
}

// Upsert adds o, replacing any object with the same ID. An inactive
// object is removed instead. It returns an error wrapping
// ErrInvalidObject, and changes nothing, when o cannot be indexed.
func (ix *Index) Upsert(o Object) error {
	if err := validate(&o); err != nil {
		return err
	}
	own(&o)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.remove(o.ID)
	if !o.Active {
		return nil
	}
	slot := ix.allocObj()
	ix.objs[slot] = stored{obj: o, first: none}
	c := ix.classes[classKey{o.Type, o.Kind}]
	if c == nil {
		c = &class{buckets: map[int64]*tree{}}
		ix.classes[classKey{o.Type, o.Kind}] = c
	}
	for i := len(o.Volumes) - 1; i >= 0; i-- {
		en := ix.allocEnt()
		e := &ix.ents[en]
		*e = entry{obj: slot, vol: uint32(i), next: ix.objs[slot].first}
		e.start, e.end = nanos(o.outer(i).Window)
		ix.objs[slot].first = en
		ix.place(c, en, func(t *tree, min, max [2]float32, it item) { t.Insert(min, max, it) }, true)
	}
	ix.ids[o.ID] = slot
	ix.volumes += len(o.Volumes)
	return nil
}

// Load adds many objects at once, with the effect of calling Upsert on
// each in order (a later object replaces an earlier one with the same
// ID), but building the trees of different classes of object in
// parallel. It is meant for the rebuild at start. It validates every
// object first and, if one is invalid, returns its error and changes
// nothing.
func (ix *Index) Load(objs []Object) error {
	for i := range objs {
		if err := validate(&objs[i]); err != nil {
			return err
		}
	}
	last := make(map[string]int, len(objs))
	for i := range objs {
		last[objs[i].ID] = i
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	// First, sequentially: remove what is replaced, then fill the slabs.
	for i := range objs {
		if last[objs[i].ID] == i {
			ix.remove(objs[i].ID)
		}
	}
	pending := map[*class][]uint32{}
	for i := range objs {
		o := objs[i]
		if last[o.ID] != i || !o.Active {
			continue
		}
		own(&o)
		slot := ix.allocObj()
		ix.objs[slot] = stored{obj: o, first: none}
		c := ix.classes[classKey{o.Type, o.Kind}]
		if c == nil {
			c = &class{buckets: map[int64]*tree{}}
			ix.classes[classKey{o.Type, o.Kind}] = c
		}
		for v := len(o.Volumes) - 1; v >= 0; v-- {
			en := ix.allocEnt()
			e := &ix.ents[en]
			*e = entry{obj: slot, vol: uint32(v), next: ix.objs[slot].first}
			e.start, e.end = nanos(o.outer(v).Window)
			ix.objs[slot].first = en
			pending[c] = append(pending[c], en)
		}
		ix.ids[o.ID] = slot
		ix.volumes += len(o.Volumes)
	}
	// Then the trees, one class per goroutine: the slabs are no longer
	// written, and each class's trees belong to one goroutine.
	work := make(chan *class)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				for _, en := range pending[c] {
					ix.place(c, en, func(t *tree, min, max [2]float32, it item) { t.Insert(min, max, it) }, true)
				}
			}
		}()
	}
	// Largest classes first, so that one does not start last.
	cls := make([]*class, 0, len(pending))
	for c := range pending {
		cls = append(cls, c)
	}
	sort.Slice(cls, func(a, b int) bool { return len(pending[cls[a]]) > len(pending[cls[b]]) })
	for _, c := range cls {
		work <- c
	}
	close(work)
	wg.Wait()
	return nil
}

func (ix *Index) allocObj() uint32 {
	if n := len(ix.freeObjs); n > 0 {
		s := ix.freeObjs[n-1]
		ix.freeObjs = ix.freeObjs[:n-1]
		return s
	}
	ix.objs = append(ix.objs, stored{})
	return uint32(len(ix.objs) - 1)
}

func (ix *Index) allocEnt() uint32 {
	if n := len(ix.freeEnts); n > 0 {
		s := ix.freeEnts[n-1]
		ix.freeEnts = ix.freeEnts[:n-1]
		return s
	}
	ix.ents = append(ix.ents, entry{})
	return uint32(len(ix.ents) - 1)
}

// Remove removes the object with the given id, if any.
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.remove(id)
}

func (ix *Index) remove(id string) {
	slot, ok := ix.ids[id]
	if !ok {
		return
	}
	st := &ix.objs[slot]
	key := classKey{st.obj.Type, st.obj.Kind}
	c := ix.classes[key]
	for en := st.first; en != none; {
		ix.place(c, en, func(t *tree, min, max [2]float32, it item) { t.Delete(min, max, it) }, false)
		next := ix.ents[en].next
		ix.ents[en] = entry{next: none}
		ix.freeEnts = append(ix.freeEnts, en)
		en = next
	}
	for k, t := range c.buckets {
		if t.Len() == 0 {
			delete(c.buckets, k)
		}
	}
	if len(c.buckets) == 0 && c.long.Len() == 0 {
		delete(ix.classes, key)
	}
	ix.volumes -= len(st.obj.Volumes)
	*st = stored{first: none} // drop the object's memory
	ix.freeObjs = append(ix.freeObjs, slot)
	delete(ix.ids, id)
}

// place calls fn for every tree and rectangle entry en belongs in
// (creating bucket trees when create is set). Insert and delete go
// through it, so they always agree.
func (ix *Index) place(c *class, en uint32, fn func(t *tree, min, max [2]float32, it item), create bool) {
	e := &ix.ents[en]
	v := ix.objs[e.obj].obj.outer(int(e.vol))
	rects := v.Footprint.Cover(0, lineSpanDeg)
	b0, b1, long := ix.buckets(e.start, e.end)
	for p, r := range rects {
		min, max := [2]float32{down(r.MinLon), down(r.MinLat)}, [2]float32{up(r.MaxLon), up(r.MaxLat)}
		it := item{en, uint32(p)}
		if long || b1-b0 >= maxBuckets {
			fn(&c.long, min, max, it)
			continue
		}
		for b := b0; b <= b1; b++ {
			t := c.buckets[b]
			if t == nil {
				if !create {
					continue
				}
				t = &tree{}
				c.buckets[b] = t
			}
			fn(t, min, max, it)
		}
	}
}

// buckets returns the slices [b0, b1] a window overlaps, or long when it
// is open-ended.
func (ix *Index) buckets(start, end int64) (b0, b1 int64, long bool) {
	if start == math.MinInt64 || end == math.MaxInt64 {
		return 0, 0, true
	}
	return floorDiv(start, ix.bucketNs), floorDiv(end-1, ix.bucketNs), false
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// nanos returns a window in Unix nanoseconds, open ends as MinInt64 and
// MaxInt64. Times beyond what int64 nanoseconds hold (before 1678, after
// 2262) widen the window to that open end instead of wrapping around:
// wrapped, a window ending in 2263 would end before it began and escape
// every check.
func nanos(w Window) (int64, int64) {
	s, e := int64(math.MinInt64), int64(math.MaxInt64)
	if !w.Start.IsZero() && w.Start.After(minNanosTime) {
		s = w.Start.UnixNano()
	}
	if !w.End.IsZero() && w.End.Before(maxNanosTime) {
		e = w.End.UnixNano()
	}
	return s, e
}

// The instants int64 nanoseconds since 1970 can hold, less a margin.
var (
	minNanosTime = time.Unix(0, math.MinInt64).Add(time.Hour)
	maxNanosTime = time.Unix(0, math.MaxInt64).Add(-time.Hour)
)

func down(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func up(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// Check returns the conflicts candidate c would have with the indexed
// objects, ordered by candidate volume, rule (table order), other
// object's type and id, and other volume. Volumes of c that cannot be
// checked (no geometry) find nothing.
func (ix *Index) Check(c Candidate) []Conflict {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []Conflict
	var found []uint32
	for vi := range c.Volumes {
		cv := &c.Volumes[vi]
		if validVolume(*cv) != nil {
			continue
		}
		cs, ce := nanos(cv.Window)
		var probe *geo.Probe
		// The candidate's rectangles, grown by no separation or by the
		// horizontal minimum: each is computed once per volume.
		var rects0, rectsSep []geo.Rect
		for ri := range ix.s.Rules {
			r := &ix.s.Rules[ri]
			direct, swapped := r.applies(c.Kind)
			if !direct && !swapped {
				continue
			}
			sepH, sepV := 0.0, 0.0
			if r.Separation {
				sepH, sepV = ix.s.SeparationHorizontalM, ix.s.SeparationVerticalM
			}
			found = found[:0]
			var rects []geo.Rect
			if sepH == 0 {
				if rects0 == nil {
					rects0 = cv.Footprint.Cover(0, lineSpanDeg)
				}
				rects = rects0
			} else {
				if rectsSep == nil {
					rectsSep = cv.Footprint.Cover(sepH, lineSpanDeg)
				}
				rects = rectsSep
			}
			// Everything but the footprints is checked as the trees are
			// searched, so that only real contenders are gathered.
			keep := func(en uint32) bool {
				e := &ix.ents[en]
				if e.end <= cs || ce <= e.start {
					return false
				}
				o := &ix.objs[e.obj].obj
				if c.ID != "" && o.ID == c.ID {
					return false
				}
				return r.objectMatches(c.Party, c.Kind, direct, swapped, o) &&
					verticalConflict(cv.Altitude, judged(&c, o, e.vol).Altitude, sepV)
			}
			ix.eachClass(r, direct, swapped, func(cl *class) {
				found = ix.gather(cl, rects, cs, ce, keep, found)
			})
			if len(found) == 0 {
				continue
			}
			if probe == nil {
				probe = geo.NewProbe(cv.Footprint)
			}
			slices.Sort(found)
			found = slices.Compact(found)
			for _, en := range found {
				e := &ix.ents[en]
				o := &ix.objs[e.obj].obj
				ov := judged(&c, o, e.vol)
				w, ok := cv.Window.Overlap(ov.Window)
				if ok && probe.Within(ov.Footprint, sepH) {
					cf := Conflict{
						Rule:        r.ID,
						With:        Ref{Type: o.Type, ID: o.ID, Kind: o.Kind},
						Volume:      vi,
						OtherVolume: int(e.vol),
						Overlap:     w,
					}
					if ov != &o.Volumes[e.vol] {
						cf.Disclosed = true
						pv := &o.Volumes[e.vol]
						_, cf.Exact = cv.Window.Overlap(pv.Window)
						cf.Exact = cf.Exact && verticalConflict(cv.Altitude, pv.Altitude, sepV) && probe.Within(pv.Footprint, sepH)
					}
					out = append(out, cf)
				}
			}
		}
	}
	sortConflicts(out, ix.s.Rules)
	return out
}

// judged returns the volume vol of o that candidate c is judged against:
// the precise one if c may see o precisely, else the disclosed one.
func judged(c *Candidate, o *Object, vol uint32) *Volume {
	if o.Disclosed == nil || c.Precise == nil || c.Precise(o) {
		return &o.Volumes[vol]
	}
	return &o.Disclosed[vol]
}

// eachClass calls fn for every class of objects rule r may match.
func (ix *Index) eachClass(r *Rule, direct, swapped bool, fn func(*class)) {
	visit := func(kind string) {
		if c := ix.classes[classKey{r.Other, kind}]; c != nil {
			fn(c)
		}
	}
	if direct && len(r.OtherKinds) == 0 {
		for k, c := range ix.classes {
			if k.typ == r.Other {
				fn(c)
			}
		}
		return
	}
	if direct {
		for _, k := range r.OtherKinds {
			visit(k)
		}
	}
	if swapped {
		for _, k := range r.Kinds {
			if direct && slices.Contains(r.OtherKinds, k) {
				continue
			}
			visit(k)
		}
	}
}

// gather appends the entries of class cl that keep accepts and whose
// rectangles meet rects in the time slices [cs, ce) overlaps. Duplicates
// are removed by the caller.
func (ix *Index) gather(cl *class, rects []geo.Rect, cs, ce int64, keep func(uint32) bool, found []uint32) []uint32 {
	add := func(_, _ [2]float32, it item) bool {
		if keep(it.ent) {
			found = append(found, it.ent)
		}
		return true
	}
	for _, r := range rects {
		min, max := [2]float32{down(r.MinLon), down(r.MinLat)}, [2]float32{up(r.MaxLon), up(r.MaxLat)}
		cl.long.Search(min, max, add)
		b0, b1, long := ix.buckets(cs, ce)
		if long || b1-b0 > int64(len(cl.buckets)) {
			for b, t := range cl.buckets {
				if long || (b >= b0 && b <= b1) {
					t.Search(min, max, add)
				}
			}
			continue
		}
		for b := b0; b <= b1; b++ {
			if t := cl.buckets[b]; t != nil {
				t.Search(min, max, add)
			}
		}
	}
	return found
}

func sortConflicts(cs []Conflict, rules []Rule) {
	order := make(map[string]int, len(rules))
	for i, r := range rules {
		order[r.ID] = i
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Volume != b.Volume {
			return a.Volume < b.Volume
		}
		if order[a.Rule] != order[b.Rule] {
			return order[a.Rule] < order[b.Rule]
		}
		if a.With.Type != b.With.Type {
			return a.With.Type < b.With.Type
		}
		if a.With.ID != b.With.ID {
			return a.With.ID < b.With.ID
		}
		return a.OtherVolume < b.OtherVolume
	})
}
