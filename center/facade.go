package center

import (
	"context"

	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
)

// The facade's entry points: each hands the kernel the center's registry
// (register.go).

// Open loads the projection from the store and starts the writer. With
// cfg.Snapshot it reads the snapshot instead when the snapshot's size and
// root are the stored log's, then replays the entries after it; a
// snapshot it cannot use is logged with the reason and the store loaded
// in full (core/snapshot.go).
//
// Its errors are not *truce.Error (EInternal to truce.ErrorCode): no
// store or no signer in cfg, the store's failure to load the projection
// or read its newest entries, an entry or object that does not decode,
// or a signer whose name is not the stored log's origin.
func Open(ctx context.Context, cfg core.Config) (*Center, error) {
	c, err := core.OpenCenter(ctx, &features, cfg)
	if err != nil {
		return nil, err
	}
	return &Center{c}, nil
}

// NewReplayer starts a replay from an empty state. open, if not nil,
// reads the openings of commitments (the store's, or those the API lets
// a verifier's member open); without it, sealed parts stay unknown.
func NewReplayer(open core.Opener) *core.Replayer { return core.StartReplay(&features, open) }

// Replay rebuilds the projection from the store's log and compares it
// with the store's projection, returning the differences (none when they
// are equal).
//
// Its errors are not *truce.Error (EInternal to truce.ErrorCode): the
// store's failure to load or read, or the first entry that does not
// replay, as Add says.
func Replay(ctx context.Context, s engine.Store, progress func(done, total uint64)) ([]string, uint64, error) {
	return core.ReplayStore(ctx, &features, s, progress)
}

// Rebuild replays the store's log and rewrites the stored projection to
// equal the replay, in one transaction under the log's write lock. It
// returns the number of objects it changed. Use it when Replay reports a
// difference and the log, which is signed and verified, is to be trusted
// over the projection.
//
// Its errors are not *truce.Error (EInternal to truce.ErrorCode): the
// store's failure to begin, read, write or commit, or the first entry
// that does not replay, as Add says; then nothing is rewritten.
func Rebuild(ctx context.Context, s engine.Store) (changed int, err error) {
	return core.RebuildStore(ctx, &features, s)
}
