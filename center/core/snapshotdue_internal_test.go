package core

import "testing"

// TestSnapshotDue: a background snapshot is due once the entries since
// the last reach SnapshotEntries when it is set, else 100,000 or a
// quarter of the log, whichever is more, or, late, a hundredth of the
// log: by default a large store is not encoded whole every 100,000
// writes, nor on every trickle of writes once the interval has passed.
func TestSnapshotDue(t *testing.T) {
	for _, tc := range []struct {
		name       string
		entries    int // Config.SnapshotEntries (0: the default)
		last, size uint64
		late, want bool
	}{
		{"nothing since", 0, 500, 500, true, false},
		{"empty log, below the count", 0, 0, 99_999, false, false},
		{"empty log, the count", 0, 0, 100_000, false, true},
		{"a small log, the count", 0, 150_000, 250_000, false, true},
		{"a small log, one short", 0, 150_000, 249_999, false, false},
		{"a set count", 4, 10, 14, false, true},
		{"a set count, one short", 4, 10, 13, false, false},
		{"a large log, the count is not enough", 0, 1_000_000, 1_100_000, false, false},
		{"a large log, short of a quarter", 0, 1_000_000, 1_333_332, false, false},
		{"a large log, a quarter", 0, 1_000_000, 1_333_333, false, true},
		{"a large log, a set count below the quarter", 200_000, 1_000_000, 1_200_000, false, true},
		{"a large log, one short of a set count", 200_000, 1_000_000, 1_199_999, false, false},
		{"a large log, a set count above the quarter", 400_000, 1_000_000, 1_399_999, false, false},
		{"late, a trickle into a large log", 0, 1_000_000, 1_010_100, true, false},
		{"late, a hundredth of a large log", 0, 1_000_000, 1_010_102, true, true},
		{"late, one entry into a small log", 0, 40, 41, true, true},
		{"not late, one entry into a small log", 0, 40, 41, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &Center{cfg: Config{SnapshotEntries: tc.entries}}
			c.snap.size = tc.last
			if got := c.snapshotDue(tc.size, tc.late); got != tc.want {
				t.Errorf("snapshotDue(%d, late %v) after a snapshot at %d = %v, want %v", tc.size, tc.late, tc.last, got, tc.want)
			}
		})
	}
}
