package unionfind

import "testing"

func TestSetsAreNamedByTheirSmallest(t *testing.T) {
	s := New(6)
	s.Union(4, 2)
	s.Union(5, 4)
	s.Union(3, 1)
	for i, want := range []int{0, 1, 2, 1, 2, 2} {
		if got := s.Find(i); got != want {
			t.Errorf("Find(%d) = %d, want %d", i, got, want)
		}
	}
	s.Union(5, 3)
	for i := 1; i < 6; i++ {
		if s.Find(i) != 1 {
			t.Errorf("after joining, Find(%d) = %d, want 1", i, s.Find(i))
		}
	}
}
