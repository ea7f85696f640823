package core

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/ledger"
)

// Replayer rebuilds the projection from log entries, one at a time, with
// the same appliers the writer uses.
type Replayer struct {
	// base is the replayed state; v, the view of the run being applied,
	// belongs to the goroutine applying it (Go), so Go reads base only.
	base   *State
	v      *View
	nonces map[string]uint64 // signed requests' nonces, by key, and the entry that used each (credentials.go)
	// applying receives the outcome of the run Go handed to the
	// background, if one is in flight; failed keeps the first failure.
	applying chan error
	failed   error
	// touched, if set, is told the objects each run changed, once they
	// are installed (the open from a snapshot indexes them).
	touched func(keys []engine.Key)
}

// StartReplay starts a replay from an empty state with the features reg
// registers (center.NewReplayer passes the center's); open as
// center.NewReplayer says.
func StartReplay(reg *Registry, open Opener) *Replayer {
	s := NewState(reg)
	s.opener = open
	return resumeReplay(s)
}

// startStoreReplay starts a replay from an empty state whose openings
// are read from store (State.StoreAtHand), as the center's own are.
func startStoreReplay(reg *Registry, store engine.Store) *Replayer {
	s := NewState(reg)
	s.useStore(store)
	return resumeReplay(s)
}

// resumeReplay continues a replay from state s (a snapshot's), which
// reflects its first s.LogSize entries: the next entry Add takes is
// entry s.LogSize. Nonces of signed acts before it are not known to it.
func resumeReplay(s *State) *Replayer {
	return &Replayer{base: s, v: NewView(s), nonces: map[string]uint64{}}
}

// Add applies the next entry. It fails if the entry is not canonical, is
// out of place, or does not apply.
//
// Its errors are not *truce.Error (EInternal to truce.ErrorCode): each
// names the entry and says why — not canonical JSON, at another position
// or dated before the entry before it, of an unknown type, not signed as
// the log's rules require or with a signature that does not verify, a
// body its applier refuses, or an opening that does not match its
// commitment — or is the opener's error.
func (r *Replayer) Add(raw []byte) error { return r.AddAll([][]byte{raw}) }

// AddAll applies a run of entries in order: Go, then Wait.
//
// It fails as Add does (EInternal), at the first entry that fails; a
// signature that does not verify is reported before the failure to apply
// that followed it. What was applied stays applied: signatures are
// verified together at the end of the run, so a run holding a forged
// signature is applied whole before AddAll fails.
func (r *Replayer) AddAll(raws [][]byte) error {
	if err := r.Go(raws); err != nil {
		return err
	}
	return r.Wait()
}

// Go hands on a run of entries: it decodes them and their bodies on
// every core (decoding is pure and is most of a replay's cost), waits for the run handed on
// before to be applied, and starts applying this one in the background,
// so that the caller reads and decodes the next run meanwhile. Wait
// returns once every run handed on is applied. The replayer MUST NOT be
// read until Wait returns.
//
// It returns the failure of an earlier run, or of this run's decoding,
// as AddAll says (EInternal); then nothing more is applied.
func (r *Replayer) Go(raws [][]byte) error {
	if r.failed != nil {
		return r.failed
	}
	entries := make([]*truce.Entry, len(raws))
	bodies := make([]decoded, len(raws))
	errs := make([]error, len(raws))
	// The openings the run names are read here too, several at once: an
	// applier would otherwise wait for each, one at a time (a query, or a
	// request to the center for log verify). A failed read is left for
	// the applier to make again and report in its place.
	opener := r.base.opener
	opened := make([]map[string][]byte, len(raws))
	workers := runtime.GOMAXPROCS(0)
	if opener != nil {
		workers *= 4
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(raws); i += workers {
				if entries[i], errs[i] = engine.DecodeEntry(raws[i]); errs[i] == nil {
					bodies[i] = decodeBody(r.base.reg, entries[i])
				}
				if opener == nil {
					continue
				}
				for _, key := range openingsNamed(raws[i]) {
					if p, err := opener(key); err == nil {
						if opened[i] == nil {
							opened[i] = map[string][]byte{}
						}
						opened[i][key] = p
					}
				}
			}
		}()
	}
	wg.Wait()
	var pre map[string][]byte
	for _, m := range opened {
		if pre == nil {
			pre = m
			continue
		}
		maps.Copy(pre, m)
	}
	if err := r.Wait(); err != nil {
		return err
	}
	done := make(chan error, 1)
	r.applying = done
	go func() { done <- r.applyRun(entries, bodies, errs, pre) }()
	return nil
}

// openingsNamed returns the keys of the openings an entry names: each
// commitment ("sha256:" and 64 hex digits, quoted) is a sealed part's
// key, or, as the value of a member named "…_ref", a public payload's
// address.
func openingsNamed(raw []byte) []string {
	var out []string
	for off := 0; ; {
		i := bytes.Index(raw[off:], []byte(`"sha256:`))
		if i < 0 {
			return out
		}
		i += off
		end := i + 1 + len("sha256:") + 64
		if end < len(raw) && raw[end] == '"' && validCommitment(string(raw[i+1:end])) {
			key := string(raw[i+1 : end])
			if bytes.HasSuffix(raw[:i], []byte(`_ref":`)) {
				key = publicKey(key)
			}
			out = append(out, key)
		}
		off = i + 1
	}
}

// Wait waits until every run handed on by Go is applied and returns the
// first failure, if any, as AddAll says (EInternal).
func (r *Replayer) Wait() error {
	if r.applying != nil {
		r.failed = <-r.applying
		r.applying = nil
	}
	return r.failed
}

// applyRun applies decoded entries in one view, installed at the end;
// an entry that fails to apply leaves nothing of itself behind.
func (r *Replayer) applyRun(entries []*truce.Entry, bodies []decoded, errs []error, opened map[string][]byte) error {
	r.v.opened = opened
	// Signatures are checked against the key each member has at that
	// point of the replay, and verified together on every core.
	var checks []*actCheck
	defer func() {
		// Install what applied: the journal and overlay would otherwise
		// grow with the log.
		keys := r.v.Keys()
		r.v.InstallBatch()
		if r.touched != nil {
			r.touched(keys)
		}
		r.v = NewView(r.base)
	}()
	for i, e := range entries {
		if errs[i] != nil {
			return fmt.Errorf("entry %d: %w", r.v.LogSize, errs[i])
		}
		check, err := r.checkAct(e)
		if err != nil {
			return err
		}
		if check != nil {
			checks = append(checks, check)
		}
		mark, size, last := r.v.mark()
		if err := applyDecoded(r.v, e, bodies[i]); err != nil {
			r.v.rollback(mark, size, last)
			// A forged signature is the more telling failure.
			if serr := verifyActs(checks); serr != nil {
				return serr
			}
			return err
		}
	}
	return verifyActs(checks)
}

// State returns the replayed state, once every run handed on is applied.
func (r *Replayer) State() *State {
	r.Wait()
	return r.base
}

// Diff compares two states object by object and describes each
// difference, at most max of them.
//
// It fails, with EInternal, only if an object does not encode as
// canonical JSON (a bug); differences are its result, not errors.
func Diff(want, got *State, max int) ([]string, error) {
	a, err := want.rows()
	if err != nil {
		return nil, err
	}
	b, err := got.rows()
	if err != nil {
		return nil, err
	}
	var out []string
	keys := slices.SortedFunc(maps.Keys(a), cmpKey)
	for _, k := range keys {
		if len(out) >= max {
			return out, nil
		}
		gb, ok := b[k]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s %s: in the replay, missing from the stored projection", k.Kind, k.ID))
		case !bytes.Equal(a[k], gb):
			out = append(out, fmt.Sprintf("%s %s: replay has %s, stored projection has %s", k.Kind, k.ID, a[k], gb))
		}
	}
	for _, k := range slices.SortedFunc(maps.Keys(b), cmpKey) {
		if len(out) >= max {
			return out, nil
		}
		if _, ok := a[k]; !ok {
			out = append(out, fmt.Sprintf("%s %s: in the stored projection, not in the replay", k.Kind, k.ID))
		}
	}
	if want.LogSize != got.LogSize {
		out = append(out, fmt.Sprintf("the replay reflects %d entries, the stored projection %d", want.LogSize, got.LogSize))
	}
	return out, nil
}

func cmpKey(x, y engine.Key) int {
	if x.Kind != y.Kind {
		if x.Kind < y.Kind {
			return -1
		}
		return 1
	}
	if x.ID < y.ID {
		return -1
	}
	if x.ID > y.ID {
		return 1
	}
	return 0
}

// ReplayStore is Replay with the given registry.
//
// Its errors are Replay's (EInternal).
func ReplayStore(ctx context.Context, reg *Registry, s engine.Store, progress func(done, total uint64)) ([]string, uint64, error) {
	stored, err := loadState(ctx, reg, s)
	if err != nil {
		return nil, 0, err
	}
	r := startStoreReplay(reg, s)
	const chunk = 4096
	var altered []string
	for start := uint64(0); start < stored.LogSize; start += chunk {
		end := min(start+chunk, stored.LogSize)
		raws, err := s.Entries(ctx, start, end)
		if err != nil {
			return nil, 0, fmt.Errorf("reading entries: %w", err)
		}
		bad, err := alteredEntries(start, raws, func(idx []int64) ([]ledger.Hash, error) { return s.ReadHashes(ctx, idx) })
		if err != nil {
			return nil, 0, err
		}
		altered = append(altered, bad...)
		if err := r.Go(raws); err != nil {
			return altered, 0, err
		}
		if progress != nil {
			progress(end, stored.LogSize)
		}
	}
	if err := r.Wait(); err != nil {
		return altered, 0, err
	}
	diffs, err := Diff(r.State(), stored, 20)
	return append(altered, diffs...), stored.LogSize, err
}

// RebuildStore is Rebuild with the given registry.
//
// Its errors are Rebuild's (EInternal).
func RebuildStore(ctx context.Context, reg *Registry, s engine.Store) (changed int, err error) {
	tx, err := s.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	r := startStoreReplay(reg, s)
	const chunk = 4096
	for start := uint64(0); start < tx.Size(); start += chunk {
		raws, err := tx.Entries(start, min(start+chunk, tx.Size()))
		if err != nil {
			return 0, fmt.Errorf("reading entries: %w", err)
		}
		bad, err := alteredEntries(start, raws, tx.ReadHashes)
		if err != nil {
			return 0, err
		}
		if len(bad) > 0 {
			return 0, fmt.Errorf("the stored log does not match its own tree, so it cannot be trusted over the projection: %s", strings.Join(bad, "; "))
		}
		if err := r.Go(raws); err != nil {
			return 0, err
		}
	}
	if err := r.Wait(); err != nil {
		return 0, err
	}
	want, err := r.State().rows()
	if err != nil {
		return 0, err
	}
	have := map[engine.Key][]byte{}
	if _, err := s.Load(ctx, func(kind, id string, body []byte) error {
		have[engine.Key{Kind: kind, ID: id}] = body
		return nil
	}); err != nil {
		return 0, err
	}
	for _, k := range slices.SortedFunc(maps.Keys(want), cmpKey) {
		if !bytes.Equal(have[k], want[k]) {
			if err := tx.Put(k.Kind, k.ID, want[k]); err != nil {
				return 0, err
			}
			changed++
		}
	}
	for k := range have {
		if _, ok := want[k]; !ok {
			if err := tx.Put(k.Kind, k.ID, nil); err != nil {
				return 0, err
			}
			changed++
		}
	}
	return changed, tx.Commit()
}

// storeOpener reads openings from a store.
func storeOpener(s engine.Store) Opener {
	return func(c string) ([]byte, error) { return s.Payload(context.Background(), c) }
}

// alteredEntries compares the entries read from start with the leaf
// hashes the store's tree holds for them, and names each that differs:
// an entry changed in the store after it was committed (the tree, its
// checkpoints and the tiles served keep what was committed).
func alteredEntries(start uint64, raws [][]byte, read func([]int64) ([]ledger.Hash, error)) ([]string, error) {
	idx := make([]int64, len(raws))
	for i := range raws {
		idx[i] = tlog.StoredHashIndex(0, int64(start)+int64(i))
	}
	hashes, err := read(idx)
	if err != nil {
		return nil, fmt.Errorf("reading the tree's leaf hashes: %w", err)
	}
	var out []string
	for i, raw := range raws {
		if ledger.LeafHash(raw) != hashes[i] {
			out = append(out, fmt.Sprintf("entry %d: altered in the store (it does not match the leaf hash the tree holds)", start+uint64(i)))
		}
	}
	return out, nil
}
