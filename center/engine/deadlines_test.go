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

// TestDeadlinesKeys: every key comes out as it went in, whether its id
// is a prefix and a number (kept as numbers) or not (kept as given:
// leading zeros, no number, a number past nine digits), and a slot of
// the latter is reused once its entry left.
func TestDeadlinesKeys(t *testing.T) {
	base := time.Date(2026, 12, 3, 7, 0, 0, 0, time.UTC)
	keys := []Key{
		{"notification", "ntf_1234"}, {"site", "ntf_1234"}, {"zone", "zn_0"}, {"notification", "ntf_01"},
		{"notification", "n"}, {"site", "site_1234567890"}, {"message", "a_b_7"}, {"message", ""}, {"", "_5"},
	}
	var d Deadlines
	for i, k := range keys {
		d.Push(Due{At: base.Add(time.Duration(i) * time.Minute), Key: k})
	}
	got := d.PopDue(base.Add(time.Hour), 0)
	if len(got) != len(keys) {
		t.Fatalf("PopDue gave %d entries, want %d", len(got), len(keys))
	}
	for i, x := range got {
		if x.Key != keys[i] {
			t.Errorf("entry %d came back as %+v, want %+v", i, x.Key, keys[i])
		}
	}
	others := len(d.others)
	for i := range 3 {
		d.Push(Due{At: base, Key: Key{"notification", "other-" + string(rune('a'+i))}})
	}
	if len(d.others) != others {
		t.Errorf("the keys kept as given grew from %d to %d slots; want the freed ones reused", others, len(d.others))
	}
	if len(d.names) != 5 {
		t.Errorf("%d names for the numbered keys, want 5: %v", len(d.names), d.names)
	}
}
