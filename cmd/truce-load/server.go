package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/truce-center/truce/internal/benchstore"
)

// The server modes (issue 17): `truce serve` on a store of --objects
// objects of the benchmark mix (internal/benchstore, built once under
// $TMPDIR), then, for --duration:
//
//   - idle: nothing; the server's CPU use;
//   - write: --writers clients submit strikes (POST /v1/notifications)
//     as fast as they are answered, on a copy of the store;
//   - deconflict: --writers clients ask POST /v1/deconflict as fast as
//     they are answered.
//
// With --streams N, N event streams are open meanwhile (one per seat in
// turn, as each party's web application keeps one), and it prints how
// many events they were sent.
//
// It prints requests per second, p50 and p99 round trips, and the
// server's CPU seconds per request (from /proc), with the load average.

func runServer(o options) error {
	ctx := context.Background()
	info, err := benchstore.Cached(ctx, o.objects, func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) })
	if err != nil {
		return fmt.Errorf("building the store: %w", err)
	}
	dir := info.Dir
	if o.mode == "write" {
		// Writes go to a copy, synced to disk: the cached store stays as
		// built.
		tmp, err := info.WritableCopy("truce-load-store-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	began := time.Now()
	srv, base, _, pinned, err := startServer(o.truce, dir, o.serverProcs, o.pin, "--questions-per-hour", "1000000000", "--max-conns-per-ip", "4096")
	if err != nil {
		return err
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}()
	ready := time.Since(began)
	// Let the server settle: the start-up's last garbage collection (at
	// 1,000,000 objects, 5–8 CPU-s over several seconds after the server
	// answers) and the first clock tick. It is not a cost of the requests
	// that follow; the collections they cause themselves are counted.
	settled := benchstore.Settle(func() float64 { return cpuSeconds(srv.Process.Pid) }, 2*time.Second, time.Minute)
	fmt.Printf("store: %d objects, %d entries (%s); server ready in %s, settled after %s more\n", info.Objects, info.Entries, info.Dir,
		ready.Round(time.Millisecond), settled.Round(100*time.Millisecond))
	if pinned != "" {
		fmt.Println(pinned)
	}

	// The requests: strikes (write) or the load's mix of notifications
	// (deconflict), each by its own party, in the store's quiet time.
	reqs := info.Requests(4096, o.mode == "write")
	if o.away {
		reqs = info.RequestsAway(4096)
	}
	path := map[string]string{"write": "/v1/notifications", "deconflict": "/v1/deconflict", "idle": ""}[o.mode]

	stopStreams := func() int64 { return 0 }
	if o.streams > 0 {
		if stopStreams, err = info.Streams(base, o.streams); err != nil {
			return err
		}
	}
	m0 := goMetrics(base, info.Coordinator.Token)
	load0 := loadAvg()
	user0, sys0 := cpuSplit(srv.Process.Pid)
	vol0, invol0 := switches(srv.Process.Pid)
	self0 := cpuSeconds(os.Getpid())
	t0 := time.Now()
	var lat []time.Duration
	var failed int64
	if path != "" {
		lat, failed = benchstore.Drive(o.client, base, path, reqs, o.writers, func(int64) bool { return time.Since(t0) < o.duration }, os.Stderr)
	} else {
		time.Sleep(o.duration)
	}
	el := time.Since(t0)
	self := cpuSeconds(os.Getpid()) - self0
	user1, sys1 := cpuSplit(srv.Process.Pid)
	cpu := (user1 - user0) + (sys1 - sys0)
	vol1, invol1 := switches(srv.Process.Pid)
	m1 := goMetrics(base, info.Coordinator.Token)
	events := stopStreams()
	fmt.Printf("mode %s, %d objects, %d clients (%s), %s on %s (%d cores); load avg %s before, %s after\n",
		o.mode, info.Objects, o.writers, o.client, el.Round(time.Millisecond), cpuModel(), runtime.NumCPU(), load0, loadAvg())
	if o.streams > 0 {
		fmt.Printf("%d event streams open, sent %d events\n", o.streams, events)
	}
	// The same once more as a line of `go test -bench` output, for
	// scripts/benchcharts -serve.
	mode := o.mode
	if o.away {
		mode += "-away"
	}
	if o.streams > 0 {
		mode += fmt.Sprintf("-streams%d", o.streams)
	}
	if o.pin {
		mode += "-pinned"
	}
	line := fmt.Sprintf("BenchmarkLoad/%s 1 %d objects %.3f ready-s", mode, info.Objects, ready.Seconds())
	if path == "" {
		fmt.Printf("idle server CPU: %.2f%% of a core\n", 100*cpu/el.Seconds())
		fmt.Printf("%s %.3f idle-%%\n", line, 100*cpu/el.Seconds())
		return nil
	}
	n := len(lat)
	p50, p99 := benchstore.Percentile(lat, 0.5), benchstore.Percentile(lat, 0.99)
	rate, perReq := float64(n)/el.Seconds(), 1e6*cpu/float64(max(n, 1))
	fmt.Printf("%d requests (%d failed): %.0f/s; p50 %s, p99 %s; server CPU %.0f µs per request (%.2f cores)\n",
		n, failed, rate, p50.Round(time.Microsecond), p99.Round(time.Microsecond), perReq, cpu/el.Seconds())
	fmt.Printf("%s %.0f req/s %.0f cpu-µs/req %d p50-µs %d p99-µs\n", line, rate, perReq, p50.Microseconds(), p99.Microseconds())
	// Where the CPU went: the server's own code and the Go runtime, or
	// the kernel (loopback TCP, and the threads put to sleep and woken
	// as requests come and go); and how often its threads were switched.
	perN := func(x float64) float64 { return x / float64(max(n, 1)) }
	fmt.Printf("server CPU per request: %.0f µs user, %.0f µs kernel; thread switches per request: %.2f voluntary, %.2f involuntary (GOMAXPROCS %s)\n",
		1e6*perN(user1-user0), 1e6*perN(sys1-sys0), perN(vol1-vol0), perN(invol1-invol0), serverProcs(o.serverProcs))
	// The load's own share of the cores the server may share with it.
	fmt.Printf("load generator CPU per request: %.0f µs (%s client)\n", 1e6*perN(self), o.client)
	// What the requests cost the collector: bytes and objects allocated
	// per request, and the cycles that ran (each marks the whole heap).
	fmt.Printf("server allocated %.1f KB in %.0f objects per request; %.0f collections during the run\n",
		(m1["go_memstats_alloc_bytes_total"]-m0["go_memstats_alloc_bytes_total"])/1e3/float64(max(n, 1)),
		(m1["go_memstats_mallocs_total"]-m0["go_memstats_mallocs_total"])/float64(max(n, 1)),
		m1["go_gc_duration_seconds_count"]-m0["go_gc_duration_seconds_count"])
	return nil
}

// serverProcs says what GOMAXPROCS the server was given.
func serverProcs(procs int) string {
	if procs > 0 {
		return strconv.Itoa(procs)
	}
	if env := os.Getenv("GOMAXPROCS"); env != "" {
		return env
	}
	return "the runtime's default"
}

// goMetrics reads the server's Go runtime counters from GET /metrics
// (nil if it cannot).
func goMetrics(base, token string) map[string]float64 {
	req, _ := http.NewRequest("GET", base+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if !ok || !strings.HasPrefix(name, "go_") {
			continue
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			out[name] = f
		}
	}
	return out
}
