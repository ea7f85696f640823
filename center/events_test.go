package center_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/events"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/zones"
)

// next takes a stream's next event, failing after a deadline.
func next(t *testing.T, st *events.Stream) events.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ev, err := st.Next(ctx)
	if err != nil {
		t.Fatalf("next event: %v", err)
	}
	return ev
}

// TestBrokerDropsSlowSubscriber: a subscriber that does not read while
// more than its buffer is committed is dropped and told where to resume;
// one that reads keeps everything; resuming loses nothing.
func TestBrokerDropsSlowSubscriber(t *testing.T) {
	tb := newTable(t, core.Settings{EventBuffer: 4})
	ctx := context.Background()
	start := tb.C.Size() - 1
	slow, err := tb.C.Subscribe(ctx, tb.SY, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fast, err := tb.C.Subscribe(ctx, tb.SY, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	var want []uint64
	for i := range 10 {
		p, err := tb.C.Members().RegisterParty(ctx, tb.UN, members.PartyInput{Name: fmt.Sprint("p", i), Kind: "observer"})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, p.LogIndex)
		if ev := next(t, fast); ev.Kind != events.EventEntry || ev.Position != p.LogIndex {
			t.Fatalf("fast subscriber: %+v, want entry %d", ev, p.LogIndex)
		}
	}
	if n := tb.C.Subscribers(); n != 1 {
		t.Fatalf("%d subscribers, want 1 (the slow one dropped)", n)
	}
	ev := next(t, slow)
	if ev.Kind != events.EventResume || ev.Position != start {
		t.Fatalf("slow subscriber: %+v, want a resume at %d", ev, start)
	}
	var r struct {
		ResumeAfter uint64 `json:"resume_after"`
	}
	if json.Unmarshal(ev.Data, &r); r.ResumeAfter != start {
		t.Fatalf("resume data %s", ev.Data)
	}
	if _, err := slow.Next(ctx); err == nil {
		t.Fatal("the dropped stream goes on")
	}
	// Resuming from the position: every entry, once, in order.
	again, err := tb.C.Subscribe(ctx, tb.SY, &r.ResumeAfter)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	for _, w := range want {
		if ev := next(t, again); ev.Kind != events.EventEntry || ev.Position != w {
			t.Fatalf("resumed: %+v, want entry %d", ev, w)
		}
	}
}

// TestCloseEventsEndsStreams: shutdown ends every stream with the
// position to resume from, and refuses new ones.
func TestCloseEventsEndsStreams(t *testing.T) {
	tb := newTable(t, core.Settings{})
	st, err := tb.C.Subscribe(context.Background(), tb.RU, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tb.C.CloseEvents()
	if ev := next(t, st); ev.Kind != events.EventResume || ev.Position != tb.C.Size()-1 {
		t.Fatalf("after CloseEvents: %+v", ev)
	}
	if _, err := tb.C.Subscribe(context.Background(), tb.RU, nil); err == nil {
		t.Fatal("a stream opened after CloseEvents")
	}
}

// subscribe opens a stream that the test closes.
func subscribe(t *testing.T, c *center.Center, caller *core.Caller, after *uint64) *events.Stream {
	t.Helper()
	st, err := c.Subscribe(context.Background(), caller, after)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st
}

// zoneEvents reads a stream until it has n zone events, and returns each
// one's type, version, name and state.
func zoneEvents(t *testing.T, st *events.Stream, n int) []string {
	t.Helper()
	var out []string
	for _, ev := range readZoneEvents(t, st, n) {
		out = append(out, fmt.Sprintf("%s v%d %q %s endorsed %d", ev.typ, ev.Version, ev.Name, ev.State, len(ev.Endorsements)))
	}
	return out
}

// zoneEvent is a zone event's type and what it says of the zone.
type zoneEvent struct {
	typ          string
	Version      int
	Name, State  string
	Endorsements []json.RawMessage
}

// readZoneEvents reads a stream until it has n zone events. The acts are
// all committed: a heartbeat instead of the next event fails the test.
func readZoneEvents(t *testing.T, st *events.Stream, n int) []zoneEvent {
	t.Helper()
	var out []zoneEvent
	for len(out) < n {
		ev := next(t, st)
		if ev.Kind != events.EventEntry {
			// Every act is committed before the stream is read: silence
			// means an event is missing.
			t.Fatalf("the stream has nothing more after %d zone events", len(out))
		}
		if !strings.HasPrefix(ev.Type, "zone.") {
			continue
		}
		var e struct{ Data zoneEvent }
		if err := json.Unmarshal(ev.Data, &e); err != nil {
			t.Fatal(err)
		}
		e.Data.typ = ev.Type
		out = append(out, e.Data)
	}
	return out
}

// TestResumedStreamShowsEachVersion: a zone is proposed, endorsed,
// changed and endorsed again; a stream resumed from before the proposal,
// after all four acts, shows what each entry did — version 1 proposed,
// then active; version 2 with its new name proposed, then active — in
// order, and not four times today's zone. So does a live stream, and so
// does a stream of a center opened again on the same store (whose history
// of the entries before it opened is replayed from the log).
func TestResumedStreamShowsEachVersion(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	before := tb.C.Size() - 1
	live := subscribe(t, tb.C, tb.SY, nil)
	want, _ := zoneActs(t, tb)
	check := func(name string, c *center.Center, caller *core.Caller, after *uint64) {
		t.Helper()
		st := live
		if after != nil {
			st = subscribe(t, c, caller, after)
		}
		if got := zoneEvents(t, st, len(want)); !slices.Equal(got, want) {
			t.Fatalf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	check("resumed", tb.C, tb.SY, &before)
	check("live", tb.C, tb.SY, nil)
	check("resumed as the coordinator", tb.C, tb.UN, &before)

	// The same log, served by a center opened after the acts.
	tb.C.Close()
	again, err := center.Open(ctx, core.Config{Store: tb.Store, Signer: tb.Signer, Clock: tb.Clock})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	check("resumed on a center opened again", again, tb.SY, &before)
}

// TestResumedStreamBeyondTheHistoryWindow: with a history that keeps the
// versions of only the last two entries, a live stream takes the history
// to the end of the log (dropping the older versions); a stream resumed
// from before the zone then renders the old entries from its own replay
// and the newest from the shared history, all as their entries left them.
func TestResumedStreamBeyondTheHistoryWindow(t *testing.T) {
	tb := newTable(t, core.Settings{})
	center.SetEventHistoryWindow(tb.C.Center, 2)
	ctx := context.Background()
	before := tb.C.Size() - 1
	live := subscribe(t, tb.C, tb.SY, nil)
	want, z := zoneActs(t, tb)
	// One act between, so that the history's cut falls on the second
	// endorsement, which the resumed stream reads as the base version.
	for i := range 1 {
		if _, err := tb.C.Members().RegisterParty(ctx, tb.UN, members.PartyInput{Name: fmt.Sprint("filler ", i), Kind: "observer"}); err != nil {
			t.Fatal(err)
		}
	}
	// A last zone act, at the end of the log.
	name := "Castello Road belt, last"
	if _, err := tb.C.Zones().Change(ctx, tb.RU, z.ID, zones.ZoneETag(z), zones.ZonePatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	want = append(want, `zone.change v3 "Castello Road belt, last" proposed endorsed 0`)
	if got := zoneEvents(t, live, len(want)); !slices.Equal(got, want) {
		t.Fatalf("live:\n got %q\nwant %q", got, want)
	}
	if got := zoneEvents(t, subscribe(t, tb.C, tb.SY, &before), len(want)); !slices.Equal(got, want) {
		t.Fatalf("resumed:\n got %q\nwant %q", got, want)
	}
}

// zoneActs has the Russian Federation propose a zone, endorse it, change
// it and endorse it again, and returns the events each act must show and
// the zone.
func zoneActs(t *testing.T, tb *table) ([]string, *truce.Zone) {
	t.Helper()
	ctx := context.Background()
	square := json.RawMessage(`{"type":"Polygon","coordinates":[[[37.1,36.1],[37.2,36.1],[37.2,36.2],[37.1,36.1]]]}`)
	z, err := tb.C.Zones().Propose(ctx, tb.RU, zones.ZoneInput{Name: "Castello Road belt", Kind: "security-belt", Geometry: square,
		Valid:     truce.Window{Start: truce.InstantOf(time.Date(2016, 9, 12, 0, 0, 0, 0, time.UTC)), End: truce.InstantOf(time.Date(2016, 10, 12, 0, 0, 0, 0, time.UTC))},
		Restricts: truce.Restrictions{Parties: []string{tb.RU.Party.ID}, Activities: []string{"*"}}, Endorsers: []string{tb.RU.Party.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if z, err = tb.C.Zones().Endorse(ctx, tb.RU, z.ID, ""); err != nil {
		t.Fatal(err)
	}
	name := "Castello Road belt, widened"
	if z, err = tb.C.Zones().Change(ctx, tb.RU, z.ID, zones.ZoneETag(z), zones.ZonePatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	if z, err = tb.C.Zones().Endorse(ctx, tb.RU, z.ID, ""); err != nil {
		t.Fatal(err)
	}
	return []string{
		`zone.propose v1 "Castello Road belt" proposed endorsed 0`,
		`zone.endorse v1 "Castello Road belt" active endorsed 1`,
		`zone.change v2 "Castello Road belt, widened" proposed endorsed 0`,
		`zone.endorse v2 "Castello Road belt, widened" active endorsed 1`,
	}, z
}

// TestConcurrentActsOnOneZoneStreamEachVersion: three parties endorse
// each of several zones at once, so that the writer commits acts on the
// same zone in one batch; a stream resumed from before shows, for every
// zone, the endorsements as each entry left them (1, 2, 3 in log
// order), not the batch's last state three times.
func TestConcurrentActsOnOneZoneStreamEachVersion(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	before := tb.C.Size() - 1
	parties := []*core.Caller{tb.RU, tb.SY, tb.US}
	var ids []string
	for i := range 8 {
		square := json.RawMessage(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[37.%d1,36.1],[37.%d2,36.1],[37.%d2,36.2],[37.%d1,36.1]]]}`, i, i, i, i))
		z, err := tb.C.Zones().Propose(ctx, tb.RU, zones.ZoneInput{Name: fmt.Sprint("belt ", i), Kind: "security-belt", Geometry: square,
			Valid:     truce.Window{Start: truce.InstantOf(time.Date(2016, 9, 12, 0, 0, 0, 0, time.UTC)), End: truce.InstantOf(time.Date(2016, 10, 12, 0, 0, 0, 0, time.UTC))},
			Restricts: truce.Restrictions{Parties: []string{tb.RU.Party.ID}, Activities: []string{"*"}},
			Endorsers: []string{tb.RU.Party.ID, tb.SY.Party.ID, tb.US.Party.ID}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, z.ID)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(ids)*len(parties))
	for _, id := range ids {
		for _, p := range parties {
			wg.Go(func() {
				if _, err := tb.C.Zones().Endorse(ctx, p, id, ""); err != nil {
					errs <- err
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	st := subscribe(t, tb.C, tb.UN, &before)
	got := map[string][]string{}
	for _, ev := range readZoneEvents(t, st, len(ids)*(1+len(parties))) {
		got[ev.Name] = append(got[ev.Name], fmt.Sprintf("%s endorsed %d", ev.typ, len(ev.Endorsements)))
	}
	for i := range ids {
		name := fmt.Sprint("belt ", i)
		want := []string{"zone.propose endorsed 0", "zone.endorse endorsed 1", "zone.endorse endorsed 2", "zone.endorse endorsed 3"}
		if !slices.Equal(got[name], want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got[name], want)
		}
	}
}
