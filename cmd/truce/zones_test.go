package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpapi"
)

// TestVerifySealedObjects checks that the log with coarse and hidden
// objects verifies, with every role's token, and replays to the stored
// projection (which needs the sealed openings stored beside the log).
// The zones expire during the test, by the clock's act, before the log
// is verified: with the real clock that act could land between the
// verifier's checkpoint and its reads of the API, which then showed the
// zones expired and the replay active.
func TestVerifySealedObjects(t *testing.T) {
	dir, res := initDir(t)
	clock := centertest.NewClock(time.Date(2016, 10, 12, 15, 58, 0, 0, time.UTC))
	s := serveWithClock(t, clock, "--data", dir)
	ctx := context.Background()
	coord := client(t, s.url, res.Token)
	tokens := map[string]string{"coord": res.Token}
	ids := map[string]string{}
	for _, p := range []struct{ name, kind string }{{"Russian Federation", "party"}, {"Aid agency", "humanitarian"}, {"Observers", "observer"}} {
		party, m := partyDesk(t, coord, p.name, p.kind)
		tokens[p.kind], ids[p.kind] = m.Token, party.ID
	}
	aid := client(t, s.url, tokens["humanitarian"])
	ru := client(t, s.url, tokens["party"])
	var zoneIDs []string
	for i, d := range []string{"precise", "coarse", "hidden"} {
		site := map[string]any{"name": fmt.Sprintf("hospital %d", i), "category": "hospital", "disclosure": d, "buffer_m": 200,
			"geometry":   map[string]any{"type": "Point", "coordinates": []float64{37.1 + float64(i)/100, 36.2}},
			"valid":      map[string]string{"start": "2016-09-12T16:00:00Z", "end": "2100-10-12T16:00:00Z"},
			"recipients": []string{}}
		if d != "hidden" {
			site["recipients"] = []string{ids["party"]}
		}
		if err := aid.Post(ctx, "/v1/sites", site, nil); err != nil {
			t.Fatal(err)
		}
		zone := map[string]any{"name": fmt.Sprintf("zone %d", i), "kind": "no-fly", "disclosure": d,
			"geometry":  map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{37, 36}, {37.2, 36}, {37.2, 36.2}, {37, 36}}}},
			"valid":     map[string]string{"start": "2016-09-12T16:00:00Z", "end": "2016-10-12T16:00:00Z"},
			"restricts": map[string]any{"parties": []string{ids["party"]}, "activities": []string{"flight"}},
			"endorsers": []string{ids["party"]}}
		var z struct{ ID string }
		if err := ru.Post(ctx, "/v1/zones", zone, &z); err != nil {
			t.Fatal(err)
		}
		zoneIDs = append(zoneIDs, z.ID)
		if err := ru.Post(ctx, "/v1/zones/"+z.ID+"/endorsements", map[string]any{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	// A convoy the party must acknowledge, and the party's strike near
	// the hidden hospital, which the coordinator must answer; one answer
	// carries a sealed note.
	var convoy, strike struct{ ID string }
	if err := aid.Post(ctx, "/v1/notifications", map[string]any{"kind": "humanitarian-movement", "title": "convoy", "urgent": true,
		"volumes": []map[string]any{{"geometry": map[string]any{"type": "LineString", "coordinates": [][]float64{{37.0, 36.1}, {37.2, 36.1}}},
			"width_m": 200, "altitude": map[string]float64{"min_m": 0, "max_m": 100}, "start": "2099-01-01T06:00:00Z", "end": "2099-01-01T12:00:00Z"}}}, &convoy); err != nil {
		t.Fatal(err)
	}
	if err := ru.Post(ctx, "/v1/notifications/"+convoy.ID+"/acknowledgements", map[string]string{"decision": "object", "note": "not that road"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := ru.Post(ctx, "/v1/notifications", map[string]any{"kind": "strike", "title": "x",
		"volumes": []map[string]any{{"geometry": map[string]any{"type": "Point", "coordinates": []float64{37.12, 36.2}},
			"radius_m": 100, "altitude": map[string]float64{"min_m": 0, "max_m": 100}, "start": "2099-01-01T06:00:00Z", "end": "2099-01-01T07:00:00Z"}}}, &strike); err != nil {
		t.Fatal(err)
	}
	if err := coord.Post(ctx, "/v1/notifications/"+strike.ID+"/acknowledgements", map[string]string{"decision": "acknowledge"}, nil); err != nil {
		t.Fatal(err)
	}
	// Past the zones' end (no acknowledgement falls due in three
	// minutes): the server's ticker writes their expiry.
	clock.Advance(3 * time.Minute)
	deadline := time.Now().Add(30 * time.Second)
	for _, id := range zoneIDs {
		for {
			var z truce.Zone
			if err := coord.Get(ctx, "/v1/zones/"+id, &z); err != nil {
				t.Fatal(err)
			}
			if z.State == truce.ZoneExpired {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("zone %s is %s 30s after its end passed", id, z.State)
			}
			time.Sleep(10 * time.Millisecond) // polling a condition, with a deadline
		}
	}
	for role, tok := range tokens {
		trust := filepath.Join(t.TempDir(), "trust.json")
		// Twice: the first run's reads record access, which the second
		// replays.
		for range 2 {
			if code, out, errs := verify(t, s.url, trust, tok); code != 0 || !strings.HasPrefix(out, "verified ") {
				t.Fatalf("verify as %s: %q %q", role, out, errs)
			}
		}
	}
	s.stop()
	if code, out, errs := run(t, "log", "replay", "--data", dir); code != 0 {
		t.Fatalf("replay: %q %q", out, errs)
	}
}

// partyDesk has the coordinator create a party of the kind given and a
// member of it named "desk".
func partyDesk(t *testing.T, coord *httpapi.Client, name, kind string) (struct{ ID string }, members.MemberCreated) {
	t.Helper()
	ctx := context.Background()
	var party struct{ ID string }
	if err := coord.Post(ctx, "/v1/parties", map[string]string{"name": name, "kind": kind}, &party); err != nil {
		t.Fatal(err)
	}
	var m members.MemberCreated
	if err := coord.Post(ctx, "/v1/parties/"+party.ID+"/members", map[string]string{"name": "desk"}, &m); err != nil {
		t.Fatal(err)
	}
	return party, m
}

// serveOneParty starts a center with one party, the Russian Federation,
// and its member "desk", whose client it returns.
func serveOneParty(t *testing.T) (string, members.InitResult, *server, struct{ ID string }, members.MemberCreated, *httpapi.Client) {
	t.Helper()
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	party, m := partyDesk(t, client(t, s.url, res.Token), "Russian Federation", "party")
	return dir, res, s, party, m, client(t, s.url, m.Token)
}

// ring returns a closed star-shaped ring of n distinct positions around
// (37, 36), half a degree across, at six decimals.
func ring(n int) [][]float64 {
	out := make([][]float64, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		r := 0.5 + 0.01*math.Sin(37*a)
		out = append(out, []float64{math.Round((37+r*math.Cos(a))*1e6) / 1e6, math.Round((36+r*math.Sin(a))*1e6) / 1e6})
	}
	return append(out, out[0])
}

// TestLargeZone: a precise zone of 100,000 vertices (a boundary traced
// from a map) and a precise site of 20,000 go through the API; its geometry lives beside the log,
// addressed by SHA-256 in the entry. `truce log verify` (public, and with
// the party's token, comparing what the API shows with the replay) and
// tessera's client accept the log and the payload, the stored projection
// replays equal, and one vertex more is refused naming the field and the
// limit.
func TestLargeZone(t *testing.T) {
	dir, res, s, party, m, ru := serveOneParty(t)
	ctx := context.Background()
	zone := func(n int) map[string]any {
		return map[string]any{"name": "front line", "kind": "de-escalation", "disclosure": "precise",
			"geometry":  map[string]any{"type": "Polygon", "coordinates": [][][]float64{ring(n - 1)}},
			"valid":     map[string]string{"start": "2016-09-12T16:00:00Z", "end": "2100-10-12T16:00:00Z"},
			"restricts": map[string]any{"parties": []string{party.ID}, "activities": []string{"*"}},
			"endorsers": []string{party.ID}}
	}
	var z struct {
		ID       string
		LogIndex uint64 `json:"log_index"`
		Geometry struct{ Coordinates [][][]float64 }
	}
	if err := ru.Post(ctx, "/v1/zones", zone(100_000), &z); err != nil {
		t.Fatalf("a zone of 100,000 positions: %v", err)
	}
	if n := len(z.Geometry.Coordinates[0]); n != 100_000 {
		t.Fatalf("the zone has %d positions, want 100,000", n)
	}
	if err := ru.Post(ctx, "/v1/zones/"+z.ID+"/endorsements", map[string]any{}, nil); err != nil {
		t.Fatal(err)
	}
	// A site's precise shape goes the same way.
	if err := ru.Post(ctx, "/v1/sites", map[string]any{"name": "camp", "category": "camp", "disclosure": "precise", "buffer_m": 100,
		"geometry":   map[string]any{"type": "Polygon", "coordinates": [][][]float64{ring(19_999)}},
		"valid":      map[string]string{"start": "2016-09-12T16:00:00Z", "end": "2100-10-12T16:00:00Z"},
		"recipients": []string{}}, nil); err != nil {
		t.Fatalf("a site of 20,000 positions: %v", err)
	}
	// The entry names the geometry by hash and stays small.
	entry, err := ru.Raw(ctx, "GET", "/log/tile/entries/000.p/"+strconv.Itoa(int(z.LogIndex)+2), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(entry) > 64<<10 || !bytes.Contains(entry, []byte(`"geometry_ref":"sha256:`)) {
		t.Fatalf("the entry bundle is %d bytes and does not name the geometry by hash", len(entry))
	}
	// One position more is refused, naming the field and the limit.
	err = ru.Post(ctx, "/v1/zones", zone(100_001), nil)
	var te *truce.Error
	if !errors.As(err, &te) || te.Code != truce.EInvalid || len(te.Fields) == 0 ||
		te.Fields[0].Field != "geometry.coordinates" || !strings.Contains(te.Fields[0].Message, "100000") {
		t.Fatalf("a zone of 100,001 positions: %v, want a problem naming geometry.coordinates and the limit", err)
	}
	for _, tok := range []string{"", m.Token, res.Token} {
		trust := filepath.Join(t.TempDir(), "trust.json")
		if code, out, errs := verify(t, s.url, trust, tok); code != 0 || !strings.HasPrefix(out, "verified ") {
			t.Fatalf("verify: %q %q", out, errs)
		}
	}
	var health struct {
		LogSize int `json:"log_size"`
	}
	if err := ru.Get(ctx, "/v1/health", &health); err != nil {
		t.Fatal(err)
	}
	if n := verifyWithTessera(t, s.url, res.LogKey, health.LogSize); n != 2 {
		t.Fatalf("tessera's reading checked %d payloads, want 2 (the zone's and the site's)", n)
	}
	// An insider who alters the payload in the database is caught.
	db := openDB(t, dir)
	var key string
	var orig []byte
	if err := db.QueryRow(`SELECT key, data FROM payloads WHERE key LIKE 'public:%' ORDER BY length(data) DESC LIMIT 1`).Scan(&key, &orig); err != nil {
		t.Fatal(err)
	}
	altered := bytes.Replace(orig, []byte("37."), []byte("38."), 1)
	if _, err := db.Exec(`UPDATE payloads SET data = ? WHERE key = ?`, altered, key); err != nil {
		t.Fatal(err)
	}
	code, _, errs := verify(t, s.url, filepath.Join(t.TempDir(), "trust.json"), "")
	if code == 0 || !strings.Contains(errs, "entry check failed") || !strings.Contains(errs, strings.TrimPrefix(key, "public:")+" hashes to") {
		t.Fatalf("verify of an altered payload: exit %d, %q", code, errs)
	}
	if _, err := db.Exec(`UPDATE payloads SET data = ? WHERE key = ?`, orig, key); err != nil {
		t.Fatal(err)
	}
	s.stop()
	if code, out, errs := run(t, "log", "replay", "--data", dir); code != 0 {
		t.Fatalf("replay: %q %q", out, errs)
	}
}

// TestVerifyWhileTheLogGrows: a center goes on writing while `truce log
// verify --token` reads what it serves. A proxy in front of a real server
// adds a zone the first time the verifier reads the zones, so that the
// answers read before it reflect one entry fewer than the zones' and the
// checkpoint: each answer is compared with the replay at the log size it
// carries (Truce-Log-Size), and the check passes at its one and only run,
// saying nothing on stderr. When the proxy moves the zones' size back by
// one entry, to a state without the zone it shows, the same check fails
// naming the list and that size: the comparison is made at exactly the
// answer's size, not at the checkpoint's. An answer without its size
// fails the check. A state that differs without
// the log growing still fails (TestTamper*).
func TestVerifyWhileTheLogGrows(t *testing.T) {
	_, _, s, party, m, ru := serveOneParty(t)
	ctx := context.Background()
	zone := func(name string) {
		t.Helper()
		z := map[string]any{"name": name, "kind": "no-fly", "disclosure": "precise",
			"geometry":  map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{37, 36}, {37.2, 36}, {37.2, 36.2}, {37, 36}}}},
			"valid":     map[string]string{"start": "2016-09-12T16:00:00Z", "end": "2100-10-12T16:00:00Z"},
			"restricts": map[string]any{"parties": []string{party.ID}, "activities": []string{"flight"}},
			"endorsers": []string{party.ID}}
		if err := ru.Post(ctx, "/v1/zones", z, nil); err != nil {
			t.Fatal(err)
		}
	}
	zone("first")
	target, err := url.Parse(s.url)
	if err != nil {
		t.Fatal(err)
	}
	// front serves the center, writing a zone before the first read of
	// the zones; alter, if set, changes the answers on their way.
	front := func(alter func(resp *http.Response) error) string {
		proxy := httputil.NewSingleHostReverseProxy(target)
		proxy.ModifyResponse = alter
		var once sync.Once
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/v1/zones" {
				once.Do(func() { zone("written during the check") })
			}
			proxy.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	size := func() uint64 {
		var h httpapi.Health
		if err := ru.Get(ctx, "/v1/health", &h); err != nil {
			t.Fatal(err)
		}
		return h.LogSize
	}
	before := size()
	code, out, errs := verify(t, front(nil), filepath.Join(t.TempDir(), "trust.json"), m.Token)
	if code != 0 || errs != "" || out != fmt.Sprintf("verified %d entries\n", before+1) {
		t.Fatalf("verify while a zone is written: %d %q %q; want %d entries verified at the first run", code, out, errs, before+1)
	}
	at := size() // the lying front writes entry at: its zones reflect at+1 entries and say at
	code, out, errs = verify(t, front(func(resp *http.Response) error {
		if resp.Request.URL.Path == "/v1/zones" {
			n, err := strconv.ParseUint(resp.Header.Get(httpapi.HeaderLogSize), 10, 64)
			if err != nil {
				return err
			}
			resp.Header.Set(httpapi.HeaderLogSize, strconv.FormatUint(n-1, 10))
		}
		return nil
	}), filepath.Join(t.TempDir(), "trust.json"), m.Token)
	want := fmt.Sprintf("/v1/zones as served at log size %d differs from the replay of the log's first %d entries", at, at)
	if code == 0 || !strings.Contains(errs, want) || !strings.Contains(errs, "written during the check") {
		t.Fatalf("verify of zones said to be one entry older than they are: %d %q %q; want %q", code, out, errs, want)
	}
	// An answer without its size (a server older than the verifier) is
	// not compared with some other state: the check fails, naming it.
	code, out, errs = verify(t, front(func(resp *http.Response) error {
		if resp.Request.URL.Path == "/v1/notices" {
			resp.Header.Del(httpapi.HeaderLogSize)
		}
		return nil
	}), filepath.Join(t.TempDir(), "trust.json"), m.Token)
	if code == 0 || !strings.Contains(errs, "GET /v1/notices: the answer's Truce-Log-Size header is \"\"") {
		t.Fatalf("verify of an answer without its log size: %d %q %q", code, out, errs)
	}
}
