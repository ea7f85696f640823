package conflict

// Objects returns a copy of every object the index holds, in the order
// of its slab: what a snapshot of the index keeps, for Load to take back
// at start without mapping the objects again (their disclosed volumes
// computed, their geometry parsed). The copies share their lists with
// the index's objects, which are never changed in place.
func (ix *Index) Objects() []Object {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]Object, 0, len(ix.ids))
	for i := range ix.objs {
		if ix.objs[i].ID != "" {
			out = append(out, ix.objs[i])
		}
	}
	return out
}

// NewFor returns an empty Index, as New does, with room for n objects:
// the index a snapshot's objects are loaded into (Load would otherwise
// grow its map of ids a million objects long step by step).
func NewFor(s Settings, n int) *Index {
	ix := New(s)
	ix.ids = make(map[string]uint32, n)
	return ix
}
