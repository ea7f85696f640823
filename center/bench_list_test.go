package center_test

import (
	"context"
	"testing"
	"time"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/internal/benchstore"
	"github.com/truce-center/truce/sqlite"
)

// BenchmarkListNotifications: a party's full list of notifications on a
// store of the benchmark mix ($TRUCE_BENCH_OBJECTS), in process, the
// center opened from its snapshot (the one BenchmarkOpenSnapshot keeps,
// written here when there is none). A notification's conflicts are in
// its opening, so a list reads one opening per notification it lists:
// it reports the list's time and, apart, what reading those openings
// from the store one by one costs.
func BenchmarkListNotifications(b *testing.B) {
	ctx := context.Background()
	info, signer := benchMix(b)
	s, err := sqlite.Open(ctx, info.Dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	snap := benchSnapshotPath(info.Objects)
	c, err := center.Open(ctx, core.Config{Store: s, Signer: signer, Settings: benchstore.Settings(), Snapshot: snap})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	caller, err := c.Authenticate(info.Parties[0].Token)
	if err != nil {
		b.Fatal(err)
	}
	var listed []string
	b.ResetTimer()
	for range b.N {
		ns, err := c.Notifications().List(ctx, caller, notifications.NotificationFilter{})
		if err != nil {
			b.Fatal(err)
		}
		listed = listed[:0]
		for _, n := range ns {
			listed = append(listed, n.Sealed)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(listed)), "notifications/list")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/list")
	start := time.Now()
	for _, k := range listed {
		if _, err := s.Payload(ctx, k); err != nil {
			b.Fatal(err)
		}
	}
	if len(listed) > 0 {
		b.ReportMetric(float64(time.Since(start).Microseconds())/float64(len(listed)), "µs/opening-read")
	}
}
