package conflict

import (
	"encoding/binary"
	"math"
	"slices"
	"time"

	"github.com/truce-center/truce/geo"
	"github.com/truce-center/truce/internal/slab"
)

// How the index keeps its objects. An Object as callers give it is
// 192 bytes of headers (four strings, four lists) and 144 bytes a
// volume (two time.Time of 24 bytes, a footprint), each volume list an
// allocation of its own: at a million objects, about half of the
// index's heap (336 of 689 bytes a volume in BenchmarkCheck;
// docs/performance.md, issue 17 item 2). Inside, an object is a
// record of 48 bytes in one slab, names and lists as numbers into
// tables the index shares among all objects, and its volumes a run of
// 112-byte cvols in a second slab, laid out in the order of the records
// (Hilbert order after Load), times as the int64 nanoseconds every
// comparison already used. The record holds one pointer (its id); the
// volumes those of their geometry only. What the API returns as an
// Object (Freeze, the object Candidate.Precise is shown) is built back
// from them, equal to what was given.

// record is an indexed object. A free slot has no id.
//
// What every hit of a check reads (where the volumes are, whether they
// are disclosed) comes first, in 11 bytes. Half the records of the slab
// straddle two 64-byte cache lines; the first 11 bytes of a 48-byte
// record never do. Placed after the id, they did in one record of four,
// and a cold check waited for a second line for each hit there.
type record struct {
	// vol is where the object's volumes start in Index.vols: n precise
	// ones, then, when disclosed, n disclosed ones.
	vol, n    uint32
	typ       uint8 // index in types
	disclosed bool
	// loc is the location of every time of the object's windows, or
	// exactTimes: the windows are kept as given in Index.exact.
	loc uint8
	// kind and party are in Index.names; parties, acts (Restricts) and
	// seenBy in Index.lists.
	kind, party           uint32
	parties, acts, seenBy uint32
	id                    string
}

// cvol is a volume as the index keeps it. start and end are the
// window as nanos gives it; the times themselves are rebuilt from them
// and the record's location.
type cvol struct {
	geom       geo.Packed // 24 bytes, not a Geometry's 32
	buffer     float64
	lo, hi     float64
	start, end int64
}

func (v *cvol) footprint() geo.Footprint {
	return geo.Footprint{Geometry: v.geom.Geometry(), BufferM: v.buffer}
}

// types are the object types by their index in Index.classes.
var types = [numTypes]ObjectType{Zone, Site, Notification}

// Location codes of a record: the times are UTC, Local, one of
// Index.locs (code locTable+i), or not rebuilt from nanoseconds at all.
const (
	locUTC = iota
	locLocal
	locTable
	exactTimes = math.MaxUint8
	maxLocs    = exactTimes - locTable
)

// name returns the number of s in the index's table of names (kinds and
// parties), giving it one if it has none. Names are never dropped: there
// are as many as there are parties and kinds.
func (ix *Index) name(s string) uint32 {
	if n, ok := ix.nameIdx[s]; ok {
		return n
	}
	n := uint32(len(ix.names))
	ix.names = append(ix.names, s)
	ix.nameIdx[s] = n
	return n
}

// listKey is the key of a non-nil list in Index.listIdx: each string
// with its length before it, so that no two lists share a key.
func listKey(s []string) string {
	b := []byte{1}
	for _, x := range s {
		b = binary.AppendUvarint(b, uint64(len(x)))
		b = append(b, x...)
	}
	return string(b)
}

// list returns the number of a list equal to s in the index's table of
// lists, counting one more use of it; 0 is nil. A few lists recur across
// a million objects (the parties that see a notification, what zones
// restrict).
func (ix *Index) list(s []string) uint32 {
	if s == nil {
		return 0
	}
	key := listKey(s)
	if n, ok := ix.listIdx[key]; ok {
		ix.listRefs[n]++
		return n
	}
	var n uint32
	if k := len(ix.freeLists); k > 0 {
		n = ix.freeLists[k-1]
		ix.freeLists = ix.freeLists[:k-1]
	} else {
		n = uint32(len(ix.lists))
		ix.lists = append(ix.lists, nil)
		ix.listRefs = append(ix.listRefs, 0)
	}
	ix.lists[n] = slices.Clone(s)
	ix.listRefs[n] = 1
	ix.listIdx[key] = n
	return n
}

// unlist counts one use less of list n, dropping it after the last.
func (ix *Index) unlist(n uint32) {
	if n == 0 {
		return
	}
	if ix.listRefs[n]--; ix.listRefs[n] > 0 {
		return
	}
	delete(ix.listIdx, listKey(ix.lists[n]))
	ix.lists[n] = nil
	ix.freeLists = append(ix.freeLists, n)
}

// allocVols returns where a run of k free volumes starts in ix.vols.
func (ix *Index) allocVols(k uint32) uint32 {
	if free := ix.freeVols[k]; len(free) > 0 {
		at := free[len(free)-1]
		ix.freeVols[k] = free[:len(free)-1]
		return at
	}
	at := len(ix.vols)
	ix.vols = slab.Room(ix.vols, int(k))[:at+int(k)]
	return uint32(at)
}

// freeRun zeroes a run of volumes (their geometry no longer held) and
// makes it free.
func (ix *Index) freeRun(at, k uint32) {
	if k == 0 {
		return
	}
	clear(ix.vols[at : at+k])
	ix.freeVols[k] = append(ix.freeVols[k], at)
}

// locCode returns the code of loc, giving it one if it has none, or
// exactTimes when the table is full.
func (ix *Index) locCode(loc *time.Location) uint8 {
	switch loc {
	case time.UTC:
		return locUTC
	case time.Local:
		return locLocal
	}
	if i := slices.Index(ix.locs, loc); i >= 0 {
		return uint8(locTable + i)
	}
	if len(ix.locs) >= maxLocs {
		return exactTimes
	}
	ix.locs = append(ix.locs, loc)
	return uint8(locTable + len(ix.locs) - 1)
}

// at returns the time t of a window, in nanoseconds as nanos gives it
// (open is MinInt64 or MaxInt64), in the location of code loc.
func (ix *Index) at(t int64, loc uint8) time.Time {
	if t == math.MinInt64 || t == math.MaxInt64 {
		return time.Time{}
	}
	switch loc {
	case locUTC:
		return time.Unix(0, t).UTC()
	case locLocal:
		return time.Unix(0, t)
	}
	return time.Unix(0, t).In(ix.locs[loc-locTable])
}

// window returns volume i of the record in slot (counting the disclosed
// ones after the precise ones) as it was given.
func (ix *Index) window(slot uint32, r *record, i uint32) Window {
	if r.loc == exactTimes {
		return ix.exact[slot][i]
	}
	v := &ix.vols[r.vol+i]
	return Window{Start: ix.at(v.start, r.loc), End: ix.at(v.end, r.loc)}
}

// timesCode returns the location code that rebuilds every time of o's
// windows exactly (the same instant, location and encoding: == holds),
// or exactTimes if none does (times of several locations, beyond int64
// nanoseconds, with a monotonic reading).
func (ix *Index) timesCode(o *Object) uint8 {
	var loc *time.Location
	for _, vs := range [2][]Volume{o.Volumes, o.Disclosed} {
		for i := range vs {
			for _, t := range [2]time.Time{vs[i].Window.Start, vs[i].Window.End} {
				if t.IsZero() {
					continue
				}
				if loc == nil {
					loc = t.Location()
				} else if t.Location() != loc {
					return exactTimes
				}
			}
		}
	}
	code := uint8(locUTC)
	if loc != nil {
		if code = ix.locCode(loc); code == exactTimes {
			return exactTimes
		}
	}
	for _, vs := range [2][]Volume{o.Volumes, o.Disclosed} {
		for i := range vs {
			w := vs[i].Window
			s, e := nanos(w)
			if ix.at(s, code) != w.Start || ix.at(e, code) != w.End {
				return exactTimes
			}
		}
	}
	return code
}

// put fills the record in slot with o, which is valid and active, and
// its volumes.
func (ix *Index) put(slot uint32, o *Object) {
	t, _ := typeIndex(o.Type)
	n := uint32(len(o.Volumes))
	r := record{id: o.ID, n: n, kind: ix.name(o.Kind), party: ix.name(o.Party),
		parties: ix.list(o.Restricts.Parties), acts: ix.list(o.Restricts.Activities), seenBy: ix.list(o.SeenBy),
		typ: uint8(t), disclosed: o.Disclosed != nil, loc: ix.timesCode(o)}
	k := uint32(r.nvols())
	r.vol = ix.allocVols(k)
	for i, vs := range [2][]Volume{o.Volumes, o.Disclosed} {
		for j := range vs {
			v := &vs[j]
			s, e := nanos(v.Window)
			ix.vols[r.vol+uint32(i)*n+uint32(j)] = cvol{geom: geo.Pack(v.Footprint.Geometry), buffer: v.Footprint.BufferM,
				lo: v.Altitude.MinM, hi: v.Altitude.MaxM, start: s, end: e}
		}
	}
	if r.loc == exactTimes {
		ws := make([]Window, 0, k)
		for _, vs := range [2][]Volume{o.Volumes, o.Disclosed} {
			for j := range vs {
				ws = append(ws, vs[j].Window)
			}
		}
		ix.exact[slot] = ws
	}
	ix.recs[slot] = r
}

// nvols returns how many volumes the record has in Index.vols.
func (r *record) nvols() int {
	if r.disclosed {
		return 2 * int(r.n)
	}
	return int(r.n)
}

// drop empties the record in slot, letting go of what it holds.
func (ix *Index) drop(slot uint32) {
	r := &ix.recs[slot]
	ix.freeRun(r.vol, uint32(r.nvols()))
	ix.unlist(r.parties)
	ix.unlist(r.acts)
	ix.unlist(r.seenBy)
	delete(ix.exact, slot)
	*r = record{}
}

// outer returns the volume vol of the record that the index files it
// under: the disclosed one when there is one.
func (ix *Index) outer(r *record, vol uint32) uint32 {
	if r.disclosed {
		return vol + r.n
	}
	return vol
}

// header returns the record in slot as an Object without its volumes:
// what a rule's object test reads.
func (ix *Index) header(r *record) Object {
	return Object{Type: types[r.typ], ID: r.id, Party: ix.names[r.party], Kind: ix.names[r.kind], Active: true,
		Restricts: Restrictions{Parties: ix.lists[r.parties], Activities: ix.lists[r.acts]},
		SeenBy:    ix.lists[r.seenBy]}
}

// object returns the record in slot as the Object it was given as, its
// volumes (and disclosed ones) in buf, which must have room for them.
func (ix *Index) object(slot uint32, r *record, buf []Volume) Object {
	o := ix.header(r)
	k := r.nvols()
	buf = buf[:k:k]
	for i := range buf {
		v := &ix.vols[r.vol+uint32(i)]
		buf[i] = Volume{Footprint: v.footprint(), Altitude: Band{v.lo, v.hi}, Window: ix.window(slot, r, uint32(i))}
	}
	// Nil stays nil; an object without volumes comes back with nil ones.
	if r.n > 0 {
		o.Volumes = buf[:r.n:r.n]
	}
	if r.disclosed {
		o.Disclosed = buf[r.n:k:k]
		if o.Disclosed == nil {
			o.Disclosed = []Volume{}
		}
	}
	return o
}
