// Package slab grows the long arrays a server keeps for as long as it
// runs (the conflict index's records and volumes, the table of ids, the
// clock's queue) by a sixteenth rather than by append's quarter.
//
// At a million objects such an array is tens of megabytes, read from the
// start-up snapshot at its exact size; append would grow it by a quarter
// at the first write after the start, and leave up to a quarter of it
// spare for as long as the server runs (about 20 bytes per object across
// the three, issue 17). A sixteenth leaves at most 6 % spare, at the
// price of copying the array four times as often: a few milliseconds
// each 60,000 objects at a million.
package slab

// Room returns s with room for n more elements: s itself when it has it,
// else a copy of s with room for n more and a sixteenth of its length
// (its length while it is under 1,024, as append would: small slices,
// a batch's own, double).
func Room[S ~[]E, E any](s S, n int) S {
	if cap(s)-len(s) >= n {
		return s
	}
	extra := len(s) / 16
	if len(s) < 1024 {
		extra = len(s)
	}
	t := make(S, len(s), len(s)+n+extra)
	copy(t, s)
	return t
}
