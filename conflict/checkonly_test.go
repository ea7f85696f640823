package conflict

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestCheckOnlyIsCheckOfThoseObjects: for random candidates (some
// judged on disclosed volumes) and random sets of ids (some the index
// does not hold), CheckOnly answers exactly the conflicts of Check with
// those objects, in Check's order; and an earlier Check brought up to
// date after objects changed — its conflicts with the changed ones
// dropped, CheckOnly's with them added — equals a fresh Check once both
// are put in one order. This is how the center's writer reuses a check
// made before it was its act's turn (center/core, ConflictsAfter).
func TestCheckOnlyIsCheckOfThoseObjects(t *testing.T) {
	for _, bucket := range []time.Duration{6 * time.Hour, time.Hour} {
		t.Run(bucket.String(), func(t *testing.T) {
			g := &gen{t: t, rng: rand.New(rand.NewPCG(7, uint64(bucket)))}
			ix := New(Settings{TimeBucket: bucket})
			const n = 1500
			for i := range n {
				o := g.object(idOf(i))
				if g.rng.IntN(3) == 0 {
					disclose(&o)
				}
				if err := ix.Upsert(o); err != nil {
					t.Fatal(err)
				}
			}
			ids := func() []string {
				var out []string
				for range 1 + g.rng.IntN(40) {
					out = append(out, idOf(g.rng.IntN(n+200))) // some past n: not held
				}
				return out
			}
			candidates := func() []Candidate {
				var cs []Candidate
				for range 200 {
					c := g.candidate()
					if g.rng.IntN(2) == 0 {
						c.Precise = sees(c.Party)
					}
					cs = append(cs, c)
				}
				return cs
			}
			found := 0
			for _, c := range candidates() {
				all := ix.Check(c)
				some := ids()
				var want []Conflict
				for _, cf := range all {
					if slices.Contains(some, cf.With.ID) {
						want = append(want, cf)
					}
				}
				if a, b := fullSummary(ix.CheckOnly(c, some)), fullSummary(want); a != b {
					t.Fatalf("candidate %+v, ids %v\nCheckOnly: %s\nCheck:     %s", c, some, a, b)
				}
				found += len(want)
			}
			if found < 50 {
				t.Fatalf("only %d conflicts with the chosen objects: the test does not exercise CheckOnly", found)
			}
			// Checks made, then objects replaced, removed and added.
			cs := candidates()
			before := make([][]Conflict, len(cs))
			for i, c := range cs {
				before[i] = ix.Check(c)
			}
			var changed []string
			for range 300 {
				id := idOf(g.rng.IntN(n + 200))
				changed = append(changed, id)
				if g.rng.IntN(3) == 0 {
					ix.Remove(id)
					continue
				}
				o := g.object(id)
				if g.rng.IntN(3) == 0 {
					disclose(&o)
				}
				if err := ix.Upsert(o); err != nil {
					t.Fatal(err)
				}
			}
			moved := 0
			for i, c := range cs {
				var got []Conflict
				for _, cf := range before[i] {
					if !slices.Contains(changed, cf.With.ID) {
						got = append(got, cf)
					}
				}
				got = append(got, ix.CheckOnly(c, changed)...)
				sortConflicts(got, ix.Settings().Rules)
				fresh := ix.Check(c)
				if a, b := fullSummary(got), fullSummary(fresh); a != b {
					t.Fatalf("candidate %+v brought up to date\ngot:   %s\nfresh: %s", c, a, b)
				}
				if fullSummary(before[i]) != fullSummary(fresh) {
					moved++
				}
			}
			if moved < 10 {
				t.Fatalf("only %d of %d answers changed with the objects: the test does not exercise the update", moved, len(cs))
			}
		})
	}
}
