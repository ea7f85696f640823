package peers_test

import (
	"testing"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/conflict/benchdata"
	"github.com/truce-center/truce/conflict/peers"
)

// TestRTreeAgreesWithIndex: the single R-tree finds, for every
// candidate, exactly the conflicts truce's index finds, on a dense load
// where most checks find some.
func TestRTreeAgreesWithIndex(t *testing.T) {
	g := benchdata.New(benchdata.Levant, 1)
	objs := make([]conflict.Object, 20000)
	for i := range objs {
		objs[i] = g.Object()
	}
	ix := conflict.New(conflict.Settings{})
	if err := ix.Load(objs); err != nil {
		t.Fatal(err)
	}
	p := peers.NewRTree(conflict.Settings{}, objs)
	cg := benchdata.New(benchdata.Levant, 2)
	total := 0
	for i := 0; i < 300; i++ {
		c := cg.Candidate()
		want := ix.Check(c)
		got := p.Check(c)
		total += len(want)
		if len(got) != len(want) {
			t.Fatalf("candidate %d (%s): the R-tree found %d conflicts, the index %d", i, c.Kind, len(got), len(want))
		}
		seen := map[string]bool{}
		for _, f := range want {
			seen[f.Rule+"/"+f.With.ID] = true
		}
		for _, f := range got {
			if !seen[f.Rule+"/"+f.With.ID] {
				t.Fatalf("candidate %d: the R-tree found %s with %s, the index did not", i, f.Rule, f.With.ID)
			}
		}
	}
	if total == 0 {
		t.Fatal("no conflicts at all: the load tests nothing")
	}
	t.Logf("%d conflicts in 300 checks", total)
}

// TestBounds: the merged box holds every rectangle of the cover.
func TestBounds(t *testing.T) {
	g := benchdata.New(benchdata.MiddleEast, 3)
	for i := 0; i < 100; i++ {
		o := g.Object()
		f := o.Volumes[0].Footprint
		b := peers.Bounds(f, 500)
		for _, r := range f.Cover(500, 0) {
			if r.MinLon < b.MinLon || r.MinLat < b.MinLat || r.MaxLon > b.MaxLon || r.MaxLat > b.MaxLat {
				t.Fatalf("object %d: box %v does not hold %v", i, b, r)
			}
		}
	}
}
