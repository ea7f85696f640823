package httpapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/hotline"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpapi"
)

// world is a center with a coordinator (UN) and three parties (US, RU,
// SY), each with one member, served over HTTP on loopback.
type world struct {
	*fixture
	clock *centertest.Clock
	store engine.Store
	tok   map[string]string // party name → member token
	pid   map[string]string // party name → party id
}

type worldOpts struct {
	settings core.Settings
	// sndbuf, if set, fixes the server's socket send buffer (so a client
	// that stops reading blocks the server quickly).
	sndbuf int
}

func newWorld(t *testing.T, o worldOpts) *world {
	t.Helper()
	clock := centertest.NewClock(centertest.Start)
	op := centertest.Open(t, func(cfg *core.Config) { cfg.Clock, cfg.Settings = clock, o.settings })
	c, res, store := op.C, op.Init, op.Config.Store
	srv := httptest.NewUnstartedServer(httpapi.New(c, nil))
	if o.sndbuf > 0 {
		srv.Listener = &sndbufListener{Listener: srv.Listener, size: o.sndbuf}
	}
	srv.Start()
	// Streams end before the server closes: Close waits for them.
	t.Cleanup(srv.Close)
	t.Cleanup(c.CloseEvents)
	w := &world{fixture: &fixture{c: c, srv: srv, coord: res.Token}, clock: clock, store: store,
		tok: map[string]string{"UN": res.Token}, pid: map[string]string{"UN": res.PartyID}}
	for _, name := range []string{"US", "RU", "SY"} {
		var p struct{ ID string }
		w.do(t, "POST", "/v1/parties", w.coord, fmt.Sprintf(`{"name":%q,"kind":"party"}`, name), 201, &p)
		var m struct{ Token string }
		w.do(t, "POST", "/v1/parties/"+p.ID+"/members", w.coord, `{"name":"ops"}`, 201, &m)
		w.pid[name], w.tok[name] = p.ID, m.Token
	}
	return w
}

type sndbufListener struct {
	net.Listener
	size int
}

func (l *sndbufListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(l.size)
	}
	return c, err
}

// send posts a message and returns it.
func (w *world) send(t *testing.T, from string, to []string, priority, subject, body string) truce.Message {
	t.Helper()
	ids := make([]string, len(to))
	for i, name := range to {
		ids[i] = name // e.g. "coordinator"
		if id, ok := w.pid[name]; ok {
			ids[i] = id
		}
	}
	in, _ := json.Marshal(hotline.MessageInput{To: ids, Priority: priority, Subject: subject, Body: body})
	var m truce.Message
	w.do(t, "POST", "/v1/messages", w.tok[from], string(in), 201, &m)
	return m
}

// sseEvent is one message of an event stream.
type sseEvent struct {
	ID      string
	Event   string
	Data    string
	Comment string
}

func (e sseEvent) index(t *testing.T) uint64 {
	n, err := strconv.ParseUint(e.ID, 10, 64)
	if err != nil {
		t.Fatalf("event id %q: %v", e.ID, err)
	}
	return n
}

// stream reads an event stream in a goroutine; the test takes events
// with a deadline, never sleeping.
type stream struct {
	cancel context.CancelFunc
	resp   *http.Response
	events chan sseEvent
	ended  chan struct{} // closed at EOF or error
	mu     sync.Mutex
	raw    bytes.Buffer  // every byte received
	paused chan struct{} // if not nil, reading waits until it is closed
}

type streamOpts struct {
	lastID string // Last-Event-ID header
	query  string // e.g. "?last_event_id=3"
	rcvbuf int    // the client's socket receive buffer
	paused bool   // do not read until resume is called
}

func (w *world) stream(t *testing.T, party string, o streamOpts) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", w.srv.URL+"/v1/events"+o.query, nil)
	req.Header.Set("Authorization", "Bearer "+w.tok[party])
	req.Header.Set("Accept", "text/event-stream")
	if o.lastID != "" {
		req.Header.Set("Last-Event-ID", o.lastID)
	}
	dialer := &net.Dialer{}
	if o.rcvbuf > 0 {
		dialer.Control = func(_, _ string, rc syscall.RawConn) error {
			var serr error
			rc.Control(func(fd uintptr) {
				serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, o.rcvbuf)
			})
			return serr
		}
	}
	client := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext, ReadBufferSize: 1024}}
	resp, err := client.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		cancel()
		t.Fatalf("GET /v1/events: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	s := &stream{cancel: cancel, resp: resp, events: make(chan sseEvent, 1<<16), ended: make(chan struct{})}
	if o.paused {
		s.paused = make(chan struct{})
	}
	t.Cleanup(s.close)
	go s.read()
	return s
}

func (s *stream) resume() { close(s.paused) }

func (s *stream) close() {
	s.cancel()
	s.resp.Body.Close()
}

func (s *stream) read() {
	defer close(s.ended)
	if s.paused != nil {
		<-s.paused
	}
	r := bufio.NewReaderSize(teeFunc{s}, 1024)
	var ev sseEvent
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimSuffix(line, "\n")
		switch {
		case line == "":
			if ev != (sseEvent{}) {
				s.events <- ev
			}
			ev = sseEvent{}
		case strings.HasPrefix(line, ":"):
			ev.Comment = strings.TrimSpace(line[1:])
		default:
			k, v, _ := strings.Cut(line, ":")
			v = strings.TrimPrefix(v, " ")
			switch k {
			case "id":
				ev.ID = v
			case "event":
				ev.Event = v
			case "data":
				ev.Data = v
			}
		}
	}
}

// teeFunc reads the response body and keeps a copy of every byte.
type teeFunc struct{ s *stream }

func (t teeFunc) Read(p []byte) (int, error) {
	n, err := t.s.resp.Body.Read(p)
	t.s.mu.Lock()
	t.s.raw.Write(p[:n])
	t.s.mu.Unlock()
	return n, err
}

func (s *stream) rawBytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.raw.Bytes())
}

// next returns the next event (heartbeats and the retry field skipped
// unless keep says otherwise), failing the test after a deadline.
func (s *stream) next(t *testing.T) sseEvent {
	t.Helper()
	for {
		select {
		case ev := <-s.events:
			if ev.Event == "" && ev.Data == "" {
				continue // retry: or a heartbeat
			}
			return ev
		case <-s.ended:
			select {
			case ev := <-s.events:
				if ev.Event == "" && ev.Data == "" {
					continue
				}
				return ev
			default:
			}
			t.Fatalf("the event stream ended")
		case <-time.After(20 * time.Second):
			t.Fatalf("no event within 20s")
		}
	}
}

// until reads events up to and including the one with log index last;
// it fails if an event comes out of order or twice.
func (s *stream) until(t *testing.T, last uint64) []sseEvent {
	t.Helper()
	var out []sseEvent
	prev := int64(-1)
	for {
		ev := s.next(t)
		if ev.Event == "resume" {
			t.Fatalf("the stream ended with %s before reaching %d", ev.Data, last)
		}
		i := ev.index(t)
		if int64(i) <= prev {
			t.Fatalf("event %d after %d", i, prev)
		}
		prev = int64(i)
		out = append(out, ev)
		if i >= last {
			return out
		}
	}
}

func ids(t *testing.T, evs []sseEvent) []uint64 {
	out := make([]uint64, len(evs))
	for i, e := range evs {
		out[i] = e.index(t)
	}
	return out
}

// registerParty registers a party (an event everyone sees) and returns
// its log index.
func (w *world) registerParty(t *testing.T, name string) uint64 {
	t.Helper()
	var p struct {
		LogIndex uint64 `json:"log_index"`
	}
	w.do(t, "POST", "/v1/parties", w.coord, fmt.Sprintf(`{"name":%q,"kind":"observer"}`, name), 201, &p)
	return p.LogIndex
}

func TestEventsFilterPartiesAndMembers(t *testing.T) {
	w := newWorld(t, worldOpts{})
	un := w.stream(t, "UN", streamOpts{})
	sy := w.stream(t, "SY", streamOpts{})
	var p struct {
		ID       string
		LogIndex uint64 `json:"log_index"`
	}
	w.do(t, "POST", "/v1/parties", w.coord, `{"name":"Turkey","kind":"party"}`, 201, &p)
	var m members.MemberCreated
	w.do(t, "POST", "/v1/parties/"+p.ID+"/members", w.coord, `{"name":"desk"}`, 201, &m)
	last := w.registerParty(t, "Observers")

	got := un.until(t, last)
	if want := []uint64{p.LogIndex, m.LogIndex, last}; !slices.Equal(ids(t, got), want) {
		t.Fatalf("coordinator got events %v, want %v", ids(t, got), want)
	}
	if got[1].Event != "member.register" || strings.Contains(got[1].Data, "token") {
		t.Fatalf("member event: %+v", got[1])
	}
	// Another party sees the parties but not Turkey's member.
	got = sy.until(t, last)
	if want := []uint64{p.LogIndex, last}; !slices.Equal(ids(t, got), want) {
		t.Fatalf("SY got events %v, want %v", ids(t, got), want)
	}
	for _, s := range []*stream{un, sy} {
		if raw := s.rawBytes(); bytes.Contains(raw, []byte("token")) || bytes.Contains(raw, []byte(m.Token)) {
			t.Fatalf("an event stream carried a token: %s", raw)
		}
	}
}

func TestEventsHeartbeat(t *testing.T) {
	w := newWorld(t, worldOpts{settings: core.Settings{Heartbeat: 10 * time.Millisecond}})
	s := w.stream(t, "SY", streamOpts{})
	want := fmt.Sprint(w.c.Size() - 1)
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev := <-s.events:
			if ev.Comment == "heartbeat" {
				if ev.ID != want || ev.Event != "" || ev.Data != "" {
					t.Fatalf("heartbeat %+v, want id %s and no event", ev, want)
				}
				return
			}
		case <-deadline:
			t.Fatal("no heartbeat within 20s")
		}
	}
}

// TestEventsResume drops a connection while writes go on, and resumes it
// with Last-Event-ID: every event the caller may see arrives once, in
// order, with no gap.
func TestEventsResume(t *testing.T) {
	w := newWorld(t, worldOpts{})
	start := w.c.Size() - 1
	// Writes go on, concurrently, for the whole test: a party, and a
	// message between US and RU that SY may not see.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var written []uint64 // what SY may see, in the order acknowledged
	var all []uint64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			idx := w.registerParty(t, fmt.Sprintf("observer %d", i))
			m := w.send(t, "US", []string{"RU"}, "routine", "s", "b")
			mu.Lock()
			written = append(written, idx)
			all = append(all, idx, m.LogIndex)
			mu.Unlock()
		}
	}()
	waitWritten := func(n int) uint64 {
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			if len(written) >= n {
				last := written[n-1]
				mu.Unlock()
				return last
			}
			mu.Unlock()
			time.Sleep(time.Millisecond) // polling a condition, with a deadline
		}
		t.Fatalf("fewer than %d writes in 20s", n)
		return 0
	}
	var got, gotUN []uint64
	// SY: the first connection starts from the beginning with the query
	// parameter (as a browser's first connection would).
	sy := w.stream(t, "SY", streamOpts{query: fmt.Sprintf("?last_event_id=%d", start)})
	un := w.stream(t, "UN", streamOpts{lastID: fmt.Sprint(start)})
	for round := 1; round <= 4; round++ {
		target := waitWritten(10 * round)
		evs := sy.until(t, target)
		got = append(got, ids(t, evs)...)
		gotUN = append(gotUN, ids(t, un.until(t, w.c.Size()-1))...)
		// Drop both connections; writes go on; reconnect from the last id
		// received.
		sy.close()
		un.close()
		sy = w.stream(t, "SY", streamOpts{lastID: fmt.Sprint(got[len(got)-1])})
		un = w.stream(t, "UN", streamOpts{lastID: fmt.Sprint(gotUN[len(gotUN)-1])})
	}
	close(stop)
	wg.Wait()
	// A last write both may see, so that both streams have one to wait for.
	final := w.registerParty(t, "final")
	mu.Lock()
	written = append(written, final)
	all = append(all, final)
	last := written[len(written)-1]
	lastAll := slices.Max(all)
	mu.Unlock()
	got = append(got, ids(t, sy.until(t, last))...)
	gotUN = append(gotUN, ids(t, un.until(t, lastAll))...)
	if !slices.Equal(got, written) {
		t.Fatalf("SY received %v\nwant %v", got, written)
	}
	slices.Sort(all)
	if !slices.Equal(gotUN, all) {
		t.Fatalf("the coordinator received %v\nwant %v", gotUN, all)
	}
}

// TestEventsSlowClient: a client that stops reading is disconnected,
// with the position to resume from, while another keeps up; resuming
// from that position loses nothing.
func TestEventsSlowClient(t *testing.T) {
	w := newWorld(t, worldOpts{settings: core.Settings{EventBuffer: 128}, sndbuf: 4096})
	fast := w.stream(t, "UN", streamOpts{})
	slow := w.stream(t, "RU", streamOpts{paused: true, rcvbuf: 4096})
	deadline := time.Now().Add(20 * time.Second)
	for w.c.Subscribers() != 2 {
		if time.Now().After(deadline) {
			t.Fatal("the two streams did not subscribe")
		}
		time.Sleep(time.Millisecond)
	}
	body := strings.Repeat("convoy status ", 300) // ~4 KiB per event
	const n = 300
	var sent []uint64
	for i := range n {
		m := w.send(t, "US", []string{"RU"}, "routine", fmt.Sprintf("update %d", i), body)
		sent = append(sent, m.LogIndex)
	}
	// The fast client got everything, in order.
	if got := ids(t, fast.until(t, sent[n-1])); !slices.Equal(got, sent) {
		t.Fatalf("the fast client got %d events, want %d", len(got), n)
	}
	// The slow one was dropped while it was not reading.
	if w.c.Subscribers() != 1 {
		t.Fatalf("%d subscribers, want the fast one only", w.c.Subscribers())
	}
	// When it reads again, it gets a prefix, in order, then the position
	// to resume from, then the end of the stream.
	slow.resume()
	var got []uint64
	var resume sseEvent
	for {
		ev := slow.next(t)
		if ev.Event == "resume" {
			resume = ev
			break
		}
		got = append(got, ev.index(t))
	}
	select {
	case <-slow.ended:
	case <-time.After(20 * time.Second):
		t.Fatal("the slow stream did not end after its resume event")
	}
	if len(got) >= n || !slices.Equal(got, sent[:len(got)]) {
		t.Fatalf("the slow client got %d events before being dropped (want a prefix of %d)", len(got), n)
	}
	var r struct {
		ResumeAfter uint64 `json:"resume_after"`
	}
	if err := json.Unmarshal([]byte(resume.Data), &r); err != nil || fmt.Sprint(r.ResumeAfter) != resume.ID {
		t.Fatalf("resume event %+v", resume)
	}
	if len(got) > 0 && r.ResumeAfter < got[len(got)-1] || r.ResumeAfter >= sent[n-1] {
		t.Fatalf("resume after %d, having received up to %v", r.ResumeAfter, got)
	}
	// Resuming from there gives the rest: no gap, no duplicate.
	again := w.stream(t, "RU", streamOpts{lastID: resume.ID})
	got = append(got, ids(t, again.until(t, sent[n-1]))...)
	if !slices.Equal(got, sent) {
		t.Fatalf("after resuming, the slow client has %d events, want %d in order", len(got), n)
	}
}

func TestEventsBadLastEventID(t *testing.T) {
	w := newWorld(t, worldOpts{})
	for _, id := range []string{"x", "-1", "999999"} {
		req, _ := http.NewRequest("GET", w.srv.URL+"/v1/events", nil)
		req.Header.Set("Authorization", "Bearer "+w.coord)
		req.Header.Set("Last-Event-ID", id)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 || resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("Last-Event-ID %q: %s %s", id, resp.Status, resp.Header.Get("Content-Type"))
		}
	}
	// No token, no stream.
	resp, err := http.Get(w.srv.URL + "/v1/events")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("no token: %s", resp.Status)
	}
}

// TestEventsMatchReads: over random traffic, each party's stream carries
// exactly the messages and acknowledgements its reads show — no more, no
// less, with the same content.
func TestEventsMatchReads(t *testing.T) {
	w := newWorld(t, worldOpts{})
	parties := []string{"UN", "US", "RU", "SY"}
	streams := map[string]*stream{}
	for _, p := range parties {
		streams[p] = w.stream(t, p, streamOpts{})
	}
	rng := rand.New(rand.NewPCG(6, 2016))
	type sentMsg struct {
		id    string
		to    []string
		acked map[string]bool
	}
	var msgs []*sentMsg
	for i := range 60 {
		if len(msgs) > 0 && rng.IntN(3) == 0 {
			m := msgs[rng.IntN(len(msgs))]
			for _, p := range m.to {
				if !m.acked[p] {
					m.acked[p] = true
					w.do(t, "POST", "/v1/messages/"+m.id+"/acknowledgements", w.tok[p], `{}`, 201, nil)
					break
				}
			}
			continue
		}
		from := parties[rng.IntN(len(parties))]
		var to []string
		for _, p := range parties {
			if p != from && rng.IntN(2) == 0 {
				to = append(to, p)
			}
		}
		if len(to) == 0 {
			continue
		}
		prio := truce.Priorities[rng.IntN(3)]
		m := w.send(t, from, to, prio, fmt.Sprintf("subject %d", i), fmt.Sprintf("body %d from %s", i, from))
		msgs = append(msgs, &sentMsg{id: m.ID, to: to, acked: map[string]bool{}})
	}
	marker := w.registerParty(t, "Observers")
	for _, p := range parties {
		var list []truce.Message
		w.do(t, "GET", "/v1/messages", w.tok[p], "", 200, &list)
		wantSends := map[uint64]truce.Message{}
		wantAcks := map[uint64]bool{}
		for _, m := range list {
			wantSends[m.LogIndex] = m
			for _, a := range m.Acknowledgements {
				wantAcks[a.LogIndex] = true
			}
		}
		sends, acks := 0, 0
		for _, ev := range streams[p].until(t, marker) {
			switch ev.Event {
			case "message.send":
				var e struct{ Data truce.Message }
				json.Unmarshal([]byte(ev.Data), &e)
				m, ok := wantSends[ev.index(t)]
				if !ok || e.Data.Body != m.Body || e.Data.Subject != m.Subject || e.Data.ID != m.ID {
					t.Fatalf("%s's stream carried message %d (%q), its reads show %+v", p, ev.index(t), e.Data.Body, m.MessageEnvelope)
				}
				sends++
			case "message.acknowledge":
				if !wantAcks[ev.index(t)] {
					t.Fatalf("%s's stream carried acknowledgement %d, which its reads do not show", p, ev.index(t))
				}
				acks++
			}
		}
		if sends != len(wantSends) || acks != len(wantAcks) {
			t.Fatalf("%s's stream carried %d messages and %d acknowledgements; its reads show %d and %d", p, sends, acks, len(wantSends), len(wantAcks))
		}
	}
}
