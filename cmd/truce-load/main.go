// Command truce-load is the load test of the live event stream (issue 6):
// it starts `truce serve` on loopback on a fresh data directory, opens
// many event streams (one member each, spread over parties), sends
// hotline messages at a fixed rate for a fixed time, and checks that
// every client received every event it may see, in order, once. It
// prints the delivery latency (from the entry's time to its arrival at
// the client) and the server's peak resident memory, then stops by
// itself. It is not run by `make test`:
//
//	go build -o bin/truce ./cmd/truce && go run ./cmd/truce-load --truce bin/truce
//
// The server runs as a child process so that its memory is measured
// apart from the clients'.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/internal/benchstore"
)

func main() {
	var o options
	flag.StringVar(&o.truce, "truce", "bin/truce", "the truce binary to serve with")
	flag.IntVar(&o.clients, "clients", 500, "concurrent event-stream clients")
	flag.IntVar(&o.parties, "parties", 10, "parties the clients are spread over (and the coordinator)")
	flag.IntVar(&o.rate, "rate", 200, "writes (hotline messages) per second")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "how long to write")
	flag.IntVar(&o.bodySize, "body", 300, "bytes of each message body")
	flag.StringVar(&o.mode, "mode", "events", "events (the event-stream load test), or against a store of --objects objects: idle, write, deconflict")
	flag.IntVar(&o.objects, "objects", 0, "idle, write, deconflict: objects in the store (built once under $TMPDIR)")
	flag.IntVar(&o.writers, "writers", 8, "write, deconflict: concurrent clients")
	flag.BoolVar(&o.away, "away", false, "write: strikes moved to where the store holds nothing (benchstore.RequestsAway), so that each meets nothing")
	flag.IntVar(&o.streams, "streams", 0, "idle, write, deconflict: event streams kept open meanwhile, one per seat of the store in turn (the coordinator, then the parties)")
	o.client = benchstore.Plain
	flag.Func("client", "write, deconflict: the load's HTTP client: plain (the default: one connection per client, each request written whole and its answer read on the same goroutine, as wrk does) or net/http (Go's own client, as runs before 2026-12-05 used)", func(v string) (err error) {
		o.client, err = benchstore.ParseClient(v)
		return err
	})
	flag.IntVar(&o.serverProcs, "server-procs", 0, "the server's GOMAXPROCS (0: as the environment says); truce-load's own is set by GOMAXPROCS in its environment")
	flag.BoolVar(&o.pin, "pin", false, "idle, write, deconflict: the server on the last CPU this process may use, the load generator on the others (Linux), so that they do not take turns on the same cores")
	flag.Parse()
	runMode := run
	if o.mode != "events" {
		runMode = runServer
	}
	if err := runMode(o); err != nil {
		fmt.Fprintln(os.Stderr, "truce-load:", err)
		os.Exit(1)
	}
}

type options struct {
	truce            string
	clients, parties int
	rate, bodySize   int
	duration         time.Duration
	mode             string
	objects, writers int
	away             bool
	streams          int
	serverProcs      int
	pin              bool
	client           benchstore.Client
}

type member struct {
	party string
	token string
	coord bool
}

type sent struct {
	index uint64
	from  string
	to    []string
}

func run(o options) error {
	dir, err := os.MkdirTemp("", "truce-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	out, err := exec.Command(o.truce, "init", "--data", dir, "--json").Output()
	if err != nil {
		return fmt.Errorf("truce init: %w", err)
	}
	var ini struct {
		PartyID string `json:"party_id"`
		Token   string `json:"token"`
	}
	if err := json.Unmarshal(out, &ini); err != nil {
		return err
	}
	srv, base, hc, _, err := startServer(o.truce, dir, o.serverProcs, false)
	if err != nil {
		return err
	}
	defer func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	}()
	api := func(method, path, token string, in, outv any) error {
		b, _ := json.Marshal(in)
		req, _ := http.NewRequest(method, base+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("%s %s: %s %s", method, path, resp.Status, data)
		}
		if outv != nil {
			return json.Unmarshal(data, outv)
		}
		return nil
	}

	// Parties and one member per client: client i belongs to party
	// i mod (parties+1), the last being the coordinator.
	fmt.Fprintf(os.Stderr, "registering %d parties and %d members\n", o.parties, o.clients)
	parties := make([]string, o.parties)
	for i := range parties {
		var p struct{ ID string }
		if err := api("POST", "/v1/parties", ini.Token, map[string]string{"name": fmt.Sprint("party ", i), "kind": "party"}, &p); err != nil {
			return err
		}
		parties[i] = p.ID
	}
	members := make([]member, o.clients)
	senders := map[string]string{} // party → a member token
	for i := range members {
		g := i % (o.parties + 1)
		if g == o.parties {
			members[i] = member{party: ini.PartyID, coord: true}
			var m struct{ Token string }
			if err := api("POST", "/v1/parties/"+ini.PartyID+"/members", ini.Token, map[string]string{"name": fmt.Sprint("c", i)}, &m); err != nil {
				return err
			}
			members[i].token = m.Token
			continue
		}
		var m struct{ Token string }
		if err := api("POST", "/v1/parties/"+parties[g]+"/members", ini.Token, map[string]string{"name": fmt.Sprint("m", i)}, &m); err != nil {
			return err
		}
		members[i] = member{party: parties[g], token: m.Token}
		senders[parties[g]] = m.Token
	}
	// Each sending member enrols a key and signs its writes (RFC 9421),
	// as every member's client should.
	signers := map[string]*httpapi.Client{}
	for party, token := range senders {
		cl, err := httpapi.NewClient(base, token)
		if err != nil {
			return err
		}
		cl.HTTP = hc
		_, key, _ := ed25519.GenerateKey(nil)
		cl.SignWith(key)
		if _, err := cl.Enrol(context.Background()); err != nil {
			return fmt.Errorf("enrolling a key: %w", err)
		}
		signers[party] = cl
	}
	var health struct {
		LogSize uint64 `json:"log_size"`
	}
	if err := api("GET", "/v1/health", "", nil, &health); err != nil {
		return err
	}
	start := health.LogSize - 1 // every client starts after this entry

	// The streams.
	fmt.Fprintf(os.Stderr, "opening %d event streams after entry %d\n", o.clients, start)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clients := make([]*client, o.clients)
	var wg sync.WaitGroup
	for i := range clients {
		c := &client{m: members[i]}
		clients[i] = c
		if err := c.open(ctx, hc, base, start); err != nil {
			return fmt.Errorf("client %d: %w", i, err)
		}
		wg.Add(1)
		go func() { defer wg.Done(); c.read() }()
	}

	// The writes: rate per second for duration, from a pool of workers.
	fmt.Fprintf(os.Stderr, "writing %d messages/s for %s\n", o.rate, o.duration)
	body := strings.Repeat("x", o.bodySize)
	jobs := make(chan struct{}, o.rate)
	var mu sync.Mutex
	var writes []sent
	var wlat []time.Duration // POST round trips
	var failed, skipped atomic.Int64
	var wwg sync.WaitGroup
	for range 64 {
		wwg.Add(1)
		go func() {
			defer wwg.Done()
			for range jobs {
				from := parties[rand.IntN(len(parties))]
				to := []string{}
				for len(to) < 1+rand.IntN(2) {
					p := parties[rand.IntN(len(parties))]
					if p != from && !slices.Contains(to, p) {
						to = append(to, p)
					}
				}
				var m struct {
					LogIndex uint64 `json:"log_index"`
				}
				t0 := time.Now()
				err := signers[from].Post(ctx, "/v1/messages", map[string]any{"to": to, "priority": "routine", "subject": "load", "body": body}, &m)
				took := time.Since(t0)
				if err != nil {
					failed.Add(1)
					fmt.Fprintln(os.Stderr, err)
					continue
				}
				mu.Lock()
				writes = append(writes, sent{index: m.LogIndex, from: from, to: to})
				wlat = append(wlat, took)
				mu.Unlock()
			}
		}()
	}
	loadBefore := loadAvg()
	peak := &peakMem{pid: srv.Process.Pid}
	stopSampling := peak.sample()
	// Paced by the clock, not by ticks (a starved ticker drops ticks):
	// every millisecond, release the writes due by then.
	tick := time.NewTicker(time.Millisecond)
	began := time.Now()
	released := 0
	for time.Since(began) < o.duration {
		<-tick.C
		due := int(time.Since(began).Seconds() * float64(o.rate))
		for ; released < due; released++ {
			select {
			case jobs <- struct{}{}:
			default:
				skipped.Add(1) // the writers are behind: count it, do not queue without bound
			}
		}
	}
	tick.Stop()
	close(jobs)
	wwg.Wait()
	elapsed := time.Since(began)

	// Every client must receive what it may see: wait for the last.
	slices.SortFunc(writes, func(a, b sent) int { return int(a.index) - int(b.index) })
	want := func(c *client) []uint64 {
		var out []uint64
		for _, w := range writes {
			if c.m.coord || w.from == c.m.party || slices.Contains(w.to, c.m.party) {
				out = append(out, w.index)
			}
		}
		return out
	}
	deadline := time.Now().Add(60 * time.Second)
	for _, c := range clients {
		w := want(c)
		for len(w) > 0 && c.last() < w[len(w)-1] && time.Now().Before(deadline) && !c.isDone() {
			time.Sleep(10 * time.Millisecond)
		}
	}
	stopSampling()
	rss := peak.max()
	hwm := vmHWM(srv.Process.Pid)
	cpu := cpuSeconds(srv.Process.Pid)
	cancel()
	wg.Wait()

	// Check and measure.
	var lat []time.Duration
	bad, total := 0, 0
	for i, c := range clients {
		w := want(c)
		total += len(w)
		if !slices.Equal(c.ids, w) {
			bad++
			if bad <= 5 {
				fmt.Fprintf(os.Stderr, "client %d (%s) received %d events, want %d (first %v… want %v…); stream error: %v\n",
					i, c.m.party, len(c.ids), len(w), head(c.ids), head(w), c.err)
			}
		}
		lat = append(lat, c.lat...)
	}
	slices.Sort(lat)
	slices.Sort(wlat)
	quant := func(lat []time.Duration, p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))].Round(10 * time.Microsecond)
	}
	q := func(p float64) time.Duration { return quant(lat, p) }
	over := func(d time.Duration) int {
		i, _ := slices.BinarySearch(lat, d)
		return len(lat) - i
	}
	fmt.Printf("machine: %d CPUs (%s), %s/%s, %s; load average before %s, after %s\n", runtime.NumCPU(), cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.Version(), loadBefore, loadAvg())
	fmt.Printf("clients: %d event streams over %d parties and the coordinator\n", o.clients, o.parties)
	fmt.Printf("writes: %d hotline messages in %s (%.1f/s; %d failed, %d ticks skipped because the writers were behind)\n",
		len(writes), elapsed.Round(time.Millisecond), float64(len(writes))/elapsed.Seconds(), failed.Load(), skipped.Load())
	fmt.Printf("deliveries: %d expected, %d received; clients with a gap, duplicate or disorder: %d\n", total, len(lat), bad)
	fmt.Printf("delivery latency (entry time to client): p50 %s, p90 %s, p99 %s, p99.9 %s, max %s; %d deliveries over 1 s\n", q(0.50), q(0.90), q(0.99), q(0.999), q(1), over(time.Second))
	fmt.Printf("write latency (POST round trip, committed): p50 %s, p99 %s, max %s\n", quant(wlat, 0.5), quant(wlat, 0.99), quant(wlat, 1))
	fmt.Printf("load generator (the %d readers and the writers): CPU %.1f s\n", o.clients, cpuSeconds(os.Getpid()))
	fmt.Printf("server: peak RSS %.1f MiB (VmHWM; sampled peak %.1f MiB), CPU %.1f s\n", float64(hwm)/1024, float64(rss)/1024, cpu)
	if bad > 0 || failed.Load() > 0 {
		return errors.New("some clients did not receive every event they may see, once and in order")
	}
	return nil
}

// idAndTime reads an event's id and time.
func idAndTime(data string) (uint64, time.Time, error) {
	rest, ok := strings.CutPrefix(data, `{"id":`)
	n := strings.IndexByte(rest, ',')
	if !ok || n < 0 {
		return 0, time.Time{}, fmt.Errorf("event data %.60q", data)
	}
	id, err := strconv.ParseUint(rest[:n], 10, 64)
	if err != nil {
		return 0, time.Time{}, err
	}
	i := strings.Index(rest, `"time":"`)
	if i < 0 {
		return 0, time.Time{}, fmt.Errorf("event data %.60q has no time", data)
	}
	rest = rest[i+8:]
	j := strings.IndexByte(rest, '"')
	t, err := time.Parse(time.RFC3339Nano, rest[:j])
	return id, t, err
}

func head(x []uint64) []uint64 { return x[:min(len(x), 5)] }

// client is one event stream.
type client struct {
	m    member
	resp *http.Response
	mu   sync.Mutex
	ids  []uint64
	lat  []time.Duration
	err  error
	done atomic.Bool
}

func (c *client) open(ctx context.Context, hc *http.Client, base string, after uint64) error {
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+c.m.token)
	req.Header.Set("Last-Event-ID", strconv.FormatUint(after, 10))
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	if resp.StatusCode != 200 {
		resp.Body.Close()
		return fmt.Errorf("GET /v1/events: %s", resp.Status)
	}
	c.resp = resp
	return nil
}

func (c *client) read() {
	defer c.done.Store(true)
	defer c.resp.Body.Close()
	r := bufio.NewReaderSize(c.resp.Body, 32<<10)
	var event, data string
	for {
		line, err := r.ReadSlice('\n')
		if err != nil {
			c.mu.Lock()
			c.err = err
			c.mu.Unlock()
			return
		}
		switch {
		case len(line) == 1:
			if event == "message.send" {
				now := time.Now()
				// {"id":N,"type":"…","time":"…",…}: read the two fields
				// without decoding the whole event (500 clients on two
				// cores: the generator must not starve the server).
				id, t, err := idAndTime(data)
				c.mu.Lock()
				if err != nil {
					c.err = err
				} else {
					c.ids = append(c.ids, id)
					c.lat = append(c.lat, now.Sub(t))
				}
				c.mu.Unlock()
			} else if event == "resume" {
				c.mu.Lock()
				c.err = fmt.Errorf("dropped by the server: %s", data)
				c.mu.Unlock()
				return
			}
			event, data = "", ""
		case bytes.HasPrefix(line, []byte("event: ")):
			event = strings.TrimSpace(string(line[7:]))
		case bytes.HasPrefix(line, []byte("data: ")):
			data = strings.TrimSpace(string(line[6:]))
		}
	}
}

func (c *client) last() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ids) == 0 {
		return 0
	}
	return c.ids[len(c.ids)-1]
}

func (c *client) isDone() bool { return c.done.Load() }

// startServer runs `truce serve` on dir on a free loopback port (so that
// it can log at warn level only), with extra flags and, when procs > 0,
// GOMAXPROCS=procs, and waits until it answers.
// startServer starts `truce serve` on dir and waits until it answers;
// with pin, on a CPU of its own (startPinned), and it returns what to
// print of that.
func startServer(truce, dir string, procs int, pin bool, extra ...string) (*exec.Cmd, string, *http.Client, string, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", nil, "", err
	}
	srv := exec.Command(truce, append([]string{"serve", "--data", dir, "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--log-level", "warn"}, extra...)...)
	srv.Stderr = os.Stderr
	if procs > 0 {
		srv.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(procs))
	}
	pinned := ""
	if pin {
		pinned, err = startPinned(srv)
	} else {
		err = srv.Start()
	}
	if err != nil {
		return nil, "", nil, "", err
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}}
	if err := waitHealthy(hc, base); err != nil {
		srv.Process.Kill()
		srv.Wait()
		return nil, "", nil, "", err
	}
	return srv, base, hc, pinned, nil
}

func waitHealthy(hc *http.Client, base string) error {
	deadline := time.Now().Add(10 * time.Minute) // a large store takes a while to load
	for time.Now().Before(deadline) {
		resp, err := hc.Get(base + "/v1/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return errors.New("the server did not answer /v1/health within 10 minutes")
}

func freePort() (int, error) {
	// Ask the kernel for a free port by listening on port 0.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	_, p, _ := strings.Cut(l.Addr().String(), "127.0.0.1:")
	return strconv.Atoi(p)
}

// peakMem samples a process's resident memory.
type peakMem struct {
	pid  int
	mu   sync.Mutex
	peak int64 // KiB
}

func (p *peakMem) sample() (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if v := procStatus(p.pid, "VmRSS:"); v > 0 {
					p.mu.Lock()
					p.peak = max(p.peak, v)
					p.mu.Unlock()
				}
			}
		}
	}()
	return func() { close(done) }
}

func (p *peakMem) max() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

func vmHWM(pid int) int64 { return procStatus(pid, "VmHWM:") }

// procStatus reads a KiB field of /proc/PID/status.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	return 0
}

// cpuSeconds is the user and system CPU time of a process.
func cpuSeconds(pid int) float64 {
	u, s := cpuSplit(pid)
	return u + s
}

// cpuSplit is the CPU time of process pid in seconds: in user space and
// in the kernel.
func cpuSplit(pid int) (user, system float64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return ut / 100, st / 100 // USER_HZ
}

// switches sums the context switches of every thread of process pid:
// those it made by waiting (voluntary) and those the kernel made by
// taking the CPU from it (involuntary).
func switches(pid int) (voluntary, involuntary float64) {
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/status", pid, t.Name()))
		if err != nil {
			continue // the thread has ended
		}
		for line := range strings.Lines(string(b)) {
			name, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			n, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			switch name {
			case "voluntary_ctxt_switches":
				voluntary += n
			case "nonvoluntary_ctxt_switches":
				involuntary += n
			}
		}
	}
	return voluntary, involuntary
}

// loadAvg is the 1-minute load average (other work on the machine).
func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return "unknown CPU"
}
