package conflict

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// disclose gives o disclosed volumes as the application does for
// notifications (Disclose).
func disclose(o *Object) {
	o.Disclosed = make([]Volume, len(o.Volumes))
	for i, v := range o.Volumes {
		o.Disclosed[i] = Disclose(v)
	}
}

func sees(party string) func(o *Object) bool {
	return func(o *Object) bool { return o.Party == party }
}

// TestDisclosedChecksMatchBruteForce: with objects that have disclosed
// volumes and askers who may or may not see them, the index answers as
// the brute-force oracle does, judging each object on the volume the
// asker may see.
func TestDisclosedChecksMatchBruteForce(t *testing.T) {
	g := &gen{t: t, rng: rand.New(rand.NewPCG(11, 12))}
	ix := New(Settings{})
	var list []Object
	for i := 0; i < 1500; i++ {
		o := g.object(idOf(i))
		if g.rng.IntN(3) != 0 {
			disclose(&o)
		}
		if err := ix.Upsert(o); err != nil {
			t.Fatal(err)
		}
		if o.Active {
			list = append(list, o)
		}
	}
	hits, disclosedHits := 0, 0
	for k := 0; k < 300; k++ {
		c := g.candidate()
		c.Precise = sees(c.Party)
		got, want := ix.Check(c), bruteForce(ix.Settings(), c, list)
		if a, b := fullSummary(got), fullSummary(want); a != b {
			t.Fatalf("candidate %+v\nindex: %s\nbrute: %s", c, a, b)
		}
		// A dry run's check (NoExact) finds the same, only never exact.
		c.NoExact = true
		inexact, wantInexact := ix.Check(c), bruteForce(ix.Settings(), c, list)
		for i := range want {
			want[i].Exact = false
		}
		if a, b, w := fullSummary(inexact), fullSummary(wantInexact), fullSummary(want); a != w || b != w {
			t.Fatalf("candidate %+v without the exact test\nindex: %s\nbrute: %s\nwant:  %s", c, a, b, w)
		}
		hits += min(len(got), 1)
		for _, cf := range got {
			if cf.Disclosed {
				disclosedHits++
			}
		}
	}
	t.Logf("%d of 300 candidates conflicted; %d findings on disclosed volumes", hits, disclosedHits)
	if disclosedHits < 30 {
		t.Errorf("only %d findings on disclosed volumes: the test does not exercise them", disclosedHits)
	}
}

// TestDisclosedNeverHidesAConflict is the safety property: whatever an
// asker may see, every conflict the precise volumes have is still found
// (by the same rule, with the same object and volumes), and is marked
// exact when it was judged on the disclosed volume.
func TestDisclosedNeverHidesAConflict(t *testing.T) {
	g := &gen{t: t, rng: rand.New(rand.NewPCG(21, 22))}
	precise, coarse := New(Settings{}), New(Settings{})
	for i := 0; i < 1500; i++ {
		o := g.object(idOf(i))
		if err := precise.Upsert(o); err != nil {
			t.Fatal(err)
		}
		disclose(&o)
		if err := coarse.Upsert(o); err != nil {
			t.Fatal(err)
		}
	}
	nobody := func(*Object) bool { return false }
	extra, exact := 0, 0
	for k := 0; k < 400; k++ {
		c := g.candidate()
		want := precise.Check(c)
		c.Precise = nobody
		got := coarse.Check(c)
		found := map[string]Conflict{}
		for _, cf := range got {
			if !cf.Disclosed {
				t.Fatalf("a finding on %s was not judged on its disclosed volume", cf.With.ID)
			}
			found[key(cf)] = cf
		}
		for _, cf := range want {
			d, ok := found[key(cf)]
			if !ok {
				t.Fatalf("candidate %+v: the precise conflict %s is missing from the disclosed answer %s", c, summary([]Conflict{cf}), summary(got))
			}
			if !d.Exact {
				t.Fatalf("the disclosed finding %s is not marked exact though the precise volumes conflict", key(cf))
			}
			if d.Overlap.Start.After(cf.Overlap.Start) || (!d.Overlap.End.IsZero() && d.Overlap.End.Before(cf.Overlap.End)) {
				t.Fatalf("disclosed overlap %v does not contain the precise overlap %v", d.Overlap, cf.Overlap)
			}
			exact++
		}
		for _, cf := range got {
			if !cf.Exact {
				extra++
			}
		}
	}
	t.Logf("%d precise conflicts all found; %d more on disclosed volumes only (the cost of need-to-know)", exact, extra)
	if exact < 30 {
		t.Errorf("only %d precise conflicts: the test does not exercise the safety property", exact)
	}
}

func key(c Conflict) string {
	return fmt.Sprintf("%s/%s/%d/%d", c.Rule, c.With.ID, c.Volume, c.OtherVolume)
}

func fullSummary(cs []Conflict) string {
	s := summary(cs)
	for _, c := range cs {
		s += fmt.Sprintf(" %v%v", c.Disclosed, c.Exact)
	}
	return s
}

// TestTimesBeyondNanoseconds: a window reaching past 2262 (beyond int64
// nanoseconds) is still checked, not wrapped into the past.
func TestTimesBeyondNanoseconds(t *testing.T) {
	ix := New(Settings{})
	site := Object{Type: Site, ID: "s", Party: "hum", Kind: "hospital", Active: true,
		Volumes: []Volume{vol(point(t, 37.1, 36.2), 250, AllAltitudes, Window{Start: at(0), End: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)})}}
	if err := ix.Upsert(site); err != nil {
		t.Fatal(err)
	}
	for _, w := range []Window{
		{Start: at(1), End: time.Date(2263, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Start: time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), End: at(2)},
		{Start: time.Date(2270, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2271, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		c := Candidate{Party: "a", Kind: Strike, Volumes: []Volume{vol(point(t, 37.1, 36.2), 10, Band{0, 100}, w)}}
		if got := ix.Check(c); len(got) != 1 {
			t.Errorf("window %v: %d conflicts with the hospital, want 1", w, len(got))
		}
	}
}

// TestCandidateSeparation: a candidate's own separation minima replace
// the index's, as the oracle says.
func TestCandidateSeparation(t *testing.T) {
	ix := New(Settings{})
	other := Object{Type: Notification, ID: "f", Party: "b", Kind: Flight, Active: true,
		Volumes: []Volume{vol(point(t, 37.0, 36.0), 1000, Band{1000, 2000}, win(0, 2))}}
	if err := ix.Upsert(other); err != nil {
		t.Fatal(err)
	}
	// 15 km apart: clear under the default 9,260 m, in conflict under 20 km.
	c := Candidate{Party: "a", Kind: Flight, Volumes: []Volume{vol(point(t, 37.0, 36.135), 1000, Band{1000, 2000}, win(0, 2))}}
	if got := ix.Check(c); len(got) != 0 {
		t.Fatalf("under the default minima: %v", summary(got))
	}
	c.SeparationHorizontalM = 20000
	got := ix.Check(c)
	if len(got) != 1 || got[0].Rule != "flight-separation" {
		t.Fatalf("under a 20 km minimum: %v", summary(got))
	}
	if want := Judge(ix.Settings(), &c, &other, nil); len(want) != 1 {
		t.Fatalf("the oracle: %v", summary(want))
	}
}
