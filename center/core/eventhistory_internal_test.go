package core

import (
	"testing"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
)

// TestHistoryRecordsEachEntrysVersion: one batch of two entries that
// both change a zone, with a third act rolled back, leaves the history a
// version of the zone per entry (and the zone as the state had it before
// as the base at cut-1); a zone the batch made and deleted again has its
// two versions; the rolled-back act leaves nothing.
func TestHistoryRecordsEachEntrysVersion(t *testing.T) {
	s := NewState(&Registry{})
	v0 := &truce.Zone{ID: "zon_1", Name: "before"}
	b := NewView(s)
	TZone.Put(b, v0.ID, v0)
	b.LogSize = 10
	b.InstallBatch()
	h := newHistory(&Center{state: s}, s)

	b = NewView(s)
	v1, v2, made := &truce.Zone{ID: "zon_1", Name: "first"}, &truce.Zone{ID: "zon_1", Name: "second"}, &truce.Zone{ID: "zon_2"}
	// Entry 10 changes zon_1 twice and makes zon_2.
	TZone.Put(b, v1.ID, &truce.Zone{ID: "zon_1", Name: "half-way"})
	TZone.Put(b, v1.ID, v1)
	TZone.Put(b, made.ID, made)
	b.ends = append(b.ends, entryEnd{10, b.Mark()})
	// Entry 11 changes zon_1 and deletes zon_2.
	TZone.Put(b, v2.ID, v2)
	TZone.Delete(b, made.ID)
	b.ends = append(b.ends, entryEnd{11, b.Mark()})
	b.LogSize = 12
	// A third act fails half-way and is rolled back.
	mark, size, last := b.mark()
	TZone.Put(b, v2.ID, &truce.Zone{ID: "zon_1", Name: "refused"})
	b.ends = append(b.ends, entryEnd{12, b.Mark()})
	b.rollback(mark, size, last)

	h.record(b)
	b.InstallBatch()
	want := map[string][]version{
		"zon_1": {{9, v0}, {10, v1}, {11, v2}},
		"zon_2": {{10, made}, {11, nil}},
	}
	if len(h.versions) != len(want) {
		t.Fatalf("versions of %d objects, want %d: %v", len(h.versions), len(want), h.versions)
	}
	for id, vs := range want {
		got := h.versions[engine.Key{Kind: TZone.Name(), ID: id}]
		if len(got) != len(vs) {
			t.Fatalf("%s: %d versions, want %d: %v", id, len(got), len(vs), got)
		}
		for i := range vs {
			if got[i].index != vs[i].index || got[i].obj != any(vs[i].obj) && !(vs[i].obj == nil && got[i].obj == nil) {
				t.Errorf("%s version %d: entry %d %v, want entry %d %v", id, i, got[i].index, got[i].obj, vs[i].index, vs[i].obj)
			}
		}
	}
	// As entry 10 left them: zon_1 first, zon_2 made; before it (entry
	// 9): zon_1 as it was, zon_2 not yet made.
	k1, k2 := engine.Key{Kind: TZone.Name(), ID: "zon_1"}, engine.Key{Kind: TZone.Name(), ID: "zon_2"}
	if got, _ := find(h.versions[k1], 10); got != any(v1) {
		t.Errorf("zon_1 at 10: %v", got)
	}
	if got, _ := find(h.versions[k1], 9); got != any(v0) {
		t.Errorf("zon_1 at 9: %v", got)
	}
	if _, ok := find(h.versions[k2], 9); ok {
		t.Error("zon_2 has a version before it was made")
	}
}
