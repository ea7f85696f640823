package engine

import (
	"container/heap"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Deadlines is a queue of the times objects next fall due for an act of
// the clock, so that the clock's work costs what is due, not what is
// stored. It is lazy: an object that changes is pushed again, and an
// entry whose object is no longer due at that time is dropped by the
// caller when it comes up. Its methods are safe for concurrent use.
type Deadlines struct {
	mu sync.Mutex
	h  dueHeap
	// examined counts the entries popped, for the tests that hold the
	// clock's cost to what is due.
	examined atomic.Int64
}

// Due is one entry of the queue: when the object named by Key falls due.
type Due struct {
	At  time.Time
	Key Key
}

// dueHeap holds the times as Unix nanoseconds: 40 bytes an entry instead of 56, and a
// store of a million objects queues about as many.
type dueHeap []due

type due struct {
	at  int64
	key Key
}

// Times beyond what int64 nanoseconds hold (before 1678, after 2262)
// are kept as the nearest they hold.
var minDue, maxDue = time.Unix(0, math.MinInt64), time.Unix(0, math.MaxInt64)

func toDue(x Due) due {
	switch {
	case x.At.Before(minDue):
		return due{math.MinInt64, x.Key}
	case x.At.After(maxDue):
		return due{math.MaxInt64, x.Key}
	}
	return due{x.At.UnixNano(), x.Key}
}

func (x due) Due() Due               { return Due{time.Unix(0, x.at).UTC(), x.key} }
func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].at < h[j].at }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(due)) }
func (h *dueHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Push queues one due time.
func (d *Deadlines) Push(x Due) {
	d.mu.Lock()
	heap.Push(&d.h, toDue(x))
	d.mu.Unlock()
}

// Requeue puts back entries whose act could not be written.
func (d *Deadlines) Requeue(xs []Due) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, x := range xs {
		heap.Push(&d.h, toDue(x))
	}
}

// Load queues many due times at once (at start).
func (d *Deadlines) Load(xs []Due) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.h = slices.Grow(d.h, len(xs))
	for _, x := range xs {
		d.h = append(d.h, toDue(x))
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
	return d.h[0].Due().At, true
}

// PopDue removes and returns the entries due at or before now, at most
// limit of them (0: all).
func (d *Deadlines) PopDue(now time.Time, limit int) []Due {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Due
	end := now.UnixNano()
	for len(d.h) > 0 && d.h[0].at <= end && (limit == 0 || len(out) < limit) {
		out = append(out, heap.Pop(&d.h).(due).Due())
	}
	d.examined.Add(int64(len(out)))
	return out
}

// Examined is how many entries have been popped.
func (d *Deadlines) Examined() int64 { return d.examined.Load() }
