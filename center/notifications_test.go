package center_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/sqlite"
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
	s, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	store := &gatedStore{Store: s}
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/batch")
	signer, _ := note.NewSigner(skey)
	c, err := center.Open(ctx, core.Config{Store: store, Signer: signer, Clock: centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	res, err := c.Init(ctx, vkey, "UN", "desk")
	if err != nil {
		t.Fatal(err)
	}
	coord, _ := c.Authenticate(res.Token)
	var callers []*core.Caller
	for i := range 20 {
		p, err := c.Members().RegisterParty(ctx, coord, members.PartyInput{Name: fmt.Sprintf("air force %d", i), Kind: truce.KindParty})
		if err != nil {
			t.Fatal(err)
		}
		m, err := c.Members().Register(ctx, coord, p.ID, members.MemberInput{Name: "ops"})
		if err != nil {
			t.Fatal(err)
		}
		caller, _ := c.Authenticate(m.Token)
		callers = append(callers, caller)
	}
	flight := notifications.NotificationInput{Kind: "flight", Volumes: []truce.Volume{{
		Geometry: truce.NewGeoJSON([]byte(`{"type":"Point","coordinates":[35.5,34.5]}`)), RadiusM: 1000,
		Altitude: truce.Altitude{MinM: 6000, MaxM: 7000},
		Start:    time.Date(2016, 9, 20, 10, 0, 0, 0, time.UTC), End: time.Date(2016, 9, 20, 11, 0, 0, 0, time.UTC)}}}

	// Shut the gate and let one act hold the writer in Begin.
	gate, entered := make(chan struct{}), make(chan struct{}, 1)
	store.mu.Lock()
	store.gate, store.entered = gate, entered
	store.mu.Unlock()
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
