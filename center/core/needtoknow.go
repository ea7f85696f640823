package core

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
)

// Need-to-know (PRODUCT §4): every rule of who sees what, at which
// precision, is in this file. Design notes: docs/design/disclosure.md.
//
// An object's owner and the coordinator are entitled to it. Others see a
// zone or site by its disclosure level:
//
//	precise: the exact geometry (and the center records that they saw it)
//	coarse:  the cover of ~11 km cells computed when the object was made
//	hidden:  nothing at all
//
// and another party's notification only if they must answer it.
//
// Inference counts as disclosure. A conflict check for a caller judges
// each object it may not see precisely on that object's disclosed volume
// — the coarse cover in space, every altitude, and, for a notification
// (whose window is sealed), whole conflict.DisclosureSlot slots in time
// (conflict.Disclose) — never on
// its precise geometry, buffer, altitude or window; the cover contains
// the precise buffered shape, so this adds conflicts and never hides one.
// The owner is told (notices) and such questions are counted for it and
// bounded per member (probes.go).
//
// The reads of this package apply these rules and record precise access
// themselves; the HTTP layer only passes the caller on.

// Entitled reports whether caller may see an owner's objects precisely.
func Entitled(caller *Caller, owner string) bool {
	return caller.IsCoordinator() || caller.Party.ID == owner
}

// disclosed returns what caller may see of an object owned by owner with
// the given disclosure: visible says whether it may see it at all,
// precise whether it may see the exact geometry.
func disclosed(caller *Caller, owner, disclosure string) (visible, precise bool) {
	if Entitled(caller, owner) {
		return true, true
	}
	switch disclosure {
	case truce.DisclosurePrecise:
		return true, true
	case truce.DisclosureCoarse:
		return true, false
	}
	return false, false
}

// Precisely is the conflict engine's question: may caller see the
// object's volumes precisely? Nil (yes, always) for the coordinator.
func Precisely(caller *Caller) func(o *conflict.Object) bool {
	if caller.IsCoordinator() {
		return nil
	}
	p := caller.Party.ID
	return func(o *conflict.Object) bool { return o.Party == p || slices.Contains(o.SeenBy, p) }
}

// coverVolume is what a coarse or hidden zone or site discloses: its
// coarse cover (which includes a site's buffer), every altitude, its
// validity window (public: see disclosure.md).
func coverVolume(cover geo.Geometry, w truce.Window) conflict.Volume {
	return conflict.Volume{Footprint: geo.Footprint{Geometry: cover}, Altitude: conflict.AllAltitudes,
		Window: conflict.Window{Start: w.Start.Time(), End: w.End.Time()}}
}

// siteCover is what a coarse or hidden site discloses to checks: for a
// point, the circle around its cell's centre that holds its buffer
// (geo.CoarseFootprint), which lies inside the coarse cells shown as its
// area; for an area, those cells.
func siteCover(g geo.Geometry, coarse shape, s *truce.Site) (conflict.Volume, bool) {
	if g.Type() != geo.TypePoint {
		return coverVolume(coarse.G, s.Valid), coarse.Ok
	}
	return conflict.Volume{Footprint: geo.CoarseFootprint(g, s.BufferM), Altitude: conflict.AllAltitudes,
		Window: conflict.Window{Start: s.Valid.Start.Time(), End: s.Valid.End.Time()}}, true
}

// VisibleZone reports whether caller may see z at all.
func VisibleZone(caller *Caller, z *truce.Zone) bool {
	vis, _ := disclosed(caller, z.Owner, z.Disclosure)
	return vis
}

// ZoneFor returns version z of a zone as caller may see it under the
// disclosure of the zone's current version cur (every version keeps the
// newest disclosure), and whether that shows precise coordinates to a
// member of another party (which must be recorded).
func ZoneFor(caller *Caller, z, cur *truce.Zone) (*truce.Zone, bool, bool) {
	vis, precise := disclosed(caller, z.Owner, cur.Disclosure)
	if vis && z.Disclosure == truce.DisclosureHidden && !Entitled(caller, z.Owner) {
		// A version that was hidden stays hidden, whatever came after:
		// a zone made precise later does not reveal that it existed, or
		// what it was called, while it was hidden.
		vis = false
	}
	if !vis {
		return nil, false, false
	}
	out := *z
	if !precise || (z.Disclosure != truce.DisclosurePrecise && !Entitled(caller, z.Owner)) {
		out.Geometry, out.Altitude = truce.GeoJSON{}, nil
		precise = false
	}
	shown := precise && !out.Geometry.IsZero() && caller.Party.ID != z.Owner
	return &out, shown, true
}

func VisibleSite(caller *Caller, s *truce.Site) bool {
	vis, _ := disclosed(caller, s.Owner, s.Disclosure)
	return vis
}

// SiteFor returns s as caller may see it, and whether that shows precise
// coordinates to a member of another party. Only the owner and the
// coordinator see who acknowledged what and when; a recipient sees its
// own party's acknowledgements.
func SiteFor(caller *Caller, s *truce.Site) (*truce.Site, bool, bool) {
	vis, precise := disclosed(caller, s.Owner, s.Disclosure)
	if !vis {
		return nil, false, false
	}
	out := *s
	if !precise {
		out.Geometry, out.BufferM = truce.GeoJSON{}, 0
	}
	if !Entitled(caller, s.Owner) {
		out.Acknowledgements = slices.DeleteFunc(slices.Clone(s.Acknowledgements), func(a truce.Acknowledgement) bool { return a.Party != caller.Party.ID })
	}
	shown := precise && !out.Geometry.IsZero() && caller.Party.ID != s.Owner
	return &out, shown, true
}

// visibleNotification: the notifier, the coordinator and the parties that
// must acknowledge see a notification; nobody else.
func VisibleNotification(caller *Caller, n *truce.Notification) bool {
	return Entitled(caller, n.Party) || slices.Contains(n.MustAcknowledge(), caller.Party.ID)
}

// NotificationFor returns n as caller may see it, with its conflicts cs
// (a sealed notification's are in its opening, which the state may not
// hold: center/notifications reads them).
func NotificationFor(s *State, caller *Caller, n *truce.Notification, cs truce.ConflictList) (*truce.Notification, bool) {
	if !VisibleNotification(caller, n) {
		return nil, false
	}
	out := *n
	out.Conflicts = redactConflicts(s, caller, cs)
	if !caller.IsCoordinator() && out.NotificationExtra != nil {
		out.SetExtra(n.Terms(), n.Breaches(), nil)
	}
	if !Entitled(caller, n.Party) {
		// Another party that must answer sees its own answer only.
		out.Acknowledgements = slices.DeleteFunc(slices.Clone(n.Acknowledgements), func(a truce.NotificationAck) bool { return a.Party != caller.Party.ID })
	}
	return &out, true
}

// Finding is one conflict as the engine found it for an asker, with the
// other object named fully; answers reduce it to what the asker may know.
type Finding struct {
	truce.Conflict
	disclosed  bool            // judged on the other object's disclosed volume
	exact      bool            // with disclosed: the precise volumes conflict too
	owner      string          // the other object's owner
	area       json.RawMessage // with disclosed: the disclosed area (rendered only then)
	areaBuffer float64         // grown by this many metres
	hidden     bool            // the asker may not see the object at all
	endorsers  []string        // for a zone: its endorsers
}

// Findings turns the engine's conflicts for asker into findings.
func Findings(v *View, asker *Caller, found []conflict.Conflict) []Finding {
	return AppendFindings(make([]Finding, 0, len(found)), v, asker, found)
}

// AppendFindings is Findings appending to out (a dry run's buffer, used
// again by the next one).
func AppendFindings(out []Finding, v *View, asker *Caller, found []conflict.Conflict) []Finding {
	for _, cf := range found {
		f := Finding{Conflict: truce.Conflict{Rule: cf.Rule, Volume: cf.Volume,
			Overlap: truce.Window{Start: truce.InstantOf(cf.Overlap.Start), End: truce.InstantOf(cf.Overlap.End)}},
			disclosed: cf.Disclosed, exact: cf.Exact}
		w := truce.ConflictWith{Type: string(cf.With.Type), ID: cf.With.ID}
		switch cf.With.Type {
		case conflict.Zone:
			if z := TZone.Get(v, cf.With.ID); z != nil {
				w.Name, w.Kind, w.Party = z.Name, z.Kind, z.Owner
				f.owner, f.hidden, f.endorsers = z.Owner, !VisibleZone(asker, z), z.Endorsers
				if f.disclosed {
					f.area = z.Coarse.JSON()
				}
			}
		case conflict.Site:
			if s := TSite.Get(v, cf.With.ID); s != nil {
				w.Name, w.Category, w.Party = s.Name, s.Category, s.Owner
				f.owner, f.hidden = s.Owner, !VisibleSite(asker, s)
				if f.disclosed {
					f.area = s.Coarse().JSON()
				}
			}
		case conflict.Notification:
			// The kind and party as the index holds them: the notification
			// itself (cold in a server's caches) is read only for the area
			// of a finding judged on its disclosed volume.
			w.Kind, w.Party = cf.With.Kind, cf.With.Party
			f.owner = w.Party
			if f.disclosed {
				if n := TNotification.Get(v, cf.With.ID); n != nil && cf.OtherVolume < len(n.Volumes) {
					f.area, f.areaBuffer = notificationArea(v.Base, n, cf.OtherVolume)
				}
			}
		}
		f.With = w
		out = append(out, f)
	}
	return out
}

// notificationArea is the disclosed area of a notification's volume: a
// geometry and how far it is grown.
func notificationArea(s engine.Installed, n *truce.Notification, i int) (json.RawMessage, float64) {
	vols, ok := VolumesOf(s, n)
	if !ok {
		return nil, 0
	}
	fp := conflict.Disclose(vols[i]).Footprint
	// The geometry's own encoding, compact as json.Marshal would make it,
	// without json.Marshal's reflection and second pass over the bytes.
	b, _ := fp.Geometry.MarshalJSON()
	return b, fp.BufferM
}

// Asked reduces a finding to what the asker may know: an object it may
// not see precisely is named only as far as it may see it at all, with
// its disclosed area; a hidden object only by its type, kind or category
// and area; another party's notification it may not read by its kind,
// party and area.
func (f Finding) Asked() truce.Conflict {
	cf := f.Conflict
	if !f.disclosed {
		return cf
	}
	w := truce.ConflictWith{Type: f.With.Type, Kind: f.With.Kind, Category: f.With.Category, Area: f.area, AreaBufferM: f.areaBuffer}
	switch {
	case f.hidden:
	case f.With.Type == string(conflict.Notification):
		w.Party = f.With.Party
	default:
		w.ID, w.Name, w.Party = f.With.ID, f.With.Name, f.With.Party
	}
	cf.With = w
	return cf
}

// Answerers returns who must answer the findings for notifier: the
// object's owner — for a zone, every endorser, since a zone binds those
// who agreed to it — or the coordinator in the place of an owner whose
// object the notifier may not see at all (naming the owner would say
// whose hidden object it struck).
func Answerers(v *View, notifier *Caller, fs []Finding) map[string]bool {
	set := map[string]bool{}
	for _, f := range fs {
		switch {
		case f.hidden:
			set[coordinatorID(v)] = true
		case f.With.Type == string(conflict.Zone):
			set[f.owner] = true
			for _, p := range f.endorsers {
				set[p] = true
			}
		default:
			set[f.owner] = true
		}
	}
	delete(set, notifier.Party.ID)
	delete(set, "")
	return set
}

// Notices returns, per owner, what the owners of the objects the
// notifier was answered about on disclosed volumes must be told.
func Notices(notifier *Caller, kind string, fs []Finding) map[string][]truce.Notice {
	out := map[string][]truce.Notice{}
	for _, f := range fs {
		if !f.disclosed || f.owner == "" || f.owner == notifier.Party.ID {
			continue
		}
		out[f.owner] = append(out[f.owner], truce.Notice{Kind: kind, Notifier: notifier.Party.ID, Owner: f.owner,
			Rule: f.Rule, Object: f.With, Volume: f.Volume, Overlap: f.Overlap, Exact: f.exact})
	}
	return out
}

// redactConflicts names each stored conflict's other object only as far
// as the reader may know it now (an object may have become hidden since).
// Stored conflicts are already in the notifier's terms. The list it
// returns is never nil (a stored null is answered as []).
func redactConflicts(s *State, caller *Caller, cs truce.ConflictList) truce.ConflictList {
	out := make([]truce.Conflict, 0, cs.Len())
	for i := range cs.Len() {
		cf := cs.At(i)
		w := cf.With
		switch w.Type {
		case "zone":
			if z := TZone.Get(s, w.ID); z != nil {
				w = conflictWith(caller, w, z.Owner, z.Disclosure, z.Coarse.JSON())
			}
		case "site":
			if st := TSite.Get(s, w.ID); st != nil {
				w = conflictWith(caller, w, st.Owner, st.Disclosure, st.Coarse().JSON())
			}
		}
		cf.With = w
		out = append(out, cf)
	}
	return truce.NewConflictList(out)
}

func conflictWith(caller *Caller, w truce.ConflictWith, owner, disclosure string, coarse json.RawMessage) truce.ConflictWith {
	vis, precise := disclosed(caller, owner, disclosure)
	switch {
	case precise:
		return w
	case vis:
		w.Area = coarse
		return w
	}
	return truce.ConflictWith{Type: w.Type, Kind: w.Kind, Category: w.Category, Area: coarse}
}

// Access records (PRODUCT §4): a member of another party shown the
// precise coordinates of a version of an object is recorded once, the
// first time; reading alone does not grow the log. A read that shows
// precise coordinates answers only once the record is committed: no
// record, no coordinates.

// seenKey names what a member was shown.
type seenKey struct {
	member string
	ref    truce.ObjectRef
}

// String is the key of the shown index (tables.go).
func (k seenKey) String() string {
	return k.member + "\x00" + k.ref.Type + "\x00" + k.ref.ID + "\x00" + strconv.Itoa(k.ref.Version)
}

// ReadShown reads with list what caller may see and records what it was
// shown precisely before the answer is given (no record, no answer).
//
// It fails only when that record cannot be written: the write errors
// (package center's doc) but EUnauthorized.
func ReadShown[T any](ctx context.Context, c *Center, caller *Caller, list func(s *State) ([]T, []truce.ObjectRef)) ([]T, error) {
	var out []T
	var shown []truce.ObjectRef
	c.ReadSized(ctx, func(s *State) { out, shown = list(s) })
	if err := c.RecordShown(ctx, caller, shown); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordShown records that caller was shown the precise coordinates of
// refs, leaving out what it was shown before.
//
// It returns the write errors (package center's doc) but EUnauthorized:
// the record is written before the answer.
func (c *Center) RecordShown(ctx context.Context, caller *Caller, refs []truce.ObjectRef) error {
	var fresh []truce.ObjectRef
	c.Read(func(s *State) { fresh = s.unseen(caller.Member.ID, refs) })
	if len(fresh) == 0 {
		return nil
	}
	_, err := c.Write(unsignedCtx(ctx), caller.Actor(), func(v *View) (string, any, error) {
		// Another request may have recorded some meanwhile.
		fresh := v.Base.unseen(caller.Member.ID, fresh)
		fresh = slices.DeleteFunc(fresh, func(r truce.ObjectRef) bool { return v.batchSeen[seenKey{caller.Member.ID, r}] })
		if len(fresh) == 0 {
			return "", nil, ErrNothingDue
		}
		if v.batchSeen == nil {
			v.batchSeen = map[seenKey]bool{}
		}
		for _, r := range fresh {
			v.batchSeen[seenKey{caller.Member.ID, r}] = true
		}
		return TypeAccess, accessBody{Kind: truce.AccessShown, Objects: fresh}, nil
	})
	if err == ErrNothingDue {
		return nil
	}
	return err
}

// unseen returns the refs member was not yet recorded as shown.
func (s *State) unseen(member string, refs []truce.ObjectRef) []truce.ObjectRef {
	var out []truce.ObjectRef
	for _, r := range refs {
		if _, ok := shown.Lookup(s, seenKey{member, r}.String()); !ok {
			out = append(out, r)
		}
	}
	return out
}

type accessBody struct {
	Kind    string            `json:"kind,omitempty"` // "" (older entries) is "shown"
	Path    string            `json:"path,omitempty"` // older entries named the HTTP path
	Objects []truce.ObjectRef `json:"objects"`
	Count   int               `json:"count,omitempty"`
	Since   *time.Time        `json:"since,omitempty"`
	Alert   bool              `json:"alert,omitempty"`
}

// TypeAccess is the entry of an access record (AccessShown, AccessProbe).
const TypeAccess = "access.record"

// ApplyAccess is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyAccess(v *View, e *truce.Entry, b *accessBody) error {
	if b.Kind == "" {
		b.Kind = truce.AccessShown
	}
	if b.Kind != truce.AccessShown && b.Kind != truce.AccessProbe {
		return fmt.Errorf("unknown access record kind %q", b.Kind)
	}
	id := fmt.Sprintf("acc_%d", e.Index)
	var since *truce.Instant
	if b.Since != nil {
		s := truce.InstantOf(*b.Since)
		since = &s
	}
	tAccess.Put(v, id, &truce.AccessRecord{ID: id, Kind: b.Kind, Member: e.Actor.Member, Party: e.Actor.Party, At: truce.InstantOf(e.Time),
		Path: b.Path, Objects: b.Objects, Count: b.Count, Since: since, Alert: b.Alert, LogIndex: e.Index})
	return nil
}

// AccessRecords lists who was shown the precise coordinates of the
// caller's party's objects, and whose questions were answered from them
// (the coordinator: of every object), each record narrowed to those
// objects.
func (c *Center) AccessRecords(ctx context.Context, caller *Caller) []truce.AccessRecord {
	var out []truce.AccessRecord
	c.ReadSized(ctx, func(s *State) { out = s.AccessRecords(caller) })
	return out
}

func (s *State) AccessRecords(caller *Caller) []truce.AccessRecord {
	out := []truce.AccessRecord{}
	for obj := range tAccess.Values(s) {
		r := *obj
		r.Objects = slices.DeleteFunc(slices.Clone(r.Objects), func(ref truce.ObjectRef) bool {
			return !caller.IsCoordinator() && s.ownerOf(ref) != caller.Party.ID
		})
		if len(r.Objects) > 0 {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b truce.AccessRecord) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
	return out
}

// ownerOf returns the party that owns the object ref names.
func (s *State) ownerOf(ref truce.ObjectRef) string {
	switch ref.Type {
	case "zone":
		if z := TZone.Get(s, ref.ID); z != nil {
			return z.Owner
		}
	case "site":
		if st := TSite.Get(s, ref.ID); st != nil {
			return st.Owner
		}
	case "notification":
		if n := TNotification.Get(s, ref.ID); n != nil {
			return n.Party
		}
	}
	return ""
}

// Notices lists what the caller's party was told of notifications found
// in conflict with its objects on disclosed volumes (the coordinator: all
// of them), newest last.
func (c *Center) Notices(ctx context.Context, caller *Caller) []truce.Notice {
	var out []truce.Notice
	c.ReadSized(ctx, func(s *State) { out = s.Notices(caller) })
	return out
}

func (s *State) Notices(caller *Caller) []truce.Notice {
	out := []truce.Notice{}
	for obj := range TNotification.Values(s) {
		for _, n := range obj.Notices() {
			if caller.IsCoordinator() || n.Owner == caller.Party.ID {
				out = append(out, n)
			}
		}
	}
	slices.SortFunc(out, func(a, b truce.Notice) int {
		return cmp.Or(cmp.Compare(a.LogIndex, b.LogIndex), strings.Compare(a.Object.ID, b.Object.ID), cmp.Compare(a.Volume, b.Volume))
	})
	return out
}

func AccessEvent(s *State, caller *Caller, e *truce.Entry) (any, bool) {
	r := tAccess.Get(s, "acc_"+itoa(e.Index))
	if r == nil {
		return nil, false
	}
	for _, rec := range s.AccessRecords(caller) {
		if rec.ID == r.ID {
			return rec, true
		}
	}
	return nil, false
}
