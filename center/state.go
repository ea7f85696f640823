package center

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/ledger"
)

// Object kinds in the projection. Each kind's documents decode into the
// type its entry in kinds makes.
const (
	kindCenter = "center"
	kindParty  = "party"
	kindMember = "member"
)

// kinds makes an empty value of each object kind, for decoding stored
// documents. Every kind an applier puts MUST be registered, by the
// feature's file, with registerKind.
var kinds = map[string]func() any{}

func registerKind(kind string, mk func() any) {
	if _, dup := kinds[kind]; dup {
		panic("center: object kind registered twice: " + kind)
	}
	kinds[kind] = mk
}

// Info describes the center itself; it is the body of the first entry.
type Info struct {
	Origin    string    `json:"origin"`     // the log's origin line, the key's name
	LogKey    string    `json:"log_key"`    // the note verifier key of the center
	CreatedAt time.Time `json:"created_at"` // when `truce init` ran
}

// State is the projection in memory: every object, by kind and id.
// Installed objects are immutable; a change replaces the pointer.
type State struct {
	size    uint64
	last    time.Time // time of the newest entry
	objects map[string]map[string]any
	tokens  map[string]string // token hash → member id, derived from members
	names   map[string]string // folded party name → party id, derived from parties
	seen    map[seenKey]bool  // what members were shown precisely, derived from access records
	// opener reads openings of commitments; nil in a public replay.
	opener Opener
	// inc caches the incident grouping (incidents.go).
	inc incidentCache
}

func newState() *State {
	return &State{objects: map[string]map[string]any{}, tokens: map[string]string{}, names: map[string]string{}, seen: map[seenKey]bool{}}
}

// Size is the number of log entries the state reflects.
func (s *State) Size() uint64 { return s.size }

func (s *State) get(kind, id string) any { return s.objects[kind][id] }

// put installs one object and keeps the derived indexes in step.
func (s *State) put(kind, id string, obj any) {
	m := s.objects[kind]
	if m == nil {
		m = map[string]any{}
		s.objects[kind] = m
	}
	switch old := m[id].(type) {
	case *truce.Member:
		if s.tokens[old.TokenHash] == old.ID {
			delete(s.tokens, old.TokenHash)
		}
	case *truce.Party:
		delete(s.names, foldName(old.Name))
	}
	if obj == nil {
		delete(m, id)
		return
	}
	m[id] = obj
	switch o := obj.(type) {
	case *truce.Member:
		if o.TokenHash != "" {
			s.tokens[o.TokenHash] = o.ID
		}
	case *truce.Party:
		s.names[foldName(o.Name)] = o.ID
	case *truce.AccessRecord:
		if o.Kind == truce.AccessShown {
			for _, r := range o.Objects {
				s.seen[seenKey{o.Member, r}] = true
			}
		}
	}
}

// rows returns the canonical document of every object, keyed by kind and
// id: what a store holds and what replay is compared with.
func (s *State) rows() (map[okey][]byte, error) {
	out := map[okey][]byte{}
	for kind, m := range s.objects {
		for id, obj := range m {
			b, err := ledger.Canonical(obj)
			if err != nil {
				return nil, fmt.Errorf("encoding %s %s: %w", kind, id, err)
			}
			out[okey{kind, id}] = b
		}
	}
	return out, nil
}

// decodeObject decodes a stored document of the given kind.
func decodeObject(kind string, body []byte) (any, error) {
	mk, ok := kinds[kind]
	if !ok {
		return nil, fmt.Errorf("unknown object kind %q", kind)
	}
	v := mk()
	if err := json.Unmarshal(body, v); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", kind, err)
	}
	return v, nil
}

type okey struct{ kind, id string }

// view is the state as a batch of writes sees it: the installed state
// with the batch's own changes laid over it. Nothing in it is visible to
// readers until install.
type view struct {
	base    *State
	over    map[okey]any // nil value: deleted
	order   []okey       // first-write order, for deterministic writes
	journal []undo       // for dropping one act's changes
	size    uint64
	last    time.Time
	// payloads are the batch's openings, not yet stored.
	payloads map[string][]byte
	// batchSeen are the access records the batch makes (needtoknow.go).
	batchSeen map[seenKey]bool
	// pending indexes the batch's own zones, sites and notifications for
	// conflict checks, as of journal length pendingAt; pendingIDs are
	// their ids, which the main index no longer answers for.
	pending    *conflict.Index
	pendingAt  int
	pendingIDs map[string]bool
}

type undo struct {
	key     okey
	prev    any
	existed bool
}

func newView(s *State) *view {
	return &view{base: s, over: map[okey]any{}, size: s.size, last: s.last, payloads: map[string][]byte{}, batchSeen: map[seenKey]bool{}}
}

func (v *view) get(kind, id string) any {
	if obj, ok := v.over[okey{kind, id}]; ok {
		return obj
	}
	return v.base.get(kind, id)
}

func (v *view) put(kind, id string, obj any) {
	k := okey{kind, id}
	prev, existed := v.over[k]
	v.journal = append(v.journal, undo{k, prev, existed})
	if !existed {
		v.order = append(v.order, k)
	}
	v.over[k] = obj
}

// each calls fn for every object of kind, the batch's changes included,
// in id order.
func (v *view) each(kind string, fn func(id string, obj any)) {
	ids := map[string]bool{}
	for id := range v.base.objects[kind] {
		ids[id] = true
	}
	for k := range v.over {
		if k.kind == kind {
			ids[k.id] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		if obj := v.get(kind, id); obj != nil {
			fn(id, obj)
		}
	}
}

// mark and rollback drop the changes of one act that failed half-way.
func (v *view) mark() (int, uint64, time.Time) { return len(v.journal), v.size, v.last }

func (v *view) rollback(n int, size uint64, last time.Time) {
	for i := len(v.journal) - 1; i >= n; i-- {
		u := v.journal[i]
		if u.existed {
			v.over[u.key] = u.prev
		} else {
			delete(v.over, u.key)
			v.order = slices.DeleteFunc(v.order, func(k okey) bool { return k == u.key })
		}
	}
	v.journal = v.journal[:n]
	v.size, v.last = size, last
	v.pending = nil // rebuilt from the journal when next needed
}

// install makes the view's changes the state. The caller holds the
// state's write lock.
func (v *view) install() {
	for _, k := range v.order {
		v.base.put(k.kind, k.id, v.over[k])
	}
	v.base.size, v.base.last = v.size, v.last
}

// changes returns the documents to write for the view's changes.
func (v *view) changes() ([]okey, [][]byte, error) {
	bodies := make([][]byte, len(v.order))
	for i, k := range v.order {
		obj := v.over[k]
		if obj == nil {
			continue
		}
		b, err := ledger.Canonical(obj)
		if err != nil {
			return nil, nil, fmt.Errorf("encoding %s %s: %w", k.kind, k.id, err)
		}
		bodies[i] = b
	}
	return v.order, bodies, nil
}

// typed lookups

func getParty(v interface{ get(string, string) any }, id string) *truce.Party {
	p, _ := v.get(kindParty, id).(*truce.Party)
	return p
}

func getMember(v interface{ get(string, string) any }, id string) *truce.Member {
	m, _ := v.get(kindMember, id).(*truce.Member)
	return m
}

// foldName is the form in which party names must be unique.
func foldName(s string) string { return strings.ToLower(s) }

// partyNamed returns the id of the party with that name, the batch's own
// registrations included, or "".
func (v *view) partyNamed(name string) string {
	f := foldName(name)
	for _, k := range v.order {
		if p, ok := v.over[k].(*truce.Party); ok && k.kind == kindParty && foldName(p.Name) == f {
			return p.ID
		}
	}
	return v.base.names[f]
}
