package core

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/events"
)

// The live event stream: every committed entry, as each caller may see
// it. Design notes: docs/design/hotline-and-events.md.
//
// An entry becomes at most one event for a given caller. Which callers
// see it, and what they see, is decided by the event view listed for its
// type in register.go, beside its applier; the broker and the streams are
// center/events. An entry type with no view is sent to no one, so a new
// feature leaks nothing by forgetting.
//
// The event id is the entry's log index. A stream that resumes after id
// L replays the entries after L from the store's log, then follows the
// live ones, with no gap and no duplicate.

// Event views live beside their features (zoneEvent in zones.go, …) and
// are registered in register.go. Each event carries the object as its
// entry left it (at, eventhistory.go) as the caller may see it, filtered
// by the same functions as the read endpoints — with one more rule:
// events never carry precise geometry. A client that needs it reads the
// object with GET, which records the access (PRODUCT §4); an event
// stream must not be a way around access records.

// EventView decides whether caller may see entry e as an event and
// returns the event's data. It is called with the state locked for
// reading, after the entry was committed (the state may already reflect
// later entries, so it should build the data from the entry and from what
// the entry made, which does not change). Its answer MUST depend on the
// caller's party only, not on the member: renderings are shared by the
// members of a party. It MUST filter exactly as the read endpoints do.
type EventView func(s *State, caller *Caller, e *truce.Entry) (data any, ok bool)

// HistoricView is an EventView of an entry that changes objects which
// later entries change again (a zone, a site, a notification): at returns
// each object as e left it (eventhistory.go), so that the event carries
// what its entry did, and a resumed stream replays history faithfully.
// Disclosure is decided as the read endpoints decide it today, on the
// object as it was.
type HistoricView func(s *State, at ObjectAt, caller *Caller, e *truce.Entry) (data any, ok bool)

// ViewFailed is the data of an event view that could not read what its
// event must show (the store failing to give a notification's opening).
// The rendering fails with Err, and the stream ends with EInternal, so
// that its client resumes after the last event it had and is sent this
// one again: an event is never dropped because a read failed.
type ViewFailed struct{ Err error }

// StreamView is what the stream shows of an entry type: its view, and
// whether it is historic (HistoricView) or reads the live state.
type StreamView struct {
	Fn       HistoricView
	Historic bool // needs at
}

// entryEvent is the JSON of an entry's event.
type entryEvent struct {
	ID   uint64    `json:"id"`
	Type string    `json:"type"`
	Time time.Time `json:"time"`
	Data any       `json:"data"`
}

// eventJSON is json.Marshal(ev), with a notification's conflicts spliced
// in by hand (truce.AppendNotificationJSON): every party's stream renders
// each strike, and encoding/json would read its ~46 conflicts twice.
// Data is the event's last member, so its value is all that follows
// the other members.
func eventJSON(ev entryEvent) ([]byte, error) {
	n, ok := ev.Data.(*truce.Notification)
	if !ok || n == nil {
		return json.Marshal(ev)
	}
	ev.Data = nil
	b, err := json.Marshal(ev)
	if err != nil || !bytes.HasSuffix(b, []byte(`,"data":null}`)) {
		ev.Data = n
		return json.Marshal(ev)
	}
	var scratch bytes.Buffer
	at := len(b) - len("null}")
	if b = truce.AppendNotificationJSON(b[:at], &scratch, n, true); len(b) == at {
		ev.Data = n // refused: encoding/json's error
		return json.Marshal(ev)
	}
	return append(b, '}'), nil
}

// streamRenderer renders entries for one caller's stream, with the event
// views of register.go.
type streamRenderer struct {
	c      *Center
	caller *Caller
	deep   *State // this stream's own replay, for entries older than the history keeps
}

// Key: renderings are shared by the members of a party (an event view's
// answer depends on the caller's party only).
func (r *streamRenderer) Key() string { return r.caller.Party.ID }

func (r *streamRenderer) Render(ctx context.Context, e *truce.Entry) ([]byte, bool, error) {
	fn, ok := r.c.reg.EventViews[e.Type]
	if !ok {
		return nil, false, nil
	}
	var data any
	view := func(at ObjectAt) {
		r.c.Read(func(s *State) { data, ok = fn.Fn(s, at, r.caller, e) })
	}
	if !fn.Historic {
		view(nil)
	} else if err := r.c.Hist.render(ctx, e.Index, &r.deep, view); err != nil {
		return nil, false, fmt.Errorf("event stream: the objects as of entry %d: %w", e.Index, err)
	}
	if f, failed := data.(ViewFailed); failed {
		return nil, false, fmt.Errorf("event stream: entry %d: %w", e.Index, f.Err)
	}
	if !ok {
		return nil, false, nil
	}
	b, err := eventJSON(entryEvent{ID: e.Index, Type: e.Type, Time: e.Time, Data: data})
	if err != nil {
		r.c.log.Error("rendering an event", "index", e.Index, "type", e.Type, "err", err)
		return nil, false, nil
	}
	return b, true, nil
}

// Subscribe opens an event stream for caller. With after nil, it starts
// at the live end of the log; otherwise it first delivers every entry
// after index *after that the caller may see (Last-Event-ID). It returns
// EInvalid for a position beyond the log and EUnavailable when the
// center is shutting down. The caller MUST Close the stream.
//
// It returns what events.Broker.Subscribe returns: EInvalid naming
// Last-Event-ID; EUnavailable when the center is closing; when after is
// beyond this node's log, what Sync returns.
func (c *Center) Subscribe(ctx context.Context, caller *Caller, after *uint64) (*events.Stream, error) {
	set := c.Settings()
	return c.events.Subscribe(ctx, &streamRenderer{c: c, caller: caller}, events.Config{Heartbeat: set.Heartbeat, Buffer: set.EventBuffer}, after)
}

// CloseEvents ends every event stream, each with the position to resume
// from, and refuses new ones. `truce serve` calls it when it shuts down,
// because open streams would otherwise hold the HTTP server's graceful
// shutdown until its timeout.
func (c *Center) CloseEvents() { c.events.Close() }

// Subscribers returns how many streams follow the live log (for metrics
// and tests).
func (c *Center) Subscribers() int { return c.events.Subscribers() }
