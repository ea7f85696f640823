package main

import (
	"context"
	"testing"
	"time"

	"github.com/truce-center/truce"
)

// TestQuestionsPerHourFlag: `serve --questions-per-hour N` sets each
// member's budget of dry runs (load tests raise it); 0 or a negative
// number is the default (360), never "no budget".
func TestQuestionsPerHourFlag(t *testing.T) {
	ctx := context.Background()
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Minute)
	question := map[string]any{"kind": "strike", "title": "t", "volumes": []any{map[string]any{
		"geometry": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.2}}, "radius_m": 500,
		"altitude": map[string]float64{"min_m": 0, "max_m": 9000}, "start": start, "end": start.Add(time.Hour)}}}
	// A party's member: the coordinator's questions are not counted.
	member := func(url, coordinator string) string {
		un := client(t, url, coordinator)
		var p struct{ ID string }
		var m struct{ Token string }
		if err := un.Post(ctx, "/v1/parties", map[string]string{"name": "US", "kind": "party"}, &p); err != nil {
			t.Fatal(err)
		}
		if err := un.Post(ctx, "/v1/parties/"+p.ID+"/members", map[string]string{"name": "desk"}, &m); err != nil {
			t.Fatal(err)
		}
		return m.Token
	}
	ask := func(url, token string, n int) (answered int, err error) {
		c := client(t, url, member(url, token))
		for range n {
			if err := c.Post(ctx, "/v1/deconflict", question, nil); err != nil {
				return answered, err
			}
			answered++
		}
		return answered, nil
	}
	for _, tc := range []struct {
		flag   []string
		asks   int
		answer int // how many are answered before a refusal; asks if none
	}{
		{[]string{"--questions-per-hour", "3"}, 5, 3},
		{[]string{"--questions-per-hour", "-1"}, 5, 5},
		{nil, 5, 5},
	} {
		dir, res := initDir(t)
		s := serve(t, append([]string{"--data", dir}, tc.flag...)...)
		n, err := ask(s.url, res.Token, tc.asks)
		if n != tc.answer {
			t.Errorf("%v: %d questions answered (%v), want %d", tc.flag, n, err, tc.answer)
		}
		if n < tc.asks && truce.ErrorCode(err) != truce.ETooMany {
			t.Errorf("%v: refused with %v, want %s", tc.flag, err, truce.ETooMany)
		}
		s.stop()
	}
}
