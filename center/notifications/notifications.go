package notifications

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/terms"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
	"github.com/truce-center/truce/internal/strictjson"
	"github.com/truce-center/truce/ledger"
)

const (
	TypeNotificationSubmit = "notification.submit"
	TypeNotificationAck    = "notification.acknowledge"
	TypeNotificationCancel = "notification.cancel"
)

// NotificationInput is the body of POST /v1/notifications and of POST
// /v1/deconflict.
type NotificationInput struct {
	Kind    string         `json:"kind"`
	Title   string         `json:"title"`
	Urgent  bool           `json:"urgent"`
	Volumes []truce.Volume `json:"volumes"`
}

// notificationBody is the public part of the entry: who notified what
// kind, who must answer by when. The title, the volumes and the conflicts
// are sealed: a planned strike's coordinates are not for the public log.
type notificationBody struct {
	Kind            string    `json:"kind"`
	Urgent          bool      `json:"urgent"`
	MustAcknowledge []string  `json:"must_acknowledge"`
	AckDeadline     time.Time `json:"ack_deadline"`
	Sealed          string    `json:"sealed"`
	// Notices are sealed, one per owner of an object the notifier may
	// not see precisely and was answered about on its disclosed volume:
	// what that owner (and the coordinator) is told (truce.Notice).
	Notices []string `json:"notices,omitempty"`
	// Terms are the terms in force that the act was judged by, and
	// Breaches the rules of theirs it broke and was accepted with.
	Terms    []string `json:"terms,omitempty"`
	Breaches []string `json:"breaches,omitempty"`
}

type noticeSecret struct {
	Owner   string         `json:"owner"`
	Notices []truce.Notice `json:"notices"`
}

type notificationSecret struct {
	Title     string          `json:"title,omitempty"`
	Volumes   []truce.Volume  `json:"volumes"`
	Conflicts sealedConflicts `json:"conflicts"`
}

// AppendCanonical writes the secret's canonical form itself
// (ledger.CanonicalAppender), its conflicts from their records: at a
// million objects a strike seals dozens of them, and encoding/json's
// road (reflection, then the bytes read again to order their keys) was
// a tenth of the writer's time.
func (s notificationSecret) AppendCanonical(b []byte) ([]byte, bool) {
	b = append(b, `{"conflicts":`...)
	b, ok := s.Conflicts.AppendCanonical(b)
	if !ok {
		return b, false
	}
	if s.Title != "" {
		b = append(b, `,"title":`...)
		if b, ok = ledger.AppendString(b, s.Title); !ok {
			return b, false
		}
	}
	b = append(b, `,"volumes":`...)
	b, ok = truce.AppendCanonicalVolumes(b, s.Volumes)
	return append(b, '}'), ok
}

// ReadCanonical reads the secret from the canonical form AppendCanonical
// writes (core.CanonicalReader): the conflicts by hand, the title and
// volumes after them strictly. It reports false for any other form,
// which the strict decoder reads (or refuses) whole.
func (s *notificationSecret) ReadCanonical(value []byte) bool {
	l, rest, ok := canonicalConflicts(value)
	if !ok {
		return false
	}
	// The rest is read as the object it is without the conflicts: a
	// second "conflicts", or any field the secret does not have, is
	// refused there, and the whole is left to the strict decoder.
	var other struct {
		Title   string         `json:"title,omitempty"`
		Volumes []truce.Volume `json:"volumes"`
	}
	obj := append([]byte("{"), rest...)
	if strictjson.Unmarshal(obj, &other) != nil {
		return false
	}
	*s = notificationSecret{Title: other.Title, Volumes: other.Volumes, Conflicts: sealedConflicts{l}}
	return true
}

// appliedSecret is what a center whose store is at hand reads of a
// notification's opening as it applies the notification: its title and
// volumes, its conflicts passed over (the state does not keep them;
// conflictsOf reads them when asked). At a million objects a strike's
// opening carries the dozens of objects it met, and reading them only
// to drop them was a tenth of the writer's extra work per strike there.
type appliedSecret struct {
	Conflicts json.RawMessage `json:"conflicts"`
	Title     string          `json:"title,omitempty"`
	Volumes   []truce.Volume  `json:"volumes"`
}

// ReadCanonical reads the title and volumes of the canonical form
// notificationSecret.AppendCanonical writes (core.CanonicalReader),
// passing over its conflicts (skipValue: their brackets and strings are
// followed, their content is not read); the rest strictly, as
// notificationSecret.ReadCanonical does. It reports false for any other
// form, which the strict decoder reads whole.
func (s *appliedSecret) ReadCanonical(value []byte) bool {
	rest, ok := bytes.CutPrefix(value, []byte(`{"conflicts":`))
	if !ok {
		return false
	}
	n, ok := skipValue(rest)
	if !ok || !bytes.HasPrefix(rest[n:], []byte(`,"`)) {
		return false
	}
	var other struct {
		Title   string         `json:"title,omitempty"`
		Volumes []truce.Volume `json:"volumes"`
	}
	obj := append([]byte("{"), rest[n+1:]...)
	if strictjson.Unmarshal(obj, &other) != nil {
		return false
	}
	*s = appliedSecret{Conflicts: rest[:n:n], Title: other.Title, Volumes: other.Volumes}
	return true
}

// skipValue returns the length of the array or null that begins b,
// following its brackets, braces and strings (with their escapes) but
// not checking what lies between them; false when b does not begin with
// one, or it is not closed.
func skipValue(b []byte) (int, bool) {
	if bytes.HasPrefix(b, []byte("null")) {
		return 4, true
	}
	if len(b) == 0 || b[0] != '[' {
		return 0, false
	}
	var open [64]byte // the brackets and braces open, innermost last
	depth := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '[', '{':
			if depth == len(open) {
				return 0, false
			}
			open[depth] = c
			depth++
		case ']', '}':
			if depth == 0 || open[depth-1] != c-2 { // '[' + 2 == ']', '{' + 2 == '}'
				return 0, false
			}
			depth--
			if depth == 0 {
				return i + 1, true
			}
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			if i >= len(b) {
				return 0, false
			}
		}
	}
	return 0, false
}

// openedConflicts is what conflictsOf reads of a notification's opening:
// its conflicts, read strictly, the rest left as it is. The title and
// volumes were read strictly when its entry was applied
// (appliedSecret), and unseal checks the opening against its
// commitment.
type openedConflicts struct {
	Conflicts sealedConflicts `json:"conflicts"`
	Title     string          `json:"title,omitempty"`
	Volumes   json.RawMessage `json:"volumes"`
}

// ReadCanonical reads the conflicts of the canonical form
// notificationSecret.AppendCanonical writes (core.CanonicalReader).
func (o *openedConflicts) ReadCanonical(value []byte) bool {
	l, _, ok := canonicalConflicts(value)
	if ok {
		o.Conflicts = sealedConflicts{l}
	}
	return ok
}

// canonicalConflicts reads the conflicts that begin a secret's canonical
// form (notificationSecret.AppendCanonical) and returns them and what
// follows them, from the next field's opening quote; false for any
// other form.
func canonicalConflicts(value []byte) (truce.ConflictList, []byte, bool) {
	rest, ok := bytes.CutPrefix(value, []byte(`{"conflicts":`))
	if !ok {
		return truce.ConflictList{}, nil, false
	}
	l, n, ok := truce.ParseCanonicalConflictsPrefix(rest)
	if !ok || !bytes.HasPrefix(rest[n:], []byte(`,"`)) {
		return truce.ConflictList{}, nil, false
	}
	return l, rest[n+1:], true
}

// conflictsOf returns n's conflicts. A sealed notification's are in its
// opening, which a state whose store is at hand does not copy
// (core.State.StoreAtHand): they are read from the store. A state
// without the opening (a public replay) has none.
//
// Its error is not a *truce.Error (EInternal): the store's failure, or
// an opening that does not match its commitment.
func conflictsOf(s *core.State, n *truce.Notification) (truce.ConflictList, error) {
	if n.Sealed == "" || !s.StoreAtHand() {
		return n.Conflicts, nil
	}
	var o openedConflicts
	if ok, err := s.OpenInto(n.Sealed, &o); err != nil || !ok {
		return n.Conflicts, err
	}
	return o.Conflicts.ConflictList, nil
}

// notificationFor is core.NotificationFor with n's conflicts: those
// known by its commitment, or else read (conflictsOf), once n is known
// to be visible to caller.
func notificationFor(s *core.State, caller *core.Caller, n *truce.Notification, known map[string]truce.ConflictList) (*truce.Notification, bool, error) {
	if !core.VisibleNotification(caller, n) {
		return nil, false, nil
	}
	cs, ok := known[n.Sealed]
	if !ok || n.Sealed == "" {
		var err error
		if cs, err = conflictsOf(s, n); err != nil {
			return nil, false, fmt.Errorf("reading the conflicts of %s: %w", n.ID, err)
		}
	}
	out, ok := core.NotificationFor(s, caller, n, cs)
	return out, ok, nil
}

// openConflicts reads the conflicts of the given commitments' openings
// from the center's store, a share of them on each core, without the
// state: a list reads them before it locks the state for the answer,
// so that writes do not wait for the store's reads (a party's list at
// a million objects opens a couple of hundred thousand).
func openConflicts(ctx context.Context, c *core.Center, sealed []string) (map[string]truce.ConflictList, error) {
	lists, opened := make([]truce.ConflictList, len(sealed)), make([]bool, len(sealed))
	workers := min(runtime.GOMAXPROCS(0), (len(sealed)+255)/256)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(sealed); i += workers {
				var o openedConflicts
				ok, err := c.OpenInto(ctx, sealed[i], &o)
				if err != nil {
					errs[w] = fmt.Errorf("reading the conflicts sealed in %s: %w", sealed[i], err)
					return
				}
				lists[i], opened[i] = o.Conflicts.ConflictList, ok
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	known := make(map[string]truce.ConflictList, len(sealed))
	for i, k := range sealed {
		if opened[i] {
			known[k] = lists[i]
		}
	}
	return known, nil
}

// sealedConflicts are a sealed notification's conflicts, read as
// strictly as the rest of its opening (a field a conflict does not have
// is refused), but without encoding/json when they are in the canonical
// form Seal wrote (truce.ParseCanonicalConflicts).
type sealedConflicts struct{ truce.ConflictList }

func (c *sealedConflicts) UnmarshalJSON(b []byte) error {
	if l, ok := truce.ParseCanonicalConflicts(b); ok {
		c.ConflictList = l
		return nil
	}
	var cs []truce.Conflict
	if err := strictjson.Unmarshal(b, &cs); err != nil {
		return err
	}
	c.ConflictList = truce.NewConflictList(cs)
	return nil
}

// validateNotification checks the input and returns the candidate for
// the engine. The lead time is the terms' to judge, at the moment of the
// act (termsBreaches).
func validateNotification(c *core.Center, in *NotificationInput) (conflict.Candidate, error) {
	set := c.Settings().Notifications
	var errs truce.Fields
	if !slices.Contains(truce.Activities, in.Kind) {
		errs.Add("kind", "must be one of %s", strings.Join(truce.Activities, ", "))
	}
	in.Title = strings.TrimSpace(in.Title)
	if len([]rune(in.Title)) > 200 {
		errs.Add("title", "is longer than 200 characters")
	}
	if len(in.Volumes) == 0 {
		errs.Add("volumes", "must hold at least one volume")
	}
	if len(in.Volumes) > set.MaxVolumes {
		errs.Add("volumes", "holds more than %d volumes", set.MaxVolumes)
	}
	now := c.Now()
	cand := conflict.Candidate{Kind: in.Kind}
	// The volumes are normalised below: on a copy, never on the
	// caller's slice (which callers may share).
	in.Volumes = slices.Clone(in.Volumes)
	for i := range in.Volumes {
		vol := &in.Volumes[i]
		names := volumeNamesOf(i)
		f := names.vol
		g, gerrs := core.ParseGeometry(vol.Geometry.JSON(), names.geometry, geo.TypePoint, geo.TypeLineString, geo.TypePolygon)
		errs = append(errs, gerrs...)
		switch g.Type() {
		case geo.TypePoint:
			if vol.RadiusM < 0 || vol.RadiusM > 100000 {
				errs.Add(f+".radius_m", "must be between 0 and 100000 metres")
			}
		case geo.TypeLineString:
			if vol.WidthM <= 0 || vol.WidthM > 100000 {
				errs.Add(f+".width_m", "is required for a route: the corridor's full width, more than 0 and at most 100000 metres")
			}
		}
		if vol.RadiusM != 0 && g.Type() != geo.TypePoint && !g.IsZero() {
			errs.Add(f+".radius_m", "goes with a Point only")
		}
		if vol.WidthM != 0 && g.Type() != geo.TypeLineString && !g.IsZero() {
			errs.Add(f+".width_m", "goes with a LineString only")
		}
		if a := vol.Altitude; a.MinM < -500 || a.MaxM > 100000 || a.MaxM < a.MinM {
			errs.Add(f+".altitude", "must be a band from min_m to max_m within -500 to 100000 metres")
		}
		switch {
		case vol.Start.IsZero():
			errs.Add(f+".start", "is required (RFC 3339 time)")
		case vol.End.IsZero():
			errs.Add(f+".end", "is required (RFC 3339 time)")
		case !core.CheckTime(vol.Start.Time(), names.start, &errs) || !core.CheckTime(vol.End.Time(), names.end, &errs):
		case !vol.End.After(vol.Start):
			errs.Add(f+".end", "must be after %s.start", f)
		case !vol.End.Time().After(now):
			errs.Add(f+".end", "is in the past")
		}
		if !g.IsZero() {
			cand.Volumes = append(cand.Volumes, core.EngineVolume(*vol, g))
		}
	}
	return cand, errs.Err()
}

// volumeNames are the names of a volume's fields in errors. Those of
// the first volumes are made once: made for every volume of every
// question, they were four allocations a volume that only an error reads.
type volumeNames struct{ vol, geometry, start, end string }

var firstVolumeNames = func() (n [16]volumeNames) {
	for i := range n {
		n[i] = namesOfVolume(i)
	}
	return n
}()

func volumeNamesOf(i int) volumeNames {
	if i < len(firstVolumeNames) {
		return firstVolumeNames[i]
	}
	return namesOfVolume(i)
}

func namesOfVolume(i int) volumeNames {
	f := "volumes[" + strconv.Itoa(i) + "]"
	return volumeNames{f, f + ".geometry", f + ".start", f + ".end"}
}

// mustAcknowledge returns who must acknowledge: those who must answer
// the findings (answerers) and those the settings name for the kind,
// never the notifier.
// The names come from the terms in force (notificationRules).
func mustAcknowledge(v *core.View, notifier *core.Caller, names []string, fs []core.Finding) []string {
	set := core.Answerers(v, notifier, fs)
	core.TParty.Each(v, func(id string, obj *truce.Party) {
		p := obj
		if slices.Contains(names, p.ID) || slices.Contains(names, p.Kind) {
			set[p.ID] = true
		}
	})
	delete(set, notifier.Party.ID)
	delete(set, "")
	return slices.Sorted(maps.Keys(set))
}

func notificationID(e *truce.Entry) string { return fmt.Sprintf("ntf_%d", e.Index) }

// mayNotify says whether caller's party may notify an activity of kind:
// observers notify nothing, humanitarian organisations only humanitarian
// movements, which only they and the coordinator notify.
func mayNotify(caller *core.Caller, kind string) error {
	if caller.Party.Kind == truce.KindObserver {
		return truce.Errorf(truce.EForbidden, "observers do not notify activities")
	}
	if kind == "humanitarian-movement" && caller.Party.Kind != truce.KindHumanitarian && !caller.IsCoordinator() {
		return truce.Invalid([]truce.FieldError{{Field: "kind", Message: "humanitarian movements are notified by humanitarian organisations and the coordinator"}})
	}
	if kind != "humanitarian-movement" && caller.Party.Kind == truce.KindHumanitarian {
		return truce.Invalid([]truce.FieldError{{Field: "kind", Message: "a humanitarian organisation notifies humanitarian movements only"}})
	}
	return nil
}

// Submit notifies a planned activity. The conflict check and the write
// are one step of the writer, so two notifications that conflict with each
// other can never both be accepted as clear.
//
// It returns EForbidden for an observer; EInvalid naming each bad field
// (kind — including a kind the caller's party may not notify, or that
// the terms in force do not allow when they refuse breaches — title,
// volumes, each volume's geometry, radius_m, width_m, altitude, start
// and end, a start inside the terms' lead time unless urgent); ETooMany,
// with RetryAfter, when the member's budget of questions is spent; and
// the write errors (package doc). The access records its answer needs
// (answers judged on objects the caller may not see precisely) are
// written after the notification is committed, and may fail with the
// write errors but EUnauthorized though the notification is in the log.
func (svc NotificationService) Submit(ctx context.Context, caller *core.Caller, in NotificationInput) (*truce.Notification, error) {
	c := svc.C
	if err := mayNotify(caller, in.Kind); err != nil {
		return nil, err
	}
	cand, err := validateNotification(c, &in)
	if err != nil {
		return nil, err
	}
	cand.Party, cand.Precise = caller.Party.ID, core.Precisely(caller)
	if err := c.Probes.AllowSubmit(caller, c.Now(), terms.QuestionsPerHour(c, c.Now())); err != nil {
		return nil, err
	}
	// The check against the installed index is made here, on the
	// request's goroutine, while the writer decides and commits other
	// acts; the writer rechecks only what was installed since
	// (ConflictsAfter). At a million objects it was most of what a
	// strike cost the writer beyond an empty store's.
	var pre core.Precheck
	{
		pc := cand
		c.Read(func(s *core.State) {
			rules := terms.NotificationRules(c, core.NewView(s), c.Now(), caller.Party.ID, in.Kind, in.Urgent)
			pc.SeparationHorizontalM, pc.SeparationVerticalM = rules.SepH, rules.SepV
		})
		pre = c.Precheck(pc)
	}
	var fs []core.Finding
	var known map[string]truce.ConflictList // the conflicts sealed in the entry committed
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		now := c.Now()
		rules := terms.NotificationRules(c, v, now, caller.Party.ID, in.Kind, in.Urgent)
		breaches, err := termsBreaches(&in, rules, now)
		if err != nil {
			return "", nil, err
		}
		cand := cand
		cand.SeparationHorizontalM, cand.SeparationVerticalM = rules.SepH, rules.SepV
		fs = core.Findings(v, caller, c.ConflictsAfter(v, cand, pre))
		must := mustAcknowledge(v, caller, rules.AckBy, fs)
		cs := make([]truce.Conflict, len(fs))
		for i, f := range fs {
			cs[i] = f.Asked()
		}
		deadline := now.Add(rules.AckWithin)
		for _, vol := range in.Volumes {
			if s := vol.Start.Time(); s.Before(deadline) && s.After(now) {
				deadline = s
			}
		}
		sealedCS := truce.NewConflictList(cs)
		sealed, payload, err := core.Seal(notificationSecret{Title: in.Title, Volumes: in.Volumes, Conflicts: sealedConflicts{sealedCS}})
		if err != nil {
			return "", nil, err
		}
		payloads := map[string][]byte{sealed: payload}
		known = map[string]truce.ConflictList{sealed: sealedCS}
		b := notificationBody{Kind: in.Kind, Urgent: in.Urgent, MustAcknowledge: must,
			AckDeadline: deadline.UTC(), Sealed: sealed, Terms: rules.Refs, Breaches: breaches}
		byOwner := core.Notices(caller, in.Kind, fs)
		for _, owner := range slices.Sorted(maps.Keys(byOwner)) {
			ns, np, err := core.Seal(noticeSecret{Owner: owner, Notices: byOwner[owner]})
			if err != nil {
				return "", nil, err
			}
			payloads[ns] = np
			b.Notices = append(b.Notices, ns)
		}
		return TypeNotificationSubmit, core.WithPayloads{Body: b, Payloads: payloads}, nil
	})
	if err != nil {
		return nil, err
	}
	if err := c.Probed(ctx, caller, fs); err != nil {
		return nil, err
	}
	// Its conflicts are those it was sealed with: the answer need not
	// read them back from the store.
	return NotificationService{C: c}.get(caller, notificationID(e), known)
}

// ApplyNotificationSubmit is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyNotificationSubmit(v *core.View, e *truce.Entry, b *notificationBody) error {
	// The parties that must answer are shown the volumes: they may open
	// the seal too.
	if err := v.RecordSeal(b.Sealed, e, b.MustAcknowledge...); err != nil {
		return err
	}
	n := &truce.Notification{ID: notificationID(e), Kind: b.Kind, Party: e.Actor.Party, Urgent: b.Urgent,
		State: truce.NotificationSubmitted, Conflicts: truce.NewConflictList([]truce.Conflict{}),
		Acknowledgements: []truce.NotificationAck{}, AckDeadline: truce.InstantOf(b.AckDeadline), Sealed: b.Sealed,
		CreatedAt: truce.InstantOf(e.Time), UpdatedAt: truce.InstantOf(e.Time), SubmittedLogIndex: e.Index, LogIndex: e.Index}
	must := b.MustAcknowledge
	if must == nil {
		must = []string{}
	}
	n.SetMustAcknowledge(must)
	// The center keeps the conflicts in the opening alone, read from its
	// store when asked (conflictsOf): at a million objects a strike
	// meets dozens, and held and stored twice they made it the heaviest
	// object to write and keep. So it reads only the title and volumes
	// here (appliedSecret); a replay without the store keeps them all.
	if v.Base.StoreAtHand() {
		var sec appliedSecret
		ok, err := v.OpenInto(b.Sealed, &sec)
		if err != nil {
			return err
		}
		if ok {
			n.Title, n.Volumes = sec.Title, sec.Volumes
		}
	} else {
		var sec notificationSecret
		ok, err := v.OpenInto(b.Sealed, &sec)
		if err != nil {
			return err
		}
		if ok {
			n.Title, n.Volumes, n.Conflicts = sec.Title, sec.Volumes, sec.Conflicts.ConflictList
		}
	}
	if len(n.MustAcknowledge()) == 0 {
		n.State = truce.NotificationAcknowledged
	}
	// The notices go to their owners: the seal is theirs to open, never
	// the notifier's. A replay that cannot open one does not know whose
	// it is; only the coordinator may open it then.
	var notices []truce.Notice
	for _, ns := range b.Notices {
		var sec noticeSecret
		ok, err := v.OpenInto(ns, &sec)
		if err != nil {
			return err
		}
		if err := v.RecordSealOf(ns, e, sec.Owner); err != nil {
			return err
		}
		if !ok {
			continue
		}
		for _, nt := range sec.Notices {
			nt.Notification, nt.Owner, nt.At, nt.LogIndex = n.ID, sec.Owner, truce.InstantOf(e.Time), e.Index
			notices = append(notices, nt)
		}
	}
	n.SetExtra(b.Terms, b.Breaches, notices)
	core.TNotification.Put(v, n.ID, n)
	return nil
}

// Deconflict answers what Submit would find, storing nothing. Each dry
// run spends one of the member's budget of questions (ETooMany beyond
// it, with when to retry), and one that was answered from objects the
// caller may not see precisely is counted for their owners.
//
// It returns EForbidden for an observer, EInvalid naming each bad field
// as Submit does (but not the terms' rules, which only Submit applies),
// ETooMany as said, and, when an access record the count makes due
// cannot be written, the write errors (package doc) but EUnauthorized.
func (svc NotificationService) Deconflict(ctx context.Context, caller *core.Caller, in NotificationInput) ([]truce.Conflict, error) {
	return svc.AppendDeconflict(ctx, caller, in, []truce.Conflict{})
}

// AppendDeconflict is Deconflict appending the answer to dst (a server's
// buffer, used again for its next question), with Deconflict's errors
// (EForbidden, EInvalid, ETooMany, the write errors); on an error it
// returns dst as it was.
func (svc NotificationService) AppendDeconflict(ctx context.Context, caller *core.Caller, in NotificationInput, dst []truce.Conflict) ([]truce.Conflict, error) {
	c := svc.C
	// Only who may notify an activity may ask what it would meet: an
	// answer is knowledge, and an observer has no use for it.
	if err := mayNotify(caller, in.Kind); err != nil {
		return dst, err
	}
	cand, err := validateNotification(c, &in)
	if err != nil {
		return dst, err
	}
	if err := c.Probes.Spend(caller, c.Now(), terms.QuestionsPerHour(c, c.Now())); err != nil {
		return dst, err
	}
	// The answer is the asker's alone and makes no notice: whether the
	// precise volumes behind a disclosed finding meet too is not asked.
	cand.Party, cand.Precise, cand.NoExact = caller.Party.ID, core.Precisely(caller), true
	// The engine's conflicts and the findings live only until the answer
	// is made: their buffers are the next dry run's (each a few hundred
	// bytes a conflict, which a server's collector would otherwise mark
	// the whole heap to reclaim).
	buf := dryRunBufs.Get().(*dryRunBuf)
	found, fs := buf.found[:0], buf.fs[:0]
	defer func() {
		clear(found)
		clear(fs)
		if cap(found) <= maxPooledFindings && cap(fs) <= maxPooledFindings {
			buf.found, buf.fs = found[:0], fs[:0]
			dryRunBufs.Put(buf)
		}
	}()
	c.Read(func(s *core.State) {
		v := core.NewView(s)
		rules := terms.NotificationRules(c, v, c.Now(), caller.Party.ID, in.Kind, in.Urgent)
		cand.SeparationHorizontalM, cand.SeparationVerticalM = rules.SepH, rules.SepV
		found = c.AppendDryRun(found, cand)
		fs = core.AppendFindings(fs, v, caller, found)
	})
	if err := c.Probed(ctx, caller, fs); err != nil {
		return dst, err
	}
	for _, f := range fs {
		dst = append(dst, f.Asked())
	}
	return dst, nil
}

// dryRunBuf is what a dry run keeps for the next: the engine's
// conflicts and their findings.
type dryRunBuf struct {
	found []conflict.Conflict
	fs    []core.Finding
}

var dryRunBufs = sync.Pool{New: func() any {
	return &dryRunBuf{found: make([]conflict.Conflict, 0, 16), fs: make([]core.Finding, 0, 16)}
}}

// maxPooledFindings: a buffer grown past this is left to the collector.
const maxPooledFindings = 1024

// AckInput is the body of POST /v1/notifications/{id}/acknowledgements.
type AckInput struct {
	Decision string `json:"decision"`
	Note     string `json:"note,omitempty"`
}

type notificationAckBody struct {
	Notification string `json:"notification"`
	Decision     string `json:"decision"`
	Sealed       string `json:"sealed,omitempty"` // the note, sealed: it is between the parties
}

type ackSecret struct {
	Note string `json:"note"`
}

// Acknowledge records a party's acknowledgement of, or objection to, a
// notification it must answer.
//
// It returns EInvalid naming decision (neither "acknowledge" nor
// "object") or note (longer than 4000 characters, or missing with an
// objection); ENotFound if the notification does not exist or the caller
// may not see it; EForbidden if the caller's party is not asked to
// acknowledge it; EConflict if the party has already answered or the
// notification is no longer submitted or objected; and the write errors
// (package doc).
func (svc NotificationService) Acknowledge(ctx context.Context, caller *core.Caller, id string, in AckInput) (*truce.Notification, error) {
	c := svc.C
	var errs truce.Fields
	if in.Decision != "acknowledge" && in.Decision != "object" {
		errs.Add("decision", `must be "acknowledge" or "object"`)
	}
	if len([]rune(in.Note)) > 4000 {
		errs.Add("note", "is longer than 4000 characters")
	}
	if in.Decision == "object" && strings.TrimSpace(in.Note) == "" {
		errs.Add("note", "is required with an objection: say why")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		n := core.TNotification.Get(v, id)
		if n == nil || !core.VisibleNotification(caller, n) {
			return "", nil, truce.Errorf(truce.ENotFound, "no notification %q", id)
		}
		if !slices.Contains(n.MustAcknowledge(), caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EForbidden, "your party is not asked to acknowledge this notification")
		}
		if slices.ContainsFunc(n.Acknowledgements, func(a truce.NotificationAck) bool { return a.Party == caller.Party.ID }) {
			return "", nil, truce.Errorf(truce.EConflict, "your party has already answered this notification")
		}
		if n.State != truce.NotificationSubmitted && n.State != truce.NotificationObjected {
			return "", nil, truce.Errorf(truce.EConflict, "the notification is %s", n.State)
		}
		b := notificationAckBody{Notification: id, Decision: in.Decision}
		if in.Note == "" {
			return TypeNotificationAck, b, nil
		}
		sealed, payload, err := core.Seal(ackSecret{Note: in.Note})
		if err != nil {
			return "", nil, err
		}
		b.Sealed = sealed
		return TypeNotificationAck, core.WithPayloads{Body: b, Payloads: map[string][]byte{sealed: payload}}, nil
	})
	if err != nil {
		return nil, err
	}
	return NotificationService{C: c}.Get(caller, id)
}

// ApplyNotificationAck is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyNotificationAck(v *core.View, e *truce.Entry, b *notificationAckBody) error {
	old := core.TNotification.Get(v, b.Notification)
	if old == nil || !slices.Contains(old.MustAcknowledge(), e.Actor.Party) {
		return fmt.Errorf("answer to notification %s does not apply", b.Notification)
	}
	a := truce.NotificationAck{Party: e.Actor.Party, Member: e.Actor.Member, Decision: b.Decision, At: e.Time, LogIndex: e.Index}
	if b.Sealed != "" {
		// The note is addressed to the notifier.
		if err := v.RecordSeal(b.Sealed, e, old.Party); err != nil {
			return err
		}
		var sec ackSecret
		if _, err := v.OpenInto(b.Sealed, &sec); err != nil {
			return err
		}
		a.Note = sec.Note
	}
	n := *old
	n.Acknowledgements = append(slices.Clone(old.Acknowledgements), a)
	n.UpdatedAt, n.LogIndex = truce.InstantOf(e.Time), e.Index
	acked := 0
	for _, x := range n.Acknowledgements {
		switch x.Decision {
		case "object":
			n.State = truce.NotificationObjected
		case "acknowledge":
			acked++
		}
	}
	if n.State == truce.NotificationSubmitted && acked == len(n.MustAcknowledge()) {
		n.State = truce.NotificationAcknowledged
	}
	core.TNotification.Put(v, n.ID, &n)
	return nil
}

type notificationCancelBody struct {
	Notification string `json:"notification"`
}

// Cancel cancels a notification: its notifier or the coordinator may,
// until it is executed or expired.
//
// It returns ENotFound if the notification does not exist or the caller
// may not see it, EForbidden if the caller may see it but is neither its
// notifier nor the coordinator, EConflict if it is already cancelled,
// executed or expired, and the write errors (package doc). It is never
// refused for a spent budget of questions (no ETooMany), though it spends
// one.
func (svc NotificationService) Cancel(ctx context.Context, caller *core.Caller, id string) (*truce.Notification, error) {
	c := svc.C
	_, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		n := core.TNotification.Get(v, id)
		if n == nil || !core.VisibleNotification(caller, n) {
			return "", nil, truce.Errorf(truce.ENotFound, "no notification %q", id)
		}
		if !core.Entitled(caller, n.Party) {
			return "", nil, truce.Errorf(truce.EForbidden, "only the notifying party and the coordinator cancel a notification")
		}
		switch n.State {
		case truce.NotificationCancelled, truce.NotificationExecuted, truce.NotificationExpired:
			return "", nil, truce.Errorf(truce.EConflict, "the notification is already %s", n.State)
		}
		return TypeNotificationCancel, notificationCancelBody{Notification: id}, nil
	})
	if err != nil {
		return nil, err
	}
	// Submitting and cancelling is a way of asking too: a cancellation
	// is never refused, but it spends the budget further submissions and
	// dry runs need.
	c.Probes.Charge(caller, c.Now(), terms.QuestionsPerHour(c, c.Now()))
	return NotificationService{C: c}.Get(caller, id)
}

// ApplyNotificationCancel is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyNotificationCancel(v *core.View, e *truce.Entry, b *notificationCancelBody) error {
	old := core.TNotification.Get(v, b.Notification)
	if old == nil {
		return fmt.Errorf("no notification %s", b.Notification)
	}
	n := *old
	n.State, n.UpdatedAt, n.LogIndex = truce.NotificationCancelled, truce.InstantOf(e.Time), e.Index
	core.TNotification.Put(v, n.ID, &n)
	return nil
}

// Get returns one notification as caller may see it.
//
// It returns ENotFound if there is no such notification or the caller
// may not see it (never EForbidden).
func (svc NotificationService) Get(caller *core.Caller, id string) (*truce.Notification, error) {
	return svc.get(caller, id, nil)
}

// get is Get with the conflicts of known commitments given, the others read.
func (svc NotificationService) get(caller *core.Caller, id string, known map[string]truce.ConflictList) (*truce.Notification, error) {
	c := svc.C
	var out *truce.Notification
	var err error
	c.Read(func(s *core.State) {
		if n := core.TNotification.Get(s, id); n != nil {
			out, _, err = notificationFor(s, caller, n, known)
		}
	})
	if err != nil {
		return nil, truce.Errorf(truce.EInternal, "%v", err)
	}
	if out == nil {
		return nil, truce.Errorf(truce.ENotFound, "no notification %q", id)
	}
	return out, nil
}

// NotificationFilter selects notifications in a list.
type NotificationFilter struct {
	BBox     *geo.Rect
	From, To time.Time
	Kind     string
	State    string
}

// List lists the notifications caller may see.
//
// It returns EInternal if the store fails to give a notification's
// conflicts (ListNotifications).
func (svc NotificationService) List(ctx context.Context, caller *core.Caller, f NotificationFilter) ([]truce.Notification, error) {
	c := svc.C
	// The conflicts of those it will list are read first, the state
	// unlocked (openConflicts); then the list is made from one state,
	// reading only those of notifications made in between.
	var sealed []string
	c.Read(func(s *core.State) {
		if s.StoreAtHand() {
			eachListed(s, caller, f, func(n *truce.Notification) {
				if n.Sealed != "" {
					sealed = append(sealed, n.Sealed)
				}
			})
		}
	})
	known, err := openConflicts(ctx, c, sealed)
	if err != nil {
		return nil, truce.Errorf(truce.EInternal, "%v", err)
	}
	var out []truce.Notification
	c.ReadSized(ctx, func(s *core.State) { out, err = listNotifications(s, caller, f, known) })
	if err != nil {
		return nil, truce.Errorf(truce.EInternal, "%v", err)
	}
	return out, nil
}

// ListNotifications lists the notifications of s that caller may see
// and f selects. The filter is applied before each one's conflicts are
// read (conflictsOf), so that only those listed are read.
//
// Its error is not a *truce.Error (EInternal): conflictsOf's.
func ListNotifications(s *core.State, caller *core.Caller, f NotificationFilter) ([]truce.Notification, error) {
	return listNotifications(s, caller, f, nil)
}

// listNotifications is ListNotifications with the conflicts of known
// commitments given, the others read.
func listNotifications(s *core.State, caller *core.Caller, f NotificationFilter, known map[string]truce.ConflictList) ([]truce.Notification, error) {
	out := []truce.Notification{}
	var err error
	eachListed(s, caller, f, func(obj *truce.Notification) {
		if err != nil {
			return
		}
		n, ok, e := notificationFor(s, caller, obj, known)
		if err = e; ok {
			out = append(out, *n)
		}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b truce.Notification) int { return cmp.Compare(a.SubmittedLogIndex, b.SubmittedLogIndex) })
	return out, nil
}

// volumeInBox reports whether n's i-th volume meets box. Its parsed
// shapes are looked up only when a list asks for a box (every shape
// meets no box): a list at a million objects walks hundreds of
// thousands of notifications, twice.
func volumeInBox(s *core.State, n *truce.Notification, i int, box *geo.Rect) bool {
	geoms := core.NotificationGeo.Of(s, n.ID, n)
	return i < len(geoms) && geoms[i].InBox(box)
}

// eachListed calls fn with each notification of s that caller may see
// and f selects, in no order.
func eachListed(s *core.State, caller *core.Caller, f NotificationFilter, fn func(*truce.Notification)) {
	for obj := range core.TNotification.Values(s) {
		if f.Kind != "" && obj.Kind != f.Kind || f.State != "" && obj.State != f.State || !core.VisibleNotification(caller, obj) {
			continue
		}
		match := len(obj.Volumes) == 0 && f.BBox == nil && f.From.IsZero() && f.To.IsZero()
		for i, vol := range obj.Volumes {
			if (f.From.IsZero() || vol.End.Time().After(f.From)) && (f.To.IsZero() || vol.Start.Time().Before(f.To)) && !vol.Geometry.IsZero() && (f.BBox == nil || volumeInBox(s, obj, i, f.BBox)) {
				match = true
			}
		}
		if match {
			fn(obj)
		}
	}
}

// NotificationService is what a center does with notifications: Center.Notifications returns it.
type NotificationService struct{ C *core.Center }

// NotificationEvent is the event of a notification's submission,
// acknowledgement or cancellation (core.HistoricView): the notification
// as the entry left it, as caller may read it but without its volumes,
// or to the owner of an object it met that caller may not see precisely,
// the notices of that owner. When its conflicts cannot be read from the
// store, the event fails (core.ViewFailed): the stream ends and is
// resumed, and the event sent then.
func NotificationEvent(s *core.State, at core.ObjectAt, caller *core.Caller, e *truce.Entry) (any, bool) {
	id := notificationID(e)
	if e.Type != TypeNotificationSubmit {
		var b struct {
			Notification string `json:"notification"`
		}
		if json.Unmarshal(e.Body, &b) != nil {
			return nil, false
		}
		id = b.Notification
	}
	n := core.TNotification.Get(at, id)
	if n == nil {
		return nil, false
	}
	out, ok, err := notificationFor(s, caller, n, nil)
	if err != nil {
		return core.ViewFailed{Err: err}, true
	}
	if !ok {
		// The owner of an object the notifier may not see precisely is
		// told of the conflict with it, and of nothing else.
		if e.Type == TypeNotificationSubmit {
			var mine []truce.Notice
			for _, nt := range n.Notices() {
				if nt.Owner == caller.Party.ID && nt.LogIndex == e.Index {
					mine = append(mine, nt)
				}
			}
			if len(mine) > 0 {
				return NoticeEvent{Notices: mine}, true
			}
		}
		return nil, false
	}
	out.Volumes = nil
	return out, true
}

// NoticeEvent is the event the owner of an object receives when a
// notification it may not read is found in conflict with it.
type NoticeEvent struct {
	Notices []truce.Notice `json:"notices"`
}

// termsBreaches judges a notification by the rules in force: a breach of
// a rule whose OnBreach is "refuse" (the default, and the defaults' only
// way) refuses it naming the field; one that is "flag" is returned, to be
// recorded in its entry.
func termsBreaches(in *NotificationInput, k terms.KindRules, now time.Time) ([]string, error) {
	var errs truce.Fields
	var out []string
	by := ""
	if len(k.Refs) > 0 {
		by = " under the terms in force (" + strings.Join(k.Refs, ", ") + ")"
	}
	if !k.Allowed {
		if k.OnBreach == "flag" {
			out = append(out, terms.BreachNotAllowed)
		} else {
			errs.Add("kind", "%s notifications are not allowed for your party%s", in.Kind, by)
		}
	}
	if !in.Urgent {
		for i, vol := range in.Volumes {
			if !vol.Start.Time().Before(now.Add(k.LeadTime)) {
				continue
			}
			if k.OnBreach == "flag" {
				out = append(out, terms.BreachLeadTime)
			} else {
				errs.Add(fmt.Sprintf("volumes[%d].start", i), "must be at least %s ahead for a %s%s; mark the notification urgent to send it sooner", k.LeadTime, in.Kind, by)
			}
			break
		}
	}
	return out, errs.Err()
}
