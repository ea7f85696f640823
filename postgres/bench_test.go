package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/sqlite"
)

// BenchmarkDurableWrites measures committed party registrations per
// second through center (validation, log entry, Merkle hashes and
// projection in one durable transaction, group commit) on SQLite, and on
// PostgreSQL with one node and with three nodes (three centers, each with
// its own pool, on one schema, in this process) — same machine, same run.
// Writers are spread over the nodes round-robin; with one writer and
// three nodes, the writer moves to the next node at every write, so each
// write also catches its node up with the others' entries.
func BenchmarkDurableWrites(b *testing.B) {
	for _, st := range benchSetups() {
		for _, writers := range []int{1, 16} {
			b.Run(fmt.Sprintf("%s/writers=%d", st.name, writers), func(b *testing.B) {
				nodes, callers := benchCenters(b, st.nodes(b))
				ctx := context.Background()
				var next atomic.Int64
				b.ResetTimer()
				start := time.Now()
				var wg sync.WaitGroup
				for w := range writers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for {
							i := next.Add(1)
							if i > int64(b.N) {
								return
							}
							k := w % len(nodes)
							if writers == 1 {
								k = int(i) % len(nodes)
							}
							if _, err := nodes[k].Members().RegisterParty(ctx, callers[k], members.PartyInput{Name: fmt.Sprintf("party %d", i), Kind: "party"}); err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "writes/s")
			})
		}
	}
}

// benchSetup is a store set-up a benchmark runs on: one or more stores
// on one database, each to carry its own center.
type benchSetup struct {
	name  string
	nodes func(b *testing.B) []engine.Store
}

// benchSetups are SQLite, and PostgreSQL with one and with three nodes.
func benchSetups() []benchSetup {
	setups := []benchSetup{{"store=sqlite", func(b *testing.B) []engine.Store {
		s, err := sqlite.Open(context.Background(), b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		return []engine.Store{s}
	}}}
	for _, n := range []int{1, 3} {
		setups = append(setups, benchSetup{fmt.Sprintf("store=postgres/nodes=%d", n), func(b *testing.B) []engine.Store {
			dsn := cluster.Get(b).Schema(b)
			var out []engine.Store
			for range n {
				out = append(out, open(b, dsn))
			}
			return out
		}})
	}
	return setups
}

// benchCenters initialises a center on the first store and opens one
// center per store, all with the same key.
func benchCenters(b *testing.B, stores []engine.Store) ([]*center.Center, []*core.Caller) {
	b.Helper()
	ctx := context.Background()
	skey, vkey, err := note.GenerateKey(nil, "truce.invalid/bench")
	if err != nil {
		b.Fatal(err)
	}
	signer, _ := note.NewSigner(skey)
	var cs []*center.Center
	var callers []*core.Caller
	var token string
	for i, s := range stores {
		c, err := center.Open(ctx, core.Config{Store: s, Signer: signer, Settings: core.Settings{Questions: core.QuestionSettings{PerHour: 1 << 30}}})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { c.Close() })
		if i == 0 {
			res, err := c.Init(ctx, vkey, "UN", "desk")
			if err != nil {
				b.Fatal(err)
			}
			token = res.Token
		} else if err := c.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		caller, err := c.Authenticate(token)
		if err != nil {
			b.Fatal(err)
		}
		cs = append(cs, c)
		callers = append(callers, caller)
	}
	return cs, callers
}
