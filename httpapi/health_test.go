package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/httpapi"
)

// fullDisk is a real SQLite store whose write transactions fail, while
// full is set, as they do when the disk is full. (A full disk cannot be
// made here without mounting a file system; the error is the one the
// operating system gives.)
type fullDisk struct {
	engine.Store
	full atomic.Bool
}

func (s *fullDisk) Begin(ctx context.Context) (engine.Tx, error) {
	if s.full.Load() {
		return nil, fmt.Errorf("writing /srv/truce/truce.db-wal: %w", syscall.ENOSPC)
	}
	return s.Store.Begin(ctx)
}

// TestHealthDegraded: while writes fail, /v1/health says "degraded" and
// why, without the store's own error text; after a write commits again
// it says "ok".
func TestHealthDegraded(t *testing.T) {
	store := &fullDisk{}
	f := newFixtureOn(t, func(s engine.Store) engine.Store { store.Store = s; return store })
	var h httpapi.Health
	f.do(t, "GET", "/v1/health", "", "", 200, &h)
	if h.Status != "ok" || len(h.Reasons) != 0 {
		t.Fatalf("before: %+v", h)
	}
	store.full.Store(true)
	h = httpapi.Health{}
	f.do(t, "POST", "/v1/parties", f.coord, `{"name":"A","kind":"party"}`, 503, nil)
	body := f.do(t, "GET", "/v1/health", "", "", 200, &h)
	if h.Status != "degraded" || len(h.Reasons) != 1 || !strings.Contains(h.Reasons[0], "disk is full") || !strings.Contains(h.Reasons[0], "503") {
		t.Fatalf("while the disk is full: %s", body)
	}
	if strings.Contains(string(body), "/srv/truce") || strings.Contains(string(body), "no space left") {
		t.Fatalf("health shows the store's own error: %s", body)
	}
	store.full.Store(false)
	f.do(t, "POST", "/v1/parties", f.coord, `{"name":"A","kind":"party"}`, 201, nil)
	h = httpapi.Health{}
	f.do(t, "GET", "/v1/health", "", "", 200, &h)
	if h.Status != "ok" || len(h.Reasons) != 0 {
		t.Fatalf("after a write committed again: %+v", h)
	}
}

// TestMetricsForTheCoordinator: /metrics answers the coordinator's token
// (401 without one and 403 for a party are in TestBadRequests).
func TestMetricsForTheCoordinator(t *testing.T) {
	f := newFixture(t)
	body := f.do(t, "GET", "/metrics", f.coord, "", 200, nil)
	if !strings.Contains(string(body), "truce_http_requests_total") || !strings.Contains(string(body), "truce_log_entries") {
		t.Fatalf("metrics: %.300s", body)
	}
}

// TestMetricsCountEachAnswer: the requests counter counts each route's
// answers by status, the commonest (200) as the others, and the latency
// each request once.
func TestMetricsCountEachAnswer(t *testing.T) {
	f := newFixture(t)
	series := []string{
		`truce_http_requests_total{route="GET /v1/health",status="200"}`,
		`truce_http_requests_total{route="POST /v1/parties",status="400"}`,
		`truce_http_requests_total{route="POST /v1/parties",status="201"}`,
		`truce_http_request_seconds_count{route="GET /v1/health"}`,
		`truce_http_request_seconds_count{route="POST /v1/parties"}`,
	}
	values := func() []int {
		body := string(f.do(t, "GET", "/metrics", f.coord, "", 200, nil))
		var out []int
		for _, name := range series {
			v := 0 // a series not yet made
			for _, line := range strings.Split(body, "\n") {
				if rest, ok := strings.CutPrefix(line, name+" "); ok {
					if _, err := fmt.Sscan(rest, &v); err != nil {
						t.Fatalf("%s: %v", line, err)
					}
				}
			}
			out = append(out, v)
		}
		if strings.Contains(body, `route="POST /v1/parties",status="200"`) {
			t.Error("a series for answers never given")
		}
		return out
	}
	before := values()
	for range 3 {
		f.do(t, "GET", "/v1/health", "", "", 200, nil)
	}
	for range 2 {
		f.do(t, "POST", "/v1/parties", f.coord, `{"name":"","kind":"party"}`, 400, nil)
	}
	f.do(t, "POST", "/v1/parties", f.coord, `{"name":"A","kind":"party"}`, 201, nil)
	after := values()
	for i, want := range []int{3, 2, 1, 3, 3} {
		if got := after[i] - before[i]; got != want {
			t.Errorf("%s grew by %d, want %d", series[i], got, want)
		}
	}
}

// TestRequestLine: every answer carries its own request id, and the log
// line of the request names the same id, its status and, once the token
// is accepted, the member and party who asked; a refused token's line
// names no one. A request with a body (read through the server's
// watched body) is logged as one without.
func TestRequestLine(t *testing.T) {
	o := centertest.Open(t, nil)
	var logs centertest.LockedBuffer
	srv := httptest.NewServer(httpapi.New(o.C, slog.New(slog.NewJSONHandler(&logs, nil))))
	t.Cleanup(srv.Close)
	f := &fixture{c: o.C, srv: srv}
	type want struct {
		status        int
		member, party string
	}
	wants := map[string]want{}
	for _, r := range []struct {
		method, path, token, body string
		want                      want
	}{
		{"GET", "/v1/parties", o.Init.Token, "", want{200, o.Init.MemberID, o.Init.PartyID}},
		{"GET", "/v1/parties", "", "", want{401, "", ""}},
		{"GET", "/v1/parties", "trc_forged", "", want{401, "", ""}},
		{"POST", "/v1/parties", o.Init.Token, `{"name":"Observer mission","kind":"observer"}`, want{201, o.Init.MemberID, o.Init.PartyID}},
		{"POST", "/v1/parties", o.Init.Token, `{"name":""}`, want{400, o.Init.MemberID, o.Init.PartyID}},
	} {
		code, hdr, _ := f.req(t, r.method, r.path, r.token, r.body, nil)
		id := hdr.Get("X-Request-Id")
		if code != r.want.status || len(id) != 16 || strings.Trim(id, "0123456789abcdef") != "" {
			t.Fatalf("%s %s: %d with request id %q", r.method, r.path, code, id)
		}
		if _, seen := wants[id]; seen {
			t.Fatalf("request id %s given twice", id)
		}
		wants[id] = r.want
	}
	got := map[string]want{}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var l struct {
			Msg           string
			ID            string `json:"request_id"`
			Status        int
			Member, Party string
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if l.Msg == "request" {
			got[l.ID] = want{l.Status, l.Member, l.Party}
		}
	}
	if !maps.Equal(got, wants) {
		t.Errorf("the request lines say %v; the answers %v", got, wants)
	}
}
