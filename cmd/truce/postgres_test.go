package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/internal/pgtest"
	"github.com/truce-center/truce/postgres"
)

// TestPostgres runs truce on PostgreSQL: one throwaway cluster, a schema
// per subtest.
func TestPostgres(t *testing.T) {
	c := pgtest.Start(t)
	t.Run("InitServeReplay", func(t *testing.T) { testPGInitServe(t, c.Schema(t)) })
	t.Run("SeveralServersOneCenter", func(t *testing.T) { testPGSeveralServers(t, c.Schema(t)) })
	t.Run("IfMatchAcrossNodes", func(t *testing.T) { testPGIfMatch(t, c.Schema(t)) })
	t.Run("NodeKilled", func(t *testing.T) { testPGNodeKilled(t, c.Schema(t)) })
	t.Run("TamperEditedEntry", func(t *testing.T) { testPGTamper(t, c.Schema(t)) })
	t.Run("RevocationAcrossNodes", func(t *testing.T) { testPGRevocation(t, c.Schema(t)) }) // credentials_test.go
}

// initPG runs `truce init --store postgres` and returns the data
// directory holding the key.
func initPG(t *testing.T, dsn string) (string, members.InitResult) {
	t.Helper()
	dir := t.TempDir()
	code, out, errs := run(t, "init", "--store", "postgres", "--dsn", dsn, "--data", dir, "--json")
	if code != 0 {
		t.Fatalf("init --store postgres: %d %s", code, errs)
	}
	var res members.InitResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("init --json printed %q: %v", out, err)
	}
	return dir, res
}

// nodeDir gives a node a data directory of its own with a copy of the
// center's key, as on a machine of its own.
func nodeDir(t *testing.T, dir string) string {
	t.Helper()
	key, err := os.ReadFile(filepath.Join(dir, keyFileName))
	if err != nil {
		t.Fatal(err)
	}
	nd := t.TempDir()
	if err := os.WriteFile(filepath.Join(nd, keyFileName), key, 0o600); err != nil {
		t.Fatal(err)
	}
	return nd
}

func pgArgs(dsn, dir string) []string {
	return []string{"--store", "postgres", "--dsn", dsn, "--data", dir}
}

type partyRow struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	LogIndex uint64 `json:"log_index"`
}

func parties(t *testing.T, cl *httpapi.Client) []partyRow {
	t.Helper()
	var ps []partyRow
	if err := cl.Get(context.Background(), "/v1/parties", &ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

// waitParties waits (bounded) until the node serves n parties: nodes see
// each other's writes when the store's notification arrives.
func waitParties(t *testing.T, cl *httpapi.Client, n int) []partyRow {
	t.Helper()
	var ps []partyRow
	if !pgtest.WaitFor(20*time.Second, func() bool { ps = parties(t, cl); return len(ps) == n }) {
		t.Fatalf("%s serves %d parties, want %d", cl.Base, len(ps), n)
	}
	return ps
}

func replayPG(t *testing.T, dsn string) uint64 {
	t.Helper()
	ctx := context.Background()
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	diffs, n, err := center.Replay(ctx, s, nil)
	if err != nil || len(diffs) > 0 {
		t.Fatalf("replay: %v %v", err, diffs)
	}
	return n
}

func testPGInitServe(t *testing.T, dsn string) {
	dir, res := initPG(t, dsn)
	// A second init on the same database is refused, even with a new key.
	if code, _, errs := run(t, "init", "--store", "postgres", "--dsn", dsn, "--data", t.TempDir()); code == 0 || !strings.Contains(errs, "already holds a log") {
		t.Fatalf("second init: %d %q", code, errs)
	}
	if code, _, errs := run(t, "serve", "--store", "postgres", "--data", dir); code == 0 || !strings.Contains(errs, "--dsn") {
		t.Fatalf("serve without --dsn: %d %q", code, errs)
	}
	s := serve(t, pgArgs(dsn, dir)...)
	coord := client(t, s.url, res.Token)
	for i := range 5 {
		if err := coord.Post(context.Background(), "/v1/parties", map[string]string{"name": fmt.Sprintf("party %d", i), "kind": "party"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	trust := filepath.Join(t.TempDir(), "trust.json")
	if code, out, errs := verify(t, s.url, trust, res.Token); code != 0 || out != "verified 8 entries\n" {
		t.Fatalf("verify: %d %q %q", code, out, errs)
	}
	s.stop()
	if code, out, errs := run(t, append([]string{"log", "replay"}, pgArgs(dsn, dir)...)...); code != 0 || !strings.Contains(out, "replayed 8 entries") {
		t.Fatalf("log replay: %d %q %q", code, out, errs)
	}
	// A restarted server loads the projection and carries on.
	s = serve(t, pgArgs(dsn, dir)...)
	if ps := parties(t, client(t, s.url, res.Token)); len(ps) != 6 {
		t.Fatalf("%d parties after a restart, want 6", len(ps))
	}
	if code, out, errs := verify(t, s.url, trust, res.Token); code != 0 || out != "verified 8 entries\n" {
		t.Fatalf("verify after restart: %d %q %q", code, out, errs)
	}
}

// testPGSeveralServers runs three nodes on one database under concurrent
// writers spread over them, some racing for the same party names on
// different nodes.
func testPGSeveralServers(t *testing.T, dsn string) {
	dir, res := initPG(t, dsn)
	var nodes []*server
	var cls []*httpapi.Client
	for range 3 {
		s := serve(t, pgArgs(dsn, nodeDir(t, dir))...)
		nodes = append(nodes, s)
		cls = append(cls, client(t, s.url, res.Token))
	}
	ctx := context.Background()

	// A write on node 1 reaches node 3, which writes nothing itself: only
	// the store's notification can bring it — to its state and to an
	// event stream open on it.
	events := openEvents(t, nodes[2].url, res.Token)
	var first partyRow
	if err := cls[0].Post(ctx, "/v1/parties", map[string]string{"name": "United States", "kind": "party"}, &first); err != nil {
		t.Fatal(err)
	}
	if ev := events.next(t); ev.id != first.LogIndex || ev.typ == "" || !strings.Contains(ev.data, "United States") {
		t.Fatalf("node 3's stream gave %+v, want the registration at %d", ev, first.LogIndex)
	}
	ps := waitParties(t, cls[2], 2)
	if ps[0].Name != "United States" && ps[1].Name != "United States" {
		t.Fatalf("node 3 serves %v", ps)
	}

	const (
		uniqueWriters = 9  // three per node
		uniqueEach    = 15 // parties each
		contested     = 12 // names registered by every racer
		racers        = 6  // two per node
	)
	type outcome struct {
		name string
		idx  uint64
		err  error
	}
	results := make(chan outcome, uniqueWriters*uniqueEach+contested*racers)
	var wg sync.WaitGroup
	for w := range uniqueWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := cls[w%3]
			for i := range uniqueEach {
				name := fmt.Sprintf("w%d-%d", w, i)
				var p partyRow
				err := cl.Post(ctx, "/v1/parties", map[string]string{"name": name, "kind": "party"}, &p)
				results <- outcome{name, p.LogIndex, err}
			}
		}()
	}
	start := make(chan struct{})
	for r := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := cls[r%3]
			<-start
			for k := range contested {
				name := fmt.Sprintf("Contested %d", k)
				var p partyRow
				err := cl.Post(ctx, "/v1/parties", map[string]string{"name": name, "kind": "party"}, &p)
				results <- outcome{name, p.LogIndex, err}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(results)

	seen := map[uint64]string{first.LogIndex: first.Name}
	accepted := map[string]int{}
	refused := map[string]int{}
	for r := range results {
		if r.err != nil {
			var te *truce.Error
			if !errors.As(r.err, &te) || te.Code != truce.EConflict || !strings.Contains(te.Message, "409") {
				t.Fatalf("%s: %v", r.name, r.err)
			}
			refused[r.name]++
			continue
		}
		if prev, ok := seen[r.idx]; ok {
			t.Fatalf("log index %d given to %q and %q", r.idx, prev, r.name)
		}
		seen[r.idx] = r.name
		accepted[r.name]++
	}
	for k := range contested {
		name := fmt.Sprintf("Contested %d", k)
		if accepted[name] != 1 || refused[name] != racers-1 {
			t.Errorf("%q: accepted %d times, refused %d times; want once and %d", name, accepted[name], refused[name], racers-1)
		}
	}
	for name, n := range refused {
		if !strings.HasPrefix(name, "Contested") {
			t.Errorf("%q was refused %d times", name, n)
		}
	}
	wantParties := 2 + uniqueWriters*uniqueEach + contested
	// init writes three entries: the center, the coordinator party and its member.
	wantEntries := uint64(wantParties + 2)

	// Every node catches up, serves the same parties at the same indexes,
	// the same signed checkpoint, and a log that verifies against the
	// state it serves.
	var want []partyRow
	var ckpt []byte
	trust := filepath.Join(t.TempDir(), "trust.json")
	for i, cl := range cls {
		ps := waitParties(t, cl, wantParties)
		if i == 0 {
			want = ps
		} else if !samePartyRows(ps, want) {
			t.Fatalf("node %d serves other parties than node 1", i+1)
		}
		cp, err := cl.ReadCheckpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			ckpt = cp
		} else if !bytes.Equal(cp, ckpt) {
			t.Fatalf("node %d serves checkpoint\n%s\nnode 1 serves\n%s", i+1, cp, ckpt)
		}
		if code, out, errs := verify(t, nodes[i].url, trust, res.Token); code != 0 || out != fmt.Sprintf("verified %d entries\n", wantEntries) {
			t.Fatalf("verify node %d: %d %q %q", i+1, code, out, errs)
		}
	}
	if n := replayPG(t, dsn); n != wantEntries {
		t.Fatalf("replayed %d entries, want %d", n, wantEntries)
	}
	// Node 3's stream carried every entry written after the first, on
	// whichever node, in log order.
	for i := first.LogIndex + 1; i < wantEntries; i++ {
		if ev := events.next(t); ev.id != i {
			t.Fatalf("node 3's stream gave entry %d (%s), want %d", ev.id, ev.typ, i)
		}
	}
}

// testPGIfMatch races changes of one zone version through three nodes:
// optimistic concurrency holds across nodes, exactly one change is
// accepted and the others get 412.
func testPGIfMatch(t *testing.T, dsn string) {
	dir, res := initPG(t, dsn)
	var urls []string
	for range 3 {
		urls = append(urls, serve(t, pgArgs(dsn, nodeDir(t, dir))...).url)
	}
	zone := fmt.Sprintf(`{"name":"Castello Road pull-back belt","kind":"security-belt",
		"geometry":{"type":"Polygon","coordinates":[[[37.14,36.23],[37.18,36.23],[37.18,36.26],[37.14,36.26],[37.14,36.23]]]},
		"altitude":{"min_m":0,"max_m":15000},
		"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},
		"restricts":{"parties":[%q],"activities":["strike"]},
		"endorsers":[%q]}`, res.PartyID, res.PartyID)
	code, hdr, body := do(t, "POST", urls[0]+"/v1/zones", res.Token, zone, nil)
	if code != 201 {
		t.Fatalf("propose: %d %s", code, body)
	}
	var z struct {
		ID string `json:"id"`
	}
	json.Unmarshal(body, &z)
	etag := hdr.Get("ETag")
	const racers = 9
	codes := make(chan int, racers)
	var wg sync.WaitGroup
	for r := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _, _ := do(t, "PATCH", urls[r%3]+"/v1/zones/"+z.ID, res.Token, fmt.Sprintf(`{"name":"belt, change %d"}`, r), map[string]string{"If-Match": etag})
			codes <- code
		}()
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[200] != 1 || count[412] != racers-1 {
		t.Fatalf("racing changes of one version got %v; want one 200 and %d 412", count, racers-1)
	}
	// Every node shows the change and a state that is its log's. The
	// zone's window ended in 2016, so the clock's expiry of it lands on
	// some node at any moment, before, during or after each check: each
	// answer is compared with the replay at the log size it carries, so
	// the check holds wherever that entry falls.
	trust := filepath.Join(t.TempDir(), "trust.json")
	for i, u := range urls {
		var size uint64
		if !pgtest.WaitFor(20*time.Second, func() bool {
			var h httpapi.Health
			err := client(t, u, "").Get(context.Background(), "/v1/health", &h)
			size = h.LogSize
			return err == nil && size >= 5 // init's three, the proposal, one change (and the expiry)
		}) {
			t.Fatalf("node %d reflects %d entries, want 5 or more", i+1, size)
		}
		code, out, errs := verify(t, u, trust, res.Token)
		var n uint64
		if _, err := fmt.Sscanf(out, "verified %d entries\n", &n); code != 0 || err != nil || n < size || errs != "" {
			t.Fatalf("verify node %d: %d %q %q; want %d entries or more verified", i+1, code, out, errs, size)
		}
		t.Logf("node %d: %s", i+1, strings.TrimSpace(out))
	}
}

// testPGTamper edits a stored entry, as an insider with the database's
// owner role might: the database refuses a plain UPDATE, and once its
// trigger is disabled, log verify names the altered entry.
func testPGTamper(t *testing.T, dsn string) {
	dir, res := initPG(t, dsn)
	s := serve(t, pgArgs(dsn, dir)...)
	coord := client(t, s.url, res.Token)
	for i := range 6 {
		if err := coord.Post(context.Background(), "/v1/parties", map[string]string{"name": fmt.Sprintf("party %d", i), "kind": "party"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	trust := filepath.Join(t.TempDir(), "trust.json")
	if code, _, errs := verify(t, s.url, trust, res.Token); code != 0 {
		t.Fatalf("first verify: %s", errs)
	}
	ctx := context.Background()
	db, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	edit := `UPDATE entries SET data = convert_to(replace(convert_from(data, 'UTF8'), 'party 2', 'party X'), 'UTF8') WHERE idx = 5`
	if _, err := db.Exec(ctx, edit); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("editing an entry: %v; want the append-only refusal", err)
	}
	if _, err := db.Exec(ctx, `ALTER TABLE entries DISABLE TRIGGER entries_append_only`); err != nil {
		t.Fatal(err)
	}
	tag, err := db.Exec(ctx, edit)
	if err != nil || tag.RowsAffected() != 1 {
		t.Fatalf("editing entry 5 without the trigger: %v %v", tag, err)
	}
	code, _, errs := verify(t, s.url, trust, res.Token)
	if code == 0 || !strings.Contains(errs, "entry 5") || !strings.Contains(errs, "altered") {
		t.Fatalf("verify after editing entry 5: exit %d, %q", code, errs)
	}
}

// do sends one request with headers and returns the status, the headers
// and the body.
func do(t *testing.T, method, url, token, body string, hdr map[string]string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, nil, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// sse is an event stream read in a goroutine; next takes one event with
// a deadline.
type sse struct {
	events chan sseEvent
}

type sseEvent struct {
	id        uint64
	typ, data string
}

func openEvents(t *testing.T, url, token string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		cancel()
		t.Fatalf("GET /v1/events: %s", resp.Status)
	}
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	s := &sse{events: make(chan sseEvent, 1<<14)}
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			k, v, _ := strings.Cut(line, ": ")
			switch {
			case line == "":
				if ev.typ != "" {
					s.events <- ev
				}
				ev = sseEvent{}
			case k == "id":
				ev.id, _ = strconv.ParseUint(v, 10, 64)
			case k == "event":
				ev.typ = v
			case k == "data":
				ev.data = v
			}
		}
	}()
	return s
}

func (s *sse) next(t *testing.T) sseEvent {
	t.Helper()
	timer := time.NewTimer(20 * time.Second)
	defer timer.Stop()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("the event stream ended")
		}
		if ev.typ == "resume" {
			t.Fatalf("the event stream was cut: %s", ev.data)
		}
		return ev
	case <-timer.C:
		t.Fatal("no event within 20s")
	}
	return sseEvent{}
}

func samePartyRows(a, b []partyRow) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]partyRow{}
	for _, p := range a {
		m[p.ID] = p
	}
	for _, p := range b {
		if m[p.ID] != p {
			return false
		}
	}
	return true
}

// testPGNodeKilled SIGKILLs one of three child-process nodes while
// writers on every node are sending, three times (a different node each
// time), and checks that no acknowledged write is lost and the log has
// no gap.
func testPGNodeKilled(t *testing.T, dsn string) {
	dir, res := initPG(t, dsn)
	ctx := context.Background()
	cmds := make([]*exec.Cmd, 3)
	urls := make([]string, 3)
	dirs := make([]string, 3)
	for i := range 3 {
		dirs[i] = nodeDir(t, dir)
		cmds[i], urls[i] = startChild(t, pgArgs(dsn, dirs[i])...)
	}
	t.Cleanup(func() {
		for _, c := range cmds {
			c.Process.Kill()
			c.Wait()
		}
	})
	acked := map[string]uint64{}
	trust := filepath.Join(t.TempDir(), "trust.json")
	for round := range 3 {
		victim := (round + 1) % 3
		type ack struct {
			name string
			idx  uint64
		}
		acks := make(chan ack, 4096)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cl := client(t, urls[w%3], res.Token)
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					name := fmt.Sprintf("r%d-w%d-%d", round, w, i)
					var p partyRow
					if err := cl.Post(ctx, "/v1/parties", map[string]string{"name": name, "kind": "party"}, &p); err != nil {
						if w%3 == victim {
							return // its node is gone
						}
						t.Errorf("writer on node %d: %v", w%3+1, err)
						return
					}
					acks <- ack{name, p.LogIndex}
				}
			}()
		}
		// Kill the victim mid-write, then let the survivors go on.
		take := func(n int) {
			timeout := time.NewTimer(30 * time.Second)
			defer timeout.Stop()
			for range n {
				select {
				case a := <-acks:
					acked[a.name] = a.idx
				case <-timeout.C:
					close(stop)
					t.Fatalf("round %d: the writers stalled", round)
				}
			}
		}
		take(40 + 13*round)
		cmds[victim].Process.Signal(syscall.SIGKILL)
		cmds[victim].Wait()
		take(30)
		close(stop)
		wg.Wait()
		close(acks)
		for a := range acks {
			acked[a.name] = a.idx
		}
		if t.Failed() {
			t.FailNow()
		}
		// The store has no gap and replays to its projection.
		n := replayPG(t, dsn)
		// The victim restarts, and every node serves every acknowledged
		// write at its index, the same checkpoint, and a log that verifies.
		cmds[victim], urls[victim] = startChild(t, pgArgs(dsn, dirs[victim])...)
		for i := range 3 {
			cl := client(t, urls[i], res.Token)
			var ps []partyRow
			if !pgtest.WaitFor(20*time.Second, func() bool { ps = parties(t, cl); return uint64(len(ps)) == n-2 }) {
				t.Fatalf("round %d: node %d serves %d parties, the log has %d entries", round, i+1, len(ps), n)
			}
			have := map[string]uint64{}
			for _, p := range ps {
				have[p.Name] = p.LogIndex
			}
			for name, idx := range acked {
				if got, ok := have[name]; !ok || got != idx {
					t.Fatalf("round %d: node %d lost acknowledged write %q at %d (has %d, %v)", round, i+1, name, idx, got, ok)
				}
			}
			if code, out, errs := verify(t, urls[i], trust, res.Token); code != 0 || out != fmt.Sprintf("verified %d entries\n", n) {
				t.Fatalf("round %d: verify node %d: %d %q %q", round, i+1, code, out, errs)
			}
		}
	}
	t.Logf("%d acknowledged writes survived 3 SIGKILLs of a node", len(acked))
}
