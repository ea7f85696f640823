package conflict

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortHitsAsCompared: hits packed and sorted as words come out as
// sorting them field by field and dropping repeats gives, with and
// without a volume too far in its object to pack.
func TestSortHitsAsCompared(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var keys []uint64
	for round := range 500 {
		hits := make([]hit, rng.IntN(300))
		for i := range hits {
			if i > 0 && rng.IntN(4) == 0 {
				hits[i] = hits[rng.IntN(i)] // a repeat
				continue
			}
			h := hit{rule: uint16(rng.IntN(40)), obj: rng.Uint32(), vol: uint32(rng.IntN(3)),
				direct: rng.IntN(2) == 0, swapped: rng.IntN(2) == 0, matched: rng.IntN(2) == 0}
			if rng.IntN(8) == 0 {
				h.obj = uint32(rng.IntN(3)) // objects met by several rules
			}
			if rng.IntN(8) == 0 {
				h.vol = uint32(rng.IntN(1 << 13)) // the last volume that packs
			}
			if round%50 == 0 && i == 0 {
				h.vol = 1<<13 + uint32(rng.IntN(1000)) // too far to pack
			}
			hits[i] = h
		}
		want := slices.Clone(hits)
		slices.SortFunc(want, func(a, b hit) int {
			return cmp.Or(cmp.Compare(a.rule, b.rule), cmp.Compare(a.obj, b.obj), cmp.Compare(a.vol, b.vol))
		})
		var got []hit
		got, keys = sortHits(hits, keys)
		// Hits equal in rule, object and volume but not in their flags
		// may come in either order field by field: compare as sets.
		for i := 1; i < len(got); i++ {
			a, b := got[i-1], got[i]
			if cmp.Or(cmp.Compare(a.rule, b.rule), cmp.Compare(a.obj, b.obj), cmp.Compare(a.vol, b.vol)) > 0 || a == b {
				t.Fatalf("round %d: hits %d and %d out of order or repeated: %+v, %+v", round, i-1, i, a, b)
			}
		}
		set := map[hit]bool{}
		for _, h := range want {
			set[h] = true
		}
		if len(got) != len(set) {
			t.Fatalf("round %d: %d hits, want %d distinct", round, len(got), len(set))
		}
		for _, h := range got {
			if !set[h] {
				t.Fatalf("round %d: hit %+v was not given", round, h)
			}
		}
	}
}
