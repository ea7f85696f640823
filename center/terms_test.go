package center_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/center/terms"
	"github.com/truce-center/truce/center/zones"
)

func dayAt(d, h int) time.Time { return time.Date(2016, 9, d, h, 0, 0, 0, time.UTC) }

// strike is a strike notification starting at start, for an hour.
func strike(start time.Time) notifications.NotificationInput {
	return notifications.NotificationInput{Kind: "strike", Volumes: []truce.Volume{{
		Geometry: truce.NewGeoJSON([]byte(`{"type":"Point","coordinates":[37.3,36.4]}`)), RadiusM: 200,
		Altitude: truce.Altitude{MinM: 0, MaxM: 9000}, Start: truce.InstantOf(start), End: truce.InstantOf(start.Add(time.Hour))}}}
}

func (tb *table) propose(t *testing.T, in terms.TermsInput) *truce.Terms {
	t.Helper()
	tm, err := tb.C.Terms().Propose(context.Background(), tb.UN, in)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func (tb *table) endorse(t *testing.T, id string, who ...*core.Caller) *truce.Terms {
	t.Helper()
	var tm *truce.Terms
	var err error
	for _, w := range who {
		if tm, err = tb.C.Terms().Endorse(context.Background(), w, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	return tm
}

// publicViews replays the public log (what `truce log verify` does) and
// returns what the coordinator's member must be shown.
func (tb *table) publicViews(t *testing.T) map[string]any {
	t.Helper()
	r := center.NewReplayer(nil)
	if err := r.AddAll(tb.Entries(t)); err != nil {
		t.Fatal(err)
	}
	views, err := center.Views(r.State(), tb.UN.Member.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Every path Views answers is one ViewPaths names for the parties and
	// terms listed, so that `truce log verify` reads it from the API.
	var partyIDs, termsIDs []string
	for _, p := range views[center.PathParties].([]truce.Party) {
		partyIDs = append(partyIDs, p.ID)
	}
	for _, tm := range views[terms.PathTerms].([]truce.Terms) {
		termsIDs = append(termsIDs, tm.ID)
	}
	if len(termsIDs) == 0 || len(partyIDs) < 2 {
		t.Fatalf("the views list %d parties and %d terms", len(partyIDs), len(termsIDs))
	}
	paths := center.ViewPaths(partyIDs, termsIDs)
	for path := range views {
		if !slices.Contains(paths, path) {
			t.Errorf("Views answers %s, which ViewPaths does not name", path)
		}
	}
	if diffs, _, err := center.Replay(context.Background(), tb.Store, nil); err != nil || len(diffs) != 0 {
		t.Fatalf("replay: %v %v", diffs, err)
	}
	return views
}

func fieldOf(err error) string {
	var te *truce.Error
	if e, ok := err.(*truce.Error); ok {
		te = e
	}
	if te == nil || len(te.Fields) == 0 {
		return ""
	}
	return te.Fields[0].Field
}

// TestTermsJudgeNotifications: endorsed terms refuse a strike with too
// little notice and flag a flight; a new version applies only to acts
// after it is in force; a replay of the public log names the same terms
// for each act; the hotline's escalation timer is the terms'.
func TestTermsJudgeNotifications(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	now := tb.Clock.Now()
	sy := tb.SY.Party.ID
	in := terms.TermsInput{
		Name: "Geneva arrangement", Endorsers: []string{tb.US.Party.ID, tb.RU.Party.ID},
		Valid: truce.Window{Start: truce.InstantOf(now), End: truce.InstantOf(now.Add(30 * 24 * time.Hour))},
		Rules: truce.Rules{
			Parties: map[string]map[string]truce.KindRule{sy: {
				"strike": {LeadTime: "24h", AcknowledgeBy: []string{tb.US.Party.ID, tb.RU.Party.ID}},
				"flight": {LeadTime: "48h", OnBreach: "flag"},
			}},
			FlashAckWithin: "5m",
		},
	}
	tm := tb.propose(t, in)
	if tm.State != truce.TermsProposed || tm.InForce != 0 {
		t.Fatalf("proposed terms: %+v", tm)
	}
	// Not yet in force: the defaults apply (a strike needs no notice).
	early, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(now.Add(2*time.Hour)))
	if err != nil || len(early.Terms()) != 0 {
		t.Fatalf("strike before the terms are in force: %v %v", early, err)
	}
	tm = tb.endorse(t, tm.ID, tb.US, tb.RU)
	if tm.State != truce.TermsActive || tm.InForce != 1 {
		t.Fatalf("endorsed terms: %+v", tm)
	}
	v1 := tm.ID + "@1"

	_, err = tb.C.Notifications().Submit(ctx, tb.SY, strike(now.Add(2*time.Hour)))
	if truce.ErrorCode(err) != truce.EInvalid || fieldOf(err) != "volumes[0].start" {
		t.Fatalf("a strike with 2 h notice under 24 h terms: %v", err)
	}
	ok, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(now.Add(25*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ok.Terms(), []string{v1}) || !slices.Equal(ok.MustAcknowledge(), []string{tb.US.Party.ID, tb.RU.Party.ID}) || len(ok.Breaches()) != 0 {
		t.Fatalf("strike under the terms: terms %v, must acknowledge %v, breaches %v", ok.Terms(), ok.MustAcknowledge(), ok.Breaches())
	}
	// The US's strikes are not under the Syrian rule.
	us, err := tb.C.Notifications().Submit(ctx, tb.US, strike(now.Add(2*time.Hour)))
	if err != nil || len(us.MustAcknowledge()) != 0 {
		t.Fatalf("a US strike: %v %v", us, err)
	}
	flight := strike(now.Add(30 * time.Hour))
	flight.Kind = "flight"
	fl, err := tb.C.Notifications().Submit(ctx, tb.SY, flight)
	if err != nil || !slices.Equal(fl.Breaches(), []string{terms.BreachLeadTime}) {
		t.Fatalf("a flight with 30 h notice under 48 h terms that flag: %+v %v", fl, err)
	}

	// Version 2 asks 72 h; until it is endorsed, version 1 is in force.
	in.Rules.Parties[sy]["strike"] = truce.KindRule{LeadTime: "72h", AcknowledgeBy: []string{tb.US.Party.ID}}
	tm, err = tb.C.Terms().Change(ctx, tb.UN, tm.ID, terms.TermsETag(tm), in)
	if err != nil || tm.Version != 2 || tm.State != truce.TermsProposed || tm.InForce != 1 {
		t.Fatalf("new version: %+v %v", tm, err)
	}
	if _, err := tb.C.Terms().Change(ctx, tb.UN, tm.ID, `"`+tm.ID+`.v1"`, in); truce.ErrorCode(err) != truce.EVersionMismatch {
		t.Fatalf("a change against an old version: %v", err)
	}
	mid, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(now.Add(25*time.Hour)))
	if err != nil || !slices.Equal(mid.Terms(), []string{v1}) {
		t.Fatalf("a strike while version 2 waits: %+v %v", mid, err)
	}
	tb.endorse(t, tm.ID, tb.US, tb.RU)
	if _, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(now.Add(25*time.Hour))); fieldOf(err) != "volumes[0].start" {
		t.Fatalf("a strike with 25 h notice under version 2: %v", err)
	}
	late, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(now.Add(73*time.Hour)))
	if err != nil || !slices.Equal(late.Terms(), []string{tm.ID + "@2"}) || !slices.Equal(late.MustAcknowledge(), []string{tb.US.Party.ID}) {
		t.Fatalf("a strike under version 2: %+v %v", late, err)
	}
	// Version 1 stays readable.
	if old, err := tb.C.Terms().Version(tm.ID, 1); err != nil || old.Rules.Parties[sy]["strike"].LeadTime != "24h" {
		t.Fatalf("version 1: %+v %v", old, err)
	}

	// The hotline escalates flash messages after the terms' 5 minutes.
	m := tb.send(t, tb.US, tb.RU, "flash", "hold fire")
	if m.AckDue == nil || !m.AckDue.Equal(now.Add(5*time.Minute)) {
		t.Fatalf("flash message due %v, want %v", m.AckDue, now.Add(5*time.Minute))
	}

	// A public replay names the same terms for each act.
	views := tb.publicViews(t)
	want := map[string][]string{}
	listed, err := tb.C.Notifications().List(context.Background(), tb.UN, notifications.NotificationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range listed {
		want[n.ID] = n.Terms()
	}
	replayed := views["/v1/notifications"].([]truce.Notification)
	if len(replayed) != len(want) || len(want) != 6 {
		t.Fatalf("replayed %d notifications, served %d", len(replayed), len(want))
	}
	for _, n := range replayed {
		if !slices.Equal(n.Terms(), want[n.ID]) {
			t.Errorf("notification %s: replay says terms %v, the center %v", n.ID, n.Terms(), want[n.ID])
		}
	}
	if !slices.Equal(want[early.ID], nil) || !slices.Equal(want[mid.ID], []string{v1}) || !slices.Equal(want[late.ID], []string{tm.ID + "@2"}) {
		t.Fatalf("terms per act: %v", want)
	}
}

// TestTermsRefuseBadInput: every bad field is named, and nothing is
// written.
func TestTermsRefuseBadInput(t *testing.T) {
	tb := newTable(t, core.Settings{})
	size := tb.C.Size()
	now := tb.Clock.Now()
	_, err := tb.C.Terms().Propose(context.Background(), tb.UN, terms.TermsInput{
		Endorsers: []string{"pty_404"},
		Valid:     truce.Window{Start: truce.InstantOf(now), End: truce.InstantOf(time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC))},
		Rules: truce.Rules{Notifications: map[string]truce.KindRule{"picnic": {}, "strike": {LeadTime: "soon", OnBreach: "ignore"}},
			FlashAckWithin: "-1m"},
		Phases: []truce.Phase{{Name: "one", Activates: []string{"zon_404"}, Conditions: []truce.Condition{{Type: "vibes"}, {Type: truce.CondViolations, Days: 0, Zones: []string{"zon_404"}}}},
			{Name: "two", Activates: []string{"zon_405"}}},
	})
	want := []string{"name", "endorsers[0]", "valid.end", "rules.notifications.picnic", "rules.notifications.strike.lead_time",
		"rules.notifications.strike.on_breach", "rules.flash_ack_within", "phases[0].conditions[0].type",
		"phases[0].conditions[1].zones[0]", "phases[0].conditions[1].days", "phases[0].activates[0]", "phases[1].activates[0]"}
	var te *truce.Error
	if e, ok := err.(*truce.Error); ok {
		te = e
	}
	if te == nil {
		t.Fatalf("bad terms: %v", err)
	}
	var got []string
	for _, f := range te.Fields {
		got = append(got, f.Field)
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("no error for %s in %v", w, got)
		}
	}
	if tb.C.Size() != size {
		t.Fatalf("the log grew from %d to %d", size, tb.C.Size())
	}
	if _, err := tb.C.Terms().Propose(context.Background(), tb.SY, terms.TermsInput{}); truce.ErrorCode(err) != truce.EInvalid {
		t.Fatalf("a party's empty proposal: %v", err)
	}
}

func (tb *table) zone(t *testing.T, name string, ring string) string {
	t.Helper()
	now := tb.Clock.Now()
	z, err := tb.C.Zones().Propose(context.Background(), tb.UN, zones.ZoneInput{Name: name, Kind: "de-escalation",
		Geometry:  json.RawMessage(`{"type":"Polygon","coordinates":[` + ring + `]}`),
		Valid:     truce.Window{Start: truce.InstantOf(now), End: truce.InstantOf(now.Add(60 * 24 * time.Hour))},
		Restricts: truce.Restrictions{Parties: []string{"*"}, Activities: []string{"strike"}},
		Endorsers: []string{tb.US.Party.ID}})
	if err != nil {
		t.Fatal(err)
	}
	return z.ID
}

// report files a verified violation in the zone ring's neighbourhood.
func (tb *table) violation(t *testing.T, at time.Time, lon, lat float64, actor string) *truce.Report {
	t.Helper()
	ctx := context.Background()
	r, err := tb.C.Reports().Submit(ctx, tb.US, reports.ReportInput{OccurredAt: at, TimePrecision: 1, GeoPrecision: 1,
		Location:  json.RawMessage(fmt.Sprintf(`{"type":"Point","coordinates":[%g,%g]}`, lon, lat)),
		EventType: truce.ExplosionsRemoteViolence, SubEventType: truce.Shelling, Actor1: actor, Fatalities: 1,
		Sources: []truce.Source{{Name: "field team", Scale: "local"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{truce.ReportUnderReview, truce.ReportVerified} {
		if r, err = tb.C.Reports().Review(ctx, tb.UN, r.ID, reports.ReviewInput{Status: st, Note: "seen by the team"}); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// TestPhaseChangesWhenConditionsHold walks a fake clock through the
// days: seven consecutive days with no verified violation in the zone
// end the first phase; one violation on day 5 starts the count again;
// a violation outside the zone does not count. The second phase's change
// waits for both endorsers.
func TestPhaseChangesWhenConditionsHold(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	zone := tb.zone(t, "Castello Road", `[[37.10,36.24],[37.16,36.24],[37.16,36.29],[37.10,36.29],[37.10,36.24]]`)
	delineated := tb.zone(t, "Designated group area", `[[37.02,36.08],[37.11,36.08],[37.11,36.14],[37.02,36.14],[37.02,36.08]]`)
	start := tb.Clock.Now() // 12 September, 16:00: day 1 is the 13th
	// Terms cannot bring into force a zone whose endorsers do not all
	// endorse them.
	_, err := tb.C.Terms().Propose(ctx, tb.UN, terms.TermsInput{Name: "Without the US", Endorsers: []string{tb.RU.Party.ID},
		Valid:  truce.Window{Start: truce.InstantOf(start), End: truce.InstantOf(start.Add(24 * time.Hour))},
		Phases: []truce.Phase{{Name: "a", Conditions: []truce.Condition{{Type: truce.CondDate, At: start}}}, {Name: "b", Activates: []string{delineated}}}})
	if fieldOf(err) != "phases[1].activates[0]" {
		t.Fatalf("activating a zone the US must endorse, without the US: %v", err)
	}
	no := false
	tm := tb.propose(t, terms.TermsInput{
		Name: "Three phases", Endorsers: []string{tb.US.Party.ID, tb.RU.Party.ID},
		Valid: truce.Window{Start: truce.InstantOf(start), End: truce.InstantOf(start.Add(90 * 24 * time.Hour))},
		Phases: []truce.Phase{
			{Name: "reduced violence", Conditions: []truce.Condition{{Type: truce.CondViolations, Zones: []string{zone}, MaxPerDay: 0, Days: 7}}},
			{Name: "coordination", Rules: truce.Rules{Parties: map[string]map[string]truce.KindRule{tb.SY.Party.ID: {"strike": {Allowed: &no}}}},
				Conditions: []truce.Condition{{Type: truce.CondDate, At: dayAt(28, 0)}}, Confirm: truce.ConfirmEndorsement},
			{Name: "joint implementation", Activates: []string{delineated}},
		}})
	tb.endorse(t, tm.ID, tb.US, tb.RU)
	zoneState := func() string {
		t.Helper()
		z, err := tb.C.Zones().Get(ctx, tb.UN, delineated)
		if err != nil {
			t.Fatal(err)
		}
		return z.State
	}
	walk := func(d int) *terms.PhaseStatus {
		t.Helper()
		tb.Clock.Advance(dayAt(d, 0).Add(time.Minute).Sub(tb.Clock.Now()))
		if err := tb.C.Terms().AdvancePhases(ctx); err != nil {
			t.Fatal(err)
		}
		ps, err := tb.C.Terms().Phase(tm.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	for d := 14; d <= 17; d++ { // the ends of days 1 to 4
		if ps := walk(d); ps.Phase != 0 || ps.Status[0].Value != d-13 || ps.Status[0].Met {
			t.Fatalf("on the %dth: phase %d, value %d", d, ps.Phase, ps.Status[0].Value)
		}
	}
	// Day 5, the 17th: a violation in the zone, verified the same day,
	// and one outside it.
	tb.Clock.Advance(10 * time.Hour)
	v5 := tb.violation(t, dayAt(17, 9), 37.13, 36.26, "Military Forces of Syria (2000-)")
	tb.violation(t, dayAt(17, 9), 36.5, 35.5, "Military Forces of Syria (2000-)")
	ps := walk(18)
	if ps.Status[0].Value != 0 || !slices.Equal(ps.Status[0].Counted, []string{v5.ID}) || ps.Status[0].Days[4].Count != 1 {
		t.Fatalf("after day 5: %+v", ps.Status[0])
	}
	for d := 19; d <= 24; d++ {
		if ps := walk(d); ps.Phase != 0 || ps.Status[0].Value != d-18 {
			t.Fatalf("on the %dth: phase %d, value %d", d, ps.Phase, ps.Status[0].Value)
		}
	}
	ps = walk(25) // the end of day 12, the 7th clean day since day 5
	if ps.Phase != 1 || ps.Name != "coordination" {
		t.Fatalf("after seven clean days: %+v", ps)
	}
	got, err := tb.C.Terms().Get(tm.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.History) != 1 || got.History[0].Status[0].Value != 7 || !got.PhaseSince.Equal(dayAt(25, 0).Add(time.Minute)) {
		t.Fatalf("history: %+v", got.History)
	}
	// The second phase forbids Syrian strikes.
	if _, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(dayAt(26, 0))); fieldOf(err) != "kind" {
		t.Fatalf("a Syrian strike in the second phase: %v", err)
	}
	// Its date comes; the change waits for both endorsers.
	if ps = walk(28); ps.Phase != 1 || ps.Pending == nil {
		t.Fatalf("on the 28th: %+v", ps)
	}
	if _, err := tb.C.Terms().EndorsePhase(ctx, tb.SY, tm.ID); truce.ErrorCode(err) != truce.EForbidden {
		t.Fatalf("a non-endorser confirms: %v", err)
	}
	if got, err = tb.C.Terms().EndorsePhase(ctx, tb.US, tm.ID); err != nil || got.Phase != 1 || zoneState() != truce.ZoneProposed {
		t.Fatalf("one confirmation: %+v %v", got, err)
	}
	if got, err = tb.C.Terms().EndorsePhase(ctx, tb.RU, tm.ID); err != nil || got.Phase != 2 || got.Pending != nil || len(got.History) != 2 {
		t.Fatalf("both confirmations: %+v %v", got, err)
	}
	// The third phase brings the delineated zone into force.
	if st := zoneState(); st != truce.ZoneActive || !slices.Equal(got.History[1].Activates, []string{delineated}) {
		t.Fatalf("the delineated zone is %s; the change activated %v", st, got.History[1].Activates)
	}
	if _, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(dayAt(29, 0))); err != nil {
		t.Fatalf("a Syrian strike in the third phase: %v", err)
	}
	// The replay of the public log has the same terms.
	views := tb.publicViews(t)
	a, _ := json.Marshal(views["/v1/terms"])
	b, _ := json.Marshal(tb.C.Terms().List(context.Background()))
	if string(a) != string(b) {
		t.Fatalf("terms as replayed:\n%s\nas served:\n%s", a, b)
	}
}

// TestComplianceRecomputed: a known data set gives known figures per
// party and day, and a replay of the public log computes the same.
func TestComplianceRecomputed(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	now := tb.Clock.Now()
	us, ru, sy := tb.US.Party.ID, tb.RU.Party.ID, tb.SY.Party.ID
	tm := tb.propose(t, terms.TermsInput{
		Name: "Compliance", Endorsers: []string{us, ru},
		Valid: truce.Window{Start: truce.InstantOf(now), End: truce.InstantOf(now.Add(30 * 24 * time.Hour))},
		Rules: truce.Rules{Parties: map[string]map[string]truce.KindRule{
			sy: {"strike": {LeadTime: "24h", AcknowledgeBy: []string{us, ru}, OnBreach: "flag"}},
			us: {"strike": {AcknowledgeBy: []string{ru}, AckWithin: "1h"}},
		}},
		Actors: map[string][]string{sy: {"Military Forces of Syria (2000-)"}},
	})
	tb.endorse(t, tm.ID, tb.US, tb.RU)
	// 12 September: a Syrian strike with 3 h notice (late), objected by
	// the US; a US strike that Russia never answers.
	a, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(now.Add(3*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tb.C.Notifications().Acknowledge(ctx, tb.US, a.ID, notifications.AckInput{Decision: "object", Note: "too close to the road"}); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.C.Notifications().Submit(ctx, tb.US, strike(now.Add(5*time.Hour))); err != nil {
		t.Fatal(err)
	}
	// 13 September: a violation by the Syrian forces, verified; one by
	// an actor no terms name, verified; a Syrian strike with notice.
	tb.Clock.Advance(dayAt(13, 12).Sub(tb.Clock.Now()))
	tb.violation(t, dayAt(13, 8), 37.1, 36.2, "Military Forces of Syria (2000-)")
	tb.violation(t, dayAt(13, 9), 37.1, 36.2, "Unidentified Armed Group (Syria)")
	if _, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(dayAt(15, 12))); err != nil {
		t.Fatal(err)
	}
	cp, err := tb.C.Terms().Compliance(context.Background(), tm.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]truce.ComplianceCount{}
	days := map[string][]string{}
	for _, p := range cp.Parties {
		got[p.Party] = p.Totals
		for _, d := range p.Days {
			days[p.Party] = append(days[p.Party], d.Day)
		}
	}
	want := map[string]truce.ComplianceCount{
		sy: {Late: 1, StrikesObjected: 1, Violations: 1},
		// Russia missed two deadlines: the US strike's, and the first
		// Syrian strike's, which it never answered.
		ru: {AcksMissed: 2},
		us: {},
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s: %+v, want %+v", p, got[p], w)
		}
	}
	if !slices.Equal(days[sy], []string{"2016-09-12", "2016-09-13"}) || !slices.Equal(days[ru], []string{"2016-09-12"}) {
		t.Errorf("days: %v", days)
	}
	if !cp.At.Equal(dayAt(13, 12)) || cp.Size != tb.C.Size() {
		t.Errorf("compliance as of %v (%d entries)", cp.At, cp.Size)
	}
	views := tb.publicViews(t)
	x, _ := json.Marshal(views["/v1/terms/"+tm.ID+"/compliance"])
	y, _ := json.Marshal(cp)
	if string(x) != string(y) {
		t.Fatalf("compliance as replayed:\n%s\nas served:\n%s", x, y)
	}
}

// at returns the notification input moved to a point.
func at(in notifications.NotificationInput, lon, lat float64) notifications.NotificationInput {
	in.Volumes[0].Geometry = truce.NewGeoJSON([]byte(fmt.Sprintf(`{"type":"Point","coordinates":[%g,%g]}`, lon, lat)))
	return in
}

// TestPhaseConditionsOverNotifications: "a convoy through the zone
// executed without objection" and "no strike in the zone for two days"
// count executed notifications, judged on their disclosed volumes; a
// strike elsewhere does not count.
func TestPhaseConditionsOverNotifications(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	zone := tb.zone(t, "Castello Road", `[[37.10,36.24],[37.16,36.24],[37.16,36.29],[37.10,36.29],[37.10,36.24]]`)
	t0 := tb.Clock.Now() // 12 September, 16:00
	tm := tb.propose(t, terms.TermsInput{
		Name: "Access", Endorsers: []string{tb.US.Party.ID},
		Valid: truce.Window{Start: truce.InstantOf(t0), End: truce.InstantOf(t0.Add(30 * 24 * time.Hour))},
		Phases: []truce.Phase{
			{Name: "access", Conditions: []truce.Condition{
				{Type: truce.CondMovements, Zones: []string{zone}, Count: 1},
				{Type: truce.CondNoStrikes, Zones: []string{zone}, Days: 2}}},
			{Name: "next"},
		}})
	tb.endorse(t, tm.ID, tb.US)
	in, err := tb.C.Notifications().Submit(ctx, tb.SY, at(strike(t0.Add(time.Hour)), 37.13, 36.26))
	if err != nil {
		t.Fatal(err)
	}
	out, err := tb.C.Notifications().Submit(ctx, tb.SY, at(strike(t0.Add(time.Hour)), 36.5, 35.5))
	if err != nil {
		t.Fatal(err)
	}
	convoy := notifications.NotificationInput{Kind: "humanitarian-movement", Volumes: []truce.Volume{{
		Geometry: truce.NewGeoJSON([]byte(`{"type":"LineString","coordinates":[[37.09,36.25],[37.13,36.26],[37.17,36.27]]}`)), WidthM: 200,
		Altitude: truce.Altitude{MinM: 0, MaxM: 100}, Start: truce.InstantOf(t0.Add(49 * time.Hour)), End: truce.InstantOf(t0.Add(51 * time.Hour))}}}
	cv, err := tb.C.Notifications().Submit(ctx, tb.UN, convoy)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*core.Caller{tb.US, tb.RU, tb.SY} {
		if _, err := tb.C.Notifications().Acknowledge(ctx, p, cv.ID, notifications.AckInput{Decision: "acknowledge"}); err != nil {
			t.Fatal(err)
		}
	}
	look := func(d time.Duration) *terms.PhaseStatus {
		t.Helper()
		tb.Clock.Advance(t0.Add(d).Sub(tb.Clock.Now()))
		if err := tb.C.Advance(ctx); err != nil {
			t.Fatal(err)
		}
		if err := tb.C.Terms().AdvancePhases(ctx); err != nil {
			t.Fatal(err)
		}
		ps, err := tb.C.Terms().Phase(tm.ID)
		if err != nil {
			t.Fatal(err)
		}
		return ps
	}
	ps := look(3 * time.Hour) // the strikes executed; their slot ended at 18:00
	if ps.Phase != 0 || ps.Status[0].Value != 0 || ps.Status[1].Value != 0 || !slices.Equal(ps.Status[1].Counted, []string{in.ID}) {
		t.Fatalf("after the strikes: %+v", ps.Status)
	}
	ps = look(40 * time.Hour) // 14 September 08:00: a day and 14 hours since
	if ps.Phase != 0 || ps.Status[1].Value != 1 || ps.Status[1].Met {
		t.Fatalf("on the 14th at 08:00: %+v", ps.Status)
	}
	ps = look(52 * time.Hour) // the convoy executed; two days since the strike's slot
	if ps.Phase != 1 {
		t.Fatalf("after the convoy: %+v", ps)
	}
	got, err := tb.C.Terms().Get(tm.ID)
	if err != nil {
		t.Fatal(err)
	}
	st := got.History[0].Status
	if !slices.Equal(st[0].Counted, []string{cv.ID}) || st[1].Value != 2 || slices.Contains(st[1].Counted, out.ID) {
		t.Fatalf("what was counted: %+v", st)
	}
}

// TestTermsValidityAndRenewal: terms apply within their validity; terms
// that renew themselves apply on after it, period after period; withdrawn
// terms apply to nothing.
func TestTermsValidityAndRenewal(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	t0 := tb.Clock.Now()
	mk := func(name string, renews bool) *truce.Terms {
		tm := tb.propose(t, terms.TermsInput{Name: name, Endorsers: []string{tb.US.Party.ID},
			Valid: truce.Window{Start: truce.InstantOf(t0), End: truce.InstantOf(t0.Add(24 * time.Hour))}, Renews: renews})
		return tb.endorse(t, tm.ID, tb.US)
	}
	once, renewing := mk("one day", false), mk("one day, renewed", true)
	inForce := func() []string {
		t.Helper()
		n, err := tb.C.Notifications().Submit(ctx, tb.SY, strike(tb.Clock.Now().Add(time.Hour)))
		if err != nil {
			t.Fatal(err)
		}
		return n.Terms()
	}
	if got := inForce(); !slices.Equal(got, []string{once.ID + "@1", renewing.ID + "@1"}) {
		t.Fatalf("on the first day: %v", got)
	}
	tb.Clock.Advance(50 * time.Hour)
	if got := inForce(); !slices.Equal(got, []string{renewing.ID + "@1"}) {
		t.Fatalf("on the third day: %v", got)
	}
	if end := terms.PeriodEnd(renewing, tb.Clock.Now()); !end.Equal(t0.Add(72 * time.Hour)) {
		t.Fatalf("the renewed period ends %v", end)
	}
	if _, err := tb.C.Terms().Withdraw(ctx, tb.US, renewing.ID); truce.ErrorCode(err) != truce.EForbidden {
		t.Fatalf("an endorser withdraws the coordinator's terms: %v", err)
	}
	if _, err := tb.C.Terms().Withdraw(ctx, tb.UN, renewing.ID); err != nil {
		t.Fatal(err)
	}
	if got := inForce(); len(got) != 0 {
		t.Fatalf("after the withdrawal: %v", got)
	}
}

// TestTermsSetSeparationAndQuestions: the separation minima and the
// question budget the terms set are the ones checks and dry runs use,
// from the moment the terms are in force.
func TestTermsSetSeparationAndQuestions(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	now := tb.Clock.Now()
	flight := func(lat float64) notifications.NotificationInput {
		return notifications.NotificationInput{Kind: "flight", Urgent: true, Volumes: []truce.Volume{{
			Geometry: truce.NewGeoJSON([]byte(fmt.Sprintf(`{"type":"Point","coordinates":[37.0,%v]}`, lat))), RadiusM: 1000,
			Altitude: truce.Altitude{MinM: 5000, MaxM: 6000}, Start: truce.InstantOf(now.Add(2 * time.Hour)), End: truce.InstantOf(now.Add(3 * time.Hour))}}}
	}
	if _, err := tb.C.Notifications().Submit(ctx, tb.US, flight(36.0)); err != nil {
		t.Fatal(err)
	}
	// Russia's flight 15 km north (and the US's, which Russia must answer,
	// so it sees it precisely): clear under the default 9,260 m.
	cs, err := tb.C.Notifications().Deconflict(ctx, tb.RU, flight(36.135))
	if err != nil || len(cs) != 0 {
		t.Fatalf("under the default minima: %v %v", cs, err)
	}
	tm := tb.propose(t, terms.TermsInput{Name: "Air safety memorandum", Endorsers: []string{tb.US.Party.ID, tb.RU.Party.ID},
		Valid: truce.Window{Start: truce.InstantOf(now), End: truce.InstantOf(now.Add(30 * 24 * time.Hour))},
		Rules: truce.Rules{SeparationM: 20000, QuestionsPerHour: 3}})
	tb.endorse(t, tm.ID, tb.US, tb.RU)
	cs, err = tb.C.Notifications().Deconflict(ctx, tb.RU, flight(36.135))
	if err != nil || len(cs) != 1 || cs[0].Rule != "flight-separation" {
		t.Fatalf("under the terms' 20 km minimum: %v %v", cs, err)
	}
	n, err := tb.C.Notifications().Submit(ctx, tb.RU, flight(36.135))
	if err != nil || n.Conflicts.Len() != 1 {
		t.Fatalf("the submission under the terms: %+v %v", n, err)
	}
	// Three questions an hour: the second dry run above and two more;
	// the next is refused.
	for i := 0; i < 2; i++ {
		if _, err := tb.C.Notifications().Deconflict(ctx, tb.RU, flight(36.5)); err != nil {
			t.Fatalf("question %d: %v", i+2, err)
		}
	}
	if _, err := tb.C.Notifications().Deconflict(ctx, tb.RU, flight(36.5)); truce.ErrorCode(err) != truce.ETooMany {
		t.Fatalf("a question beyond the terms' budget: %v", err)
	}
}
