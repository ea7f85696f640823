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
// The writer records, as it installs each batch, the version of every
// object each of the batch's entries changed, keyed by the entry's index
// (record). Objects are immutable (a change installs a new pointer), so a
// version is only a pointer, and the history holds no state of its own:
// an object no kept version names is as the center's state has it.
//
//   - It keeps the versions of the last historyWindow entries or more (an
//     object's value before its first kept change is kept as its base);
//     older versions are dropped, so its memory is bounded by that window.
//   - An entry older than what it keeps (a client resuming from before the
//     center started, or from further back than the window) is rendered
//     from the stream's own replay of the log from 0, which the stream
//     drops once it reaches the window: about as long as `truce log
//     replay` up to that point, paid by that stream alone.
//
// (Until this design the history replayed every entry a second time into
// a copy of the state's maps, 127 B per object at 1,000,000 objects.)
type history struct {
	c      *Center
	Window uint64

	// mu guards cut and versions; renders read under it. The writer holds
	// it from recording a batch's versions until the batch is installed,
	// so that a render sees an object either in a version or as the state
	// has it, never neither. Order: mu before the center's mu.
	mu       sync.RWMutex
	cut      uint64 // versions are kept for entries cut-1 and later
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

// newHistory starts the history at the state the center opened with.
func newHistory(c *Center, s *State) *history {
	return &history{c: c, Window: historyWindow, cut: s.LogSize, versions: map[engine.Key][]version{}}
}

// render calls view with the lookup of objects as entry index left them
// (the lookup is for view's call of Center.Read: it reads the state). An
// entry the state has not reached is first synced from the store; one
// older than the history keeps is rendered from the stream's own replay
// (deep).
func (h *history) render(ctx context.Context, index uint64, deep **State, view func(ObjectAt)) error {
	if index >= h.c.Size() {
		if err := h.c.Sync(ctx); err != nil {
			return err
		}
		if index >= h.c.Size() {
			return fmt.Errorf("entry %d is beyond the log (%d entries)", index, h.c.Size())
		}
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
			return h.c.state.Lookup(k) // unchanged since cut; view holds the state's read lock
		})
		return nil
	}
	h.mu.RUnlock()
	if *deep == nil || (*deep).LogSize > index+1 {
		*deep = NewState(h.c.reg)
		(*deep).useStore(h.c.Store)
		(*deep).opener = h.c.recent.opener((*deep).opener)
	}
	if err := replayTo(ctx, h.c.Store, *deep, index+1); err != nil {
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

// record keeps the versions the batch v makes, entry by entry, before it
// is installed: the value each object had at the end of each entry that
// changed it, read back from the batch's journal (the value after a
// write is the one the next write to the same object replaced, or the
// batch's last). The first change of an object the state held before cut
// is preceded by that object as a base version at cut-1. The caller
// holds mu for writing until the batch is installed.
func (h *history) record(v *View) {
	if len(v.ends) == 0 {
		return
	}
	journal := v.Undos()
	cur := map[engine.Key]any{} // each object's value after the entries not yet walked back
	for _, k := range v.Keys() {
		cur[k] = v.Lookup(k)
	}
	type made struct {
		k   engine.Key
		obj any
	}
	undo := func(us []engine.Undo) { // walks us back: cur becomes the value before them
		for j := len(us) - 1; j >= 0; j-- {
			if u := us[j]; u.Existed {
				cur[u.Key] = u.Prev
			} else {
				cur[u.Key] = v.Base.Lookup(u.Key)
			}
		}
	}
	byEntry := make([][]made, len(v.ends))
	end := len(journal)
	for i := len(v.ends) - 1; i >= 0; i-- {
		mark := v.ends[i].mark
		undo(journal[mark:end]) // writes after entry i that no entry made (none today)
		start := 0
		if i > 0 {
			start = v.ends[i-1].mark
		}
		seen := map[engine.Key]bool{}
		for j := mark - 1; j >= start; j-- { // last write first
			if k := journal[j].Key; !seen[k] {
				seen[k] = true
				byEntry[i] = append(byEntry[i], made{k, cur[k]})
			}
		}
		undo(journal[start:mark])
		end = start
	}
	for i, ms := range byEntry {
		index := v.ends[i].index
		for j := len(ms) - 1; j >= 0; j-- { // in write order
			k := ms[j].k
			if len(h.versions[k]) == 0 && h.cut > 0 {
				if old := v.Base.Lookup(k); old != nil {
					h.versions[k] = append(h.versions[k], version{h.cut - 1, old})
				}
			}
			h.versions[k] = append(h.versions[k], version{index, ms[j].obj})
		}
	}
}

// trim drops the versions older than the window once the state is two
// windows past the cut. The caller holds mu for writing, after install.
func (h *history) trim(s *State) {
	if s.LogSize < h.cut+2*h.Window {
		return
	}
	cut := s.LogSize - h.Window
	for k, vs := range h.versions {
		i := sort.Search(len(vs), func(i int) bool { return vs[i].index >= cut })
		if i > 0 {
			i-- // the base: the version entry cut-1 sees
		}
		if i == len(vs)-1 && vs[i].obj == s.Lookup(k) {
			delete(h.versions, k) // unchanged since: the state has it
			continue
		}
		h.versions[k] = append([]version(nil), vs[i:]...)
	}
	h.cut = cut
}

// replayTo applies the store's entries from s.LogSize up to end to s,
// one at a time.
func replayTo(ctx context.Context, st engine.Store, s *State, end uint64) error {
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
			v.InstallBatch()
		}
	}
	return nil
}

// readChunk bounds the entries the history reads from the store at once.
const readChunk = 256
