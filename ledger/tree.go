package ledger

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/mod/sumdb/tlog"
)

// Hash is a SHA-256 tree hash.
type Hash = tlog.Hash

// HashReader reads stored hashes by their tlog stored-hash index
// (tlog.StoredHashIndex). It MUST return exactly one hash per index, in
// order, or an error.
type HashReader = tlog.HashReader

// HashRow is one stored hash to be written: its stored-hash index and
// value.
type HashRow struct {
	Index int64
	Hash  Hash
}

// LeafHash is the RFC 6962 leaf hash of an entry: SHA-256(0x00 || entry).
func LeafHash(entry []byte) Hash { return tlog.RecordHash(entry) }

// AppendHashes returns the stored hashes to write when entries are
// appended to a tree of size n whose existing stored hashes r can read.
// The rows are in increasing index order and start at
// tlog.StoredHashCount(n).
func AppendHashes(n int64, entries [][]byte, r HashReader) ([]HashRow, error) {
	base := tlog.StoredHashCount(n)
	var rows []HashRow
	// Hashes written by earlier entries of this batch are not in r yet.
	overlay := tlog.HashReaderFunc(func(idx []int64) ([]Hash, error) {
		out := make([]Hash, len(idx))
		var missing []int64
		var where []int
		for i, x := range idx {
			if x >= base {
				j := x - base
				if j >= int64(len(rows)) {
					return nil, fmt.Errorf("stored hash %d is not written yet", x)
				}
				out[i] = rows[j].Hash
				continue
			}
			missing = append(missing, x)
			where = append(where, i)
		}
		if len(missing) > 0 {
			got, err := r.ReadHashes(missing)
			if err != nil {
				return nil, err
			}
			if len(got) != len(missing) {
				return nil, errors.New("hash reader returned the wrong number of hashes")
			}
			for k, i := range where {
				out[i] = got[k]
			}
		}
		return out, nil
	})
	for i, e := range entries {
		hs, err := tlog.StoredHashes(n+int64(i), e, overlay)
		if err != nil {
			return nil, fmt.Errorf("hashing entry %d: %w", n+int64(i), err)
		}
		next := base + int64(len(rows))
		for _, h := range hs {
			rows = append(rows, HashRow{Index: next, Hash: h})
			next++
		}
	}
	return rows, nil
}

// TreeHash returns the root hash of the tree of size n.
func TreeHash(n int64, r HashReader) (Hash, error) {
	if n == 0 {
		return emptyRoot, nil
	}
	return tlog.TreeHash(n, r)
}

// emptyRoot is RFC 6962's hash of the empty tree, SHA-256 of nothing.
var emptyRoot = func() Hash {
	h, _ := tlog.ParseHash("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
	return h
}()

// InclusionProof returns the proof that entry i is in the tree of size n.
func InclusionProof(n, i int64, r HashReader) (tlog.RecordProof, error) {
	return tlog.ProveRecord(n, i, r)
}

// ConsistencyProof returns the proof that the tree of size m is a prefix
// of the tree of size n.
func ConsistencyProof(n, m int64, r HashReader) (tlog.TreeProof, error) {
	return tlog.ProveTree(n, m, r)
}

// CachedHashReader returns a HashReader that keeps every stored hash of
// level minLevel and above in memory once read. Stored hashes never
// change once written, and the upper levels — 1/2^minLevel of them — are
// shared by every proof, so with minLevel 8 a proof of a 10,000,000-entry
// log asks the store for at most the eight hashes inside its own tile.
// It is safe for concurrent use.
func CachedHashReader(r HashReader, minLevel int) HashReader {
	return &cachedReader{r: r, min: minLevel, m: map[int64]Hash{}}
}

type cachedReader struct {
	r   HashReader
	min int
	mu  sync.RWMutex
	m   map[int64]Hash
}

func (c *cachedReader) ReadHashes(idx []int64) ([]Hash, error) {
	return readThrough(idx, c.r, &c.mu, func(x int64) (Hash, bool) {
		h, ok := c.m[x]
		return h, ok
	}, func(x int64, h Hash) {
		if level, _ := tlog.SplitStoredHashIndex(x); level >= c.min {
			c.m[x] = h
		}
	})
}

// rwLocker is what readThrough holds around a cache's reads and
// writes: a sync.RWMutex, or noLock for a cache of one goroutine.
type rwLocker interface {
	RLock()
	RUnlock()
	Lock()
	Unlock()
}

type noLock struct{}

func (noLock) RLock()   {}
func (noLock) RUnlock() {}
func (noLock) Lock()    {}
func (noLock) Unlock()  {}

// readThrough answers idx from a cache (get, under mu read-locked once),
// asks r for the rest in one call, and hands keep each hash r gave
// (under mu locked once).
func readThrough(idx []int64, r HashReader, mu rwLocker, get func(int64) (Hash, bool), keep func(int64, Hash)) ([]Hash, error) {
	out := make([]Hash, len(idx))
	var miss []int64
	var where []int
	mu.RLock()
	for i, x := range idx {
		if h, ok := get(x); ok {
			out[i] = h
			continue
		}
		miss = append(miss, x)
		where = append(where, i)
	}
	mu.RUnlock()
	if len(miss) == 0 {
		return out, nil
	}
	got, err := r.ReadHashes(miss)
	if err != nil {
		return nil, err
	}
	if len(got) != len(miss) {
		return nil, errors.New("hash reader returned the wrong number of hashes")
	}
	mu.Lock()
	for k, i := range where {
		out[i] = got[k]
		keep(miss[k], got[k])
	}
	mu.Unlock()
	return out, nil
}
