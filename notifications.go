package truce

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unique"

	"github.com/truce-center/truce/ledger"
)

// Notification states.
const (
	NotificationSubmitted    = "submitted"    // waiting for acknowledgements
	NotificationAcknowledged = "acknowledged" // every party that must has acknowledged
	NotificationObjected     = "objected"     // a party objected
	NotificationExecuted     = "executed"     // its last window ended after it was acknowledged
	NotificationCancelled    = "cancelled"    // cancelled by its notifier
	NotificationExpired      = "expired"      // its first window began before it was acknowledged
)

// Volume is one 4D volume of a notification: a footprint (a Point with
// RadiusM, a LineString route with WidthM, the corridor's full width, or
// a Polygon), an altitude band and a time window [Start, End).
//
// Its geometry is kept parsed (GeoJSON): its JSON is the bytes given.
type Volume struct {
	Geometry GeoJSON  `json:"geometry"`
	RadiusM  float64  `json:"radius_m,omitempty"`
	WidthM   float64  `json:"width_m,omitempty"`
	Altitude Altitude `json:"altitude"`
	Start    Instant  `json:"start"`
	End      Instant  `json:"end"`
}

// ConflictWith names the other object of a conflict as far as the
// caller may know it: a hidden object is only its category (or kind) and
// a coarse area.
type ConflictWith struct {
	Type     string          `json:"type"`
	ID       string          `json:"id,omitempty"`
	Name     string          `json:"name,omitempty"`
	Kind     string          `json:"kind,omitempty"`     // zone or notification kind
	Category string          `json:"category,omitempty"` // site category
	Party    string          `json:"party,omitempty"`
	Area     json.RawMessage `json:"area,omitempty"` // coarse area, for coarse and hidden objects and notifications the caller may not read
	// AreaBufferM, with the area of a notification the caller may not
	// read, says that the area is that geometry (the centres of the
	// coarse cells its volume passes) grown by this many metres.
	AreaBufferM float64 `json:"area_buffer_m,omitempty"`
}

// Conflict is what the engine found between a notification's volume and
// another object.
type Conflict struct {
	Rule    string       `json:"rule"`
	With    ConflictWith `json:"with"`
	Volume  int          `json:"volume"`
	Overlap Window       `json:"overlap"`
}

// NotificationAck is a party's answer to a notification.
type NotificationAck struct {
	Party    string    `json:"party"`
	Member   string    `json:"member"`
	Decision string    `json:"decision"` // "acknowledge" or "object"
	Note     string    `json:"note,omitempty"`
	At       time.Time `json:"at"`
	LogIndex uint64    `json:"log_index"`
}

// Notice tells the owner of an object that another party may not see
// precisely (a hidden or coarse site or zone, a sealed notification) that
// a notification was found in conflict with it: the notifier was told
// only the object's category and coarse area, so the owner — and the
// coordinator, who answers for hidden objects — must learn which object
// it is and whether the precise shapes meet (Exact) or only the disclosed
// ones. Overlap is the overlap with the disclosed volume.
type Notice struct {
	Notification string       `json:"notification"`
	Kind         string       `json:"kind"`     // the notification's kind
	Notifier     string       `json:"notifier"` // the notifying party
	Owner        string       `json:"owner"`    // the object's owner
	Rule         string       `json:"rule"`
	Object       ConflictWith `json:"object"`
	Volume       int          `json:"volume"`
	Overlap      Window       `json:"overlap"`
	Exact        bool         `json:"exact"`
	At           Instant      `json:"at"`
	LogIndex     uint64       `json:"log_index"`
}

// Notification is a planned activity by one party.
type Notification struct {
	ID        string       `json:"id"`
	Kind      string       `json:"kind"`
	Title     string       `json:"title,omitempty"`
	Party     string       `json:"party"`
	Urgent    bool         `json:"urgent"`
	Volumes   []Volume     `json:"volumes,omitempty"`
	State     string       `json:"state"`
	Conflicts ConflictList `json:"conflicts"`
	// The parties that must acknowledge it, by reference to the list
	// kept for equal ones (8 bytes where a list takes 24): read them
	// with MustAcknowledge, set them with SetMustAcknowledge. Its JSON is
	// the list's (null for nil, [] for empty).
	MustAcknowledgeRef *[]string         `json:"must_acknowledge"`
	Acknowledgements   []NotificationAck `json:"acknowledgements"`
	AckDeadline        Instant           `json:"ack_deadline"`
	Sealed             string            `json:"sealed,omitempty"`
	// Its terms, breaches and notices, which few notifications have,
	// are behind a pointer (nil: none): read them with Terms, Breaches
	// and Notices, set them with SetExtra. Their JSON is where it was.
	*NotificationExtra
	CreatedAt         Instant `json:"created_at"`
	UpdatedAt         Instant `json:"updated_at"`
	SubmittedLogIndex uint64  `json:"submitted_log_index"`
	LogIndex          uint64  `json:"log_index"` // the entry that last changed it
}

// NotificationExtra holds what few notifications have: at a million
// objects, 72 bytes of empty lists in each became 8 bytes of pointer.
// Like every installed object's parts it is never changed in place (a
// copy of a notification shares it): SetExtra gives the notification
// one of its own.
type NotificationExtra struct {
	// Terms are the terms in force when it was made ("trm_5@2"), and
	// Breaches the rules of theirs it broke and was accepted with
	// ("lead-time", "not-allowed").
	Terms    []string `json:"terms,omitempty"`
	Breaches []string `json:"breaches,omitempty"`
	// Notices are what the owners of objects the notifier may not see
	// precisely were told of its conflicts with them: shown to the
	// coordinator (who answers in a hidden object's owner's place), and
	// to each owner through GET /v1/notices.
	Notices []Notice `json:"notices,omitempty"`
}

// The methods below shadow the fields of NotificationExtra (a method
// of Notification is shallower than a field of what it embeds): code
// cannot read them through a nil pointer by mistake, while encoding/json,
// which sees fields only, writes and reads them in their place.

// Terms are the terms in force when it was made (NotificationExtra).
func (n *Notification) Terms() []string {
	if n.NotificationExtra == nil {
		return nil
	}
	return n.NotificationExtra.Terms
}

// Breaches are the rules of its terms it broke (NotificationExtra).
func (n *Notification) Breaches() []string {
	if n.NotificationExtra == nil {
		return nil
	}
	return n.NotificationExtra.Breaches
}

// Notices are what owners of objects it met were told (NotificationExtra).
func (n *Notification) Notices() []Notice {
	if n.NotificationExtra == nil {
		return nil
	}
	return n.NotificationExtra.Notices
}

// SetExtra sets the notification's terms, breaches and notices in an
// extra of its own (none when all three are nil).
func (n *Notification) SetExtra(terms, breaches []string, notices []Notice) {
	n.NotificationExtra = nil
	if terms != nil || breaches != nil || notices != nil {
		n.NotificationExtra = &NotificationExtra{Terms: terms, Breaches: breaches, Notices: notices}
	}
}

// Compact gives the notification's lists exactly the room they use:
// decoding grows them by doubling, and a store holds a million of them.
//
// Its strings that repeat across notifications (kinds, states, parties,
// rules, categories) are each kept once, and so are its lists of
// parties (the same few lists recur): a compacted notification's lists
// may be shared with other notifications, and, like every installed
// object's, are never changed in place. Its other strings (its id,
// title and commitment, the ids and names its conflicts and notices
// give) are kept in one allocation, and so are its conflicts' areas:
// fewer objects for the collector to mark at every cycle. Its volumes'
// geometries are kept parsed (GeoJSON).
//
// A sealed notification's conflicts are not kept: they are in its
// opening, where the center reads them (center/notifications), and its
// stored document has none; one stored before it was so has them, and
// they are dropped here.
func (n *Notification) Compact() {
	if n.Sealed != "" {
		n.Conflicts = ConflictList{recs: []conflictRecord{}}
	}
	n.Kind, n.Party, n.State = intern(n.Kind), intern(n.Party), intern(n.State)
	n.Volumes = exact(n.Volumes)
	n.Conflicts.recs = exact(n.Conflicts.recs)
	// The extra is the decoder's own here: changed in place.
	x := n.NotificationExtra
	if x == nil {
		x = &NotificationExtra{}
	}
	x.Notices = exact(x.Notices)
	strs := make([]*string, 0, 3+2*n.Conflicts.Len()+2*len(x.Notices))
	strs = append(strs, &n.ID, &n.Title, &n.Sealed)
	// The volumes' geometries are kept parsed (GeoJSON), not as bytes.
	raw := make([]*json.RawMessage, 0, n.Conflicts.Len()+len(x.Notices))
	strs, raw = n.Conflicts.compact(strs, raw)
	for i := range x.Notices {
		no := &x.Notices[i]
		no.Kind, no.Notifier, no.Owner, no.Rule = intern(no.Kind), intern(no.Notifier), intern(no.Owner), intern(no.Rule)
		if no.Notification != n.ID {
			strs = append(strs, &no.Notification)
		}
		strs, raw = no.Object.compact(strs, raw)
	}
	packStrings(strs)
	packRaw(raw)
	for i := range x.Notices {
		if no := &x.Notices[i]; no.Notification == n.ID {
			no.Notification = n.ID
		}
	}
	// An extra that holds nothing is none (the JSON omits empty lists).
	if len(x.Terms) == 0 && len(x.Breaches) == 0 && len(x.Notices) == 0 {
		n.NotificationExtra = nil
	}
	n.ShareLists()
	n.Acknowledgements = exact(n.Acknowledgements)
	for i := range n.Acknowledgements {
		a := &n.Acknowledgements[i]
		a.Party, a.Member, a.Decision = intern(a.Party), intern(a.Member), intern(a.Decision)
	}
}

// ShareLists makes the notification's lists of parties and of terms the
// arrays kept for equal lists (InternList). Compact does it; so does the
// open from a snapshot, whose codec reads every list into an array of its
// own (at a million objects, 300,000 lists of the parties that must
// acknowledge: 45 MB where a few arrays do).
func (n *Notification) ShareLists() {
	n.MustAcknowledgeRef = listRef(n.MustAcknowledge())
	if x := n.NotificationExtra; x != nil {
		x.Terms, x.Breaches = InternList(x.Terms), InternList(x.Breaches)
	}
}

// compact interns w's closed-set strings and adds its id, name and area
// to what its document packs.
func (w *ConflictWith) compact(strs []*string, raw []*json.RawMessage) ([]*string, []*json.RawMessage) {
	w.Type, w.Kind, w.Category, w.Party = intern(w.Type), intern(w.Kind), intern(w.Category), intern(w.Party)
	return append(strs, &w.ID, &w.Name), append(raw, &w.Area)
}

// exact returns s in an array of its own length (nil stays nil, empty
// stays empty).
func exact[S ~[]E, E any](s S) S {
	if cap(s) == len(s) {
		return s
	}
	out := make(S, len(s))
	copy(out, s)
	return out
}

// packStrings keeps the strings ps point to in one allocation (empty
// ones stay as they are).
func packStrings(ps []*string) {
	n := 0
	for _, p := range ps {
		n += len(*p)
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range ps {
		b.WriteString(*p)
	}
	all, off := b.String(), 0
	for _, p := range ps {
		if l := len(*p); l > 0 {
			*p = all[off : off+l]
			off += l
		}
	}
}

// packRaw keeps the raw values ps point to in one allocation (empty ones
// stay as they are), each with no spare capacity: appending to one
// never writes into the next.
func packRaw(ps []*json.RawMessage) {
	n := 0
	for _, p := range ps {
		n += len(*p)
	}
	if n == 0 {
		return
	}
	all := make([]byte, 0, n)
	for _, p := range ps {
		if l := len(*p); l > 0 {
			start := len(all)
			all = append(all, *p...)
			*p = all[start : start+l : start+l]
		}
	}
}

// Intern returns the one copy of s kept for every equal string: for
// the strings of documents held in memory that recur across them.
func Intern(s string) string { return intern(s) }

// intern returns the one copy of s kept for every equal string.
func intern(s string) string {
	if s == "" {
		return s
	}
	return unique.Make(s).Value()
}

// InternList returns a list equal to s (nil stays nil, empty stays
// empty) whose strings are interned and which may be the one array kept
// for every equal list of up to maxSharedList strings: the lists of
// parties a document names recur across a store. At most
// maxSharedLists distinct lists are kept for the process; past that a
// list gets an array of its own.
func InternList(s []string) []string {
	if len(s) == 0 {
		return s
	}
	return *InternListRef(s)
}

// MustAcknowledge is the parties that must acknowledge the notification.
func (n *Notification) MustAcknowledge() []string { return listOf(n.MustAcknowledgeRef) }

// SetMustAcknowledge sets them, shared with equal lists.
func (n *Notification) SetMustAcknowledge(parties []string) { n.MustAcknowledgeRef = listRef(parties) }

// listRef returns a reference to a list equal to s, nil stays nil and
// empty stays empty: InternListRef's, or for an empty list one shared
// empty list. Like every installed object's lists it is never changed
// in place.
func listRef(s []string) *[]string {
	if s == nil {
		return nil
	}
	if len(s) == 0 {
		return &emptyList
	}
	return InternListRef(s)
}

var emptyList = []string{}

// listOf is the list r refers to (nil for nil).
func listOf(r *[]string) []string {
	if r == nil {
		return nil
	}
	return *r
}

// InternListRef is InternList for a list held by reference (8 bytes
// where a list takes 24): nil for an empty list, else the one *[]string
// kept for every equal list InternList shares.
func InternListRef(s []string) *[]string {
	if len(s) == 0 {
		return nil
	}
	if len(s) > maxSharedList {
		s = exact(s)
		for i := range s {
			s[i] = intern(s[i])
		}
		return &s
	}
	key := strings.Join(s, "\x00")
	if v, ok := sharedLists.Load(key); ok {
		return v.(*[]string)
	}
	out := make([]string, len(s))
	for i := range s {
		out[i] = intern(s[i])
	}
	if sharedListCount.Load() >= maxSharedLists {
		return &out
	}
	if v, loaded := sharedLists.LoadOrStore(key, &out); loaded {
		return v.(*[]string)
	}
	sharedListCount.Add(1)
	return &out
}

const (
	maxSharedList  = 16
	maxSharedLists = 4096
)

var (
	sharedLists     sync.Map // the strings joined by NUL → the list (*[]string)
	sharedListCount atomic.Int64
)

// AppendCanonical appends the notification's RFC 8785 form
// (ledger.CanonicalAppender), the bytes ledger.Canonical's general road
// gives, with its conflicts written from their records: the store keeps
// each notification's document, and at a million objects a strike's
// lists dozens of conflicts, which encoding/json wrote, read again to
// check and read a third time to order. It reports false when a part
// cannot be written so (see ConflictList.AppendCanonical, and a log
// index beyond 2^53, which JSON's numbers do not hold exactly).
func (n Notification) AppendCanonical(b []byte) ([]byte, bool) {
	const exact = 1 << 53
	if n.LogIndex >= exact || n.SubmittedLogIndex >= exact {
		return b, false
	}
	ok, err := true, error(nil)
	str := func(key, s string) {
		b = append(b, key...)
		if ok {
			b, ok = ledger.AppendString(b, s)
		}
	}
	part := func(key string, v any) {
		b = append(b, key...)
		if err == nil {
			b, err = ledger.AppendCanonical(b, v)
		}
	}
	instant := func(key string, i Instant) {
		b = appendInstant(append(b, key...), i)
	}
	x := n.NotificationExtra
	if x == nil {
		x = &NotificationExtra{}
	}
	instant(`{"ack_deadline":`, n.AckDeadline)
	part(`,"acknowledgements":`, n.Acknowledgements)
	if len(x.Breaches) > 0 {
		part(`,"breaches":`, x.Breaches)
	}
	b = append(b, `,"conflicts":`...)
	if b, ok = n.Conflicts.AppendCanonical(b); !ok {
		return b, false
	}
	instant(`,"created_at":`, n.CreatedAt)
	str(`,"id":`, n.ID)
	str(`,"kind":`, n.Kind)
	b = append(b, `,"log_index":`...)
	b = strconv.AppendUint(b, n.LogIndex, 10)
	part(`,"must_acknowledge":`, n.MustAcknowledgeRef)
	if len(x.Notices) > 0 {
		part(`,"notices":`, x.Notices)
	}
	str(`,"party":`, n.Party)
	if n.Sealed != "" {
		str(`,"sealed":`, n.Sealed)
	}
	str(`,"state":`, n.State)
	b = append(b, `,"submitted_log_index":`...)
	b = strconv.AppendUint(b, n.SubmittedLogIndex, 10)
	if len(x.Terms) > 0 {
		part(`,"terms":`, x.Terms)
	}
	if n.Title != "" {
		str(`,"title":`, n.Title)
	}
	instant(`,"updated_at":`, n.UpdatedAt)
	b = append(b, `,"urgent":`...)
	b = strconv.AppendBool(b, n.Urgent)
	if len(n.Volumes) > 0 {
		var vok bool
		if b, vok = AppendCanonicalVolumes(append(b, `,"volumes":`...), n.Volumes); !vok {
			return b, false
		}
	}
	return append(b, '}'), ok && err == nil
}

// AppendCanonicalVolumes appends vs in RFC 8785 form, the bytes
// ledger.Canonical gives for them, each geometry kept parsed written
// from its positions (already in canonical form), one kept as bytes
// canonicalised. It reports false for a number JSON cannot write
// (infinite, NaN).
func AppendCanonicalVolumes(b []byte, vs []Volume) ([]byte, bool) {
	if vs == nil {
		return append(b, "null"...), true
	}
	ok := true
	num := func(f float64) {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			ok = false
			return
		}
		b = append(b, ledger.FormatNumber(f)...)
	}
	b = append(b, '[')
	for i := range vs {
		v := &vs[i]
		if i > 0 {
			b = append(b, ',')
		}
		// Keys in order: altitude, end, geometry, radius_m, start, width_m.
		b = append(b, `{"altitude":{"max_m":`...)
		num(v.Altitude.MaxM)
		b = append(b, `,"min_m":`...)
		num(v.Altitude.MinM)
		b = appendInstant(append(b, `},"end":`...), v.End)
		b = append(b, `,"geometry":`...)
		switch raw := v.Geometry.JSON(); {
		case raw == nil:
			b = append(b, "null"...)
		case v.Geometry.typ() != 0:
			b = append(b, raw...)
		default:
			c, err := ledger.Canonicalize(raw)
			if err != nil {
				return b, false
			}
			b = append(b, c...)
		}
		if v.RadiusM != 0 {
			b = append(b, `,"radius_m":`...)
			num(v.RadiusM)
		}
		b = appendInstant(append(b, `,"start":`...), v.Start)
		if v.WidthM != 0 {
			b = append(b, `,"width_m":`...)
			num(v.WidthM)
		}
		b = append(b, '}')
	}
	return append(b, ']'), ok
}

// appendInstant appends i's JSON, as time.Time writes it: RFC 3339 in
// UTC, quoted.
func appendInstant(b []byte, i Instant) []byte {
	b = append(b, '"')
	b = i.Time().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}
