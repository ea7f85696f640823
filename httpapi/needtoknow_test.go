package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/center/centertest"
)

func ntkZone(name, restricts, endorsers, disclosure string) string {
	return fmt.Sprintf(`{"name":%q,"kind":"no-strike",
		"geometry":{"type":"Polygon","coordinates":[[[37.10,36.10],[37.20,36.10],[37.20,36.20],[37.10,36.20],[37.10,36.10]]]},
		"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},
		"restricts":{"parties":%s,"activities":["strike"]},"endorsers":%s,"disclosure":%q}`, name, restricts, endorsers, disclosure)
}

// TestRestrictionNeedsConsent: a zone restricts only parties that
// endorse it, unless the coordinator imposes it; and every endorser, not
// only the proposer, answers an activity in conflict with it.
func TestRestrictionNeedsConsent(t *testing.T) {
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorld(t, clock)
	q := func(ids ...string) string {
		var parts []string
		for _, id := range ids {
			if id != "*" {
				id = w.ids[id]
			}
			parts = append(parts, fmt.Sprintf("%q", id))
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	cases := []struct {
		name      string
		as        string
		restricts []string
		endorsers []string
		status    int
		field     string
	}{
		{"ErrRestrictsANonEndorser", "A", []string{"B"}, []string{"A"}, 400, "restricts.parties[0]"},
		{"ErrRestrictsEveryone", "A", []string{"*"}, []string{"A", "B"}, 400, "restricts.parties[0]"},
		{"ErrOneOfTwoNotEndorsing", "A", []string{"A", "B"}, []string{"A"}, 400, "restricts.parties[1]"},
		{"RestrictsItself", "A", []string{"A"}, []string{"A"}, 201, ""},
		{"RestrictsAnEndorser", "A", []string{"B"}, []string{"A", "B"}, 201, ""},
		{"CoordinatorImposes", "coord", []string{"*"}, []string{"A"}, 201, ""},
		{"CoordinatorImposesOnANonEndorser", "coord", []string{"B"}, []string{"A"}, 201, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			size := w.c.Size()
			code, _, b := w.req(t, "POST", "/v1/zones", w.tokens[tc.as], ntkZone(tc.name, q(tc.restricts...), q(tc.endorsers...), "precise"), nil)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, b)
			}
			if tc.field != "" {
				if !bytes.Contains(b, []byte(`"field":"`+tc.field+`"`)) {
					t.Fatalf("the problem does not name %s: %s", tc.field, b)
				}
				if w.c.Size() != size {
					t.Fatalf("a refused proposal was written")
				}
			}
		})
	}
	// A zone proposed by A restricting B with B's consent: it binds B
	// once B endorses, and both endorsers answer B's strike in it.
	var z struct{ ID, State string }
	w.do(t, "POST", "/v1/zones", w.tokens["A"], ntkZone("agreed", q("B"), q("A", "B", "H"), "precise"), 201, &z)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["A"], `{}`, 201, nil)
	var n notif
	w.do(t, "POST", "/v1/notifications", w.tokens["B"], strike(37.15, 36.15, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), 201, &n)
	for _, c := range n.Conflicts {
		if c.With.ID == z.ID {
			t.Fatalf("a zone not yet endorsed by B binds B: %+v", n)
		}
	}
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["B"], `{}`, 201, nil)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["H"], `{}`, 201, &z)
	if z.State != "active" {
		t.Fatalf("zone after every endorsement: %s", z.State)
	}
	w.do(t, "POST", "/v1/notifications", w.tokens["B"], strike(37.15, 36.15, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), 201, &n)
	if len(n.Conflicts) != 1 || n.Conflicts[0].With.ID != z.ID || fmt.Sprint(n.MustAcknowledge) != fmt.Sprint(sortedIDs(w.ids["A"], w.ids["H"])) {
		t.Fatalf("B's strike in the zone it agreed to: conflicts %+v, must acknowledge %v (want A and H, every other endorser)", n.Conflicts, n.MustAcknowledge)
	}
	// A change that adds a restricted party without its consent is
	// refused too.
	code, hdr, _ := w.req(t, "GET", "/v1/zones/"+z.ID, w.tokens["A"], "", nil)
	if code != 200 {
		t.Fatal(code)
	}
	code, _, b := w.req(t, "PATCH", "/v1/zones/"+z.ID, w.tokens["A"], fmt.Sprintf(`{"restricts":{"parties":%s,"activities":["strike"]}}`, q("B", "H2")),
		map[string]string{"If-Match": hdr.Get("ETag")})
	if code != 400 || !bytes.Contains(b, []byte("restricts.parties[1]")) {
		t.Fatalf("a change restricting a party that did not agree: %d %s", code, b)
	}
}

func sortedIDs(ids ...string) []string {
	out := append([]string(nil), ids...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestTimeBounds: every time in a request lies from 2000 to before 2200,
// at both ends, or the request is refused naming the field and nothing
// is written.
func TestTimeBounds(t *testing.T) {
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorld(t, clock)
	site := func(start, end string) string {
		return fmt.Sprintf(`{"name":"s","category":"school","geometry":{"type":"Point","coordinates":[37.1,36.1]},"buffer_m":100,
			"valid":{"start":%q,"end":%q},"recipients":[]}`, start, end)
	}
	note := func(start, end string) string {
		return fmt.Sprintf(`{"kind":"strike","urgent":true,"volumes":[{"geometry":{"type":"Point","coordinates":[37.1,36.1]},"radius_m":100,
			"altitude":{"min_m":0,"max_m":100},"start":%q,"end":%q}]}`, start, end)
	}
	cases := []struct {
		name, method, path, role, body string
		status                         int
		field                          string
	}{
		{"SiteStartBefore2000", "POST", "/v1/sites", "H", site("1999-12-31T23:59:59Z", "2016-10-01T00:00:00Z"), 400, "valid.start"},
		{"SiteEndIn2200", "POST", "/v1/sites", "H", site("2016-09-12T00:00:00Z", "2200-01-01T00:00:00Z"), 400, "valid.end"},
		{"SiteEndIn2300", "POST", "/v1/sites", "H", site("2016-09-12T00:00:00Z", "2300-01-01T00:00:00Z"), 400, "valid.end"},
		{"SiteEndLastSecond", "POST", "/v1/sites", "H", site("2016-09-12T00:00:00Z", "2199-12-31T23:59:59Z"), 201, ""},
		{"SiteStartFirstSecond", "POST", "/v1/sites", "H", site("2000-01-01T00:00:00Z", "2016-10-01T00:00:00Z"), 201, ""},
		{"StrikeEndingIn2263", "POST", "/v1/notifications", "A", note("2016-09-14T03:00:00Z", "2263-01-01T00:00:00Z"), 400, "volumes[0].end"},
		{"DryRunEndingIn2263", "POST", "/v1/deconflict", "A", note("2016-09-14T03:00:00Z", "2263-01-01T00:00:00Z"), 400, "volumes[0].end"},
		{"StrikeStartingIn1600", "POST", "/v1/notifications", "A", note("1600-01-01T00:00:00Z", "2016-09-14T04:00:00Z"), 400, "volumes[0].start"},
		{"ZoneEndIn2262", "POST", "/v1/zones", "A", strings.Replace(ntkZone("z", fmt.Sprintf("[%q]", w.ids["A"]), fmt.Sprintf("[%q]", w.ids["A"]), "precise"), "2016-10-12T16:00:00Z", "2262-04-12T00:00:00Z", 1), 400, "valid.end"},
		{"ReportIn1999", "POST", "/v1/reports", "O", report(37.1, 36.2, "1999-09-19T19:30:00Z", 1, 1, "Air/drone strike", "X", 1, "Y"), 400, "occurred_at"},
		{"ListAtIn2300", "GET", "/v1/zones?at=2300-01-01T00:00:00Z", "A", "", 400, "at"},
		{"ListFromIn1900", "GET", "/v1/notifications?from=1900-01-01T00:00:00Z", "A", "", 400, "from"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			size := w.c.Size()
			code, _, b := w.req(t, tc.method, tc.path, w.tokens[tc.role], tc.body, nil)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, b)
			}
			if tc.field != "" {
				if !bytes.Contains(b, []byte(`"field":"`+tc.field+`"`)) {
					t.Fatalf("the problem does not name %s: %s", tc.field, b)
				}
				if w.c.Size() != size {
					t.Fatal("a refused request was written")
				}
			}
		})
	}
}

// TestVersionsKeepTheNewestDisclosure: a zone made hidden in version 2
// is not found in any version by another party, and one made coarse
// shows no version's geometry.
func TestVersionsKeepTheNewestDisclosure(t *testing.T) {
	w := newDisWorld(t)
	for _, d := range []string{"hidden", "coarse"} {
		var z struct{ ID string }
		w.do(t, "POST", "/v1/zones", w.tokens["A"], ntkZone("v "+d, fmt.Sprintf("[%q]", w.ids["A"]), fmt.Sprintf("[%q]", w.ids["A"]), "precise"), 201, &z)
		code, hdr, _ := w.req(t, "GET", "/v1/zones/"+z.ID, w.tokens["A"], "", nil)
		if code != 200 {
			t.Fatal(code)
		}
		code, _, b := w.req(t, "PATCH", "/v1/zones/"+z.ID, w.tokens["A"], fmt.Sprintf(`{"disclosure":%q}`, d), map[string]string{"If-Match": hdr.Get("ETag")})
		if code != 200 {
			t.Fatalf("PATCH: %d %s", code, b)
		}
		for _, path := range []string{"/v1/zones/" + z.ID, "/v1/zones/" + z.ID + "?version=1", "/v1/zones/" + z.ID + "?version=2"} {
			code, b := w.get(t, "B", path)
			switch d {
			case "hidden":
				if code != 404 {
					t.Errorf("%s of a zone now hidden, as B: %d %s", path, code, b)
				}
			case "coarse":
				if code != 200 || bytes.Contains(b, []byte(`"geometry"`)) || bytes.Contains(b, []byte("37.1,36.1")) {
					t.Errorf("%s of a zone now coarse, as B: %d %s", path, code, b)
				}
			}
			if code, b := w.get(t, "A", path); code != 200 || !bytes.Contains(b, []byte(`"geometry"`)) {
				t.Errorf("%s as its owner: %d %s", path, code, b)
			}
		}
	}
}

// TestAccessRecordsAreKnowledge: a member shown a version of an object
// precisely is recorded once, however often it reads; a new version is
// recorded once more; reading grows the log by nothing else.
func TestAccessRecordsAreKnowledge(t *testing.T) {
	w := newDisWorld(t)
	var z struct{ ID string }
	w.do(t, "POST", "/v1/zones", w.tokens["A"], ntkZone("shown", fmt.Sprintf("[%q]", w.ids["A"]), fmt.Sprintf("[%q]", w.ids["A"]), "precise"), 201, &z)
	var s struct{ ID string }
	w.do(t, "POST", "/v1/sites", w.tokens["H"], `{"name":"clinic","category":"hospital","geometry":{"type":"Point","coordinates":[37.3,36.3]},"buffer_m":100,
		"valid":{"start":"2016-09-12T00:00:00Z","end":"2016-10-01T00:00:00Z"},"recipients":[]}`, 201, &s)
	size := w.c.Size()
	for i := 0; i < 5; i++ {
		for _, p := range []string{"/v1/zones", "/v1/zones/" + z.ID, "/v1/export/zones.geojson", "/v1/sites", "/v1/sites/" + s.ID, "/v1/export/sites.geojson"} {
			if code, b := w.get(t, "B", p); code != 200 {
				t.Fatalf("%s: %d %s", p, code, b)
			}
		}
	}
	if got := w.c.Size() - size; got != 2 {
		t.Fatalf("30 reads of two objects added %d entries, want 2 (one record each, the first time)", got)
	}
	// A second member of B learns them for the first time.
	var m struct{ Token string }
	w.do(t, "POST", "/v1/parties/"+w.ids["B"]+"/members", w.coord, `{"name":"second desk"}`, 201, &m)
	size = w.c.Size()
	w.do(t, "GET", "/v1/zones", m.Token, "", 200, nil)
	if w.c.Size()-size != 1 {
		t.Fatalf("another member's first read: %d entries", w.c.Size()-size)
	}
	// A new version is new knowledge.
	code, hdr, _ := w.req(t, "GET", "/v1/zones/"+z.ID, w.tokens["A"], "", nil)
	if code != 200 {
		t.Fatal(code)
	}
	w.req(t, "PATCH", "/v1/zones/"+z.ID, w.tokens["A"], `{"name":"shown, second version"}`, map[string]string{"If-Match": hdr.Get("ETag")})
	size = w.c.Size()
	w.get(t, "B", "/v1/zones/"+z.ID)
	w.get(t, "B", "/v1/zones/"+z.ID)
	if w.c.Size()-size != 1 {
		t.Fatalf("reading version 2 twice: %d entries, want 1", w.c.Size()-size)
	}
	var recs []struct {
		Kind    string
		Objects []struct {
			ID      string
			Version int
		}
	}
	_, raw := w.get(t, "A", "/v1/access-records")
	if err := json.Unmarshal(raw, &recs); err != nil {
		t.Fatal(err)
	}
	versions := map[int]int{}
	for _, r := range recs {
		for _, o := range r.Objects {
			if o.ID == z.ID && r.Kind == "shown" {
				versions[o.Version]++
			}
		}
	}
	if versions[1] != 2 || versions[2] != 1 {
		t.Fatalf("records of the zone by version: %v (%s)", versions, raw)
	}
}

// TestHiddenSiteEntryIsOnlyACommitment: the public log's entry of a
// hidden or coarse site carries no buffer, and a hidden zone's no altitude.
func TestHiddenSiteEntryIsOnlyACommitment(t *testing.T) {
	w := newDisWorld(t)
	for _, d := range []string{"hidden", "coarse"} {
		w.do(t, "POST", "/v1/sites", w.tokens["H"], fmt.Sprintf(`{"name":"s","category":"hospital","geometry":{"type":"Point","coordinates":[37.1,36.1]},"buffer_m":277,
			"valid":{"start":"2016-09-12T00:00:00Z","end":"2016-10-01T00:00:00Z"},"disclosure":%q,"recipients":[]}`, d), 201, nil)
		w.do(t, "POST", "/v1/zones", w.tokens["A"], strings.Replace(ntkZone("z", fmt.Sprintf("[%q]", w.ids["A"]), fmt.Sprintf("[%q]", w.ids["A"]), d),
			`"kind":"no-strike",`, `"kind":"no-strike","altitude":{"min_m":1234,"max_m":4321},`, 1), 201, nil)
	}
	log := w.publicLog(t)
	// Every site and zone of this log is hidden or coarse: no entry may
	// carry a buffer or an altitude band.
	for _, key := range []string{`"buffer_m"`, `"altitude"`, `"min_m"`} {
		if bytes.Contains(log, []byte(key)) {
			t.Errorf("the public log carries %s of a hidden or coarse object", key)
		}
	}
	// The owner still reads them.
	if _, b := w.get(t, "H", "/v1/sites"); !bytes.Contains(b, []byte(`"buffer_m":277`)) {
		t.Errorf("the owner lost its buffer: %s", b)
	}
	if _, b := w.get(t, "A", "/v1/zones"); !bytes.Contains(b, []byte(`"min_m":1234`)) {
		t.Errorf("the owner lost its altitude: %s", b)
	}
}
