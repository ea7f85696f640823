package center_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
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

// BenchmarkOpenSnapshot opens a center from its snapshot on a store of
// the benchmark mix ($TRUCE_BENCH_OBJECTS objects, as
// BenchmarkOpenBenchmarkMix) and reports the time and CPU the open took
// and the live heap per object, as BenchmarkOpenBenchmarkMix does for
// the full load, and the snapshot's size and the time Close took to
// write it. The snapshot is kept under $TMPDIR beside the cached store
// (not in it), written by a full open the first time.
func BenchmarkOpenSnapshot(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("TRUCE_BENCH_OBJECTS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	info, err := benchstore.Cached(ctx, n, b.Logf)
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
	snap := filepath.Join(os.TempDir(), fmt.Sprintf("truce-bench-snapshot-%d", n))
	s, err := sqlite.Open(ctx, info.Dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	open := func() *center.Center {
		c, err := center.Open(ctx, core.Config{Store: s, Signer: signer, Settings: benchstore.Settings(), Snapshot: snap})
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	var wrote time.Duration
	if _, err := os.Stat(snap); err != nil || os.Getenv("TRUCE_BENCH_REWRITE") != "" {
		os.Remove(snap)
		c := open()
		start := time.Now()
		c.Close()
		wrote = time.Since(start)
	}
	fi, err := os.Stat(snap)
	if err != nil {
		b.Fatal(err)
	}
	var took, cpu time.Duration
	var heap, objs float64
	b.ResetTimer()
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var ru0, ru1 syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
		start := time.Now()
		c := open()
		took += time.Since(start)
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
		cpu += time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap += float64(after.HeapAlloc) - float64(before.HeapAlloc)
		objs += float64(after.HeapObjects) - float64(before.HeapObjects)
		if path := os.Getenv("TRUCE_BENCH_HEAPPROFILE"); path != "" {
			writeHeapProfile(b, path)
		}
		c.Close()
	}
	if wrote > 0 {
		b.ReportMetric(wrote.Seconds(), "s/write")
	}
	b.ReportMetric(float64(info.Objects), "objects")
	b.ReportMetric(float64(fi.Size())/1e6, "MB-snapshot")
	b.ReportMetric(took.Seconds()/float64(b.N), "s/open")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/open")
	b.ReportMetric(heap/float64(b.N)/float64(info.Objects), "heap-B/object")
	b.ReportMetric(objs/float64(b.N)/float64(info.Objects), "allocs/object")
}
