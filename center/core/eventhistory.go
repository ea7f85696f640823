package core

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/truce-center/truce/center/engine"
)

// The event history: an event carries the object as its entry left it,
// not as it is when the event is rendered, so that a stream resumed from
// an old position shows what each entry did (a zone's first version under
// its proposal, its second under its change), in order.
//
// The history replays the log beside the state, one entry at a time, and
// keeps the versions of the objects it sees change, keyed by the index of
// the entry that made each. Objects are immutable (a change installs a
// new pointer), so a version is only a pointer.
//
//   - It starts from a copy of the state the center opened with (the
//     maps copied, the objects shared) and applies each later entry when a
//     stream first needs it, reading it from the store: each entry is
//     applied once for all streams.
//   - It keeps the versions of the last historyWindow entries or more (an
//     object's value before its first kept change is kept as its base);
//     older versions are dropped, so its memory is bounded by that window
//     plus a second copy of the projection's maps.
//   - An entry older than what it keeps (a client resuming from before the
//     center started, or from further back than the window) is rendered
//     from the stream's own replay of the log from 0, which the stream
//     drops once it reaches the window: about as long as `truce log
//     replay` up to that point, paid by that stream alone.
type history struct {
	c      *Center
	Window uint64

	mu       sync.RWMutex // guards s, cut, versions; renders read under it
	s        *State       // the state replayed up to s.size
	cut      uint64       // versions are kept for entries cut-1 and later
	versions map[engine.Key][]version
}

// historyWindow is how many entries' versions the history keeps at
// least: a stream resumed within it renders from the shared history.
const historyWindow = 1 << 16

type version struct {
	index uint64 // the entry that made this version
	obj   any    // nil: the object was deleted
}

// ObjectAt reads each object as the entry a view renders left it.
type ObjectAt = engine.ReaderFunc

// newHistory starts the history from the state the center opened with
// (before its writer runs, so no lock is needed).
func newHistory(c *Center, s *State) *history {
	h := &history{c: c, Window: historyWindow, s: s.clone(), cut: s.LogSize, versions: map[engine.Key][]version{}}
	h.s.opener = storeOpener(c.Store)
	return h
}

// clone copies the state's maps; the objects, immutable, are shared.
func (s *State) clone() *State {
	return &State{Tables: s.Tables.Clone(), LogSize: s.LogSize, Last: s.Last, opener: s.opener, reg: s.reg}
}

// render calls view with the lookup of objects as entry index left them.
// It replays what it must first: the shared history up to index, or, for
// an entry older than the history keeps, the stream's own replay (deep).
func (h *history) render(ctx context.Context, index uint64, deep **State, view func(ObjectAt)) error {
	if err := h.advance(ctx, index+1); err != nil {
		return err
	}
	h.mu.RLock()
	if index+1 >= h.cut {
		defer h.mu.RUnlock()
		*deep = nil // past the window: the shared history serves from now on
		view(func(k engine.Key) any {
			if obj, ok := find(h.versions[k], index); ok {
				return obj
			}
			if len(h.versions[k]) > 0 {
				return nil // made after index
			}
			return h.s.Lookup(k) // unchanged since cut
		})
		return nil
	}
	h.mu.RUnlock()
	if *deep == nil || (*deep).LogSize > index+1 {
		*deep = NewState(h.c.reg)
		(*deep).opener = storeOpener(h.c.Store)
	}
	if err := replayVersions(ctx, h.c.Store, *deep, index+1, nil, 0); err != nil {
		return err
	}
	deepState := *deep
	view(deepState.Lookup)
	return nil
}

// find returns the last version made at or before index.
func find(vs []version, index uint64) (any, bool) {
	i := sort.Search(len(vs), func(i int) bool { return vs[i].index > index })
	if i == 0 {
		return nil, false
	}
	return vs[i-1].obj, true
}

// advance applies the committed entries up to end (exclusive), then
// drops the versions older than the window.
func (h *history) advance(ctx context.Context, end uint64) error {
	h.mu.RLock()
	have := h.s.LogSize
	h.mu.RUnlock()
	if have >= end {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := replayVersions(ctx, h.c.Store, h.s, end, h.versions, h.cut); err != nil {
		return err
	}
	if h.s.LogSize < h.cut+2*h.Window {
		return nil
	}
	cut := h.s.LogSize - h.Window
	for k, vs := range h.versions {
		i := sort.Search(len(vs), func(i int) bool { return vs[i].index >= cut })
		if i > 0 {
			i-- // the base: the version entry cut-1 sees
		}
		if i == len(vs)-1 && vs[i].obj == h.s.Lookup(k) {
			delete(h.versions, k) // unchanged since: the state has it
			continue
		}
		h.versions[k] = append([]version(nil), vs[i:]...)
	}
	h.cut = cut
	return nil
}

// replayVersions applies the store's entries from s.size up to end to s,
// one at a time, and, if versions is not nil, appends to it the objects
// each one changes. The first change of an object s held before cut is
// preceded by that object as a base version at cut-1.
func replayVersions(ctx context.Context, st engine.Store, s *State, end uint64, versions map[engine.Key][]version, cut uint64) error {
	for s.LogSize < end {
		raws, err := st.Entries(ctx, s.LogSize, min(end, s.LogSize+readChunk))
		if err != nil {
			return fmt.Errorf("reading entries for the event history: %w", err)
		}
		if len(raws) == 0 {
			return fmt.Errorf("reading entries for the event history: none at %d", s.LogSize)
		}
		for _, raw := range raws {
			e, err := engine.DecodeEntry(raw)
			if err != nil {
				return fmt.Errorf("entry %d: %w", s.LogSize, err)
			}
			v := NewView(s)
			if err := apply(v, e); err != nil {
				return err
			}
			for _, k := range v.Keys() {
				if versions == nil {
					break
				}
				if len(versions[k]) == 0 && cut > 0 {
					if old := s.Lookup(k); old != nil {
						versions[k] = append(versions[k], version{cut - 1, old})
					}
				}
				versions[k] = append(versions[k], version{e.Index, v.Lookup(k)})
			}
			v.InstallBatch()
		}
	}
	return nil
}

// readChunk bounds the entries the history reads from the store at once.
const readChunk = 256
