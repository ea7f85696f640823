package engine

import (
	"container/heap"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/truce-center/truce/internal/slab"
)

// Deadlines is a queue of the times objects next fall due for an act of
// the clock, so that the clock's work costs what is due, not what is
// stored. It is lazy: an object that changes is pushed again, and an
// entry whose object is no longer due at that time is dropped by the
// caller when it comes up. Its methods are safe for concurrent use.
type Deadlines struct {
	mu sync.Mutex
	h  dueHeap
	// names are the kinds and id prefixes of the queued keys, by
	// number; others the keys whose id is not a prefix and a number
	// (free: their slots no longer used).
	names  []dueName
	others []Key
	free   []uint32
	// examined counts the entries popped, for the tests that hold the
	// clock's cost to what is due.
	examined atomic.Int64
}

// Due is one entry of the queue: when the object named by Key falls due.
type Due struct {
	At  time.Time
	Key Key
}

// dueHeap holds the times as Unix nanoseconds and the keys as numbers:
// 16 bytes an entry instead of 56 (40 with the time alone as a number),
// and a store of a million objects queues about as many. The center's
// ids are a prefix and a number ("ntf_1234", as objMap lists them): an
// entry holds the number and the number of its kind and prefix in
// Deadlines.names; a key of another form is kept in Deadlines.others.
type dueHeap []due

type due struct {
	at   int64
	num  uint32 // the id's number, or the key's slot in others (name == otherKey)
	name uint16
}

type dueName struct{ kind, prefix string }

// otherKey is the name of an entry whose key is in Deadlines.others.
const otherKey = math.MaxUint16

// Times beyond what int64 nanoseconds hold (before 1678, after 2262)
// are kept as the nearest they hold.
var minDue, maxDue = time.Unix(0, math.MinInt64), time.Unix(0, math.MaxInt64)

// pack returns the entry of x, numbering its name or keeping its key.
// d.mu is held.
func (d *Deadlines) pack(x Due) due {
	at := int64(math.MinInt64)
	switch {
	case x.At.Before(minDue):
	case x.At.After(maxDue):
		at = math.MaxInt64
	default:
		at = x.At.UnixNano()
	}
	if cut := strings.LastIndexByte(x.Key.ID, '_') + 1; cut > 0 {
		if n, ok := decimal(x.Key.ID[cut:]); ok {
			prefix := x.Key.ID[:cut]
			for i, nm := range d.names {
				if nm.kind == x.Key.Kind && nm.prefix == prefix {
					return due{at, uint32(n), uint16(i)}
				}
			}
			if len(d.names) < otherKey {
				d.names = append(d.names, dueName{strings.Clone(x.Key.Kind), strings.Clone(prefix)})
				return due{at, uint32(n), uint16(len(d.names) - 1)}
			}
		}
	}
	var slot uint32
	if k := len(d.free); k > 0 {
		slot = d.free[k-1]
		d.free = d.free[:k-1]
		d.others[slot] = x.Key
	} else {
		slot = uint32(len(d.others))
		d.others = append(d.others, x.Key)
	}
	return due{at, slot, otherKey}
}

// unpack returns the Due of an entry leaving the queue, freeing its
// key's slot. d.mu is held.
func (d *Deadlines) unpack(x due) Due {
	at := time.Unix(0, x.at).UTC()
	if x.name == otherKey {
		k := d.others[x.num]
		d.others[x.num] = Key{}
		d.free = append(d.free, x.num)
		return Due{at, k}
	}
	nm := d.names[x.name]
	return Due{at, Key{Kind: nm.kind, ID: nm.prefix + strconv.FormatUint(uint64(x.num), 10)}}
}

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].at < h[j].at }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(slab.Room(*h, 1), x.(due)) }
func (h *dueHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Push queues one due time.
func (d *Deadlines) Push(x Due) {
	d.mu.Lock()
	heap.Push(&d.h, d.pack(x))
	d.mu.Unlock()
}

// Requeue puts back entries whose act could not be written.
func (d *Deadlines) Requeue(xs []Due) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, x := range xs {
		heap.Push(&d.h, d.pack(x))
	}
}

// Load queues many due times at once (at start).
func (d *Deadlines) Load(xs []Due) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.h = slices.Grow(d.h, len(xs))
	for _, x := range xs {
		d.h = append(d.h, d.pack(x))
	}
	heap.Init(&d.h)
}

// Next returns the earliest due time queued.
func (d *Deadlines) Next() (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.h) == 0 {
		return time.Time{}, false
	}
	return time.Unix(0, d.h[0].at).UTC(), true
}

// PopDue removes and returns the entries due at or before now, at most
// limit of them (0: all).
func (d *Deadlines) PopDue(now time.Time, limit int) []Due {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Due
	end := now.UnixNano()
	for len(d.h) > 0 && d.h[0].at <= end && (limit == 0 || len(out) < limit) {
		out = append(out, d.unpack(heap.Pop(&d.h).(due)))
	}
	d.examined.Add(int64(len(out)))
	return out
}

// Examined is how many entries have been popped.
func (d *Deadlines) Examined() int64 { return d.examined.Load() }
