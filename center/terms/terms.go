package terms

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
)

// Terms: the rules of the game as the parties agreed them
// (docs/design/terms.md). An act that depends on a rule reads the terms
// in force at its moment in its decide function and carries what it used
// in its entry (the deadline, who must acknowledge, the terms' reference,
// the breaches); appliers never look the rules up, so a replay
// reproduces which terms applied to each act.

const (
	TypeTermsPropose = "terms.propose"
	TypeTermsChange  = "terms.change"
	TypeTermsEndorse = "terms.endorse"
	TypeTermsState   = "terms.state" // withdraw
)

// TermsEvent shows every member the terms an entry changed: terms are
// public, as the log that holds them is.
func TermsEvent(s *core.State, _ *core.Caller, e *truce.Entry) (any, bool) {
	id := termsID(e)
	if e.Type != TypeTermsPropose {
		var b struct {
			Terms string `json:"terms"`
		}
		if json.Unmarshal(e.Body, &b) != nil || b.Terms == "" {
			return nil, false
		}
		id = b.Terms
	}
	t := core.TTerms.Get(s, id)
	if t == nil {
		return nil, false
	}
	cp := *t
	return &cp, true
}

// TermsInput is the body of POST /v1/terms and of POST
// /v1/terms/{id}/versions (a new version, replacing every field).
type TermsInput struct {
	Name      string              `json:"name"`
	Endorsers []string            `json:"endorsers"`
	Valid     truce.Window        `json:"valid"`
	Renews    bool                `json:"renews,omitempty"`
	Rules     truce.Rules         `json:"rules"`
	Actors    map[string][]string `json:"actors,omitempty"`
	Phases    []truce.Phase       `json:"phases,omitempty"`
}

// termsBody is the entry of a proposal or a new version: terms are
// public, the whole of them is in the log.
type termsBody struct {
	Terms   string `json:"terms,omitempty"` // for a new version
	Version int    `json:"version"`
	TermsInput
}

type termsActBody struct {
	Terms   string `json:"terms"`
	Version int    `json:"version"`
	State   string `json:"state,omitempty"`
}

func termsID(e *truce.Entry) string { return fmt.Sprintf("trm_%d", e.Index) }

// TermsETag is the terms' entity tag: id and version.
func TermsETag(t *truce.Terms) string {
	return strconv.Quote(fmt.Sprintf("%s.v%d", t.ID, t.Version))
}

const maxDuration = 31 * 24 * time.Hour

// checkDuration validates a rule's duration ("" is allowed: not set).
func checkDuration(s, field string, errs *truce.Fields) {
	if s == "" {
		return
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > maxDuration {
		errs.Add(field, "must be a duration such as \"24h\" or \"90m\", from 0 to 744h")
	}
}

func checkKindRule(v *core.View, r truce.KindRule, field string, errs *truce.Fields) {
	checkDuration(r.LeadTime, field+".lead_time", errs)
	checkDuration(r.AckWithin, field+".ack_within", errs)
	if r.OnBreach != "" && r.OnBreach != "refuse" && r.OnBreach != "flag" {
		errs.Add(field+".on_breach", `must be "refuse" or "flag"`)
	}
	for i, p := range r.AcknowledgeBy {
		if !slices.Contains(truce.PartyKinds, p) && core.TParty.Get(v, p) == nil {
			errs.Add(fmt.Sprintf("%s.acknowledge_by[%d]", field, i), "is neither a registered party nor a party kind (%s)", strings.Join(truce.PartyKinds, ", "))
		}
	}
}

func checkKinds(v *core.View, rules map[string]truce.KindRule, field string, errs *truce.Fields) {
	for _, k := range slices.Sorted(maps.Keys(rules)) {
		f := field + "." + k
		if !slices.Contains(truce.Activities, k) {
			errs.Add(f, "is not a kind of notification (%s)", strings.Join(truce.Activities, ", "))
			continue
		}
		checkKindRule(v, rules[k], f, errs)
	}
}

func checkRules(v *core.View, r truce.Rules, field string, errs *truce.Fields) {
	checkKinds(v, r.Notifications, field+".notifications", errs)
	for _, p := range slices.Sorted(maps.Keys(r.Parties)) {
		f := field + ".parties." + p
		if core.TParty.Get(v, p) == nil {
			errs.Add(f, "is not a registered party")
			continue
		}
		checkKinds(v, r.Parties[p], f, errs)
	}
	checkDuration(r.UrgentAckWithin, field+".urgent_ack_within", errs)
	checkDuration(r.FlashAckWithin, field+".flash_ack_within", errs)
	checkDuration(r.UrgentMessageAckWithin, field+".urgent_message_ack_within", errs)
	if r.SeparationM < 0 || r.SeparationM > 100000 {
		errs.Add(field+".separation_m", "must be between 0 and 100000 metres")
	}
	if r.SeparationVerticalM < 0 || r.SeparationVerticalM > 10000 {
		errs.Add(field+".separation_vertical_m", "must be between 0 and 10000 metres")
	}
	if r.QuestionsPerHour < 0 || r.QuestionsPerHour > 100000 {
		errs.Add(field+".questions_per_hour", "must be between 0 and 100000")
	}
}

func checkCondition(v *core.View, c *truce.Condition, f string, errs *truce.Fields) {
	for i, id := range c.Zones {
		// Terms are public, and so is what their conditions count: a
		// zone not every party may see precisely would be drawn by the
		// reports counted in it.
		switch z := core.TZone.Get(v, id); {
		case z == nil:
			errs.Add(fmt.Sprintf("%s.zones[%d]", f, i), "is not a zone")
		case z.Disclosure != truce.DisclosurePrecise:
			errs.Add(fmt.Sprintf("%s.zones[%d]", f, i), "is a %s zone: conditions are public and count only in zones every party sees precisely", z.Disclosure)
		}
	}
	if !c.Since.IsZero() && core.CheckTime(c.Since, f+".since", errs) {
		c.Since = c.Since.UTC()
	}
	days := func() {
		if c.Days < 1 || c.Days > 366 {
			errs.Add(f+".days", "must be from 1 to 366")
		}
	}
	switch c.Type {
	case truce.CondViolations:
		days()
		if c.MaxPerDay < 0 || c.MaxPerDay > 100000 {
			errs.Add(f+".max_per_day", "must be from 0 to 100000")
		}
	case truce.CondNoStrikes:
		days()
	case truce.CondMovements:
		if c.Count < 1 || c.Count > 100000 {
			errs.Add(f+".count", "must be from 1 to 100000")
		}
	case truce.CondDate:
		if c.At.IsZero() {
			errs.Add(f+".at", "is required (RFC 3339 time)")
		} else if core.CheckTime(c.At, f+".at", errs) {
			c.At = c.At.UTC()
		}
	default:
		errs.Add(f+".type", "must be one of %s", strings.Join([]string{truce.CondViolations, truce.CondMovements, truce.CondNoStrikes, truce.CondDate}, ", "))
	}
}

// validateTerms checks terms against the view.
func validateTerms(v *core.View, in *TermsInput) error {
	var errs truce.Fields
	name, msg := core.CleanName(in.Name)
	if msg != "" {
		errs.Add("name", "%s", msg)
	}
	in.Name = name
	if len(in.Endorsers) == 0 {
		errs.Add("endorsers", "must name at least one party whose endorsement the terms need")
	}
	core.CheckParties(v, in.Endorsers, "endorsers", false, &errs)
	core.CheckWindow(in.Valid, "valid", &errs)
	checkRules(v, in.Rules, "rules", &errs)
	for _, p := range slices.Sorted(maps.Keys(in.Actors)) {
		if core.TParty.Get(v, p) == nil {
			errs.Add("actors."+p, "is not a registered party")
		}
		if len(in.Actors[p]) > 50 {
			errs.Add("actors."+p, "names more than 50 actors")
		}
	}
	if len(in.Phases) > 20 {
		errs.Add("phases", "holds more than 20 phases")
	}
	for i := range in.Phases {
		ph := &in.Phases[i]
		f := fmt.Sprintf("phases[%d]", i)
		n, msg := core.CleanName(ph.Name)
		if msg != "" {
			errs.Add(f+".name", "%s", msg)
		}
		ph.Name = n
		checkRules(v, ph.Rules, f+".rules", &errs)
		if ph.Confirm != "" && ph.Confirm != truce.ConfirmAuto && ph.Confirm != truce.ConfirmEndorsement {
			errs.Add(f+".confirm", `must be "auto" or "endorsement"`)
		}
		if len(ph.Conditions) > 20 {
			errs.Add(f+".conditions", "holds more than 20 conditions")
		}
		if i == len(in.Phases)-1 && len(ph.Conditions) > 0 {
			errs.Add(f+".conditions", "the last phase has no next phase to move to: give it no conditions")
		}
		for j := range ph.Conditions {
			checkCondition(v, &ph.Conditions[j], fmt.Sprintf("%s.conditions[%d]", f, j), &errs)
		}
		for j, id := range ph.Activates {
			ff := fmt.Sprintf("%s.activates[%d]", f, j)
			z := core.TZone.Get(v, id)
			switch {
			case i == 0:
				errs.Add(ff, "the first phase begins with the terms: a zone it needs is endorsed as zones are")
			case z == nil:
				errs.Add(ff, "is not a zone")
			case z.State != truce.ZoneProposed:
				errs.Add(ff, "is %s, not waiting for endorsements", z.State)
			default:
				for _, p := range z.Endorsers {
					if !slices.Contains(in.Endorsers, p) {
						errs.Add(ff, "needs the endorsement of %s, who does not endorse these terms", p)
						break
					}
				}
			}
		}
	}
	return errs.Err()
}

// Propose proposes terms. The coordinator and parties may;
// observers and humanitarian organisations may not.
//
// Returns EForbidden for observers and humanitarian organisations,
// EInvalid naming each bad field, and the write errors (package doc).
func (svc TermsService) Propose(ctx context.Context, caller *core.Caller, in TermsInput) (*truce.Terms, error) {
	c := svc.C
	if caller.Party.Kind == truce.KindObserver || caller.Party.Kind == truce.KindHumanitarian {
		return nil, truce.Errorf(truce.EForbidden, "terms are proposed by the coordinator or a party")
	}
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		if err := validateTerms(v, &in); err != nil {
			return "", nil, err
		}
		return TypeTermsPropose, termsBody{Version: 1, TermsInput: in}, nil
	})
	if err != nil {
		return nil, err
	}
	return TermsService{C: c}.Get(termsID(e))
}

// Change proposes a new version of terms, replacing every field;
// its proposer or the coordinator may. The version in force stays in
// force until the new one is endorsed by all its endorsers. ifMatch,
// if given, must name the current version.
//
// Returns ENotFound (no such terms), EForbidden (neither the proposer
// nor the coordinator), EVersionMismatch (ifMatch given and stale),
// EConflict (withdrawn terms), EInvalid naming each bad field, and the
// write errors (package doc).
func (svc TermsService) Change(ctx context.Context, caller *core.Caller, id, ifMatch string, in TermsInput) (*truce.Terms, error) {
	c := svc.C
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		t := core.TTerms.Get(v, id)
		if t == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no terms %q", id)
		}
		if !core.Entitled(caller, t.Owner) {
			return "", nil, truce.Errorf(truce.EForbidden, "only the terms' proposer and the coordinator change them")
		}
		if ifMatch != "" && TermsETag(t) != ifMatch {
			return "", nil, truce.Errorf(truce.EVersionMismatch, "the terms are at version %d (ETag %s)", t.Version, TermsETag(t))
		}
		if t.State == truce.TermsWithdrawn {
			return "", nil, truce.Errorf(truce.EConflict, "the terms are withdrawn")
		}
		if err := validateTerms(v, &in); err != nil {
			return "", nil, err
		}
		return TypeTermsChange, termsBody{Terms: id, Version: t.Version + 1, TermsInput: in}, nil
	})
	if err != nil {
		return nil, err
	}
	return TermsService{C: c}.Get(id)
}

// ApplyTerms is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyTerms(v *core.View, e *truce.Entry, b *termsBody) error {
	t := &truce.Terms{Version: b.Version, Name: b.Name, State: truce.TermsProposed, Endorsers: b.Endorsers,
		Endorsements: []truce.Endorsement{}, Valid: b.Valid, Renews: b.Renews, Rules: b.Rules, Actors: b.Actors,
		Phases: b.Phases, History: []truce.PhaseChange{}, UpdatedAt: e.Time, LogIndex: e.Index}
	if b.Terms == "" {
		if e.Type != TypeTermsPropose || b.Version != 1 {
			return fmt.Errorf("a terms proposal is version 1")
		}
		t.ID, t.Owner, t.CreatedAt = termsID(e), e.Actor.Party, e.Time
	} else {
		old := core.TTerms.Get(v, b.Terms)
		if e.Type != TypeTermsChange || old == nil || old.Version+1 != b.Version || old.State == truce.TermsWithdrawn {
			return fmt.Errorf("new version %d of terms %s does not apply", b.Version, b.Terms)
		}
		if old.InForce == old.Version {
			core.TTermsVersion.Put(v, fmt.Sprintf("%s@%d", old.ID, old.Version), old)
		}
		// The arrangement's progress carries over to the new version.
		t.ID, t.Owner, t.CreatedAt, t.InForce = old.ID, old.Owner, old.CreatedAt, old.InForce
		t.Phase, t.History, t.PhaseSince = min(old.Phase, max(len(b.Phases)-1, 0)), old.History, old.PhaseSince
	}
	core.TTerms.Put(v, t.ID, t)
	return nil
}

// Endorse records the caller's party's endorsement of the terms'
// current version; once every endorser has endorsed, that version is in
// force. ifMatch, if given, must name the current version.
//
// Returns ENotFound (no such terms), EVersionMismatch (ifMatch given and
// stale), EForbidden (not an endorser), EConflict (not waiting, or
// already endorsed), and the write errors (package doc).
func (svc TermsService) Endorse(ctx context.Context, caller *core.Caller, id, ifMatch string) (*truce.Terms, error) {
	c := svc.C
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		t := core.TTerms.Get(v, id)
		if t == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no terms %q", id)
		}
		if ifMatch != "" && TermsETag(t) != ifMatch {
			return "", nil, truce.Errorf(truce.EVersionMismatch, "the terms are at version %d (ETag %s)", t.Version, TermsETag(t))
		}
		if !slices.Contains(t.Endorsers, caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EForbidden, "your party is not among these terms' endorsers")
		}
		if t.State != truce.TermsProposed {
			return "", nil, truce.Errorf(truce.EConflict, "the terms are %s, not waiting for endorsements", t.State)
		}
		if hasEndorsed(t.Endorsements, caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EConflict, "your party has already endorsed version %d", t.Version)
		}
		return TypeTermsEndorse, termsActBody{Terms: id, Version: t.Version}, nil
	})
	if err != nil {
		return nil, err
	}
	return TermsService{C: c}.Get(id)
}

func hasEndorsed(es []truce.Endorsement, party string) bool {
	return slices.ContainsFunc(es, func(en truce.Endorsement) bool { return en.Party == party })
}

func endorsement(e *truce.Entry) truce.Endorsement {
	return truce.Endorsement{Party: e.Actor.Party, Member: e.Actor.Member, At: e.Time, LogIndex: e.Index}
}

// ApplyTermsEndorse is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyTermsEndorse(v *core.View, e *truce.Entry, b *termsActBody) error {
	old := core.TTerms.Get(v, b.Terms)
	if old == nil || old.Version != b.Version || old.State != truce.TermsProposed || !slices.Contains(old.Endorsers, e.Actor.Party) || hasEndorsed(old.Endorsements, e.Actor.Party) {
		return fmt.Errorf("endorsement of terms %s version %d does not apply", b.Terms, b.Version)
	}
	t := *old
	t.Endorsements = append(slices.Clone(old.Endorsements), endorsement(e))
	t.UpdatedAt, t.LogIndex = e.Time, e.Index
	if len(t.Endorsements) == len(t.Endorsers) {
		t.State, t.InForce = truce.TermsActive, t.Version
		if t.PhaseSince.IsZero() {
			t.PhaseSince = e.Time
		}
	}
	core.TTerms.Put(v, t.ID, &t)
	return nil
}

// Withdraw ends terms: their proposer or the coordinator may.
//
// Returns ENotFound (no such terms), EForbidden (neither the proposer
// nor the coordinator), EConflict (already withdrawn), and the write
// errors (package doc).
func (svc TermsService) Withdraw(ctx context.Context, caller *core.Caller, id string) (*truce.Terms, error) {
	c := svc.C
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		t := core.TTerms.Get(v, id)
		if t == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no terms %q", id)
		}
		if !core.Entitled(caller, t.Owner) {
			return "", nil, truce.Errorf(truce.EForbidden, "only the terms' proposer and the coordinator withdraw them")
		}
		if t.State == truce.TermsWithdrawn {
			return "", nil, truce.Errorf(truce.EConflict, "the terms are already withdrawn")
		}
		return TypeTermsState, termsActBody{Terms: id, Version: t.Version, State: truce.TermsWithdrawn}, nil
	})
	if err != nil {
		return nil, err
	}
	return TermsService{C: c}.Get(id)
}

// ApplyTermsState is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyTermsState(v *core.View, e *truce.Entry, b *termsActBody) error {
	old := core.TTerms.Get(v, b.Terms)
	if old == nil || old.Version != b.Version || b.State != truce.TermsWithdrawn || old.State == truce.TermsWithdrawn {
		return fmt.Errorf("state change of terms %s does not apply", b.Terms)
	}
	t := *old
	t.State, t.InForce, t.Pending, t.UpdatedAt, t.LogIndex = b.State, 0, nil, e.Time, e.Index
	core.TTerms.Put(v, t.ID, &t)
	return nil
}

// inForce returns the version of t in force at time at, or nil.
func inForce(v engine.Reader, t *truce.Terms, at time.Time) *truce.Terms {
	if t.InForce == 0 {
		return nil
	}
	tv := t
	if t.InForce != t.Version {
		tv = core.TTermsVersion.Get(v, fmt.Sprintf("%s@%d", t.ID, t.InForce))
		if tv == nil {
			return nil
		}
	}
	if at.Before(tv.Valid.Start.Time()) || !at.Before(tv.Valid.End.Time()) && !tv.Renews {
		return nil
	}
	return tv
}

// PeriodEnd returns the end of the terms' validity period that holds
// at, counting automatic renewals.
func PeriodEnd(t *truce.Terms, at time.Time) time.Time {
	start, end := t.Valid.Start.Time(), t.Valid.End.Time()
	if !t.Renews || at.Before(end) {
		return end
	}
	span := end.Sub(start)
	n := at.Sub(end)/span + 1
	return end.Add(n * span)
}

// layer is one set of rules in force, lowest first.
type layer struct {
	ref   string // "trm_5@2"
	rules truce.Rules
}

// rulesInForce returns the layers of rules in force at time at: for each
// terms in force, in the order they were proposed, their rules and then
// those of their phase in force.
func rulesInForce(v *core.View, at time.Time) []layer {
	var out []layer
	var ts []*truce.Terms
	core.TTerms.Each(v, func(_ string, obj *truce.Terms) { ts = append(ts, obj) })
	slices.SortFunc(ts, func(a, b *truce.Terms) int { return cmpIndex(a.ID, b.ID) })
	for _, t := range ts {
		tv := inForce(v, t, at)
		if tv == nil {
			continue
		}
		ref := t.ID + "@" + strconv.Itoa(tv.Version)
		out = append(out, layer{ref, tv.Rules})
		if t.Phase < len(tv.Phases) {
			out = append(out, layer{ref, tv.Phases[t.Phase].Rules})
		}
	}
	return out
}

// cmpIndex orders ids of the form "xxx_N" by N.
func cmpIndex(a, b string) int {
	na, _ := strconv.Atoi(a[strings.IndexByte(a, '_')+1:])
	nb, _ := strconv.Atoi(b[strings.IndexByte(b, '_')+1:])
	return na - nb
}

// KindRules is what applies to one notification: the defaults, overlaid
// by every layer in force.
type KindRules struct {
	Refs      []string
	Allowed   bool
	LeadTime  time.Duration
	AckWithin time.Duration
	AckBy     []string
	OnBreach  string
	// sepH and sepV are the separation minima agreed (0: the engine's).
	SepH, SepV float64
}

func dur(s string, d *time.Duration) {
	if s == "" {
		return
	}
	if x, err := time.ParseDuration(s); err == nil {
		*d = x
	}
}

func (k *KindRules) overlay(r truce.KindRule) {
	if r.Allowed != nil {
		k.Allowed = *r.Allowed
	}
	dur(r.LeadTime, &k.LeadTime)
	dur(r.AckWithin, &k.AckWithin)
	if r.AcknowledgeBy != nil {
		k.AckBy = r.AcknowledgeBy
	}
	if r.OnBreach != "" {
		k.OnBreach = r.OnBreach
	}
}

// NotificationRules returns the rules for a notification of kind by
// party, urgent or not, at time at.
func NotificationRules(c *core.Center, v *core.View, at time.Time, party, kind string, urgent bool) KindRules {
	set := c.Settings().Notifications
	k := KindRules{Allowed: true, LeadTime: set.LeadTime[kind], AckWithin: set.AckWithin[kind],
		AckBy: set.AcknowledgeBy[kind], OnBreach: "refuse"}
	urgentWithin := set.UrgentAckWithin
	for _, l := range rulesInForce(v, at) {
		if len(k.Refs) == 0 || k.Refs[len(k.Refs)-1] != l.ref {
			k.Refs = append(k.Refs, l.ref)
		}
		k.overlay(l.rules.Notifications[kind])
		k.overlay(l.rules.Parties[party][kind])
		dur(l.rules.UrgentAckWithin, &urgentWithin)
		if l.rules.SeparationM > 0 {
			k.SepH = l.rules.SeparationM
		}
		if l.rules.SeparationVerticalM > 0 {
			k.SepV = l.rules.SeparationVerticalM
		}
	}
	if urgent {
		k.AckWithin = urgentWithin
	}
	return k
}

// QuestionsPerHour returns each member's budget of questions an hour
// under the terms in force at time at.
func QuestionsPerHour(c *core.Center, at time.Time) int {
	n := c.Settings().Questions.PerHour
	c.Read(func(s *core.State) {
		for _, l := range rulesInForce(core.NewView(s), at) {
			if l.rules.QuestionsPerHour > 0 {
				n = l.rules.QuestionsPerHour
			}
		}
	})
	return n
}

// MessageAckWithin returns how long the recipients of a message of the
// priority have to acknowledge it at time at.
func MessageAckWithin(c *core.Center, v *core.View, at time.Time, priority string) time.Duration {
	set := c.Settings()
	flash, urgent := set.FlashAckWithin, set.UrgentAckWithin
	for _, l := range rulesInForce(v, at) {
		dur(l.rules.FlashAckWithin, &flash)
		dur(l.rules.UrgentMessageAckWithin, &urgent)
	}
	switch priority {
	case truce.PriorityFlash:
		return flash
	case truce.PriorityUrgent:
		return urgent
	}
	return 0
}

// Get returns one terms object; terms are public to every member.
//
// It returns ENotFound if there are no such terms.
func (svc TermsService) Get(id string) (*truce.Terms, error) {
	return core.CopyOf(svc.C, core.TTerms, "terms", id)
}

// Version returns version n of terms (0: the current one).
//
// It returns ENotFound if there are no such terms, or no version n of
// them is kept: a superseded version is kept only if it was in force
// when it was replaced.
func (svc TermsService) Version(id string, n int) (*truce.Terms, error) {
	c := svc.C
	t, err := TermsService{C: c}.Get(id)
	if err != nil || n == 0 || n == t.Version {
		return t, err
	}
	var out *truce.Terms
	c.Read(func(s *core.State) {
		out = core.TTermsVersion.Get(s, fmt.Sprintf("%s@%d", id, n))
	})
	if out == nil {
		return nil, truce.Errorf(truce.ENotFound, "terms %s have no version %d that was in force", id, n)
	}
	return out, nil
}

// List returns every terms object, in the order proposed.
func (svc TermsService) List(ctx context.Context) []truce.Terms {
	c := svc.C
	var out []truce.Terms
	c.ReadSized(ctx, func(s *core.State) { out = termsList(s) })
	return out
}

func termsList(s *core.State) []truce.Terms {
	out := []truce.Terms{}
	for obj := range core.TTerms.Values(s) {
		out = append(out, *obj)
	}
	slices.SortFunc(out, func(a, b truce.Terms) int { return cmpIndex(a.ID, b.ID) })
	return out
}

// Breaches of the terms that a notification may be accepted with, when
// its rule says "flag".
const (
	BreachLeadTime   = "lead-time"
	BreachNotAllowed = "not-allowed"
)

// TermsService is what a center does with terms: Center.Terms returns it.
type TermsService struct{ C *core.Center }
