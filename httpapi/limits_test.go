package httpapi_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/truce-center/truce/httpapi"
)

// limited serves f's center on a new loopback port with the limits l, as
// truce serve does, and returns its address.
func (f *fixture) limited(t *testing.T, l httpapi.Limits) string {
	t.Helper()
	api := httpapi.New(f.c, nil)
	hs := api.HTTPServer(l)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(api.Listener(ln, l))
	t.Cleanup(func() { hs.Close() })
	return ln.Addr().String()
}

// dialFrom opens a connection to addr from the loopback address from
// (127.0.0.2, 127.0.0.3, …: every 127/8 address is this host).
func dialFrom(from, addr string) (net.Conn, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 10 * time.Second}
	return d.Dial("tcp", addr)
}

// exchange sends a raw request on c and reads the answer, or the error
// that ended the connection.
func exchange(c net.Conn, req string, deadline time.Time) (*http.Response, []byte, error) {
	c.SetDeadline(deadline)
	if _, err := io.WriteString(c, req); err != nil {
		return nil, nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

func healthRequest() string { return "GET /v1/health HTTP/1.1\r\nHost: truce\r\n\r\n" }

// TestTokenBeforeBody: a request with a body and no valid token is
// refused as soon as its headers are in — the server neither waits for
// the body nor keeps the connection.
func TestTokenBeforeBody(t *testing.T) {
	f := newFixture(t)
	l := httpapi.DefaultLimits() // a body timeout of a minute: the answer must not wait for it
	addr := f.limited(t, l)
	deadline := time.Now().Add(10 * time.Second) // the test's own bound; the answer comes at once
	for _, auth := range []string{"", "Authorization: Bearer truce_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n"} {
		c, err := dialFrom("127.0.0.1", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		req := "POST /v1/parties HTTP/1.1\r\nHost: truce\r\nContent-Type: application/json\r\n" + auth +
			"Content-Length: 200000\r\n\r\n{"
		resp, body, err := exchange(c, req, deadline)
		if err != nil {
			t.Fatalf("no answer before the body was sent: %v", err)
		}
		if resp.StatusCode != 401 || resp.Header.Get("Content-Type") != "application/problem+json" || !resp.Close {
			t.Fatalf("%d %v close=%v: %s", resp.StatusCode, resp.Header, resp.Close, body)
		}
		if _, err := c.Read(make([]byte, 1)); err == nil {
			t.Fatal("the connection stayed open after the refusal")
		}
	}
}

// TestSlowBodyTimesOut: a body that does not arrive within the body
// timeout gets 408 and a closed connection, even with a valid token.
func TestSlowBodyTimesOut(t *testing.T) {
	f := newFixture(t)
	l := httpapi.DefaultLimits()
	l.BodyTimeout = 200 * time.Millisecond
	addr := f.limited(t, l)
	c, err := dialFrom("127.0.0.1", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	req := "POST /v1/parties HTTP/1.1\r\nHost: truce\r\nContent-Type: application/json\r\nAuthorization: Bearer " + f.coord +
		"\r\nContent-Length: 200\r\n\r\n{\"name\":"
	resp, body, err := exchange(c, req, time.Now().Add(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 408 || resp.Header.Get("Content-Type") != "application/problem+json" || !resp.Close {
		t.Fatalf("%d close=%v: %s", resp.StatusCode, resp.Close, body)
	}
}

// TestConnectionCaps: one address holds at most MaxConnsPerIP
// connections and everyone together MaxConns. At the total cap a new
// connection takes the place of the oldest idle one; when every
// connection is being served, the new one is closed at once; a place
// freed is taken again.
func TestConnectionCaps(t *testing.T) {
	f := newFixture(t)
	l := httpapi.DefaultLimits()
	l.MaxConns, l.MaxConnsPerIP = 4, 3
	addr := f.limited(t, l)
	deadline := time.Now().Add(20 * time.Second)
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	// idle returns a connection from "from" that the server answered once
	// and keeps alive, or nil if the server closed it instead.
	idle := func(from string) net.Conn {
		c, err := dialFrom(from, addr)
		if err != nil {
			t.Fatal(err)
		}
		if resp, _, err := exchange(c, healthRequest(), deadline); err != nil || resp.StatusCode != 200 {
			c.Close()
			return nil
		}
		held = append(held, c)
		return c
	}
	// busy returns a connection from "from" that is being served (an event
	// stream), or nil if the server closed it instead.
	busy := func(from string) net.Conn {
		c, err := dialFrom(from, addr)
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(deadline)
		io.WriteString(c, "GET /v1/events HTTP/1.1\r\nHost: truce\r\nAuthorization: Bearer "+f.coord+"\r\n\r\n")
		if resp, err := http.ReadResponse(bufio.NewReader(c), nil); err != nil || resp.StatusCode != 200 {
			c.Close()
			return nil
		}
		held = append(held, c)
		return c
	}
	for i := range 3 {
		if busy("127.0.0.2") == nil {
			t.Fatalf("connection %d of 127.0.0.2 refused under the cap", i+1)
		}
	}
	if idle("127.0.0.2") != nil {
		t.Fatal("a 4th connection from one address was served; the cap is 3")
	}
	old := idle("127.0.0.3")
	if old == nil {
		t.Fatal("the 4th connection in all was refused; the cap is 4")
	}
	// The server marks a connection idle just after it has written the
	// answer, so the client may read it first: a new client can be
	// refused until then (each try is a round trip, not a wait).
	for busy("127.0.0.4") == nil {
		if time.Now().After(deadline) {
			t.Fatal("a new connection at the total cap was refused while one was idle")
		}
	}
	if _, err := old.Read(make([]byte, 1)); err == nil {
		t.Fatal("the idle connection was not closed to make room")
	}
	if idle("127.0.0.5") != nil {
		t.Fatal("a connection beyond the total cap was served while every other was busy")
	}
	// Free one place: a new client gets it once the server has seen the
	// close (it may take a few tries, each a round trip).
	held[0].Close()
	for idle("127.0.0.5") == nil {
		if time.Now().After(deadline) {
			t.Fatal("the freed place was never given to a new client")
		}
	}
}

// raiseNoFile lifts this process's open-file limit to its hard limit and
// returns it.
func raiseNoFile(t *testing.T) uint64 {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
		syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	return lim.Cur
}

// TestSlowClientFlood opens 4,400 slow connections from twelve loopback
// addresses — idle ones, headers sent slowly, bodies announced
// and not sent, with and without a token — past both the per-address and
// the total cap, and checks that the health check and a coordinator's
// write, from another address, are still answered before a deadline of
// one second each, and that the server's memory stays bounded. It stops
// by itself: every connection is closed when the test ends.
func TestSlowClientFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("opens thousands of connections")
	}
	// Four addresses of 600 connections each, more than one address may
	// hold, and eight of 250; together more than the server holds.
	var plan []string // the source of each connection, in order
	for round := range 600 {
		for i := range 12 {
			if i < 4 || round < 250 {
				plan = append(plan, fmt.Sprintf("127.0.0.%d", i+2))
			}
		}
	}
	if lim := raiseNoFile(t); lim < uint64(2*len(plan)+1000) {
		t.Skipf("the open-file limit is %d", lim)
	}
	f := newFixture(t)
	addr := f.limited(t, httpapi.DefaultLimits()) // the caps and timeouts truce serve runs with

	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	slow := []string{
		"", // connects and says nothing
		"POST /v1/parties HTTP/1.1\r\nHost: truce\r\n",                                                                  // headers, slowly
		"POST /v1/parties HTTP/1.1\r\nHost: truce\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n{", // a body, no token
		"POST /v1/parties HTTP/1.1\r\nHost: truce\r\nContent-Type: application/json\r\nAuthorization: Bearer " + f.coord +
			"\r\nContent-Length: 200000\r\n\r\n{", // a body, slowly, with a token
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
		wg    sync.WaitGroup
		work  = make(chan int)
	)
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				c, err := dialFrom(plan[i], addr)
				if err != nil {
					continue // the backlog was full: a refusal too
				}
				c.Write([]byte(slow[i%len(slow)]))
				mu.Lock()
				conns = append(conns, c)
				mu.Unlock()
			}
		}()
	}
	for i := range plan {
		work <- i
	}
	close(work)
	wg.Wait()

	// During the flood: the health check and a write, each on a new
	// connection from an address of its own, answer within a second.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for i, rq := range []struct{ method, path, token, body string }{
		{"GET", "/v1/health", "", ""},
		{"POST", "/v1/parties", f.coord, `{"name":"Party during the flood","kind":"party"}`},
		{"GET", "/v1/health", "", ""},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		req, _ := http.NewRequestWithContext(ctx, rq.method, "http://"+addr+rq.path, strings.NewReader(rq.body))
		if rq.token != "" {
			req.Header.Set("Authorization", "Bearer "+rq.token)
			req.Header.Set("Content-Type", "application/json")
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			cancel()
			t.Fatalf("%s %s during a flood of %d connections: %v", rq.method, rq.path, len(conns), err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		cancel()
		if want := []int{200, 201, 200}[i]; resp.StatusCode != want {
			t.Fatalf("%s %s: %d, want %d", rq.method, rq.path, resp.StatusCode, want)
		}
		t.Logf("%s %s answered in %v during a flood of %d connections", rq.method, rq.path, time.Since(start).Round(time.Millisecond), len(conns))
	}

	var during runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&during)
	grown := int64(during.HeapInuse+during.StackInuse) - int64(before.HeapInuse+before.StackInuse)
	t.Logf("heap and stacks grew by %d MB with %d connections open", grown>>20, len(conns))
	if grown > 128<<20 {
		t.Fatalf("heap and stacks grew by %d MB during the flood", grown>>20)
	}
	req, _ := http.NewRequest("GET", "http://"+addr+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+f.coord)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	metrics := string(b)
	for _, cap := range []string{"per_ip", "evicted"} {
		if !strings.Contains(metrics, `truce_http_connections_refused_total{cap="`+cap+`"}`) {
			t.Errorf("no connection was refused by the %s cap: %s", cap, grepLines(metrics, "refused_total{"))
		}
	}
	t.Log(grepLines(metrics, "connections_refused_total{"))
}

func grepLines(s, sub string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return fmt.Sprint(out)
}
