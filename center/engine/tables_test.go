package engine

import (
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
		if err := tabs.Load("thing", id, []byte(`{"Name":"`+id+`"}`)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tabs.Load("other", "x", []byte(`{}`)); err == nil {
		t.Fatal("a document of an unknown kind loaded")
	}
	o := NewOverlay(&tabs)
	things.Put(&o, "b", &thing{Name: "b"})
	things.Delete(&o, "d")
	var got []string
	things.Each(&o, func(id string, x *thing) { got = append(got, id+"="+x.Name) })
	if want := []string{"a=a", "b=b", "c=c"}; !slices.Equal(got, want) {
		t.Fatalf("Each: %v, want %v", got, want)
	}
	keys, bodies, err := o.Changes(func(v any) ([]byte, error) { return []byte(v.(*thing).Name), nil })
	if err != nil || len(keys) != 2 || string(bodies[0]) != "b" || bodies[1] != nil {
		t.Fatalf("changes: %v %q %v", keys, bodies, err)
	}
}
