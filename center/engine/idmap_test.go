package engine

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestIDMapAgainstMap: an idMap holds what a map[string]any given the
// same sets and deletes holds, through growth, deletes that shift the
// entries after them back (many ids on few slots) and clones.
func TestIDMapAgainstMap(t *testing.T) {
	for seed := range uint64(10) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 3))
			var m idMap
			want := map[string]any{}
			keys := 50 + rng.IntN(3000)
			check := func(m *idMap, want map[string]any) {
				t.Helper()
				if m.len() != len(want) {
					t.Fatalf("len %d, want %d", m.len(), len(want))
				}
				for k := range keys {
					id := fmt.Sprintf("sha256:%d", k)
					got, ok := m.get(id)
					w, wok := want[id]
					if ok != wok || got != w {
						t.Fatalf("get(%s) = %v, %v; want %v, %v", id, got, ok, w, wok)
					}
				}
			}
			var clone idMap
			var cloneWant map[string]any
			for op := range 20_000 {
				id := fmt.Sprintf("sha256:%d", rng.IntN(keys))
				if rng.IntN(3) == 0 {
					m.del(id)
					delete(want, id)
				} else {
					v := op
					m.set(id, v)
					want[id] = v
				}
				if op == 10_000 {
					clone, cloneWant = m.clone(), map[string]any{}
					for k, v := range want {
						cloneWant[k] = v
					}
				}
			}
			check(&m, want)
			check(&clone, cloneWant)
			if len(m.slots)*3 < m.len()*4 {
				t.Errorf("%d slots for %d entries", len(m.slots), m.len())
			}
		})
	}
}
