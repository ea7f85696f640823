package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
)

type notif struct {
	ID               string    `json:"id"`
	State            string    `json:"state"`
	Urgent           bool      `json:"urgent"`
	LogIndex         uint64    `json:"log_index"`
	MustAcknowledge  []string  `json:"must_acknowledge"`
	AckDeadline      time.Time `json:"ack_deadline"`
	Acknowledgements []struct {
		Party, Decision, Note string
	} `json:"acknowledgements"`
	Conflicts []struct {
		Rule string `json:"rule"`
		With struct {
			Type, ID, Name, Kind, Category, Party string
			Area                                  json.RawMessage
		} `json:"with"`
		Volume  int `json:"volume"`
		Overlap struct{ Start, End time.Time }
	} `json:"conflicts"`
}

func strike(lon, lat float64, start, end string) string {
	return fmt.Sprintf(`{"kind":"strike","title":"planned strike","volumes":[{"geometry":{"type":"Point","coordinates":[%v,%v]},
		"radius_m":500,"altitude":{"min_m":0,"max_m":9000},"start":%q,"end":%q}]}`, lon, lat, start, end)
}

func flight(lon, lat float64, minM, maxM int, start, end string, urgent bool) string {
	return fmt.Sprintf(`{"kind":"flight","title":"patrol","urgent":%v,"volumes":[{"geometry":{"type":"Point","coordinates":[%v,%v]},
		"radius_m":1000,"altitude":{"min_m":%d,"max_m":%d},"start":%q,"end":%q}]}`, urgent, lon, lat, minM, maxM, start, end)
}

// aleppo sets up the scene of September 2016 at noon on the 12th: an
// active no-strike zone that restricts party A, a hidden hospital of H,
// and H's convoy on a route.
func aleppo(t *testing.T) (*disWorld, *centertest.Clock, map[string]string) {
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorld(t, clock)
	ids := map[string]string{}
	var z struct{ ID string }
	w.do(t, "POST", "/v1/zones", w.coord, fmt.Sprintf(`{"name":"Eastern Aleppo no-strike zone","kind":"no-strike",
		"geometry":{"type":"Polygon","coordinates":[[[37.15,36.18],[37.25,36.18],[37.25,36.25],[37.15,36.25],[37.15,36.18]]]},
		"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},
		"restricts":{"parties":[%q],"activities":["strike"]},"endorsers":[%q,%q]}`, w.ids["A"], w.ids["A"], w.ids["B"]), 201, &z)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["A"], `{}`, 201, nil)
	w.do(t, "POST", "/v1/zones/"+z.ID+"/endorsements", w.tokens["B"], `{}`, 201, nil)
	ids["zone"] = z.ID
	var s struct{ ID string }
	w.do(t, "POST", "/v1/sites", w.tokens["H"], `{"name":"Al-Hidden field hospital","category":"hospital",
		"geometry":{"type":"Point","coordinates":[37.051234,36.451234]},"buffer_m":300,
		"valid":{"start":"2016-09-12T00:00:00Z","end":"2016-10-12T00:00:00Z"},"disclosure":"hidden","recipients":[]}`, 201, &s)
	ids["hospital"] = s.ID
	var convoy notif
	w.do(t, "POST", "/v1/notifications", w.tokens["H"], `{"kind":"humanitarian-movement","title":"UN convoy, Castello Road",
		"volumes":[{"geometry":{"type":"LineString","coordinates":[[37.10,36.26],[37.16,36.24]]},"width_m":200,
		"altitude":{"min_m":0,"max_m":100},"start":"2016-09-15T06:00:00Z","end":"2016-09-15T12:00:00Z"}]}`, 201, &convoy)
	ids["convoy"] = convoy.ID
	if convoy.State != "submitted" || len(convoy.MustAcknowledge) != 2 {
		t.Fatalf("convoy: %+v (the parties must acknowledge a humanitarian movement)", convoy)
	}
	return w, clock, ids
}

func TestNotificationRules(t *testing.T) {
	w, _, ids := aleppo(t)
	// A strike in the no-strike zone that restricts A.
	var n notif
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], strike(37.20, 36.20, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), 201, &n)
	if len(n.Conflicts) != 1 || n.Conflicts[0].Rule != "strike-in-no-strike-zone" || n.Conflicts[0].With.ID != ids["zone"] ||
		n.Conflicts[0].With.Name == "" || n.LogIndex == 0 {
		t.Fatalf("strike in the zone: %+v", n)
	}
	if !n.Conflicts[0].Overlap.Start.Equal(time.Date(2016, 9, 14, 3, 0, 0, 0, time.UTC)) {
		t.Fatalf("overlap: %+v", n.Conflicts[0].Overlap)
	}
	// B is not restricted by the zone: the same strike is clear for B.
	w.do(t, "POST", "/v1/notifications", w.tokens["B"], strike(37.20, 36.20, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), 201, &n)
	if len(n.Conflicts) != 0 || n.State != "acknowledged" {
		t.Fatalf("B's strike: %+v", n)
	}
	// A strike near the hidden hospital: the conflict says only the
	// category and a coarse area, and H must acknowledge.
	var near notif
	raw := w.do(t, "POST", "/v1/notifications", w.tokens["A"], strike(37.055, 36.45, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), 201, &near)
	if len(near.Conflicts) != 1 || near.Conflicts[0].Rule != "strike-near-protected-site" {
		t.Fatalf("strike near the hidden hospital: %s", raw)
	}
	with := near.Conflicts[0].With
	if with.ID != "" || with.Name != "" || with.Category != "hospital" || len(with.Area) == 0 || bytes.Contains(raw, []byte("37.051234")) {
		t.Fatalf("the hidden site leaked through the conflict: %s", raw)
	}
	// The coordinator answers in the hidden site's owner's place: naming
	// H would tell A whose hidden hospital it is.
	if len(near.MustAcknowledge) != 1 || near.MustAcknowledge[0] != w.ids["coord"] || bytes.Contains(raw, []byte(w.ids["H"]+`"`)) {
		t.Fatalf("must acknowledge: %v (%s)", near.MustAcknowledge, raw)
	}
	w.do(t, "GET", "/v1/notifications/"+near.ID, w.tokens["H"], "", 404, nil)
	w.do(t, "POST", "/v1/notifications/"+near.ID+"/acknowledgements", w.coord, `{"decision":"acknowledge"}`, 201, &near)
	if near.State != "acknowledged" {
		t.Fatalf("after the coordinator's acknowledgement: %+v", near)
	}
	// A strike on the convoy's route during its window; H objects.
	var onRoute notif
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], strike(37.13, 36.25, "2016-09-15T07:00:00Z", "2016-09-15T08:00:00Z"), 201, &onRoute)
	if len(onRoute.Conflicts) != 1 || onRoute.Conflicts[0].Rule != "strike-on-humanitarian-movement" || onRoute.Conflicts[0].With.ID != ids["convoy"] {
		t.Fatalf("strike on the convoy route: %+v", onRoute)
	}
	// B is not asked to answer: the strike is not even visible to it.
	w.do(t, "POST", "/v1/notifications/"+onRoute.ID+"/acknowledgements", w.tokens["B"], `{"decision":"acknowledge"}`, 404, nil)
	w.do(t, "POST", "/v1/notifications/"+onRoute.ID+"/acknowledgements", w.tokens["H"], `{"decision":"object"}`, 400, nil)
	w.do(t, "POST", "/v1/notifications/"+onRoute.ID+"/acknowledgements", w.tokens["H"], `{"decision":"object","note":"our convoy is on that road then"}`, 201, &onRoute)
	w.do(t, "POST", "/v1/notifications/"+onRoute.ID+"/acknowledgements", w.tokens["H"], `{"decision":"acknowledge"}`, 409, nil)
	if onRoute.State != "objected" {
		t.Fatalf("after H's objection: %+v", onRoute)
	}
	// The notifier reads the objection's note.
	w.do(t, "GET", "/v1/notifications/"+onRoute.ID, w.tokens["A"], "", 200, &onRoute)
	if len(onRoute.Acknowledgements) != 1 || onRoute.Acknowledgements[0].Note != "our convoy is on that road then" {
		t.Fatalf("the notifier's view of the objection: %+v", onRoute.Acknowledgements)
	}
	// The same strike an hour after the convoy's window: clear (windows
	// that touch do not overlap).
	var after notif
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], strike(37.13, 36.25, "2016-09-15T12:00:00Z", "2016-09-15T13:00:00Z"), 201, &after)
	if len(after.Conflicts) != 0 {
		t.Fatalf("strike after the convoy's window: %+v", after.Conflicts)
	}
	// Two flights of different parties within the separation minima.
	var f1, f2 notif
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], flight(36.9, 36.0, 3000, 4000, "2016-09-14T10:00:00Z", "2016-09-14T11:00:00Z", false), 201, &f1)
	w.do(t, "POST", "/v1/notifications", w.tokens["B"], flight(36.95, 36.0, 4200, 5000, "2016-09-14T10:30:00Z", "2016-09-14T11:30:00Z", false), 201, &f2)
	if len(f1.Conflicts) != 0 || len(f2.Conflicts) != 1 || f2.Conflicts[0].Rule != "flight-separation" || f2.Conflicts[0].With.ID != f1.ID {
		t.Fatalf("flights: %+v / %+v", f1.Conflicts, f2.Conflicts)
	}
	// 305 m apart vertically: clear.
	var f3 notif
	w.do(t, "POST", "/v1/notifications", w.tokens["B"], flight(36.95, 36.0, 4305, 5000, "2016-09-14T10:30:00Z", "2016-09-14T11:30:00Z", false), 201, &f3)
	if len(f3.Conflicts) != 0 {
		t.Fatalf("flight 305 m above: %+v", f3.Conflicts)
	}
}

func TestNotificationDeconflictStoresNothing(t *testing.T) {
	w, _, _ := aleppo(t)
	size := w.c.Size()
	var res struct {
		Conflicts []struct{ Rule string } `json:"conflicts"`
	}
	w.do(t, "POST", "/v1/deconflict", w.tokens["A"], strike(37.20, 36.20, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), 200, &res)
	if len(res.Conflicts) != 1 || res.Conflicts[0].Rule != "strike-in-no-strike-zone" || w.c.Size() != size {
		t.Fatalf("deconflict: %+v; log %d -> %d", res, size, w.c.Size())
	}
	w.do(t, "POST", "/v1/deconflict", w.tokens["A"], `{"kind":"strike","volumes":[]}`, 400, nil)
}

func TestNotificationLeadTimeAndClock(t *testing.T) {
	w, clock, ids := aleppo(t)
	// A flight two hours ahead needs the urgent path.
	body := flight(36.5, 35.5, 3000, 4000, "2016-09-12T14:00:00Z", "2016-09-12T15:00:00Z", false)
	code, _, b := w.req(t, "POST", "/v1/notifications", w.tokens["A"], body, nil)
	if code != 400 || !bytes.Contains(b, []byte(`"volumes[0].start"`)) || !bytes.Contains(b, []byte("urgent")) {
		t.Fatalf("flight inside the lead time: %d %s", code, b)
	}
	var urgent notif
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], flight(36.5, 35.5, 3000, 4000, "2016-09-12T14:00:00Z", "2016-09-12T15:00:00Z", true), 201, &urgent)
	if !urgent.Urgent || !urgent.AckDeadline.Equal(time.Date(2016, 9, 12, 12, 30, 0, 0, time.UTC)) {
		t.Fatalf("urgent flight: %+v", urgent)
	}
	// B acknowledges the flight; the convoy stays unanswered.
	w.do(t, "POST", "/v1/notifications/"+urgent.ID+"/acknowledgements", w.tokens["B"], `{"decision":"acknowledge"}`, 201, nil)
	// Nothing is due yet.
	size := w.c.Size()
	if err := w.c.Advance(context.Background()); err != nil || w.c.Size() != size {
		t.Fatalf("advance with nothing due: %v, %d entries", err, w.c.Size()-size)
	}
	// After the flight, before the convoy: the flight is executed.
	clock.Set(time.Date(2016, 9, 12, 15, 0, 0, 0, time.UTC))
	if err := w.c.Advance(context.Background()); err != nil {
		t.Fatal(err)
	}
	var n notif
	w.do(t, "GET", "/v1/notifications/"+urgent.ID, w.tokens["A"], "", 200, &n)
	if n.State != "executed" {
		t.Fatalf("flight after its window: %s", n.State)
	}
	// The convoy's window begins with acknowledgements missing: expired.
	clock.Set(time.Date(2016, 9, 15, 6, 0, 0, 0, time.UTC))
	w.c.Advance(context.Background())
	w.do(t, "GET", "/v1/notifications/"+ids["convoy"], w.tokens["H"], "", 200, &n)
	if n.State != "expired" {
		t.Fatalf("convoy at its start, unacknowledged: %s", n.State)
	}
	// Cancelling an expired one is refused; cancelling is the notifier's.
	w.do(t, "POST", "/v1/notifications/"+ids["convoy"]+"/cancel", w.tokens["H"], `{}`, 409, nil)
	var later notif
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], strike(36.0, 35.0, "2016-09-16T03:00:00Z", "2016-09-16T04:00:00Z"), 201, &later)
	w.do(t, "POST", "/v1/notifications/"+later.ID+"/cancel", w.tokens["B"], `{}`, 404, nil)
	w.do(t, "POST", "/v1/notifications/"+later.ID+"/cancel", w.tokens["A"], `{}`, 200, &later)
	if later.State != "cancelled" {
		t.Fatalf("cancelled: %s", later.State)
	}
	// The no-strike zone's validity ends on 12 October: it expires.
	clock.Set(time.Date(2016, 10, 12, 16, 0, 0, 0, time.UTC))
	w.c.Advance(context.Background())
	var z struct{ State string }
	w.do(t, "GET", "/v1/zones/"+ids["zone"], w.tokens["B"], "", 200, &z)
	if z.State != "expired" {
		t.Fatalf("zone after its validity: %s", z.State)
	}
	// The replay of the log equals the projection, clock acts included.
	diffs, _, err := center.Replay(context.Background(), w.store, nil)
	if err != nil || len(diffs) > 0 {
		t.Fatalf("replay: %v %v", err, diffs)
	}
}

func TestNotificationVisibility(t *testing.T) {
	w, _, _ := aleppo(t)
	var n notif
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], strike(37.111111, 36.111111, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), 201, &n)
	// Nobody must answer a clear strike: only A and the coordinator see it.
	w.do(t, "GET", "/v1/notifications/"+n.ID, w.coord, "", 200, nil)
	for _, role := range []string{"B", "H", "O"} {
		w.do(t, "GET", "/v1/notifications/"+n.ID, w.tokens[role], "", 404, nil)
		_, b := w.get(t, role, "/v1/notifications")
		if bytes.Contains(b, []byte(n.ID+`"`)) {
			t.Errorf("%s lists A's strike", role)
		}
	}
	// The public log holds no planned coordinates.
	if bytes.Contains(w.publicLog(t), []byte("37.111111")) {
		t.Fatal("a planned strike's coordinates are in the public log")
	}
	// Observers notify nothing.
	w.do(t, "POST", "/v1/notifications", w.tokens["O"], strike(36, 35, "2016-09-14T03:00:00Z", "2016-09-14T04:00:00Z"), 403, nil)
	// Filters.
	var list []notif
	w.do(t, "GET", "/v1/notifications?kind=strike&from=2016-09-14T00:00:00Z&to=2016-09-14T03:30:00Z&bbox=37,36,38,37", w.tokens["A"], "", 200, &list)
	if len(list) != 1 || list[0].ID != n.ID {
		t.Fatalf("filtered: %+v", list)
	}
	w.do(t, "GET", "/v1/notifications?from=2016-09-14T04:00:00Z&kind=strike", w.tokens["A"], "", 200, &list)
	if len(list) != 0 {
		t.Fatalf("from after the window matched: %+v", list)
	}
}

// TestConcurrentConflictingSubmitters sends the same flight from twenty
// parties at once. Any two of them conflict, and the check and the write
// are one step, so exactly one — the first written — is accepted as clear.
func TestConcurrentConflictingSubmitters(t *testing.T) {
	w, _, _ := aleppo(t)
	var tokens []string
	for i := range 20 {
		var p struct{ ID string }
		w.do(t, "POST", "/v1/parties", w.coord, fmt.Sprintf(`{"name":"air force %d","kind":"party"}`, i), 201, &p)
		var m struct{ Token string }
		w.do(t, "POST", "/v1/parties/"+p.ID+"/members", w.coord, `{"name":"ops"}`, 201, &m)
		tokens = append(tokens, m.Token)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var clear []uint64
	for _, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var n notif
			w.do(t, "POST", "/v1/notifications", tok, flight(35.5, 34.5, 6000, 7000, "2016-09-20T10:00:00Z", "2016-09-20T11:00:00Z", false), 201, &n)
			if len(n.Conflicts) == 0 {
				mu.Lock()
				clear = append(clear, n.LogIndex)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(clear) != 1 {
		t.Fatalf("%d flights were accepted as clear (log indexes %v), want exactly 1", len(clear), clear)
	}
}
