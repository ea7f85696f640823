package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/httpapi"
)

type fixture struct {
	store engine.Store
	c     *center.Center
	srv   *httptest.Server
	coord string // coordinator token
	party string // token of a member of an ordinary party
	pid   string // that party's id
	cfg   core.Config
}

func newFixture(t testing.TB, clock ...truce.Clock) *fixture {
	return newFixtureOn(t, nil, clock...)
}

// newFixtureOn is newFixture on the SQLite store as wrap returns it (nil:
// as it is), for a store that fails on demand.
func newFixtureOn(t testing.TB, wrap func(engine.Store) engine.Store, clock ...truce.Clock) *fixture {
	t.Helper()
	return newFixtureWith(t, func(cfg *core.Config) {
		if wrap != nil {
			cfg.Store = wrap(cfg.Store)
		}
		if len(clock) > 0 {
			cfg.Clock = clock[0]
		}
	})
}

// newFixtureWith is newFixture with the center's configuration set by
// configure (a clock, settings).
func newFixtureWith(t testing.TB, configure func(*core.Config)) *fixture {
	t.Helper()
	o := centertest.Open(t, configure)
	srv := httptest.NewServer(httpapi.New(o.C, nil))
	t.Cleanup(srv.Close)
	f := &fixture{c: o.C, srv: srv, coord: o.Init.Token, store: o.Config.Store, cfg: o.Config}
	var p struct{ ID string }
	f.do(t, "POST", "/v1/parties", f.coord, `{"name":"Russian Federation","kind":"party"}`, 201, &p)
	f.pid = p.ID
	var m struct{ Token string }
	f.do(t, "POST", "/v1/parties/"+p.ID+"/members", f.coord, `{"name":"ops"}`, 201, &m)
	f.party = m.Token
	return f
}

// do sends a request and checks the status; it decodes a 2xx body into out.
func (f *fixture) do(t testing.TB, method, path, token, body string, want int, out any) []byte {
	t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

func TestBadRequests(t *testing.T) {
	f := newFixture(t)
	before := f.c.Size()
	big := `{"name":"` + strings.Repeat("x", 17<<20) + `","kind":"party"}` // beyond the 16 MiB limit
	cases := []struct {
		name        string
		method      string
		path        string
		token       string // "coord", "party", "", or a literal
		contentType string
		body        string
		status      int
		fields      []string // the fields errors[] must name, in order
	}{
		{"malformed json", "POST", "/v1/parties", "coord", "", `{"name": "A",`, 400, []string{"body"}},
		{"not an object", "POST", "/v1/parties", "coord", "", `[1,2]`, 400, []string{"body"}},
		{"empty body", "POST", "/v1/parties", "coord", "", ``, 400, []string{"body"}},
		{"trailing data", "POST", "/v1/parties", "coord", "", `{"name":"A","kind":"party"} {}`, 400, []string{"body"}},
		{"unknown field", "POST", "/v1/parties", "coord", "", `{"name":"A","kind":"party","flag":"x"}`, 400, []string{"flag"}},
		{"wrong type", "POST", "/v1/parties", "coord", "", `{"name":5,"kind":"party"}`, 400, []string{"name"}},
		{"every bad field", "POST", "/v1/parties", "coord", "", `{"name":5,"kind":true,"x":1}`, 400, []string{"kind", "name", "x"}},
		{"bad kind", "POST", "/v1/parties", "coord", "", `{"name":"A","kind":"army"}`, 400, []string{"kind"}},
		{"empty name and kind", "POST", "/v1/parties", "coord", "", `{}`, 400, []string{"name", "kind"}},
		{"control character", "POST", "/v1/parties", "coord", "", `{"name":"A\u0007","kind":"party"}`, 400, []string{"name"}},
		{"second coordinator", "POST", "/v1/parties", "coord", "", `{"name":"B","kind":"coordinator"}`, 400, []string{"kind"}},
		{"duplicate name", "POST", "/v1/parties", "coord", "", `{"name":"russian federation","kind":"party"}`, 409, []string{"name"}},
		{"wrong content type", "POST", "/v1/parties", "coord", "text/plain", `{"name":"A","kind":"party"}`, 415, []string{"Content-Type"}},
		{"no content type", "POST", "/v1/parties", "coord", "none", `{"name":"A","kind":"party"}`, 415, []string{"Content-Type"}},
		{"a type that only starts like json", "POST", "/v1/parties", "coord", "application/jsonp", `{"name":"A","kind":"party"}`, 415, []string{"Content-Type"}},
		{"json in another charset", "POST", "/v1/parties", "coord", "application/json; charset=latin1", `{"name":"A","kind":"party"}`, 415, []string{"Content-Type"}},
		{"no content type on an act", "POST", "/v1/parties/PID/members", "coord", "none", `{"name":"x"}`, 415, []string{"Content-Type"}},
		{"key in another case", "POST", "/v1/parties", "coord", "", `{"Name":"A","kind":"party"}`, 400, []string{"Name"}},
		{"keys in another case", "POST", "/v1/parties", "coord", "", `{"NAME":"A","Kind":"party"}`, 400, []string{"NAME", "Kind"}},
		{"nested key in another case", "POST", "/v1/notifications", "party", "", `{"kind":"strike","title":"t","volumes":[{"geometry":{"type":"Point","coordinates":[37,36]},"radius_m":500,"altitude":{"min_m":0,"MAX_M":10},"start":"2016-09-14T03:00:00Z","end":"2016-09-14T04:00:00Z"}]}`, 400, []string{"volumes[0].altitude.MAX_M"}},
		{"duplicate key", "POST", "/v1/parties", "coord", "", `{"name":"A","kind":"party","name":"B"}`, 400, []string{"name"}},
		{"duplicate key in geometry", "POST", "/v1/notifications", "party", "", `{"kind":"strike","title":"t","volumes":[{"geometry":{"type":"Point","type":"Polygon","coordinates":[37,36]},"radius_m":500,"altitude":{"min_m":0,"max_m":10},"start":"2016-09-14T03:00:00Z","end":"2016-09-14T04:00:00Z"}]}`, 400, []string{"volumes[0].geometry.type"}},
		{"invalid UTF-8", "POST", "/v1/parties", "coord", "", "{\"name\":\"A\xff\",\"kind\":\"party\"}", 400, []string{"name"}},
		{"invalid UTF-8 in a key", "POST", "/v1/parties", "coord", "", "{\"name\":\"A\",\"kind\":\"party\",\"\xc3\":1}", 400, []string{"\ufffd"}},
		{"lone high surrogate", "POST", "/v1/parties", "coord", "", `{"name":"A\ud800","kind":"party"}`, 400, []string{"name"}},
		{"lone low surrogate", "POST", "/v1/parties", "coord", "", `{"name":"A\udc00B","kind":"party"}`, 400, []string{"name"}},
		{"high surrogate then not a low one", "POST", "/v1/parties", "coord", "", `{"name":"\ud83d\u0041","kind":"party"}`, 400, []string{"name"}},
		{"bbox of NaN", "GET", "/v1/zones?bbox=NaN,NaN,NaN,NaN", "party", "", ``, 400, []string{"bbox"}},
		{"bbox of infinities", "GET", "/v1/sites?bbox=-Inf,-90,Inf,90", "party", "", ``, 400, []string{"bbox"}},
		{"bbox with junk after it", "GET", "/v1/zones?bbox=1,2,3,4junk", "party", "", ``, 400, []string{"bbox"}},
		{"bbox of three numbers", "GET", "/v1/notifications?bbox=1,2,3", "party", "", ``, 400, []string{"bbox"}},
		{"bbox of five numbers", "GET", "/v1/reports?bbox=1,2,3,4,5", "party", "", ``, 400, []string{"bbox"}},
		{"bbox given twice", "GET", "/v1/zones?bbox=1,2,3,4&bbox=5,6,7,8", "party", "", ``, 400, []string{"bbox"}},
		{"a query that does not parse", "GET", "/v1/zones?bbox=%zz", "party", "", ``, 400, []string{"query"}},
		{"a date for a time", "GET", "/v1/zones?at=2016-09-12", "party", "", ``, 400, []string{"at"}},
		{"a time with junk after it", "GET", "/v1/sites?at=2016-09-12T12:00:00Zjunk", "party", "", ``, 400, []string{"at"}},
		{"from that is not a time", "GET", "/v1/notifications?from=yesterday", "party", "", ``, 400, []string{"from"}},
		{"to that is not a time", "GET", "/v1/reports?to=1473681600", "party", "", ``, 400, []string{"to"}},
		{"wrong method on a collection", "DELETE", "/v1/parties", "coord", "", ``, 405, nil},
		{"wrong method on an object", "PUT", "/v1/zones/zon_1", "coord", "", `{}`, 405, nil},
		{"wrong method on the log", "POST", "/log/checkpoint", "", "", ``, 405, nil},
		{"wrong method on metrics", "POST", "/metrics", "", "", ``, 405, nil},
		{"unknown log path", "GET", "/log/nothing", "", "", ``, 404, nil},
		{"bad tile path", "GET", "/log/tile/9/zzz", "", "", ``, 404, nil},
		{"metrics without a token", "GET", "/metrics", "", "", ``, 401, nil},
		{"metrics for a party", "GET", "/metrics", "party", "", ``, 403, nil},
		{"oversize body", "POST", "/v1/parties", "coord", "", big, 413, nil},
		{"no token", "POST", "/v1/parties", "", "", `{"name":"A","kind":"party"}`, 401, nil},
		{"wrong token", "POST", "/v1/parties", "truce_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "", `{"name":"A","kind":"party"}`, 401, nil},
		{"not a bearer token", "GET", "/v1/me", "Basic", "", ``, 401, nil},
		{"wrong role: party registers a party", "POST", "/v1/parties", "party", "", `{"name":"A","kind":"party"}`, 403, nil},
		{"wrong role: party registers a member", "POST", "/v1/parties/PID/members", "party", "", `{"name":"x"}`, 403, nil},
		{"member of no party", "POST", "/v1/parties/pty_999/members", "coord", "", `{"name":"x"}`, 404, nil},
		{"member without name", "POST", "/v1/parties/PID/members", "coord", "", `{"name":"  "}`, 400, []string{"name"}},
		{"unknown endpoint", "GET", "/v1/nothing", "coord", "", ``, 404, nil},
		{"other party's members", "GET", "/v1/parties/pty_1/members", "party", "", ``, 403, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := strings.ReplaceAll(tc.path, "PID", f.pid)
			req, _ := http.NewRequest(tc.method, f.srv.URL+path, bytes.NewReader([]byte(tc.body)))
			switch tc.token {
			case "coord":
				req.Header.Set("Authorization", "Bearer "+f.coord)
			case "party":
				req.Header.Set("Authorization", "Bearer "+f.party)
			case "Basic":
				req.Header.Set("Authorization", "Basic dXNlcjpwYXNz")
			case "":
			default:
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			switch ct := tc.contentType; ct {
			case "none":
			case "":
				req.Header.Set("Content-Type", "application/json")
			default:
				req.Header.Set("Content-Type", ct)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tc.status {
				b, _ := io.ReadAll(resp.Body)
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, b)
			}
			if got := resp.Header.Get("Content-Type"); got != "application/problem+json" {
				t.Fatalf("Content-Type %q, want application/problem+json", got)
			}
			var p httpapi.Problem
			if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
				t.Fatal(err)
			}
			if p.Status != tc.status || p.Type == "" || p.Title == "" || p.Detail == "" {
				t.Fatalf("incomplete problem document: %+v", p)
			}
			var got []string
			for _, e := range p.Errors {
				got = append(got, e.Field)
				if e.Message == "" {
					t.Errorf("field %s has no message", e.Field)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Fatalf("errors name fields %v, want %v (%+v)", got, tc.fields, p.Errors)
			}
			if tc.status == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
			if allow := resp.Header.Get("Allow"); (tc.status == 405) != (allow != "") {
				t.Errorf("status %d with Allow %q", tc.status, allow)
			}
		})
	}
	if after := f.c.Size(); after != before {
		t.Fatalf("the log grew from %d to %d entries after refused requests", before, after)
	}
}

func TestMeAndParties(t *testing.T) {
	f := newFixture(t)
	var me httpapi.Me
	f.do(t, "GET", "/v1/me", f.party, "", 200, &me)
	if me.Party.ID != f.pid || me.Party.Kind != "party" || me.Member.Name != "ops" {
		t.Fatalf("me = %+v", me)
	}
	var parties []map[string]any
	f.do(t, "GET", "/v1/parties", f.party, "", 200, &parties)
	if len(parties) != 2 || parties[0]["kind"] != "coordinator" || parties[1]["name"] != "Russian Federation" {
		t.Fatalf("parties = %v", parties)
	}
	var created map[string]any
	f.do(t, "POST", "/v1/parties", f.coord, `{"name":"Syrian government forces","kind":"party"}`, 201, &created)
	for _, k := range []string{"id", "name", "kind", "log_index"} {
		if _, ok := created[k]; !ok {
			t.Errorf("POST /v1/parties answer lacks %q: %v", k, created)
		}
	}
	var mem map[string]any
	body := f.do(t, "POST", "/v1/parties/"+created["id"].(string)+"/members", f.coord, `{"name":"desk"}`, 201, &mem)
	for _, k := range []string{"id", "token", "log_index"} {
		if _, ok := mem[k]; !ok {
			t.Errorf("POST members answer lacks %q: %s", k, body)
		}
	}
	// The member list never shows tokens or their hashes.
	list := f.do(t, "GET", "/v1/parties/"+created["id"].(string)+"/members", f.coord, "", 200, nil)
	if bytes.Contains(list, []byte("token")) {
		t.Fatalf("member list shows a token field: %s", list)
	}
	// The new member's token works at once.
	f.do(t, "GET", "/v1/me", mem["token"].(string), "", 200, nil)
	// Health needs no token.
	f.do(t, "GET", "/v1/health", "", "", 200, nil)
}

func TestOpenAPICoversEveryRoute(t *testing.T) {
	f := newFixture(t)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	f.do(t, "GET", "/v1/openapi.json", "", "", 200, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q", doc.OpenAPI)
	}
	for _, want := range []string{"GET /v1/health", "GET /v1/me", "GET /v1/parties", "POST /v1/parties",
		"GET /v1/parties/{id}/members", "POST /v1/parties/{id}/members", "GET /log/checkpoint", "GET /log/tile/{path}"} {
		method, path, _ := strings.Cut(want, " ")
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("the OpenAPI document lacks %s", want)
		}
	}
	// And every documented operation answers something other than the
	// catch-all 404 for unknown endpoints.
	for path, ops := range doc.Paths {
		for method := range ops {
			p := strings.ReplaceAll(strings.ReplaceAll(path, "{id}", f.pid), "{path}", "0/000.p/1")
			req, _ := http.NewRequest(strings.ToUpper(method), f.srv.URL+p, strings.NewReader(`{}`))
			req.Header.Set("Authorization", "Bearer "+f.coord)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
				resp.Body.Close() // a live stream never ends; its headers say it is served
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if bytes.Contains(b, []byte("no such endpoint")) {
				t.Errorf("%s %s is documented but not served", method, path)
			}
		}
	}
}

// TestMethodNotAllowed: a known path asked with another method answers
// 405 with the methods it takes, as a problem document.
func TestMethodNotAllowed(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct{ method, path, allow string }{
		{"DELETE", "/v1/parties", "GET, HEAD, POST"},
		{"POST", "/v1/health", "GET, HEAD"},
		{"PUT", "/v1/zones/zon_1", "GET, HEAD, PATCH"},
		{"GET", "/v1/zones/zon_1/endorsements", "POST"},
		{"POST", "/log/checkpoint", "GET, HEAD"},
		{"DELETE", "/log/tile/0/000", "GET, HEAD"},
		{"PUT", "/metrics", "GET, HEAD"},
	} {
		code, hdr, body := f.req(t, tc.method, tc.path, f.coord, "", nil)
		if code != 405 || hdr.Get("Allow") != tc.allow || hdr.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s %s: %d, Allow %q, %s: %s", tc.method, tc.path, code, hdr.Get("Allow"), hdr.Get("Content-Type"), body)
		}
	}
}

// TestOversizeErrors: a body with thousands of bad fields gets a problem
// document of MaxProblemErrors items, the last counting the rest, and of
// a few kilobytes — not one item per bad field; a body of 200,000 empty
// volumes is refused by the decoder before it costs memory in proportion.
func TestOversizeErrors(t *testing.T) {
	f := newFixture(t)
	ct := map[string]string{"Content-Type": "application/json"}
	for _, tc := range []struct {
		name    string
		volumes int
		items   int    // errors[] items
		last    string // the last item's field
	}{
		{"999 empty volumes", 999, httpapi.MaxProblemErrors, "errors"},
		{"200,000 empty volumes", 200_000, 1, "volumes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"kind":"strike","title":"t","volumes":[{}` + strings.Repeat(`,{}`, tc.volumes-1) + `]}`
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			code, hdr, data := f.req(t, "POST", "/v1/notifications", f.party, body, ct)
			runtime.ReadMemStats(&after)
			if code != 400 || hdr.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%d %s", code, hdr.Get("Content-Type"))
			}
			if len(data) > 8<<10 {
				t.Fatalf("the problem document is %d bytes", len(data))
			}
			var p httpapi.Problem
			if err := json.Unmarshal(data, &p); err != nil {
				t.Fatal(err)
			}
			last := p.Errors[len(p.Errors)-1]
			if len(p.Errors) != tc.items || last.Field != tc.last {
				t.Fatalf("%d errors, the last %+v", len(p.Errors), last)
			}
			t.Logf("a %d-byte body: a %d-byte answer (%s); %d KB allocated in all while serving it",
				len(body), len(data), last.Message, (after.TotalAlloc-before.TotalAlloc)>>10)
		})
	}
}

// TestOversizeBodyClosesConnection: a body declared and sent past the
// limit is refused with 413 as soon as the limit is passed, and the
// server closes the connection rather than read the rest: a client
// cannot make it read a body of any size.
func TestOversizeBodyClosesConnection(t *testing.T) {
	f := newFixture(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(f.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Minute)) // a hung server fails the test, not the suite
	const limit = 16 << 20                        // the API's body limit (maxBody)
	declared := limit + 4<<20
	sent := limit + 2 // the rest is never sent
	go func() {
		fmt.Fprintf(conn, "POST /v1/parties HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", f.coord, declared)
		conn.Write(bytes.Repeat([]byte(" "), sent))
	}()
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !resp.Close {
		t.Fatalf("status %d, Connection: close %v; want 413 and the connection closed", resp.StatusCode, resp.Close)
	}
	if n, err := br.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("after the 413 the connection gave %d bytes, %v; want the server to close it", n, err)
	}
}
