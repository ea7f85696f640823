package center_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/sqlite"
)

// TestClockCostFollowsWhatIsDue: over a store of 100,000 pending
// notifications, an Advance with nothing due looks at no object, and one
// with k due looks at k; a reopened center finds the same.
func TestClockCostFollowsWhatIsDue(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 notifications")
	}
	ctx := context.Background()
	dir := t.TempDir()
	s, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/clock")
	signer, _ := note.NewSigner(skey)
	t0 := time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC)
	clock := centertest.NewClock(t0)
	c, err := center.Open(ctx, core.Config{Store: s, Signer: signer, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	coord, seated, _ := seatParties(t, c, vkey, "air force")
	caller := seated[0]
	p := caller.Party
	// 100,000 strikes of the party, each hour from the 14th on ending
	// 1,000 of them; strikes need no acknowledgement, so they wait to be
	// executed. They are written into the projection directly (as a
	// store restored from a large log would hold them), which takes a
	// second where submitting them would take a minute.
	const n, perHour = 100_000, 1_000
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		start := time.Date(2016, 9, 14, 0, 0, 0, 0, time.UTC).Add(time.Duration(i/perHour) * time.Hour)
		doc, _ := json.Marshal(truce.Notification{ID: fmt.Sprintf("ntf_x%d", i), Kind: "strike", Party: p.ID, State: truce.NotificationAcknowledged,
			Volumes: []truce.Volume{{Geometry: truce.NewGeoJSON([]byte(fmt.Sprintf(`{"type":"Point","coordinates":[%.4f,%.4f]}`, 20+float64(i%300)*0.1, 10+float64(i/300%300)*0.1))),
				RadiusM: 100, Altitude: truce.Altitude{MinM: 0, MaxM: 1000}, Start: truce.InstantOf(start), End: truce.InstantOf(start.Add(30 * time.Minute))}},
			Conflicts: truce.NewConflictList([]truce.Conflict{}), MustAcknowledgeRef: &[]string{}, Acknowledgements: []truce.NotificationAck{}})
		if err := tx.Put("notification", fmt.Sprintf("ntf_x%d", i), doc); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	c, err = center.Open(ctx, core.Config{Store: s, Signer: signer, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { c.Close() }()
	check := func(c *center.Center, at time.Time, want int64) {
		t.Helper()
		clock.Set(at)
		before := c.Examined()
		size := c.Size()
		if err := c.Advance(ctx); err != nil {
			t.Fatal(err)
		}
		if got := c.Examined() - before; got != want {
			t.Fatalf("Advance at %s looked at %d objects, want %d", at, got, want)
		}
		if wrote := c.Size() - size; int64(wrote) != (want+399)/400 {
			t.Fatalf("Advance at %s wrote %d entries", at, wrote)
		}
	}
	// Nothing is due before the first strike ends.
	check(c, t0.Add(time.Hour), 0)
	check(c, time.Date(2016, 9, 14, 0, 29, 0, 0, time.UTC), 0)
	// The first hour's 1,000 strikes end at 00:30: exactly they are looked at.
	check(c, time.Date(2016, 9, 14, 0, 30, 0, 0, time.UTC), perHour)
	check(c, time.Date(2016, 9, 14, 0, 45, 0, 0, time.UTC), 0)
	// Three hours later, the next 3,000.
	check(c, time.Date(2016, 9, 14, 3, 30, 0, 0, time.UTC), 3*perHour)
	// A strike submitted now is queued by the write that makes it.
	in := notifications.NotificationInput{Kind: "strike", Volumes: []truce.Volume{{Geometry: truce.NewGeoJSON([]byte(`{"type":"Point","coordinates":[50,50]}`)), RadiusM: 100,
		Altitude: truce.Altitude{MinM: 0, MaxM: 1000}, Start: truce.InstantOf(time.Date(2016, 9, 14, 3, 40, 0, 0, time.UTC)), End: truce.InstantOf(time.Date(2016, 9, 14, 3, 50, 0, 0, time.UTC))}}}
	if _, err := c.Notifications().Submit(ctx, caller, in); err != nil {
		t.Fatal(err)
	}
	check(c, time.Date(2016, 9, 14, 3, 50, 0, 0, time.UTC), 1)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopened, the center queues what is still due and nothing else.
	c2, err := center.Open(ctx, core.Config{Store: s, Signer: signer, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	check(c2, time.Date(2016, 9, 14, 3, 51, 0, 0, time.UTC), 0)
	check(c2, time.Date(2016, 9, 14, 4, 30, 0, 0, time.UTC), perHour)
	executed, err := c2.Notifications().List(context.Background(), coord, notifications.NotificationFilter{State: truce.NotificationExecuted})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(executed); got != 5*perHour+1 {
		t.Fatalf("%d strikes executed, want %d", got, 5*perHour+1)
	}
}
