package truce

import (
	"time"
)

// Disclosure levels (PRODUCT §4), chosen by an object's owner.
const (
	DisclosurePrecise = "precise" // every party sees the exact geometry
	DisclosureCoarse  = "coarse"  // others see a cover of ~11 km cells
	DisclosureHidden  = "hidden"  // others see nothing; it still takes part in conflict checks
)

// Disclosures lists the disclosure levels.
var Disclosures = []string{DisclosurePrecise, DisclosureCoarse, DisclosureHidden}

// Zone kinds.
var ZoneKinds = []string{"de-escalation", "no-strike", "no-fly", "security-belt", "corridor", "opposition-area", "designated-group-area"}

// Activities are what a zone restricts and what a notification is of.
var Activities = []string{"strike", "flight", "ground-movement", "humanitarian-movement"}

// SiteCategories are the kinds of protected site.
var SiteCategories = []string{"hospital", "school", "aid-office", "warehouse", "camp", "water", "power", "other"}

// Zone states.
const (
	ZoneProposed  = "proposed"  // waiting for endorsements
	ZoneActive    = "active"    // every endorser endorsed
	ZoneSuspended = "suspended" // set aside by the coordinator
	ZoneExpired   = "expired"   // its validity ended
	ZoneWithdrawn = "withdrawn" // withdrawn by its owner or the coordinator
)

// Site states.
const (
	SiteActive  = "active"
	SiteRemoved = "removed"
	SiteExpired = "expired" // its validity ended: an act of the center's clock
)

// Altitude is a band in metres above mean sea level, both ends included.
type Altitude struct {
	MinM float64 `json:"min_m"`
	MaxM float64 `json:"max_m"`
}

// Window is a validity or time window [Start, End).
type Window struct {
	Start Instant `json:"start"`
	End   Instant `json:"end"`
}

// The range of times a request may name (PRODUCT §4, "time has bounds"):
// from 2000-01-01 (inclusive) to 2200-01-01 (exclusive), UTC. Outside it
// a time is refused naming its field, so that no arithmetic on times —
// index slots, deadlines, statistics — can overflow.
var (
	MinTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// TimeInRange reports whether t lies in [MinTime, MaxTime).
func TimeInRange(t time.Time) bool { return !t.Before(MinTime) && t.Before(MaxTime) }

// Restrictions are the parties and activities a zone restricts. "*"
// stands for every party or every activity.
type Restrictions struct {
	Parties    []string `json:"parties"`
	Activities []string `json:"activities"`
}

// Endorsement is a party's agreement to a version of a zone.
type Endorsement struct {
	Party    string    `json:"party"`
	Member   string    `json:"member"`
	At       time.Time `json:"at"`
	LogIndex uint64    `json:"log_index"`
}

// Zone is a named area with restrictions, agreed by its endorsers. Each
// change makes a new version; old versions stay readable. Geometry is the
// precise GeoJSON; for coarse and hidden zones it is sealed in the log and
// Coarse is what other parties see. Both are kept parsed (GeoJSON): their
// JSON is the bytes given.
type Zone struct {
	ID           string        `json:"id"`
	Version      int           `json:"version"`
	Name         string        `json:"name,omitempty"`
	Kind         string        `json:"kind"`
	Owner        string        `json:"owner"`
	Geometry     GeoJSON       `json:"geometry,omitzero"`
	Coarse       GeoJSON       `json:"coarse,omitzero"`
	Altitude     *Altitude     `json:"altitude,omitempty"`
	Valid        Window        `json:"valid"`
	Restricts    Restrictions  `json:"restricts"`
	Endorsers    []string      `json:"endorsers"`
	Endorsements []Endorsement `json:"endorsements"`
	Disclosure   string        `json:"disclosure"`
	Sealed       string        `json:"sealed,omitempty"` // commitment to the precise part
	State        string        `json:"state"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
	// VersionLogIndex is the entry that made this version; LogIndex the
	// entry that last changed the zone (an endorsement, a state change).
	VersionLogIndex uint64 `json:"version_log_index"`
	LogIndex        uint64 `json:"log_index"`
}

// Acknowledgement is a recipient party's receipt of an act.
type Acknowledgement struct {
	Party    string    `json:"party"`
	Member   string    `json:"member"`
	Of       string    `json:"of"` // "add" or "remove"
	At       time.Time `json:"at"`
	LogIndex uint64    `json:"log_index"`
}

// Site is a protected place notified by its owner: a point or polygon, a
// protective buffer, a validity window, and the parties that must
// acknowledge its addition and its removal.
type Site struct {
	ID       string  `json:"id"`
	Name     string  `json:"name,omitempty"`
	Category string  `json:"category"`
	Owner    string  `json:"owner"`
	Geometry GeoJSON `json:"geometry,omitzero"`
	// Its coarse area, its commitment and its removal, which few sites
	// have, are each behind a pointer (nil: none), 40 bytes less in
	// each site: read them with Coarse, Sealed, RemovedAt and
	// RemovalLogIndex, set them with SetCoarse, SetSealed and
	// SetRemoved. Their JSON is where it was: encoding/json writes the
	// fields of an embedded struct in its place, and none for nil.
	*SiteCoarse
	BufferM    float64 `json:"buffer_m"`
	Valid      Window  `json:"valid"`
	Disclosure string  `json:"disclosure"`
	*SiteSealed
	// The parties it is shown to, by reference as
	// Notification.MustAcknowledgeRef: read them with Recipients, set
	// them with SetRecipients.
	RecipientsRef    *[]string         `json:"recipients"`
	Acknowledgements []Acknowledgement `json:"acknowledgements"`
	State            string            `json:"state"`
	CreatedAt        Instant           `json:"created_at"`
	AddedLogIndex    uint64            `json:"added_log_index"` // the entry that added it
	LogIndex         uint64            `json:"log_index"`       // the entry that last changed it
	*SiteRemoval
}

// SiteCoarse is a site's coarse area (Site.Coarse). Like every installed
// object's parts it is never changed in place: a copy of a site shares
// it, and SetCoarse gives the site one of its own.
type SiteCoarse struct {
	Coarse GeoJSON `json:"coarse,omitzero"`
}

// SiteSealed is the commitment to a site's precise part (Site.Sealed),
// never changed in place.
type SiteSealed struct {
	Sealed string `json:"sealed,omitempty"`
}

// SiteRemoval is when a site was removed and by which entry
// (Site.RemovedAt), never changed in place.
type SiteRemoval struct {
	RemovedAt       *time.Time `json:"removed_at,omitempty"`
	RemovalLogIndex uint64     `json:"removal_log_index,omitempty"`
}

// The methods below shadow the fields of the embedded structs (a method
// of Site is shallower than a field of what it embeds), as
// Notification's do for NotificationExtra: code cannot read them through
// a nil pointer by mistake.

// Coarse is the site's coarse area, or none.
func (s *Site) Coarse() GeoJSON {
	if s.SiteCoarse == nil {
		return GeoJSON{}
	}
	return s.SiteCoarse.Coarse
}

// Sealed is the commitment to the site's precise part, or "".
func (s *Site) Sealed() string {
	if s.SiteSealed == nil {
		return ""
	}
	return s.SiteSealed.Sealed
}

// RemovedAt is when the site was removed, or nil.
func (s *Site) RemovedAt() *time.Time {
	if s.SiteRemoval == nil {
		return nil
	}
	return s.SiteRemoval.RemovedAt
}

// RemovalLogIndex is the entry that removed the site, or 0.
func (s *Site) RemovalLogIndex() uint64 {
	if s.SiteRemoval == nil {
		return 0
	}
	return s.SiteRemoval.RemovalLogIndex
}

// SetCoarse sets the site's coarse area (none when g is zero).
func (s *Site) SetCoarse(g GeoJSON) {
	s.SiteCoarse = nil
	if !g.IsZero() {
		s.SiteCoarse = &SiteCoarse{Coarse: g}
	}
}

// SetSealed sets the commitment to the site's precise part (none when "").
func (s *Site) SetSealed(commitment string) {
	s.SiteSealed = nil
	if commitment != "" {
		s.SiteSealed = &SiteSealed{Sealed: commitment}
	}
}

// SetRemoved records the site's removal at at by entry index.
func (s *Site) SetRemoved(at time.Time, index uint64) {
	s.SiteRemoval = &SiteRemoval{RemovedAt: &at, RemovalLogIndex: index}
}

// Compact keeps the site's repeated strings (category, owner,
// disclosure, state, the parties of its lists) once each and gives its
// lists exactly the room they use, as Notification.Compact does; its
// lists may then be shared with other sites'.
//
// Its own strings (id, name, commitment) are kept in one allocation;
// its geometry and its coarse area are kept parsed (GeoJSON).
func (s *Site) Compact() {
	s.Category, s.Owner, s.Disclosure, s.State = intern(s.Category), intern(s.Owner), intern(s.Disclosure), intern(s.State)
	strs := []*string{&s.ID, &s.Name}
	if s.SiteSealed != nil { // the decoder's own here: changed in place
		strs = append(strs, &s.SiteSealed.Sealed)
	}
	packStrings(strs)
	s.ShareLists()
	s.Acknowledgements = exact(s.Acknowledgements)
	for i := range s.Acknowledgements {
		a := &s.Acknowledgements[i]
		a.Party, a.Member, a.Of = intern(a.Party), intern(a.Member), intern(a.Of)
	}
}

// ShareLists makes the site's list of recipients the array kept for
// equal lists (InternList), as Notification.ShareLists does.
func (s *Site) ShareLists() { s.RecipientsRef = listRef(s.Recipients()) }

// Recipients are the parties the site is shown to.
func (s *Site) Recipients() []string { return listOf(s.RecipientsRef) }

// SetRecipients sets them, shared with equal lists.
func (s *Site) SetRecipients(parties []string) { s.RecipientsRef = listRef(parties) }

// ObjectRef names an object.
type ObjectRef struct {
	Type string `json:"type"` // "zone" or "site"
	ID   string `json:"id"`
	// Version is the version shown (zones), or 0.
	Version int `json:"version,omitempty"`
}

// Access record kinds.
const (
	AccessShown = "shown" // the member was shown the objects' precise coordinates
	AccessProbe = "probe" // the member's conflict questions involved the objects
)

// AccessRecord says that a member of another party was shown the precise
// coordinates of objects (kind "shown": once per member and version of
// an object), or that its conflict questions — dry runs, submissions —
// were answered from objects it may not see precisely (kind "probe":
// Count questions since Since, recorded at the first and then at every
// tenfold count; Alert when the count passed the alert threshold).
type AccessRecord struct {
	ID       string      `json:"id"`
	Kind     string      `json:"kind"`
	Member   string      `json:"member"`
	Party    string      `json:"party"`
	At       Instant     `json:"at"`
	Path     string      `json:"path,omitempty"`
	Objects  []ObjectRef `json:"objects"`
	Count    int         `json:"count,omitempty"`
	Since    *Instant    `json:"since,omitempty"`
	Alert    bool        `json:"alert,omitempty"`
	LogIndex uint64      `json:"log_index"`
}

// Compact keeps the record's repeated strings (kind, member, party, the
// objects' types) once each and its own (id, path, the objects' ids) in
// one allocation, as Notification.Compact does: a store keeps one
// record per party, member and hour of questions.
func (a *AccessRecord) Compact() {
	a.Kind, a.Member, a.Party = intern(a.Kind), intern(a.Member), intern(a.Party)
	a.Objects = exact(a.Objects)
	strs := make([]*string, 0, 2+len(a.Objects))
	strs = append(strs, &a.ID, &a.Path)
	for i := range a.Objects {
		o := &a.Objects[i]
		o.Type = intern(o.Type)
		strs = append(strs, &o.ID)
	}
	packStrings(strs)
}
