package core

import (
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
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
			return o.Valid.End.Time(), !o.Valid.End.IsZero()
		}
	case *truce.Site:
		if o.State == truce.SiteActive {
			return o.Valid.End.Time(), !o.Valid.End.IsZero()
		}
	case *truce.Message:
		if o.AckDue != nil && len(o.Awaiting) > 0 && len(o.Alerts) == 0 {
			return *o.AckDue, true
		}
	}
	return time.Time{}, false
}

// trackDue queues obj's due time in d, if it has one.
func trackDue(d *engine.Deadlines, kind, id string, obj any) {
	if at, ok := dueAt(kind, obj); ok {
		d.Push(engine.Due{At: at, Key: engine.Key{Kind: kind, ID: id}})
	}
}

// loadDue queues in d the due times of every object of s of the given
// kinds.
func loadDue(d *engine.Deadlines, s *State, kinds ...string) {
	var xs []engine.Due
	for _, kind := range kinds {
		for id, obj := range s.Range(kind) {
			if at, ok := dueAt(kind, obj); ok {
				xs = append(xs, engine.Due{At: at, Key: engine.Key{Kind: kind, ID: id}})
			}
		}
	}
	d.Load(xs)
}

// Examined returns how many objects the clock has looked at since the
// center opened (Advance and Tick); it grows with what falls due, not
// with what is stored.
func (c *Center) Examined() int64 {
	return c.clockDue.Examined() + c.AlertDue.Examined()
}
