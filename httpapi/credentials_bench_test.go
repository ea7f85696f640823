package httpapi_test

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpapi"
)

// benchWriters returns n clients of members of one party, each signing
// with an enrolled key if signed.
func benchWriters(b *testing.B, f *fixture, n int, signed bool) []*httpapi.Client {
	ctx := context.Background()
	coord, _ := httpapi.NewClient(f.srv.URL, f.coord)
	var out []*httpapi.Client
	for i := range n {
		var m members.MemberCreated
		if err := coord.Post(ctx, "/v1/parties/"+f.pid+"/members", members.MemberInput{Name: fmt.Sprint("writer ", i)}, &m); err != nil {
			b.Fatal(err)
		}
		cl, _ := httpapi.NewClient(f.srv.URL, m.Token)
		if signed {
			_, key, _ := ed25519.GenerateKey(nil)
			cl.SignWith(key)
			if _, err := cl.Enrol(ctx); err != nil {
				b.Fatal(err)
			}
		}
		out = append(out, cl)
	}
	return out
}

// BenchmarkSignedWrites: hotline messages over HTTP from 16 writers,
// each a member, unsigned (bearer token only) and signed (RFC 9421
// Ed25519, verified by the server, the body kept beside the log).
func BenchmarkSignedWrites(b *testing.B) {
	for _, signed := range []bool{false, true} {
		name := "unsigned"
		if signed {
			name = "signed"
		}
		b.Run(name, func(b *testing.B) {
			f := newFixture(b)
			writers := benchWriters(b, f, 16, signed)
			msg := json.RawMessage(credMessage)
			ctx := context.Background()
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			jobs := make(chan struct{}, b.N)
			for range b.N {
				jobs <- struct{}{}
			}
			close(jobs)
			for _, cl := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range jobs {
						if err := cl.Post(ctx, "/v1/messages", msg, nil); err != nil {
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

// BenchmarkReplaySigned: the replay `truce log verify` runs, over a log
// of hotline messages, unsigned and signed (every signature verified
// with the key of its moment).
func BenchmarkReplaySigned(b *testing.B) {
	const n = 20000
	for _, signed := range []bool{false, true} {
		name := "unsigned"
		if signed {
			name = "signed"
		}
		b.Run(name, func(b *testing.B) {
			f := newFixture(b)
			writers := benchWriters(b, f, 16, signed)
			msg := json.RawMessage(credMessage)
			var wg sync.WaitGroup
			for _, cl := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range n / len(writers) {
						if err := cl.Post(context.Background(), "/v1/messages", msg, nil); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			ctx := context.Background()
			size := f.c.Size()
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				r := center.NewReplayer(nil)
				for at := uint64(0); at < size; at += 4096 {
					raws, err := f.store.Entries(ctx, at, min(size, at+4096))
					if err != nil {
						b.Fatal(err)
					}
					if err := r.AddAll(raws); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(size)*float64(b.N)/time.Since(start).Seconds(), "entries/s")
		})
	}
}
