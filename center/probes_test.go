package center_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/sites"
)

// beginCounter counts the writer's transactions: one a batch.
type beginCounter struct {
	engine.Store
	n atomic.Int64
}

func (b *beginCounter) Begin(ctx context.Context) (engine.Tx, error) {
	b.n.Add(1)
	return b.Store.Begin(ctx)
}

// TestProbeRecordsInOneCommit: a dry run that first meets five hidden
// sites of another party makes five access records due; all five are in
// the log before the answer, written in one batch (the answer waits for
// one commit, not five in turn).
func TestProbeRecordsInOneCommit(t *testing.T) {
	ctx := context.Background()
	now := centertest.Start
	var store *beginCounter
	o := centertest.Open(t, func(cfg *core.Config) {
		store = &beginCounter{Store: cfg.Store}
		cfg.Store, cfg.Clock = store, centertest.NewClock(now)
	})
	un, err := o.C.Authenticate(o.Init.Token)
	if err != nil {
		t.Fatal(err)
	}
	tb := &centertest.Table{C: o.C, UN: un}
	ngo, air := tb.Seat(t, "relief agency", "party"), tb.Seat(t, "air force", "party")
	c := o.C
	valid := truce.Window{Start: truce.InstantOf(now.Add(-time.Hour)), End: truce.InstantOf(now.Add(90 * 24 * time.Hour))}
	for i := range 5 {
		g := json.RawMessage(fmt.Sprintf(`{"type":"Point","coordinates":[%.4f,34.5]}`, 35.5+0.001*float64(i)))
		if _, err := c.Sites().Add(ctx, ngo, sites.SiteInput{Name: fmt.Sprintf("clinic %d", i), Category: "hospital", Geometry: g, BufferM: 100,
			Valid: valid, Disclosure: truce.DisclosureHidden, Recipients: []string{}}); err != nil {
			t.Fatal(err)
		}
	}
	strike := notifications.NotificationInput{Kind: "strike", Volumes: []truce.Volume{{
		Geometry: truce.NewGeoJSON([]byte(`{"type":"Point","coordinates":[35.502,34.5]}`)), RadiusM: 1000,
		Altitude: truce.Altitude{MinM: 0, MaxM: 9000},
		Start:    truce.InstantOf(now.Add(2 * time.Hour)), End: truce.InstantOf(now.Add(3 * time.Hour))}}}
	size, begins := c.Size(), store.n.Load()
	cs, err := c.Notifications().Deconflict(ctx, air, strike)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 5 {
		t.Fatalf("%d conflicts, want the five clinics", len(cs))
	}
	if got := c.Size() - size; got != 5 {
		t.Fatalf("%d entries written by the dry run, want 5 access records", got)
	}
	if got := store.n.Load() - begins; got != 1 {
		t.Fatalf("the five records took %d batches, want 1", got)
	}
}
