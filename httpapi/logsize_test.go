package httpapi_test

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/httpapi"
)

// answer is what one GET showed: its status, body and log size header.
type answer struct {
	code int
	body string
	size string
}

// views reads, as role, every path `truce log verify` compares.
func (w *disWorld) views(t *testing.T) map[string]map[string]answer {
	t.Helper()
	parties := slices.Sorted(maps.Values(w.ids))
	out := map[string]map[string]answer{}
	for role := range w.tokens {
		out[role] = map[string]answer{}
		for _, path := range center.ViewPaths(parties, nil) {
			code, hdr, b := w.req(t, "GET", path, w.tokens[role], "", nil)
			out[role][path] = answer{code, string(b), hdr.Get(httpapi.HeaderLogSize)}
		}
	}
	return out
}

// publicSize is the log size as anyone without a token reads it: the
// signed checkpoint's, and /v1/health's, which must agree.
func (w *disWorld) publicSize(t *testing.T) string {
	t.Helper()
	code, cp := w.get(t, "", "/log/checkpoint")
	lines := strings.Split(string(cp), "\n")
	if code != 200 || len(lines) < 2 {
		t.Fatalf("/log/checkpoint: %d %q", code, cp)
	}
	var h httpapi.Health
	w.do(t, "GET", "/v1/health", "", "", 200, &h)
	if strconv.FormatUint(h.LogSize, 10) != lines[1] {
		t.Fatalf("/v1/health says %d entries, the checkpoint %s", h.LogSize, lines[1])
	}
	return lines[1]
}

// TestLogSizeRevealsNoMore: the log size on an answer (Truce-Log-Size)
// tells a party nothing the public checkpoint does not. Every answer
// `truce log verify` reads carries it, for every role, refusals
// included; on a still center it is the checkpoint's size whoever asks
// and whatever the path, so it is a function of the public log and of
// nothing the caller may or may not see. When one party adds a hidden
// zone, another party's answers change in their size alone, exactly as
// the checkpoint does, and in nothing else; a hidden zone's 404 and an
// unknown id's 404 carry the same headers, and neither a size, nor does
// an answer built from several reads.
func TestLogSizeRevealsNoMore(t *testing.T) {
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorld(t, clock)
	w.populate(t)
	// settled reads every role's views when nothing is written: the first
	// reads of another party's precise objects record access (the
	// coordinator's of every owner's), the second find them recorded.
	settled := func() (map[string]map[string]answer, string) {
		w.views(t)
		views, size := w.views(t), w.publicSize(t)
		for role, answers := range views {
			for path, a := range answers {
				if a.size != size {
					t.Errorf("%s reads %s (%d) with log size %q; the checkpoint says %s", role, path, a.code, a.size, size)
				}
			}
		}
		return views, size
	}
	before, size := settled()

	var z struct{ ID string }
	w.do(t, "POST", "/v1/zones", w.tokens["A"], ntkZone("Hidden depot", fmt.Sprintf("[%q]", w.ids["A"]), fmt.Sprintf("[%q]", w.ids["A"]), "hidden"), 201, &z)
	after, grown := settled()
	if grown == size {
		t.Fatal("the hidden zone wrote no entry")
	}
	for _, role := range []string{"B", "H", "H2", "O"} { // neither the owner nor the coordinator
		for path, a := range after[role] {
			b := before[role][path]
			if a.size != grown || a.code != b.code || a.body != b.body {
				t.Errorf("%s's %s changed beyond the checkpoint's size (%s to %s) when a hidden zone was added:\n before: %d %q %s\n after:  %d %q %s",
					role, path, size, grown, b.code, b.size, b.body, a.code, a.size, a.body)
			}
		}
	}
	for _, role := range []string{"A", "coord"} {
		if !strings.Contains(after[role]["/v1/zones"].body, z.ID) {
			t.Errorf("%s does not see the hidden zone it is entitled to", role)
		}
	}

	// A single read of the hidden zone and of an id that names nothing:
	// the same status and the same headers, neither with a log size.
	headers := func(path string) (int, []string) {
		code, hdr, _ := w.req(t, "GET", path, w.tokens["B"], "", nil)
		keys := slices.Sorted(maps.Keys(hdr))
		return code, slices.DeleteFunc(keys, func(k string) bool { return k == "X-Request-Id" || k == "Date" || k == "Content-Length" })
	}
	// An answer made of several reads (an export) reflects no one state
	// exactly and carries no size either.
	if _, hdr, _ := w.req(t, "GET", "/v1/export/map.kml", w.tokens["B"], "", nil); hdr.Get(httpapi.HeaderLogSize) != "" {
		t.Errorf("the KML export carries a log size: %q", hdr.Get(httpapi.HeaderLogSize))
	}
	hc, hidden := headers("/v1/zones/" + z.ID)
	uc, unknown := headers("/v1/zones/zon_999999")
	if hc != http.StatusNotFound || uc != hc || !slices.Equal(hidden, unknown) || slices.Contains(hidden, httpapi.HeaderLogSize) {
		t.Errorf("a hidden zone reads %d %v, an unknown id %d %v", hc, hidden, uc, unknown)
	}
}

// TestLogSizeIsTheAnswers: the log size an answer carries is that of the
// state it was read from, even while the log grows under it. The
// coordinator registers parties, one entry each, while a member reads
// the list again and again: every answer holds exactly the parties the
// log's first Truce-Log-Size entries register, no fewer and no more.
func TestLogSizeIsTheAnswers(t *testing.T) {
	f := newFixture(t)
	base := f.c.Size()
	var start []struct{}
	f.do(t, "GET", "/v1/parties", f.party, "", 200, &start)
	const writes = 100
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range writes {
			req, _ := http.NewRequest("POST", f.srv.URL+"/v1/parties", strings.NewReader(fmt.Sprintf(`{"name":"party %d","kind":"observer"}`, i)))
			req.Header.Set("Authorization", "Bearer "+f.coord)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil || resp.StatusCode != http.StatusCreated {
				t.Errorf("registering party %d: %v %v", i, err, resp)
				return
			}
			resp.Body.Close()
		}
	}()
	type party struct {
		LogIndex uint64 `json:"log_index"`
	}
	answers := 0
	for last, writing := uint64(0), true; writing; answers++ {
		select {
		case <-done:
			writing = false // one more answer, after the last write
		default:
		}
		code, hdr, b := f.req(t, "GET", "/v1/parties", f.party, "", nil)
		var ps []party
		size, err := strconv.ParseUint(hdr.Get(httpapi.HeaderLogSize), 10, 64)
		if code != 200 || err != nil || json.Unmarshal(b, &ps) != nil || len(ps) == 0 {
			t.Fatalf("GET /v1/parties: %d %q %s", code, hdr.Get(httpapi.HeaderLogSize), b)
		}
		if size < last {
			t.Fatalf("the log size went back from %d to %d", last, size)
		}
		last = size
		want := len(start) + int(size-base)
		sorted := slices.IsSortedFunc(ps, func(a, b party) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
		if len(ps) != want || !sorted || ps[len(ps)-1].LogIndex >= size {
			t.Fatalf("at log size %d the list holds %d parties, the last at %d; want %d, all before %d", size, len(ps), ps[len(ps)-1].LogIndex, want, size)
		}
		if !writing && size != base+writes {
			t.Fatalf("after the last write the list is at log size %d, want %d", size, base+writes)
		}
	}
	t.Logf("%d answers while %d parties were registered", answers, writes)
}
