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

// TestChangeIsUpsertsAndRemoves: Change, the writer's one lock for an
// install, leaves the index as the same removals and upserts made one at
// a time do, and refuses an invalid object alone, at its position,
// leaving its earlier version indexed as Upsert does.
func TestChangeIsUpsertsAndRemoves(t *testing.T) {
	g := &gen{t: t, rng: rand.New(rand.NewPCG(9, 10))}
	one, all := New(Settings{}), New(Settings{})
	const n = 600
	for i := range n {
		o := g.object(idOf(i))
		o.Active = true
		if err := one.Upsert(o); err != nil {
			t.Fatal(err)
		}
		if err := all.Upsert(o); err != nil {
			t.Fatal(err)
		}
	}
	var remove []string
	var upsert []Object
	for i := range 200 {
		id := idOf(g.rng.IntN(n + 100))
		if i%3 == 0 && !slices.Contains(remove, id) {
			remove = append(remove, id)
			continue
		}
		upsert = append(upsert, g.object(idOf(n+200+i)))
	}
	bad := g.object(idOf(5))
	bad.Type = "nothing"
	upsert = append(upsert, bad)
	for _, id := range remove {
		one.Remove(id)
	}
	for _, o := range upsert {
		if err := one.Upsert(o); (err != nil) != (o.ID == bad.ID) {
			t.Fatalf("Upsert %s: %v", o.ID, err)
		}
	}
	errs := all.Change(remove, upsert)
	for i, err := range errs {
		if (err != nil) != (i == len(upsert)-1) {
			t.Fatalf("Change: object %d (%s): %v", i, upsert[i].ID, err)
		}
	}
	if len(errs) != len(upsert) {
		t.Fatalf("Change returned %d errors for %d objects", len(errs), len(upsert))
	}
	if one.Len() != all.Len() || one.Volumes() != all.Volumes() {
		t.Fatalf("one at a time: %d objects, %d volumes; changed at once: %d, %d", one.Len(), one.Volumes(), all.Len(), all.Volumes())
	}
	for range 300 {
		c := g.candidate()
		if a, b := fullSummary(all.Check(c)), fullSummary(one.Check(c)); a != b {
			t.Fatalf("candidate %+v\nchanged at once: %s\none at a time:   %s", c, a, b)
		}
	}
}

// TestAppendCheckKeepsDst: AppendCheck appends Check's answer to what
// dst holds and changes nothing of it, and gives dst back as it is when
// nothing conflicts — a dry run keeps one buffer from question to
// question (center/core, AppendDryRun).
func TestAppendCheckKeepsDst(t *testing.T) {
	g := &gen{t: t, rng: rand.New(rand.NewPCG(11, 3))}
	ix := New(Settings{})
	for i := range 1500 {
		if err := ix.Upsert(g.object(idOf(i))); err != nil {
			t.Fatal(err)
		}
	}
	var buf []Conflict
	found, empty := 0, 0
	for range 300 {
		c := g.candidate()
		want := ix.Check(c)
		prefix := slices.Clone(buf) // the last answer, left in the buffer
		got := ix.AppendCheck(buf, c)
		if len(got) < len(prefix) || fullSummary(got[:len(prefix)]) != fullSummary(prefix) {
			t.Fatalf("candidate %+v: what dst held changed\nbefore: %s\nafter:  %s", c, fullSummary(prefix), fullSummary(got))
		}
		if a, b := fullSummary(got[len(prefix):]), fullSummary(want); a != b {
			t.Fatalf("candidate %+v\nAppendCheck: %s\nCheck:       %s", c, a, b)
		}
		if len(want) == 0 {
			empty++
			if len(got) != len(buf) || (len(buf) > 0 && &got[0] != &buf[0]) {
				t.Fatalf("candidate %+v meets nothing, but dst came back as another slice", c)
			}
		}
		found += len(want)
		buf = ix.AppendCheck(got[:0], c)
	}
	if found < 50 || empty == 0 {
		t.Fatalf("%d conflicts, %d candidates meeting nothing: the test does not exercise both cases", found, empty)
	}
}
