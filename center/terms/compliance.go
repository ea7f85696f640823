package terms

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
)

// Compliance: each party's record against terms, per UTC day, computed
// only from what the public log says — a notification's entry names the
// terms it was judged by, its breaches, who had to acknowledge it and by
// when; answers and reviews are public acts — so that `truce log verify`
// recomputes it from a public replay and compares it with what the
// server answers. It is computed as of the newest entry, never of the
// clock, for the same reason.

// Compliance returns each party's record against the terms. Returns
// ENotFound if there are no such terms.
func (svc TermsService) Compliance(ctx context.Context, id string) (*truce.Compliance, error) {
	c := svc.C
	var out *truce.Compliance
	var err error
	c.ReadSized(ctx, func(s *core.State) { out, err = complianceOf(s, id) })
	return out, err
}

func under(n *truce.Notification, id string) bool {
	return slices.ContainsFunc(n.Terms(), func(ref string) bool { return strings.HasPrefix(ref, id+"@") })
}

// attributed returns the party a violation is attributed to by the
// terms' actors, or by the party's own name, or "".
func attributed(s *core.State, t *truce.Terms, actor string) string {
	for _, p := range slices.Sorted(maps.Keys(t.Actors)) {
		if slices.ContainsFunc(t.Actors[p], func(a string) bool { return strings.EqualFold(a, actor) }) {
			return p
		}
	}
	id, _ := core.PartyNames.Lookup(s, core.FoldName(actor))
	return id
}

func complianceOf(s *core.State, id string) (*truce.Compliance, error) {
	t := core.TTerms.Get(s, id)
	if t == nil {
		return nil, truce.Errorf(truce.ENotFound, "no terms %q", id)
	}
	at := s.Last
	type key struct{ party, day string }
	days := map[key]*truce.ComplianceDay{}
	count := func(party string, when time.Time, entry uint64, add func(*truce.ComplianceCount)) {
		k := key{party, dayOf(when)}
		d := days[k]
		if d == nil {
			d = &truce.ComplianceDay{Day: k.day, Entries: []uint64{}}
			days[k] = d
		}
		add(&d.ComplianceCount)
		if !slices.Contains(d.Entries, entry) {
			d.Entries = append(d.Entries, entry)
		}
	}
	for obj := range core.TNotification.Values(s) {
		n := obj
		if !under(n, id) {
			continue
		}
		if slices.Contains(n.Breaches(), BreachLeadTime) {
			count(n.Party, n.CreatedAt.Time(), n.SubmittedLogIndex, func(c *truce.ComplianceCount) { c.Late++ })
		}
		if slices.Contains(n.Breaches(), BreachNotAllowed) {
			count(n.Party, n.CreatedAt.Time(), n.SubmittedLogIndex, func(c *truce.ComplianceCount) { c.Breaches++ })
		}
		if n.Kind == "strike" {
			for _, a := range n.Acknowledgements {
				if a.Decision == "object" {
					count(n.Party, a.At, a.LogIndex, func(c *truce.ComplianceCount) { c.StrikesObjected++ })
					break
				}
			}
		}
		if !n.AckDeadline.Time().Before(at) {
			continue
		}
		if n.State == truce.NotificationCancelled && n.UpdatedAt.Before(n.AckDeadline) {
			continue
		}
		for _, p := range n.MustAcknowledge() {
			answered := slices.ContainsFunc(n.Acknowledgements, func(a truce.NotificationAck) bool {
				return a.Party == p && !a.At.After(n.AckDeadline.Time())
			})
			if !answered {
				count(p, n.AckDeadline.Time(), n.SubmittedLogIndex, func(c *truce.ComplianceCount) { c.AcksMissed++ })
			}
		}
	}
	for obj := range core.TReport.Values(s) {
		r := obj
		if r.Status != truce.ReportVerified || !violent(r) || r.OccurredAt.Before(t.Valid.Start.Time()) || r.OccurredAt.After(at) {
			continue
		}
		if p := attributed(s, t, r.Actor1); p != "" {
			count(p, r.OccurredAt, r.SubmittedLogIndex, func(c *truce.ComplianceCount) { c.Violations++ })
		}
	}
	byParty := map[string]*truce.PartyCompliance{}
	for obj := range core.TParty.Values(s) {
		p := obj
		if p.Kind == truce.KindParty || p.Kind == truce.KindHumanitarian || slices.Contains(t.Endorsers, p.ID) {
			byParty[p.ID] = &truce.PartyCompliance{Party: p.ID, Days: []truce.ComplianceDay{}}
		}
	}
	for k, d := range days {
		pc := byParty[k.party]
		if pc == nil {
			pc = &truce.PartyCompliance{Party: k.party, Days: []truce.ComplianceDay{}}
			byParty[k.party] = pc
		}
		slices.Sort(d.Entries)
		pc.Days = append(pc.Days, *d)
		pc.Totals.Late += d.Late
		pc.Totals.Breaches += d.Breaches
		pc.Totals.StrikesObjected += d.StrikesObjected
		pc.Totals.Violations += d.Violations
		pc.Totals.AcksMissed += d.AcksMissed
	}
	out := &truce.Compliance{Terms: id, At: at, Size: s.LogSize, Parties: []truce.PartyCompliance{}}
	for _, p := range slices.Sorted(maps.Keys(byParty)) {
		pc := byParty[p]
		slices.SortFunc(pc.Days, func(a, b truce.ComplianceDay) int { return cmp.Compare(a.Day, b.Day) })
		out.Parties = append(out.Parties, *pc)
	}
	return out, nil
}

// TermsViewsOf adds the terms' read paths to a verifier's views: the list
// and each terms' compliance, both functions of the log alone.
//
// Its errors are not *truce.Error (EInternal): a terms' compliance that
// cannot be computed from the log.
func TermsViewsOf(s *core.State, out map[string]any) error {
	ts := termsList(s)
	out[PathTerms] = ts
	for _, t := range ts {
		c, err := complianceOf(s, t.ID)
		if err != nil {
			return fmt.Errorf("compliance with %s: %w", t.ID, err)
		}
		out[CompliancePath(t.ID)] = c
	}
	return nil
}

// PathTerms is the read path of the terms' list.
const PathTerms = "/v1/terms"

// CompliancePath is the read path of a terms' compliance.
func CompliancePath(id string) string { return PathTerms + "/" + id + "/compliance" }
