package center_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/events"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/sqlite"
)

// gatedStore holds the writer in Begin while the gate is shut, so that a
// test can make acts queue up and be decided in one batch.
type gatedStore struct {
	engine.Store
	gated
}

// gated is a gate a test shuts (shut) and opens (closing gate); entered
// is told when a call waits at it.
type gated struct {
	mu      sync.Mutex
	gate    chan struct{}
	entered chan struct{}
}

func (g *gatedStore) Begin(ctx context.Context) (engine.Tx, error) {
	g.mu.Lock()
	gate, entered := g.gate, g.entered
	g.mu.Unlock()
	if gate != nil {
		entered <- struct{}{}
		<-gate
	}
	return g.Store.Begin(ctx)
}

// shut shuts the gate: the next call to wait at it tells entered and
// waits until gate is closed.
func (g *gated) shut() (gate, entered chan struct{}) {
	gate, entered = make(chan struct{}), make(chan struct{}, 1)
	g.mu.Lock()
	g.gate, g.entered = gate, entered
	g.mu.Unlock()
	return gate, entered
}

// testFlight is a flight that conflicts with itself notified by another
// party.
var testFlight = notifications.NotificationInput{Kind: "flight", Volumes: []truce.Volume{{
	Geometry: truce.NewGeoJSON([]byte(`{"type":"Point","coordinates":[35.5,34.5]}`)), RadiusM: 1000,
	Altitude: truce.Altitude{MinM: 6000, MaxM: 7000},
	Start:    truce.InstantOf(time.Date(2016, 9, 20, 10, 0, 0, 0, time.UTC)), End: truce.InstantOf(time.Date(2016, 9, 20, 11, 0, 0, 0, time.UTC))}}}

// seatParties initialises c (its coordinator's key vkey) and registers a
// party of each name with one member; it returns the coordinator, the
// members and their tokens, in the order of names.
func seatParties(t *testing.T, c *center.Center, vkey string, names ...string) (*core.Caller, []*core.Caller, []string) {
	t.Helper()
	ctx := context.Background()
	res, err := c.Init(ctx, vkey, "UN", "desk")
	if err != nil {
		t.Fatal(err)
	}
	coord, _ := c.Authenticate(res.Token)
	var out []*core.Caller
	var tokens []string
	for _, name := range names {
		p, err := c.Members().RegisterParty(ctx, coord, members.PartyInput{Name: name, Kind: truce.KindParty})
		if err != nil {
			t.Fatal(err)
		}
		m, err := c.Members().Register(ctx, coord, p.ID, members.MemberInput{Name: "ops"})
		if err != nil {
			t.Fatal(err)
		}
		caller, _ := c.Authenticate(m.Token)
		out, tokens = append(out, caller), append(tokens, m.Token)
	}
	return coord, out, tokens
}

// openOnGate opens a center signing with signer (its coordinator's key
// vkey) on a new SQLite store behind a gate (gatedStore), seats a party
// of each name, and closes the center and the store when t ends.
func openOnGate(t *testing.T, signer note.Signer, vkey string, names ...string) (*center.Center, *gatedStore, *core.Caller, []*core.Caller) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	store := &gatedStore{Store: s}
	c, err := center.Open(ctx, core.Config{Store: store, Signer: signer, Clock: centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	coord, parties, _ := seatParties(t, c, vkey, names...)
	return c, store, coord, parties
}

// TestConflictsWithinOneBatch decides twenty mutually conflicting flights
// in one batch: each must be checked against the ones the batch accepted
// before it, so exactly one is clear.
func TestConflictsWithinOneBatch(t *testing.T) {
	ctx := context.Background()
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/batch")
	signer, _ := note.NewSigner(skey)
	names := make([]string, 20)
	for i := range names {
		names[i] = fmt.Sprintf("air force %d", i)
	}
	c, store, coord, callers := openOnGate(t, signer, vkey, names...)
	flight := testFlight

	// Shut the gate and let one act hold the writer in Begin.
	gate, entered := store.shut()
	held := make(chan error, 1)
	go func() {
		_, err := c.Members().RegisterParty(ctx, coord, members.PartyInput{Name: "holder", Kind: truce.KindParty})
		held <- err
	}()
	<-entered // the writer holds the holder's batch at the gate
	var wg sync.WaitGroup
	results := make([]*truce.Notification, len(callers))
	for i, caller := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := c.Notifications().Submit(ctx, caller, flight)
			if err != nil {
				t.Error(err)
			}
			results[i] = n
		}()
	}
	deadline := time.Now().Add(30 * time.Second)
	for c.QueueLen() < len(callers) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d submissions queued", c.QueueLen())
		}
	}
	store.mu.Lock()
	store.gate = nil
	store.mu.Unlock()
	close(gate)
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	clear := 0
	for _, n := range results {
		if n != nil && n.Conflicts.Len() == 0 {
			clear++
		}
	}
	if clear != 1 {
		t.Fatalf("%d of %d flights decided in one batch were accepted as clear, want 1", clear, len(results))
	}
}

// TestConflictsKeptInTheOpening: a notification's conflicts are kept in
// its opening alone. The center's state and the stored document hold
// none, yet every answer gives them — just after the submission, from a
// center opened from its snapshot and from one loaded in full — and a
// replay outside the center, which keeps them, answers the same list.
func TestConflictsKeptInTheOpening(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	snap := filepath.Join(dir, "snapshot")
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/opening")
	signer, _ := note.NewSigner(skey)
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	open := func() (*center.Center, *sqlite.Store) {
		t.Helper()
		s, err := sqlite.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		c, err := center.Open(ctx, core.Config{Store: s, Signer: signer, Clock: clock, Snapshot: snap})
		if err != nil {
			t.Fatal(err)
		}
		return c, s
	}
	c, s := open()
	_, parties, tokens := seatParties(t, c, vkey, "north", "south")
	flight := testFlight
	flight.Title = "a reconnaissance flight"
	north, south := parties[0], parties[1]
	if _, err := c.Notifications().Submit(ctx, north, flight); err != nil {
		t.Fatal(err)
	}
	n, err := c.Notifications().Submit(ctx, south, flight)
	if err != nil {
		t.Fatal(err)
	}
	if n.Conflicts.Len() != 1 || n.Title != flight.Title {
		t.Fatalf("the answer has %d conflicts and title %q, want 1 and %q", n.Conflicts.Len(), n.Title, flight.Title)
	}
	want := canonicalJSON(t, n)

	// What every center on this store must answer, and must not hold.
	check := func(c *center.Center, s *sqlite.Store, when string) {
		t.Helper()
		south, _ := c.Authenticate(tokens[1])
		got, err := c.Notifications().Get(south, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if g := canonicalJSON(t, got); g != want {
			t.Errorf("%s: the notification is\n%s\nwant\n%s", when, g, want)
		}
		listed, err := c.Notifications().List(ctx, south, notifications.NotificationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(listed, func(l truce.Notification) bool { return l.ID == n.ID }); i < 0 || canonicalJSON(t, &listed[i]) != want {
			t.Errorf("%s: the list does not give the notification as answered", when)
		}
		c.Read(func(st *core.State) {
			if held := core.TNotification.Get(st, n.ID).Conflicts.Len(); held != 0 {
				t.Errorf("%s: the state holds %d conflicts of the notification", when, held)
			}
		})
		var doc string
		if _, err := s.Load(ctx, func(kind, id string, body []byte) error {
			if id == n.ID {
				doc = string(body)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(doc, `"conflicts":[]`) || strings.Contains(doc, n.Conflicts.At(0).With.ID) {
			t.Errorf("%s: the stored document holds its conflicts: %s", when, doc)
		}
	}
	check(c, s, "after the submission")

	// A replay outside the center keeps the conflicts it opens, and its
	// view is the center's answer.
	size := c.Size()
	raws, err := s.Entries(ctx, 0, size)
	if err != nil {
		t.Fatal(err)
	}
	r := center.NewReplayer(func(k string) ([]byte, error) { return s.Payload(ctx, k) })
	if err := r.AddAll(raws); err != nil {
		t.Fatal(err)
	}
	if held := core.TNotification.Get(r.State(), n.ID).Conflicts.Len(); held != 1 {
		t.Errorf("the replay holds %d conflicts, want 1", held)
	}
	views, err := center.Views(r.State(), south.Member.ID)
	if err != nil {
		t.Fatal(err)
	}
	vs := views["/v1/notifications"].([]truce.Notification)
	if i := slices.IndexFunc(vs, func(l truce.Notification) bool { return l.ID == n.ID }); i < 0 || canonicalJSON(t, &vs[i]) != want {
		t.Errorf("the replay's view does not give the notification as answered")
	}

	c.Close()
	s.Close()
	c, s = open() // from the snapshot written at Close
	check(c, s, "opened from the snapshot")
	c.Close()
	s.Close()
	if err := os.Remove(snap); err != nil {
		t.Fatal(err)
	}
	c, s = open() // in full
	check(c, s, "loaded in full")
	c.Close()
	s.Close()
}

func canonicalJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// payloadGate holds every read of an opening while its gate is shut.
type payloadGate struct {
	engine.Store
	gated
	fail error // every read fails with it when not nil
}

func (g *payloadGate) Payload(ctx context.Context, key string) ([]byte, error) {
	g.mu.Lock()
	gate, entered, fail := g.gate, g.entered, g.fail
	g.mu.Unlock()
	if fail != nil {
		return nil, fail
	}
	if gate != nil {
		select {
		case entered <- struct{}{}:
		default:
		}
		<-gate
	}
	return g.Store.Payload(ctx, key)
}

// openOnPayloadGate opens a center on a new SQLite store whose reads of
// openings pass the gate (payloadGate), keeping recent bytes of the
// openings last committed at hand (core.Config.RecentOpenings; -1: none,
// so that every opening is read through the gate), seats the parties
// north and south, and closes the center and the store when t ends.
func openOnPayloadGate(t *testing.T, name string, recent int) (c *center.Center, store *payloadGate, coord *core.Caller, parties []*core.Caller) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	store = &payloadGate{Store: s}
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/"+name)
	signer, _ := note.NewSigner(skey)
	c, err = center.Open(ctx, core.Config{Store: store, Signer: signer, Clock: centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC)), RecentOpenings: recent})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	coord, parties, _ = seatParties(t, c, vkey, "north", "south")
	return c, store, coord, parties
}

// TestStreamRendersRecentStrikeWithoutTheStore: the event of a strike
// just committed is rendered, conflicts and all, from the openings the
// center keeps at hand (core.Config.RecentOpenings), not read back from
// the store for each stream; with none kept, the stream waits for the
// store's read.
func TestStreamRendersRecentStrikeWithoutTheStore(t *testing.T) {
	for _, kept := range []bool{true, false} {
		t.Run(fmt.Sprint("kept=", kept), func(t *testing.T) {
			ctx := context.Background()
			recent := 0
			if !kept {
				recent = -1
			}
			_, store, _, st, n, _ := streamOfTwoFlights(t, "recent", recent)
			gate, entered := store.shut()
			type next struct {
				ev  events.Event
				err error
			}
			got := make(chan next, 1)
			go func() {
				ev, err := st.Next(ctx)
				got <- next{ev, err}
			}()
			open := func() {
				store.mu.Lock()
				store.gate = nil
				store.mu.Unlock()
				close(gate)
			}
			var g next
			select {
			case g = <-got:
				open()
				if !kept {
					t.Fatal("with no openings kept, the stream rendered the strike without reading the store")
				}
			case <-entered:
				open()
				g = <-got
				if kept {
					t.Fatal("the stream read the strike's opening from the store")
				}
			}
			if g.err != nil {
				t.Fatal(g.err)
			}
			if got := eventNotification(t, g.ev); g.ev.Position != n.LogIndex || got.ID != n.ID || canonicalJSON(t, got.Conflicts) != canonicalJSON(t, n.Conflicts) {
				t.Fatalf("the stream gave entry %d: %s; want %s with the conflicts answered", g.ev.Position, g.ev.Data, n.ID)
			}
		})
	}
}

// TestListReadsOpeningsUnlocked: a list reads its notifications'
// conflicts from the store before it locks the state, so writes go on
// while it reads (at a million objects a party's list reads a couple of
// hundred thousand openings); what it answers still has them.
func TestListReadsOpeningsUnlocked(t *testing.T) {
	ctx := context.Background()
	c, store, coord, parties := openOnPayloadGate(t, "list", -1)
	var want *truce.Notification
	for _, p := range parties {
		var err error
		if want, err = c.Notifications().Submit(ctx, p, testFlight); err != nil {
			t.Fatal(err)
		}
	}
	if want.Conflicts.Len() != 1 {
		t.Fatalf("the second flight has %d conflicts, want 1", want.Conflicts.Len())
	}

	gate, entered := store.shut()
	type listed struct {
		ns  []truce.Notification
		err error
	}
	done := make(chan listed, 1)
	go func() {
		ns, err := c.Notifications().List(ctx, coord, notifications.NotificationFilter{})
		done <- listed{ns, err}
	}()
	<-entered // the list waits for an opening
	wrote := make(chan error, 1)
	go func() {
		_, err := c.Members().RegisterParty(ctx, coord, members.PartyInput{Name: "east", Kind: truce.KindParty})
		wrote <- err
	}()
	open := func() {
		store.mu.Lock()
		store.gate = nil
		store.mu.Unlock()
		close(gate)
	}
	select {
	case err := <-wrote:
		if err != nil {
			t.Fatal(err)
		}
		open()
	case <-time.After(30 * time.Second):
		open() // so that the center can close
		<-wrote
		<-done
		t.Fatal("a write waited for a list's reads of the store")
	}
	got := <-done
	if got.err != nil {
		t.Fatal(got.err)
	}
	i := slices.IndexFunc(got.ns, func(n truce.Notification) bool { return n.ID == want.ID })
	if i < 0 || canonicalJSON(t, &got.ns[i]) != canonicalJSON(t, want) {
		t.Errorf("the list does not give the notification as answered")
	}
}

// TestEventNotDroppedWhenItsOpeningFails: when the store fails to give a
// notification's opening as its event is rendered, the stream ends with
// an error instead of passing over the event; resumed after the last
// event the client had, it is sent the event with its conflicts.
func TestEventNotDroppedWhenItsOpeningFails(t *testing.T) {
	ctx := context.Background()
	c, store, coord, st, n, before := streamOfTwoFlights(t, "event", -1)
	if n.Conflicts.Len() != 1 {
		t.Fatalf("the second flight has %d conflicts, want 1", n.Conflicts.Len())
	}

	store.mu.Lock()
	store.fail = errors.New("the disk is gone")
	store.mu.Unlock()
	wait, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if ev, err := st.Next(wait); err == nil {
		t.Fatalf("with the openings unreadable the stream gave %+v, want an error", ev)
	}
	store.mu.Lock()
	store.fail = nil
	store.mu.Unlock()

	again, err := c.Subscribe(ctx, coord, &before)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	ev, err := again.Next(wait)
	if err != nil {
		t.Fatal(err)
	}
	if got := eventNotification(t, ev); ev.Position != n.LogIndex || got.ID != n.ID || got.Conflicts.Len() != 1 {
		t.Fatalf("resumed, the stream gave entry %d: %s; want %s with its conflict", ev.Position, ev.Data, n.ID)
	}
}

// streamOfTwoFlights opens a center on a payload gate (openOnPayloadGate,
// keeping recent bytes of openings at hand), notifies testFlight for
// north, subscribes the coordinator from after it, and notifies the same
// flight for south, which meets north's. It returns the center, its
// store, the coordinator, the stream (closed when t ends), south's
// notification and the position the stream began after.
func streamOfTwoFlights(t *testing.T, name string, recent int) (c *center.Center, store *payloadGate, coord *core.Caller, st *events.Stream, n *truce.Notification, before uint64) {
	t.Helper()
	ctx := context.Background()
	c, store, coord, parties := openOnPayloadGate(t, name, recent)
	if _, err := c.Notifications().Submit(ctx, parties[0], testFlight); err != nil {
		t.Fatal(err)
	}
	before = c.Size() - 1
	st, err := c.Subscribe(ctx, coord, &before)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	if n, err = c.Notifications().Submit(ctx, parties[1], testFlight); err != nil {
		t.Fatal(err)
	}
	return c, store, coord, st, n, before
}

// eventNotification is the notification an entry's event carries.
func eventNotification(t *testing.T, ev events.Event) truce.Notification {
	t.Helper()
	var got struct {
		Data truce.Notification `json:"data"`
	}
	if err := json.Unmarshal(ev.Data, &got); err != nil {
		t.Fatal(err)
	}
	return got.Data
}

// flightDay is 20 September 2016 at h:m UTC, the day of the test flights.
func flightDay(h, m int) truce.Instant {
	return truce.InstantOf(time.Date(2016, 9, 20, h, m, 0, 0, time.UTC))
}

// flight is testFlight at longitude lon from start to end.
func flight(lon float64, start, end truce.Instant) notifications.NotificationInput {
	in := testFlight
	v := in.Volumes[0]
	v.Geometry = truce.NewGeoJSON(fmt.Appendf(nil, `{"type":"Point","coordinates":[%g,34.5]}`, lon))
	v.Start, v.End = start, end
	in.Volumes = []truce.Volume{v}
	return in
}

// TestBatchAnswersAsDecidedAlone: acts decided in one batch get the
// answers the same acts get decided one at a time, in the same order, on
// another center: among them a cancellation of an installed flight the
// later ones would have met, which the installed index still holds
// while the batch is decided (Conflicts answers for it from the batch).
func TestBatchAnswersAsDecidedAlone(t *testing.T) {
	ctx := context.Background()
	type center_ struct {
		c     *center.Center
		store *gatedStore
		coord *core.Caller
		p     []*core.Caller // north, south, east, west
		first string         // north's installed flight
	}
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/batch-alone")
	signer, _ := note.NewSigner(skey)
	open := func() *center_ {
		c, store, coord, p := openOnGate(t, signer, vkey, "north", "south", "east", "west")
		n, err := c.Notifications().Submit(ctx, p[0], flight(35.5, flightDay(10, 0), flightDay(11, 0)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Notifications().Submit(ctx, p[2], flight(35.5, flightDay(10, 30), flightDay(11, 30))); err != nil {
			t.Fatal(err)
		}
		return &center_{c: c, store: store, coord: coord, p: p, first: n.ID}
	}
	// The acts of the batch: what each does, and its answer's conflicts.
	type act func(cc *center_) (*truce.Notification, error)
	acts := []act{
		func(cc *center_) (*truce.Notification, error) {
			return cc.c.Notifications().Cancel(ctx, cc.p[0], cc.first)
		},
		func(cc *center_) (*truce.Notification, error) {
			return cc.c.Notifications().Submit(ctx, cc.p[1], flight(35.5, flightDay(10, 0), flightDay(11, 0)))
		},
		func(cc *center_) (*truce.Notification, error) {
			return cc.c.Notifications().Submit(ctx, cc.p[3], flight(35.5, flightDay(10, 45), flightDay(12, 0)))
		},
		func(cc *center_) (*truce.Notification, error) {
			return cc.c.Notifications().Submit(ctx, cc.p[2], flight(35.505, flightDay(9, 0), flightDay(10, 40)))
		},
		func(cc *center_) (*truce.Notification, error) {
			return cc.c.Notifications().Submit(ctx, cc.p[1], flight(36.9, flightDay(10, 0), flightDay(11, 0)))
		},
		func(cc *center_) (*truce.Notification, error) {
			return cc.c.Notifications().Submit(ctx, cc.p[3], flight(35.5, flightDay(8, 0), flightDay(9, 30)))
		},
	}

	// In one batch: the writer held at the gate by a first act while the
	// others queue.
	b := open()
	gate, entered := b.store.shut()
	held := make(chan error, 1)
	go func() {
		_, err := b.c.Members().RegisterParty(ctx, b.coord, members.PartyInput{Name: "holder", Kind: truce.KindParty})
		held <- err
	}()
	<-entered
	batched := make([]*truce.Notification, len(acts))
	var wg sync.WaitGroup
	for i, a := range acts {
		wg.Go(func() {
			n, err := a(b)
			if err != nil {
				t.Error(err)
			}
			batched[i] = n
		})
	}
	deadline := time.Now().Add(30 * time.Second)
	for b.c.QueueLen() < len(acts) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d acts queued", b.c.QueueLen())
		}
	}
	b.store.mu.Lock()
	b.store.gate = nil
	b.store.mu.Unlock()
	close(gate)
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if t.Failed() {
		return
	}

	// One at a time, in the order the batch decided them.
	order := make([]int, len(acts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return int(batched[i].LogIndex) - int(batched[j].LogIndex) })
	a := open()
	if _, err := a.c.Members().RegisterParty(ctx, a.coord, members.PartyInput{Name: "holder", Kind: truce.KindParty}); err != nil {
		t.Fatal(err)
	}
	met := 0
	for _, i := range order {
		alone, err := acts[i](a)
		if err != nil {
			t.Fatal(err)
		}
		if alone.LogIndex != batched[i].LogIndex || alone.ID != batched[i].ID {
			t.Fatalf("act %d: entry %d (%s) alone, %d (%s) in the batch", i, alone.LogIndex, alone.ID, batched[i].LogIndex, batched[i].ID)
		}
		if g, w := canonicalJSON(t, batched[i].Conflicts), canonicalJSON(t, alone.Conflicts); g != w {
			t.Errorf("act %d: in the batch %s\nalone %s", i, g, w)
		}
		met += alone.Conflicts.Len()
	}
	if met < 4 {
		t.Errorf("the acts met %d objects in all; the test wants flights that meet", met)
	}
}

// TestAnswerAfterInstallsAsDecidedAlone: a strike's check of the
// installed objects is made before its turn in the writer comes
// (core.Precheck), and the writer brings it up to date with what was
// installed meanwhile — here a flight notified, then one cancelled,
// while the next strike waited. Each answer is the one the same strike
// gets submitted after them with nothing waiting, and the writer took
// both prechecks brought up to date, neither afresh nor as they were.
func TestAnswerAfterInstallsAsDecidedAlone(t *testing.T) {
	ctx := context.Background()
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/after-installs")
	signer, _ := note.NewSigner(skey)
	type center_ struct {
		c     *center.Center
		store *gatedStore
		p     []*core.Caller // north, south, east, west
		first string         // north's flight, installed at the start
	}
	open := func() *center_ {
		c, store, _, p := openOnGate(t, signer, vkey, "north", "south", "east", "west")
		n, err := c.Notifications().Submit(ctx, p[0], flight(35.5, flightDay(10, 0), flightDay(11, 0)))
		if err != nil {
			t.Fatal(err)
		}
		return &center_{c: c, store: store, p: p, first: n.ID}
	}
	type act func(cc *center_) (*truce.Notification, error)
	// Each step: the act the writer is held at the gate with, and the
	// strike that is checked meanwhile and decided after it.
	steps := []struct{ held, then act }{
		{
			held: func(cc *center_) (*truce.Notification, error) {
				return cc.c.Notifications().Submit(ctx, cc.p[2], flight(35.5, flightDay(10, 30), flightDay(11, 30)))
			},
			then: func(cc *center_) (*truce.Notification, error) {
				return cc.c.Notifications().Submit(ctx, cc.p[1], flight(35.5, flightDay(10, 0), flightDay(11, 0)))
			},
		},
		{
			held: func(cc *center_) (*truce.Notification, error) {
				return cc.c.Notifications().Cancel(ctx, cc.p[0], cc.first)
			},
			then: func(cc *center_) (*truce.Notification, error) {
				return cc.c.Notifications().Submit(ctx, cc.p[3], flight(35.5, flightDay(10, 15), flightDay(10, 45)))
			},
		},
	}

	// Held: each strike waits while the act before it is decided.
	b := open()
	var waited []*truce.Notification
	for i, st := range steps {
		gate, entered := b.store.shut()
		held := make(chan error, 1)
		go func() {
			_, err := st.held(b)
			held <- err
		}()
		<-entered
		then := make(chan *truce.Notification, 1)
		go func() {
			n, err := st.then(b)
			if err != nil {
				t.Error(err)
			}
			then <- n
		}()
		deadline := time.Now().Add(30 * time.Second)
		for b.c.QueueLen() < 1 {
			if time.Now().After(deadline) {
				t.Fatalf("step %d: the strike did not queue", i)
			}
		}
		b.store.mu.Lock()
		b.store.gate = nil
		b.store.mu.Unlock()
		close(gate)
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		waited = append(waited, <-then)
		if t.Failed() {
			return
		}
	}
	if _, updated, full := b.c.PrecheckCounts(); updated != int64(len(steps)) || full != 0 {
		t.Errorf("the writer brought %d prechecks up to date and checked %d afresh, want %d and 0", updated, full, len(steps))
	}

	// Alone: the same acts in the same order, nothing waiting.
	a := open()
	met := 0
	for i, st := range steps {
		if _, err := st.held(a); err != nil {
			t.Fatal(err)
		}
		alone, err := st.then(a)
		if err != nil {
			t.Fatal(err)
		}
		if alone.LogIndex != waited[i].LogIndex {
			t.Fatalf("step %d: entry %d alone, %d after waiting", i, alone.LogIndex, waited[i].LogIndex)
		}
		if g, w := canonicalJSON(t, waited[i].Conflicts), canonicalJSON(t, alone.Conflicts); g != w {
			t.Errorf("step %d: after waiting %s\nalone %s", i, g, w)
		}
		met += alone.Conflicts.Len()
	}
	if reused, updated, full := a.c.PrecheckCounts(); updated != 0 || full != 0 || reused == 0 {
		t.Errorf("alone, the writer took %d prechecks as they were, brought %d up to date and checked %d afresh; want all as they were", reused, updated, full)
	}
	// South meets north's and east's flights; west, after north's is
	// cancelled, east's and south's.
	if met != 4 {
		t.Errorf("the strikes met %d flights, want 4", met)
	}
}
