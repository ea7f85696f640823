package ledger

import (
	"math/bits"

	"golang.org/x/mod/sumdb/tlog"
)

// Frontier keeps in memory the stored hashes that appending to a tree
// reads: the hashes of its maximal complete subtrees, one for each set
// bit of its size (at most 63). Appending entry n reads the subtrees
// its leaf completes, all of them on the frontier of the tree before
// the batch or written by the batch itself (AppendHashes), and the
// tree's head is made of the frontier alone. A writer that keeps one
// asks its store for each of these hashes once at most, the first time
// an append needs it (at most one a level over the log's life), where
// it asked for some with every batch.
//
// A Frontier follows the log as it grows: asked about a larger size
// than it was last told of (the log grew by another writer, or a
// reader of tree heads asks after commits it did not see), it keeps the
// subtrees still whole and its reader asks the store for the rest.
// Reset empties it, for a commit whose outcome is unknown. It is not
// safe for concurrent use.
type Frontier struct {
	size int64
	have uint64   // bit L: the level-L subtree's hash is in h[L]
	h    [64]Hash // by level
}

// frontierLevel says whether stored hash idx is on the frontier of a
// tree of size n, and at which level.
func frontierLevel(n, idx int64) (int, bool) {
	level, k := tlog.SplitStoredHashIndex(idx)
	if level >= 63 || n>>level&1 == 0 || k != n>>level-1 {
		return 0, false
	}
	return level, true
}

// Reader returns a HashReader for appending to the tree of size n: it
// answers from the frontier and asks r for the rest, keeping what r
// gives that lies on the frontier.
func (f *Frontier) Reader(n int64, r HashReader) HashReader {
	switch {
	case n > f.size:
		f.Advance(n, nil)
	case n < f.size: // not a log that only grows: start again
		*f = Frontier{size: n}
	}
	return frontierReader{f, r}
}

type frontierReader struct {
	f *Frontier
	r HashReader
}

func (fr frontierReader) ReadHashes(idx []int64) ([]Hash, error) {
	f := fr.f
	return readThrough(idx, fr.r, noLock{}, func(x int64) (Hash, bool) {
		l, ok := frontierLevel(f.size, x)
		return f.h[l], ok && f.have&(1<<l) != 0
	}, func(x int64, h Hash) {
		if l, ok := frontierLevel(f.size, x); ok {
			f.h[l] = h
			f.have |= 1 << l
		}
	})
}

// Advance moves the frontier from the size its reader was made for to
// n, once the rows AppendHashes gave for the entries between are
// committed. Call Reset instead when the commit's outcome is unknown.
func (f *Frontier) Advance(n int64, rows []HashRow) {
	var keep uint64
	for have := f.have; have != 0; have &= have - 1 {
		l := bits.TrailingZeros64(have)
		// A subtree of the old frontier is on the new one while no
		// entry since joined it to a larger one.
		if f.size>>l == n>>l {
			keep |= 1 << l
		}
	}
	f.size, f.have = n, keep
	for _, r := range rows {
		if l, ok := frontierLevel(n, r.Index); ok {
			f.h[l] = r.Hash
			f.have |= 1 << l
		}
	}
}

// Reset forgets every hash: the next reader asks the store.
func (f *Frontier) Reset() { *f = Frontier{} }
