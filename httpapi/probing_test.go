package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/geo"
)

// The attack of issue 14, as a hostile party with only its own token
// would run it: binary searches on a strike's radius from several points,
// on its position along a line, and (against another party's strike) on
// a flight's start time — with dry runs, and with submit-then-cancel.
// What it can learn is what tells its answers apart, so the test places
// the target at several positions (and buffers, radii, windows) inside
// the one coarse cell (and six-hour slot) that is disclosed, runs the
// same adaptive attack against each, and requires the attacker's
// transcripts to be identical: every position of the cell stays
// consistent with every answer. The same attack run by the coordinator,
// who may see everything precisely, must tell them apart — so the attack
// has the power to find what the answers would leak.

// probeTarget places one object that the attacker (party A) may not see
// precisely, at variant v (0 is the true one).
type probeTarget struct {
	name string
	// place creates the object at p with variant v's buffer, radius or
	// window.
	place func(t *testing.T, w *disWorld, p geo.LonLat, v int)
	// rule is the conflict the attacker's questions can meet.
	flights bool // the attacker asks with flights (against a strike)
}

// the disclosed cell every variant lies in.
var probeCell = geo.CoarseCell(geo.LonLat{Lon: 37.19, Lat: 36.22})

// variantPos returns a position in probeCell: the middle, then near each
// corner, inset by inset degrees.
func variantPos(v int, inset float64) geo.LonLat {
	c := probeCell
	lon := []float64{(c.MinLon + c.MaxLon) / 2, c.MinLon + inset, c.MaxLon - inset, c.MinLon + inset, c.MaxLon - inset}[v]
	lat := []float64{(c.MinLat + c.MaxLat) / 2, c.MinLat + inset, c.MinLat + inset, c.MaxLat - inset, c.MaxLat - inset}[v]
	return geo.LonLat{Lon: lon, Lat: lat}
}

const variants = 5

var probeTargets = []probeTarget{
	{name: "hidden site", place: func(t *testing.T, w *disWorld, p geo.LonLat, v int) {
		w.do(t, "POST", "/v1/sites", w.tokens["H"], fmt.Sprintf(`{"name":"Underground hospital","category":"hospital",
			"geometry":{"type":"Point","coordinates":[%v,%v]},"buffer_m":%d,
			"valid":{"start":"2016-09-12T00:00:00Z","end":"2016-10-12T00:00:00Z"},"disclosure":"hidden","recipients":[]}`,
			p.Lon, p.Lat, []int{250, 100, 400, 250, 600}[v]), 201, nil)
	}},
	{name: "coarse site", place: func(t *testing.T, w *disWorld, p geo.LonLat, v int) {
		w.do(t, "POST", "/v1/sites", w.tokens["H"], fmt.Sprintf(`{"name":"Aid warehouse","category":"warehouse",
			"geometry":{"type":"Point","coordinates":[%v,%v]},"buffer_m":%d,
			"valid":{"start":"2016-09-12T00:00:00Z","end":"2016-10-12T00:00:00Z"},"disclosure":"coarse","recipients":[%q]}`,
			p.Lon, p.Lat, []int{200, 900, 50, 200, 300}[v], w.ids["A"]), 201, nil)
	}},
	{name: "coarse zone", place: func(t *testing.T, w *disWorld, p geo.LonLat, v int) {
		// A square of 1 to 3 km, wholly inside the cell, that B, A and
		// the coordinator agreed restricts the strikes of A and of the
		// coordinator (so that the control, below, meets it too).
		d := []float64{0.01, 0.005, 0.015, 0.01, 0.012}[v]
		var z struct{ ID string }
		w.do(t, "POST", "/v1/zones", w.tokens["B"], fmt.Sprintf(`{"name":"Positions of B","kind":"no-strike",
			"geometry":{"type":"Polygon","coordinates":[[[%[1]v,%[2]v],[%[3]v,%[2]v],[%[3]v,%[4]v],[%[1]v,%[4]v],[%[1]v,%[2]v]]]},
			"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},
			"restricts":{"parties":[%[5]q,%[7]q],"activities":["strike"]},"endorsers":[%[5]q,%[6]q,%[7]q],"disclosure":"coarse"}`,
			p.Lon-d, p.Lat-d, p.Lon+d, p.Lat+d, w.ids["A"], w.ids["B"], w.ids["coord"]), 201, &z)
		for _, r := range []string{"A", "B", "coord"} {
			w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens[r], `{}`, 201, nil)
		}
	}},
	{name: "another party's strike", flights: true, place: func(t *testing.T, w *disWorld, p geo.LonLat, v int) {
		// Radius and window vary too, inside the 06:00–12:00 slot.
		win := [][2]string{{"07:10", "07:50"}, {"06:00", "12:00"}, {"11:00", "11:59"}, {"06:30", "08:00"}, {"09:00", "10:00"}}[v]
		w.do(t, "POST", "/v1/notifications", w.tokens["B"], fmt.Sprintf(`{"kind":"strike","title":"B's strike","volumes":[{
			"geometry":{"type":"Point","coordinates":[%v,%v]},"radius_m":%d,"altitude":{"min_m":0,"max_m":%d},
			"start":"2016-09-14T%s:00Z","end":"2016-09-14T%s:00Z"}]}`, p.Lon, p.Lat, []int{500, 100, 1500, 800, 500}[v],
			[]int{9000, 3000, 12000, 9000, 6000}[v], win[0], win[1]), 201, nil)
	}},
}

// question is one of the attacker's probes: a point with a radius, and
// for flights a start time (minutes after 2016-09-14T00:00Z, one hour
// long).
type question struct {
	p      geo.LonLat
	r      float64
	minute int
}

func (q question) body(flights bool) string {
	start := time.Date(2016, 9, 14, 0, 0, 0, 0, time.UTC).Add(time.Duration(q.minute) * time.Minute)
	kind, alt := "strike", `{"min_m":0,"max_m":9000}`
	if flights {
		kind, alt = "flight", `{"min_m":1000,"max_m":2000}`
	}
	return fmt.Sprintf(`{"kind":%q,"title":"probe","urgent":true,"volumes":[{"geometry":{"type":"Point","coordinates":[%.7f,%.7f]},
		"radius_m":%.1f,"altitude":%s,"start":%q,"end":%q}]}`, kind, q.p.Lon, q.p.Lat, q.r, alt,
		start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
}

// attacker asks questions and keeps the transcript of what it was told.
type attacker struct {
	t          *testing.T
	w          *disWorld
	token      string
	flights    bool
	submit     bool // submit and cancel instead of dry runs
	transcript bytes.Buffer
	asked      int
}

// hit asks q and reports whether the answer names a conflict.
func (a *attacker) hit(q question) bool {
	a.t.Helper()
	a.asked++
	path := "/v1/deconflict"
	if a.submit {
		path = "/v1/notifications"
	}
	code, _, b := a.w.req(a.t, "POST", path, a.token, q.body(a.flights), nil)
	var res struct {
		ID              string            `json:"id"`
		Conflicts       []json.RawMessage `json:"conflicts"`
		MustAcknowledge []string          `json:"must_acknowledge"`
	}
	if code/100 != 2 {
		a.t.Fatalf("%s: %d %s", path, code, b)
	}
	if err := json.Unmarshal(b, &res); err != nil {
		a.t.Fatal(err)
	}
	fmt.Fprintf(&a.transcript, "%d %s %s\n", code, res.Conflicts, res.MustAcknowledge)
	if a.submit {
		a.w.do(a.t, "POST", "/v1/notifications/"+res.ID+"/cancel", a.token, `{}`, 200, nil)
	}
	return len(res.Conflicts) > 0
}

// search finds by bisection the least x in [lo, hi] for which ask(x)
// conflicts, in steps questions.
func (a *attacker) search(lo, hi float64, steps int, ask func(x float64) question) float64 {
	if !a.hit(ask(hi)) {
		return math.Inf(1)
	}
	for k := 0; k < steps; k++ {
		mid := (lo + hi) / 2
		if a.hit(ask(mid)) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// attack runs the whole adaptive attack around the cell's middle.
func (a *attacker) attack() {
	c := probeCell
	mid := geo.LonLat{Lon: (c.MinLon + c.MaxLon) / 2, Lat: (c.MinLat + c.MaxLat) / 2}
	steps := 14
	if a.submit {
		steps = 8
	}
	minute := 7*60 + 20
	// The radius at which a strike from each of three points first meets
	// the target.
	for _, off := range []geo.LonLat{{Lon: -0.3, Lat: 0}, {Lon: 0, Lat: -0.25}, {Lon: 0.2, Lat: 0.2}} {
		from := geo.LonLat{Lon: mid.Lon + off.Lon, Lat: mid.Lat + off.Lat}
		a.search(0, 60000, steps, func(x float64) question { return question{p: from, r: x, minute: minute} })
	}
	// The position along the parallel where a small strike first meets it.
	a.search(0, 0.4, steps, func(x float64) question {
		return question{p: geo.LonLat{Lon: mid.Lon - 0.4 + x, Lat: mid.Lat}, r: 50, minute: minute}
	})
	// For a strike: when it starts, by the flight's start time.
	if a.flights {
		a.search(0, 12*60, steps, func(x float64) question {
			return question{p: mid, r: 30000, minute: int(x)}
		})
	}
}

// attackAt builds a world with the target at variant v and runs the
// attack as role; it returns the transcript.
func attackAt(t *testing.T, tg probeTarget, v int, role string, submit bool) string {
	t.Helper()
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorldFrom(t, newFixtureWith(t, func(cfg *core.Config) {
		cfg.Clock = clock
		cfg.Settings.Questions.PerHour = 1000
	}))
	tg.place(t, w, variantPos(v, 0.02), v)
	a := &attacker{t: t, w: w, token: w.tokens[role], flights: tg.flights, submit: submit}
	a.attack()
	return a.transcript.String()
}

func TestProbingLearnsNothingFinerThanTheCell(t *testing.T) {
	for _, tg := range probeTargets {
		for _, submit := range []bool{false, true} {
			how := "dry runs"
			if submit {
				how = "submit and cancel"
			}
			t.Run(tg.name+"/"+how, func(t *testing.T) {
				truth := attackAt(t, tg, 0, "A", submit)
				if !strings.Contains(truth, "rule") {
					t.Fatalf("the attack never met the target: the test proves nothing\n%s", truth)
				}
				for v := 1; v < variants; v++ {
					if got := attackAt(t, tg, v, "A", submit); got != truth {
						t.Errorf("variant %d (at %v) is told apart from the truth: the answers leak finer than the disclosed cell and slot\n%s", v, variantPos(v, 0.02), firstDiff(truth, got))
					}
				}
				if submit {
					return
				}
				// The control: the coordinator, answered precisely, tells
				// the variants apart with the same questions.
				control := attackAt(t, tg, 0, "coord", false)
				apart := 0
				for v := 1; v < variants; v++ {
					if attackAt(t, tg, v, "coord", false) != control {
						apart++
					}
				}
				if apart == 0 {
					t.Errorf("precise answers told no variant apart: the attack is too weak to show anything")
				}
			})
		}
	}
}

// firstDiff returns the first differing lines of two transcripts.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("question %d:\n truth:   %s\n variant: %s", i, la[i], lb[i])
		}
	}
	return "lengths differ"
}

// TestQuestionBudget: dry runs and cancellations spend a member's budget;
// beyond it dry runs and submissions get 429 with Retry-After, a
// cancellation still goes through, the clock refills the budget, and the
// coordinator has none.
func TestQuestionBudget(t *testing.T) {
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorldFrom(t, newFixtureWith(t, func(cfg *core.Config) {
		cfg.Clock = clock
		cfg.Settings.Questions.PerHour = 10
	}))
	q := question{p: geo.LonLat{Lon: 37.1, Lat: 36.2}, r: 500, minute: 600}.body(false)
	var keep notif
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], q, 201, &keep)
	for i := 0; i < 9; i++ {
		w.do(t, "POST", "/v1/deconflict", w.tokens["A"], q, 200, nil)
	}
	var n notif
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], q, 201, &n)
	w.do(t, "POST", "/v1/notifications/"+n.ID+"/cancel", w.tokens["A"], `{}`, 200, nil) // the tenth question
	code, hdr, b := w.req(t, "POST", "/v1/deconflict", w.tokens["A"], q, nil)
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" || hdr.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("the eleventh question: %d %v %s", code, hdr, b)
	}
	if code, _, b := w.req(t, "POST", "/v1/notifications", w.tokens["A"], q, nil); code != http.StatusTooManyRequests {
		t.Fatalf("a submission with the budget spent: %d %s", code, b)
	}
	// A cancellation is never refused.
	w.do(t, "POST", "/v1/notifications/"+keep.ID+"/cancel", w.tokens["A"], `{}`, 200, nil)
	// Others are not affected; the coordinator has no budget.
	w.do(t, "POST", "/v1/deconflict", w.tokens["B"], q, 200, nil)
	for i := 0; i < 15; i++ {
		w.do(t, "POST", "/v1/deconflict", w.coord, q, 200, nil)
	}
	// An hour later the budget is back.
	clock.Set(clock.Now().Add(time.Hour))
	w.do(t, "POST", "/v1/deconflict", w.tokens["A"], q, 200, nil)
	// An observer may not ask at all: it notifies nothing.
	w.do(t, "POST", "/v1/deconflict", w.tokens["O"], q, 403, nil)
}

// TestProbesAreRecordedForTheOwner: questions answered from a hidden
// site are counted for its owner (at the first, the tenth, and an alert
// at the twentieth), shown with its access records, with nothing of the
// site's coordinates; other parties see none of it. A strike submitted
// near it is a notice to the owner and to the coordinator, naming the
// site, and never to the notifier.
func TestProbesAreRecordedForTheOwner(t *testing.T) {
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorld(t, clock)
	var site struct{ ID string }
	w.do(t, "POST", "/v1/sites", w.tokens["H"], `{"name":"Underground hospital","category":"hospital",
		"geometry":{"type":"Point","coordinates":[37.196231,36.221471]},"buffer_m":250,
		"valid":{"start":"2016-09-12T00:00:00Z","end":"2016-10-12T00:00:00Z"},"disclosure":"hidden","recipients":[]}`, 201, &site)
	q := question{p: geo.LonLat{Lon: 37.15, Lat: 36.2}, r: 500, minute: 600}.body(false)
	for i := 0; i < 25; i++ {
		w.do(t, "POST", "/v1/deconflict", w.tokens["A"], q, 200, nil)
	}
	var recs []struct {
		Kind, Member string
		Objects      []struct{ Type, ID string }
		Count        int
		Alert        bool
	}
	_, raw := w.get(t, "H", "/v1/access-records")
	if err := json.Unmarshal(raw, &recs); err != nil {
		t.Fatal(err)
	}
	var counts []int
	alerts := 0
	for _, r := range recs {
		if r.Kind == "probe" && len(r.Objects) == 1 && r.Objects[0].ID == site.ID {
			counts = append(counts, r.Count)
			if r.Alert {
				alerts++
			}
		}
	}
	if fmt.Sprint(counts) != "[1 10 20]" || alerts != 1 {
		t.Fatalf("probe records for the owner: counts %v, %d alerts: %s", counts, alerts, raw)
	}
	if bytes.Contains(raw, []byte("37.19623")) {
		t.Fatalf("a probe record carries the site's coordinates: %s", raw)
	}
	if _, b := w.get(t, "B", "/v1/access-records"); bytes.Contains(b, []byte(site.ID)) {
		t.Fatalf("another party sees the probe records: %s", b)
	}
	if _, b := w.get(t, "coord", "/v1/access-records"); !bytes.Contains(b, []byte(`"alert":true`)) {
		t.Fatalf("the coordinator does not see the alert: %s", b)
	}

	// A strike near the site: a notice for the owner and the coordinator.
	var n notif
	raw = w.do(t, "POST", "/v1/notifications", w.tokens["A"], strike(37.15, 36.2, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), 201, &n)
	if bytes.Contains(raw, []byte(site.ID)) || bytes.Contains(raw, []byte("notices")) {
		t.Fatalf("the notifier is told which site: %s", raw)
	}
	var notices []struct {
		Notification, Owner, Rule string
		Object                    struct{ ID, Name string }
		Exact                     bool
	}
	_, raw = w.get(t, "H", "/v1/notices")
	if err := json.Unmarshal(raw, &notices); err != nil {
		t.Fatal(err)
	}
	if len(notices) != 1 || notices[0].Notification != n.ID || notices[0].Object.ID != site.ID || notices[0].Exact {
		t.Fatalf("the owner's notices: %s", raw)
	}
	if _, b := w.get(t, "coord", "/v1/notifications/"+n.ID); !bytes.Contains(b, []byte(site.ID)) {
		t.Fatalf("the coordinator cannot tell which site it answers for: %s", b)
	}
	if _, b := w.get(t, "A", "/v1/notices"); bytes.Contains(b, []byte(site.ID)) {
		t.Fatalf("the notifier reads the notices: %s", b)
	}
	// The notice's sealed opening is the owner's, never the notifier's.
	if _, b := w.get(t, "A", "/v1/notifications/"+n.ID); bytes.Contains(b, []byte(site.ID)) {
		t.Fatalf("the notifier's view names the site: %s", b)
	}
	// The owner hears of it on its event stream, as the event of the
	// notification's entry; the alert reached it there too.
	evs := readEvents(t, w, "H", n.LogIndex)
	if got := evs[n.LogIndex]; !strings.Contains(got, "notification.submit") || !strings.Contains(got, site.ID) || strings.Contains(got, "37.15") {
		t.Fatalf("the owner's event for the strike: %q", got)
	}
	alerted := false
	for _, e := range evs {
		alerted = alerted || (strings.Contains(e, "access.record") && strings.Contains(e, `"alert":true`))
	}
	if !alerted {
		t.Fatalf("no alert on the owner's stream: %v", evs)
	}
	// The notifier's own stream never names the site.
	for i, e := range readEvents(t, w, "A", n.LogIndex) {
		if strings.Contains(e, site.ID) {
			t.Fatalf("event %d on the notifier's stream names the site: %s", i, e)
		}
	}
}

// readEvents reads role's event stream from the start up to the event of
// entry last (a bounded read: the client gives up after ten seconds),
// returning each event's lines by entry index.
func readEvents(t *testing.T, w *disWorld, role string, last uint64) map[uint64]string {
	t.Helper()
	req, _ := http.NewRequest("GET", w.srv.URL+"/v1/events?last_event_id=0", nil)
	req.Header.Set("Authorization", "Bearer "+w.tokens[role])
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[uint64]string{}
	var id uint64
	var cur strings.Builder
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "id: "); ok {
			id, _ = strconv.ParseUint(v, 10, 64)
		}
		cur.WriteString(line + "\n")
		if line == "" {
			if cur.Len() > 1 {
				out[id] = cur.String()
			}
			cur.Reset()
			if id >= last {
				return out
			}
		}
	}
	t.Fatalf("the stream ended before entry %d: %v", last, sc.Err())
	return nil
}
