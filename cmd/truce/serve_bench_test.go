package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"testing"
	"time"

	"github.com/truce-center/truce/internal/benchstore"
)

// The server benchmarks of issue 17: `truce serve` (in this process) on a
// store of $TRUCE_BENCH_OBJECTS objects of the benchmark mix (default
// 100,000; internal/benchstore, built once under $TMPDIR), asked over
// loopback HTTP by 8 clients. Client and server share the process and
// its cores: cmd/truce-load runs the server apart and measures its CPU.

func benchObjects() int {
	if v, err := strconv.Atoi(os.Getenv("TRUCE_BENCH_OBJECTS")); err == nil && v >= 0 {
		return v
	}
	return 100_000
}

// benchClients is $TRUCE_BENCH_CLIENTS, or def: how many clients send
// requests at once.
func benchClients(def int) int {
	if v, err := strconv.Atoi(os.Getenv("TRUCE_BENCH_CLIENTS")); err == nil && v > 0 {
		return v
	}
	return def
}

// benchServe serves the cached store of n objects (a copy of it, synced
// to disk, if writable: benchstore.WritableCopy), and returns its URL
// and description once the server has settled (benchstore.Settle). The
// server is started once per process and kept for the benchmark's later
// runs (b.N = 1, then the real count): a server per run would keep the
// first one's heap alive beside the second's, and at a million objects
// the collector would mark both. stopBenchServers, after the tests,
// stops it.
func benchServe(b *testing.B, n int, writable bool) (string, *benchstore.Info) {
	b.Helper()
	key := fmt.Sprint(n, writable)
	if s, ok := benchServers[key]; ok {
		return s.url, s.info
	}
	ctx, cancel := context.WithCancel(context.Background())
	info, err := benchstore.Cached(ctx, n, b.Logf)
	if err != nil {
		cancel()
		b.Fatal(err)
	}
	dir, tmp := info.Dir, ""
	if writable {
		if tmp, err = info.WritableCopy("truce-bench-writes-"); err != nil {
			cancel()
			b.Fatal(err)
		}
		dir = tmp
	}
	ready := make(chan string, 1)
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Ready: func(u string) { ready <- u }}
	done := make(chan int, 1)
	go func() {
		done <- m.Run(ctx, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "error",
			"--questions-per-hour", "1000000000", "--max-conns-per-ip", "4096"})
	}()
	stop := func() {
		cancel()
		<-done
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}
	var url string
	select {
	case url = <-ready:
	case code := <-done:
		done <- code
		stop()
		b.Fatalf("serve exited with %d", code)
	}
	// As truce-load does: the measurement begins once the open's own work
	// is done (benchstore.Settle).
	b.Logf("server ready; settled after %s more", benchstore.Settle(cpuSeconds, 2*time.Second, time.Minute).Round(100*time.Millisecond))
	benchServers[key] = &benchServer{url: url, info: info, stop: stop}
	return url, info
}

type benchServer struct {
	url     string
	info    *benchstore.Info
	stop    func()
	written int // strikes written by BenchmarkServeWrites so far
}

// benchServers are the servers benchServe started, by size and mode.
var benchServers = map[string]*benchServer{}

// stopBenchServers stops the servers benchServe started.
func stopBenchServers() {
	for k, s := range benchServers {
		s.stop()
		delete(benchServers, k)
	}
}

// benchPost sends b.N requests from clients goroutines, cycling through
// reqs, and reports requests/s, the median and the 99th percentile.
func benchPost(b *testing.B, url, path string, reqs []benchstore.Request, clients int) {
	// $TRUCE_BENCH_CPUPROFILE: a CPU profile of the requests alone, not
	// of the server's start (-cpuprofile holds both).
	if path := os.Getenv("TRUCE_BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	// $TRUCE_BENCH_MEMPROFILE: the allocation profiles before and after
	// the requests (file.before, file), to read with pprof -base.
	if path := os.Getenv("TRUCE_BENCH_MEMPROFILE"); path != "" {
		writeAllocs(b, path+".before")
		defer writeAllocs(b, path)
	}
	// $TRUCE_BENCH_CLIENT: the load's client, plain or net/http (the
	// default here, as the figures before 2026-12-05 were made).
	client := benchstore.NetHTTP
	if v := os.Getenv("TRUCE_BENCH_CLIENT"); v != "" {
		c, err := benchstore.ParseClient(v)
		if err != nil {
			b.Fatal("TRUCE_BENCH_CLIENT: ", err)
		}
		client = c
	}
	b.ResetTimer()
	t0 := time.Now()
	lat, failed := benchstore.Drive(client, url, path, reqs, clients, func(n int64) bool { return n <= int64(b.N) }, os.Stderr)
	el := time.Since(t0)
	b.StopTimer()
	if failed > 0 || len(lat) == 0 {
		b.Fatalf("%d requests failed", failed)
	}
	b.ReportMetric(float64(len(lat))/el.Seconds(), "req/s")
	b.ReportMetric(float64(benchstore.Percentile(lat, 0.5).Microseconds()), "p50-µs")
	b.ReportMetric(float64(benchstore.Percentile(lat, 0.99).Microseconds()), "p99-µs")
}

func writeAllocs(b *testing.B, path string) {
	// The profile is as of the last collection: at a million objects the
	// requests may run without one.
	runtime.GC()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkServeDeconflict is POST /v1/deconflict with 8 clients
// ($TRUCE_BENCH_CLIENTS; issue 17: ≥ 10,000/s, p99 ≤ 5 ms).
func BenchmarkServeDeconflict(b *testing.B) {
	url, info := benchServe(b, benchObjects(), false)
	benchPost(b, url, "/v1/deconflict", info.Requests(4096, false), benchClients(8))
}

// BenchmarkServeWrites is strikes submitted (POST /v1/notifications,
// each a durable write) by 16 clients ($TRUCE_BENCH_CLIENTS) on a copy
// of the store (issue 17: the rate at 1,000,000 objects within 20 % of
// an empty store's).
//
// With $TRUCE_BENCH_AWAY set, the strikes are moved to where the store
// holds nothing (benchstore.RequestsAway): each meets nothing. With
// $TRUCE_BENCH_STREAMS=N, N event streams are open while they are
// written (benchStreams), as the web application of each party keeps
// one; it reports the events the streams were sent per strike.
//
// It reports the process's live heap after the strikes per object of the
// server's store, those it opened with and those written since
// (heap-B/object; issue 17: ≤ 1 KiB per object, on a server that has
// run for a while as on one just opened).
func BenchmarkServeWrites(b *testing.B) {
	n := benchObjects()
	url, info := benchServe(b, n, true)
	reqs := info.Requests(4096, true)
	if os.Getenv("TRUCE_BENCH_AWAY") != "" {
		reqs = info.RequestsAway(4096)
	}
	stop := benchStreams(b, url, info)
	benchPost(b, url, "/v1/notifications", reqs, benchClients(16))
	if events, streams := stop(); streams > 0 {
		b.ReportMetric(float64(events)/float64(b.N), "events/strike")
	}
	s := benchServers[fmt.Sprint(n, true)]
	s.written += b.N
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/float64(info.Objects+s.written), "heap-B/object")
}

// benchStreams opens $TRUCE_BENCH_STREAMS event streams
// (benchstore.Info.Streams). stop closes them and returns the events
// they were sent and how many there were.
func benchStreams(b *testing.B, url string, info *benchstore.Info) (stop func() (events int64, streams int)) {
	b.Helper()
	n, _ := strconv.Atoi(os.Getenv("TRUCE_BENCH_STREAMS"))
	if n <= 0 {
		return func() (int64, int) { return 0, 0 }
	}
	end, err := info.Streams(url, n)
	if err != nil {
		b.Fatal(err)
	}
	return func() (int64, int) { return end(), n }
}
