package zones

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/geo"
)

const (
	TypeZonePropose = "zone.propose"
	TypeZoneChange  = "zone.change"
	TypeZoneEndorse = "zone.endorse"
	TypeZoneState   = "zone.state" // withdraw, suspend, resume
)

// ZoneInput is the body of POST /v1/zones.
type ZoneInput struct {
	Name       string             `json:"name"`
	Kind       string             `json:"kind"`
	Geometry   json.RawMessage    `json:"geometry"`
	Altitude   *truce.Altitude    `json:"altitude,omitempty"`
	Valid      truce.Window       `json:"valid"`
	Restricts  truce.Restrictions `json:"restricts"`
	Endorsers  []string           `json:"endorsers"`
	Disclosure string             `json:"disclosure,omitempty"`
}

// ZonePatch is the body of PATCH /v1/zones/{id}: the fields given
// replace the current version's.
type ZonePatch struct {
	Name       *string             `json:"name,omitempty"`
	Kind       *string             `json:"kind,omitempty"`
	Geometry   json.RawMessage     `json:"geometry,omitempty"`
	Altitude   *truce.Altitude     `json:"altitude,omitempty"`
	Valid      *truce.Window       `json:"valid,omitempty"`
	Restricts  *truce.Restrictions `json:"restricts,omitempty"`
	Endorsers  []string            `json:"endorsers,omitempty"`
	Disclosure *string             `json:"disclosure,omitempty"`
}

// zoneBody is the public part of a zone's entry. For a coarse zone the
// geometry is replaced by its commitment and its coarse cover; for a
// hidden zone the name and geometry are sealed and nothing spatial is
// public.
type zoneBody struct {
	Zone       string             `json:"zone,omitempty"` // for a change: the zone
	Version    int                `json:"version"`
	Name       string             `json:"name,omitempty"`
	Kind       string             `json:"kind"`
	Geometry   json.RawMessage    `json:"geometry,omitempty"`
	GeomRef    string             `json:"geometry_ref,omitempty"` // a large precise geometry beside the log (besideLog)
	Coarse     json.RawMessage    `json:"coarse,omitempty"`
	Altitude   *truce.Altitude    `json:"altitude,omitempty"`
	Valid      truce.Window       `json:"valid"`
	Restricts  truce.Restrictions `json:"restricts"`
	Endorsers  []string           `json:"endorsers"`
	Disclosure string             `json:"disclosure"`
	Sealed     string             `json:"sealed,omitempty"`
}

// validateZone checks a zone's fields against the view and returns the
// parsed geometry.
func validateZone(v *core.View, caller *core.Caller, in *ZoneInput) (geo.Geometry, error) {
	var errs truce.Fields
	name, msg := core.CleanName(in.Name)
	if msg != "" {
		errs.Add("name", "%s", msg)
	}
	in.Name = name
	if !slices.Contains(truce.ZoneKinds, in.Kind) {
		errs.Add("kind", "must be one of %s", strings.Join(truce.ZoneKinds, ", "))
	}
	g, gerrs := core.ParseGeometry(in.Geometry, "geometry", geo.TypePolygon, geo.TypeMultiPolygon)
	errs = append(errs, gerrs...)
	if a := in.Altitude; a != nil {
		if a.MinM < -500 || a.MinM > 100000 {
			errs.Add("altitude.min_m", "must be between -500 and 100000 metres")
		}
		if a.MaxM < a.MinM || a.MaxM > 100000 {
			errs.Add("altitude.max_m", "must be at least altitude.min_m and at most 100000 metres")
		}
	}
	core.CheckWindow(in.Valid, "valid", &errs)
	if len(in.Restricts.Parties) == 0 {
		errs.Add("restricts.parties", "must name at least one party, or \"*\" for all")
	}
	core.CheckParties(v, in.Restricts.Parties, "restricts.parties", true, &errs)
	if len(in.Restricts.Activities) == 0 {
		errs.Add("restricts.activities", "must name at least one activity, or \"*\" for all")
	}
	for i, a := range in.Restricts.Activities {
		if a != "*" && !slices.Contains(truce.Activities, a) {
			errs.Add(fmt.Sprintf("restricts.activities[%d]", i), "must be one of %s, or \"*\"", strings.Join(truce.Activities, ", "))
		}
	}
	if len(in.Endorsers) == 0 {
		errs.Add("endorsers", "must name at least one party whose endorsement the zone needs")
	}
	core.CheckParties(v, in.Endorsers, "endorsers", false, &errs)
	// A restriction binds only those who agreed to it: every party a
	// zone restricts must endorse it, unless the coordinator imposes it.
	if !caller.IsCoordinator() {
		for i, p := range in.Restricts.Parties {
			f := fmt.Sprintf("restricts.parties[%d]", i)
			switch {
			case p == "*":
				errs.Add(f, "only the coordinator imposes a zone on every party; name the parties it restricts, each of which must endorse it")
			case core.TParty.Get(v, p) != nil && !slices.Contains(in.Endorsers, p):
				errs.Add(f, "is not among the endorsers: a zone restricts only the parties that endorse it, unless the coordinator imposes it")
			}
		}
	}
	if in.Disclosure == "" {
		in.Disclosure = truce.DisclosurePrecise
	}
	if !slices.Contains(truce.Disclosures, in.Disclosure) {
		errs.Add("disclosure", "must be one of %s", strings.Join(truce.Disclosures, ", "))
	}
	if in.Disclosure == truce.DisclosureHidden {
		for i, p := range in.Endorsers {
			if pp := core.TParty.Get(v, p); pp != nil && p != caller.Party.ID && pp.Kind != truce.KindCoordinator {
				errs.Add(fmt.Sprintf("endorsers[%d]", i), "a hidden zone is shown to no other party, so only its owner and the coordinator can endorse it")
			}
		}
	}
	return g, errs.Err()
}

// zoneEntryBody makes the entry body for a zone version, sealing what the
// disclosure level keeps out of the public log.
func zoneEntryBody(in *ZoneInput, g geo.Geometry, zone string, version int) (any, error) {
	b := zoneBody{Zone: zone, Version: version, Name: in.Name, Kind: in.Kind, Altitude: in.Altitude, Valid: in.Valid,
		Restricts: in.Restricts, Endorsers: in.Endorsers, Disclosure: in.Disclosure}
	canon, err := json.Marshal(g)
	if err != nil {
		return nil, err
	}
	switch in.Disclosure {
	case truce.DisclosurePrecise:
		var payloads map[string][]byte
		b.Geometry, b.GeomRef, payloads = core.BesideLog(canon)
		return core.Carry(b, payloads), nil
	case truce.DisclosureCoarse:
		if b.Coarse, err = core.CoarseOf(g, 0); err != nil {
			return nil, err
		}
		c, p, err := core.Seal(core.Secret{Geometry: canon, Altitude: in.Altitude})
		if err != nil {
			return nil, err
		}
		b.Sealed, b.Altitude = c, nil
		return core.WithPayloads{Body: b, Payloads: map[string][]byte{c: p}}, nil
	}
	c, p, err := core.Seal(core.Secret{Name: in.Name, Geometry: canon, Altitude: in.Altitude})
	if err != nil {
		return nil, err
	}
	b.Name, b.Sealed, b.Altitude = "", c, nil
	return core.WithPayloads{Body: b, Payloads: map[string][]byte{c: p}}, nil
}

func zoneID(e *truce.Entry) string { return fmt.Sprintf("zon_%d", e.Index) }

// Propose proposes a zone. Observers may not.
//
// It returns EForbidden for an observer, EInvalid naming each bad field
// (name, kind, geometry, altitude, valid, restricts, endorsers,
// disclosure; a party named that is not registered), and the write
// errors (package doc).
func (svc ZoneService) Propose(ctx context.Context, caller *core.Caller, in ZoneInput) (*truce.Zone, error) {
	c := svc.C
	if caller.Party.Kind == truce.KindObserver {
		return nil, truce.Errorf(truce.EForbidden, "observers do not propose zones")
	}
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		g, err := validateZone(v, caller, &in)
		if err != nil {
			return "", nil, err
		}
		b, err := zoneEntryBody(&in, g, "", 1)
		return TypeZonePropose, b, err
	})
	if err != nil {
		return nil, err
	}
	return ZoneService{C: c}.Get(ctx, caller, zoneID(e))
}

// Change makes a new version of a zone from the current one and the
// patch. ifMatch MUST be the current version's ETag; the new version needs
// every endorsement again.
//
// It returns EInvalid naming If-Match when ifMatch is empty, and each bad
// field of the patched zone as Propose does; ENotFound if the zone does
// not exist or the caller may not see it; EVersionMismatch if ifMatch is
// not the current version's ETag; EForbidden if the caller may see the
// zone but is neither its owner nor the coordinator; EConflict if the
// zone is withdrawn; and the write errors (package doc). The answer is
// then read as Get reads it, and may fail as Get does though the change
// is committed.
func (svc ZoneService) Change(ctx context.Context, caller *core.Caller, id, ifMatch string, p ZonePatch) (*truce.Zone, error) {
	c := svc.C
	if ifMatch == "" {
		return nil, truce.Invalid([]truce.FieldError{{Field: "If-Match", Message: "is required: send the zone's ETag"}})
	}
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		z := core.TZone.Get(v, id)
		if z == nil || !core.VisibleZone(caller, z) {
			return "", nil, truce.Errorf(truce.ENotFound, "no zone %q", id)
		}
		if ZoneETag(z) != ifMatch {
			return "", nil, truce.Errorf(truce.EVersionMismatch, "the zone is at version %d (ETag %s); reload it and apply your change again", z.Version, ZoneETag(z))
		}
		if !core.Entitled(caller, z.Owner) {
			return "", nil, truce.Errorf(truce.EForbidden, "only the zone's owner and the coordinator change it")
		}
		if z.State == truce.ZoneWithdrawn {
			return "", nil, truce.Errorf(truce.EConflict, "the zone is withdrawn")
		}
		in := ZoneInput{Name: z.Name, Kind: z.Kind, Geometry: z.Geometry.JSON(), Altitude: z.Altitude, Valid: z.Valid,
			Restricts: z.Restricts, Endorsers: z.Endorsers, Disclosure: z.Disclosure}
		if p.Name != nil {
			in.Name = *p.Name
		}
		if p.Kind != nil {
			in.Kind = *p.Kind
		}
		if p.Geometry != nil {
			in.Geometry = p.Geometry
		}
		if p.Altitude != nil {
			in.Altitude = p.Altitude
		}
		if p.Valid != nil {
			in.Valid = *p.Valid
		}
		if p.Restricts != nil {
			in.Restricts = *p.Restricts
		}
		if p.Endorsers != nil {
			in.Endorsers = p.Endorsers
		}
		if p.Disclosure != nil {
			in.Disclosure = *p.Disclosure
		}
		g, err := validateZone(v, caller, &in)
		if err != nil {
			return "", nil, err
		}
		b, err := zoneEntryBody(&in, g, id, z.Version+1)
		return TypeZoneChange, b, err
	})
	if err != nil {
		return nil, err
	}
	return ZoneService{C: c}.Get(ctx, caller, id)
}

// ApplyZone is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyZone(v *core.View, e *truce.Entry, b *zoneBody) error {
	geometry, err := v.PublicPart(b.Geometry, b.GeomRef)
	if err != nil {
		return err
	}
	z := &truce.Zone{ID: zoneID(e), Version: 1, Name: b.Name, Kind: b.Kind, Owner: e.Actor.Party, Geometry: truce.NewGeoJSON(geometry),
		Coarse: truce.NewGeoJSON(b.Coarse), Altitude: b.Altitude, Valid: b.Valid, Restricts: b.Restricts, Endorsers: b.Endorsers,
		Endorsements: []truce.Endorsement{}, Disclosure: b.Disclosure, Sealed: b.Sealed, State: truce.ZoneProposed,
		CreatedAt: e.Time, UpdatedAt: e.Time, VersionLogIndex: e.Index, LogIndex: e.Index}
	if e.Type == TypeZoneChange {
		old := core.TZone.Get(v, b.Zone)
		if old == nil || b.Version != old.Version+1 {
			return fmt.Errorf("change of zone %s to version %d does not follow its current version", b.Zone, b.Version)
		}
		core.TZoneVersion.Put(v, fmt.Sprintf("%s@%d", old.ID, old.Version), old)
		z.ID, z.Version, z.Owner, z.CreatedAt = old.ID, b.Version, old.Owner, old.CreatedAt
	} else if b.Zone != "" || b.Version != 1 {
		return fmt.Errorf("a proposal names zone %q version %d", b.Zone, b.Version)
	}
	if b.Sealed != "" {
		if err := v.RecordSeal(b.Sealed, e); err != nil {
			return err
		}
		var s core.Secret
		ok, err := v.OpenInto(b.Sealed, &s)
		if err != nil {
			return err
		}
		if ok {
			z.Geometry = truce.NewGeoJSON(s.Geometry)
			if s.Name != "" {
				z.Name = s.Name
			}
			if s.Altitude != nil {
				z.Altitude = s.Altitude
			}
			if z.Coarse.IsZero() {
				// A hidden zone's cover is not public, but conflicts
				// with it are judged and shown on it.
				z.Coarse = truce.NewGeoJSON(core.CoverOf(z.Geometry.JSON(), 0))
			}
		}
	}
	core.TZone.Put(v, z.ID, z)
	return nil
}

type zoneActBody struct {
	Zone    string `json:"zone"`
	Version int    `json:"version"`
	State   string `json:"state,omitempty"`
}

// Endorse records the caller's party's endorsement of the zone's
// current version; ifMatch, if given, must name that version.
//
// It returns ENotFound if the zone does not exist or the caller may not
// see it, EVersionMismatch if ifMatch is given and stale, EForbidden if
// the caller's party is not among the zone's endorsers, EConflict if the
// zone is not proposed (waiting for endorsements) or the party has
// already endorsed this version, and the write errors (package doc).
func (svc ZoneService) Endorse(ctx context.Context, caller *core.Caller, id, ifMatch string) (*truce.Zone, error) {
	c := svc.C
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		z := core.TZone.Get(v, id)
		if z == nil || !core.VisibleZone(caller, z) {
			return "", nil, truce.Errorf(truce.ENotFound, "no zone %q", id)
		}
		if ifMatch != "" && ZoneETag(z) != ifMatch {
			return "", nil, truce.Errorf(truce.EVersionMismatch, "the zone is at version %d (ETag %s)", z.Version, ZoneETag(z))
		}
		if !slices.Contains(z.Endorsers, caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EForbidden, "your party is not among this zone's endorsers")
		}
		if z.State != truce.ZoneProposed {
			return "", nil, truce.Errorf(truce.EConflict, "the zone is %s, not waiting for endorsements", z.State)
		}
		if slices.ContainsFunc(z.Endorsements, func(en truce.Endorsement) bool { return en.Party == caller.Party.ID }) {
			return "", nil, truce.Errorf(truce.EConflict, "your party has already endorsed version %d", z.Version)
		}
		return TypeZoneEndorse, zoneActBody{Zone: id, Version: z.Version}, nil
	})
	if err != nil {
		return nil, err
	}
	return ZoneService{C: c}.Get(ctx, caller, id)
}

// ApplyZoneEndorse is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyZoneEndorse(v *core.View, e *truce.Entry, b *zoneActBody) error {
	old := core.TZone.Get(v, b.Zone)
	if old == nil || old.Version != b.Version || old.State != truce.ZoneProposed || !slices.Contains(old.Endorsers, e.Actor.Party) {
		return fmt.Errorf("endorsement of zone %s version %d does not apply", b.Zone, b.Version)
	}
	z := *old
	z.Endorsements = append(slices.Clone(old.Endorsements), truce.Endorsement{Party: e.Actor.Party, Member: e.Actor.Member, At: e.Time, LogIndex: e.Index})
	z.UpdatedAt, z.LogIndex = e.Time, e.Index
	if len(z.Endorsements) == len(z.Endorsers) {
		z.State = truce.ZoneActive
	}
	core.TZone.Put(v, z.ID, &z)
	return nil
}

// SetState withdraws (owner or coordinator), suspends or resumes
// (coordinator) a zone.
//
// It returns ENotFound if the zone does not exist or the caller may not
// see it; EInvalid for a state other than withdrawn, suspended or
// active; EForbidden if the caller may not make that move; EConflict if
// the zone's state does not allow it (withdrawing a withdrawn or
// expired zone, suspending one that is not active, resuming one that is
// not suspended); and the write errors (package doc). The answer is then
// read as Get reads it, and may fail as Get does though the change is
// committed.
func (svc ZoneService) SetState(ctx context.Context, caller *core.Caller, id, state string) (*truce.Zone, error) {
	c := svc.C
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		z := core.TZone.Get(v, id)
		if z == nil || !core.VisibleZone(caller, z) {
			return "", nil, truce.Errorf(truce.ENotFound, "no zone %q", id)
		}
		if err := zoneTransition(caller, z, state); err != nil {
			return "", nil, err
		}
		return TypeZoneState, zoneActBody{Zone: id, Version: z.Version, State: state}, nil
	})
	if err != nil {
		return nil, err
	}
	return ZoneService{C: c}.Get(ctx, caller, id)
}

// zoneTransition says whether caller may move z to state.
func zoneTransition(caller *core.Caller, z *truce.Zone, state string) error {
	switch state {
	case truce.ZoneWithdrawn:
		if !core.Entitled(caller, z.Owner) {
			return truce.Errorf(truce.EForbidden, "only the zone's owner and the coordinator withdraw it")
		}
		if z.State == truce.ZoneWithdrawn || z.State == truce.ZoneExpired {
			return truce.Errorf(truce.EConflict, "the zone is already %s", z.State)
		}
	case truce.ZoneSuspended:
		if !caller.IsCoordinator() {
			return truce.Errorf(truce.EForbidden, "only the coordinator suspends a zone")
		}
		if z.State != truce.ZoneActive {
			return truce.Errorf(truce.EConflict, "only an active zone can be suspended; this one is %s", z.State)
		}
	case truce.ZoneActive:
		if !caller.IsCoordinator() {
			return truce.Errorf(truce.EForbidden, "only the coordinator resumes a zone")
		}
		if z.State != truce.ZoneSuspended {
			return truce.Errorf(truce.EConflict, "only a suspended zone can be resumed; this one is %s", z.State)
		}
	default:
		return truce.Errorf(truce.EInvalid, "unknown zone state %q", state)
	}
	return nil
}

// ApplyZoneState is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyZoneState(v *core.View, e *truce.Entry, b *zoneActBody) error {
	old := core.TZone.Get(v, b.Zone)
	if old == nil || old.Version != b.Version {
		return fmt.Errorf("state change of zone %s version %d does not apply", b.Zone, b.Version)
	}
	z := *old
	z.State, z.UpdatedAt, z.LogIndex = b.State, e.Time, e.Index
	core.TZone.Put(v, z.ID, &z)
	return nil
}

// ZoneETag is the zone's entity tag: its id and version.
func ZoneETag(z *truce.Zone) string { return strconv.Quote(fmt.Sprintf("%s.v%d", z.ID, z.Version)) }

// ZoneFilter selects zones in a list.
type ZoneFilter struct {
	BBox  *geo.Rect
	At    time.Time
	Kind  string
	State string
}

// List lists the zones caller may see, as it may see them. A member of
// another party shown a zone's precise geometry for the first time is
// recorded first (no record, no answer).
//
// It fails only when that record cannot be written: the write errors
// (package doc) but EUnauthorized.
func (svc ZoneService) List(ctx context.Context, caller *core.Caller, f ZoneFilter) ([]truce.Zone, error) {
	return core.ReadShown(ctx, svc.C, caller, func(s *core.State) ([]truce.Zone, []truce.ObjectRef) { return ListZones(s, caller, f) })
}

// SeenBy is what Zones shows caller, without recording access: for
// a read whose access is already recorded (a report that reads twice),
// or the coordinator composing what a party sees (a letter to it), whose
// own read is recorded.
func (svc ZoneService) SeenBy(caller *core.Caller, f ZoneFilter) []truce.Zone {
	c := svc.C
	var out []truce.Zone
	c.Read(func(s *core.State) { out, _ = ListZones(s, caller, f) })
	return out
}

func ListZones(s *core.State, caller *core.Caller, f ZoneFilter) ([]truce.Zone, []truce.ObjectRef) {
	out := []truce.Zone{}
	var shown []truce.ObjectRef
	for obj := range core.TZone.Values(s) {
		z, precise, ok := core.ZoneFor(caller, obj, obj)
		if !ok {
			continue
		}
		if f.Kind != "" && z.Kind != f.Kind || f.State != "" && z.State != f.State {
			continue
		}
		if !f.At.IsZero() && (f.At.Before(z.Valid.Start.Time()) || !f.At.Before(z.Valid.End.Time())) {
			continue
		}
		if !core.ZoneGeo.Of(s, obj.ID, obj).Shown(z.Geometry).InBox(f.BBox) {
			continue
		}
		out = append(out, *z)
		if precise {
			shown = append(shown, truce.ObjectRef{Type: "zone", ID: z.ID, Version: z.Version})
		}
	}
	slices.SortFunc(out, func(a, b truce.Zone) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	slices.SortStableFunc(shown, func(a, b truce.ObjectRef) int { return strings.Compare(a.ID, b.ID) })
	return out, shown
}

// Get returns one zone as caller may see it, recording precise access.
//
// It returns ENotFound and the write errors as Version does.
func (svc ZoneService) Get(ctx context.Context, caller *core.Caller, id string) (*truce.Zone, error) {
	c := svc.C
	return ZoneService{C: c}.Version(ctx, caller, id, 0)
}

// Version returns one zone (its current version, or version n when n
// is not 0) as caller may see it — every version under the disclosure of
// the newest — recording precise access first. Returns ENotFound if there
// is no such zone or version, or the caller may not see it (never
// EForbidden); when the access record cannot be written, the write errors
// (package doc) but EUnauthorized.
func (svc ZoneService) Version(ctx context.Context, caller *core.Caller, id string, n int) (*truce.Zone, error) {
	c := svc.C
	var out *truce.Zone
	var shown bool
	c.Read(func(s *core.State) {
		cur := core.TZone.Get(s, id)
		z := cur
		if z != nil && n != 0 && n != z.Version {
			z = core.TZoneVersion.Get(s, fmt.Sprintf("%s@%d", id, n))
		}
		if z != nil {
			out, shown, _ = core.ZoneFor(caller, z, cur)
		}
	})
	if out == nil {
		return nil, truce.Errorf(truce.ENotFound, "no zone %q", id)
	}
	if shown {
		if err := c.RecordShown(ctx, caller, []truce.ObjectRef{{Type: "zone", ID: out.ID, Version: out.Version}}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ZoneService is what a center does with zones: Center.Zones returns it.
type ZoneService struct{ C *core.Center }

// zoneOf returns the zone an entry concerns.
func zoneOf(e *truce.Entry) string {
	var b struct {
		Zone string `json:"zone"`
	}
	if e.Type != TypeZonePropose {
		if json.Unmarshal(e.Body, &b) == nil && b.Zone != "" {
			return b.Zone
		}
	}
	return zoneID(e)
}

func ZoneEvent(s *core.State, at core.ObjectAt, caller *core.Caller, e *truce.Entry) (any, bool) {
	z := core.TZone.Get(at, zoneOf(e))
	if z == nil {
		return nil, false
	}
	// Every version is seen under the newest disclosure.
	cur := core.TZone.Get(s, z.ID)
	if cur == nil {
		cur = z
	}
	out, _, ok := core.ZoneFor(caller, z, cur)
	if !ok {
		return nil, false
	}
	out.Geometry = truce.GeoJSON{}
	return out, true
}
