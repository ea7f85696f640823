package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
)

// BenchmarkConflictCheck measures, on SQLite and on PostgreSQL with one
// and three nodes, the conflict check of a flight against 2,000 notified
// flights — read-only (POST /v1/deconflict's path) and as a submission
// (the check and the durable write, the writer moving to the next node at
// every submission, so that each also catches its node up).
func BenchmarkConflictCheck(b *testing.B) {
	for _, st := range benchSetups() {
		b.Run(st.name, func(b *testing.B) {
			ctx := context.Background()
			nodes, coords := benchCenters(b, st.nodes(b))
			// Two air forces, a member each, on every node.
			var callers [2][]*core.Caller
			for i := range 2 {
				p, err := nodes[0].Members().RegisterParty(ctx, coords[0], members.PartyInput{Name: fmt.Sprint("air force ", i), Kind: truce.KindParty})
				if err != nil {
					b.Fatal(err)
				}
				m, err := nodes[0].Members().Register(ctx, coords[0], p.ID, members.MemberInput{Name: "ops"})
				if err != nil {
					b.Fatal(err)
				}
				for _, c := range nodes {
					if err := c.Sync(ctx); err != nil {
						b.Fatal(err)
					}
					caller, err := c.Authenticate(m.Token)
					if err != nil {
						b.Fatal(err)
					}
					callers[i] = append(callers[i], caller)
				}
			}
			rng := rand.New(rand.NewPCG(1, 2))
			base := time.Now().UTC().Add(30 * time.Hour).Truncate(time.Hour)
			flight := func() notifications.NotificationInput {
				lon, lat := 35+rng.Float64()*10, 32+rng.Float64()*6
				start := base.Add(time.Duration(rng.IntN(7*24)) * time.Hour)
				g, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{lon, lat}})
				alt := float64(rng.IntN(10) * 1000)
				return notifications.NotificationInput{Kind: "flight", Volumes: []truce.Volume{{Geometry: truce.NewGeoJSON(g), RadiusM: 5000,
					Altitude: truce.Altitude{MinM: alt, MaxM: alt + 500}, Start: truce.InstantOf(start), End: truce.InstantOf(start.Add(2 * time.Hour))}}}
			}
			for i := range 2000 {
				if _, err := nodes[i%len(nodes)].Notifications().Submit(ctx, callers[i%2][i%len(nodes)], flight()); err != nil {
					b.Fatal(err)
				}
			}
			for _, c := range nodes {
				c.Sync(ctx)
			}
			checks := make([]time.Duration, 0, b.N)
			submits := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := i % len(nodes)
				in := flight()
				t0 := time.Now()
				if _, err := nodes[k].Notifications().Deconflict(context.Background(), callers[0][k], in); err != nil {
					b.Fatal(err)
				}
				checks = append(checks, time.Since(t0))
				t0 = time.Now()
				if _, err := nodes[k].Notifications().Submit(ctx, callers[i%2][k], in); err != nil {
					b.Fatal(err)
				}
				submits = append(submits, time.Since(t0))
			}
			b.StopTimer()
			q := func(ds []time.Duration, p float64) float64 {
				slices.Sort(ds)
				return float64(ds[min(len(ds)-1, int(p*float64(len(ds))))].Microseconds())
			}
			b.ReportMetric(q(checks, 0.5), "check-p50-µs")
			b.ReportMetric(q(checks, 0.99), "check-p99-µs")
			b.ReportMetric(q(submits, 0.5), "submit-p50-µs")
			b.ReportMetric(q(submits, 0.99), "submit-p99-µs")
		})
	}
}
