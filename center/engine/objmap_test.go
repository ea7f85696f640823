package engine

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"
)

type objA struct{ n int }
type objB struct{ n int }

// TestObjMapAgainstMap: an objMap holds what a map[string]any given the
// same puts and deletes holds — ids of the listed form and every other
// (leading zeros, another prefix, numbers far past the list, no
// number), objects of the table's type and of another, typed nil
// pointers — through loads, growth and clones.
func TestObjMapAgainstMap(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 17))
			id := func() string {
				switch rng.IntN(12) {
				case 0:
					return fmt.Sprintf("ntf_0%d", rng.IntN(50))
				case 1:
					return fmt.Sprintf("sit_%d", rng.IntN(3000))
				case 2:
					return fmt.Sprintf("ntf_%d", 1_000_000+rng.IntN(1_000_000_000))
				case 3:
					return fmt.Sprintf("ntf_x%d", rng.IntN(50))
				case 4:
					return "ntf_"
				}
				return fmt.Sprintf("ntf_%d", rng.IntN(3000))
			}
			obj := func() any {
				switch rng.IntN(10) {
				case 0:
					return &objB{rng.Int()}
				case 1:
					return (*objA)(nil)
				}
				return &objA{rng.Int()}
			}
			m, want := &objMap{}, map[string]any{}
			var clones []*objMap
			var wants []map[string]any
			// A load first, as a snapshot's.
			var ids []string
			var objs []any
			for range rng.IntN(2000) {
				i, o := id(), obj()
				if _, dup := want[i]; dup {
					continue
				}
				ids, objs = append(ids, i), append(objs, o)
				want[i] = o
			}
			m.reserve(ids, objs)
			for k, i := range ids {
				m.set(i, objs[k])
			}
			for step := range 20000 {
				i := id()
				switch rng.IntN(4) {
				case 0:
					m.del(i)
					delete(want, i)
				default:
					o := obj()
					m.set(i, o)
					want[i] = o
				}
				if got := m.get(i); got != want[i] {
					t.Fatalf("step %d: get(%q) = %v, want %v", step, i, got, want[i])
				}
				if step%5000 == 0 {
					clones, wants = append(clones, m.clone()), append(wants, maps.Clone(want))
				}
			}
			check := func(m *objMap, want map[string]any) {
				t.Helper()
				got := map[string]any{}
				for i, o := range m.all() {
					if _, dup := got[i]; dup {
						t.Fatalf("%q yielded twice", i)
					}
					got[i] = o
				}
				if m.len() != len(want) || !maps.Equal(got, want) {
					t.Fatalf("holds %d (len %d), want %d", len(got), m.len(), len(want))
				}
				left := map[any]int{} // what all yielded, less what values yields
				for _, o := range got {
					left[o]++
				}
				vals := 0
				for o := range m.values() {
					if left[o]--; left[o] < 0 {
						t.Fatalf("values yields %v, which all does not", o)
					}
					vals++
				}
				if vals != len(want) {
					t.Fatalf("values yields %d, want %d", vals, len(want))
				}
				for i, o := range want {
					if m.get(i) != o {
						t.Fatalf("get(%q) = %v, want %v", i, m.get(i), o)
					}
				}
			}
			check(m, want)
			for k := range clones {
				check(clones[k], wants[k])
			}
			if len(m.list) == 0 || m.n == 0 {
				t.Fatal("nothing went into the list: the test proves little")
			}
		})
	}
}

// TestObjMapKeepsDenseIDsInItsList: a table of the center's ids, one in
// three numbers, is held in the list, not the map.
func TestObjMapKeepsDenseIDsInItsList(t *testing.T) {
	m := &objMap{}
	for k := 0; k < 300_000; k += 3 {
		m.set(fmt.Sprintf("ntf_%d", k), &objA{k})
	}
	if m.other.len() != 0 || m.n != 100_000 {
		t.Fatalf("%d in the list, %d in the map", m.n, m.other.len())
	}
}
