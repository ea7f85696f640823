package center_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
)

// gatedStore holds the writer in Begin while the gate is shut, so that a
// test can make acts queue up and be decided in one batch.
type gatedStore struct {
	engine.Store
	mu      sync.Mutex
	gate    chan struct{}
	entered chan struct{} // told when the writer waits at the gate
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

// TestConflictsWithinOneBatch decides twenty mutually conflicting flights
// in one batch: each must be checked against the ones the batch accepted
// before it, so exactly one is clear.
func TestConflictsWithinOneBatch(t *testing.T) {
	ctx := context.Background()
	c, store, coord, callers := openGated(t, 20)
	flight := notifications.NotificationInput{Kind: "flight", Volumes: []truce.Volume{{
		Geometry: truce.NewGeoJSON([]byte(`{"type":"Point","coordinates":[35.5,34.5]}`)), RadiusM: 1000,
		Altitude: truce.Altitude{MinM: 6000, MaxM: 7000},
		Start:    time.Date(2016, 9, 20, 10, 0, 0, 0, time.UTC), End: time.Date(2016, 9, 20, 11, 0, 0, 0, time.UTC)}}}

	// Shut the gate and let one act hold the writer in Begin.
	store.shut()
	held := make(chan error, 1)
	go func() {
		_, err := c.Members().RegisterParty(ctx, coord, members.PartyInput{Name: "holder", Kind: truce.KindParty})
		held <- err
	}()
	store.await(t) // the writer holds the holder's batch at the gate
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
	waitQueued(t, c, len(callers))
	store.let(true)
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
