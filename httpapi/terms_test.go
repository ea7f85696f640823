package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/center/centertest"
)

// TestTermsOverHTTP: terms are proposed, refused with each bad field
// named, endorsed, and then judge a notification; the phase and the
// compliance record are served.
func TestTermsOverHTTP(t *testing.T) {
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorld(t, clock)
	A, B := w.ids["A"], w.ids["B"]
	body := `{"name":"Geneva arrangement","endorsers":[%q,%q],
		"valid":{"start":"2016-09-12T12:00:00Z","end":"2016-10-12T12:00:00Z"},"renews":true,
		"rules":{"parties":{%q:{"strike":{"lead_time":%q,"acknowledge_by":[%q]}}}},
		"phases":[{"name":"recommitment","conditions":[{"type":"date","at":"2016-09-14T12:00:00Z"}]},{"name":"reduced violence"}]}`
	// Bad input: a problem document naming the field; nothing written.
	size := w.c.Size()
	data := w.do(t, "POST", "/v1/terms", w.coord, fmt.Sprintf(body, A, B, A, "one day", B), 400, nil)
	if !strings.Contains(string(data), `"rules.parties.`+A+`.strike.lead_time"`) || w.c.Size() != size {
		t.Fatalf("bad lead time: %s", data)
	}
	w.do(t, "POST", "/v1/terms", w.tokens["O"], fmt.Sprintf(body, A, B, A, "24h", B), 403, nil)
	var tm struct {
		ID       string `json:"id"`
		State    string `json:"state"`
		InForce  int    `json:"in_force"`
		LogIndex uint64 `json:"log_index"`
	}
	w.do(t, "POST", "/v1/terms", w.coord, fmt.Sprintf(body, A, B, A, "24h", B), 201, &tm)
	if tm.State != "proposed" || tm.LogIndex == 0 {
		t.Fatalf("proposed: %+v", tm)
	}
	w.do(t, "POST", "/v1/terms/"+tm.ID+"/endorsements", w.tokens["H"], `{}`, 403, nil)
	w.do(t, "POST", "/v1/terms/"+tm.ID+"/endorsements", w.tokens["A"], `{}`, 201, &tm)
	w.do(t, "POST", "/v1/terms/"+tm.ID+"/endorsements", w.tokens["B"], `{}`, 201, &tm)
	if tm.State != "active" || tm.InForce != 1 {
		t.Fatalf("endorsed: %+v", tm)
	}
	// A strike by A with two hours' notice breaks the terms.
	data = w.do(t, "POST", "/v1/notifications", w.tokens["A"], strike(37.3, 36.4, "2016-09-12T14:00:00Z", "2016-09-12T15:00:00Z"), 400, nil)
	if !strings.Contains(string(data), `"volumes[0].start"`) || !strings.Contains(string(data), tm.ID+"@1") {
		t.Fatalf("a strike with too little notice: %s", data)
	}
	var n struct {
		Terms           []string `json:"terms"`
		MustAcknowledge []string `json:"must_acknowledge"`
	}
	w.do(t, "POST", "/v1/notifications", w.tokens["A"], strike(37.3, 36.4, "2016-09-13T14:00:00Z", "2016-09-13T15:00:00Z"), 201, &n)
	if len(n.Terms) != 1 || n.Terms[0] != tm.ID+"@1" || len(n.MustAcknowledge) != 1 || n.MustAcknowledge[0] != B {
		t.Fatalf("a strike under the terms: %+v", n)
	}
	var ps struct {
		Name   string `json:"name"`
		Next   string `json:"next"`
		Status []struct {
			Met   bool `json:"met"`
			Value int  `json:"value"`
		} `json:"status"`
	}
	w.do(t, "GET", "/v1/terms/"+tm.ID+"/phase", w.tokens["O"], "", 200, &ps)
	if ps.Name != "recommitment" || ps.Next != "reduced violence" || len(ps.Status) != 1 || ps.Status[0].Met {
		t.Fatalf("phase: %+v", ps)
	}
	var cp struct {
		Terms   string `json:"terms"`
		Parties []struct {
			Party string `json:"party"`
		} `json:"parties"`
	}
	w.do(t, "GET", "/v1/terms/"+tm.ID+"/compliance", w.tokens["H"], "", 200, &cp)
	if cp.Terms != tm.ID || len(cp.Parties) < 2 {
		t.Fatalf("compliance: %+v", cp)
	}
	w.do(t, "GET", "/v1/terms/trm_404/compliance", w.tokens["H"], "", 404, nil)
	w.do(t, "GET", "/v1/terms/"+tm.ID+"?version=x", w.tokens["H"], "", 400, nil)
}
