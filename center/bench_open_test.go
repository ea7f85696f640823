package center_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/internal/benchstore"
	"github.com/truce-center/truce/sqlite"
)

// BenchmarkOpenBenchmarkMix opens a center on a store of the benchmark
// mix (internal/benchstore: sites, zones, strikes, flights, movements,
// reports; $TRUCE_BENCH_OBJECTS objects, 100,000 by default, built once
// under $TMPDIR) and reports the time and CPU the open took and the live
// heap per object it holds, in bytes and allocations (issue 17 item 2).
func BenchmarkOpenBenchmarkMix(b *testing.B) {
	ctx := context.Background()
	info, signer := benchMix(b)
	measureOpens(b, info, func() func() {
		s, err := sqlite.Open(ctx, info.Dir)
		if err != nil {
			b.Fatal(err)
		}
		c, err := center.Open(ctx, core.Config{Store: s, Signer: signer, Settings: benchstore.Settings()})
		if err != nil {
			b.Fatal(err)
		}
		return func() { c.Close(); s.Close() }
	})
}

// benchMix is the cached store of the benchmark mix of
// $TRUCE_BENCH_OBJECTS objects (100,000 by default) and its center's
// signer.
func benchMix(b *testing.B) (*benchstore.Info, note.Signer) {
	info, err := benchstore.Cached(context.Background(), benchObjects(), b.Logf)
	if err != nil {
		b.Fatal(err)
	}
	key, err := os.ReadFile(filepath.Join(info.Dir, benchstore.KeyFile))
	if err != nil {
		b.Fatal(err)
	}
	signer, err := note.NewSigner(string(key))
	if err != nil {
		b.Fatal(err)
	}
	return info, signer
}

// benchObjects is $TRUCE_BENCH_OBJECTS, 100,000 by default.
func benchObjects() int {
	if v, err := strconv.Atoi(os.Getenv("TRUCE_BENCH_OBJECTS")); err == nil && v > 0 {
		return v
	}
	return 100_000
}

// benchSnapshotPath is where the benchmarks keep the snapshot of the
// store of n objects: under $TMPDIR beside the cached store, not in it.
func benchSnapshotPath(n int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("truce-bench-snapshot-%d", n))
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measureOpens runs open b.N times (it returns what closes what it
// opened) and reports the time and CPU each took, and the live heap per
// object of the store the open center holds, in bytes and allocations
// ($TRUCE_BENCH_HEAPPROFILE: its heap profile while open). It returns
// the heap per object.
func measureOpens(b *testing.B, info *benchstore.Info, open func() (closeAll func())) float64 {
	var took, cpu time.Duration
	var heap, objs float64
	b.ResetTimer()
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		cpu0 := processCPU()
		start := time.Now()
		closeAll := open()
		took += time.Since(start)
		cpu += processCPU() - cpu0
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap += float64(after.HeapAlloc) - float64(before.HeapAlloc)
		objs += float64(after.HeapObjects) - float64(before.HeapObjects)
		if path := os.Getenv("TRUCE_BENCH_HEAPPROFILE"); path != "" {
			writeHeapProfile(b, path)
		}
		closeAll()
	}
	b.ReportMetric(float64(info.Objects), "objects")
	b.ReportMetric(took.Seconds()/float64(b.N), "s/open")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/open")
	b.ReportMetric(heap/float64(b.N)/float64(info.Objects), "heap-B/object")
	// What the collector marks at every cycle: allocations, not bytes.
	b.ReportMetric(objs/float64(b.N)/float64(info.Objects), "allocs/object")
	return heap / float64(b.N) / float64(info.Objects)
}

// writeHeapProfile writes the heap profile to path while the center is
// open ($TRUCE_BENCH_HEAPPROFILE; -memprofile is written after it closed).
func writeHeapProfile(b *testing.B, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}
