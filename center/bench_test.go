package center_test

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
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/sqlite"
)

// newBenchCenter opens a center on a fresh SQLite store in a temp dir.
func newBenchCenter(b *testing.B) (*center.Center, *core.Caller) {
	b.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/bench")
	signer, _ := note.NewSigner(skey)
	c, err := center.Open(ctx, core.Config{Store: store, Signer: signer})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	res, err := c.Init(ctx, vkey, "UN", "desk")
	if err != nil {
		b.Fatal(err)
	}
	caller, err := c.Authenticate(res.Token)
	if err != nil {
		b.Fatal(err)
	}
	return c, caller
}

// BenchmarkDurableWrites measures committed writes (log entry, Merkle
// hashes and projection in one synchronous SQLite transaction) per second
// with 1 and 16 concurrent writers.
func BenchmarkDurableWrites(b *testing.B) {
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			c, caller := newBenchCenter(b)
			ctx := context.Background()
			var next atomic.Int64
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for w := 0; w < writers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := next.Add(1)
						if i > int64(b.N) {
							return
						}
						if _, err := c.Members().RegisterParty(ctx, caller, members.PartyInput{Name: fmt.Sprintf("party %d", i), Kind: "party"}); err != nil {
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
