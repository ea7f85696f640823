package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Fetcher reads a log published as C2SP tlog-tiles. Implementations
// fetch over HTTP or read a store; data they return is untrusted until
// Verify has checked it.
type Fetcher interface {
	ReadCheckpoint(ctx context.Context) ([]byte, error)
	// ReadTile returns hash tile t's data (level ≥ 0) or entry bundle t's
	// data (level -1).
	ReadTile(ctx context.Context, t Tile) ([]byte, error)
}

// VerifyOptions says what Verify checks beyond the checkpoint signature.
type VerifyOptions struct {
	// Pinned is the last checkpoint this verifier accepted, or nil on
	// first use. The new checkpoint MUST be consistent with it.
	Pinned *Checkpoint
	// Entry, if set, is called for every entry in order, in a second
	// pass, after the whole tree has been verified and each entry's
	// bundle has been shown to be the one verified. An error stops
	// verification.
	Entry func(index int64, entry []byte) error
	// Progress, if set, is told how many entries each pass has checked
	// (pass 1: the tree; pass 2: the entries handed to Entry).
	Progress func(pass int, done, total int64)
	// Fetches is how many entry bundles are read at once (default
	// 4 per CPU, at least 8).
	Fetches int
}

// VerifyError says which check failed. Check is one of "signature",
// "consistency", "inclusion", "fetch", "entry".
type VerifyError struct {
	Check string
	Index int64 // the entry concerned, or -1
	Err   error
}

func (e *VerifyError) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("%s check failed at entry %d: %v", e.Check, e.Index, e.Err)
	}
	return fmt.Sprintf("%s check failed: %v", e.Check, e.Err)
}

func (e *VerifyError) Unwrap() error { return e.Err }

// Verify fetches the log's checkpoint, checks its signature with v,
// checks that it is consistent with opts.Pinned, downloads every entry,
// and checks that the entries hash to the checkpoint's root. It returns
// the verified checkpoint and its signed note.
//
// It works in two passes, neither holding the log in memory. The first
// reads the entry bundles, several at once, and recomputes the whole tree
// from the entries (each full bundle's subtree by perfectRoot, joined
// with transparency-dev/merkle compact ranges: not the code the server
// uses), so an entry altered, dropped or reordered anywhere fails the
// check; it keeps one hash per bundle. When the root does not match, it
// reads the tiles to name the first entry that differs. The second pass, only if opts.Entry is set, reads the bundles
// again, checks each against the hash the first pass kept, and hands
// the entries to opts.Entry in order: nobody replays an entry that is
// not in the signed tree.
func Verify(ctx context.Context, f Fetcher, v note.Verifier, opts VerifyOptions) (Checkpoint, []byte, error) {
	msg, err := f.ReadCheckpoint(ctx)
	if err != nil {
		return Checkpoint{}, nil, &VerifyError{"fetch", -1, fmt.Errorf("reading checkpoint: %w", err)}
	}
	cp, _, err := Open(msg, v)
	if err != nil {
		return Checkpoint{}, nil, &VerifyError{"signature", -1, err}
	}
	tree := tlog.Tree{N: cp.Size, Hash: cp.Hash}
	thr := tlog.TileHashReader(tree, &tileReader{ctx: ctx, f: f, saved: map[tlog.Tile][]byte{}})
	if p := opts.Pinned; p != nil {
		if err := checkConsistent(*p, cp, thr); err != nil {
			return Checkpoint{}, nil, &VerifyError{"consistency", -1, err}
		}
	}
	fetches := opts.Fetches
	if fetches <= 0 {
		fetches = max(8, 4*runtime.GOMAXPROCS(0))
	}
	progress := func(pass int, start, width int64) {
		if opts.Progress != nil {
			opts.Progress(pass, start+width, cp.Size)
		}
	}
	// Pass one: the tree. Each bundle's compact range is computed where
	// it is fetched; they are joined in order.
	sums := make([][][]byte, 0, (cp.Size+TileWidth-1)/TileWidth)
	rf := compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}
	rng := rf.NewEmptyRange(0)
	err = eachBundle(ctx, f, cp.Size, fetches, bundleRange,
		func(start int64, _ [][]byte, sum [][]byte) error {
			r, err := rf.NewRange(uint64(start), uint64(min(cp.Size, start+TileWidth)), sum)
			if err == nil {
				err = rng.AppendRange(r, nil)
			}
			if err != nil {
				return &VerifyError{"inclusion", start, err}
			}
			sums = append(sums, sum)
			progress(1, start, min(cp.Size-start, TileWidth))
			return nil
		})
	if err != nil {
		return Checkpoint{}, nil, err
	}
	root := emptyRoot[:]
	if cp.Size > 0 {
		root, err = rng.GetRootHash(nil)
		if err != nil {
			return Checkpoint{}, nil, &VerifyError{"inclusion", -1, err}
		}
	}
	if !bytes.Equal(root, cp.Hash[:]) {
		if err := locateAltered(ctx, f, cp.Size, thr); err != nil {
			return Checkpoint{}, nil, err
		}
		return Checkpoint{}, nil, &VerifyError{"inclusion", -1,
			fmt.Errorf("the %d entries hash to %x, the checkpoint says %x", cp.Size, root, cp.Hash[:])}
	}
	if opts.Entry == nil {
		return cp, msg, nil
	}
	// Pass two: the entries, each bundle checked against pass one's sum.
	err = eachBundle(ctx, f, cp.Size, fetches, bundleRange,
		func(start int64, entries [][]byte, sum [][]byte) error {
			if !slices.EqualFunc(sum, sums[start/TileWidth], bytes.Equal) {
				if err := checkBundle(start, entries, thr); err != nil {
					return err
				}
				return &VerifyError{"inclusion", start, errors.New("the entry bundle changed between the two passes")}
			}
			for i, e := range entries {
				if err := opts.Entry(start+int64(i), e); err != nil {
					return &VerifyError{"entry", start + int64(i), err}
				}
			}
			progress(2, start, int64(len(entries)))
			return nil
		})
	if err != nil {
		return Checkpoint{}, nil, err
	}
	return cp, msg, nil
}

// bundleRange returns the compact range of a bundle's entries: for a
// full bundle, the root of its 256 leaves.
func bundleRange(start int64, entries [][]byte) ([][]byte, error) {
	if len(entries) == TileWidth && start%TileWidth == 0 {
		root := perfectRoot(entries)
		return [][]byte{root[:]}, nil
	}
	rf := compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}
	r := rf.NewEmptyRange(uint64(start))
	for _, e := range entries {
		h := LeafHash(e)
		if err := r.Append(h[:], nil); err != nil {
			return nil, err
		}
	}
	return r.Hashes(), nil
}

// perfectRoot is the RFC 6962 root of a power-of-two number of leaves
// (at most TileWidth), SHA-256(0x00 || entry) for a leaf and
// SHA-256(0x01 || left || right) for a node, computed in place: a full
// bundle costs no allocation beyond one scratch buffer.
func perfectRoot(entries [][]byte) Hash {
	var level [TileWidth]Hash
	var leaf []byte
	for i, e := range entries {
		leaf = append(append(leaf[:0], 0), e...)
		level[i] = sha256.Sum256(leaf)
	}
	var node [1 + 2*len(Hash{})]byte
	node[0] = 1
	for n := len(entries); n > 1; n /= 2 {
		for i := range n / 2 {
			copy(node[1:], level[2*i][:])
			copy(node[1+len(Hash{}):], level[2*i+1][:])
			level[i] = sha256.Sum256(node[:])
		}
	}
	return level[0]
}

// eachBundle reads the entry bundles of a tree of size n, up to fetches
// at once, checks that each holds the entries the tree needs, computes
// work on each where it was read, and calls done for each in order. It
// stops at the first error in the log's order; the bundles in flight are
// then abandoned. At most about fetches bundles are held at any time.
func eachBundle[R any](ctx context.Context, f Fetcher, n int64, fetches int,
	work func(start int64, entries [][]byte) (R, error),
	done func(start int64, entries [][]byte, r R) error) error {
	type result struct {
		entries [][]byte
		r       R
		err     error
	}
	// On return, the fetches still running are cancelled and waited for:
	// nothing reads the log after Verify has answered.
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	queue := make(chan chan result, fetches)
	wg.Go(func() {
		defer close(queue)
		for start := int64(0); start < n; start += TileWidth {
			ch := make(chan result, 1)
			select {
			case queue <- ch:
			case <-ctx.Done():
				return
			}
			wg.Go(func() {
				var res result
				res.entries, res.err = readBundle(ctx, f, start, min(n-start, TileWidth))
				if res.err == nil {
					res.r, res.err = work(start, res.entries)
				}
				ch <- res
			})
		}
	})
	start := int64(0)
	for ch := range queue {
		res := <-ch
		if res.err == nil {
			res.err = done(start, res.entries, res.r)
		}
		if res.err != nil {
			return res.err
		}
		start += TileWidth
	}
	return ctx.Err()
}

// readBundle reads and parses the bundle of width entries at start.
func readBundle(ctx context.Context, f Fetcher, start, width int64) ([][]byte, error) {
	data, err := f.ReadTile(ctx, Tile{Level: -1, Index: start / TileWidth, Width: int(width)})
	if err != nil {
		return nil, &VerifyError{"fetch", start, fmt.Errorf("reading entry bundle: %w", err)}
	}
	entries, err := ParseBundle(data)
	if err != nil {
		return nil, &VerifyError{"fetch", start, err}
	}
	if int64(len(entries)) != width {
		return nil, &VerifyError{"inclusion", start + min(int64(len(entries)), width),
			fmt.Errorf("entry bundle holds %d entries, the checkpoint needs %d", len(entries), width)}
	}
	return entries, nil
}

// locateAltered reads the bundles again, one at a time, and names the
// first entry whose leaf hash is not the one the signed tree's tiles
// hold. It returns nil if it finds none.
func locateAltered(ctx context.Context, f Fetcher, n int64, thr tlog.HashReader) error {
	for start := int64(0); start < n; start += TileWidth {
		entries, err := readBundle(ctx, f, start, min(n-start, TileWidth))
		if err != nil {
			return err
		}
		if err := checkBundle(start, entries, thr); err != nil {
			return err
		}
	}
	return nil
}

// checkBundle compares the leaf hashes of entries with the level-0 tile
// the signed tree vouches for, naming the first entry that differs.
func checkBundle(start int64, entries [][]byte, thr tlog.HashReader) error {
	idx := make([]int64, len(entries))
	for i := range entries {
		idx[i] = tlog.StoredHashIndex(0, start+int64(i))
	}
	leaves, err := thr.ReadHashes(idx)
	if err != nil {
		return &VerifyError{"inclusion", start, fmt.Errorf("the tiles do not match the signed tree: %w", err)}
	}
	for i, e := range entries {
		if LeafHash(e) != leaves[i] {
			return &VerifyError{"inclusion", start + int64(i),
				fmt.Errorf("entry %d as served does not hash to the leaf the signed tree holds: it was altered", start+int64(i))}
		}
	}
	return nil
}

// checkConsistent checks that the tree of checkpoint next extends the
// tree of checkpoint old.
func checkConsistent(old, next Checkpoint, thr tlog.HashReader) error {
	if old.Origin != next.Origin {
		return fmt.Errorf("origin changed from %q to %q", old.Origin, next.Origin)
	}
	switch {
	case next.Size < old.Size:
		return fmt.Errorf("the log shrank: the pinned checkpoint has %d entries, the server's has %d (entries were dropped)", old.Size, next.Size)
	case old.Size == 0:
		return nil // every tree extends the empty one
	case next.Size == old.Size:
		if next.Hash != old.Hash {
			return fmt.Errorf("fork: the server's checkpoint of size %d has root %x, the pinned one %x", next.Size, next.Hash[:], old.Hash[:])
		}
		return nil
	}
	proof, err := tlog.ProveTree(next.Size, old.Size, thr)
	if err != nil {
		return fmt.Errorf("fork: no consistency proof from the pinned size %d to %d: %w", old.Size, next.Size, err)
	}
	if err := tlog.CheckTree(proof, next.Size, next.Hash, old.Size, old.Hash); err != nil {
		return fmt.Errorf("fork: the tree of size %d does not extend the pinned tree of size %d: %w", next.Size, old.Size, err)
	}
	return nil
}

// tileReader adapts a Fetcher to tlog.TileReader. It keeps the tiles
// tlog has authenticated, so the upper levels are fetched once, not once
// per entry bundle.
type tileReader struct {
	ctx   context.Context
	f     Fetcher
	saved map[tlog.Tile][]byte
}

func (r *tileReader) Height() int { return TileHeight }

func (r *tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		if data, ok := r.saved[t]; ok {
			out[i] = data
			continue
		}
		data, err := r.f.ReadTile(r.ctx, Tile{Level: t.L, Index: t.N, Width: t.W})
		if err != nil {
			return nil, fmt.Errorf("reading tile %s: %w", Tile{Level: t.L, Index: t.N, Width: t.W}.Path(), err)
		}
		if len(data) != t.W*tlog.HashSize {
			return nil, fmt.Errorf("tile %s has %d bytes, want %d", Tile{Level: t.L, Index: t.N, Width: t.W}.Path(), len(data), t.W*tlog.HashSize)
		}
		out[i] = data
	}
	return out, nil
}

func (r *tileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {
	for i, t := range tiles {
		if t.L > 0 && len(r.saved) < 1<<16 {
			r.saved[t] = data[i]
		}
	}
}
