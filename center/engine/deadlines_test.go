package engine

import (
	"testing"
	"time"
)

// TestDeadlinesOrderAndTimes: entries come out in time order, with the
// times they went in (UTC), however they were queued; times beyond what
// the queue's nanoseconds hold keep their order at its ends.
func TestDeadlinesOrderAndTimes(t *testing.T) {
	base := time.Date(2026, 12, 2, 3, 0, 0, 123, time.UTC)
	var d Deadlines
	d.Load([]Due{
		{At: base.Add(2 * time.Hour), Key: Key{"zone", "b"}},
		{At: base, Key: Key{"site", "a"}},
		{At: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), Key: Key{"site", "late"}},
	})
	d.Push(Due{At: base.Add(time.Hour).In(time.FixedZone("x", 3600)), Key: Key{"notification", "c"}})
	d.Requeue([]Due{{At: time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), Key: Key{"site", "early"}}})
	if next, ok := d.Next(); !ok || !next.Before(base) {
		t.Fatalf("Next = %v, %v; want the early entry", next, ok)
	}
	got := d.PopDue(base.Add(time.Hour), 0)
	want := []string{"early", "a", "c"}
	if len(got) != len(want) {
		t.Fatalf("PopDue gave %d entries, want %d: %v", len(got), len(want), got)
	}
	for i, x := range got {
		if x.Key.ID != want[i] {
			t.Errorf("entry %d is %s, want %s", i, x.Key.ID, want[i])
		}
	}
	if !got[1].At.Equal(base) || got[1].At.Location() != time.UTC {
		t.Errorf("time came back as %v, want %v", got[1].At, base)
	}
	if !got[2].At.Equal(base.Add(time.Hour)) {
		t.Errorf("time came back as %v, want %v", got[2].At, base.Add(time.Hour))
	}
	if rest := d.PopDue(base.Add(2*time.Hour), 1); len(rest) != 1 || rest[0].Key.ID != "b" {
		t.Errorf("PopDue at the second time gave %v, want b", rest)
	}
	if n := d.Examined(); n != 4 {
		t.Errorf("Examined = %d, want 4", n)
	}
	if next, _ := d.Next(); next.Year() < 2262 {
		t.Errorf("the entry of year 3000 comes due at %v", next)
	}
}
