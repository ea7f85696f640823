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
