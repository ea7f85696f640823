package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/demo"
	"github.com/truce-center/truce/formats/sitrep"
)

// sitrepDay is the day the demonstration's sitrep is tested on: the first
// day of the September 2016 recommitment.
const sitrepDay = "2016-09-13"

// runSitrep runs `truce sitrep` in process and returns the file it wrote.
func runSitrep(t *testing.T, url, token, out string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := &Main{Stdout: &stdout, Stderr: &stderr}
	if code := m.Run(context.Background(), []string{"sitrep", "--server", url, "--token", token, "--date", sitrepDay, "-o", out}); code != 0 {
		t.Fatalf("truce sitrep -o %s: exit %d: %s", out, code, stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var sitrepData = regexp.MustCompile(`(?s)<script type="application/json" id="sitrep-data">(.*?)</script>`)

func decodeSitrep(t *testing.T, page []byte) sitrep.Report {
	t.Helper()
	m := sitrepData.FindSubmatch(page)
	if m == nil {
		t.Fatal("no sitrep-data in the page")
	}
	var r sitrep.Report
	if err := json.Unmarshal(m[1], &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// needTool finds a program the test needs, and skips without it — or
// fails under CI, where scripts/deps.sh installs it.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing (scripts/deps.d/formats.sh installs it)", name)
		}
		t.Skipf("%s is missing; run scripts/deps.sh", name)
	}
	return p
}

// TestDemoSitrep builds the demonstration's situation report of 13
// September 2016 for the coordinator and for parties, and checks it
// against the API each of them may read.
func TestDemoSitrep(t *testing.T) {
	url, members := startDemo(t, centertest.NewClock(demo.Start()))
	dir := t.TempDir()
	day, _ := time.Parse("2006-01-02", sitrepDay)
	next := day.AddDate(0, 0, 1)
	first := day.AddDate(0, 0, 1-sitrep.Days)
	ts := func(t time.Time) string { return t.Format(time.RFC3339) }

	reps := map[string]sitrep.Report{}
	for _, who := range []string{"coordinator", "us", "ru", "hum"} {
		tok := members[who].Token
		page := runSitrep(t, url, tok, filepath.Join(dir, who+".html"))
		again := runSitrep(t, url, tok, filepath.Join(dir, who+"-again.html"))
		if !bytes.Equal(page, again) {
			t.Errorf("%s: two sitreps at one checkpoint differ", who)
		}
		r := decodeSitrep(t, page)
		reps[who] = r
		if r.Date != sitrepDay || r.Viewer != members[who].Party || !strings.Contains(r.Checkpoint, fmt.Sprintf("\n%d\n", r.LogSize)) {
			t.Errorf("%s: date %s, viewer %s, checkpoint %q of size %d", who, r.Date, r.Viewer, r.Checkpoint, r.LogSize)
		}

		// The counts against the API, as this member reads it.
		var stats []struct {
			Bucket  time.Time
			Key     string
			Reports int
		}
		getJSON(t, url, tok, fmt.Sprintf("/v1/stats/violations?by=perpetrator&from=%s&to=%s", ts(first), ts(next)), &stats)
		perp, onDay := map[string]int{}, 0
		for _, s := range stats {
			perp[s.Key] += s.Reports
			if s.Bucket.Equal(day) {
				onDay += s.Reports
			}
		}
		got := map[string]int{}
		for _, s := range r.ByPerpetrator {
			got[s.Key] = s.Total
		}
		if fmt.Sprint(got) != fmt.Sprint(perp) || r.Summary.VerifiedViolations != onDay {
			t.Errorf("%s: by perpetrator %v, the API %v; verified on the day %d, the API %d", who, got, perp, r.Summary.VerifiedViolations, onDay)
		}
		var notes []struct {
			ID, State string
			Volumes   []struct{ Start, End time.Time }
		}
		getJSON(t, url, tok, "/v1/notifications", &notes)
		var want, listed []string
		inEffect := 0
		for _, n := range notes {
			if !slices.ContainsFunc(n.Volumes, func(v struct{ Start, End time.Time }) bool { return v.Start.Before(next) && v.End.After(day) }) {
				continue
			}
			inEffect++
			if n.State == "objected" || n.State == "expired" {
				want = append(want, n.ID)
			}
		}
		if r.Summary.Notifications != inEffect {
			t.Errorf("%s: %d notifications in effect on the day, the API shows %d", who, r.Summary.Notifications, inEffect)
		}
		for _, n := range r.Notifications {
			listed = append(listed, n.ID)
		}
		slices.Sort(want)
		slices.Sort(listed)
		if !slices.Equal(want, listed) {
			t.Errorf("%s: objected/expired notifications %v, the API shows %v", who, listed, want)
		}
		// The terms: the phase in force and each party's record, as the
		// API gives them.
		var terms []struct {
			ID     string
			Phase  int
			Phases []struct{ Name string }
		}
		getJSON(t, url, tok, "/v1/terms", &terms)
		if len(terms) == 0 || r.Terms == nil || len(r.Terms.Lines) != len(terms) {
			t.Errorf("%s: the sitrep's terms %+v, the API has %d terms", who, r.Terms, len(terms))
		} else {
			l := r.Terms.Lines[0]
			if l.ID != terms[0].ID || l.PhaseNo != terms[0].Phase+1 || l.Phase != terms[0].Phases[terms[0].Phase].Name {
				t.Errorf("%s: the sitrep's phase %+v, the API's %d", who, l, terms[0].Phase)
			}
			var comp struct {
				Parties []struct {
					Party  string
					Totals struct {
						StrikesObjected int `json:"strikes_objected"`
						Violations      int
					}
				}
			}
			getJSON(t, url, tok, "/v1/terms/"+terms[0].ID+"/compliance", &comp)
			objected := 0
			for _, pc := range comp.Parties {
				objected += pc.Totals.StrikesObjected
			}
			shown := 0
			for _, pt := range l.Parties {
				shown += pt.Total.StrikesObjected
			}
			if len(l.Parties) != len(comp.Parties) || shown != objected || objected == 0 {
				t.Errorf("%s: compliance in the sitrep %+v, the API %+v", who, l.Parties, comp.Parties)
			}
		}
		var msgs []struct {
			SentAt time.Time `json:"sent_at"`
		}
		getJSON(t, url, tok, "/v1/messages", &msgs)
		sent := 0
		for _, m := range msgs {
			if !m.SentAt.Before(day) && m.SentAt.Before(next) {
				sent++
			}
		}
		if r.Summary.HotlineMessages != sent {
			t.Errorf("%s: %d hotline messages, the API shows %d", who, r.Summary.HotlineMessages, sent)
		}
		var zones []struct {
			ID       string
			Geometry json.RawMessage
		}
		getJSON(t, url, tok, "/v1/zones", &zones)
		shapes := map[string]string{}
		for _, z := range zones {
			shapes[z.ID] = map[bool]string{true: "precise", false: "coarse"}[len(z.Geometry) > 0]
		}
		for _, z := range r.Zones {
			if shapes[z.ID] != z.Shape {
				t.Errorf("%s: zone %s drawn %s, the API gives it %s", who, z.Name, z.Shape, shapes[z.ID])
			}
		}
	}

	// The coordinator's and a party's sitreps differ exactly where
	// need-to-know applies: what comes from reports (open to every
	// party) is equal; notifications, hotline and shapes follow each view.
	co, us := reps["coordinator"], reps["us"]
	if fmt.Sprint(co.ByPerpetrator, co.ByZone, co.Incidents) != fmt.Sprint(us.ByPerpetrator, us.ByZone, us.Incidents) {
		t.Error("the report-based parts differ between the coordinator and a party")
	}
	if co.Summary.Notifications <= us.Summary.Notifications || len(co.Notifications) < len(us.Notifications) ||
		co.Summary.HotlineMessages < us.Summary.HotlineMessages {
		t.Errorf("the coordinator sees %d notifications on the day (%d objected or expired) and %d messages, a party %d (%d) and %d",
			co.Summary.Notifications, len(co.Notifications), co.Summary.HotlineMessages,
			us.Summary.Notifications, len(us.Notifications), us.Summary.HotlineMessages)
	}
	// The PDF: printed by chromium, the same bytes twice, its pages kept
	// as PNG in test-artifacts/sitrep, its text holding the counts.
	needTool(t, "chromium")
	pdftoppm, pdftotext := needTool(t, "pdftoppm"), needTool(t, "pdftotext")
	artifacts := filepath.Join("..", "..", "test-artifacts", "sitrep")
	os.RemoveAll(artifacts)
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"coordinator", "us"} {
		pdfPath := filepath.Join(artifacts, "sitrep-"+sitrepDay+"-"+who+".pdf")
		pdf := runSitrep(t, url, members[who].Token, pdfPath)
		again := runSitrep(t, url, members[who].Token, filepath.Join(dir, who+"-again.pdf"))
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Equal(pdf, again) {
			t.Errorf("%s: the PDF is not a PDF, or two prints at one checkpoint differ", who)
		}
		if out, err := exec.Command(pdftoppm, "-png", "-r", "60", pdfPath, filepath.Join(artifacts, "sitrep-"+sitrepDay+"-"+who)).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v: %s", err, out)
		}
		text, err := exec.Command(pdftotext, "-layout", pdfPath, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		r := reps[who]
		for _, want := range []string{
			fmt.Sprintf("Verified violations: %d", r.Summary.VerifiedViolations),
			fmt.Sprintf("Hotline messages: %d", r.Summary.HotlineMessages),
			fmt.Sprintf("Objected: %d", r.Summary.Objected),
			"Daily situation report — Tuesday 13 September 2016",
			r.Origin,
		} {
			if !strings.Contains(string(text), want) {
				t.Errorf("%s: the PDF's text lacks %q", who, want)
			}
		}
	}
	pngs, _ := filepath.Glob(filepath.Join(artifacts, "*.png"))
	if len(pngs) < 2 {
		t.Errorf("%d PNG pages in %s", len(pngs), artifacts)
	}
}

func getJSON(t *testing.T, url, token, path string, out any) {
	t.Helper()
	status, body := get(t, url+path, token)
	if status != 200 {
		t.Fatalf("GET %s: %d %s", path, status, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}
