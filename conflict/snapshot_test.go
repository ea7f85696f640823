package conflict_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/conflict/benchdata"
)

// TestFreezeThaw: an index thawed from what Freeze copied out answers
// every check as the index it was frozen from — after a bulk load,
// upserts past it (items in the dynamic trees), replacements and
// removals (dead items, free slots) — and keeps doing so through more
// writes; a frozen index that does not fit is refused.
func TestFreezeThaw(t *testing.T) {
	g := benchdata.New(benchdata.MiddleEast, 1)
	var objs []conflict.Object
	for range 3000 {
		objs = append(objs, g.Object())
	}
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
