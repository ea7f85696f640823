package center_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/snapshot"
	"github.com/truce-center/truce/internal/benchstore"
	"github.com/truce-center/truce/sqlite"
)

// BenchmarkOpenSnapshot opens a center from its snapshot on a store of
// the benchmark mix ($TRUCE_BENCH_OBJECTS objects, as
// BenchmarkOpenBenchmarkMix) and reports the time and CPU the open took
// and the live heap per object, as BenchmarkOpenBenchmarkMix does for
// the full load, and the snapshot's size and the time Close took to
// write it. The snapshot is kept under $TMPDIR beside the cached store
// (not in it), written by a full open the first time. It also reports
// the live heap per object of the opened store itself (store-heap-B,
// most of it the map of rows keyed by hashes) and the two together
// (server-heap-B): the process's heap, less what it held before; and
// the time from the store's Open to its maps read (s/store-ready).
func BenchmarkOpenSnapshot(b *testing.B) {
	ctx := context.Background()
	info, signer := benchMix(b)
	snap := benchSnapshotPath(info.Objects)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	s, err := sqlite.Open(ctx, info.Dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// The store reads its maps of rows keyed by hashes in the background
	// once opened: wait for them (Payload does), so that the heap
	// measured by measureOpens is the center's alone, whether or not a
	// full open came first.
	if _, err := s.Payload(ctx, ""); err != nil {
		b.Fatal(err)
	}
	ready := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	store := (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / float64(info.Objects)
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
	heap := measureOpens(b, info, func() func() {
		c := open()
		return func() { c.Close() }
	})
	b.ReportMetric(store, "store-heap-B/object")
	b.ReportMetric(ready.Seconds(), "s/store-ready")
	b.ReportMetric(store+heap, "server-heap-B/object")
	if wrote > 0 {
		b.ReportMetric(wrote.Seconds(), "s/write")
	}
	b.ReportMetric(float64(fi.Size())/1e6, "MB-snapshot")
}

// BenchmarkWriteSnapshot reads the snapshot BenchmarkOpenSnapshot keeps
// for $TRUCE_BENCH_OBJECTS objects and writes it again to a file under
// $TMPDIR, as a running center does once enough entries came after the
// one it read (the encoding and the file synced; not the capture, which
// copies the state first): s/write and cpu-s/write per write.
func BenchmarkWriteSnapshot(b *testing.B) {
	n := benchObjects()
	path := benchSnapshotPath(n)
	if _, err := os.Stat(path); err != nil {
		b.Skipf("no snapshot at %s: run BenchmarkOpenSnapshot with TRUCE_BENCH_OBJECTS=%d first", path, n)
	}
	codec, err := core.SnapshotCodec()
	if err != nil {
		b.Fatal(err)
	}
	snap, err := codec.Read(path)
	if err != nil {
		b.Fatal(err)
	}
	src := snapshot.Source{Header: snap.Header, Index: snap.Index, Trees: snap.Trees, Nonces: snap.Nonces,
		Each: func(fn func(kind, id string, obj any) error) error {
			for _, t := range snap.Tables {
				for i, id := range t.IDs {
					if err := fn(t.Kind, id, t.Objs[i]); err != nil {
						return err
					}
				}
			}
			return nil
		}}
	out := filepath.Join(b.TempDir(), "snapshot")
	runtime.GC()
	cpu0 := processCPU()
	b.ResetTimer()
	for b.Loop() {
		if _, err := codec.Write(out, src); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/write")
	b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/write")
}
