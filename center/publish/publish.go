// Package publish is how the log is published: its signed checkpoint,
// tiles and proofs as C2SP tlog-tiles serves them, receipts, and the
// offers of each new checkpoint to the parties' witnesses, whose
// cosignatures make a checkpoint final (docs/design/witnesses.md).
//
// What is offered and gathered is not in the log: it is running state,
// rebuilt after a restart by offering again (a witness's 409 tells the
// center where it stands).
package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/ledger"
)

// Settings are the witness policy and the offers' timing.
type Settings struct {
	// Quorum is how many registered witnesses must cosign a checkpoint
	// for it to be final.
	Quorum int
	// Timeout bounds one exchange with a witness.
	Timeout time.Duration
	// Retry is how long after a round that left a witness behind the
	// next round starts.
	Retry time.Duration
}

// Config is what the publisher needs.
type Config struct {
	Store  engine.Store
	Signer note.Signer // the center's checkpoint key
	Logger *slog.Logger
	// Witnesses returns the registered witnesses, as of now.
	Witnesses func() []truce.Witness
	// Settings returns the current settings.
	Settings func() Settings
}

// Log publishes one center's log. Its methods are safe for concurrent
// use.
type Log struct {
	cfg Config

	ckptMu sync.Mutex
	ckpt   signedCheckpoint
	// front holds the tree's frontier at the last checkpoint made (under
	// ckptMu): a checkpoint after more commits reads from the store only
	// the subtrees they completed.
	front ledger.Frontier

	cacheOnce sync.Once
	hashCache ledger.HashReader

	w *witnessing
}

// New returns the publisher and starts its offers to the witnesses; Stop
// ends them.
func New(cfg Config) *Log {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	l := &Log{cfg: cfg}
	l.w = &witnessing{l: l, wake: make(chan struct{}, 1), done: make(chan struct{}), stopped: make(chan struct{}),
		peers: map[string]*peer{}, changed: make(chan struct{})}
	go l.w.loop()
	l.w.poke()
	return l
}

// Committed wakes the offers after a commit; it never blocks.
func (l *Log) Committed() { l.w.poke() }

// Stop ends the offers and waits for them.
func (l *Log) Stop() { l.w.stop() }

type signedCheckpoint struct {
	size uint64
	note []byte
}

// Checkpoint returns the signed checkpoint of the log as committed in the
// store. It is signed afresh whenever the log has grown, so it covers
// every acknowledged write as soon as that write is answered. Ed25519
// signatures are deterministic: every node of a center serves the same
// bytes for the same tree.
//
// Its errors are not *truce.Error (EInternal to truce.ErrorCode): the
// store cannot say its size or read the hashes of the tree head, or
// signing fails.
func (l *Log) Checkpoint(ctx context.Context) ([]byte, ledger.Checkpoint, error) {
	size, err := l.cfg.Store.Size(ctx)
	if err != nil {
		return nil, ledger.Checkpoint{}, fmt.Errorf("reading the log size: %w", err)
	}
	l.ckptMu.Lock()
	defer l.ckptMu.Unlock()
	if l.ckpt.note != nil && l.ckpt.size == size {
		cp, err := ledger.ParseCheckpoint(noteText(l.ckpt.note))
		return l.ckpt.note, cp, err
	}
	root, err := ledger.TreeHash(int64(size), l.front.Reader(int64(size), l.hashes(ctx)))
	if err != nil {
		return nil, ledger.Checkpoint{}, fmt.Errorf("computing the tree head: %w", err)
	}
	cp := ledger.Checkpoint{Origin: l.cfg.Signer.Name(), Size: int64(size), Hash: root}
	msg, err := ledger.Sign(cp, l.cfg.Signer)
	if err != nil {
		return nil, ledger.Checkpoint{}, err
	}
	l.ckpt = signedCheckpoint{size: size, note: msg}
	return msg, cp, nil
}

// noteText returns the text of a signed note: everything before the
// blank line that starts the signatures.
func noteText(msg []byte) []byte {
	for i := 0; i+1 < len(msg); i++ {
		if msg[i] == '\n' && msg[i+1] == '\n' {
			return msg[:i+1]
		}
	}
	return msg
}

// hashes reads the tree's stored hashes, the upper levels from memory.
func (l *Log) hashes(ctx context.Context) ledger.HashReader {
	l.cacheOnce.Do(func() { l.hashCache = proofReader(l.cfg.Store) })
	return l.hashCache
}

// proofCacheLevel is the lowest level of stored hashes kept in memory:
// 1/256 of them, shared by every proof. Measured: a proof at 10,000,000
// entries takes about 78 µs with it, the same as with level 4 (which
// keeps 16 times more), and reading a tile's stretch of hashes with one
// range scan instead was four times slower (row-at-a-time iteration costs
// more than eight indexed lookups).
const proofCacheLevel = 8

// proofReader is how proofs read a store's stored hashes.
func proofReader(s engine.Store) ledger.HashReader {
	bg := context.Background()
	list := func(idx []int64) ([]ledger.Hash, error) { return s.ReadHashes(bg, idx) }
	return ledger.CachedHashReader(engine.HashFunc(list), proofCacheLevel)
}

// ProofReader is how proofs read a store's stored hashes: the upper
// levels from memory (benchmarks use it to measure the center's path).
func ProofReader(s engine.Store) ledger.HashReader { return proofReader(s) }

// Tile returns a tile or entry bundle of the log, as C2SP tlog-tiles
// serves it. It returns ENotFound for a tile the tree does not hold, and
// the store's failure to say its size or read entries or hashes as an
// error that is not a *truce.Error (EInternal).
func (l *Log) Tile(ctx context.Context, t ledger.Tile) ([]byte, error) {
	if ts, ok := l.cfg.Store.(engine.TileStore); ok {
		if data, err := ts.StoredTile(ctx, t); err != nil || data != nil {
			return data, err
		}
	}
	size, err := l.cfg.Store.Size(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the log size: %w", err)
	}
	if t.IsEntries() {
		start := uint64(t.Index) * ledger.TileWidth
		end := start + uint64(t.Width)
		if end > size {
			return nil, truce.Errorf(truce.ENotFound, "the log has %d entries", size)
		}
		raws, err := l.cfg.Store.Entries(ctx, start, end)
		if err != nil {
			return nil, fmt.Errorf("reading entries: %w", err)
		}
		return ledger.MarshalBundle(raws)
	}
	data, err := ledger.TileData(t, int64(size), l.hashes(ctx))
	if errors.Is(err, ledger.ErrTileBeyondTree) {
		return nil, truce.Errorf(truce.ENotFound, "the log has %d entries", size)
	}
	return data, err
}

// InclusionProof returns the proof that entry i is in the tree of the
// given size.
//
// It returns ENotFound if i is not below size, and EInternal (an error
// that is not a *truce.Error) if the hashes the proof needs cannot be
// read: the store fails, or size is beyond the stored tree.
func (l *Log) InclusionProof(ctx context.Context, size, i uint64) ([]ledger.Hash, error) {
	if i >= size {
		return nil, truce.Errorf(truce.ENotFound, "entry %d is not in a tree of %d entries", i, size)
	}
	p, err := ledger.InclusionProof(int64(size), int64(i), l.hashes(ctx))
	return p, err
}
