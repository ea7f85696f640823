package engine

import (
	"hash/maphash"
	"slices"

	"github.com/truce-center/truce/internal/slab"
)

// idMap is what objMap keeps of the ids its list does not hold: a map of
// ids to objects in one array of entries (32 bytes each) and a table of
// their numbers (open addressing, linear probing, 4 bytes a slot, at
// most three quarters full). A map[string]any took about 68 bytes an
// entry at a million objects (its slots of 32 bytes in a table grown by
// doubling), and the sealed records, keyed by their commitments, are
// half a million of them. Its zero value is empty.
type idMap struct {
	seed  maphash.Seed
	slots []uint32 // 0: empty, else 1 + the index of the entry in ents; a power of two long
	ents  []idEntry
}

type idEntry struct {
	id  string
	obj any
}

func (m *idMap) len() int { return len(m.ents) }

func (m *idMap) home(id string) int { return int(maphash.String(m.seed, id)) & (len(m.slots) - 1) }

// find returns the slot of id, or the empty slot where it would go.
func (m *idMap) find(id string) (int, bool) {
	mask := len(m.slots) - 1
	for i := m.home(id); ; i = (i + 1) & mask {
		s := m.slots[i]
		if s == 0 {
			return i, false
		}
		if m.ents[s-1].id == id {
			return i, true
		}
	}
}

func (m *idMap) get(id string) (any, bool) {
	if len(m.ents) == 0 {
		return nil, false
	}
	i, ok := m.find(id)
	if !ok {
		return nil, false
	}
	return m.ents[m.slots[i]-1].obj, true
}

// grow makes room for n more entries without growing again.
func (m *idMap) grow(n int) {
	need := len(m.ents) + n
	m.ents = slab.Room(m.ents, n)
	size := max(len(m.slots), 8)
	for size*3 < need*4 {
		size *= 2
	}
	if size == len(m.slots) {
		return
	}
	if m.slots == nil {
		m.seed = maphash.MakeSeed()
	}
	m.slots = make([]uint32, size)
	for k := range m.ents {
		i, _ := m.find(m.ents[k].id)
		m.slots[i] = uint32(k + 1)
	}
}

func (m *idMap) set(id string, obj any) {
	if len(m.slots) > 0 {
		if i, ok := m.find(id); ok {
			m.ents[m.slots[i]-1].obj = obj
			return
		}
	}
	if (len(m.ents)+1)*4 > len(m.slots)*3 {
		m.grow(max(len(m.ents)/4, 8))
	}
	i, _ := m.find(id)
	m.ents = append(slab.Room(m.ents, 1), idEntry{id, obj})
	m.slots[i] = uint32(len(m.ents))
}

func (m *idMap) del(id string) {
	if len(m.ents) == 0 {
		return
	}
	i, ok := m.find(id)
	if !ok {
		return
	}
	e := int(m.slots[i] - 1)
	// Empty slot i, shifting back the entries after it that may go
	// there (linear probing: each stays reachable from its home).
	mask := len(m.slots) - 1
	for j := (i + 1) & mask; m.slots[j] != 0; j = (j + 1) & mask {
		k := m.home(m.ents[m.slots[j]-1].id)
		if (j-k)&mask >= (j-i)&mask {
			m.slots[i] = m.slots[j]
			i = j
		}
	}
	m.slots[i] = 0
	// The last entry takes the freed one's place.
	last := len(m.ents) - 1
	if e != last {
		s, _ := m.find(m.ents[last].id)
		m.ents[e] = m.ents[last]
		m.slots[s] = uint32(e + 1)
	}
	m.ents[last] = idEntry{}
	m.ents = m.ents[:last]
}

// clone copies the map; the objects are shared.
func (m *idMap) clone() idMap {
	return idMap{seed: m.seed, slots: slices.Clone(m.slots), ents: slices.Clone(m.ents)}
}
