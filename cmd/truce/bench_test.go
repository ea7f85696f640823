package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/ledger"
	"github.com/truce-center/truce/sqlite"
)

// benchCenter returns a data directory with a valid log of n entries
// (the center, its coordinator and member, then party registrations),
// its projection and its key. It is built once under the temp dir.
func benchCenter(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("truce-bench-log-%d", n))
	if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	ctx := context.Background()
	_, vkey, err := createKey(filepath.Join(dir, keyFileName), "truce.invalid/bench")
	if err != nil {
		b.Fatal(err)
	}
	s, err := sqlite.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	t0 := time.Date(2016, 9, 12, 16, 0, 0, 0, time.UTC)
	token := sha256.Sum256([]byte("truce_bench"))
	coord := map[string]string{"member": "mbr_2", "party": "pty_1"}
	entry := func(i int) []byte {
		e := map[string]any{"index": i, "time": t0.Add(time.Duration(i) * time.Millisecond), "actor": coord}
		switch i {
		case 0:
			e["type"], e["actor"] = "center.init", map[string]string{}
			e["body"] = map[string]string{"origin": "truce.invalid/bench", "log_key": vkey}
		case 1:
			e["type"], e["actor"] = "party.register", map[string]string{}
			e["body"] = map[string]string{"name": "UN", "kind": "coordinator"}
		case 2:
			e["type"], e["actor"] = "member.register", map[string]string{}
			e["body"] = map[string]string{"party_id": "pty_1", "name": "desk", "token_sha256": hex.EncodeToString(token[:])}
		default:
			e["type"] = "party.register"
			e["body"] = map[string]string{"name": fmt.Sprintf("party %d", i), "kind": "party"}
		}
		raw, err := ledger.Canonical(e)
		if err != nil {
			b.Fatal(err)
		}
		return raw
	}
	for start := 0; start < n; start += 10000 {
		tx, err := s.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var raws [][]byte
		for i := start; i < min(n, start+10000); i++ {
			raws = append(raws, entry(i))
		}
		rows, err := ledger.AppendHashes(int64(start), raws, hashFunc(tx.ReadHashes))
		if err == nil {
			err = tx.Append(raws, rows)
		}
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := center.Rebuild(ctx, s); err != nil {
		b.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "complete"), nil, 0o600)
	return dir
}

type hashFunc func([]int64) ([]ledger.Hash, error)

func (f hashFunc) ReadHashes(idx []int64) ([]ledger.Hash, error) { return f(idx) }

// BenchmarkRebuild rebuilds all state from a 1,000,000-entry log read
// from the store (target: ≤ 10 s, PRODUCT §9).
func BenchmarkRebuild(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400)) // as `truce log replay` runs
	n := benchEntries()
	dir := benchCenter(b, n)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuSeconds()
	for range b.N {
		r := center.NewReplayer(nil)
		for at := 0; at < n; at += 8192 {
			raws, err := s.Entries(ctx, uint64(at), uint64(min(n, at+8192)))
			if err != nil {
				b.Fatal(err)
			}
			if err := r.Go(raws); err != nil {
				b.Fatal(err)
			}
		}
		if err := r.Wait(); err != nil {
			b.Fatal(err)
		}
		if r.State().Size() != uint64(n) {
			b.Fatal("short replay")
		}
	}
	el := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(float64(n), "entries")
	b.ReportMetric(el, "s/rebuild")
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/rebuild")
	b.ReportMetric(float64(n)/el, "entries/s")
}

// BenchmarkReplay is `truce log replay`: it rebuilds all state from a
// 1,000,000-entry log and compares it object by object with the stored
// projection.
func BenchmarkReplay(b *testing.B) {
	n := benchEntries()
	dir := benchCenter(b, n)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		diffs, size, err := center.Replay(ctx, s, nil)
		if err != nil || len(diffs) > 0 || size != uint64(n) {
			b.Fatalf("replay: %v %v %d", err, diffs, size)
		}
	}
	el := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(el, "s/replay")
	b.ReportMetric(float64(n)/el, "entries/s")
}

// BenchmarkVerify runs `truce log verify` against a served log of
// benchEntries() entries over loopback HTTP, server and verifier in one
// process: "tree" is the first pass alone (--tree-only: signature, every
// entry's inclusion; target ≥ 500,000 entries/s), "replay" both passes
// (target for the replay ≥ 150,000 entries/s, issue 17).
func BenchmarkVerify(b *testing.B) {
	n := benchEntries()
	batchGC() // as `truce log verify` runs (the server shares the process here)
	defer debug.SetGCPercent(100)
	dir := benchCenter(b, n)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Ready: func(u string) { ready <- u }}
	done := make(chan int)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "error"})
	}()
	url := <-ready
	for _, pass := range []struct {
		name     string
		treeOnly bool
	}{{"tree", true}, {"replay", false}} {
		b.Run(pass.name, func(b *testing.B) {
			start, cpu0 := time.Now(), cpuSeconds()
			for range b.N {
				trust := filepath.Join(b.TempDir(), "trust.json")
				got, err := m.verifyWitnessed(ctx, url, trust, "", "", witnessFlags{}, pass.treeOnly)
				if err != nil || got != int64(n) {
					b.Fatalf("verify: %v (%d entries)", err, got)
				}
			}
			el := time.Since(start).Seconds() / float64(b.N)
			b.ReportMetric(float64(n), "entries")
			b.ReportMetric(float64(n)/el, "entries/s")
			b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/verify")
		})
	}
	cancel()
	<-done
}

// BenchmarkServeStart starts `truce serve` on the benchmark log of
// benchEntries() entries (party registrations: one stored object per
// entry) and reports the time until it answers and the live heap it
// keeps per object (the process's heap after a collection, less what it
// held before the server started).
func BenchmarkServeStart(b *testing.B) {
	n := benchEntries()
	dir := benchCenter(b, n)
	var before, after runtime.MemStats
	var took time.Duration
	var heap float64
	cpu0 := cpuSeconds()
	for range b.N {
		runtime.GC()
		runtime.ReadMemStats(&before)
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan string, 1)
		m := &Main{Stdout: io.Discard, Stderr: io.Discard, Ready: func(u string) { ready <- u }}
		done := make(chan int)
		start := time.Now()
		go func() {
			done <- m.Run(ctx, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "error"})
		}()
		select {
		case <-ready:
		case code := <-done:
			b.Fatalf("serve exited with %d", code)
		}
		took += time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap += float64(after.HeapAlloc) - float64(before.HeapAlloc)
		cancel()
		<-done
	}
	b.ReportMetric(float64(n), "entries")
	b.ReportMetric(took.Seconds()/float64(b.N), "s/start")
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/start")
	b.ReportMetric(heap/float64(b.N)/float64(n), "heap-B/object")
}

// cpuSeconds is the CPU time (user and system) the process has used: on
// a machine shared with other work, it says what a run cost where the
// wall time says how long it waited too.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// benchEntries is the size of the log the replay and verify benchmarks
// use: 1,000,000 (PRODUCT §9), or $TRUCE_BENCH_ENTRIES.
func benchEntries() int {
	if v, err := strconv.Atoi(os.Getenv("TRUCE_BENCH_ENTRIES")); err == nil && v > 3 {
		return v
	}
	return 1_000_000
}
