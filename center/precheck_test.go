package center_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
)

// openGated opens a center on a gatedStore, its clock on 2016-09-12,
// with n parties, and returns the coordinator and a member of each
// party.
func openGated(t *testing.T, n int) (*center.Center, *gatedStore, *core.Caller, []*core.Caller) {
	t.Helper()
	var store *gatedStore
	o := centertest.Open(t, func(cfg *core.Config) {
		store = &gatedStore{Store: cfg.Store}
		cfg.Store, cfg.Clock = store, centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	})
	c := o.C
	coord, _ := c.Authenticate(o.Init.Token)
	tb := &centertest.Table{C: c, UN: coord}
	var callers []*core.Caller
	for i := range n {
		callers = append(callers, tb.Seat(t, fmt.Sprintf("air force %d", i), truce.KindParty))
	}
	return c, store, coord, callers
}

// shut makes every batch wait at Begin until let lets it through.
func (g *gatedStore) shut() {
	g.mu.Lock()
	g.gate, g.entered = make(chan struct{}), make(chan struct{}, 1)
	g.mu.Unlock()
}

// await waits until a batch waits at the gate.
func (g *gatedStore) await(t *testing.T) {
	t.Helper()
	g.mu.Lock()
	entered := g.entered
	g.mu.Unlock()
	select {
	case <-entered:
	case <-time.After(30 * time.Second):
		t.Fatal("no batch came to the gate")
	}
}

// let lets the batch waiting at the gate through; with last, the gate
// opens for every batch after it.
func (g *gatedStore) let(last bool) {
	g.mu.Lock()
	gate := g.gate
	if last {
		g.gate = nil
	}
	g.mu.Unlock()
	gate <- struct{}{}
}

// waitQueued waits until n acts wait in the writer's queue.
func waitQueued(t *testing.T, c *center.Center, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for c.QueueLen() < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d acts queued, want %d", c.QueueLen(), n)
		}
		runtime.Gosched()
	}
}

var crossing = notifications.NotificationInput{Kind: "flight", Volumes: []truce.Volume{{
	Geometry: truce.NewGeoJSON([]byte(`{"type":"Point","coordinates":[35.5,34.5]}`)), RadiusM: 1000,
	Altitude: truce.Altitude{MinM: 6000, MaxM: 7000},
	Start:    time.Date(2016, 9, 20, 10, 0, 0, 0, time.UTC), End: time.Date(2016, 9, 20, 11, 0, 0, 0, time.UTC)}}}

// submitAsync submits in on a goroutine; the channel gives its outcome.
func submitAsync(c *center.Center, caller *core.Caller, in notifications.NotificationInput) chan *truce.Notification {
	out := make(chan *truce.Notification, 1)
	go func() {
		n, err := c.Notifications().Submit(context.Background(), caller, in)
		if err != nil {
			n = &truce.Notification{ID: "error: " + err.Error()}
		}
		out <- n
	}()
	return out
}

// TestPrecheckedStrikesMeetEachOther: a strike checked outside the writer
// before another strike it meets was installed still finds that strike
// when the writer decides it — and the writer took the check made
// outside (it covered the install since, rather than checking again).
func TestPrecheckedStrikesMeetEachOther(t *testing.T) {
	c, store, _, ab := openGated(t, 2)
	a, b := ab[0], ab[1]
	store.shut()
	first := submitAsync(c, b, crossing)
	store.await(t) // b's strike's batch waits at the gate
	second := submitAsync(c, a, crossing)
	waitQueued(t, c, 1) // checked outside the writer, before b's strike is installed
	used := c.Prechecks.Used.Load()
	store.let(false) // b's strike is installed
	store.await(t)
	store.let(true) // a's is decided
	nb, na := <-first, <-second
	if nb.Conflicts.Len() != 0 {
		t.Fatalf("the first strike found %d conflicts (%s), want none", nb.Conflicts.Len(), nb.ID)
	}
	if na.Conflicts.Len() != 1 || na.Conflicts.At(0).With.Type != "notification" || na.Conflicts.At(0).With.Party != b.Party.ID {
		t.Fatalf("the second strike (%s), checked before the first was installed, found %d conflicts, want the first strike", na.ID, na.Conflicts.Len())
	}
	if got := c.Prechecks.Used.Load() - used; got != 2 {
		t.Fatalf("the writer took %d checks made outside it, want 2 (each strike's)", got)
	}
}

// TestPrecheckedStrikeAfterCancel: a strike checked outside the writer
// while another strike it meets was active does not find it once that
// strike is cancelled before the writer decides.
func TestPrecheckedStrikeAfterCancel(t *testing.T) {
	c, store, _, ab := openGated(t, 2)
	a, b := ab[0], ab[1]
	ctx := context.Background()
	nb, err := c.Notifications().Submit(ctx, b, crossing)
	if err != nil {
		t.Fatal(err)
	}
	store.shut()
	cancelled := make(chan error, 1)
	go func() {
		_, err := c.Notifications().Cancel(ctx, b, nb.ID)
		cancelled <- err
	}()
	store.await(t) // the cancellation's batch waits at the gate
	second := submitAsync(c, a, crossing)
	waitQueued(t, c, 1) // checked outside the writer while the first strike is active
	used := c.Prechecks.Used.Load()
	store.let(false) // the cancellation is installed
	store.await(t)
	store.let(true)
	if err := <-cancelled; err != nil {
		t.Fatal(err)
	}
	na := <-second
	if na.Conflicts.Len() != 0 {
		t.Fatalf("the strike (%s) found %d conflicts with a strike cancelled before it was decided, want none", na.ID, na.Conflicts.Len())
	}
	if got := c.Prechecks.Used.Load() - used; got != 1 {
		t.Fatalf("the writer took %d checks made outside it, want 1", got)
	}
}

// TestPrecheckAnswersAsTheWriter: checks made outside the writer at many
// points of a log, taken by the writer after strikes of three parties
// and the coordinator were installed, submitted and cancelled at random
// (some in the writer's batch itself), answer exactly what the writer's
// own check of the whole index answers, need-to-know included (each
// asker sees other parties' strikes on their disclosed volumes).
func TestPrecheckAnswersAsTheWriter(t *testing.T) {
	tb := centertest.NewTable(t, core.Settings{})
	c, ctx := tb.C, context.Background()
	rng := rand.New(rand.NewPCG(17, 3))
	callers := []*core.Caller{tb.US, tb.RU, tb.SY, tb.UN}
	volume := func() truce.Volume {
		lon, lat := 35.5+rng.Float64()*0.2, 34.5+rng.Float64()*0.2
		start := centertest.Start.Add(time.Duration(24+rng.IntN(48)) * time.Hour)
		lo := float64(rng.IntN(8)) * 1000
		return truce.Volume{Geometry: truce.NewGeoJSON(fmt.Appendf(nil, `{"type":"Point","coordinates":[%.5f,%.5f]}`, lon, lat)),
			RadiusM: 500 + float64(rng.IntN(3000)), Altitude: truce.Altitude{MinM: lo, MaxM: lo + 2000},
			Start: start, End: start.Add(time.Duration(1+rng.IntN(6)) * time.Hour)}
	}
	type asked struct {
		cand conflict.Candidate
		pre  core.Precheck
	}
	var kept []asked
	var ids []string
	owner := map[string]*core.Caller{}
	compared := errors.New("compared")
	var mu sync.Mutex
	differ, used := 0, 0
	for round := range 40 {
		// Checks made outside the writer, now.
		for range 3 {
			caller := callers[rng.IntN(len(callers))]
			vol := volume()
			g, errs := core.ParseGeometry(vol.Geometry.JSON(), "geometry", geo.TypePoint)
			if errs != nil {
				t.Fatal(errs)
			}
			cand := conflict.Candidate{Kind: "flight", Party: caller.Party.ID, Precise: core.Precisely(caller),
				Volumes: []conflict.Volume{core.EngineVolume(vol, g)}}
			kept = append(kept, asked{cand, c.Precheck(cand)})
		}
		// Strikes and cancellations, some at once (one batch).
		var wg sync.WaitGroup
		for range 1 + rng.IntN(4) {
			caller := callers[rng.IntN(3)]
			in := notifications.NotificationInput{Kind: "flight", Volumes: []truce.Volume{volume()}}
			wg.Go(func() {
				n, err := c.Notifications().Submit(ctx, caller, in)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				ids, owner[n.ID] = append(ids, n.ID), caller
				mu.Unlock()
			})
		}
		mu.Lock()
		if len(ids) > 0 && rng.IntN(3) == 0 {
			id := ids[rng.IntN(len(ids))]
			by := owner[id]
			wg.Go(func() { c.Notifications().Cancel(ctx, by, id) }) // a second cancellation is refused: no matter
		}
		mu.Unlock()
		// Every check kept so far, answered in the writer beside the
		// strikes above.
		for i := range kept {
			wg.Go(func() {
				_, err := c.Write(ctx, tb.UN.Actor(), func(v *core.View) (string, any, error) {
					want := c.Conflicts(v, kept[i].cand) // the whole index checked
					before := c.Prechecks.Used.Load()
					got := c.ConflictsAfter(v, kept[i].cand, kept[i].pre)
					mu.Lock()
					defer mu.Unlock()
					if c.Prechecks.Used.Load() != before {
						used++
					}
					if !reflect.DeepEqual(got, want) {
						differ++
						t.Errorf("round %d, check %d: the precheck's answer %v, the writer's %v", round, i, got, want)
					}
					return "", nil, compared
				})
				if !errors.Is(err, compared) {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	if used == 0 {
		t.Fatal("the writer took no check made outside it")
	}
	t.Logf("%d answers taken from a check made outside the writer, %d of them differed", used, differ)
}
