package httpapi_test

import (
	"context"
	"testing"
	"time"

	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/httpapi"
)

// TestSitesExpireByTheClock: a site whose validity has ended expires by
// an act of the center's clock, as a zone does; an expired site takes no
// part in checks, and the act is in the log.
func TestSitesExpireByTheClock(t *testing.T) {
	clock := centertest.NewClock(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC))
	w := newDisWorld(t, clock)
	var s struct{ ID, State string }
	w.do(t, "POST", "/v1/sites", w.tokens["H"], `{"name":"school","category":"school","geometry":{"type":"Point","coordinates":[37.1,36.1]},"buffer_m":200,
		"valid":{"start":"2016-09-12T00:00:00Z","end":"2016-09-13T00:00:00Z"},"recipients":[]}`, 201, &s)
	hits := func() int {
		var res httpapi.DeconflictResult
		w.do(t, "POST", "/v1/deconflict", w.coord, strike(37.1, 36.1, "2016-09-13T03:00:00Z", "2016-09-13T04:00:00Z"), 200, &res)
		return len(res.Conflicts)
	}
	// The strike after the validity ends: no conflict (windows) even
	// before the clock acts.
	if n := hits(); n != 0 {
		t.Fatalf("a strike after the site's validity: %d conflicts", n)
	}
	size := w.c.Size()
	clock.Set(time.Date(2016, 9, 12, 23, 59, 59, 0, time.UTC))
	if err := w.c.Advance(context.Background()); err != nil || w.c.Size() != size {
		t.Fatalf("before the end: %v, %d entries", err, w.c.Size()-size)
	}
	clock.Set(time.Date(2016, 9, 13, 0, 0, 0, 0, time.UTC))
	if err := w.c.Advance(context.Background()); err != nil || w.c.Size() != size+1 {
		t.Fatalf("at the end: %v, %d entries", err, w.c.Size()-size)
	}
	w.do(t, "GET", "/v1/sites/"+s.ID, w.tokens["H"], "", 200, &s)
	if s.State != "expired" {
		t.Fatalf("the site is %s, want expired", s.State)
	}
	// Nothing more is due.
	if err := w.c.Advance(context.Background()); err != nil || w.c.Size() != size+1 {
		t.Fatalf("after: %v, %d entries", err, w.c.Size()-size)
	}
}
