package slab

import "testing"

// TestRoom: a slice with room is given back as it is; one without is
// copied, its elements kept, with room for what was asked and a
// sixteenth of its length, never append's quarter; a small one doubles.
func TestRoom(t *testing.T) {
	s := make([]int, 3, 10)
	if got := Room(s, 7); &got[:1][0] != &s[:1][0] || len(got) != 3 {
		t.Fatal("a slice with room was copied")
	}
	big := make([]int, 1600)
	for i := range big {
		big[i] = i
	}
	got := Room(big, 1)
	if len(got) != 1600 || cap(got) != 1600+1+100 {
		t.Fatalf("len %d cap %d, want 1600 and %d", len(got), cap(got), 1701)
	}
	for i := range got {
		if got[i] != i {
			t.Fatalf("element %d is %d", i, got[i])
		}
	}
	if got := Room([]int(nil), 5); len(got) != 0 || cap(got) != 5 {
		t.Fatalf("nil: len %d cap %d, want 0 and 5", len(got), cap(got))
	}
	if got := Room(make([]int, 100), 1); cap(got) != 201 {
		t.Fatalf("a small slice: cap %d, want 201 (doubled)", cap(got))
	}
}
