package engine

import (
	"context"

	"github.com/truce-center/truce/ledger"
)

// Store keeps the log (its entries and Merkle hashes) and the projection
// (one canonical JSON document per object) durably. Every implementation
// MUST pass the storetest suite.
type Store interface {
	// Begin starts the write transaction. It MUST hold the log's write
	// lock — across processes sharing the store — until Commit or
	// Rollback, so that there is one sequence of entries.
	Begin(ctx context.Context) (Tx, error)
	// Load calls fn for every stored object and returns the log size the
	// objects correspond to, from one consistent snapshot.
	Load(ctx context.Context, fn func(kind, id string, body []byte) error) (size uint64, err error)
	// Size returns the number of committed entries.
	Size(ctx context.Context) (uint64, error)
	// Entries returns the committed entries [start, end).
	Entries(ctx context.Context, start, end uint64) ([][]byte, error)
	// ReadHashes returns stored Merkle hashes by stored-hash index.
	ReadHashes(ctx context.Context, indexes []int64) ([]ledger.Hash, error)
	// Payload returns a payload stored beside the log by its key, or
	// nil and no error if there is none.
	Payload(ctx context.Context, key string) ([]byte, error)
	Close() error
}

// Tx is the write transaction. Its methods see the transaction's own
// writes.
type Tx interface {
	// Size is the log's size as the transaction sees it: the size when
	// the lock was taken, grown by each Append (both stores do so, and
	// the writer reads it before it appends).
	Size() uint64
	Entries(start, end uint64) ([][]byte, error)
	ReadHashes(indexes []int64) ([]ledger.Hash, error)
	// Append writes entries at positions Size(), Size()+1, … and the
	// stored hashes that go with them.
	Append(entries [][]byte, hashes []ledger.HashRow) error
	// Put writes an object's document; a nil body deletes it.
	Put(kind, id string, body []byte) error
	// PutPayload stores bytes beside the log under key (a commitment's
	// opening, an evidence file). Writing the same key twice keeps the first.
	PutPayload(key string, data []byte) error
	// Commit makes everything durable before it returns nil.
	Commit() error
	Rollback() error
}

// Notifier is implemented by stores that several processes share.
// Changes returns a channel that receives a value (coalesced) whenever
// another process may have committed entries, until ctx ends.
type Notifier interface {
	Changes(ctx context.Context) <-chan struct{}
}

// TileStore is implemented by a store that keeps the log's full tiles as
// bytes once they are complete (a full tile never changes): they are
// served as stored instead of computed from entries and hashes.
// StoredTile returns nil, nil for a tile it does not hold.
type TileStore interface {
	StoredTile(ctx context.Context, t ledger.Tile) ([]byte, error)
}
