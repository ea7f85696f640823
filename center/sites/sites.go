package sites

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/geo"
)

const (
	TypeSiteAdd    = "site.add"
	TypeSiteRemove = "site.remove"
	TypeSiteAck    = "site.acknowledge"
)

// SiteInput is the body of POST /v1/sites.
type SiteInput struct {
	Name       string          `json:"name"`
	Category   string          `json:"category"`
	Geometry   json.RawMessage `json:"geometry"`
	BufferM    float64         `json:"buffer_m,omitempty"`
	Valid      truce.Window    `json:"valid"`
	Disclosure string          `json:"disclosure,omitempty"`
	Recipients []string        `json:"recipients"`
}

type siteBody struct {
	Name       string          `json:"name,omitempty"`
	Category   string          `json:"category"`
	Geometry   json.RawMessage `json:"geometry,omitempty"`
	GeomRef    string          `json:"geometry_ref,omitempty"` // as zoneBody's
	Coarse     json.RawMessage `json:"coarse,omitempty"`
	BufferM    float64         `json:"buffer_m,omitempty"`
	Valid      truce.Window    `json:"valid"`
	Disclosure string          `json:"disclosure"`
	Sealed     string          `json:"sealed,omitempty"`
	Recipients []string        `json:"recipients"`
}

// maxBufferM bounds a site's protective buffer.
const maxBufferM = 50000

func validateSite(v *core.View, caller *core.Caller, in *SiteInput) (geo.Geometry, error) {
	var errs truce.Fields
	name, msg := core.CleanName(in.Name)
	if msg != "" {
		errs.Add("name", "%s", msg)
	}
	in.Name = name
	if !slices.Contains(truce.SiteCategories, in.Category) {
		errs.Add("category", "must be one of %s", strings.Join(truce.SiteCategories, ", "))
	}
	g, gerrs := core.ParseGeometry(in.Geometry, "geometry", geo.TypePoint, geo.TypePolygon, geo.TypeMultiPolygon)
	errs = append(errs, gerrs...)
	if in.BufferM < 0 || in.BufferM > maxBufferM {
		errs.Add("buffer_m", "must be between 0 and %d metres", maxBufferM)
	}
	core.CheckWindow(in.Valid, "valid", &errs)
	if in.Disclosure == "" {
		in.Disclosure = truce.DisclosurePrecise
	}
	if !slices.Contains(truce.Disclosures, in.Disclosure) {
		errs.Add("disclosure", "must be one of %s", strings.Join(truce.Disclosures, ", "))
	}
	if in.Recipients == nil {
		in.Recipients = []string{}
	}
	if in.Disclosure == truce.DisclosureHidden && len(in.Recipients) > 0 {
		errs.Add("recipients", "a hidden site is shown to no other party, so it has no recipients; it still takes part in every conflict check")
	}
	core.CheckParties(v, in.Recipients, "recipients", false, &errs)
	for i, r := range in.Recipients {
		if r == caller.Party.ID {
			errs.Add(fmt.Sprintf("recipients[%d]", i), "is your own party")
		}
	}
	return g, errs.Err()
}

func siteID(e *truce.Entry) string { return fmt.Sprintf("sit_%d", e.Index) }

// Add notifies a protected site. Observers may not.
//
// It returns EForbidden for an observer, EInvalid naming each bad field
// (name, category, geometry, buffer_m, valid, disclosure, recipients: a
// party not registered, listed twice, the caller's own, or any for a
// hidden site), and the write errors (package doc).
func (svc SiteService) Add(ctx context.Context, caller *core.Caller, in SiteInput) (*truce.Site, error) {
	c := svc.C
	if caller.Party.Kind == truce.KindObserver {
		return nil, truce.Errorf(truce.EForbidden, "observers do not notify sites")
	}
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		g, err := validateSite(v, caller, &in)
		if err != nil {
			return "", nil, err
		}
		b := siteBody{Name: in.Name, Category: in.Category, BufferM: in.BufferM, Valid: in.Valid,
			Disclosure: in.Disclosure, Recipients: in.Recipients}
		canon, err := json.Marshal(g)
		if err != nil {
			return "", nil, err
		}
		switch in.Disclosure {
		case truce.DisclosurePrecise:
			var payloads map[string][]byte
			b.Geometry, b.GeomRef, payloads = core.BesideLog(canon)
			return TypeSiteAdd, core.Carry(b, payloads), nil
		case truce.DisclosureCoarse:
			if b.Coarse, err = core.CoarseOf(g, in.BufferM); err != nil {
				return "", nil, err
			}
			s := core.Secret{Geometry: canon, BufferM: in.BufferM}
			c, p, err := core.Seal(s)
			b.Sealed, b.BufferM = c, 0
			return TypeSiteAdd, core.WithPayloads{Body: b, Payloads: map[string][]byte{c: p}}, err
		}
		c, p, err := core.Seal(core.Secret{Name: in.Name, Geometry: canon, BufferM: in.BufferM})
		b.Name, b.Sealed, b.BufferM = "", c, 0
		return TypeSiteAdd, core.WithPayloads{Body: b, Payloads: map[string][]byte{c: p}}, err
	})
	if err != nil {
		return nil, err
	}
	s, err := SiteService{C: c}.Get(ctx, caller, siteID(e))
	return s, err
}

// ApplySiteAdd is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplySiteAdd(v *core.View, e *truce.Entry, b *siteBody) error {
	geometry, err := v.PublicPart(b.Geometry, b.GeomRef)
	if err != nil {
		return err
	}
	s := &truce.Site{ID: siteID(e), Name: b.Name, Category: b.Category, Owner: e.Actor.Party, Geometry: truce.NewGeoJSON(geometry),
		BufferM: b.BufferM, Valid: b.Valid, Disclosure: b.Disclosure,
		Acknowledgements: []truce.Acknowledgement{}, State: truce.SiteActive,
		CreatedAt: truce.InstantOf(e.Time), AddedLogIndex: e.Index, LogIndex: e.Index}
	s.SetRecipients(b.Recipients)
	s.SetCoarse(truce.NewGeoJSON(b.Coarse))
	s.SetSealed(b.Sealed)
	if b.Sealed != "" {
		if err := v.RecordSeal(b.Sealed, e); err != nil {
			return err
		}
		var sec core.Secret
		ok, err := v.OpenInto(b.Sealed, &sec)
		if err != nil {
			return err
		}
		if ok {
			s.Geometry = truce.NewGeoJSON(sec.Geometry)
			if sec.Name != "" {
				s.Name = sec.Name
			}
			if sec.BufferM != 0 {
				s.BufferM = sec.BufferM
			}
			if s.Coarse().IsZero() {
				// A hidden site's cover is not public, but conflicts
				// with it are judged and shown on it.
				s.SetCoarse(truce.NewGeoJSON(core.CoverOf(s.Geometry.JSON(), s.BufferM)))
			}
		}
	}
	core.TSite.Put(v, s.ID, s)
	return nil
}

type siteActBody struct {
	Site string `json:"site"`
	Of   string `json:"of,omitempty"` // for acknowledgements: "add" or "remove"
}

// Remove removes a site: its own act, which the recipients
// acknowledge as they did its addition.
//
// It returns ENotFound if the site does not exist or the caller may not
// see it (never EForbidden), EForbidden if the caller may see it but is
// neither its owner nor the coordinator, EConflict if it is already
// removed, and the write errors (package doc). The answer is
// then read as Get reads it, and may fail as Get does though the act is
// committed.
func (svc SiteService) Remove(ctx context.Context, caller *core.Caller, id string) (*truce.Site, error) {
	c := svc.C
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		s := core.TSite.Get(v, id)
		if s == nil || !core.VisibleSite(caller, s) {
			return "", nil, truce.Errorf(truce.ENotFound, "no site %q", id)
		}
		if !core.Entitled(caller, s.Owner) {
			return "", nil, truce.Errorf(truce.EForbidden, "only the site's owner and the coordinator remove it")
		}
		if s.State == truce.SiteRemoved {
			return "", nil, truce.Errorf(truce.EConflict, "the site is already removed")
		}
		return TypeSiteRemove, siteActBody{Site: id}, nil
	})
	if err != nil {
		return nil, err
	}
	s, err := SiteService{C: c}.Get(ctx, caller, id)
	return s, err
}

// ApplySiteRemove is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplySiteRemove(v *core.View, e *truce.Entry, b *siteActBody) error {
	old := core.TSite.Get(v, b.Site)
	if old == nil || old.State == truce.SiteRemoved {
		return fmt.Errorf("removal of site %s does not apply", b.Site)
	}
	s := *old
	s.State, s.LogIndex = truce.SiteRemoved, e.Index
	s.SetRemoved(e.Time, e.Index)
	core.TSite.Put(v, s.ID, &s)
	return nil
}

// Acknowledge records a recipient's acknowledgement of the site's
// latest act: its addition, or its removal once removed.
//
// It returns ENotFound if the site does not exist or the caller may not
// see it, EForbidden if the caller's party is not among its recipients,
// EConflict if the party has already acknowledged that act, and the
// write errors (package doc). The answer is
// then read as Get reads it, and may fail as Get does though the act is
// committed.
func (svc SiteService) Acknowledge(ctx context.Context, caller *core.Caller, id string) (*truce.Site, error) {
	c := svc.C
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		s := core.TSite.Get(v, id)
		if s == nil || !core.VisibleSite(caller, s) {
			return "", nil, truce.Errorf(truce.ENotFound, "no site %q", id)
		}
		if !slices.Contains(s.Recipients(), caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EForbidden, "your party is not a recipient of this site")
		}
		of := "add"
		if s.State == truce.SiteRemoved {
			of = "remove"
		}
		if slices.ContainsFunc(s.Acknowledgements, func(a truce.Acknowledgement) bool { return a.Party == caller.Party.ID && a.Of == of }) {
			return "", nil, truce.Errorf(truce.EConflict, "your party has already acknowledged this site's %s", map[string]string{"add": "addition", "remove": "removal"}[of])
		}
		return TypeSiteAck, siteActBody{Site: id, Of: of}, nil
	})
	if err != nil {
		return nil, err
	}
	s, err := SiteService{C: c}.Get(ctx, caller, id)
	return s, err
}

// ApplySiteAck is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplySiteAck(v *core.View, e *truce.Entry, b *siteActBody) error {
	old := core.TSite.Get(v, b.Site)
	if old == nil || !slices.Contains(old.Recipients(), e.Actor.Party) || (b.Of == "remove") != (old.State == truce.SiteRemoved) {
		return fmt.Errorf("acknowledgement of site %s does not apply", b.Site)
	}
	s := *old
	s.Acknowledgements = append(slices.Clone(old.Acknowledgements), truce.Acknowledgement{Party: e.Actor.Party, Member: e.Actor.Member, Of: b.Of, At: e.Time, LogIndex: e.Index})
	s.LogIndex = e.Index
	core.TSite.Put(v, s.ID, &s)
	return nil
}

// SiteFilter selects sites in a list.
type SiteFilter struct {
	BBox     *geo.Rect
	At       time.Time
	Category string
	State    string
}

// List lists the sites caller may see, as it may see them. A member of
// another party shown a site's precise geometry for the first time is
// recorded first (no record, no answer).
//
// It fails only when that record cannot be written: the write errors
// (package doc) but EUnauthorized.
func (svc SiteService) List(ctx context.Context, caller *core.Caller, f SiteFilter) ([]truce.Site, error) {
	return core.ReadShown(ctx, svc.C, caller, func(s *core.State) ([]truce.Site, []truce.ObjectRef) { return ListSites(s, caller, f) })
}

// SeenBy is what Sites shows caller, without recording access (see
// ZonesSeenBy).
func (svc SiteService) SeenBy(caller *core.Caller, f SiteFilter) []truce.Site {
	c := svc.C
	var out []truce.Site
	c.Read(func(s *core.State) { out, _ = ListSites(s, caller, f) })
	return out
}

func ListSites(s *core.State, caller *core.Caller, f SiteFilter) ([]truce.Site, []truce.ObjectRef) {
	out := []truce.Site{}
	var shown []truce.ObjectRef
	for obj := range core.TSite.Values(s) {
		st, precise, ok := core.SiteFor(caller, obj)
		if !ok {
			continue
		}
		if f.Category != "" && st.Category != f.Category || f.State != "" && st.State != f.State {
			continue
		}
		if !f.At.IsZero() && (f.At.Before(st.Valid.Start.Time()) || !f.At.Before(st.Valid.End.Time())) {
			continue
		}
		if !core.SiteGeo.Of(s, obj.ID, obj).Shown(st.Geometry).InBox(f.BBox) {
			continue
		}
		out = append(out, *st)
		if precise {
			shown = append(shown, truce.ObjectRef{Type: "site", ID: st.ID})
		}
	}
	slices.SortFunc(out, func(a, b truce.Site) int { return cmp.Compare(a.AddedLogIndex, b.AddedLogIndex) })
	slices.SortStableFunc(shown, func(a, b truce.ObjectRef) int { return strings.Compare(a.ID, b.ID) })
	return out, shown
}

// Get returns one site as caller may see it, recording precise access
// first. Returns ENotFound if there is no such site or the caller may not
// see it (never EForbidden); when the access record cannot be written,
// the write errors (package doc) but EUnauthorized.
func (svc SiteService) Get(ctx context.Context, caller *core.Caller, id string) (*truce.Site, error) {
	c := svc.C
	var out *truce.Site
	var shown bool
	c.Read(func(s *core.State) {
		if st := core.TSite.Get(s, id); st != nil {
			out, shown, _ = core.SiteFor(caller, st)
		}
	})
	if out == nil {
		return nil, truce.Errorf(truce.ENotFound, "no site %q", id)
	}
	if shown {
		if err := c.RecordShown(ctx, caller, []truce.ObjectRef{{Type: "site", ID: out.ID}}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SiteService is what a center does with sites: Center.Sites returns it.
type SiteService struct{ C *core.Center }

func SiteEvent(s *core.State, at core.ObjectAt, caller *core.Caller, e *truce.Entry) (any, bool) {
	id := siteID(e)
	if e.Type != TypeSiteAdd {
		var b siteActBody
		if json.Unmarshal(e.Body, &b) != nil {
			return nil, false
		}
		id = b.Site
	}
	st := core.TSite.Get(at, id)
	if st == nil {
		return nil, false
	}
	out, _, ok := core.SiteFor(caller, st)
	if !ok {
		return nil, false
	}
	out.Geometry = truce.GeoJSON{}
	return out, true
}
