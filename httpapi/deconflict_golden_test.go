package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestDeconflictAnswersUnchanged asks POST /v1/deconflict many questions
// of a varied store — sites and zones of every disclosure, restricted and
// not, notifications of several parties and kinds — as every role, and
// compares the answers, byte for byte, with testdata/deconflict.golden.
// The golden file was written by the code before the dry run's findings
// were built and encoded on a faster path (issue 17 item 4): what an
// asker learns, and how it is written, must not change with speed. Run
// with -update only when an answer is meant to change.
func TestDeconflictAnswersUnchanged(t *testing.T) {
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorldFrom(t, newFixtureWith(t, func(cfg *core.Config) {
		cfg.Clock = clock
		cfg.Settings.Questions.PerHour = 100000
	}))
	rng := rand.New(rand.NewPCG(17, 4))
	// Around Aleppo: 0.3° by 0.3°, so that objects meet each other.
	pos := func() (float64, float64) {
		return 37.0 + float64(rng.IntN(30000))/100000, 36.1 + float64(rng.IntN(30000))/100000
	}
	disclosures := []string{"precise", "coarse", "hidden"}
	window := func() (string, string) {
		s := time.Date(2016, 9, 13, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(72)) * time.Hour).Add(time.Duration(rng.IntN(4)) * 15 * time.Minute)
		return s.Format(time.RFC3339), s.Add(time.Duration(1+rng.IntN(10)) * time.Hour).Format(time.RFC3339)
	}
	geometry := func(kind string) (string, string) {
		lon, lat := pos()
		switch rng.IntN(3) {
		case 0:
			return fmt.Sprintf(`{"type":"Point","coordinates":[%v,%v]}`, lon, lat), fmt.Sprintf(`"radius_m":%d`, 200+rng.IntN(3000))
		case 1:
			lon2, lat2 := pos()
			return fmt.Sprintf(`{"type":"LineString","coordinates":[[%v,%v],[%v,%v],[%v,%v]]}`, lon, lat, (lon+lon2)/2, lat, lon2, lat2),
				fmt.Sprintf(`"width_m":%d`, 100+rng.IntN(2000))
		}
		d := 0.005 + float64(rng.IntN(40))/1000
		return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%v,%v],[%v,%v],[%v,%v],[%v,%v],[%v,%v]]]}`,
			lon, lat, lon+d, lat, lon+d, lat+d, lon, lat+d, lon, lat), ""
	}
	for i := range 40 {
		lon, lat := pos()
		owner := []string{"H", "H2", "A"}[i%3]
		d := disclosures[rng.IntN(3)]
		recipients := fmt.Sprintf(`[%q]`, w.ids["B"])
		if d == "hidden" {
			recipients = "[]"
		}
		w.do(t, "POST", "/v1/sites", w.tokens[owner], fmt.Sprintf(`{"name":"site %d","category":%q,
			"geometry":{"type":"Point","coordinates":[%v,%v]},"buffer_m":%d,
			"valid":{"start":"2016-09-12T00:00:00Z","end":"2016-10-12T00:00:00Z"},"disclosure":%q,"recipients":%s}`,
			i, []string{"hospital", "school", "water"}[rng.IntN(3)], lon, lat, 100+rng.IntN(900), d, recipients), 201, nil)
	}
	zoneKinds := []string{"no-strike", "no-fly", "de-escalation", "security-belt", "corridor", "opposition-area"}
	for i := range 12 {
		lon, lat := pos()
		dd := 0.01 + float64(rng.IntN(60))/1000
		d := disclosures[i%3]
		restricted := []string{w.ids["A"], w.ids["B"]}[rng.IntN(2)]
		activities := []string{`"strike"`, `"flight"`, `"*"`, `"ground-movement","strike"`}[rng.IntN(4)]
		endorsers := fmt.Sprintf(`[%q]`, w.ids["A"])
		var z struct{ ID string }
		owner := []string{"coord", "A"}[i%2]
		if d == "hidden" {
			owner = "A" // a hidden zone has no endorser but its owner
		}
		if owner == "A" {
			restricted = w.ids["A"]
		}
		w.do(t, "POST", "/v1/zones", w.tokens[owner], fmt.Sprintf(`{"name":"zone %d","kind":%q,
			"geometry":{"type":"Polygon","coordinates":[[[%v,%v],[%v,%v],[%v,%v],[%v,%v],[%v,%v]]]},
			"valid":{"start":"2016-09-12T12:00:00Z","end":"2016-10-12T16:00:00Z"},
			"restricts":{"parties":[%q],"activities":[%s]},"endorsers":%s,"disclosure":%q}`,
			i, zoneKinds[i%len(zoneKinds)], lon, lat, lon+dd, lat, lon+dd, lat+dd, lon, lat+dd, lon, lat, restricted, activities, endorsers, d), 201, &z)
		w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["A"], `{}`, 201, nil)
	}
	kinds := map[string][]string{"A": {"strike", "flight", "ground-movement"}, "B": {"strike", "flight", "ground-movement"},
		"H": {"humanitarian-movement"}, "H2": {"humanitarian-movement"}}
	for i := range 40 {
		who := []string{"A", "B", "H", "H2"}[i%4]
		kind := kinds[who][rng.IntN(len(kinds[who]))]
		g, size := geometry(kind)
		s, e := window()
		if size != "" {
			size = "," + size
		}
		// Some are refused (a strike into a restricting zone); the answer
		// is recorded all the same.
		w.req(t, "POST", "/v1/notifications", w.tokens[who], fmt.Sprintf(`{"kind":%q,"title":"n %d","volumes":[{"geometry":%s%s,
			"altitude":{"min_m":%d,"max_m":%d},"start":%q,"end":%q}]}`, kind, i, g, size, rng.IntN(2000), 2000+rng.IntN(8000), s, e), nil)
	}
	var got bytes.Buffer
	for q := range 60 {
		kind := []string{"strike", "flight", "ground-movement", "humanitarian-movement"}[q%4]
		g, size := geometry(kind)
		s, e := window()
		if size != "" {
			size = "," + size
		}
		body := fmt.Sprintf(`{"kind":%q,"title":"q","volumes":[{"geometry":%s%s,"altitude":{"min_m":0,"max_m":%d},"start":%q,"end":%q},
			{"geometry":{"type":"Point","coordinates":[37.15,36.25]},"radius_m":5000,"altitude":{"min_m":0,"max_m":500},"start":%q,"end":%q}]}`,
			kind, g, size, 500+rng.IntN(9000), s, e, s, e)
		roles := []string{"coord", "A", "B"}
		if kind == "humanitarian-movement" {
			roles = []string{"coord", "H", "H2", "A"}
		}
		if q < 4 {
			roles = append(roles, "O")
		}
		for _, role := range roles {
			code, _, b := w.req(t, "POST", "/v1/deconflict", w.tokens[role], body, nil)
			fmt.Fprintf(&got, "question %d (%s) as %s: %d\n%s\n", q, kind, role, code, strings.TrimRight(string(b), "\n"))
		}
	}
	// Gzipped: the answers name coarse areas, hundreds of kilobytes of
	// text that compress forty-fold.
	path := filepath.Join("testdata", "deconflict.golden.gz")
	if *update {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write(got.Bytes())
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, z.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	want, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		gl, wl := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("answers changed at line %d:\ngot  %s\nwant %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("answers changed: %d lines, want %d", len(gl), len(wl))
	}
	// The questions must have met something of every kind, or the file
	// would prove little.
	for _, s := range []string{`"area"`, "strike-near-protected-site", "flight-separation", `"type":"zone"`, `"type":"notification"`, ": 403"} {
		if !bytes.Contains(want, []byte(s)) {
			t.Errorf("the golden answers never contain %s", s)
		}
	}
}
