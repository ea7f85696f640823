// Package events is the live event stream's machinery: a broker that
// fans committed entries out to subscribed streams without ever blocking
// the writer, and streams that resume from a log position with no gap
// and no duplicate (entries read back from the store, then the live
// ones). What a caller sees of an entry is not decided here: each stream
// has a Renderer, and renderings are shared by the streams with the same
// Renderer key (the members of one party).
package events

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
)

// Renderer decides what one stream's caller sees of each entry.
type Renderer interface {
	// Key names the callers that see the same rendering of every entry
	// (a party): a live entry is rendered once per key.
	Key() string
	// Render returns the event's JSON and whether the caller may see
	// the entry at all. An error ends the stream.
	Render(ctx context.Context, e *truce.Entry) (data []byte, ok bool, err error)
}

// Source reads committed entries back (the store).
type Source interface {
	Entries(ctx context.Context, start, end uint64) ([][]byte, error)
}

// Config is how streams run.
type Config struct {
	// Heartbeat is the silence after which a stream sends a heartbeat.
	Heartbeat time.Duration
	// Buffer is how many live entries a subscriber may fall behind
	// before it is dropped and told where to resume.
	Buffer int
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

// Why a stream ends.
const (
	reasonBehind   = "the client fell behind the live stream; resume from this position"
	reasonShutdown = "the center is shutting down; resume from this position"
)

// Broker fans committed entries out to the subscribed streams. The
// writer goroutine publishes; it never blocks on a subscriber: each has a
// bounded buffer, and one whose buffer is full is dropped (and told where
// to resume) instead of being buffered without bound.
type Broker struct {
	src    Source
	sync   func(context.Context) error
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
	e     *truce.Entry
	mu    sync.Mutex // guards byKey; renderings are made outside it
	byKey map[string]*sharedRendering
}

type sharedRendering struct {
	once sync.Once
	r    rendering
}

type rendering struct {
	data []byte
	ok   bool
	err  error // the stream ends
}

// NewBroker returns a broker whose first published entry will be entry
// next. Streams read older entries back from src; sync brings the log up
// to date with other processes sharing the store, for a stream that
// resumes after a position this process has not seen yet.
func NewBroker(next uint64, src Source, sync func(context.Context) error) *Broker {
	return &Broker{src: src, sync: sync, next: next, subs: map[*subscription]struct{}{}}
}

// Publish hands a committed batch to every subscriber. Only the writer
// goroutine calls it, in log order.
func (b *Broker) Publish(entries []*truce.Entry) {
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
func (b *Broker) drop(sub *subscription, reason string) {
	if _, ok := b.subs[sub]; !ok {
		return
	}
	delete(b.subs, sub)
	sub.reason = reason
	close(sub.gone)
}

// subscribe registers a subscriber and returns the index of the first
// entry it will receive.
func (b *Broker) subscribe(buffer int) (*subscription, uint64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, 0, truce.Errorf(truce.EUnavailable, "the center is shutting down")
	}
	sub := &subscription{ch: make(chan *liveEntry, buffer), gone: make(chan struct{})}
	b.subs[sub] = struct{}{}
	return sub, b.next, nil
}

func (b *Broker) unsubscribe(sub *subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs, sub)
}

// position returns the index after the last published entry.
func (b *Broker) position() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.next
}

// Close ends every stream, each with the position to resume from, and
// refuses new ones.
func (b *Broker) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for sub := range b.subs {
		b.drop(sub, reasonShutdown)
	}
}

// Subscribers returns how many streams follow the live log.
func (b *Broker) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs)
}

// Stream is one caller's event stream. Its methods are not safe for
// concurrent use: one goroutine (the HTTP handler) reads it.
type Stream struct {
	b    *Broker
	r    Renderer
	cfg  Config
	next uint64         // the next log index to consider
	back []*truce.Entry // entries read from the store, not yet considered
	sub  *subscription  // nil while catching up from the store
	live uint64         // the first index the subscription delivers
	hb   *time.Timer
	done bool
}

// Subscribe opens an event stream for caller. With after nil, it starts
// at the live end of the log; otherwise it first delivers every entry
// after index *after that the caller may see (Last-Event-ID). It returns
// EInvalid for a position beyond the log and EUnavailable when the
// center is shutting down. The caller MUST Close the stream.
//
// EInvalid names the field Last-Event-ID. A position beyond what this
// process has published is first checked against the store (sync), and
// sync's error is returned as it is: EUnavailable from a closed writer,
// ctx's error when ctx ends, EInternal when the store fails. A resuming
// stream of a broker that is closing opens without error, delivers what
// it reads back from the store, and then ends with an EventResume.
func (b *Broker) Subscribe(ctx context.Context, r Renderer, cfg Config, after *uint64) (*Stream, error) {
	st := &Stream{b: b, r: r, cfg: cfg}
	if after == nil {
		sub, p, err := b.subscribe(st.cfg.Buffer)
		if err != nil {
			return nil, err
		}
		st.sub, st.live, st.next = sub, p, p
	} else {
		st.next = *after + 1
		if st.next > b.position() {
			// Another node of a shared store may be ahead of this one.
			if err := b.sync(ctx); err != nil {
				return nil, err
			}
			if p := b.position(); st.next > p {
				return nil, &truce.Error{Code: truce.EInvalid, Message: fmt.Sprintf("the log has %d entries", p),
					Fields: []truce.FieldError{{Field: "Last-Event-ID", Message: fmt.Sprintf("%d is beyond the end of the log", *after)}}}
			}
		}
	}
	st.hb = time.NewTimer(st.cfg.Heartbeat)
	return st, nil
}

// Close ends the stream.
func (st *Stream) Close() {
	st.hb.Stop()
	if st.sub != nil {
		st.b.unsubscribe(st.sub)
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
//
// After the final EventResume, or Close, it returns EUnavailable. Reading
// entries back from the store failing, an entry arriving out of order,
// or the Renderer's error end the stream with that error: EInternal
// unless it is a *truce.Error.
func (st *Stream) Next(ctx context.Context) (Event, error) {
	ev, _, err := st.step(ctx, true)
	return ev, err
}

// Ready is Next without waiting: ok is false when no message is ready.
// The HTTP layer flushes what it has written before it waits, so that an
// event is never held back behind entries the caller does not see.
//
// It returns the errors Next returns (EUnavailable once the stream has
// ended, ctx's error, EInternal when the store or the Renderer fails).
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
			if end := st.b.position(); st.next < end {
				if err := st.readBack(ctx, min(end, st.next+catchUpChunk)); err != nil {
					return Event{}, false, err
				}
				continue
			}
			sub, p, err := st.b.subscribe(st.cfg.Buffer)
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
		st.hb.Reset(st.cfg.Heartbeat)
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
	raws, err := st.b.src.Entries(ctx, st.next, end)
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
	var r rendering
	if le == nil {
		r.data, r.ok, r.err = st.r.Render(ctx, e)
	} else {
		le.mu.Lock()
		pr := le.byKey[st.r.Key()]
		if pr == nil {
			if le.byKey == nil {
				le.byKey = map[string]*sharedRendering{}
			}
			pr = &sharedRendering{}
			le.byKey[st.r.Key()] = pr
		}
		le.mu.Unlock()
		// The shared rendering reads without this stream's context,
		// which another member's stream would otherwise inherit.
		pr.once.Do(func() { pr.r.data, pr.r.ok, pr.r.err = st.r.Render(context.WithoutCancel(ctx), e) })
		r = pr.r
	}
	if r.err != nil {
		return Event{}, false, r.err
	}
	if !r.ok {
		return Event{}, false, nil
	}
	st.hb.Reset(st.cfg.Heartbeat)
	return Event{Kind: EventEntry, Position: e.Index, Type: e.Type, Data: r.data}, true, nil
}
