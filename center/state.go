package center

import (
	"fmt"
	"strings"
	"time"

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/ledger"
)

// Object kinds in the projection that have no feature file of their own.
const (
	kindCenter = "center"
	kindParty  = "party"
	kindMember = "member"
)

// Info describes the center itself; it is the body of the first entry.
type Info struct {
	Origin    string    `json:"origin"`     // the log's origin line, the key's name
	LogKey    string    `json:"log_key"`    // the note verifier key of the center
	CreatedAt time.Time `json:"created_at"` // when `truce init` ran
}

// State is the projection in memory: every object, by kind and id, in
// the typed tables of register.go. Installed objects are immutable; a
// change replaces the pointer.
type State struct {
	engine.Tables
	size uint64
	last time.Time // time of the newest entry
	// opener reads openings of commitments; nil in a public replay.
	opener Opener
	// inc caches the incident grouping (incidents.go).
	inc incidentCache
}

func newState() *State {
	return &State{Tables: engine.NewTables(schema)}
}

// Size is the number of log entries the state reflects.
func (s *State) Size() uint64 { return s.size }

// rows returns the canonical document of every object, keyed by kind and
// id: what a store holds and what replay is compared with.
func (s *State) rows() (map[engine.Key][]byte, error) {
	out := map[engine.Key][]byte{}
	err := s.Each(func(kind, id string, obj any) error {
		b, err := ledger.Canonical(obj)
		if err != nil {
			return fmt.Errorf("encoding %s %s: %w", kind, id, err)
		}
		out[engine.Key{Kind: kind, ID: id}] = b
		return nil
	})
	return out, err
}

// view is the state as a batch of writes sees it: the installed state
// with the batch's own changes laid over it. Nothing in it is visible to
// readers until install.
type view struct {
	engine.Overlay
	base *State
	size uint64
	last time.Time
	// payloads are the batch's openings, not yet stored.
	payloads map[string][]byte
	// batchSeen are the access records the batch makes (needtoknow.go).
	batchSeen map[seenKey]bool
	// pending indexes the batch's own zones, sites and notifications for
	// conflict checks, as of journal mark pendingAt; pendingIDs are
	// their ids, which the main index no longer answers for.
	pending    *conflict.Index
	pendingAt  int
	pendingIDs map[string]bool
}

func newView(s *State) *view {
	return &view{Overlay: engine.NewOverlay(&s.Tables), base: s, size: s.size, last: s.last, payloads: map[string][]byte{}, batchSeen: map[seenKey]bool{}}
}

// mark and rollback drop the changes of one act that failed half-way.
func (v *view) mark() (int, uint64, time.Time) { return v.Mark(), v.size, v.last }

func (v *view) rollback(n int, size uint64, last time.Time) {
	v.Rollback(n)
	v.size, v.last = size, last
	v.pending = nil // rebuilt from the journal when next needed
}

// install makes the view's changes the state. The caller holds the
// state's write lock.
func (v *view) install() {
	v.Install()
	v.base.size, v.base.last = v.size, v.last
}

// Changes returns the documents to write for the view's changes.
func (v *view) Changes() ([]engine.Key, [][]byte, error) {
	return v.Overlay.Changes(func(obj any) ([]byte, error) { return ledger.Canonical(obj) })
}

// Payloads are the openings the batch stores beside the log.
func (v *view) Payloads() map[string][]byte {
	return v.payloads
}

// foldName is the form in which party names must be unique.
func foldName(s string) string { return strings.ToLower(s) }

// partyNamed returns the id of the party with that name, the batch's own
// registrations included, or "".
func (v *view) partyNamed(name string) string {
	f := foldName(name)
	for _, p := range tParty.Changed(v) {
		if p != nil && foldName(p.Name) == f {
			return p.ID
		}
	}
	id, _ := partyNames.Lookup(v.base, f)
	return id
}
