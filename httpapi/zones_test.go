package httpapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// req sends a request with extra headers and returns status, headers, body.
func (f *fixture) req(t *testing.T, method, path, token, body string, hdr map[string]string) (int, http.Header, []byte) {
	t.Helper()
	r, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

const zoneBody = `{"name":"Castello Road pull-back belt","kind":"security-belt",
	"geometry":{"type":"Polygon","coordinates":[[[37.14,36.23],[37.18,36.23],[37.18,36.26],[37.14,36.26],[37.14,36.23]]]},
	"altitude":{"min_m":0,"max_m":15000},
	"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},
	"restricts":{"parties":[%q],"activities":["strike","ground-movement"]},
	"endorsers":[%q,%q]}`

type zoneResp struct {
	ID           string `json:"id"`
	Version      int    `json:"version"`
	State        string `json:"state"`
	Name         string `json:"name"`
	LogIndex     uint64 `json:"log_index"`
	Endorsements []struct {
		Party string `json:"party"`
	} `json:"endorsements"`
}

func TestZoneEndorsementAndVersions(t *testing.T) {
	w := newDisWorld(t)
	A, B := w.ids["A"], w.ids["B"]
	var z zoneResp
	w.do(t, "POST", "/v1/zones", w.tokens["A"], fmt.Sprintf(zoneBody, A, A, B), 201, &z)
	if z.Version != 1 || z.State != "proposed" || z.LogIndex == 0 {
		t.Fatalf("proposed zone: %+v", z)
	}
	// Not an endorser: refused. An endorser endorses once.
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["H"], `{}`, 403, nil)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["A"], `{}`, 201, &z)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["A"], `{}`, 409, nil)
	if z.State != "proposed" || len(z.Endorsements) != 1 {
		t.Fatalf("after one of two endorsements: %+v", z)
	}
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["B"], ``, 201, &z)
	if z.State != "active" {
		t.Fatalf("after every endorsement: %+v", z)
	}
	// A change needs If-Match; a stale ETag gets 412 and writes nothing.
	code, hdr, _ := w.req(t, "GET", "/v1/zones/"+z.ID, w.tokens["B"], "", nil)
	etag := hdr.Get("ETag")
	if code != 200 || etag == "" {
		t.Fatalf("GET zone: %d, ETag %q", code, etag)
	}
	code, _, b := w.req(t, "PATCH", "/v1/zones/"+z.ID, w.tokens["A"], `{"name":"Castello Road belt, widened"}`, nil)
	if code != 400 || !strings.Contains(string(b), "If-Match") {
		t.Fatalf("PATCH without If-Match: %d %s", code, b)
	}
	code, hdr, b = w.req(t, "PATCH", "/v1/zones/"+z.ID, w.tokens["A"], `{"name":"Castello Road belt, widened"}`, map[string]string{"If-Match": etag})
	if code != 200 {
		t.Fatalf("PATCH: %d %s", code, b)
	}
	json.Unmarshal(b, &z)
	if z.Version != 2 || z.State != "proposed" || len(z.Endorsements) != 0 || hdr.Get("ETag") == etag {
		t.Fatalf("new version: %+v (ETag %s)", z, hdr.Get("ETag"))
	}
	size := w.c.Size()
	code, _, b = w.req(t, "PATCH", "/v1/zones/"+z.ID, w.tokens["A"], `{"name":"stale"}`, map[string]string{"If-Match": etag})
	if code != 412 || w.c.Size() != size {
		t.Fatalf("stale PATCH: %d %s; log %d -> %d", code, b, size, w.c.Size())
	}
	// Only the owner and the coordinator change a zone.
	_, hdr, _ = w.req(t, "GET", "/v1/zones/"+z.ID, w.tokens["B"], "", nil)
	code, _, _ = w.req(t, "PATCH", "/v1/zones/"+z.ID, w.tokens["B"], `{"name":"mine"}`, map[string]string{"If-Match": hdr.Get("ETag")})
	if code != 403 {
		t.Fatalf("PATCH by a non-owner: %d", code)
	}
	// The old version stays readable.
	var v1 zoneResp
	w.do(t, "GET", "/v1/zones/"+z.ID+"?version=1", w.tokens["B"], "", 200, &v1)
	if v1.Version != 1 || v1.Name != "Castello Road pull-back belt" || v1.State != "active" {
		t.Fatalf("version 1: %+v", v1)
	}
	// Suspend and resume are the coordinator's; withdraw the owner's.
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["A"], `{}`, 201, nil)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["B"], `{}`, 201, nil)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/suspend", w.tokens["A"], `{}`, 403, nil)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/suspend", w.coord, `{}`, 200, &z)
	if z.State != "suspended" {
		t.Fatalf("suspended: %+v", z)
	}
	w.do(t, "POST", "/v1/zones/"+z.ID+"/resume", w.coord, `{}`, 200, &z)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/withdraw", w.tokens["B"], `{}`, 403, nil)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/withdraw", w.tokens["A"], `{}`, 200, &z)
	if z.State != "withdrawn" {
		t.Fatalf("withdrawn: %+v", z)
	}
	// Filters.
	var list []zoneResp
	w.do(t, "GET", "/v1/zones?kind=security-belt&state=withdrawn&bbox=37,36,38,37&at=2016-09-20T00:00:00Z", w.tokens["O"], "", 200, &list)
	if len(list) != 1 {
		t.Fatalf("filtered list: %+v", list)
	}
	for _, q := range []string{"bbox=38,36,39,37", "at=2017-01-01T00:00:00Z", "kind=no-fly", "state=active"} {
		w.do(t, "GET", "/v1/zones?"+q, w.tokens["O"], "", 200, &list)
		if len(list) != 0 {
			t.Errorf("?%s matched %d zones", q, len(list))
		}
	}
	w.do(t, "GET", "/v1/zones?bbox=1,2,3", w.tokens["O"], "", 400, nil)
	w.do(t, "GET", "/v1/zones?at=yesterday", w.tokens["O"], "", 400, nil)
}

func TestSiteAcknowledgementAndRemoval(t *testing.T) {
	w := newDisWorld(t)
	var s struct {
		ID               string `json:"id"`
		State            string `json:"state"`
		LogIndex         uint64 `json:"log_index"`
		Acknowledgements []struct {
			Party, Of string
		} `json:"acknowledgements"`
	}
	w.do(t, "POST", "/v1/sites", w.tokens["H"], fmt.Sprintf(`{"name":"UN warehouse","category":"warehouse",
		"geometry":{"type":"Point","coordinates":[37.1,36.2]},"buffer_m":100,
		"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},"recipients":[%q,%q]}`, w.ids["A"], w.ids["B"]), 201, &s)
	w.do(t, "POST", "/v1/sites/"+s.ID+"/acknowledgements", w.tokens["O"], `{}`, 403, nil)
	w.do(t, "POST", "/v1/sites/"+s.ID+"/acknowledgements", w.tokens["A"], `{}`, 201, &s)
	w.do(t, "POST", "/v1/sites/"+s.ID+"/acknowledgements", w.tokens["A"], `{}`, 409, nil)
	// A recipient sees its own acknowledgement only; the owner sees all.
	if len(s.Acknowledgements) != 1 || s.Acknowledgements[0].Of != "add" {
		t.Fatalf("after A's acknowledgement: %+v", s)
	}
	w.do(t, "POST", "/v1/sites/"+s.ID+"/acknowledgements", w.tokens["B"], `{}`, 201, &s)
	if len(s.Acknowledgements) != 1 {
		t.Fatalf("B sees others' acknowledgements: %+v", s)
	}
	w.do(t, "GET", "/v1/sites/"+s.ID, w.tokens["H"], "", 200, &s)
	if len(s.Acknowledgements) != 2 {
		t.Fatalf("the owner sees %d acknowledgements", len(s.Acknowledgements))
	}
	// Removal is its own act, acknowledged the same way.
	w.do(t, "DELETE", "/v1/sites/"+s.ID, w.tokens["A"], "", 403, nil)
	w.do(t, "DELETE", "/v1/sites/"+s.ID, w.tokens["H"], "", 200, &s)
	if s.State != "removed" {
		t.Fatalf("removed: %+v", s)
	}
	w.do(t, "DELETE", "/v1/sites/"+s.ID, w.tokens["H"], "", 409, nil)
	w.do(t, "POST", "/v1/sites/"+s.ID+"/acknowledgements", w.tokens["A"], `{}`, 201, nil)
	w.do(t, "GET", "/v1/sites/"+s.ID, w.tokens["H"], "", 200, &s)
	if len(s.Acknowledgements) != 3 || s.Acknowledgements[2].Of != "remove" {
		t.Fatalf("after the removal's acknowledgement: %+v", s)
	}
	// A hidden site has no recipients.
	code, _, b := w.req(t, "POST", "/v1/sites", w.tokens["H"], fmt.Sprintf(`{"name":"x","category":"camp",
		"geometry":{"type":"Point","coordinates":[37.1,36.2]},"buffer_m":100,"disclosure":"hidden",
		"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},"recipients":[%q]}`, w.ids["A"]), nil)
	if code != 400 || !strings.Contains(string(b), `"recipients"`) {
		t.Fatalf("hidden site with recipients: %d %s", code, b)
	}
}

// TestMalformedGeometries posts zones and sites with bad geometry; each
// must be refused naming the field and saying what is wrong, and nothing
// may be written.
func TestMalformedGeometries(t *testing.T) {
	w := newDisWorld(t)
	ring := func(pts string) string { return `{"type":"Polygon","coordinates":[[` + pts + `]]}` }
	cases := []struct {
		geometry string
		field    string
		msg      string // a part of the message
	}{
		{`null`, "geometry", "required"},
		{`"POLYGON((0 0))"`, "geometry", ""},
		{`{"type":"Circle","coordinates":[1,2]}`, "geometry.type", ""},
		{`{"coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`, "geometry.type", ""},
		{`{"type":"Polygon"}`, "geometry.coordinates", ""},
		{`{"type":"Polygon","coordinates":[]}`, "geometry.coordinates", ""},
		{ring(`[37,36],[38,36],[38,37],[37,37]`), "geometry.coordinates[0]", "closed"},
		{ring(`[37,36],[38,36],[37,36]`), "geometry.coordinates[0]", "four"},
		{ring(`[37,36],[38,37],[38,36],[37,37],[37,36]`), "geometry.coordinates[0]", "intersect"},
		{ring(`[37,36],[181,36],[38,37],[37,36]`), "geometry.coordinates[0][1]", "longitude"},
		{ring(`[37,36],[38,91],[38,37],[37,36]`), "geometry.coordinates[0][1]", "latitude"},
		{ring(`[37,36],[38,-90.5],[38,37],[37,36]`), "geometry.coordinates[0][1]", "latitude"},
		{ring(`[37,36],[1e400,36],[38,37],[37,36]`), "geometry", ""},
		{ring(`[37,36],["38",36],[38,37],[37,36]`), "geometry.coordinates[0][1]", ""},
		{ring(`[37,36],[38],[38,37],[37,36]`), "geometry.coordinates[0][1]", ""},
		{ring(`[37,36],[38,36,1,2],[38,37],[37,36]`), "geometry.coordinates[0][1]", ""},
		{ring(`[37,36],null,[38,37],[37,36]`), "geometry.coordinates[0][1]", ""},
		{`{"type":"Polygon","coordinates":[[[37,36],[38,36],[38,37],[37,36]],[[40,40],[40.1,40],[40.1,40.1],[40,40]]]}`, "geometry.coordinates[1]", ""},
		{`{"type":"Polygon","coordinates":[[[37,36],[38,36],[38,37],[37,36]],[[37.1,36.05],[37.2,36.05],[37.2,36.1]]]}`, "geometry.coordinates[1]", ""},
		{`{"type":"Polygon","coordinates":[[[37,36],[38,36],[38,37],[37,36]]],"extra":1}`, "geometry.extra", ""},
		{`{"type":"MultiPolygon","coordinates":[[[37,36],[38,36],[38,37],[37,36]]]}`, "geometry.coordinates[0]", ""},
		{`{"type":"MultiPolygon","coordinates":[]}`, "geometry.coordinates", ""},
		{`{"type":"MultiPolygon","coordinates":[[[[37,36],[38,36],[38,37],[37,37]]]]}`, "geometry.coordinates[0][0]", "closed"},
		{`{"type":"Polygon","coordinates":[[[-10,-10],[60,-10],[60,60],[-10,60],[-10,-10]]]}`, "geometry", "area"},
		{`{"type":"Point","coordinates":[37,36]}`, "geometry.type", "Polygon"},
		{`{"type":"LineString","coordinates":[[37,36],[38,36]]}`, "geometry.type", "Polygon"},
		{`{"type":"Polygon","coordinates":[[[170,0],[-170,0],[-170,1],[170,1],[170,0]]]}`, "geometry.coordinates[0]", ""},
		{`{"type":"Polygon","coordinates":"x"}`, "geometry.coordinates", ""},
		{`{"type":"Polygon","coordinates":[[[37,36],[37,36],[37,36],[37,36]]]}`, "geometry.coordinates[0]", ""},
		{`{"type":"GeometryCollection","geometries":[]}`, "geometry.type", ""},
		{`[]`, "geometry", ""},
		{`{"type":"Polygon","coordinates":[[[37,36],[38,36],[38,37],[37,36]]],"crs":{"type":"name"}}`, "geometry.crs", ""},
	}
	size := w.c.Size()
	for i, tc := range cases {
		t.Run(fmt.Sprintf("%02d", i), func(t *testing.T) {
			body := fmt.Sprintf(`{"name":"z","kind":"no-fly","geometry":%s,
				"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},
				"restricts":{"parties":[%q],"activities":["flight"]},"endorsers":[%q]}`, tc.geometry, w.ids["A"], w.ids["A"])
			code, _, b := w.req(t, "POST", "/v1/zones", w.tokens["A"], body, nil)
			if code != 400 {
				t.Fatalf("status %d: %s", code, b)
			}
			var p struct {
				Errors []struct{ Field, Message string }
			}
			json.Unmarshal(b, &p)
			found := false
			for _, e := range p.Errors {
				if strings.HasPrefix(e.Field, tc.field) && strings.Contains(strings.ToLower(e.Message), strings.ToLower(tc.msg)) && e.Message != "" {
					found = true
				}
			}
			if !found {
				t.Fatalf("no error naming %s (%q): %s", tc.field, tc.msg, b)
			}
		})
	}
	if w.c.Size() != size {
		t.Fatalf("refused geometries wrote %d entries", w.c.Size()-size)
	}
}
