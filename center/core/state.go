package core

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/ledger"
)

// Info describes the center itself; it is the body of the first entry.
type Info struct {
	Origin    string    `json:"origin"`     // the log's origin line, the key's name
	LogKey    string    `json:"log_key"`    // the note verifier key of the center
	CreatedAt time.Time `json:"created_at"` // when `truce init` ran
}

// State is the projection in memory: every object, by kind and id, in
// the typed tables of tables.go. Installed objects are immutable; a
// change replaces the pointer.
type State struct {
	engine.Tables
	LogSize uint64
	Last    time.Time // time of the newest entry
	// opener reads openings of commitments; nil in a public replay.
	opener Opener
	// atHand: the opener reads the center's own store (useStore), so what
	// an opening holds can be read again cheaply rather than kept in
	// memory as well (StoreAtHand).
	atHand bool
	// reg is what the features registered (registry.go).
	reg *Registry
	// caches holds the features' derived state (the incident grouping).
	Caches caches
}

func NewState(reg *Registry) *State {
	return &State{Tables: engine.NewTables(schema), reg: reg}
}

// useStore makes store the state's source of openings (StoreAtHand).
func (s *State) useStore(store engine.Store) {
	s.opener, s.atHand = storeOpener(store), true
}

// StoreAtHand reports whether the state's openings are read from the
// center's own store, where reading one again costs a row's read: then
// what an opening holds, a notification's conflicts for one, is not
// kept in the state as well (a replay outside the center, whose openings
// come over HTTP, keeps it).
func (s *State) StoreAtHand() bool { return s.atHand }

// OpenInto opens commitment into dst from the state's store. It returns
// false, and no error, when the state has no opening for it.
//
// Its errors are not *truce.Error (EInternal): the store's failure, or
// an opening that does not match its commitment or does not decode into
// dst.
func (s *State) OpenInto(commitment string, dst any) (bool, error) {
	return openWith(s.opener, commitment, dst)
}

// OpenInto opens commitment into dst from the center's store, without
// the state: what a commitment's opening holds never changes, so it can
// be read before the state is locked for the answer that uses it.
// It returns false, and no error, when the store has no opening for it.
//
// Its errors are not *truce.Error (EInternal): the store's failure, or
// an opening that does not match its commitment or does not decode into
// dst.
func (c *Center) OpenInto(ctx context.Context, commitment string, dst any) (bool, error) {
	return openWith(func(k string) ([]byte, error) { return c.Store.Payload(ctx, k) }, commitment, dst)
}

func openWith(open Opener, commitment string, dst any) (bool, error) {
	if open == nil {
		return false, nil
	}
	p, err := open(commitment)
	if err != nil || p == nil {
		return false, err
	}
	return true, unseal(commitment, p, dst)
}

// Size is the number of log entries the state reflects.
func (s *State) Size() uint64 { return s.LogSize }

// rows returns the canonical document of every object, keyed by kind and
// id: what a store holds and what replay is compared with.
//
// The objects are encoded on every core: a replay of a large log compares
// or rewrites every one of them.
func (s *State) rows() (map[engine.Key][]byte, error) {
	var keys []engine.Key
	var objs []any
	s.Each(func(kind, id string, obj any) error {
		keys, objs = append(keys, engine.Key{Kind: kind, ID: id}), append(objs, obj)
		return nil
	})
	docs := make([][]byte, len(objs))
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			for i := w; i < len(objs) && errs[w] == nil; i += len(errs) {
				if docs[i], errs[w] = ledger.Canonical(objs[i]); errs[w] != nil {
					errs[w] = fmt.Errorf("encoding %s %s: %w", keys[i].Kind, keys[i].ID, errs[w])
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make(map[engine.Key][]byte, len(keys))
	for i, k := range keys {
		out[k] = docs[i]
	}
	return out, nil
}

// View is the state as a batch of writes sees it: the installed state
// with the batch's own changes laid over it. Nothing in it is visible to
// readers until install.
type View struct {
	engine.Overlay
	Base    *State
	LogSize uint64
	last    time.Time
	// payloads are the batch's openings, not yet stored.
	payloads map[string][]byte
	// opened are openings a replay read ahead (replay.go), by key; nil
	// for a missing one.
	opened map[string][]byte
	// batchSeen are the access records the batch makes (needtoknow.go).
	batchSeen map[seenKey]bool
	// pending indexes the batch's own zones, sites and notifications for
	// conflict checks, as of journal mark pendingAt; pendingIDs are
	// their ids, which the main index no longer answers for.
	pending    *conflict.Index
	pendingAt  int
	pendingIDs map[string]bool
	// ends are where each entry the batch applied ends in its journal,
	// for the event history's versions (eventhistory.go).
	ends []entryEnd
}

type entryEnd struct {
	index uint64 // the entry
	mark  int    // the journal's length once it applied
}

// NewView returns the view of a batch, or of a read, over s. Its maps
// are made when first written: most views only read (a dry run makes
// one per question).
func NewView(s *State) *View {
	return &View{Overlay: engine.NewOverlay(&s.Tables), Base: s, LogSize: s.LogSize, last: s.Last}
}

// keepPayload keeps an opening for the batch to store.
func (v *View) keepPayload(k string, p []byte) {
	if v.payloads == nil {
		v.payloads = map[string][]byte{}
	}
	v.payloads[k] = p
}

// mark and rollback drop the changes of one act that failed half-way.
func (v *View) mark() (int, uint64, time.Time) { return v.Mark(), v.LogSize, v.last }

func (v *View) rollback(n int, size uint64, last time.Time) {
	v.Rollback(n)
	v.LogSize, v.last = size, last
	for len(v.ends) > 0 && v.ends[len(v.ends)-1].index >= size {
		v.ends = v.ends[:len(v.ends)-1]
	}
	v.pending = nil // rebuilt from the journal when next needed
}

// InstallBatch makes the view's changes the state. The caller holds the
// state's write lock.
func (v *View) InstallBatch() {
	v.Install()
	v.Base.LogSize, v.Base.Last = v.LogSize, v.last
}

// Changes returns the documents to write for the view's changes.
//
// It returns an object's encoding error, wrapped with its kind and id
// (EInternal).
func (v *View) Changes() ([]engine.Key, [][]byte, error) {
	return v.Overlay.Changes(func(obj any) ([]byte, error) { return ledger.Canonical(obj) })
}

// Payloads are the openings the batch stores beside the log.
func (v *View) Payloads() map[string][]byte {
	return v.payloads
}

// FoldName is the form in which party names must be unique.
func FoldName(s string) string { return strings.ToLower(s) }

// PartyNamed returns the id of the party with that name, the batch's own
// registrations included, or "".
func (v *View) PartyNamed(name string) string {
	f := FoldName(name)
	for _, p := range TParty.Changed(v) {
		if p != nil && FoldName(p.Name) == f {
			return p.ID
		}
	}
	id, _ := PartyNames.Lookup(v.Base, f)
	return id
}
