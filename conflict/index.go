package conflict

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/truce-center/truce/geo"
	"github.com/truce-center/truce/internal/slab"
)

// Index holds the active objects and answers conflict checks.
//
// Layout: one set of R-trees per type of object (zones, sites,
// notifications); within a type, one tree per time slice of
// Settings.TimeBucket holding the volumes that overlap the slice (a
// volume spanning more than maxBuckets slices, or open-ended, goes to the
// type's long-lived tree instead). Each tree (a layer) is mostly a packed
// R-tree: flat arrays of float32 rectangles, rounded outwards, in Hilbert
// order, nodes of 16, no pointers; recent inserts wait in a small dynamic
// R-tree until the next repacking. Beside each rectangle the leaf holds
// everything a rule tests before geometry, rounded outwards too: the
// time window in whole minutes, the altitude band in float32, the kind
// and party as small codes. A check searches each type once with the
// widest rectangle its rules need, tests every rule on the leaf alone,
// and reads an object (a cache miss, often several) only for an entry
// that passes: the exact predicate then decides. Objects are kept as
// compact records (record.go), not as the Objects given: names and
// lists as numbers into shared tables, volumes in one slab, times as
// nanoseconds.
//
// Why this layout: a check that finds the CPU caches cold (a server does
// other work between two checks) pays for every cache line and page it
// touches. The layout before it (one pointer R-tree of 64-wide nodes per
// kind of object, the window, band and party read from the object behind
// every rectangle found) took 2.6–3.5× longer cold than hot at a million
// volumes; see docs/performance.md.
//
// Concurrency: an Index is safe for concurrent use; Check takes a read
// lock and Upsert and Remove a write lock. A check and the write it leads
// to are not atomic here: the application serializes them.
type Index struct {
	mu       sync.RWMutex
	s        Settings
	bucketNs int64
	ids      idTable // object id → slot in recs
	recs     []record
	freeRecs []uint32
	// vols holds the records' volumes (record.go); freeVols the runs
	// of it left by removed objects, by length.
	vols     []cvol
	freeVols map[uint32][]uint32
	classes  [numTypes]class
	// The tables records point into: kinds' and parties' names, lists
	// (nil is 0) with the uses of each and the numbers free for reuse,
	// the locations of times, and the windows of objects whose times
	// are kept as given (by slot).
	names     []string
	nameIdx   map[string]uint32
	lists     [][]string
	listIdx   map[string]uint32
	listRefs  []uint32
	freeLists []uint32
	locs      []*time.Location
	exact     map[uint32][]Window
	// kinds and parties give the codes leaves hold; a name past the
	// 254th gets overflow, which every test lets through.
	kinds, parties map[string]uint8
	// masks[r] are the kind codes rule r matches as written (direct)
	// and swapped, kept up to date as kinds get codes.
	masks []ruleMasks
	// byKind[k] are the rules that apply to a candidate of kind code k.
	byKind [][]applied
	// ruleTypes[r] is the index in classes of rule r's Other type, -1
	// for a type the index does not hold.
	ruleTypes []int
	volumes   int
}

// maxBuckets is the most time slices a volume is copied into before it
// goes to the long-lived tree instead (with 12 h slices, 96 h).
const maxBuckets = 8

// lineSpanDeg cuts routes into pieces of about this many degrees, so that
// a long diagonal route is a chain of small rectangles, not one huge one.
const lineSpanDeg = 0.25

// The trees hold no pointers, only slot numbers: with a million volumes,
// the garbage collector would otherwise spend most of its time tracing
// tree leaves, and check latencies would suffer from its work.
type tree = layer

// item is what the trees hold beside a rectangle: which volume of which
// object, which of its rectangles this is, and the volume's prefilter
// (what the index files it under, Object.outer, rounded outwards). The
// rectangle number makes items distinct, which matters because the
// R-tree deletes the first item with equal data whose rectangle lies
// inside the one given. 28 bytes (32 with part a uint32): a million
// objects of the benchmark mix are about four million items.
type item struct {
	obj, vol   uint32
	start, end int32 // whole minutes since 1970, open ends as MinInt32/MaxInt32
	lo, hi     float32
	part       uint16 // below maxParts
	kind       uint8
	party      uint8
}

// maxParts is the most rectangles a volume is filed under: the cover of
// a route longer than that many pieces ends in one rectangle holding
// the rest (capParts), so that every rectangle's number fits an item.
const maxParts = 1 << 16

// capParts returns rects with the ones from maxParts-1 on replaced by
// one rectangle holding them all: wider, so that a search finds no less.
func capParts(rects []geo.Rect) []geo.Rect {
	if len(rects) <= maxParts {
		return rects
	}
	last := rects[maxParts-1]
	for _, r := range rects[maxParts:] {
		last = geo.Rect{MinLon: min(last.MinLon, r.MinLon), MinLat: min(last.MinLat, r.MinLat),
			MaxLon: max(last.MaxLon, r.MaxLon), MaxLat: max(last.MaxLat, r.MaxLat)}
	}
	rects[maxParts-1] = last
	return rects[:maxParts]
}

const overflow = 255

type ruleMasks struct{ direct, swapped kindSet }

// kindSet is a set of kind codes; overflow is in every set.
type kindSet [4]uint64

func (k *kindSet) add(c uint8)      { k[c>>6] |= 1 << (c & 63) }
func (k *kindSet) has(c uint8) bool { return k[c>>6]&(1<<(c&63)) != 0 }
func (k kindSet) or(o kindSet) kindSet {
	return kindSet{k[0] | o[0], k[1] | o[1], k[2] | o[2], k[3] | o[3]}
}
func typeIndex(t ObjectType) (int, bool) { i, ok := typeIndexes[t]; return i, ok }

const numTypes = 3

var typeIndexes = map[ObjectType]int{Zone: 0, Site: 1, Notification: 2}

type class struct {
	buckets map[int64]*tree
	long    tree
}

// New returns an empty Index with the given settings (zero fields take
// their defaults).
func New(s Settings) *Index {
	s = s.withDefaults()
	ix := &Index{
		s:        s,
		bucketNs: int64(s.TimeBucket),
		ids:      newIDTable(0),
		freeVols: map[uint32][]uint32{},
		nameIdx:  map[string]uint32{},
		lists:    [][]string{nil},
		listIdx:  map[string]uint32{},
		listRefs: []uint32{0},
		exact:    map[uint32][]Window{},
		kinds:    map[string]uint8{},
		parties:  map[string]uint8{},
		masks:    make([]ruleMasks, len(s.Rules)),
	}
	for i := range ix.classes {
		ix.classes[i].buckets = map[int64]*tree{}
	}
	for _, r := range s.Rules {
		t, ok := typeIndex(r.Other)
		if !ok {
			t = -1
		}
		ix.ruleTypes = append(ix.ruleTypes, t)
	}
	for i := range ix.masks {
		ix.masks[i].direct.add(overflow)
		ix.masks[i].swapped.add(overflow)
	}
	return ix
}

// code returns the code of name in m, giving it one (and saying so) if
// it has none.
func code(m map[string]uint8, name string) (c uint8, added bool) {
	if c, ok := m[name]; ok {
		return c, false
	}
	if len(m) >= overflow {
		return overflow, false
	}
	c = uint8(len(m))
	m[name] = c
	return c, true
}

// kindCode returns the code of kind k, giving it one if it has none, and
// keeps the rules' masks up to date.
func (ix *Index) kindCode(k string) {
	c, added := code(ix.kinds, k)
	if !added {
		return
	}
	for i := range ix.s.Rules {
		r := &ix.s.Rules[i]
		if len(r.OtherKinds) == 0 || slices.Contains(r.OtherKinds, k) {
			ix.masks[i].direct.add(c)
		}
		if slices.Contains(r.Kinds, k) {
			ix.masks[i].swapped.add(c)
		}
	}
	// The masks changed: every kind's rules again.
	ix.byKind = make([][]applied, len(ix.kinds))
	for name, code := range ix.kinds {
		ix.byKind[code] = ix.applying(name, nil)
	}
}

// applying appends to buf the rules that apply to a candidate of kind k,
// and how.
func (ix *Index) applying(k string, buf []applied) []applied {
	for ri := range ix.s.Rules {
		direct, swapped := ix.s.Rules[ri].applies(k)
		if (!direct && !swapped) || ix.ruleTypes[ri] < 0 {
			continue
		}
		a := applied{rule: uint16(ri), direct: direct, swapped: swapped}
		if direct {
			a.kinds = a.kinds.or(ix.masks[ri].direct)
		}
		if swapped {
			a.kinds = a.kinds.or(ix.masks[ri].swapped)
		}
		buf = append(buf, a)
	}
	return buf
}

// Settings returns the settings in effect, defaults filled in.
func (ix *Index) Settings() Settings { return ix.s }

// Len returns the number of objects in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.ids.n
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
	if _, ok := typeIndex(o.Type); !ok {
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
	return cmp.Or(ix.Change(nil, []Object{o})...)
}

func insert(t *tree, min, max [2]float32, it item) { t.Insert(min, max, it) }

func bulk(t *tree, min, max [2]float32, it item) { t.Add(min, max, it) }

func del(t *tree, min, max [2]float32, it item) { t.Delete(min, max, it) }

// add puts o in the slab and gives its kind and party their codes.
// The index keeps none of o's slices: what it keeps it copies.
// Change removes the objects with the ids in remove and upserts those
// in upsert, under one write lock: a writer installing a batch takes
// the lock once, not once per object, so that checks reading the index
// beside it hold it up once. It returns the error of each object
// refused (as Upsert's), at its position in upsert, or nil when none
// was.
func (ix *Index) Change(remove []string, upsert []Object) []error {
	var errs []error
	for i := range upsert {
		if err := validate(&upsert[i]); err != nil {
			if errs == nil {
				errs = make([]error, len(upsert))
			}
			errs[i] = err
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, id := range remove {
		ix.remove(id)
	}
	for i := range upsert {
		if errs != nil && errs[i] != nil {
			continue
		}
		o := &upsert[i]
		ix.remove(o.ID)
		if !o.Active {
			continue
		}
		slot := ix.add(o)
		for v := range o.Volumes {
			ix.place(slot, uint32(v), insert, true)
		}
	}
	return errs
}

func (ix *Index) add(o *Object) uint32 {
	ix.kindCode(o.Kind)
	code(ix.parties, o.Party)
	slot := ix.allocRec()
	ix.put(slot, o)
	ix.ids.put(o.ID, slot)
	ix.volumes += len(o.Volumes)
	return slot
}

// Load adds many objects at once, with the effect of calling Upsert on
// each in order (a later object replaces an earlier one with the same
// ID), but building the trees of different types of object in parallel.
// It is meant for the rebuild at start. It validates every object first
// and, if one is invalid, returns its error and changes nothing.
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
	// First, sequentially: remove what is replaced, then fill the slab.
	for i := range objs {
		if last[objs[i].ID] == i {
			ix.remove(objs[i].ID)
		}
	}
	// The slab is filled in Hilbert order of the objects' places, so that
	// the objects one check reads (neighbours on the map) are neighbours
	// in memory too: fewer pages, fewer cache misses when it is cold.
	order := make([]uint64, 0, len(objs))
	for i := range objs {
		o := &objs[i]
		if last[o.ID] != i || !o.Active {
			continue
		}
		var key uint64
		if len(o.Volumes) > 0 {
			b := o.outer(0).Footprint.Geometry.Bounds()
			key = hilbert((b.MinLon+b.MaxLon)/2, (b.MinLat+b.MaxLat)/2)
		}
		order = append(order, key<<32|uint64(i))
	}
	slices.Sort(order)
	// The slab grows once, to what it holds and a sixteenth more for
	// the writes that follow: appending one object at a time would leave
	// up to a quarter of it spare, and a slab grown to the last object
	// would be copied whole at the first write.
	if grow := len(order) - len(ix.freeRecs); grow > 0 {
		ix.recs = slices.Grow(ix.recs, grow+(len(ix.recs)+grow)/16)
	}
	nv := 0
	for _, k := range order {
		o := &objs[uint32(k)]
		nv += len(o.Volumes) + len(o.Disclosed)
	}
	ix.vols = slices.Grow(ix.vols, nv+(len(ix.vols)+nv)/16)
	var pending [numTypes][]uint32
	for _, k := range order {
		o := &objs[uint32(k)]
		t, _ := typeIndex(o.Type)
		pending[t] = append(pending[t], ix.add(o))
	}
	// Then the trees, one type per goroutine: the slab and the codes are
	// no longer written, and each type's trees belong to one goroutine.
	var wg sync.WaitGroup
	for t := range pending {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, slot := range pending[t] {
				for v := range ix.recs[slot].n {
					ix.place(slot, v, bulk, true)
				}
			}
			c := &ix.classes[t]
			c.long.Flush()
			for _, b := range c.buckets {
				b.Flush()
			}
		}()
	}
	wg.Wait()
	return nil
}

func (ix *Index) allocRec() uint32 {
	if n := len(ix.freeRecs); n > 0 {
		s := ix.freeRecs[n-1]
		ix.freeRecs = ix.freeRecs[:n-1]
		return s
	}
	ix.recs = append(slab.Room(ix.recs, 1), record{})
	return uint32(len(ix.recs) - 1)
}

// Remove removes the object with the given id, if any.
func (ix *Index) Remove(id string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.remove(id)
}

func (ix *Index) remove(id string) {
	slot, ok := ix.ids.get(id, ix.recs)
	if !ok {
		return
	}
	r := &ix.recs[slot]
	for v := range r.n {
		ix.place(slot, v, del, false)
	}
	c := &ix.classes[r.typ]
	for k, t := range c.buckets {
		if t.Len() == 0 {
			delete(c.buckets, k)
		}
	}
	ix.volumes -= int(r.n)
	ix.ids.delete(id, ix.recs) // before drop: the table reads the record's id
	ix.drop(slot)
	ix.freeRecs = append(ix.freeRecs, slot)
}

// place calls fn for every tree, rectangle and item volume vol of the
// object in slot belongs in (creating bucket trees when create is set).
// Insert and delete go through it, so they always agree.
func (ix *Index) place(slot, vol uint32, fn func(t *tree, min, max [2]float32, it item), create bool) {
	r := &ix.recs[slot]
	c := &ix.classes[r.typ]
	v := &ix.vols[r.vol+ix.outer(r, vol)]
	s, e := v.start, v.end
	it := item{obj: slot, vol: vol, lo: down(v.lo), hi: up(v.hi), kind: overflow, party: overflow}
	if k, ok := ix.kinds[ix.names[r.kind]]; ok {
		it.kind = k
	}
	if p, ok := ix.parties[ix.names[r.party]]; ok {
		it.party = p
	}
	it.start, it.end = minutes(s, e)
	rects := capParts(v.footprint().Cover(0, lineSpanDeg))
	b0, b1, long := ix.buckets(s, e)
	for p, r := range rects {
		min, max := [2]float32{down(r.MinLon), down(r.MinLat)}, [2]float32{up(r.MaxLon), up(r.MaxLat)}
		it.part = uint16(p)
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

// items returns how many items the trees hold and how many time-slice
// trees there are, for tests.
func (ix *Index) items() (n, trees int) {
	for i := range ix.classes {
		c := &ix.classes[i]
		n += c.long.Len()
		for _, t := range c.buckets {
			n += t.Len()
			trees++
		}
	}
	return n, trees
}

const nsPerMinute = int64(time.Minute)

// minutes rounds a window in nanoseconds (nanos) out to whole minutes,
// open ends as MinInt32 and MaxInt32.
func minutes(s, e int64) (int32, int32) {
	ms, me := int64(math.MinInt32), int64(math.MaxInt32)
	if s != math.MinInt64 {
		ms = max(floorDiv(s, nsPerMinute), math.MinInt32)
	}
	if e != math.MaxInt64 {
		me = min(-floorDiv(-e, nsPerMinute), math.MaxInt32)
	}
	return int32(ms), int32(me)
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
func (ix *Index) Check(c Candidate) []Conflict { return ix.AppendCheck(nil, c) }

// AppendCheck is Check appending to dst, and returning dst as it is if
// nothing conflicts: a caller that asks many questions keeps one buffer.
func (ix *Index) AppendCheck(dst []Conflict, c Candidate) []Conflict {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.check(dst, c, nil, false)
}

// CheckOnly is Check restricted to the objects with the given ids (ids
// the index does not hold are passed over): the conflicts Check would
// return with one of them, in Check's order. A check made earlier
// against the index is brought up to date with it, by dropping the
// conflicts with objects changed since and adding these: a conflict
// depends on the candidate and the one object alone.
func (ix *Index) CheckOnly(c Candidate, ids []string) []Conflict {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var buf [16]uint32
	slots := buf[:0]
	for _, id := range ids {
		if slot, ok := ix.ids.get(id, ix.recs); ok {
			slots = append(slots, slot)
		}
	}
	if len(slots) == 0 {
		return nil
	}
	return ix.check(nil, c, slots, true)
}

// check is AppendCheck, of the objects in slots alone when only is set
// (their volumes' items given to the leaf test, where Check searches the
// trees for them). The caller holds the read lock.
func (ix *Index) check(dst []Conflict, c Candidate, slots []uint32, only bool) []Conflict {
	sepHc, sepVc := ix.s.SeparationHorizontalM, ix.s.SeparationVerticalM
	if c.SeparationHorizontalM > 0 {
		sepHc = c.SeparationHorizontalM
	}
	if c.SeparationVerticalM > 0 {
		sepVc = c.SeparationVerticalM
	}
	// The answer and the hits, often more than a hundred, are gathered in
	// buffers reused across checks, and the answer is copied once, into
	// dst or at its size: a server's garbage collector pays for every byte
	// a check allocates, in proportion to the whole heap it must mark.
	var rsBuf [16]ruleQuery
	var coverBufs [2][8]geo.Rect // the candidate's rectangles, one volume at a time
	rs := rsBuf[:0]
	sc := scratchPool.Get().(*scratch)
	hits, out := sc.hits[:0], sc.out[:0]
	defer func() {
		if cap(hits) <= maxPooledHits && cap(out) <= maxPooledHits {
			clear(out)
			sc.hits, sc.out = hits[:0], out[:0]
			sc.obj, sc.asked = Object{}, false
			sc.probe.Reset(geo.Footprint{}) // holds no candidate's shape
			scratchPool.Put(sc)
		}
	}()
	party := uint8(overflow)
	if p, ok := ix.parties[c.Party]; ok {
		party = p
	}
	// The rules that apply to the candidate's kind, and how: kept per
	// kind, so that a cold check reads a few lines, not the rule table.
	// The candidate's own earlier version, by slot: comparing ids per hit
	// would read each hit's id from memory.
	self, hasSelf := uint32(0), false
	if c.ID != "" {
		self, hasSelf = ix.ids.get(c.ID, ix.recs)
	}
	var app []applied
	if k, ok := ix.kinds[c.Kind]; ok && int(k) < len(ix.byKind) {
		app = ix.byKind[k]
	} else {
		var buf [16]applied
		app = ix.applying(c.Kind, buf[:0])
	}
	for vi := range c.Volumes {
		cv := &c.Volumes[vi]
		if validVolume(*cv) != nil {
			continue
		}
		cs, ce := nanos(cv.Window)
		ms, me := minutes(cs, ce)
		// The candidate's rectangles, grown by no separation or by the
		// horizontal minimum: each is computed once per volume.
		var covers [2][]geo.Rect
		cover := func(sep bool) []geo.Rect {
			k := 0
			sepH := 0.0
			if sep {
				k, sepH = 1, sepHc
			}
			if covers[k] == nil {
				covers[k] = cv.Footprint.AppendCover(coverBufs[k][:0], sepH, lineSpanDeg)
				for i, r := range covers[k] {
					covers[k][i] = geo.Rect{MinLon: float64(down(r.MinLon)), MinLat: float64(down(r.MinLat)),
						MaxLon: float64(up(r.MaxLon)), MaxLat: float64(up(r.MaxLat))}
				}
			}
			return covers[k]
		}
		hits = hits[:0]
		for t := range ix.classes {
			// The rules that look at objects of this type, each with what
			// its leaf test needs.
			rs = rs[:0]
			sep := false
			for _, a := range app {
				r := &ix.s.Rules[a.rule]
				if ix.ruleTypes[a.rule] != t {
					continue
				}
				cover(r.Separation)
				q := ruleQuery{rule: a.rule, direct: a.direct, swapped: a.swapped, sep: r.Separation, kinds: a.kinds,
					lo: cv.Altitude.MinM, hi: cv.Altitude.MaxM, party: overflow,
					restricts: r.Requires != Anyone, differentParty: r.DifferentParty}
				if r.Separation {
					q.sepV = sepVc
					sep = true
				}
				if r.DifferentParty {
					q.party = party
				}
				rs = append(rs, q)
			}
			if len(rs) == 0 {
				continue
			}
			// One search of the type's trees with the widest rectangles;
			// every rule is tested on the leaf alone.
			add := func(min, max [2]float32, it item) bool {
				if it.end <= ms || me <= it.start {
					return true
				}
				for k := range rs {
					if rs[k].admits(min, max, &it, &covers) {
						hits = append(hits, hit{rule: rs[k].rule, direct: rs[k].direct, swapped: rs[k].swapped, obj: it.obj, vol: it.vol,
							matched: rs[k].matched(&it)})
					}
				}
				return true
			}
			if !only {
				ix.search(&ix.classes[t], cover(sep), cs, ce, add)
				continue
			}
			// The items the trees hold for these objects: the leaf test
			// refuses those the search would not have found (their
			// rectangles miss every cover, or their windows the
			// candidate's), and the exact tests below the rest.
			cover(sep)
			for _, slot := range slots {
				r := &ix.recs[slot]
				if int(r.typ) != t {
					continue
				}
				for v := range r.n {
					// A volume whose window misses the candidate's is
					// refused by the exact test below whatever the
					// leaf test lets through: its rectangles need not
					// be covered.
					if ov := &ix.vols[r.vol+ix.outer(r, v)]; ov.end <= cs || ce <= ov.start {
						continue
					}
					ix.place(slot, v, func(_ *tree, min, max [2]float32, it item) { add(min, max, it) }, false)
				}
			}
		}
		if len(hits) == 0 {
			continue
		}
		hits, sc.keys = sortHits(hits, sc.keys)
		if ix.touch(hits) == 1 {
			runtime.Gosched() // never in practice: only so the loads are used
		}
		probe := &sc.probe
		probe.Reset(cv.Footprint)
		runStart, runRule := len(out), -1
		for _, h := range hits {
			if int(h.rule) != runRule {
				sortRun(out[runStart:])
				runStart, runRule = len(out), int(h.rule)
			}
			r := &ix.s.Rules[h.rule]
			sepH, sepV := 0.0, 0.0
			if r.Separation {
				sepH, sepV = sepHc, sepVc
			}
			if hasSelf && h.obj == self {
				continue
			}
			o := &ix.recs[h.obj]
			if !h.matched {
				hdr := ix.header(o)
				if !r.objectMatches(c.Party, c.Kind, h.direct, h.swapped, &hdr) {
					continue
				}
			}
			// The shapes first: their lines are the ones touch loaded. Most
			// hits the refine rejects, it rejects here; the window and the
			// band (another line of the volume, cold in a server) are read
			// only for those that pass, since the leaf's rounded window and
			// band let through few that these exact tests refuse.
			jv := ix.judged(&c, h.obj, o, h.vol, sc)
			ov := &ix.vols[o.vol+jv]
			if !probe.Within(ov.footprint(), sepH) {
				continue
			}
			if outer := &ix.vols[o.vol+ix.outer(o, h.vol)]; outer.end <= cs || ce <= outer.start {
				continue
			}
			if !verticalConflict(cv.Altitude, Band{ov.lo, ov.hi}, sepV) {
				continue
			}
			w, ok := cv.Window.Overlap(ix.window(h.obj, o, jv))
			if !ok {
				continue
			}
			cf := Conflict{
				Rule:        r.ID,
				With:        Ref{Type: types[o.typ], ID: o.id, Kind: ix.names[o.kind], Party: ix.names[o.party]},
				Volume:      vi,
				OtherVolume: int(h.vol),
				Overlap:     w,
			}
			if jv != h.vol {
				cf.Disclosed = true
				if pv := &ix.vols[o.vol+h.vol]; !c.NoExact {
					_, cf.Exact = cv.Window.Overlap(ix.window(h.obj, o, h.vol))
					cf.Exact = cf.Exact && verticalConflict(cv.Altitude, Band{pv.lo, pv.hi}, sepV) && probe.Within(pv.footprint(), sepH)
				}
			}
			out = append(out, cf)
		}
		sortRun(out[runStart:])
	}
	if len(out) == 0 {
		return dst
	}
	return append(dst, out...)
}

// scratch is what a check reuses from one check to the next: its hits
// and their keys, its answer before it is copied out, its candidate
// volume's probe, and the object it shows Candidate.Precise.
type scratch struct {
	hits  []hit
	out   []Conflict // the answer, before it is copied out
	keys  []uint64   // the hits packed, for sortHits
	probe geo.Probe  // the candidate volume's, for the exact tests
	obj   Object
	// what Precise said of the object in slot, if asked
	asked, precise bool
	slot           uint32
}

// scratchPool holds the scratch of checks; one whose hits grew past
// maxPooledHits (a check that met most of the map) is left to the
// collector.
var scratchPool = sync.Pool{New: func() any { return &scratch{hits: make([]hit, 0, 256)} }}

const maxPooledHits = 1 << 14

// sortRun orders conflicts of one candidate volume and one rule by the
// other object's type and id, and other volume. Runs are short: an
// insertion sort keeps the code a cold check must fetch small.
func sortRun(cs []Conflict) {
	less := func(a, b *Conflict) bool {
		if a.With.Type != b.With.Type {
			return a.With.Type < b.With.Type
		}
		if a.With.ID != b.With.ID {
			return a.With.ID < b.With.ID
		}
		return a.OtherVolume < b.OtherVolume
	}
	if len(cs) > 32 {
		slices.SortFunc(cs, func(a, b Conflict) int {
			switch {
			case less(&a, &b):
				return -1
			case less(&b, &a):
				return 1
			}
			return 0
		})
		return
	}
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && less(&cs[j], &cs[j-1]); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// touch reads, for every hit, the object, then its volume, then the
// volume's first vertex, each for all hits before the next: the loads
// of one pass do not depend on each other, so a CPU whose caches are
// cold waits for one memory latency per pass instead of one per hit and
// step. The refine then finds them in the cache. It returns a sum of
// what it read, which the caller must use so the loads stay.
func (ix *Index) touch(hits []hit) uintptr {
	var x uintptr
	for _, h := range hits {
		x += uintptr(ix.recs[h.obj].n)
	}
	for _, h := range hits {
		r := &ix.recs[h.obj]
		if h.vol < r.n {
			// The type at the volume's start, the buffer at the end of its
			// footprint: the lines the refine's first test reads.
			v := &ix.vols[r.vol+h.vol]
			x += uintptr(v.geom.Geometry().Type()) + uintptr(v.buffer)
		}
	}
	for _, h := range hits {
		r := &ix.recs[h.obj]
		if h.vol < r.n {
			x += uintptr(ix.vols[r.vol+h.vol].geom.Geometry().Point().Lon)
		}
	}
	return x
}

// applied is a rule that applies to a candidate: as written (direct),
// swapped, or both; kinds are the kind codes it matches so.
type applied struct {
	rule            uint16
	direct, swapped bool
	kinds           kindSet
}

// hit is an entry that passed a rule's leaf test. matched says that the
// test was exact for the rule's object test (Rule.objectMatches), so
// the refine need not read the object's kind, party and type strings.
type hit struct {
	rule            uint16
	direct, swapped bool
	matched         bool
	obj, vol        uint32
}

// sortHits sorts hits by rule, object and volume and drops repeats (a
// volume found under two of the candidate's rectangles), reusing keys.
// Each hit is packed into one word in that order, its flags last, and
// the words are sorted as numbers, without the call of a comparison
// function for each of the comparisons the hundred or more hits of a
// check at a million objects take; a hit of a volume past 2^13 of its object
// (more than any object the center takes) sorts the hits field by
// field instead.
func sortHits(hits []hit, keys []uint64) ([]hit, []uint64) {
	keys = keys[:0]
	for _, h := range hits {
		if h.vol >= 1<<13 {
			slices.SortFunc(hits, func(a, b hit) int {
				return cmp.Or(cmp.Compare(a.rule, b.rule), cmp.Compare(a.obj, b.obj), cmp.Compare(a.vol, b.vol))
			})
			return slices.Compact(hits), keys
		}
		keys = append(keys, uint64(h.rule)<<48|uint64(h.obj)<<16|uint64(h.vol)<<3|bit(h.direct)<<2|bit(h.swapped)<<1|bit(h.matched))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	hits = hits[:0]
	for _, k := range keys {
		hits = append(hits, hit{rule: uint16(k >> 48), obj: uint32(k >> 16), vol: uint32(k>>3) & (1<<13 - 1),
			direct: k&4 != 0, swapped: k&2 != 0, matched: k&1 != 0})
	}
	return hits, keys
}

func bit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// ruleQuery is what one rule's leaf test compares an item with.
type ruleQuery struct {
	rule            uint16
	direct, swapped bool
	kinds           kindSet
	party           uint8 // the candidate's party code when the rule wants another party, else overflow
	lo, hi          float64
	sepV            float64
	sep             bool // the rule's rectangles are the candidate's grown by the separation (covers[1]), else covers[0]
	// restricts: the rule reads the zone's restrictions; differentParty:
	// it wants another party than the candidate's.
	restricts, differentParty bool
}

// matched reports whether an item the rule admits passes the rule's
// object test for certain, without the object: its kind and party have
// codes of their own (not overflow), so the leaf test on codes was the
// test on names. Codes are given once per name and never change; every
// indexed object is active and of the type its trees hold. Zones whose
// restrictions the rule reads are never matched here.
func (q *ruleQuery) matched(it *item) bool {
	return it.kind != overflow && !q.restricts &&
		(!q.differentParty || (q.party != overflow && it.party != overflow))
}

// admits is the rule's test of an item, before the object is read: it
// may let through what the exact test rejects, never the reverse.
func (q *ruleQuery) admits(min, max [2]float32, it *item, covers *[2][]geo.Rect) bool {
	if !q.kinds.has(it.kind) {
		return false
	}
	if q.party != overflow && it.party == q.party {
		return false
	}
	if !verticalConflict(Band{q.lo, q.hi}, Band{float64(it.lo), float64(it.hi)}, q.sepV) {
		return false
	}
	rects := covers[0]
	if q.sep {
		rects = covers[1]
	}
	for _, r := range rects {
		if float64(min[0]) <= r.MaxLon && r.MinLon <= float64(max[0]) &&
			float64(min[1]) <= r.MaxLat && r.MinLat <= float64(max[1]) {
			return true
		}
	}
	return false
}

// judged returns the volume vol of o that candidate c is judged against:
// the precise one if c may see o precisely, else the disclosed one.
func judged(c *Candidate, o *Object, vol uint32) *Volume {
	if o.Disclosed == nil || c.Precise == nil || c.Precise(o) {
		return &o.Volumes[vol]
	}
	return &o.Disclosed[vol]
}

// judged is judged for the record r in slot: it returns the number of
// the volume, counting the disclosed ones after the precise ones.
// Candidate.Precise is shown the object's header built in sc (who may
// see it is not a matter of its volumes, whose lines a cold check would
// read for nothing), once for hits of one object in a row (the hits of
// its volumes).
func (ix *Index) judged(c *Candidate, slot uint32, r *record, vol uint32, sc *scratch) uint32 {
	if !r.disclosed || c.Precise == nil {
		return vol
	}
	if !sc.asked || sc.slot != slot {
		sc.obj = ix.header(r)
		sc.asked, sc.slot, sc.precise = true, slot, c.Precise(&sc.obj)
	}
	if sc.precise {
		return vol
	}
	return vol + r.n
}

// search calls add for the items of class cl whose rectangles meet rects
// in the time slices [cs, ce) overlaps. An item may come more than once.
func (ix *Index) search(cl *class, rects []geo.Rect, cs, ce int64, add func(min, max [2]float32, it item) bool) {
	// The trees first, once: a map lookup per rectangle would read the
	// map's memory again for every piece of a route.
	var buf [maxBuckets + 2]*tree
	ts := append(buf[:0], &cl.long)
	b0, b1, long := ix.buckets(cs, ce)
	if long || b1-b0 > int64(len(cl.buckets)) {
		for b, t := range cl.buckets {
			if long || (b >= b0 && b <= b1) {
				ts = append(ts, t)
			}
		}
	} else {
		for b := b0; b <= b1; b++ {
			if t := cl.buckets[b]; t != nil {
				ts = append(ts, t)
			}
		}
	}
	for _, r := range rects {
		min, max := [2]float32{float32(r.MinLon), float32(r.MinLat)}, [2]float32{float32(r.MaxLon), float32(r.MaxLat)}
		for _, t := range ts {
			t.Search(min, max, add)
		}
	}
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
