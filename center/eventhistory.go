package center

import (
	"context"
	"fmt"
	"sort"
	"sync"
)

// The event history: an event carries the object as its entry left it,
// not as it is when the event is rendered, so that a stream resumed from
// an old position shows what each entry did (a zone's first version under
// its proposal, its second under its change), in order.
//
// The history replays the log beside the state, one entry at a time, and
// keeps every version of every object it sees change, keyed by the index
// of the entry that made it. Objects are immutable (a change installs a
// new pointer), so a version is only a pointer. It is built lazily:
//
//   - recent: the history starts from a copy of the state the center
//     opened with (position start: the maps copied, the objects shared)
//     and applies each later entry when a stream first needs it, reading
//     it from the store. An object's value before its first change after
//     start is kept as its base version.
//   - past: only if a stream asks for an entry before start (a client
//     resuming from before the center last started), the log from 0 to
//     start is replayed once into a scratch state, keeping the versions
//     and dropping the state.
//
// Cost: a second copy of the projection's maps, plus one pointer for
// every change of an object since start (and before it, once a stream has
// asked for the past), and the old versions those pointers keep alive.
// Applying an entry costs what it costs the writer; each entry is applied
// once for all streams.
type history struct {
	c *Center

	mu       sync.RWMutex // guards s and recent; lookups read under it
	s        *State       // the state replayed up to s.size
	start    uint64       // the position the history started from
	recent   map[okey][]version
	pastMu   sync.Mutex // guards the building of past
	pastDone bool
	past     map[okey][]version // immutable once pastDone
}

type version struct {
	index uint64 // the entry that made this version
	obj   any    // nil: the object was deleted
}

// objectAt returns the object of kind and id as entry index left it.
type objectAt func(kind, id string) any

// newHistory starts the history from the state the center opened with
// (before its writer runs, so no lock is needed): every entry this
// process commits is then within reach of the recent history.
func newHistory(c *Center, s *State) *history {
	h := &history{c: c, s: s.clone(), start: s.size, recent: map[okey][]version{}}
	h.s.opener = storeOpener(c.store)
	return h
}

// clone copies the state's maps; the objects, immutable, are shared.
func (s *State) clone() *State {
	out := newState()
	out.size, out.last, out.opener = s.size, s.last, s.opener
	for kind, m := range s.objects {
		cp := make(map[string]any, len(m))
		for id, obj := range m {
			cp[id] = obj
		}
		out.objects[kind] = cp
	}
	for k, v := range s.tokens {
		out.tokens[k] = v
	}
	for k, v := range s.names {
		out.names[k] = v
	}
	return out
}

// at prepares the lookup of objects as entry index left them, replaying
// what it must first. The lookup may be called under the state's lock.
func (h *history) at(ctx context.Context, index uint64) (objectAt, error) {
	// The copy at start is the state as entry start-1 left it.
	if index+1 < h.start {
		if err := h.buildPast(ctx); err != nil {
			return nil, err
		}
		return func(kind, id string) any {
			obj, _ := find(h.past[okey{kind, id}], index)
			return obj
		}, nil
	}
	if err := h.advance(ctx, index+1); err != nil {
		return nil, err
	}
	return func(kind, id string) any {
		h.mu.RLock()
		defer h.mu.RUnlock()
		if obj, ok := find(h.recent[okey{kind, id}], index); ok {
			return obj
		}
		if vs := h.recent[okey{kind, id}]; len(vs) > 0 {
			// Changed after start but not by index: had it existed at
			// start, its base version would have been found.
			return nil
		}
		return h.s.get(kind, id) // unchanged since start
	}, nil
}

// find returns the last version made at or before index.
func find(vs []version, index uint64) (any, bool) {
	i := sort.Search(len(vs), func(i int) bool { return vs[i].index > index })
	if i == 0 {
		return nil, false
	}
	return vs[i-1].obj, true
}

// advance applies the committed entries up to end (exclusive).
func (h *history) advance(ctx context.Context, end uint64) error {
	h.mu.RLock()
	have := h.s.size
	h.mu.RUnlock()
	if have >= end {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return replayVersions(ctx, h.c.store, h.s, end, h.recent, h.start)
}

// buildPast replays the log from 0 to start into a scratch state, once,
// keeping every version.
func (h *history) buildPast(ctx context.Context) error {
	h.pastMu.Lock()
	defer h.pastMu.Unlock()
	if h.pastDone {
		return nil
	}
	s := newState()
	s.opener = storeOpener(h.c.store)
	past := map[okey][]version{}
	if err := replayVersions(ctx, h.c.store, s, h.start, past, 0); err != nil {
		return err
	}
	h.past, h.pastDone = past, true
	return nil
}

// replayVersions applies the store's entries from s.size up to end to s,
// one at a time, and appends to versions the objects each one changes.
// The first change of an object that s held before base is preceded by
// that object as base found it.
func replayVersions(ctx context.Context, st Store, s *State, end uint64, versions map[okey][]version, base uint64) error {
	for s.size < end {
		raws, err := st.Entries(ctx, s.size, min(end, s.size+catchUpChunk))
		if err != nil {
			return fmt.Errorf("reading entries for the event history: %w", err)
		}
		if len(raws) == 0 {
			return fmt.Errorf("reading entries for the event history: none at %d", s.size)
		}
		for _, raw := range raws {
			e, err := decodeEntry(raw)
			if err != nil {
				return fmt.Errorf("entry %d: %w", s.size, err)
			}
			v := newView(s)
			if err := apply(v, e); err != nil {
				return err
			}
			for _, k := range v.order {
				if len(versions[k]) == 0 && base > 0 {
					if old := s.get(k.kind, k.id); old != nil {
						versions[k] = append(versions[k], version{base - 1, old})
					}
				}
				versions[k] = append(versions[k], version{e.Index, v.over[k]})
			}
			v.install()
		}
	}
	return nil
}
