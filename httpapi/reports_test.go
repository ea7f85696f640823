package httpapi_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"

	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/centertest"
)

func report(lon, lat float64, at string, tp, gp int, sub, actor1 string, fatalities int, source string) string {
	typ, _ := truce.EventTypeOf(sub)
	return fmt.Sprintf(`{"occurred_at":%q,"time_precision":%d,"location":{"type":"Point","coordinates":[%v,%v]},
		"geo_precision":%d,"place":"Aleppo","event_type":%q,"sub_event_type":%q,"actor1":%q,"inter1":1,
		"actor2":"Civilians (Syria)","inter2":7,"fatalities":%d,"notes":"reported strike",
		"sources":[{"name":%q,"url":"https://example.org/a","scale":"international"}]}`, at, tp, lon, lat, gp, typ, sub, actor1, fatalities, source)
}

type rep struct {
	ID          string   `json:"id"`
	Status      string   `json:"status"`
	Holder      string   `json:"holder"`
	Zones       []string `json:"zones"`
	Incident    string   `json:"incident"`
	Interaction int      `json:"interaction"`
	Reviews     []struct{ Status, Note, Member string }
	Requests    []struct {
		N            int
		To, Question string
		Answer       string `json:"answer"`
	}
	Evidence []struct {
		SHA256    string `json:"sha256"`
		MediaType string `json:"media_type"`
	}
}

func TestReportValidation(t *testing.T) {
	w := newDisWorld(t, centertest.NewClock(time.Date(2016, 9, 30, 0, 0, 0, 0, time.UTC)))
	good := report(37.1, 36.2, "2016-09-19T19:30:00Z", 1, 1, "Air/drone strike", "Military Forces of Russia", 20, "UN OCHA")
	var m map[string]any
	json.Unmarshal([]byte(good), &m)
	size := w.c.Size()
	cases := []struct {
		field string
		value any
	}{
		{"event_type", "Bombing"},
		{"sub_event_type", "Shelling"},
		{"sub_event_type", "Armed clash"},
		{"time_precision", 4},
		{"time_precision", 0},
		{"geo_precision", 7},
		{"occurred_at", "2016-10-19T19:30:00Z"},
		{"occurred_at", nil},
		{"location", map[string]any{"type": "Point", "coordinates": []float64{200, 36}}},
		{"location", map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{1, 1}, {2, 1}, {2, 2}, {1, 1}}}}},
		{"actor1", ""},
		{"inter1", 9},
		{"fatalities", -1},
		{"sources", []any{}},
		{"sources", []any{map[string]string{"name": "x", "scale": "global"}}},
		{"sources", []any{map[string]string{"name": "", "scale": "local"}}},
		{"sources", []any{map[string]string{"name": "x", "scale": "local", "url": "ftp://x"}}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s=%v", tc.field, tc.value), func(t *testing.T) {
			bad := map[string]any{}
			for k, v := range m {
				bad[k] = v
			}
			bad[tc.field] = tc.value
			b, _ := json.Marshal(bad)
			code, _, body := w.req(t, "POST", "/v1/reports", w.tokens["O"], string(b), nil)
			if code != 400 || !bytes.Contains(body, []byte(`"field":"`+tc.field)) {
				t.Fatalf("status %d, want 400 naming %s: %s", code, tc.field, body)
			}
		})
	}
	// A fractional fatality count is refused as a type error.
	code, _, body := w.req(t, "POST", "/v1/reports", w.tokens["O"], strings.Replace(good, `"fatalities":20`, `"fatalities":2.5`, 1), nil)
	if code != 400 || !bytes.Contains(body, []byte(`"fatalities"`)) {
		t.Fatalf("fractional fatalities: %d %s", code, body)
	}
	if w.c.Size() != size {
		t.Fatalf("refused reports wrote %d entries", w.c.Size()-size)
	}
	var r rep
	w.do(t, "POST", "/v1/reports", w.tokens["A"], good, 201, &r)
	if r.Status != "submitted" || r.Interaction != 17 {
		t.Fatalf("filed report: %+v", r)
	}
}

func TestReportReviewWorkflow(t *testing.T) {
	w := newDisWorld(t, centertest.NewClock(time.Date(2016, 9, 30, 0, 0, 0, 0, time.UTC)))
	// A second observer: two reviewers.
	var p struct{ ID string }
	w.do(t, "POST", "/v1/parties", w.coord, `{"name":"Second mission","kind":"observer"}`, 201, &p)
	var m struct{ Token string }
	w.do(t, "POST", "/v1/parties/"+p.ID+"/members", w.coord, `{"name":"analyst"}`, 201, &m)
	o2 := m.Token
	// A zone the report falls in is resolved automatically.
	var z struct{ ID string }
	w.do(t, "POST", "/v1/zones", w.coord, fmt.Sprintf(`{"name":"Aleppo de-escalation zone","kind":"de-escalation",
		"geometry":{"type":"Polygon","coordinates":[[[37.0,36.1],[37.3,36.1],[37.3,36.3],[37.0,36.3],[37.0,36.1]]]},
		"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},
		"restricts":{"parties":["*"],"activities":["strike"]},"endorsers":[%q]}`, w.ids["A"]), 201, &z)
	var r rep
	w.do(t, "POST", "/v1/reports", w.tokens["H"], report(37.1, 36.2, "2016-09-19T19:30:00Z", 1, 1, "Air/drone strike", "Military Forces of Russia", 20, "UN OCHA"), 201, &r)
	if len(r.Zones) != 1 || r.Zones[0] != z.ID {
		t.Fatalf("zones resolved: %v, want [%s]", r.Zones, z.ID)
	}
	w.do(t, "GET", "/v1/reports?zone="+z.ID, w.tokens["B"], "", 200, &[]rep{})
	// Parties do not review; a verdict needs the report held first.
	w.do(t, "POST", "/v1/reports/"+r.ID+"/reviews", w.tokens["A"], `{"status":"verified","note":"x"}`, 403, nil)
	w.do(t, "POST", "/v1/reports/"+r.ID+"/reviews", w.tokens["O"], `{"status":"verified","note":"x"}`, 409, nil)
	// O takes it; O2 sees who holds it and cannot take it.
	w.do(t, "POST", "/v1/reports/"+r.ID+"/reviews", w.tokens["O"], `{"status":"under-review"}`, 201, &r)
	if r.Status != "under-review" || r.Holder == "" {
		t.Fatalf("held: %+v", r)
	}
	code, _, b := w.req(t, "POST", "/v1/reports/"+r.ID+"/reviews", o2, `{"status":"under-review"}`, nil)
	if code != 409 || !bytes.Contains(b, []byte(r.Holder)) {
		t.Fatalf("second reviewer: %d %s", code, b)
	}
	// The accused party is asked for information and answers.
	w.do(t, "POST", "/v1/reports/"+r.ID+"/requests", w.tokens["O"], fmt.Sprintf(`{"to":%q,"question":"Did your aircraft fly over Urum al-Kubra that evening?"}`, w.ids["A"]), 201, &r)
	w.do(t, "POST", "/v1/reports/"+r.ID+"/requests/1/answer", w.tokens["B"], `{"answer":"not us"}`, 403, nil)
	w.do(t, "POST", "/v1/reports/"+r.ID+"/requests/1/answer", w.tokens["A"], `{"answer":"No sorties were flown there."}`, 201, &r)
	if len(r.Requests) != 1 || r.Requests[0].Answer != "No sorties were flown there." {
		t.Fatalf("request: %+v", r.Requests)
	}
	// A verdict needs a note; the holder gives it.
	w.do(t, "POST", "/v1/reports/"+r.ID+"/reviews", w.tokens["O"], `{"status":"verified"}`, 400, nil)
	w.do(t, "POST", "/v1/reports/"+r.ID+"/reviews", o2, `{"status":"rejected","note":"no"}`, 409, nil)
	id := r.ID
	r = rep{}
	w.do(t, "POST", "/v1/reports/"+id+"/reviews", w.tokens["O"], `{"status":"verified","note":"two independent witnesses, imagery"}`, 201, &r)
	if r.Status != "verified" || r.Holder != "" || len(r.Reviews) != 2 {
		t.Fatalf("verified: %+v", r)
	}
	// Decided: only the coordinator reopens it.
	w.do(t, "POST", "/v1/reports/"+r.ID+"/reviews", o2, `{"status":"under-review"}`, 409, nil)
	w.do(t, "POST", "/v1/reports/"+r.ID+"/reviews", w.coord, `{"status":"under-review"}`, 201, &r)
	// Evidence: stored by SHA-256, media type sniffed, shown to those allowed.
	png := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("x", 100))
	code, _, b = w.req(t, "POST", "/v1/reports/"+r.ID+"/evidence?name=photo.png", w.tokens["H"], "", nil)
	if code != 400 {
		t.Fatalf("empty evidence: %d %s", code, b)
	}
	req, _ := http.NewRequest("POST", w.srv.URL+"/v1/reports/"+r.ID+"/evidence?name=photo.png", bytes.NewReader(png))
	req.Header.Set("Authorization", "Bearer "+w.tokens["H"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("evidence: %v %v", err, resp.Status)
	}
	var ev struct {
		SHA256    string `json:"sha256"`
		MediaType string `json:"media_type"`
	}
	json.NewDecoder(resp.Body).Decode(&ev)
	resp.Body.Close()
	if ev.MediaType != "image/png" || len(ev.SHA256) != 64 {
		t.Fatalf("evidence: %+v", ev)
	}
	code, _, got := w.req(t, "GET", "/v1/reports/"+r.ID+"/evidence/"+ev.SHA256, w.tokens["O"], "", nil)
	if code != 200 || !bytes.Equal(got, png) {
		t.Fatalf("evidence read back: %d", code)
	}
	w.do(t, "GET", "/v1/reports/"+r.ID+"/evidence/"+ev.SHA256, w.tokens["A"], "", 403, nil)
	// The public log holds the hash, not the bytes.
	entries := w.publicLog(t)
	if !bytes.Contains(entries, []byte(ev.SHA256)) || bytes.Contains(entries, png[:20]) {
		t.Fatal("the log should hold the evidence's hash and not its bytes")
	}
}

func TestIncidentGrouping(t *testing.T) {
	w := newDisWorld(t, centertest.NewClock(time.Date(2016, 10, 30, 0, 0, 0, 0, time.UTC)))
	post := func(body string) string {
		var r rep
		w.do(t, "POST", "/v1/reports", w.tokens["O"], body, 201, &r)
		return r.ID
	}
	// The same strike reported by two sources, one with a day, one only
	// with its week and a nearby place.
	a := post(report(37.10, 36.20, "2016-09-19T19:30:00Z", 1, 1, "Air/drone strike", "Russia", 20, "UN OCHA"))
	b := post(report(37.15, 36.22, "2016-09-22T00:00:00Z", 2, 2, "Air/drone strike", "Russia", 12, "SOHR"))
	// Another strike 30 km away on the same night: a separate incident.
	c := post(report(37.45, 36.25, "2016-09-19T21:00:00Z", 1, 1, "Air/drone strike", "Russia", 3, "SARC"))
	// An armed clash at a's place and time: another event type, another
	// incident. (Shelling would be the same type as an air strike —
	// Explosions/Remote violence — and sources often confuse the two.)
	d := post(report(37.10, 36.20, "2016-09-19T19:30:00Z", 1, 1, "Armed clash", "Syria", 1, "UN OCHA"))
	var incs []struct {
		ID                 string
		Reports            []string
		IndependentSources int `json:"independent_sources"`
		Confidence         float64
		Fatalities         int
	}
	w.do(t, "GET", "/v1/incidents", w.tokens["B"], "", 200, &incs)
	if len(incs) != 3 || strings.Join(incs[0].Reports, ",") != a+","+b || incs[0].IndependentSources != 2 || incs[0].Confidence != 0.75 || incs[0].Fatalities != 20 {
		t.Fatalf("incidents: %+v", incs)
	}
	if len(incs[1].Reports) != 1 || incs[1].Reports[0] != c || incs[2].Reports[0] != d {
		t.Fatalf("incidents: %+v", incs)
	}
	w.do(t, "GET", "/v1/incidents?min_reports=2", w.tokens["B"], "", 200, &incs)
	if len(incs) != 1 {
		t.Fatalf("min_reports=2: %+v", incs)
	}
	// A reviewer moves c into a's incident; a party may not.
	w.do(t, "POST", "/v1/reports/"+c+"/incident", w.tokens["A"], fmt.Sprintf(`{"with":%q}`, a), 403, nil)
	var moved rep
	w.do(t, "POST", "/v1/reports/"+c+"/incident", w.tokens["O"], fmt.Sprintf(`{"with":%q}`, a), 200, &moved)
	w.do(t, "GET", "/v1/reports/"+c, w.tokens["B"], "", 200, &moved)
	var ra rep
	w.do(t, "GET", "/v1/reports/"+a, w.tokens["B"], "", 200, &ra)
	if moved.Incident != ra.Incident || moved.Incident == "" {
		t.Fatalf("after the move: %s vs %s", moved.Incident, ra.Incident)
	}
	w.do(t, "GET", "/v1/incidents?min_reports=2", w.tokens["B"], "", 200, &incs)
	if len(incs) != 1 || len(incs[0].Reports) != 3 || incs[0].IndependentSources != 3 {
		t.Fatalf("after the move: %+v", incs)
	}
}

func TestStatistics(t *testing.T) {
	w := newDisWorld(t, centertest.NewClock(time.Date(2016, 10, 30, 0, 0, 0, 0, time.UTC)))
	type spec struct {
		at, sub, actor string
		fat            int
		verify         bool
	}
	specs := []spec{
		{"2016-09-19T19:30:00Z", "Air/drone strike", "Russia", 20, true},
		{"2016-09-19T23:00:00Z", "Air/drone strike", "Russia", 5, true},
		{"2016-09-20T10:00:00Z", "Shelling/artillery/missile attack", "Syria", 2, true},
		{"2016-09-27T10:00:00Z", "Air/drone strike", "Syria", 7, true},
		{"2016-09-27T11:00:00Z", "Air/drone strike", "Syria", 100, false},
	}
	for i, s := range specs {
		var r rep
		w.do(t, "POST", "/v1/reports", w.tokens["H"], report(36.0+float64(i), 35, s.at, 1, 1, s.sub, s.actor, s.fat, fmt.Sprint("src", i)), 201, &r)
		if s.verify {
			w.do(t, "POST", "/v1/reports/"+r.ID+"/reviews", w.tokens["O"], `{"status":"under-review"}`, 201, nil)
			w.do(t, "POST", "/v1/reports/"+r.ID+"/reviews", w.tokens["O"], `{"status":"verified","note":"checked"}`, 201, nil)
		}
	}
	get := func(q string) string {
		var rows []struct {
			Bucket     time.Time
			Key        string
			Reports    int
			Fatalities int
		}
		w.do(t, "GET", "/v1/stats/violations?"+q, w.tokens["B"], "", 200, &rows)
		var parts []string
		for _, r := range rows {
			parts = append(parts, fmt.Sprintf("%s %s %d/%d", r.Bucket.Format("01-02"), r.Key, r.Reports, r.Fatalities))
		}
		return strings.Join(parts, "; ")
	}
	for q, want := range map[string]string{
		"bucket=day&by=perpetrator":                                        "09-19 Russia 2/25; 09-20 Syria 1/2; 09-27 Syria 1/7",
		"bucket=week&by=event_type":                                        "09-19 Explosions/Remote violence 3/27; 09-26 Explosions/Remote violence 1/7",
		"bucket=week&by=perpetrator&include=all":                           "09-19 Russia 2/25; 09-19 Syria 1/2; 09-26 Syria 2/107",
		"by=perpetrator&from=2016-09-20T00:00:00Z&to=2016-09-21T00:00:00Z": "09-20 Syria 1/2",
	} {
		if got := get(q); got != want {
			t.Errorf("stats?%s\n got %s\nwant %s", q, got, want)
		}
	}
	w.do(t, "GET", "/v1/stats/violations?bucket=month", w.tokens["B"], "", 400, nil)
	// The CSV export has ACLED's columns, the HXL hashtags, and one row a
	// report.
	_, csvBody := w.get(t, "B", "/v1/export/reports.csv")
	rows, err := csv.NewReader(bytes.NewReader(csvBody)).ReadAll()
	if err != nil || len(rows) != 7 || rows[1][0] != "#event+code" || strings.Join(rows[0][:6], ",") != "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type" {
		t.Fatalf("csv: %v %q", err, rows)
	}
	_, gj := w.get(t, "B", "/v1/export/reports.geojson")
	var fc struct{ Features []json.RawMessage }
	if err := json.Unmarshal(gj, &fc); err != nil || len(fc.Features) != 5 {
		t.Fatalf("geojson: %v (%d features)", err, len(fc.Features))
	}
}
