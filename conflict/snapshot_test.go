package conflict_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/conflict/benchdata"
	"github.com/truce-center/truce/geo"
)

// TestFreezeThaw: an index thawed from what Freeze copied out answers
// every check as the index it was frozen from — after a bulk load,
// upserts past it (items in the dynamic trees), replacements and
// removals (dead items, free slots) — and keeps doing so through more
// writes; a frozen index that does not fit is refused.
func TestFreezeThaw(t *testing.T) {
	objs := benchObjects(1, 3000)
	ix := conflict.New(conflict.Settings{})
	if err := ix.Load(objs[:2000]); err != nil {
		t.Fatal(err)
	}
	for _, o := range objs[2000:] {
		if err := ix.Upsert(o); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3000; i += 7 {
		ix.Remove(objs[i].ID)
	}
	for i := 1; i < 3000; i += 11 {
		o := objs[i]
		o.Party = "someone else"
		ix.Upsert(o)
	}
	slab, trees := ix.Freeze()
	thawed, err := conflict.Thaw(conflict.Settings{}, slab, trees)
	if err != nil {
		t.Fatal(err)
	}
	if thawed.Len() != ix.Len() || thawed.Volumes() != ix.Volumes() {
		t.Fatalf("thawed: %d objects, %d volumes; frozen: %d, %d", thawed.Len(), thawed.Volumes(), ix.Len(), ix.Volumes())
	}
	cg := benchdata.New(benchdata.MiddleEast, 2)
	same := func(when string) {
		t.Helper()
		found := 0
		for range 400 {
			c := cg.Candidate()
			want, got := ix.Check(c), thawed.Check(c)
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("%s: the thawed index answers %d conflicts, the frozen one %d", when, len(got), len(want))
			}
			found += len(want)
		}
		if found == 0 {
			t.Fatalf("%s: no conflict found: the comparison proves nothing", when)
		}
	}
	same("thawed")
	more := benchdata.New(benchdata.MiddleEast, 3)
	for i := range 1500 {
		o := more.Object()
		for _, x := range []*conflict.Index{ix, thawed} {
			if err := x.Upsert(o); err != nil {
				t.Fatal(err)
			}
			x.Remove(objs[(i*13)%3000].ID)
		}
	}
	same("after more writes")

	if _, err := conflict.Thaw(conflict.Settings{TimeBucket: time.Hour}, slab, trees); !errors.Is(err, conflict.ErrThaw) {
		t.Errorf("other time slices: %v", err)
	}
	if _, err := conflict.Thaw(conflict.Settings{}, slab[:len(slab)/2], trees); !errors.Is(err, conflict.ErrThaw) {
		t.Errorf("half the slab: %v", err)
	}
	if _, err := conflict.Thaw(conflict.Settings{}, slab, nil); !errors.Is(err, conflict.ErrThaw) {
		t.Errorf("no trees: %v", err)
	}
}

// TestShareVertices: after ShareVertices, the thawed index reads the
// vertices of every point and route given as positions there (and no
// other), and answers every check as before.
func TestShareVertices(t *testing.T) {
	objs := benchObjects(4, 2000)
	ix := conflict.New(conflict.Settings{})
	if err := ix.Load(objs); err != nil {
		t.Fatal(err)
	}
	slab, trees := ix.Freeze()
	thawed, err := conflict.Thaw(conflict.Settings{}, slab, trees)
	if err != nil {
		t.Fatal(err)
	}
	// The positions as a caller keeps them (truce.GeoJSON): longitude
	// and latitude in turn, for every other object only.
	pos := map[string][][]float64{}
	want := 0
	for i, o := range objs {
		if i%2 == 1 || !o.Active {
			continue
		}
		for _, v := range o.Volumes {
			var p []float64
			switch gm := v.Footprint.Geometry; gm.Type() {
			case geo.TypePoint:
				p = []float64{gm.Point().Lon, gm.Point().Lat}
			case geo.TypeLineString:
				for _, q := range gm.Line() {
					p = append(p, q.Lon, q.Lat)
				}
			}
			if p != nil && v.Footprint.Geometry.Share(p).Shares(p) {
				want++
			}
			pos[o.ID] = append(pos[o.ID], p)
		}
	}
	if want == 0 {
		t.Fatal("no geometry to share: the test proves nothing")
	}
	got := thawed.ShareVertices(func(qs []conflict.VertexQuery) {
		for i := range qs {
			if ps := pos[qs[i].ID]; qs[i].Vol < len(ps) {
				qs[i].Pos = ps[qs[i].Vol]
			}
		}
	})
	if got != want {
		t.Errorf("ShareVertices shared %d geometries, want %d", got, want)
	}
	frozen, _ := thawed.Freeze()
	shares := 0
	for _, o := range frozen {
		for j, v := range o.Volumes {
			if ps := pos[o.ID]; j < len(ps) && v.Footprint.Geometry.Shares(ps[j]) {
				shares++
			}
		}
	}
	if shares != want {
		t.Errorf("%d geometries read the positions given, want %d", shares, want)
	}
	cg := benchdata.New(benchdata.MiddleEast, 5)
	found := 0
	for range 400 {
		c := cg.Candidate()
		w, gt := ix.Check(c), thawed.Check(c)
		if !reflect.DeepEqual(w, gt) {
			t.Fatalf("after ShareVertices the index answers %d conflicts, before %d", len(gt), len(w))
		}
		found += len(w)
	}
	if found == 0 {
		t.Fatal("no conflict found: the comparison proves nothing")
	}
}

// benchObjects returns n objects of the benchmark mix drawn with seed.
func benchObjects(seed uint64, n int) []conflict.Object {
	g := benchdata.New(benchdata.MiddleEast, seed)
	objs := make([]conflict.Object, 0, n)
	for range n {
		objs = append(objs, g.Object())
	}
	return objs
}
