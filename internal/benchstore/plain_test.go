package benchstore

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// The plain client sends each request as Go's client would have it
// read (method, path, token, type, body), reads answers of every shape
// the server may give (with a length, in chunks, refused, closing the
// connection), and counts as Drive does: a round trip for each answer
// that succeeded, a failure for each other.
func TestDrivePlain(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{} // body → times received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil || r.Method != "POST" || r.URL.Path != "/v1/deconflict" ||
			r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Authorization") != "Bearer tok-"+string(body) {
			http.Error(w, fmt.Sprintf("bad request %s %s %q %v", r.Method, r.URL, body, r.Header), http.StatusTeapot)
			return
		}
		mu.Lock()
		seen[string(body)]++
		mu.Unlock()
		switch string(body) {
		case "refused":
			http.Error(w, "no such thing", http.StatusBadRequest)
		case "chunked":
			// Over net/http's 2 KiB buffer with no length: sent in chunks.
			w.Write(bytes.Repeat([]byte("x"), 10000))
		case "close":
			w.Header().Set("Connection", "close")
			w.Write([]byte(`{"conflicts":[]}`))
		default:
			w.Header().Set("Content-Length", "16")
			w.Write([]byte(`{"conflicts":[]}`))
		}
	}))
	defer srv.Close()
	bodies := []string{"a", "chunked", "b", "refused", "close", "c"}
	var reqs []Request
	for _, b := range bodies {
		reqs = append(reqs, Request{Token: "tok-" + b, Body: []byte(b)})
	}
	const n = 60 // ten rounds of the six
	var out strings.Builder
	lat, failed := Drive(Plain, srv.URL, "/v1/deconflict", reqs, 3, func(i int64) bool { return i <= n }, &out)
	if failed != 10 || len(lat) != n-10 {
		t.Fatalf("%d round trips and %d failures, want %d and 10; printed:\n%s", len(lat), failed, n-10, out.String())
	}
	if !strings.Contains(out.String(), "400 no such thing") {
		t.Errorf("a refusal printed as %q, want its status and message", out.String())
	}
	for _, b := range bodies {
		if seen[b] != 10 {
			t.Errorf("%q received %d times, want 10 (all: %v)", b, seen[b], seen)
		}
	}
	for i := 1; i < len(lat); i++ {
		if lat[i] < lat[i-1] {
			t.Fatal("round trips not sorted")
		}
	}
}

// A server that cannot be reached is a failure for each request, not a
// hang or a panic.
func TestDrivePlainNoServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	var out strings.Builder
	lat, failed := Drive(Plain, url, "/v1/deconflict", []Request{{Token: "t", Body: []byte("{}")}}, 2, func(i int64) bool { return i <= 4 }, &out)
	if len(lat) != 0 || failed != 4 || !strings.Contains(out.String(), "connect") {
		t.Fatalf("%d round trips, %d failures, printed %q; want 0, 4 and the dial's error", len(lat), failed, out.String())
	}
}

func TestParseClient(t *testing.T) {
	for _, c := range []Client{Plain, NetHTTP} {
		if got, err := ParseClient(c.String()); err != nil || got != c {
			t.Errorf("ParseClient(%q) = %v, %v", c.String(), got, err)
		}
	}
	if _, err := ParseClient("wrk"); err == nil || !strings.Contains(err.Error(), "wrk") {
		t.Errorf("ParseClient(wrk): %v, want an error naming it", err)
	}
}
