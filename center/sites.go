package center

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/geo"
)

const (
	kindSite   = "site"
	kindAccess = "access"

	typeSiteAdd    = "site.add"
	typeSiteRemove = "site.remove"
	typeSiteAck    = "site.acknowledge"
	typeAccess     = "access.record"
)

func init() {
	registerKind(kindSite, func() any { return new(truce.Site) })
	registerKind(kindAccess, func() any { return new(truce.AccessRecord) })
	registerApplier(typeSiteAdd, applySiteAdd)
	registerApplier(typeSiteRemove, applySiteRemove)
	registerApplier(typeSiteAck, applySiteAck)
	registerApplier(typeAccess, applyAccess)
}

// SiteInput is the body of POST /v1/sites.
type SiteInput struct {
	Name       string          `json:"name"`
	Category   string          `json:"category"`
	Geometry   json.RawMessage `json:"geometry"`
	BufferM    float64         `json:"buffer_m"`
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
	BufferM    float64         `json:"buffer_m"`
	Valid      truce.Window    `json:"valid"`
	Disclosure string          `json:"disclosure"`
	Sealed     string          `json:"sealed,omitempty"`
	Recipients []string        `json:"recipients"`
}

// maxBufferM bounds a site's protective buffer.
const maxBufferM = 50000

func validateSite(v *view, caller *Caller, in *SiteInput) (geo.Geometry, error) {
	var errs truce.Fields
	name, msg := cleanName(in.Name)
	if msg != "" {
		errs.Add("name", "%s", msg)
	}
	in.Name = name
	if !slices.Contains(truce.SiteCategories, in.Category) {
		errs.Add("category", "must be one of %s", strings.Join(truce.SiteCategories, ", "))
	}
	g, gerrs := parseGeometry(in.Geometry, "geometry", geo.TypePoint, geo.TypePolygon, geo.TypeMultiPolygon)
	errs = append(errs, gerrs...)
	if in.BufferM < 0 || in.BufferM > maxBufferM {
		errs.Add("buffer_m", "must be between 0 and %d metres", maxBufferM)
	}
	checkWindow(in.Valid, "valid", &errs)
	in.Valid = normWindow(in.Valid)
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
	checkParties(v, in.Recipients, "recipients", false, &errs)
	for i, r := range in.Recipients {
		if r == caller.Party.ID {
			errs.Add(fmt.Sprintf("recipients[%d]", i), "is your own party")
		}
	}
	return g, errs.Err()
}

func siteID(e *truce.Entry) string { return fmt.Sprintf("sit_%d", e.Index) }

// AddSite notifies a protected site. Observers may not.
func (c *Center) AddSite(ctx context.Context, caller *Caller, in SiteInput) (*truce.Site, error) {
	if caller.Party.Kind == truce.KindObserver {
		return nil, truce.Errorf(truce.EForbidden, "observers do not notify sites")
	}
	e, err := c.write(ctx, caller.Actor(), func(v *view) (string, any, error) {
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
			b.Geometry, b.GeomRef, payloads = besideLog(canon)
			return typeSiteAdd, carry(b, payloads), nil
		case truce.DisclosureCoarse:
			if b.Coarse, err = coarseOf(g, in.BufferM); err != nil {
				return "", nil, err
			}
			s := secret{Geometry: canon}
			c, p, err := seal(s)
			b.Sealed = c
			return typeSiteAdd, withPayloads{body: b, payloads: map[string][]byte{c: p}}, err
		}
		c, p, err := seal(secret{Name: in.Name, Geometry: canon})
		b.Name, b.Sealed = "", c
		return typeSiteAdd, withPayloads{body: b, payloads: map[string][]byte{c: p}}, err
	})
	if err != nil {
		return nil, err
	}
	s, _, err := c.SiteShown(caller, siteID(e))
	return s, err
}

func applySiteAdd(v *view, e *truce.Entry) error {
	var b siteBody
	if err := body(e, &b); err != nil {
		return err
	}
	geometry, err := v.publicPart(b.Geometry, b.GeomRef)
	if err != nil {
		return err
	}
	s := &truce.Site{ID: siteID(e), Name: b.Name, Category: b.Category, Owner: e.Actor.Party, Geometry: geometry,
		Coarse: b.Coarse, BufferM: b.BufferM, Valid: b.Valid, Disclosure: b.Disclosure, Sealed: b.Sealed,
		Recipients: b.Recipients, Acknowledgements: []truce.Acknowledgement{}, State: truce.SiteActive,
		CreatedAt: e.Time, AddedLogIndex: e.Index, LogIndex: e.Index}
	if b.Sealed != "" {
		if err := v.recordSeal(b.Sealed, e); err != nil {
			return err
		}
		var sec secret
		ok, err := v.openInto(b.Sealed, &sec)
		if err != nil {
			return err
		}
		if ok {
			s.Geometry = sec.Geometry
			if sec.Name != "" {
				s.Name = sec.Name
			}
		}
	}
	v.put(kindSite, s.ID, s)
	return nil
}

type siteActBody struct {
	Site string `json:"site"`
	Of   string `json:"of,omitempty"` // for acknowledgements: "add" or "remove"
}

// RemoveSite removes a site: its own act, which the recipients
// acknowledge as they did its addition.
func (c *Center) RemoveSite(ctx context.Context, caller *Caller, id string) (*truce.Site, error) {
	_, err := c.write(ctx, caller.Actor(), func(v *view) (string, any, error) {
		s, _ := v.get(kindSite, id).(*truce.Site)
		if s == nil || !visibleSite(caller, s) {
			return "", nil, truce.Errorf(truce.ENotFound, "no site %q", id)
		}
		if !entitled(caller, s.Owner) {
			return "", nil, truce.Errorf(truce.EForbidden, "only the site's owner and the coordinator remove it")
		}
		if s.State == truce.SiteRemoved {
			return "", nil, truce.Errorf(truce.EConflict, "the site is already removed")
		}
		return typeSiteRemove, siteActBody{Site: id}, nil
	})
	if err != nil {
		return nil, err
	}
	s, _, err := c.SiteShown(caller, id)
	return s, err
}

func applySiteRemove(v *view, e *truce.Entry) error {
	var b siteActBody
	if err := body(e, &b); err != nil {
		return err
	}
	old, _ := v.get(kindSite, b.Site).(*truce.Site)
	if old == nil || old.State == truce.SiteRemoved {
		return fmt.Errorf("removal of site %s does not apply", b.Site)
	}
	s := *old
	t := e.Time
	s.State, s.RemovedAt, s.RemovalLogIndex, s.LogIndex = truce.SiteRemoved, &t, e.Index, e.Index
	v.put(kindSite, s.ID, &s)
	return nil
}

// AcknowledgeSite records a recipient's acknowledgement of the site's
// latest act: its addition, or its removal once removed.
func (c *Center) AcknowledgeSite(ctx context.Context, caller *Caller, id string) (*truce.Site, error) {
	_, err := c.write(ctx, caller.Actor(), func(v *view) (string, any, error) {
		s, _ := v.get(kindSite, id).(*truce.Site)
		if s == nil || !visibleSite(caller, s) {
			return "", nil, truce.Errorf(truce.ENotFound, "no site %q", id)
		}
		if !slices.Contains(s.Recipients, caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EForbidden, "your party is not a recipient of this site")
		}
		of := "add"
		if s.State == truce.SiteRemoved {
			of = "remove"
		}
		if slices.ContainsFunc(s.Acknowledgements, func(a truce.Acknowledgement) bool { return a.Party == caller.Party.ID && a.Of == of }) {
			return "", nil, truce.Errorf(truce.EConflict, "your party has already acknowledged this site's %s", map[string]string{"add": "addition", "remove": "removal"}[of])
		}
		return typeSiteAck, siteActBody{Site: id, Of: of}, nil
	})
	if err != nil {
		return nil, err
	}
	s, _, err := c.SiteShown(caller, id)
	return s, err
}

func applySiteAck(v *view, e *truce.Entry) error {
	var b siteActBody
	if err := body(e, &b); err != nil {
		return err
	}
	old, _ := v.get(kindSite, b.Site).(*truce.Site)
	if old == nil || !slices.Contains(old.Recipients, e.Actor.Party) || (b.Of == "remove") != (old.State == truce.SiteRemoved) {
		return fmt.Errorf("acknowledgement of site %s does not apply", b.Site)
	}
	s := *old
	s.Acknowledgements = append(slices.Clone(old.Acknowledgements), truce.Acknowledgement{Party: e.Actor.Party, Member: e.Actor.Member, Of: b.Of, At: e.Time, LogIndex: e.Index})
	s.LogIndex = e.Index
	v.put(kindSite, s.ID, &s)
	return nil
}

func visibleSite(caller *Caller, s *truce.Site) bool {
	vis, _ := disclosed(caller, s.Owner, s.Disclosure)
	return vis
}

// siteFor returns s as caller may see it, and whether that shows precise
// coordinates to a member of another party. Only the owner and the
// coordinator see who acknowledged what and when; a recipient sees its
// own party's acknowledgements.
func siteFor(caller *Caller, s *truce.Site) (*truce.Site, bool, bool) {
	vis, precise := disclosed(caller, s.Owner, s.Disclosure)
	if !vis {
		return nil, false, false
	}
	out := *s
	if !precise {
		out.Geometry = nil
	}
	if !entitled(caller, s.Owner) {
		out.Acknowledgements = slices.DeleteFunc(slices.Clone(s.Acknowledgements), func(a truce.Acknowledgement) bool { return a.Party != caller.Party.ID })
	}
	shown := precise && len(out.Geometry) > 0 && caller.Party.ID != s.Owner
	return &out, shown, true
}

// SiteFilter selects sites in a list.
type SiteFilter struct {
	BBox     *geo.Rect
	At       time.Time
	Category string
	State    string
}

// Sites lists the sites caller may see, and the objects whose precise
// coordinates the answer shows to another party.
func (c *Center) Sites(caller *Caller, f SiteFilter) ([]truce.Site, []truce.ObjectRef) {
	var out []truce.Site
	var shown []truce.ObjectRef
	c.read(func(s *State) { out, shown = s.sites(caller, f) })
	return out, shown
}

func (s *State) sites(caller *Caller, f SiteFilter) ([]truce.Site, []truce.ObjectRef) {
	out := []truce.Site{}
	var shown []truce.ObjectRef
	for _, obj := range s.objects[kindSite] {
		st, precise, ok := siteFor(caller, obj.(*truce.Site))
		if !ok {
			continue
		}
		if f.Category != "" && st.Category != f.Category || f.State != "" && st.State != f.State {
			continue
		}
		if !f.At.IsZero() && (f.At.Before(st.Valid.Start) || !f.At.Before(st.Valid.End)) {
			continue
		}
		g := st.Geometry
		if len(g) == 0 {
			g = st.Coarse
		}
		if !inBBox(g, f.BBox) {
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

// SiteShown returns one site as caller may see it, and whether precise
// coordinates are shown to another party.
func (c *Center) SiteShown(caller *Caller, id string) (*truce.Site, bool, error) {
	var st *truce.Site
	c.read(func(s *State) { st, _ = s.get(kindSite, id).(*truce.Site) })
	if st == nil {
		return nil, false, truce.Errorf(truce.ENotFound, "no site %q", id)
	}
	out, precise, ok := siteFor(caller, st)
	if !ok {
		return nil, false, truce.Errorf(truce.ENotFound, "no site %q", id)
	}
	return out, precise, nil
}

type accessBody struct {
	Path    string            `json:"path"`
	Objects []truce.ObjectRef `json:"objects"`
}

// RecordAccess records, as one log entry, that caller was shown the
// precise coordinates of objects at path. A read that shows them MUST
// call it, and answer only once it has returned nil: no record, no
// coordinates.
func (c *Center) RecordAccess(ctx context.Context, caller *Caller, path string, objects []truce.ObjectRef) error {
	if len(objects) == 0 {
		return nil
	}
	_, err := c.write(ctx, caller.Actor(), func(v *view) (string, any, error) {
		return typeAccess, accessBody{Path: path, Objects: objects}, nil
	})
	return err
}

func applyAccess(v *view, e *truce.Entry) error {
	var b accessBody
	if err := body(e, &b); err != nil {
		return err
	}
	id := fmt.Sprintf("acc_%d", e.Index)
	v.put(kindAccess, id, &truce.AccessRecord{ID: id, Member: e.Actor.Member, Party: e.Actor.Party, At: e.Time,
		Path: b.Path, Objects: b.Objects, LogIndex: e.Index})
	return nil
}

// AccessRecords lists who was shown the precise coordinates of the
// caller's party's objects (the coordinator: of every object), each
// record narrowed to those objects.
func (c *Center) AccessRecords(caller *Caller) []truce.AccessRecord {
	var out []truce.AccessRecord
	c.read(func(s *State) { out = s.accessRecords(caller) })
	return out
}

func (s *State) accessRecords(caller *Caller) []truce.AccessRecord {
	out := []truce.AccessRecord{}
	owner := func(ref truce.ObjectRef) string {
		switch ref.Type {
		case "zone":
			if z, _ := s.get(kindZone, ref.ID).(*truce.Zone); z != nil {
				return z.Owner
			}
		case "site":
			if st, _ := s.get(kindSite, ref.ID).(*truce.Site); st != nil {
				return st.Owner
			}
		}
		return ""
	}
	for _, obj := range s.objects[kindAccess] {
		r := *obj.(*truce.AccessRecord)
		r.Objects = slices.DeleteFunc(slices.Clone(r.Objects), func(ref truce.ObjectRef) bool {
			return !caller.IsCoordinator() && owner(ref) != caller.Party.ID
		})
		if len(r.Objects) > 0 {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b truce.AccessRecord) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
	return out
}
