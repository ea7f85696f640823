package core

import (
	"bytes"
	"fmt"
	"testing"
)

// TestRecentOpeningsKeepsTheNewestWithinBudget: the cache holds at most
// its budget of bytes, drops the oldest batches' payloads first, passes
// over a payload too large to keep, and answers from the store for what
// it does not hold.
func TestRecentOpeningsKeepsTheNewestWithinBudget(t *testing.T) {
	r := newRecentOpenings(64 * 100) // payloads of at most 100 bytes kept
	store := func(c string) ([]byte, error) { return []byte("store:" + c), nil }
	open := r.opener(store)
	for i := range 1000 {
		r.add(map[string][]byte{fmt.Sprint("k", i): bytes.Repeat([]byte{'x'}, 100)})
	}
	r.add(map[string][]byte{"big": bytes.Repeat([]byte{'y'}, 101)})
	if r.size > r.max || len(r.byKey) != 64 || len(r.order)-r.head != 64 || len(r.order) > 2*64+1 {
		t.Fatalf("%d bytes in %d payloads (%d in order from %d), budget %d", r.size, len(r.byKey), len(r.order), r.head, r.max)
	}
	for i, want := range map[int]string{0: "store:k0", 935: "store:k935", 936: "x", 999: "x"} {
		got, err := open(fmt.Sprint("k", i))
		if err != nil || string(got[:min(len(got), len(want))]) != want {
			t.Errorf("k%d: %q, %v; want %q…", i, got, err, want)
		}
	}
	if got, _ := open("big"); string(got) != "store:big" {
		t.Errorf("a payload over the limit was kept: %q", got)
	}
	if newRecentOpenings(-1).opener(nil) != nil || newRecentOpenings(-1) != nil {
		t.Error("a negative budget keeps a cache")
	}
}
