package engine

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"
)

type thing struct{ Name, Tag string }

func schemaForTest() (*Schema, Table[thing], Index) {
	s := NewSchema()
	t := NewTable[thing](s, "thing")
	ix := NewIndex(s, t, func(x *thing) []string {
		if x.Tag == "" {
			return nil
		}
		return []string{x.Tag}
	})
	return s, t, ix
}

// TestOverlayRollbackDropsOneAct: a batch reads its own writes; rolling
// back to a mark drops exactly the writes after it, and nothing is
// installed before Install.
func TestOverlayRollbackDropsOneAct(t *testing.T) {
	s, things, ix := schemaForTest()
	tabs := NewTables(s)
	o := NewOverlay(&tabs)
	things.Put(&o, "a", &thing{Name: "A", Tag: "x"})
	m := o.Mark()
	things.Put(&o, "b", &thing{Name: "B"})
	things.Put(&o, "a", &thing{Name: "A2", Tag: "y"})
	if got := things.Get(&o, "a").Name; got != "A2" {
		t.Fatalf("the batch reads %q, not its own write", got)
	}
	if things.Get(&tabs, "a") != nil {
		t.Fatal("a write is visible before Install")
	}
	o.Rollback(m)
	if things.Get(&o, "b") != nil || things.Get(&o, "a").Name != "A" {
		t.Fatalf("rollback left %v, %v", things.Get(&o, "b"), things.Get(&o, "a"))
	}
	if got := o.Keys(); !slices.Equal(got, []Key{{"thing", "a"}}) {
		t.Fatalf("keys after rollback: %v", got)
	}
	o.Install()
	if id, ok := ix.Lookup(&tabs, "x"); !ok || id != "a" {
		t.Fatalf("index: %q %v", id, ok)
	}
	o = NewOverlay(&tabs)
	things.Put(&o, "a", &thing{Name: "A3"})
	o.Install()
	if _, ok := ix.Lookup(&tabs, "x"); ok {
		t.Fatal("the index kept the key of a replaced object")
	}
	o = NewOverlay(&tabs)
	things.Delete(&o, "a")
	o.Install()
	if things.Len(&tabs) != 0 {
		t.Fatalf("%d objects after the delete", things.Len(&tabs))
	}
}

// TestEachSeesTheBatchInIDOrder: Each merges the batch's writes and
// deletions with the installed objects, in id order.
func TestEachSeesTheBatchInIDOrder(t *testing.T) {
	s, things, _ := schemaForTest()
	tabs := NewTables(s)
	for _, id := range []string{"c", "a", "d"} {
		obj, err := s.Decode("thing", []byte(`{"Name":"`+id+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		tabs.Put("thing", id, obj)
	}
	if _, err := s.Decode("other", []byte(`{}`)); err == nil {
		t.Fatal("a document of an unknown kind loaded")
	}
	o := NewOverlay(&tabs)
	things.Put(&o, "b", &thing{Name: "b"})
	things.Delete(&o, "d")
	things.Put(&o, "c", &thing{Name: "c2"}) // installed and written: once
	var got []string
	things.Each(&o, func(id string, x *thing) { got = append(got, id+"="+x.Name) })
	if want := []string{"a=a", "b=b", "c=c2"}; !slices.Equal(got, want) {
		t.Fatalf("Each: %v, want %v", got, want)
	}
	keys, bodies, err := o.Changes(func(v any) ([]byte, error) { return []byte(v.(*thing).Name), nil })
	if err != nil || len(keys) != 3 || string(bodies[0]) != "b" || bodies[1] != nil || string(bodies[2]) != "c2" {
		t.Fatalf("changes: %v %q %v", keys, bodies, err)
	}
}

// TestChangesOfALargeBatch: a batch with enough changes to encode them
// on several goroutines gives each body at its key's place, nil for a
// deletion, and the error of the first object in write order that fails
// to encode, whichever goroutine met it first.
func TestChangesOfALargeBatch(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	s, things, _ := schemaForTest()
	tabs := NewTables(s)
	o := NewOverlay(&tabs)
	const n = 100
	for i := range n {
		things.Put(&o, fmt.Sprint(i), &thing{Name: fmt.Sprint("n", i)})
	}
	things.Delete(&o, "7")
	encode := func(v any) ([]byte, error) { return []byte(v.(*thing).Name), nil }
	keys, bodies, err := o.Changes(encode)
	if err != nil || len(keys) != n || len(bodies) != n {
		t.Fatalf("changes: %d keys, %d bodies, %v", len(keys), len(bodies), err)
	}
	for i, k := range keys {
		want := "n" + k.ID
		if k.ID == "7" {
			want = ""
		}
		if k.ID != fmt.Sprint(i) || string(bodies[i]) != want || (k.ID == "7") != (bodies[i] == nil) {
			t.Fatalf("change %d: %v %q, want %q", i, k, bodies[i], want)
		}
	}
	fail := func(v any) ([]byte, error) {
		if name := v.(*thing).Name; name == "n40" || name == "n90" {
			return nil, errors.New("cannot encode " + name)
		}
		return encode(v)
	}
	for range 20 {
		if _, _, err := o.Changes(fail); err == nil || err.Error() != "encoding thing 40: cannot encode n40" {
			t.Fatalf("error: %v", err)
		}
	}
}

// TestDerivedIsComputedOncePerVersion: a derived value is computed the
// first time an installed object is asked for and kept; a replaced
// object's value is computed again; an object that is not the installed
// one (a batch's own) is computed each time and not kept.
func TestDerivedIsComputedOncePerVersion(t *testing.T) {
	s := NewSchema()
	things := NewTable[thing](s, "thing")
	calls := 0
	upper := NewDerived(s, things, func(x *thing) string { calls++; return x.Name + "!" })
	tabs := NewTables(s)
	o := NewOverlay(&tabs)
	v1 := &thing{Name: "a"}
	things.Put(&o, "a", v1)
	if got := upper.Of(&tabs, "a", v1); got != "a!" || calls != 1 {
		t.Fatalf("before install: %q after %d calls", got, calls)
	}
	upper.Of(&tabs, "a", v1)
	if calls != 2 {
		t.Fatalf("a batch's object was kept (%d calls)", calls)
	}
	o.Install()
	for range 3 {
		upper.Of(&tabs, "a", v1)
	}
	if calls != 3 {
		t.Fatalf("an installed object was derived %d times, want once", calls-2)
	}
	o = NewOverlay(&tabs)
	v2 := &thing{Name: "b"}
	things.Put(&o, "a", v2)
	o.Install()
	if got := upper.Of(&tabs, "a", v2); got != "b!" || calls != 4 {
		t.Fatalf("after the change: %q after %d calls", got, calls)
	}
	if got := upper.Of(&tabs, "a", v1); got != "a!" || calls != 5 {
		t.Fatalf("the old version: %q after %d calls", got, calls)
	}
	if got := upper.Of(&tabs, "a", v2); got != "b!" || calls != 5 {
		t.Fatalf("the new version was not kept: %q after %d calls", got, calls)
	}
	clone := tabs.Clone()
	upper.Of(&clone, "a", v2)
	if calls != 6 {
		t.Fatalf("a clone shared the derived values (%d calls)", calls)
	}
}
