package conflict

import (
	"math/rand/v2"
	"testing"
)

// TestIDTableMatchesMap: the id table answers as a map of the same ids
// through many puts and deletes (tables grown from small, collisions
// forced by a few slots, deletions that must move entries back).
func TestIDTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 10, 1000} {
		tab := newIDTable(n)
		var recs []record
		want := map[string]uint32{}
		check := func(id string) {
			t.Helper()
			got, ok := tab.get(id, recs)
			w, wok := want[id]
			if ok != wok || got != w {
				t.Fatalf("%s: table (%d, %v), map (%d, %v)", id, got, ok, w, wok)
			}
		}
		for step := range 20000 {
			id := idOf(rng.IntN(3000))
			if _, ok := want[id]; ok && rng.IntN(2) == 0 {
				tab.delete(id, recs)
				recs[want[id]].id = ""
				delete(want, id)
			} else if !ok {
				recs = append(recs, record{id: id})
				want[id] = uint32(len(recs) - 1)
				tab.put(id, want[id])
			}
			check(id)
			if step%500 == 0 {
				for k := range 3000 {
					check(idOf(k))
				}
			}
			if tab.n != len(want) {
				t.Fatalf("table holds %d ids, map %d", tab.n, len(want))
			}
		}
	}
}
