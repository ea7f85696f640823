package conflict

import (
	"math"
	"slices"
	"time"

	"github.com/truce-center/truce/geo"
)

// ObjectType says what an indexed object is.
type ObjectType string

// The object types.
const (
	Zone         ObjectType = "zone"
	Site         ObjectType = "site"
	Notification ObjectType = "notification"
)

// Notification kinds, which are also the activities a zone restricts.
const (
	Strike               = "strike"
	Flight               = "flight"
	GroundMovement       = "ground-movement"
	HumanitarianMovement = "humanitarian-movement"
)

// Zone kinds.
const (
	DeEscalation        = "de-escalation"
	NoStrike            = "no-strike"
	NoFly               = "no-fly"
	SecurityBelt        = "security-belt"
	Corridor            = "corridor"
	OppositionArea      = "opposition-area"
	DesignatedGroupArea = "designated-group-area"
)

// Any, in Restrictions.Parties or Restrictions.Activities, matches every
// party or every activity.
const Any = "*"

// Band is an altitude band in metres above mean sea level, both ends
// included. A zone without a band must use AllAltitudes: the zero Band
// is the single altitude 0.
type Band struct {
	MinM, MaxM float64
}

// AllAltitudes is the band of a zone or site without an altitude limit.
var AllAltitudes = Band{math.Inf(-1), math.Inf(1)}

// verticalConflict reports whether bands a and b are closer than sep
// metres, or overlap (meeting at one value counts as overlapping).
func verticalConflict(a, b Band, sep float64) bool {
	gap := max(a.MinM-b.MaxM, b.MinM-a.MaxM)
	return gap <= 0 || gap < sep
}

// Window is a time window [Start, End). A zero Start or End leaves that
// side open.
type Window struct {
	Start, End time.Time
}

// Overlap returns the common part of w and o and whether it is non-empty.
// Windows that touch (w.End == o.Start) do not overlap.
func (w Window) Overlap(o Window) (Window, bool) {
	r := w
	if r.Start.IsZero() || (!o.Start.IsZero() && o.Start.After(r.Start)) {
		r.Start = o.Start
	}
	if r.End.IsZero() || (!o.End.IsZero() && o.End.Before(r.End)) {
		r.End = o.End
	}
	if !r.Start.IsZero() && !r.End.IsZero() && !r.Start.Before(r.End) {
		return Window{}, false
	}
	return r, true
}

// Volume is the one shape every question is asked in: a footprint on the
// ground, an altitude band and a time window.
type Volume struct {
	Footprint geo.Footprint
	Altitude  Band
	Window    Window
}

// Restrictions are the parties and activities a zone restricts: a party
// p may not carry out activity a in the zone when p is listed (or Any is)
// and a is listed (or Any is).
type Restrictions struct {
	Parties    []string
	Activities []string
}

func (r Restrictions) restrictsParty(p string) bool {
	return slices.Contains(r.Parties, p) || slices.Contains(r.Parties, Any)
}

func (r Restrictions) restrictsActivity(a string) bool {
	return slices.Contains(r.Activities, a) || slices.Contains(r.Activities, Any)
}

// Object is what the index holds: an active zone, protected site or
// notification, mapped from the domain by the application.
type Object struct {
	Type ObjectType
	ID   string
	// Party owns the object (the notifier, the site's or zone's owner).
	Party string
	// Kind is the zone kind, the site category or the notification kind.
	Kind string
	// Active objects take part in checks; Index.Upsert removes inactive ones.
	Active bool
	// Restricts applies to zones.
	Restricts Restrictions
	// Volumes: a zone or site has one (its footprint, its altitude band
	// or AllAltitudes, its validity window); a notification has its own.
	Volumes []Volume
	// Disclosed, when not nil, holds for each of Volumes what may be
	// disclosed of it to a party that may not see it precisely (need-to-
	// know, PRODUCT §4): a coarser volume that MUST contain the precise
	// one (a cover of grid cells, every altitude, whole time slots). A
	// check whose Candidate.Precise says no for this object is answered
	// from these volumes only, so that no number of checks tells the
	// caller more than they disclose. Nil: everyone sees Volumes.
	Disclosed []Volume
	// SeenBy are the parties besides Party that see Volumes precisely
	// (the parties asked to answer a notification). The engine does not
	// read it: it is for Candidate.Precise.
	SeenBy []string
}

// outer returns the volume i of o that the index files it under: the
// disclosed one when there is one, since it contains the precise one.
func (o *Object) outer(i int) *Volume {
	if o.Disclosed != nil {
		return &o.Disclosed[i]
	}
	return &o.Volumes[i]
}

// Candidate is a planned notification to check.
type Candidate struct {
	// ID, when set, is the candidate's own id: an indexed object with the
	// same id (an earlier version of it) is not compared with it.
	ID      string
	Party   string
	Kind    string
	Volumes []Volume
	// SeparationHorizontalM and SeparationVerticalM, when not zero,
	// replace the index's separation minima for this check (the minima
	// the terms in force set).
	SeparationHorizontalM, SeparationVerticalM float64
	// Precise says whether the asker may see an object's Volumes
	// precisely. When it says no, an object with Disclosed volumes is
	// judged on those. Nil means yes for every object. It decides on who
	// the object is and who sees it: the Index shows it the object
	// without its Volumes and Disclosed (its type, id, party, kind,
	// restrictions and SeenBy), built for the call from what the index
	// keeps; Precise must not keep it. Judge shows it the object given.
	Precise func(o *Object) bool
	// NoExact skips, for a finding judged on a disclosed volume, the
	// test of the precise volumes: Conflict.Exact stays false. A question
	// whose answer goes to the asker alone (a dry run) needs no more.
	NoExact bool
}

// Ref names the other object of a conflict.
type Ref struct {
	Type ObjectType
	ID   string
	Kind string
	// Party owns the object (Object.Party): an answer that names it
	// need not read the object again.
	Party string
}

// Conflict is one finding: Rule fired between the candidate's volume
// Volume and the other object's volume OtherVolume, during Overlap.
type Conflict struct {
	Rule        string
	With        Ref
	Volume      int
	OtherVolume int
	Overlap     Window
	// Disclosed says the finding was judged on the other object's
	// disclosed volume, not its precise one; Exact then says whether the
	// precise volumes conflict too (for the object's owner and the
	// coordinator, never for the asker). Overlap is always the overlap
	// with the volume the finding was judged on.
	Disclosed bool
	Exact     bool
}

// Requirement says what a rule needs of a zone's restrictions.
type Requirement uint8

const (
	// Anyone: the rule applies whoever notifies.
	Anyone Requirement = iota
	// RestrictedParty: the zone must restrict the notifier's party.
	RestrictedParty
	// RestrictedActivity: the zone must restrict the notifier's party and
	// the candidate's kind as an activity.
	RestrictedActivity
)

// Rule is one row of the conflict table: a candidate of one of Kinds
// conflicts with an active object of type Other and one of OtherKinds
// when their volumes meet and the conditions hold.
type Rule struct {
	// ID is stable: clients and stored conflicts refer to it.
	ID          string
	Description string
	// Kinds are the candidate notification kinds the rule applies to.
	Kinds []string
	// Other is the type of the other object; OtherKinds its kinds
	// (zone kinds, site categories, notification kinds; empty means all).
	Other      ObjectType
	OtherKinds []string
	// Requires is what the other zone's restrictions must say.
	Requires Requirement
	// DifferentParty: the other object must belong to another party.
	DifferentParty bool
	// Separation: the volumes conflict when closer than the settings'
	// separation minima, not only when they meet.
	Separation bool
	// Symmetric (notification rules only): the rule also applies with
	// the roles swapped, so the finding does not depend on which of the
	// two notifications came first.
	Symmetric bool
}

var allKinds = []string{Strike, Flight, GroundMovement, HumanitarianMovement}

// DefaultRules is the conflict table. Order matters only for the order
// of results.
var DefaultRules = []Rule{
	{ID: "strike-in-no-strike-zone", Description: "a strike inside an active no-strike zone that restricts the striking party",
		Kinds: []string{Strike}, Other: Zone, OtherKinds: []string{NoStrike}, Requires: RestrictedParty},
	{ID: "strike-near-protected-site", Description: "a strike within a protected site's buffer during its validity",
		Kinds: []string{Strike}, Other: Site},
	{ID: "strike-on-humanitarian-movement", Description: "a strike on a humanitarian route or area during the movement's window",
		Kinds: []string{Strike}, Other: Notification, OtherKinds: []string{HumanitarianMovement}, Symmetric: true},
	{ID: "ground-movement-on-humanitarian-movement", Description: "a ground movement on a humanitarian route or area during the movement's window",
		Kinds: []string{GroundMovement}, Other: Notification, OtherKinds: []string{HumanitarianMovement}, Symmetric: true},
	{ID: "flight-in-no-fly-zone", Description: "a flight of a restricted party in an active no-fly zone",
		Kinds: []string{Flight}, Other: Zone, OtherKinds: []string{NoFly}, Requires: RestrictedParty},
	{ID: "flight-separation", Description: "two flights of different parties closer than the separation minima in overlapping time",
		Kinds: []string{Flight}, Other: Notification, OtherKinds: []string{Flight}, DifferentParty: true, Separation: true, Symmetric: true},
	{ID: "flight-through-strike", Description: "a flight through another party's notified strike volume while it is active",
		Kinds: []string{Flight}, Other: Notification, OtherKinds: []string{Strike}, DifferentParty: true, Symmetric: true},
	{ID: "activity-in-de-escalation-zone", Description: "an activity that a de-escalation zone restricts, by a party it restricts",
		Kinds: allKinds, Other: Zone, OtherKinds: []string{DeEscalation}, Requires: RestrictedActivity},
	{ID: "activity-in-security-belt", Description: "an activity that a security belt restricts, by a party it restricts",
		Kinds: allKinds, Other: Zone, OtherKinds: []string{SecurityBelt}, Requires: RestrictedActivity},
	{ID: "activity-in-corridor", Description: "an activity that a corridor restricts, by a party it restricts",
		Kinds: allKinds, Other: Zone, OtherKinds: []string{Corridor}, Requires: RestrictedActivity},
	{ID: "activity-in-opposition-area", Description: "an activity that an opposition area restricts (such as combat flights), by a party it restricts",
		Kinds: allKinds, Other: Zone, OtherKinds: []string{OppositionArea}, Requires: RestrictedActivity},
	{ID: "activity-in-designated-group-area", Description: "an activity that a designated-group area restricts, by a party it restricts",
		Kinds: allKinds, Other: Zone, OtherKinds: []string{DesignatedGroupArea}, Requires: RestrictedActivity},
}

// Settings configure the engine. Zero fields take their defaults.
type Settings struct {
	// SeparationHorizontalM is the horizontal separation minimum of
	// flights, default 9,260 m (5 NM).
	SeparationHorizontalM float64
	// SeparationVerticalM is the vertical separation minimum of flights,
	// default 305 m (1,000 ft).
	SeparationVerticalM float64
	// Rules is the conflict table, default DefaultRules.
	Rules []Rule
	// TimeBucket is the width of the index's time slices, default 12 h
	// (6 h until session 20: 12 h checked 8–15 % faster in 9 % less
	// memory at a million volumes, docs/performance.md).
	TimeBucket time.Duration
}

func (s Settings) withDefaults() Settings {
	if s.SeparationHorizontalM <= 0 {
		s.SeparationHorizontalM = 9260
	}
	if s.SeparationVerticalM <= 0 {
		s.SeparationVerticalM = 305
	}
	if s.Rules == nil {
		s.Rules = DefaultRules
	}
	if s.TimeBucket <= 0 {
		s.TimeBucket = 12 * time.Hour
	}
	return s
}

// applies says whether a rule applies to a candidate of kind k as written
// (the candidate is the rule's subject) and swapped (the candidate is the
// rule's other notification).
func (r *Rule) applies(k string) (direct, swapped bool) {
	direct = slices.Contains(r.Kinds, k)
	swapped = r.Symmetric && r.Other == Notification && slices.Contains(r.OtherKinds, k)
	return direct, swapped
}

// objectMatches reports whether rule r, applied to a candidate of party
// and kind, can fire with object o, before geometry. direct and swapped
// come from applies; an object matching both ways is still one match.
func (r *Rule) objectMatches(party, kind string, direct, swapped bool, o *Object) bool {
	if o.Type != r.Other || !o.Active {
		return false
	}
	ok := (direct && (len(r.OtherKinds) == 0 || slices.Contains(r.OtherKinds, o.Kind))) ||
		(swapped && slices.Contains(r.Kinds, o.Kind))
	if !ok {
		return false
	}
	if r.DifferentParty && o.Party == party {
		return false
	}
	switch r.Requires {
	case RestrictedParty:
		return o.Restricts.restrictsParty(party)
	case RestrictedActivity:
		return o.Restricts.restrictsParty(party) && o.Restricts.restrictsActivity(kind)
	}
	return true
}

// volumesMeet is the exact 4D predicate: windows overlap, bands overlap
// (or are closer than the vertical minimum), footprints meet (or come
// closer than the horizontal minimum). It returns the overlap window.
func volumesMeet(a, b *Volume, sepH, sepV float64) (Window, bool) {
	w, ok := a.Window.Overlap(b.Window)
	if !ok || !verticalConflict(a.Altitude, b.Altitude, sepV) {
		return Window{}, false
	}
	if !a.Footprint.Within(b.Footprint, sepH) {
		return Window{}, false
	}
	return w, true
}
