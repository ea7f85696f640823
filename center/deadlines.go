package center

import (
	"container/heap"
	"sync"
	"sync/atomic"
	"time"

	"github.com/truce-center/truce"
)

// The center's clock acts — expiries and executions (Advance), alerts on
// unacknowledged messages (Tick) — must cost what is due, not what is
// stored: a server with a million objects and nothing due does nothing
// each second. So the objects' next due times are kept in order, as the
// conflict index is kept in step: the writer goroutine pushes an
// object's due time after each install that changed it (reindex), and at
// start for every object. The queue is lazy: an object that changes
// again is pushed again, and an entry whose object is no longer due at
// that time is dropped when it comes up.

// dueAt returns when an object next falls due for an act of the clock,
// and whether it ever does.
func dueAt(kind string, obj any) (time.Time, bool) {
	switch o := obj.(type) {
	case *truce.Notification:
		first, last := windowSpan(o)
		switch o.State {
		case truce.NotificationSubmitted, truce.NotificationObjected:
			return first, !first.IsZero()
		case truce.NotificationAcknowledged:
			return last, !last.IsZero()
		}
	case *truce.Zone:
		if o.State == truce.ZoneProposed || o.State == truce.ZoneActive || o.State == truce.ZoneSuspended {
			return o.Valid.End, !o.Valid.End.IsZero()
		}
	case *truce.Site:
		if o.State == truce.SiteActive {
			return o.Valid.End, !o.Valid.End.IsZero()
		}
	case *Message:
		if o.AckDue != nil && len(o.Awaiting) > 0 && len(o.Alerts) == 0 {
			return *o.AckDue, true
		}
	}
	return time.Time{}, false
}

// due is one entry of the queue.
type due struct {
	at       time.Time
	kind, id string
}

type dueHeap []due

func (h dueHeap) Len() int           { return len(h) }
func (h dueHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h dueHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *dueHeap) Push(x any)        { *h = append(*h, x.(due)) }
func (h *dueHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// deadlines is a queue of due times. Its methods are safe for concurrent
// use.
type deadlines struct {
	mu sync.Mutex
	h  dueHeap
	// examined counts the objects the clock looked at, for the tests
	// that hold its cost to what is due.
	examined atomic.Int64
}

// track pushes obj's due time, if it has one.
func (d *deadlines) track(kind, id string, obj any) {
	at, ok := dueAt(kind, obj)
	if !ok {
		return
	}
	d.mu.Lock()
	heap.Push(&d.h, due{at, kind, id})
	d.mu.Unlock()
}

// load queues the due times of every object of s of the given kinds.
func (d *deadlines) load(s *State, kinds ...string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, kind := range kinds {
		for id, obj := range s.Range(kind) {
			if at, ok := dueAt(kind, obj); ok {
				d.h = append(d.h, due{at, kind, id})
			}
		}
	}
	heap.Init(&d.h)
}

// next returns the earliest due time queued.
func (d *deadlines) next() (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.h) == 0 {
		return time.Time{}, false
	}
	return d.h[0].at, true
}

// popDue removes and returns the entries due at or before now, at most
// limit of them (0: all).
func (d *deadlines) popDue(now time.Time, limit int) []due {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []due
	for len(d.h) > 0 && !d.h[0].at.After(now) && (limit == 0 || len(out) < limit) {
		out = append(out, heap.Pop(&d.h).(due))
	}
	d.examined.Add(int64(len(out)))
	return out
}

// requeue puts back entries whose act could not be written.
func (d *deadlines) requeue(ds []due) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, x := range ds {
		heap.Push(&d.h, x)
	}
}

// Examined returns how many objects the clock has looked at since the
// center opened (Advance and Tick); it grows with what falls due, not
// with what is stored.
func (c *Center) Examined() int64 {
	return c.clockDue.examined.Load() + c.alertDue.examined.Load()
}
