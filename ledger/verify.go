package ledger

import (
	"bytes"
	"context"
	"fmt"

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
	// Entry, if set, is called for every entry in order, after the entry
	// has been shown to be in the tree. An error stops verification.
	Entry func(index int64, entry []byte) error
	// Progress, if set, is told how many entries have been checked.
	Progress func(done, total int64)
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
// Verify recomputes the whole tree from the entries (with
// transparency-dev/merkle compact ranges, not the code the server uses),
// so an entry altered, dropped or reordered anywhere fails the check. When
// the root does not match, it reads the tiles to name the first entry
// that differs.
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
	rf := compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}
	rng := rf.NewEmptyRange(0)
	for start := int64(0); start < cp.Size; start += TileWidth {
		width := min(cp.Size-start, TileWidth)
		data, err := f.ReadTile(ctx, Tile{Level: -1, Index: start / TileWidth, Width: int(width)})
		if err != nil {
			return Checkpoint{}, nil, &VerifyError{"fetch", start, fmt.Errorf("reading entry bundle: %w", err)}
		}
		entries, err := ParseBundle(data)
		if err != nil {
			return Checkpoint{}, nil, &VerifyError{"fetch", start, err}
		}
		if int64(len(entries)) != width {
			return Checkpoint{}, nil, &VerifyError{"inclusion", start + min(int64(len(entries)), width),
				fmt.Errorf("entry bundle holds %d entries, the checkpoint needs %d", len(entries), width)}
		}
		for i, e := range entries {
			h := LeafHash(e)
			if err := rng.Append(h[:], nil); err != nil {
				return Checkpoint{}, nil, &VerifyError{"inclusion", start + int64(i), err}
			}
		}
		// Hand entries on only once the bundle matches the signed tree, so
		// nobody replays an entry that is not in the log. Checking each
		// bundle against the tiles costs one tile read per 256 entries.
		if err := checkBundle(start, entries, thr); err != nil {
			return Checkpoint{}, nil, err
		}
		if opts.Entry != nil {
			for i, e := range entries {
				if err := opts.Entry(start+int64(i), e); err != nil {
					return Checkpoint{}, nil, &VerifyError{"entry", start + int64(i), err}
				}
			}
		}
		if opts.Progress != nil {
			opts.Progress(start+width, cp.Size)
		}
	}
	root := emptyRoot[:]
	if cp.Size > 0 {
		root, err = rng.GetRootHash(nil)
		if err != nil {
			return Checkpoint{}, nil, &VerifyError{"inclusion", -1, err}
		}
	}
	if !bytes.Equal(root, cp.Hash[:]) {
		return Checkpoint{}, nil, &VerifyError{"inclusion", -1,
			fmt.Errorf("the %d entries hash to %x, the checkpoint says %x", cp.Size, root, cp.Hash[:])}
	}
	return cp, msg, nil
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
