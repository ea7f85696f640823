package demo

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/conflict"
)

// The scenario is played end to end against a real center in
// cmd/truce/demo_test.go. These tests check the data itself, without a
// center: that it can be played at all, and that its dates fit the clock.

// refs returns every "@key" in a decoded JSON value.
func refs(v any) []string {
	switch v := v.(type) {
	case string:
		if strings.HasPrefix(v, "@") {
			return []string{v[1:]}
		}
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, refs(x)...)
		}
		return out
	case map[string]any:
		var out []string
		for k, x := range v {
			out = append(out, refs(k)...)
			out = append(out, refs(x)...)
		}
		return out
	}
	return nil
}

func TestScenarioIsPlayable(t *testing.T) {
	s, err := Aleppo2016()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.Note, "DEMONSTRATION") || !s.Start.Equal(time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("note %q, start %s", s.Note, s.Start)
	}
	known := map[string]bool{"coordinator": true}
	for _, p := range s.Parties {
		if known[p.Key] || !slices.Contains(truce.PartyKinds, p.Kind) || p.Kind == truce.KindCoordinator || p.Member == "" {
			t.Fatalf("party %+v", p)
		}
		known[p.Key] = true
	}
	parties := maps.Clone(known)
	rules := map[string]bool{}
	for _, r := range conflict.DefaultRules {
		rules[r.ID] = true
	}
	for i, st := range s.Steps {
		if !parties[st.As] {
			t.Errorf("step %d: %q is not a party of the scenario", i+1, st.As)
		}
		if !strings.HasPrefix(st.Post+st.Get, "/v1/") || st.Post != "" && st.Get != "" {
			t.Errorf("step %d: post %q, get %q: one API path, please", i+1, st.Post, st.Get)
		}
		var body any
		if st.Post != "" {
			if err := json.Unmarshal(st.Body, &body); err != nil {
				t.Errorf("step %d: body: %v", i+1, err)
			}
		}
		var used []string
		for _, seg := range strings.Split(st.Post+st.Get, "/") {
			if strings.HasPrefix(seg, "@") {
				used = append(used, seg[1:])
			}
		}
		for _, k := range append(used, refs(body)...) {
			if !known[k] {
				t.Errorf("step %d refers to %q before any step saved it", i+1, k)
			}
		}
		if st.Key != "" {
			if known[st.Key] {
				t.Errorf("step %d: key %q is used twice", i+1, st.Key)
			}
			known[st.Key] = true
		}
		if c, ok := st.Expect["conflicts"]; ok {
			var want []string
			if err := json.Unmarshal(c, &want); err != nil {
				t.Errorf("step %d: expect.conflicts: %v", i+1, err)
			}
			for _, r := range want {
				if !rules[r] {
					t.Errorf("step %d expects %q, which is no rule of the conflict table", i+1, r)
				}
			}
		}
	}
}

// TestScenarioDates checks that the fixed dates fit a center whose clock
// reads anywhere in the hour after the scenario's start (what Load
// accepts): reports before the start, notifications far enough ahead for
// their lead times (PRODUCT §3: flights 24 h, movements 48 h), and valid
// ACLED codes.
func TestScenarioDates(t *testing.T) {
	s, err := Aleppo2016()
	if err != nil {
		t.Fatal(err)
	}
	lead := map[string]time.Duration{"flight": 24 * time.Hour, "ground-movement": 48 * time.Hour, "humanitarian-movement": 48 * time.Hour}
	latest := s.Start.Add(time.Hour)
	var reports, notifications int
	for i, st := range s.Steps {
		switch st.Post {
		case "/v1/reports":
			reports++
			var r struct {
				OccurredAt   time.Time `json:"occurred_at"`
				EventType    string    `json:"event_type"`
				SubEventType string    `json:"sub_event_type"`
			}
			if err := json.Unmarshal(st.Body, &r); err != nil {
				t.Fatal(err)
			}
			if !r.OccurredAt.Before(s.Start) {
				t.Errorf("step %d: a report of %s is not in the past of the start", i+1, r.OccurredAt)
			}
			if !truce.ValidEvent(r.EventType, r.SubEventType) {
				t.Errorf("step %d: %q is not an ACLED sub-type of %q", i+1, r.SubEventType, r.EventType)
			}
		case "/v1/notifications":
			notifications++
			var n struct {
				Kind    string
				Urgent  bool
				Volumes []struct{ Start, End time.Time }
			}
			if err := json.Unmarshal(st.Body, &n); err != nil {
				t.Fatal(err)
			}
			for _, v := range n.Volumes {
				if !n.Urgent && v.Start.Before(latest.Add(lead[n.Kind])) {
					t.Errorf("step %d: a %s starting %s is inside its lead time of a center at %s", i+1, n.Kind, v.Start, latest)
				}
			}
		}
	}
	if reports != 12 || notifications != 12 {
		t.Fatalf("%d reports, %d notifications", reports, notifications)
	}
}

func TestClock(t *testing.T) {
	start := time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC)
	c := NewClock(start)
	a := c.Now()
	time.Sleep(20 * time.Millisecond)
	b := c.Now()
	if a.Before(start) || a.After(start.Add(time.Second)) || !b.After(a) || b.Location() != time.UTC {
		t.Fatalf("clock read %s then %s from %s", a, b, start)
	}
}

// TestLoadRefusesTheWrongClock: nothing is sent to a center whose clock
// the fixed dates do not fit (the address is never dialled).
func TestLoadRefusesTheWrongClock(t *testing.T) {
	for _, now := range []time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Start().Add(-time.Minute), Start().Add(2 * time.Hour)} {
		_, err := Load(context.Background(), "http://127.0.0.1:1", "x", fixed(now))
		if err == nil || !strings.Contains(err.Error(), "2016-09-12T12:00:00Z") {
			t.Errorf("at %s: %v", now, err)
		}
	}
}

type fixed time.Time

func (f fixed) Now() time.Time { return time.Time(f) }
