package center

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
)

// The live event stream: every committed entry, as each caller may see
// it. Design notes: docs/design/hotline-and-events.md.
//
// An entry becomes at most one event for a given caller. Which callers
// see it, and what they see, is decided by the event view registered for
// its type (registerEventView), the same way appliers are registered: each
// feature registers the views of its own entry types. An entry type with
// no registered view is sent to no one, so a new feature leaks nothing by
// forgetting.
//
// The event id is the entry's log index. A stream that resumes after id
// L replays the entries after L from the store's log, then follows the
// live ones, with no gap and no duplicate.

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
type HistoricView func(s *State, at objectAt, caller *Caller, e *truce.Entry) (data any, ok bool)

type eventView struct {
	fn       HistoricView
	historic bool // needs at
}

// partyEvent: everyone at the table sees who joins it (as GET
// /v1/parties does).
func partyEvent(s *State, caller *Caller, e *truce.Entry) (any, bool) {
	p := tParty.Get(s, partyID(e))
	if p == nil {
		return nil, false
	}
	return p, true
}

// memberEvent: a member's registration, to the coordinator and the
// member's own party (as GET /v1/parties/{id}/members), and never the
// token's hash.
func memberEvent(s *State, caller *Caller, e *truce.Entry) (any, bool) {
	m := tMember.Get(s, memberID(e))
	if m == nil || (!caller.IsCoordinator() && caller.Party.ID != m.PartyID) {
		return nil, false
	}
	return MemberView{ID: m.ID, PartyID: m.PartyID, Name: m.Name, CreatedAt: m.CreatedAt, LogIndex: m.LogIndex}, true
}

// EventKind tells an entry's event from the stream's own messages.
type EventKind int

const (
	// EventEntry is a committed entry the caller may see.
	EventEntry EventKind = iota
	// EventHeartbeat says the stream is alive and how far it has read.
	EventHeartbeat
	// EventResume is the last message of a stream the center ends (a
	// client that fell behind, or shutdown): reconnect with Last-Event-ID
	// set to Position.
	EventResume
)

// Event is one message of a stream.
type Event struct {
	Kind EventKind
	// Position is the log index this stream has dealt with: every entry
	// up to it that the caller may see has been delivered. For an
	// EventEntry it is the entry's index, the event id.
	Position uint64
	Type     string // the entry type (EventEntry)
	// Data is the JSON to send: for an EventEntry
	// {"id","type","time","data"}; for an EventResume
	// {"resume_after","reason"}.
	Data []byte
}

// entryEvent is the JSON of an entry's event.
type entryEvent struct {
	ID   uint64    `json:"id"`
	Type string    `json:"type"`
	Time time.Time `json:"time"`
	Data any       `json:"data"`
}

// Why a stream ends.
const (
	reasonBehind   = "the client fell behind the live stream; resume from this position"
	reasonShutdown = "the center is shutting down; resume from this position"
)

// broker fans committed entries out to the subscribed streams. The writer
// goroutine publishes; it never blocks on a subscriber: each has a
// bounded buffer, and one whose buffer is full is dropped (and told where
// to resume) instead of being buffered without bound.
type broker struct {
	c      *Center
	hist   *history // the objects as each entry left them (eventhistory.go)
	mu     sync.Mutex
	next   uint64 // the index after the last published entry
	subs   map[*subscription]struct{}
	closed bool
}

type subscription struct {
	ch     chan *liveEntry
	gone   chan struct{} // closed when the broker drops the subscription
	reason string        // why, set before gone is closed
}

// liveEntry is a published entry with its renderings, shared by every
// subscriber: a party's rendering is computed once.
type liveEntry struct {
	e       *truce.Entry
	mu      sync.Mutex // guards byParty; renderings are made outside it
	byParty map[string]*partyRendering
}

type partyRendering struct {
	once sync.Once
	r    rendering
}

type rendering struct {
	data []byte
	ok   bool
	err  error // the history could not be read; the stream ends
}

func newBroker(c *Center, size uint64) *broker {
	return &broker{c: c, next: size, subs: map[*subscription]struct{}{}, hist: newHistory(c, c.state)}
}

// publishing returns an OnCommit function that publishes the entries,
// then calls then (the configured OnCommit) if it is set.
func (b *broker) publishing(then func([]*truce.Entry)) func([]*truce.Entry) {
	return func(entries []*truce.Entry) {
		b.publish(entries)
		if then != nil {
			then(entries)
		}
	}
}

// publish hands a committed batch to every subscriber. Only the writer
// goroutine calls it, in log order.
func (b *broker) publish(entries []*truce.Entry) {
	if len(entries) == 0 {
		return
	}
	live := make([]*liveEntry, len(entries))
	for i, e := range entries {
		live[i] = &liveEntry{e: e}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for sub := range b.subs {
	entries:
		for _, le := range live {
			select {
			case sub.ch <- le:
			default:
				b.drop(sub, reasonBehind)
				break entries
			}
		}
	}
	b.next = entries[len(entries)-1].Index + 1
}

// drop ends a subscription. The caller holds b.mu.
func (b *broker) drop(sub *subscription, reason string) {
	if _, ok := b.subs[sub]; !ok {
		return
	}
	delete(b.subs, sub)
	sub.reason = reason
	close(sub.gone)
}

// subscribe registers a subscriber and returns the index of the first
// entry it will receive.
func (b *broker) subscribe(buffer int) (*subscription, uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, 0, truce.Errorf(truce.EUnavailable, "the center is shutting down")
	}
	sub := &subscription{ch: make(chan *liveEntry, buffer), gone: make(chan struct{})}
	b.subs[sub] = struct{}{}
	return sub, b.next, nil
}

func (b *broker) unsubscribe(sub *subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, sub)
}

// position returns the index after the last published entry.
func (b *broker) position() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.next
}

// CloseEvents ends every event stream, each with the position to resume
// from, and refuses new ones. `truce serve` calls it when it shuts down,
// because open streams would otherwise hold the HTTP server's graceful
// shutdown until its timeout.
func (c *Center) CloseEvents() {
	b := c.events
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for sub := range b.subs {
		b.drop(sub, reasonShutdown)
	}
}

// Subscribers returns how many streams follow the live log (for metrics
// and tests).
func (c *Center) Subscribers() int {
	c.events.mu.Lock()
	defer c.events.mu.Unlock()
	return len(c.events.subs)
}

// Stream is one caller's event stream. Its methods are not safe for
// concurrent use: one goroutine (the HTTP handler) reads it.
type Stream struct {
	c      *Center
	caller *Caller
	set    Settings
	next   uint64         // the next log index to consider
	back   []*truce.Entry // entries read from the store, not yet considered
	sub    *subscription  // nil while catching up from the store
	live   uint64         // the first index the subscription delivers
	hb     *time.Timer
	done   bool
	deep   *State // this stream's own replay, for entries older than the history keeps
}

// Subscribe opens an event stream for caller. With after nil, it starts
// at the live end of the log; otherwise it first delivers every entry
// after index *after that the caller may see (Last-Event-ID). It returns
// EInvalid for a position beyond the log and EUnavailable when the
// center is shutting down. The caller MUST Close the stream.
func (c *Center) Subscribe(ctx context.Context, caller *Caller, after *uint64) (*Stream, error) {
	st := &Stream{c: c, caller: caller, set: c.Settings()}
	if after == nil {
		sub, p, err := c.events.subscribe(st.set.EventBuffer)
		if err != nil {
			return nil, err
		}
		st.sub, st.live, st.next = sub, p, p
	} else {
		st.next = *after + 1
		if st.next > c.events.position() {
			// Another node of a shared store may be ahead of this one.
			if err := c.Sync(ctx); err != nil {
				return nil, err
			}
			if p := c.events.position(); st.next > p {
				return nil, &truce.Error{Code: truce.EInvalid, Message: fmt.Sprintf("the log has %d entries", p),
					Fields: []truce.FieldError{{Field: "Last-Event-ID", Message: fmt.Sprintf("%d is beyond the end of the log", *after)}}}
			}
		}
	}
	st.hb = time.NewTimer(st.set.Heartbeat)
	return st, nil
}

// Close ends the stream.
func (st *Stream) Close() {
	st.hb.Stop()
	if st.sub != nil {
		st.c.events.unsubscribe(st.sub)
	}
	st.done = true
}

// Position is the log index the stream has dealt with: resuming after it
// loses nothing.
func (st *Stream) Position() uint64 { return st.next - 1 }

// catchUpChunk bounds the entries read from the store at once.
const catchUpChunk = 256

// Next returns the stream's next message: an entry the caller may see, a
// heartbeat after Settings.Heartbeat of silence, or a final EventResume
// when the center ends the stream (after which Next returns an error). It
// returns ctx's error when ctx ends.
func (st *Stream) Next(ctx context.Context) (Event, error) {
	ev, _, err := st.step(ctx, true)
	return ev, err
}

// Ready is Next without waiting: ok is false when no message is ready.
// The HTTP layer flushes what it has written before it waits, so that an
// event is never held back behind entries the caller does not see.
func (st *Stream) Ready(ctx context.Context) (ev Event, ok bool, err error) {
	return st.step(ctx, false)
}

func (st *Stream) step(ctx context.Context, wait bool) (Event, bool, error) {
	if st.done {
		return Event{}, false, truce.Errorf(truce.EUnavailable, "the stream has ended")
	}
	for {
		// Entries read from the store come first.
		if len(st.back) > 0 {
			e := st.back[0]
			st.back = st.back[1:]
			st.next = e.Index + 1
			if ev, ok, err := st.render(ctx, e, nil); err != nil || ok {
				return ev, ok, err
			}
			continue
		}
		if err := ctx.Err(); err != nil {
			return Event{}, false, err
		}
		if st.sub == nil {
			// Catching up: read from the store up to what has been
			// published, then subscribe and read the gap between the
			// two from the store too, so nothing is missed or repeated.
			if end := st.c.events.position(); st.next < end {
				if err := st.readBack(ctx, min(end, st.next+catchUpChunk)); err != nil {
					return Event{}, false, err
				}
				continue
			}
			sub, p, err := st.c.events.subscribe(st.set.EventBuffer)
			if err != nil {
				return st.end(reasonShutdown), true, nil
			}
			st.sub, st.live = sub, p
		}
		if st.next < st.live {
			if err := st.readBack(ctx, min(st.live, st.next+catchUpChunk)); err != nil {
				return Event{}, false, err
			}
			continue
		}
		// Live. A dropped subscription ends the stream at once, even if
		// entries are still buffered: the client is too slow to take them.
		select {
		case <-st.sub.gone:
			return st.end(st.sub.reason), true, nil
		default:
		}
		le, ev, err := st.receive(ctx, wait)
		switch {
		case err != nil:
			return Event{}, false, err
		case ev != nil:
			return *ev, true, nil
		case le == nil:
			return Event{}, false, nil // nothing ready, and not waiting
		}
		if le.e.Index != st.next {
			return Event{}, false, fmt.Errorf("event stream: entry %d arrived when %d was expected", le.e.Index, st.next)
		}
		st.next = le.e.Index + 1
		if ev, ok, err := st.render(ctx, le.e, le); err != nil || ok {
			return ev, ok, err
		}
	}
}

// receive takes the subscription's next entry, or, waiting, the end of
// the subscription, a heartbeat or the end of ctx. Without waiting it
// returns nothing when no entry is buffered.
func (st *Stream) receive(ctx context.Context, wait bool) (*liveEntry, *Event, error) {
	select {
	case le := <-st.sub.ch:
		return le, nil, nil
	default:
		if !wait {
			return nil, nil, nil
		}
	}
	select {
	case le := <-st.sub.ch:
		return le, nil, nil
	case <-st.sub.gone:
		ev := st.end(st.sub.reason)
		return nil, &ev, nil
	case <-st.hb.C:
		st.hb.Reset(st.set.Heartbeat)
		return nil, &Event{Kind: EventHeartbeat, Position: st.Position()}, nil
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

// end makes the stream's final message.
func (st *Stream) end(reason string) Event {
	st.done = true
	data, _ := json.Marshal(map[string]any{"resume_after": st.Position(), "reason": reason})
	return Event{Kind: EventResume, Position: st.Position(), Data: data}
}

// readBack reads the committed entries [st.next, end) from the store.
func (st *Stream) readBack(ctx context.Context, end uint64) error {
	raws, err := st.c.store.Entries(ctx, st.next, end)
	if err != nil {
		return fmt.Errorf("reading entries %d-%d for an event stream: %w", st.next, end, err)
	}
	if len(raws) != int(end-st.next) {
		return fmt.Errorf("reading entries %d-%d for an event stream: got %d", st.next, end, len(raws))
	}
	for _, raw := range raws {
		e, err := engine.DecodeEntry(raw)
		if err != nil {
			return err
		}
		st.back = append(st.back, e)
	}
	return nil
}

// render returns the event of e for the stream's caller, if it may see
// it. A live entry's rendering is made once per party and shared by its
// members.
func (st *Stream) render(ctx context.Context, e *truce.Entry, le *liveEntry) (Event, bool, error) {
	fn, ok := eventViews[e.Type]
	if !ok {
		return Event{}, false, nil
	}
	var r rendering
	if le == nil {
		r = st.renderNow(ctx, fn, e)
	} else {
		le.mu.Lock()
		pr := le.byParty[st.caller.Party.ID]
		if pr == nil {
			if le.byParty == nil {
				le.byParty = map[string]*partyRendering{}
			}
			pr = &partyRendering{}
			le.byParty[st.caller.Party.ID] = pr
		}
		le.mu.Unlock()
		// The shared rendering reads the history without this stream's
		// context, which another member's stream would otherwise inherit.
		pr.once.Do(func() { pr.r = st.renderNow(context.WithoutCancel(ctx), fn, e) })
		r = pr.r
	}
	if r.err != nil {
		return Event{}, false, r.err
	}
	if !r.ok {
		return Event{}, false, nil
	}
	st.hb.Reset(st.set.Heartbeat)
	return Event{Kind: EventEntry, Position: e.Index, Type: e.Type, Data: r.data}, true, nil
}

func (st *Stream) renderNow(ctx context.Context, fn eventView, e *truce.Entry) rendering {
	var data any
	var r rendering
	view := func(at objectAt) {
		st.c.read(func(s *State) { data, r.ok = fn.fn(s, at, st.caller, e) })
	}
	if !fn.historic {
		view(nil)
	} else if err := st.c.events.hist.render(ctx, e.Index, &st.deep, view); err != nil {
		return rendering{err: fmt.Errorf("event stream: the objects as of entry %d: %w", e.Index, err)}
	}
	if !r.ok {
		return r
	}
	b, err := json.Marshal(entryEvent{ID: e.Index, Type: e.Type, Time: e.Time, Data: data})
	if err != nil {
		st.c.log.Error("rendering an event", "index", e.Index, "type", e.Type, "err", err)
		return rendering{}
	}
	r.data = b
	return r
}
