// Package demo holds the demonstration scenario, "Aleppo, September 2016"
// (PRODUCT §8), as data — aleppo2016.json, a script of API calls — and
// the loader that plays it against a running center.
//
// The loader is an HTTP client like any other: every zone, site,
// notification, message and report of the scenario is created through
// the center's API with the token of the member who would make it, so
// all of it is in the log, signed and verifiable, and the center applies
// the same validation, authorization and conflict checks as it would
// for anyone. The package must never reach into the center's state or
// store directly; a scenario that the API refuses is a broken scenario.
//
// The scenario is set in September 2016. Its reports are of events
// before the scenario's start and its notifications are planned after
// it, so the center must run on a clock that reads that start when the
// loader begins (see Clock).
package demo

import (
	"bytes"
	"context"
	"crypto/ed25519"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/internal/strictjson"
)

//go:embed aleppo2016.json
var aleppo2016 []byte

// Scenario is a demonstration: the parties it registers, each with one
// member, and the API calls it makes, in order.
type Scenario struct {
	Title string `json:"title"`
	// Note says what is fact and what is illustration.
	Note string `json:"note"`
	// Start is the center's time when the scenario begins: reports are
	// dated before it, notifications after it (with the lead times).
	Start   time.Time `json:"start"`
	Parties []Party   `json:"parties"`
	Steps   []Step    `json:"steps"`
}

// Party is a party the scenario registers, and its one member.
type Party struct {
	// Key names the party in steps ("as": "us", "@us" in bodies).
	Key    string `json:"key"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Member string `json:"member"`
}

// Step is one API call. In Post and in every string of Body, "@key"
// stands for the id of what an earlier step (or a party) saved under
// key; "@coordinator" is the coordinator party.
type Step struct {
	Note string `json:"note,omitempty"`
	// As is the key of the party whose member makes the call, or
	// "coordinator".
	As string `json:"as"`
	// Post is the path of the call, with Body; or Get, a read (which
	// matters when the center logs it, as it logs who was shown another
	// party's precise coordinates).
	Post string          `json:"post,omitempty"`
	Get  string          `json:"get,omitempty"`
	Body json.RawMessage `json:"body,omitempty"`
	// Key, if set, saves the answer's "id" under this key.
	Key string `json:"key,omitempty"`
	// Expect checks the answer: "conflicts" lists the rule ids the
	// answer's conflicts must name (as a set, [] for none); any other
	// field must equal the answer's field of that name.
	Expect map[string]json.RawMessage `json:"expect,omitempty"`
}

// Aleppo2016 returns the scenario "Aleppo, September 2016".
func Aleppo2016() (*Scenario, error) {
	var s Scenario
	if err := strictjson.Unmarshal(aleppo2016, &s); err != nil {
		return nil, fmt.Errorf("reading aleppo2016.json: %w", err)
	}
	return &s, nil
}

// Start is the scenario time at which the demonstration center's clock
// starts: 2016-09-12T12:00:00Z, the afternoon before the recommitment.
func Start() time.Time {
	s, err := Aleppo2016()
	if err != nil {
		panic(err) // the embedded file is tested
	}
	return s.Start
}

// Member is a demonstration member and the token it signs in with.
type Member struct {
	// Key is the scenario's name for the party ("us", "coordinator").
	Key     string `json:"-"`
	Party   string `json:"party"`
	PartyID string `json:"party_id"`
	Name    string `json:"name"`
	Token   string `json:"token"`
}

// Result is what loading made.
type Result struct {
	// Members are the coordinator's member and one member per party, in
	// the scenario's order.
	Members []Member
	// IDs maps each scenario key (parties, zones, sites, notifications,
	// messages, reports) to the id the center gave it.
	IDs map[string]string
	// Conflicts maps each notification's key to the rule ids of the
	// conflicts the center found when it was submitted.
	Conflicts map[string][]string
}

// Load plays the Aleppo 2016 scenario against the center at baseURL,
// as its coordinator (coordinatorToken) and the members it registers.
// clock must read the center's time; Load refuses to start unless it is
// within an hour after the scenario's start, since the scenario's dates
// are fixed. It returns an error naming the step that failed; what was
// written before stays written (it is in the log).
func Load(ctx context.Context, baseURL, coordinatorToken string, clock truce.Clock) (*Result, error) {
	s, err := Aleppo2016()
	if err != nil {
		return nil, err
	}
	return s.Load(ctx, baseURL, coordinatorToken, clock)
}

// Load plays the scenario; see the package function Load.
func (s *Scenario) Load(ctx context.Context, baseURL, coordinatorToken string, clock truce.Clock) (*Result, error) {
	if now := clock.Now(); now.Before(s.Start) || now.After(s.Start.Add(time.Hour)) {
		return nil, fmt.Errorf("the scenario %q starts at %s and its dates are fixed, but the center's clock reads %s: run the center on a clock that starts at %s (demo.NewClock)",
			s.Title, s.Start.Format(time.RFC3339), now.Format(time.RFC3339), s.Start.Format(time.RFC3339))
	}
	coord, err := httpapi.NewClient(baseURL, coordinatorToken)
	if err != nil {
		return nil, err
	}
	var me struct {
		Member struct{ ID, Name string }
		Party  struct{ ID, Name, Kind string }
	}
	if err := coord.Get(ctx, "/v1/me", &me); err != nil {
		return nil, fmt.Errorf("reading the coordinator's member: %w", err)
	}
	if me.Party.Kind != truce.KindCoordinator {
		return nil, fmt.Errorf("the token given as the coordinator's is of a %s party (%s)", me.Party.Kind, me.Party.Name)
	}
	res := &Result{IDs: map[string]string{"coordinator": me.Party.ID}, Conflicts: map[string][]string{}}
	res.Members = append(res.Members, Member{Key: "coordinator", Party: me.Party.Name, PartyID: me.Party.ID, Name: me.Member.Name, Token: coordinatorToken})
	// The scenario's acts are made by a member of each party that signs
	// them (RFC 9421) with a key the loader makes and enrols; the members
	// printed for signing in stay without a key, so that a browser can
	// enrol its own (docs/design/credentials.md).
	clients := map[string]*httpapi.Client{}
	if clients["coordinator"], err = signer(ctx, coord, baseURL, me.Party.ID, me.Member.Name); err != nil {
		return res, err
	}
	coord = clients["coordinator"]
	for _, p := range s.Parties {
		var party struct{ ID string }
		if err := coord.Post(ctx, "/v1/parties", map[string]string{"name": p.Name, "kind": p.Kind}, &party); err != nil {
			return res, fmt.Errorf("registering %s: %w", p.Name, err)
		}
		var m struct{ Token string }
		if err := coord.Post(ctx, "/v1/parties/"+party.ID+"/members", map[string]string{"name": p.Member}, &m); err != nil {
			return res, fmt.Errorf("registering %s's member: %w", p.Name, err)
		}
		if clients[p.Key], err = signer(ctx, coord, baseURL, party.ID, p.Member); err != nil {
			return res, err
		}
		res.IDs[p.Key] = party.ID
		res.Members = append(res.Members, Member{Key: p.Key, Party: p.Name, PartyID: party.ID, Name: p.Member, Token: m.Token})
	}
	for i, st := range s.Steps {
		if err := res.step(ctx, clients, st); err != nil {
			what := st.Post + st.Get
			if st.Key != "" {
				what = st.Key
			}
			return res, fmt.Errorf("scenario step %d (%s as %s): %w", i+1, what, st.As, err)
		}
	}
	return res, nil
}

// signer registers a member of party, named after its desk, that signs
// its writes with a key of its own, and returns its client.
func signer(ctx context.Context, coord *httpapi.Client, baseURL, party, desk string) (*httpapi.Client, error) {
	var m struct{ Token string }
	if err := coord.Post(ctx, "/v1/parties/"+party+"/members", map[string]string{"name": desk + " (signing)"}, &m); err != nil {
		return nil, fmt.Errorf("registering %s's signing member: %w", desk, err)
	}
	cl, err := httpapi.NewClient(baseURL, m.Token)
	if err != nil {
		return nil, err
	}
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		return nil, err
	}
	cl.SignWith(key)
	if _, err := cl.Enrol(ctx); err != nil {
		return nil, fmt.Errorf("enrolling %s's key: %w", desk, err)
	}
	return cl, nil
}

func (res *Result) step(ctx context.Context, clients map[string]*httpapi.Client, st Step) error {
	c := clients[st.As]
	if c == nil {
		return fmt.Errorf("no party %q", st.As)
	}
	if (st.Post == "") == (st.Get == "") {
		return errors.New(`a step needs one of "post" and "get"`)
	}
	if st.Get != "" {
		path, err := res.resolvePath(st.Get)
		if err != nil {
			return err
		}
		if st.Key != "" || len(st.Expect) > 0 || len(st.Body) > 0 {
			return errors.New("a read takes no key, expect or body")
		}
		_, err = c.Raw(ctx, "GET", path, nil)
		return err
	}
	path, err := res.resolvePath(st.Post)
	if err != nil {
		return err
	}
	var body any
	if len(st.Body) > 0 {
		if err := json.Unmarshal(st.Body, &body); err != nil {
			return fmt.Errorf("body: %w", err)
		}
	}
	if body, err = res.resolve(body); err != nil {
		return err
	}
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	raw, err := c.Raw(ctx, "POST", path, b)
	if err != nil {
		return err
	}
	var ans map[string]json.RawMessage
	if err := json.Unmarshal(raw, &ans); err != nil {
		return fmt.Errorf("the answer is not a JSON object: %w", err)
	}
	rules, err := conflictRules(ans["conflicts"])
	if err != nil {
		return err
	}
	if st.Key != "" {
		var id string
		if err := json.Unmarshal(ans["id"], &id); err != nil || id == "" {
			return fmt.Errorf("the answer has no id to save as %q", st.Key)
		}
		if _, dup := res.IDs[st.Key]; dup {
			return fmt.Errorf("key %q is used twice", st.Key)
		}
		res.IDs[st.Key] = id
		if _, ok := ans["conflicts"]; ok {
			res.Conflicts[st.Key] = rules
		}
	}
	for _, field := range slices.Sorted(maps.Keys(st.Expect)) {
		want := st.Expect[field]
		if field == "conflicts" {
			var w []string
			if err := json.Unmarshal(want, &w); err != nil {
				return fmt.Errorf("expect.conflicts: %w", err)
			}
			slices.Sort(w)
			if !slices.Equal(slices.Compact(w), rules) {
				return fmt.Errorf("the center found conflicts %v, the scenario expects %v", rules, w)
			}
			continue
		}
		if !jsonEqual(ans[field], want) {
			return fmt.Errorf("the answer's %s is %s, the scenario expects %s", field, ans[field], want)
		}
	}
	return nil
}

// conflictRules returns the sorted, distinct rule ids of an answer's
// conflicts.
func conflictRules(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 {
		return []string{}, nil
	}
	var cs []struct {
		Rule string `json:"rule"`
	}
	if err := json.Unmarshal(raw, &cs); err != nil {
		return nil, fmt.Errorf("the answer's conflicts: %w", err)
	}
	rules := []string{}
	for _, c := range cs {
		rules = append(rules, c.Rule)
	}
	slices.Sort(rules)
	return slices.Compact(rules), nil
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

// resolvePath replaces each "@key" segment of a path.
func (res *Result) resolvePath(p string) (string, error) {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "@") {
			id, ok := res.IDs[s[1:]]
			if !ok {
				return "", fmt.Errorf("path %s: no earlier step saved %q", p, s[1:])
			}
			segs[i] = id
		}
	}
	return strings.Join(segs, "/"), nil
}

// resolve replaces every string "@key" in a decoded JSON value, object
// keys included.
func (res *Result) resolve(v any) (any, error) {
	switch v := v.(type) {
	case string:
		if !strings.HasPrefix(v, "@") {
			return v, nil
		}
		id, ok := res.IDs[v[1:]]
		if !ok {
			return nil, fmt.Errorf("no earlier step saved %q", v[1:])
		}
		return id, nil
	case []any:
		for i := range v {
			r, err := res.resolve(v[i])
			if err != nil {
				return nil, err
			}
			v[i] = r
		}
	case map[string]any:
		// Keys may be references too: the terms' rules per party.
		out := make(map[string]any, len(v))
		for k := range v {
			r, err := res.resolve(v[k])
			if err != nil {
				return nil, err
			}
			rk, err := res.resolve(k)
			if err != nil {
				return nil, err
			}
			out[rk.(string)] = r
		}
		return out, nil
	}
	return v, nil
}

// Token returns the token of the member of the party with the given
// scenario key.
func (res *Result) Token(key string) (string, error) {
	for _, m := range res.Members {
		if m.Key == key {
			return m.Token, nil
		}
	}
	return "", errors.New("no demonstration member for " + key)
}
