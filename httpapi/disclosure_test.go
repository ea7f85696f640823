package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/ledger"
)

// disWorld is a center with one member of each role.
type disWorld struct {
	*fixture
	tokens map[string]string // role → token
	ids    map[string]string // role → party id
}

// newDisWorld registers: party A and B (kind party), humanitarians H and H2,
// observer O; the coordinator is the fixture's.
func newDisWorld(t *testing.T, clock ...truce.Clock) *disWorld {
	return newDisWorldFrom(t, newFixture(t, clock...))
}

// newDisWorldFrom registers the roles on fixture f.
func newDisWorldFrom(t *testing.T, f *fixture) *disWorld {
	w := &disWorld{fixture: f, tokens: map[string]string{"coord": f.coord, "A": f.party}, ids: map[string]string{"A": f.pid}}
	var me struct {
		Party struct{ ID string } `json:"party"`
	}
	f.do(t, "GET", "/v1/me", f.coord, "", 200, &me)
	w.ids["coord"] = me.Party.ID
	for _, p := range []struct{ role, name, kind string }{{"B", "United States", "party"}, {"H", "Aid agency", "humanitarian"},
		{"H2", "Second aid agency", "humanitarian"}, {"O", "Monitoring mission", "observer"}} {
		var party struct{ ID string }
		f.do(t, "POST", "/v1/parties", f.coord, fmt.Sprintf(`{"name":%q,"kind":%q}`, p.name, p.kind), 201, &party)
		var m struct{ Token string }
		f.do(t, "POST", "/v1/parties/"+party.ID+"/members", f.coord, `{"name":"desk"}`, 201, &m)
		w.tokens[p.role], w.ids[p.role] = m.Token, party.ID
	}
	return w
}

func (w *disWorld) get(t *testing.T, role, path string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", w.srv.URL+path, nil)
	if tok := w.tokens[role]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// publicLog returns every entry of the log as the public reads it.
func (w *disWorld) publicLog(t *testing.T) []byte {
	size := w.c.Size()
	var all []byte
	for start := uint64(0); start < size; start += 256 {
		width := min(size-start, 256)
		path := "/log/" + ledger.Tile{Level: -1, Index: int64(start / 256), Width: int(width)}.Path()
		code, b := w.get(t, "", path)
		if code != 200 {
			t.Fatalf("%s: %d", path, code)
		}
		all = append(all, b...)
	}
	return all
}

// The objects: a precise, a coarse and a hidden site owned by H; a
// precise, a coarse and a hidden zone owned by A. Their coordinates and
// names are distinctive so that a leak shows in the raw bytes.
type disObj struct {
	kind, disclosure, id string
	coord                string // a coordinate that only the precise geometry has
	name                 string
}

func (w *disWorld) populate(t *testing.T) []disObj {
	var objs []disObj
	for i, d := range []string{"precise", "coarse", "hidden"} {
		lon, lat := fmt.Sprintf("37.16%d111", i+1), fmt.Sprintf("36.21%d111", i+1)
		name := fmt.Sprintf("Field hospital %s-%d", strings.ToUpper(d), i)
		recipients := fmt.Sprintf(`[%q, %q]`, w.ids["A"], w.ids["B"])
		if d == "hidden" {
			recipients = "[]"
		}
		var s struct{ ID string }
		w.do(t, "POST", "/v1/sites", w.tokens["H"], fmt.Sprintf(`{"name":%q,"category":"hospital",
			"geometry":{"type":"Point","coordinates":[%s,%s]},"buffer_m":300,
			"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},"disclosure":%q,"recipients":%s}`,
			name, lon, lat, d, recipients), 201, &s)
		objs = append(objs, disObj{"site", d, s.ID, lon, name})

		zlon := fmt.Sprintf("37.0%d777", i+1)
		zname := fmt.Sprintf("Opposition area %s-%d", strings.ToUpper(d), i)
		endorsers := fmt.Sprintf(`[%q, %q]`, w.ids["A"], w.ids["B"])
		if d == "hidden" {
			endorsers = fmt.Sprintf(`[%q]`, w.ids["A"])
		}
		var z struct{ ID string }
		w.do(t, "POST", "/v1/zones", w.tokens["A"], fmt.Sprintf(`{"name":%q,"kind":"no-strike",
			"geometry":{"type":"Polygon","coordinates":[[[%s,36.1],[37.3,36.1],[37.3,36.3],[%s,36.3],[%s,36.1]]]},
			"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},
			"restricts":{"parties":[%q],"activities":["strike"]},"endorsers":%s,"disclosure":%q}`,
			zname, zlon, zlon, zlon, w.ids["A"], endorsers, d), 201, &z)
		objs = append(objs, disObj{"zone", d, z.ID, zlon, zname})
	}
	return objs
}

func disOwner(o disObj) string {
	if o.kind == "site" {
		return "H"
	}
	return "A"
}

func TestDisclosureMatrix(t *testing.T) {
	w := newDisWorld(t, centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC)))
	objs := w.populate(t)
	roles := []string{"coord", "owner", "other party", "humanitarian", "observer"}
	roleOf := func(role string, o disObj) string {
		switch role {
		case "owner":
			return disOwner(o)
		case "other party":
			return "B"
		case "humanitarian":
			if o.kind == "site" {
				return "H2"
			}
			return "H"
		case "observer":
			return "O"
		}
		return role
	}
	for _, o := range objs {
		for _, role := range roles {
			who := roleOf(role, o)
			entitled := role == "coord" || role == "owner"
			visible := entitled || o.disclosure != "hidden"
			precise := entitled || o.disclosure == "precise"
			t.Run(fmt.Sprintf("%s/%s/%s", o.kind, o.disclosure, role), func(t *testing.T) {
				paths := []string{"/v1/" + o.kind + "s", "/v1/" + o.kind + "s/" + o.id, "/v1/export/" + o.kind + "s.geojson"}
				for _, p := range paths {
					code, b := w.get(t, who, p)
					single := strings.HasSuffix(p, o.id)
					switch {
					case single && !visible:
						if code != 404 {
							t.Errorf("%s: %d, want 404 for a hidden object", p, code)
						}
					case code != 200:
						t.Errorf("%s: status %d: %s", p, code, b)
					}
					if got := bytes.Contains(b, []byte(o.id+`"`)); got != visible {
						t.Errorf("%s: object present = %v, want %v", p, got, visible)
					}
					if got := bytes.Contains(b, []byte(o.coord)); got != precise {
						t.Errorf("%s: precise coordinate present = %v, want %v: %s", p, got, precise, b)
					}
					if o.disclosure == "hidden" && !entitled && bytes.Contains(b, []byte(o.name)) {
						t.Errorf("%s: the hidden object's name reached %s", p, role)
					}
					if visible && !precise && !bytes.Contains(b, []byte(`"coarse"`)) {
						t.Errorf("%s: no coarse shape for a coarse object", p)
					}
				}
				// A dry run aimed at the site names it only as far as the
				// asker may see it, and never shows its coordinates.
				if o.kind == "site" && (role == "coord" || role == "other party") {
					// populate puts site i at 37.16i111, 36.21i111.
					lon, lat := 37.16+float64(o.coord[5]-'0')/1000+0.000111, 36.21+float64(o.coord[5]-'0')/1000+0.000111
					code, _, b := w.req(t, "POST", "/v1/deconflict", w.tokens[who], strike(lon, lat, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), nil)
					if code != 200 || !bytes.Contains(b, []byte("strike-near-protected-site")) {
						t.Errorf("dry run at the site: %d %s", code, b)
					}
					if got := bytes.Contains(b, []byte(o.id+`"`)); got != visible {
						t.Errorf("dry run: object named = %v, want %v: %s", got, visible, b)
					}
					if bytes.Contains(b, []byte(o.coord)) || (o.disclosure == "hidden" && !entitled && bytes.Contains(b, []byte(o.name))) {
						t.Errorf("dry run: the site's coordinates or hidden name reached %s: %s", role, b)
					}
				}
				// Commitments open only to the owner and the coordinator.
				if o.disclosure != "precise" {
					var obj struct{ Sealed string }
					_, b := w.get(t, disOwner(o), "/v1/"+o.kind+"s/"+o.id)
					json.Unmarshal(b, &obj)
					code, opening := w.get(t, who, "/v1/commitments/"+obj.Sealed)
					if entitled != (code == 200) || entitled != bytes.Contains(opening, []byte(o.coord)) {
						t.Errorf("commitment of %s opened to %s: status %d", o.id, role, code)
					}
				}
			})
		}
	}
	// The public log carries no precise coordinate of a coarse or hidden
	// object, and no hidden name; precise objects are there in full.
	entries := w.publicLog(t)
	for _, o := range objs {
		if got := bytes.Contains(entries, []byte(o.coord)); got != (o.disclosure == "precise") {
			t.Errorf("public log: %s %s coordinate present = %v", o.disclosure, o.kind, got)
		}
		if o.disclosure == "hidden" && bytes.Contains(entries, []byte(o.name)) {
			t.Errorf("public log: the hidden %s's name is there", o.kind)
		}
	}
}

func TestAccessRecords(t *testing.T) {
	w := newDisWorld(t)
	objs := w.populate(t)
	before := w.c.Size()
	// B reads the sites list: it is shown the precise site's coordinates.
	w.get(t, "B", "/v1/sites")
	if w.c.Size() != before+1 {
		t.Fatalf("reading precise coordinates wrote %d entries, want 1", w.c.Size()-before)
	}
	// The owner sees who saw what and when; nobody else sees H's records.
	var recs []struct {
		Member, Party string
		Objects       []struct{ Type, ID string }
		LogIndex      uint64 `json:"log_index"`
	}
	w.do(t, "GET", "/v1/access-records", w.tokens["H"], "", 200, &recs)
	if len(recs) != 1 || recs[0].Party != w.ids["B"] || len(recs[0].Objects) != 1 || recs[0].Objects[0].ID != objs[0].id {
		t.Fatalf("H's access records: %+v", recs)
	}
	var others []json.RawMessage
	w.do(t, "GET", "/v1/access-records", w.tokens["O"], "", 200, &others)
	if len(others) != 0 {
		t.Fatalf("O sees access records of others' objects: %s", others)
	}
	// Reading only coarse or hidden things, or one's own, records nothing.
	size := w.c.Size()
	w.get(t, "H", "/v1/sites")
	w.get(t, "B", "/v1/sites/"+objs[2].id)
	if w.c.Size() != size {
		t.Fatal("an access record was written for no precise coordinates of another party")
	}
}
