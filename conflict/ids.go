package conflict

import (
	"hash/maphash"
	"math/bits"
)

// idTable finds an object's slot by its id. The ids themselves are in
// the records: the table holds, for each object, its slot and 32 bits
// of its id's hash in one word, open addressed with linear probing.
//
// Why not a map[string]uint32: at a million objects the map took 52 MB
// (a string header, a slot and control bytes per entry, a table sized
// for growth), a quarter of the objects' records and volumes, and the
// collector traced every key. The table takes 8 bytes an entry at most
// three quarters full, and holds no pointer.
type idTable struct {
	seed  maphash.Seed
	slots []uint64 // hash<<32 | slot+1; 0 is empty
	n     int
}

func newIDTable(n int) idTable {
	t := idTable{seed: maphash.MakeSeed()}
	t.grow(n)
	return t
}

// grow makes room for n entries.
func (t *idTable) grow(n int) {
	size := 8
	if n > 0 {
		size = max(size, 1<<bits.Len(uint(n+n/3)))
	}
	if size <= len(t.slots) {
		return
	}
	old := t.slots
	t.slots = make([]uint64, size)
	mask := uint32(size - 1)
	for _, e := range old {
		if e == 0 {
			continue
		}
		i := uint32(e>>32) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = e
	}
}

func (t *idTable) hash(id string) uint32 { return uint32(maphash.String(t.seed, id)) }

// find returns the slot of id, whose records are recs, and whether it
// has one; i is where its entry is in the table.
func (t *idTable) find(id string, recs []record) (slot uint32, i uint32, ok bool) {
	h := t.hash(id)
	mask := uint32(len(t.slots) - 1)
	for i = h & mask; t.slots[i] != 0; i = (i + 1) & mask {
		e := t.slots[i]
		if uint32(e>>32) == h && recs[uint32(e)-1].id == id {
			return uint32(e) - 1, i, true
		}
	}
	return 0, 0, false
}

// get returns the slot of id.
func (t *idTable) get(id string, recs []record) (uint32, bool) {
	slot, _, ok := t.find(id, recs)
	return slot, ok
}

// put adds id, which the table does not hold, at slot.
func (t *idTable) put(id string, slot uint32) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow(t.n + 1)
	}
	h := t.hash(id)
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = uint64(h)<<32 | uint64(slot+1)
	t.n++
}

// delete removes id, moving back the entries after it that would no
// longer be found (no tombstones: deletions leave no debris).
func (t *idTable) delete(id string, recs []record) {
	_, i, ok := t.find(id, recs)
	if !ok {
		return
	}
	mask := uint32(len(t.slots) - 1)
	for j := (i + 1) & mask; t.slots[j] != 0; j = (j + 1) & mask {
		home := uint32(t.slots[j]>>32) & mask
		// The entry at j may move to the hole at i unless its home lies
		// cyclically in (i, j].
		if (j-home)&mask >= (j-i)&mask {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = 0
	t.n--
}
