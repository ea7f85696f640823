package terms

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
)

// Phases: the center evaluates the conditions of each terms' phase in
// force over its own data — verified reports, notifications and their
// answers — and, when all are met, writes the change to the next phase
// as its own act, with the evaluation in the entry. The change takes
// effect at once or once every endorser has confirmed it, as the phase
// says. The applier trusts the evaluation in the entry: it was the
// center's judgement at that moment, and a replay reproduces the change
// without re-counting.

const (
	TypeTermsPhase        = "terms.phase"         // the center proposes or makes a phase change
	TypeTermsPhaseEndorse = "terms.phase.endorse" // an endorser confirms a proposed change
)

type phaseBody struct {
	Terms     string                  `json:"terms"`
	Version   int                     `json:"version"` // the version in force that was evaluated
	From      int                     `json:"from"`
	To        int                     `json:"to"`
	Confirm   string                  `json:"confirm"`
	Evaluated time.Time               `json:"evaluated"`
	Status    []truce.ConditionStatus `json:"status"`
	Activates []string                `json:"activates,omitempty"`
}

// PhaseStatus is the state of the terms' phase in force and of the
// conditions that end it, evaluated at At.
type PhaseStatus struct {
	Terms  string                  `json:"terms"`
	Phase  int                     `json:"phase"`
	Name   string                  `json:"name"`
	Since  time.Time               `json:"since"`
	Next   string                  `json:"next,omitempty"` // the next phase's name
	At     time.Time               `json:"at"`
	Status []truce.ConditionStatus `json:"status"`
	// Pending is a change proposed and waiting for endorsements.
	Pending *truce.PhaseChange `json:"pending,omitempty"`
}

const day = 24 * time.Hour

// violent reports whether a report's event type is a violation of a
// ceasefire: battles, explosions and remote violence, violence against
// civilians.
func violent(r *truce.Report) bool {
	return r.EventType == truce.Battles || r.EventType == truce.ExplosionsRemoteViolence || r.EventType == truce.ViolenceAgainstCivilians
}

// zoneFootprints returns the footprints of the zones named (their
// precise shapes: the center's own evaluation), or nil for none named.
func zoneFootprints(v *core.View, ids []string) []geo.Footprint {
	var out []geo.Footprint
	for _, id := range ids {
		z := core.TZone.Get(v, id)
		if z == nil {
			continue
		}
		if sh := core.ZoneGeo.Of(v.Base, id, z)[0]; sh.Ok {
			out = append(out, geo.Footprint{Geometry: sh.G})
		}
	}
	return out
}

// within reports whether fp meets one of zones; any place is within when
// the condition names no zone.
func within(fp geo.Footprint, zones []geo.Footprint, named bool) bool {
	if !named {
		return true
	}
	for _, z := range zones {
		if fp.Intersects(z) {
			return true
		}
	}
	return false
}

func reportIn(v *core.View, r *truce.Report, zones []geo.Footprint, named bool) bool {
	sh := core.ReportGeo.Of(v.Base, r.ID, r)[0]
	return sh.Ok && within(geo.Footprint{Geometry: sh.G}, zones, named)
}

// disclosedVolumes returns a notification's volumes as a party that may not read
// it is told of them (coarse cells, whole slots). Conditions are public,
// and so is what they count: a sealed strike or convoy is judged on its
// disclosed volumes, as a conflict question about it is (disclosure.md),
// which can only count it in more places and times, never fewer.
func disclosedVolumes(v *core.View, n *truce.Notification) []conflict.Volume {
	vols, _ := core.VolumesOf(v.Base, n)
	out := make([]conflict.Volume, len(vols))
	for i, cv := range vols {
		out[i] = conflict.Disclose(cv)
	}
	return out
}

func notificationIn(v *core.View, n *truce.Notification, zones []geo.Footprint, named bool) bool {
	for _, d := range disclosedVolumes(v, n) {
		if within(d.Footprint, zones, named) {
			return true
		}
	}
	return false
}

func objected(n *truce.Notification) bool {
	return slices.ContainsFunc(n.Acknowledgements, func(a truce.NotificationAck) bool { return a.Decision == "object" })
}

func dayOf(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// maxDays bounds the days a status lists.
const maxDays = 366

// evaluate returns the status of each condition of phase p of tv, the
// phase having begun at since, at now.
func evaluate(v *core.View, tv *truce.Terms, p int, since, now time.Time) []truce.ConditionStatus {
	out := []truce.ConditionStatus{}
	if p >= len(tv.Phases) {
		return out
	}
	for _, c := range tv.Phases[p].Conditions {
		out = append(out, evaluateOne(v, c, since, now))
	}
	return out
}

func evaluateOne(v *core.View, c truce.Condition, since, now time.Time) truce.ConditionStatus {
	st := truce.ConditionStatus{Condition: c, Counted: []string{}}
	if !c.Since.IsZero() {
		since = c.Since
	}
	zones, named := zoneFootprints(v, c.Zones), len(c.Zones) > 0
	switch c.Type {
	case truce.CondViolations:
		// Whole UTC days from the first that began in the phase to the
		// last that has ended.
		first := since.UTC().Truncate(day)
		if first.Before(since) {
			first = first.Add(day)
		}
		end := now.UTC().Truncate(day)
		byDay := map[string][]string{}
		core.TReport.Each(v, func(id string, obj *truce.Report) {
			r := obj
			if r.Status == truce.ReportVerified && violent(r) && !r.OccurredAt.Before(first) && r.OccurredAt.Before(end) && reportIn(v, r, zones, named) {
				byDay[dayOf(r.OccurredAt)] = append(byDay[dayOf(r.OccurredAt)], id)
			}
		})
		for d := first; d.Before(end); d = d.Add(day) {
			ids := byDay[dayOf(d)]
			if len(ids) <= c.MaxPerDay {
				st.Value++
			} else {
				st.Value = 0 // the count starts again the day after
			}
			st.Days = append(st.Days, truce.DayCount{Day: dayOf(d), Count: len(ids), IDs: ids})
			st.Counted = append(st.Counted, ids...)
		}
		if len(st.Days) > maxDays {
			st.Days = st.Days[len(st.Days)-maxDays:]
		}
		st.Target = c.Days
	case truce.CondMovements:
		core.TNotification.Each(v, func(id string, obj *truce.Notification) {
			n := obj
			if n.Kind == "humanitarian-movement" && n.State == truce.NotificationExecuted && !objected(n) && !n.CreatedAt.Time().Before(since) && notificationIn(v, n, zones, named) {
				st.Counted = append(st.Counted, id)
			}
		})
		st.Value, st.Target = len(st.Counted), c.Count
	case truce.CondNoStrikes:
		last := since
		core.TReport.Each(v, func(id string, obj *truce.Report) {
			r := obj
			if r.Status == truce.ReportVerified && r.EventType == truce.ExplosionsRemoteViolence && !r.OccurredAt.Before(since) && !r.OccurredAt.After(now) && reportIn(v, r, zones, named) {
				st.Counted = append(st.Counted, id)
				last = later(last, r.OccurredAt)
			}
		})
		core.TNotification.Each(v, func(id string, obj *truce.Notification) {
			n := obj
			if n.Kind != "strike" || n.State != truce.NotificationExecuted {
				return
			}
			var first, end time.Time
			for _, d := range disclosedVolumes(v, n) {
				if first.IsZero() || d.Window.Start.Before(first) {
					first = d.Window.Start
				}
				end = later(end, d.Window.End)
			}
			if first.IsZero() || end.Before(since) || first.After(now) || !notificationIn(v, n, zones, named) {
				return
			}
			st.Counted = append(st.Counted, id)
			if end.After(now) {
				end = now
			}
			last = later(last, end)
		})
		st.Value, st.Target = max(int(now.Sub(last)/day), 0), c.Days
	case truce.CondDate:
		if !now.Before(c.At) {
			st.Value = 1
		}
		st.Target = 1
	}
	st.Met = st.Value >= st.Target
	return st
}

// In a phase change's entry, each condition keeps its last entryDays
// days (their counts) and its last entryCounted ids: twenty conditions
// then fit the log's entry size.
const (
	entryDays    = 31
	entryCounted = 100
)

// compact returns the statuses as a phase change's entry holds them.
func compact(sts []truce.ConditionStatus) []truce.ConditionStatus {
	out := slices.Clone(sts)
	for i := range out {
		st := &out[i]
		if len(st.Days) > entryDays {
			st.Days = st.Days[len(st.Days)-entryDays:]
		}
		days := make([]truce.DayCount, len(st.Days))
		for j, d := range st.Days {
			days[j] = truce.DayCount{Day: d.Day, Count: d.Count}
		}
		st.Days = days
		if n := len(st.Counted); n > entryCounted {
			st.Omitted, st.Counted = n-entryCounted, st.Counted[n-entryCounted:]
		}
	}
	return out
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func allMet(sts []truce.ConditionStatus) bool {
	for _, s := range sts {
		if !s.Met {
			return false
		}
	}
	return len(sts) > 0
}

// Phase returns the status of the terms' phase in force, its conditions
// evaluated now. Returns ENotFound if there are no such terms.
func (svc TermsService) Phase(id string) (*PhaseStatus, error) {
	c := svc.C
	now := c.Now()
	var out *PhaseStatus
	c.Read(func(s *core.State) {
		v := core.NewView(s)
		t := core.TTerms.Get(v, id)
		if t == nil {
			return
		}
		out = &PhaseStatus{Terms: id, Phase: t.Phase, Since: t.PhaseSince, At: now, Status: []truce.ConditionStatus{}, Pending: t.Pending}
		tv := inForce(v, t, now)
		if tv == nil {
			tv = t
		}
		if t.Phase < len(tv.Phases) {
			out.Name = tv.Phases[t.Phase].Name
		}
		if t.Phase+1 < len(tv.Phases) {
			out.Next = tv.Phases[t.Phase+1].Name
		}
		if !t.PhaseSince.IsZero() {
			out.Status = evaluate(v, tv, t.Phase, t.PhaseSince, now)
		}
	})
	if out == nil {
		return nil, truce.Errorf(truce.ENotFound, "no terms %q", id)
	}
	return out, nil
}

// AdvancePhases writes, for each terms in force whose phase's conditions
// are all met now, the change to the next phase (or its proposal, where
// the phase wants it endorsed). It writes nothing when nothing is met.
// `truce serve` calls it on the clock's ticker; tests call it after
// moving their clock.
//
// The conditions count over every report and notification, so they are
// looked at only when the log has grown or the clock has entered a new
// minute since the last look.
//
// It returns the first of the write errors (package doc) but
// EUnauthorized, the changes being the center's acts; the terms not
// changed are looked at again once the log grows or the minute turns.
func (svc TermsService) AdvancePhases(ctx context.Context) error {
	c := svc.C
	// One look at a time: a caller that must see the change made (the
	// demonstration, before it says it is ready) waits for a look the
	// ticker began.
	gate := c.Caches.Get(phaseGateKey{}, func() any { return &phaseGate{} }).(*phaseGate)
	gate.run.Lock()
	defer gate.run.Unlock()
	now := c.Now()
	if !gate.open(c.Size(), now) {
		return nil
	}
	var ids []string
	c.Read(func(s *core.State) {
		v := core.NewView(s)
		for _, t := range termsList(s) {
			if t.State == truce.TermsWithdrawn || t.Pending != nil || t.PhaseSince.IsZero() {
				continue
			}
			if tv := inForce(v, &t, now); tv != nil && t.Phase+1 < len(tv.Phases) && allMet(evaluate(v, tv, t.Phase, t.PhaseSince, now)) {
				ids = append(ids, t.ID)
			}
		}
	})
	for _, id := range ids {
		_, err := c.Write(ctx, truce.Actor{}, func(v *core.View) (string, any, error) {
			now := c.Now()
			t := core.TTerms.Get(v, id)
			if t == nil || t.Pending != nil || t.PhaseSince.IsZero() {
				return "", nil, core.ErrNothingDue
			}
			tv := inForce(v, t, now)
			if tv == nil || t.Phase+1 >= len(tv.Phases) {
				return "", nil, core.ErrNothingDue
			}
			sts := evaluate(v, tv, t.Phase, t.PhaseSince, now)
			if !allMet(sts) {
				return "", nil, core.ErrNothingDue
			}
			confirm := tv.Phases[t.Phase].Confirm
			if confirm == "" {
				confirm = truce.ConfirmAuto
			}
			var activates []string
			for _, z := range tv.Phases[t.Phase+1].Activates {
				if zz := core.TZone.Get(v, z); zz != nil && zz.State == truce.ZoneProposed {
					activates = append(activates, z)
				}
			}
			return TypeTermsPhase, phaseBody{Terms: id, Version: tv.Version, From: t.Phase, To: t.Phase + 1,
				Confirm: confirm, Evaluated: now, Status: compact(sts), Activates: activates}, nil
		})
		if err != nil && err != core.ErrNothingDue {
			return err
		}
	}
	return nil
}

type phaseGateKey struct{}

// phaseGate remembers the log size and minute of the last evaluation.
type phaseGate struct {
	run    sync.Mutex // held for a whole AdvancePhases
	mu     sync.Mutex
	size   uint64
	minute time.Time
}

func (g *phaseGate) open(size uint64, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	m := now.Truncate(time.Minute)
	if size == g.size && m.Equal(g.minute) {
		return false
	}
	g.size, g.minute = size, m
	return true
}

// ApplyTermsPhase is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyTermsPhase(v *core.View, e *truce.Entry, b *phaseBody) error {
	if !e.Actor.IsCenter() {
		return fmt.Errorf("phase changes are the center's acts")
	}
	old := core.TTerms.Get(v, b.Terms)
	if old == nil || old.Phase != b.From || b.To != b.From+1 || old.Pending != nil || old.State == truce.TermsWithdrawn ||
		(b.Confirm != truce.ConfirmAuto && b.Confirm != truce.ConfirmEndorsement) {
		return fmt.Errorf("phase change of terms %s from %d to %d does not apply", b.Terms, b.From, b.To)
	}
	t := *old
	ch := truce.PhaseChange{From: b.From, To: b.To, Evaluated: b.Evaluated, Status: b.Status, Activates: b.Activates, LogIndex: e.Index}
	if b.Confirm == truce.ConfirmAuto {
		enterPhase(v, &t, ch, e)
	} else {
		ch.Endorsements = []truce.Endorsement{}
		t.Pending = &ch
	}
	t.UpdatedAt, t.LogIndex = e.Time, e.Index
	core.TTerms.Put(v, t.ID, &t)
	return nil
}

// enterPhase makes a phase change take effect: the phase, and the zones
// it brings into force (those still proposed: one withdrawn meanwhile
// stays withdrawn).
func enterPhase(v *core.View, t *truce.Terms, ch truce.PhaseChange, e *truce.Entry) {
	ch.At = e.Time
	t.Phase, t.PhaseSince, t.Pending = ch.To, e.Time, nil
	t.History = append(slices.Clone(t.History), ch)
	for _, id := range ch.Activates {
		old := core.TZone.Get(v, id)
		if old == nil || old.State != truce.ZoneProposed {
			continue
		}
		z := *old
		z.State, z.UpdatedAt, z.LogIndex = truce.ZoneActive, e.Time, e.Index
		core.TZone.Put(v, z.ID, &z)
	}
}

// EndorsePhase confirms, for the caller's party, the phase change the
// center proposed; the change takes effect when every endorser of the
// terms has confirmed it.
//
// Returns ENotFound (no such terms), EForbidden (not an endorser),
// EConflict (no change waiting, or already confirmed), and the write
// errors (package doc).
func (svc TermsService) EndorsePhase(ctx context.Context, caller *core.Caller, id string) (*truce.Terms, error) {
	c := svc.C
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		t := core.TTerms.Get(v, id)
		if t == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no terms %q", id)
		}
		if !slices.Contains(t.Endorsers, caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EForbidden, "your party is not among these terms' endorsers")
		}
		if t.Pending == nil {
			return "", nil, truce.Errorf(truce.EConflict, "no phase change is waiting for endorsement")
		}
		if hasEndorsed(t.Pending.Endorsements, caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EConflict, "your party has already endorsed this phase change")
		}
		return TypeTermsPhaseEndorse, termsActBody{Terms: id, Version: t.Version}, nil
	})
	if err != nil {
		return nil, err
	}
	return TermsService{C: c}.Get(id)
}

// ApplyTermsPhaseEndorse is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyTermsPhaseEndorse(v *core.View, e *truce.Entry, b *termsActBody) error {
	old := core.TTerms.Get(v, b.Terms)
	if old == nil || old.Pending == nil || !slices.Contains(old.Endorsers, e.Actor.Party) || hasEndorsed(old.Pending.Endorsements, e.Actor.Party) {
		return fmt.Errorf("phase endorsement of terms %s does not apply", b.Terms)
	}
	t := *old
	ch := *old.Pending
	ch.Endorsements = append(slices.Clone(ch.Endorsements), endorsement(e))
	t.Pending = &ch
	if len(ch.Endorsements) == len(t.Endorsers) {
		enterPhase(v, &t, ch, e)
	}
	t.UpdatedAt, t.LogIndex = e.Time, e.Index
	core.TTerms.Put(v, t.ID, &t)
	return nil
}
