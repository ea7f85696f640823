package center

import (
	"context"
	"fmt"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/ledger"
)

// decideFunc validates and authorizes one act against the view and
// returns the entry's type and body. It MUST NOT change the view; the
// applier for the type does that, the same way during replay.
type decideFunc func(v *view) (typ string, body any, err error)

type writeReq struct {
	ctx    context.Context
	actor  truce.Actor
	decide decideFunc
	signed *signedAct // the member's verified HTTP signature, if any (credentials.go)
	done   chan writeRes
}

type writeRes struct {
	entry *truce.Entry
	err   error
}

// write submits one act and waits until it is committed or refused. The
// returned entry is in the log when err is nil.
func (c *Center) write(ctx context.Context, actor truce.Actor, decide decideFunc) (*truce.Entry, error) {
	req := &writeReq{ctx: ctx, actor: actor, decide: decide, signed: signedFrom(ctx), done: make(chan writeRes, 1)}
	c.closeMu.RLock()
	if c.closed {
		c.closeMu.RUnlock()
		return nil, truce.Errorf(truce.EUnavailable, "the center is shutting down")
	}
	select {
	case c.queue <- req:
	default:
		c.closeMu.RUnlock()
		return nil, truce.Errorf(truce.EUnavailable, "too many writes are waiting; try again shortly")
	}
	c.closeMu.RUnlock()
	// Once queued, the act is decided and maybe committed whatever the
	// caller does: wait for the outcome so the answer is never a lie.
	res := <-req.done
	return res.entry, res.err
}

// WriteFault is a failure of the store to take a batch of writes.
type WriteFault struct {
	At  time.Time // on the center's clock
	Err error     // the store's error: for logs and operators, not for clients
}

// WriteFault returns the store's failure to begin or commit the last
// batch of writes, or nil when the last batch committed (or none has been
// tried). Health checks report it: while it is set, writes answer 503.
func (c *Center) WriteFault() *WriteFault { return c.fault.Load() }

// writer is the one goroutine that changes state. It commits the queued
// acts in batches, each batch one store transaction.
func (c *Center) writer() {
	defer close(c.stopped)
	for {
		var first *writeReq
		select {
		case done := <-c.syncq:
			done <- c.syncFromStore()
			continue
		case first = <-c.queue:
		case <-c.stop:
			// Drain what was accepted before Close.
			for {
				select {
				case r := <-c.queue:
					c.commit(c.collect(r))
				default:
					return
				}
			}
		}
		c.commit(c.collect(first))
	}
}

func (c *Center) collect(first *writeReq) []*writeReq {
	batch := []*writeReq{first}
	for len(batch) < c.cfg.MaxBatch {
		select {
		case r := <-c.queue:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// commit decides, appends and commits one batch, then installs it and
// answers its writers.
func (c *Center) commit(batch []*writeReq) {
	ctx := context.Background()
	fail := func(reqs []*writeReq, err error) {
		for _, r := range reqs {
			r.done <- writeRes{err: err}
		}
	}
	tx, err := c.store.Begin(ctx)
	if err != nil {
		c.log.Error("beginning a write transaction", "err", err)
		c.fault.Store(&WriteFault{At: c.now(), Err: err})
		fail(batch, truce.Errorf(truce.EUnavailable, "the store is unavailable"))
		return
	}
	defer tx.Rollback()
	if err := c.catchUp(tx); err != nil {
		c.log.Error("catching up with the log", "err", err)
		c.fault.Store(&WriteFault{At: c.now(), Err: err})
		fail(batch, truce.Errorf(truce.EUnavailable, "the store is unavailable"))
		return
	}
	v := newView(c.state)
	var (
		accepted []*writeReq
		entries  []*truce.Entry
		raws     [][]byte
	)
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.done <- writeRes{err: truce.Errorf(truce.EUnavailable, "the request was cancelled before it was written")}
			continue
		}
		e, raw, err := c.decide(v, r)
		if err != nil {
			r.done <- writeRes{err: err}
			continue
		}
		accepted = append(accepted, r)
		entries = append(entries, e)
		raws = append(raws, raw)
	}
	if len(accepted) == 0 {
		return
	}
	if err := c.persist(tx, v, raws); err != nil {
		// If the commit itself failed, the store may or may not have kept
		// the batch: say so rather than promise either. The state stays
		// right either way — the next batch catches up from the store's
		// log before it decides anything.
		c.log.Error("committing a batch", "err", err, "entries", len(raws))
		c.fault.Store(&WriteFault{At: c.now(), Err: err})
		fail(accepted, truce.Errorf(truce.EUnavailable, "the write could not be confirmed: it may or may not be in the log; read it back before sending it again"))
		return
	}
	c.fault.Store(nil)
	c.mu.Lock()
	v.install()
	c.mu.Unlock()
	c.reindex(v.Keys())
	c.noteNonces(entries)
	if c.cfg.OnCommit != nil {
		c.cfg.OnCommit(entries)
	}
	for i, r := range accepted {
		r.done <- writeRes{entry: entries[i]}
	}
}

// decide runs one act against the view and, if it is accepted, applies
// its entry. A refused act leaves the view as it was.
func (c *Center) decide(v *view, r *writeReq) (*truce.Entry, []byte, error) {
	mark, size, last := v.mark()
	typ, b, err := r.decide(v)
	if err != nil {
		return nil, nil, err
	}
	if err := c.admitSigned(v, r, typ, b); err != nil {
		return nil, nil, err
	}
	var added []string
	var signed *truce.SignedRequest // the member's signature, and maybe its body (credentials.go)
	if r.signed != nil {
		var kept string
		if signed, kept = r.signed.record(v, b); kept != "" {
			added = append(added, kept)
		}
	}
	if wp, ok := b.(withPayloads); ok {
		for k, p := range wp.payloads {
			if _, dup := v.payloads[k]; !dup {
				v.payloads[k] = p
				added = append(added, k)
			}
		}
	}
	dropPayloads := func() {
		for _, k := range added {
			delete(v.payloads, k)
		}
	}
	body, err := ledger.Canonical(b)
	if err != nil {
		dropPayloads()
		return nil, nil, fmt.Errorf("encoding %s: %w", typ, err)
	}
	t := c.now()
	if t.Before(v.last) {
		t = v.last // entries are dated in order even if the clock steps back
	}
	e := &truce.Entry{Index: v.size, Time: t, Type: typ, Actor: r.actor, Body: body, Request: signed}
	raw, err := ledger.Canonical(e)
	if err != nil {
		return nil, nil, fmt.Errorf("encoding entry: %w", err)
	}
	if len(raw) > ledger.MaxEntrySize {
		dropPayloads()
		return nil, nil, truce.Errorf(truce.ETooLarge, "the act would make a log entry of %d bytes; the log carries at most %d", len(raw), ledger.MaxEntrySize)
	}
	if err := apply(v, e); err != nil {
		v.rollback(mark, size, last)
		dropPayloads()
		c.log.Error("an accepted act did not apply", "type", typ, "err", err)
		return nil, nil, fmt.Errorf("applying %s: %w", typ, err)
	}
	return e, raw, nil
}

// persist writes the batch's entries, hashes and objects and commits.
func (c *Center) persist(tx engine.Tx, v *view, raws [][]byte) error {
	reader := hashReader(tx.ReadHashes)
	hashes, err := ledger.AppendHashes(int64(tx.Size()), raws, reader)
	if err != nil {
		return err
	}
	if err := tx.Append(raws, hashes); err != nil {
		return fmt.Errorf("appending entries: %w", err)
	}
	for k, p := range v.payloads {
		if err := tx.PutPayload(k, p); err != nil {
			return fmt.Errorf("storing an opening: %w", err)
		}
	}
	keys, bodies, err := v.changes()
	if err != nil {
		return err
	}
	for i, k := range keys {
		if err := tx.Put(k.Kind, k.ID, bodies[i]); err != nil {
			return fmt.Errorf("writing %s %s: %w", k.Kind, k.ID, err)
		}
	}
	return tx.Commit()
}

// catchUp applies entries that other processes sharing the store have
// committed since this center last looked. They are already durable, so
// they are installed at once.
func (c *Center) catchUp(tx engine.Tx) error {
	return c.catchUpTo(tx.Size(), tx.Entries)
}

// catchUpTo applies the committed entries from this center's size up to
// size, read with entries. Only the writer goroutine calls it.
func (c *Center) catchUpTo(size uint64, read func(start, end uint64) ([][]byte, error)) error {
	have := c.state.size
	if size == have {
		return nil
	}
	if size < have {
		return fmt.Errorf("the store's log has %d entries, fewer than the %d this center has seen", size, have)
	}
	raws, err := read(have, size)
	if err != nil {
		return err
	}
	v := newView(c.state)
	var entries []*truce.Entry
	for _, raw := range raws {
		e, err := engine.DecodeEntry(raw)
		if err != nil {
			return fmt.Errorf("entry %d: %w", v.size, err)
		}
		if err := apply(v, e); err != nil {
			return err
		}
		entries = append(entries, e)
	}
	c.fault.Store(nil)
	c.mu.Lock()
	v.install()
	c.mu.Unlock()
	c.reindex(v.Keys())
	c.noteNonces(entries)
	if c.cfg.OnCommit != nil {
		c.cfg.OnCommit(entries)
	}
	return nil
}

// hashReader adapts a function to ledger.HashReader.
type hashReader func([]int64) ([]ledger.Hash, error)

func (f hashReader) ReadHashes(idx []int64) ([]ledger.Hash, error) { return f(idx) }

// Sync brings the center's state up to the store's log: entries other
// processes committed are applied and published. Writes do this by
// themselves; readers on a node of a shared store call Sync, or rely on
// the store's Notifier, to see other nodes' writes.
func (c *Center) Sync(ctx context.Context) error {
	done := make(chan error, 1)
	select {
	case c.syncq <- done:
	case <-c.stopped:
		return truce.Errorf(truce.EUnavailable, "the center is shutting down")
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Center) syncFromStore() error {
	ctx := context.Background()
	size, err := c.store.Size(ctx)
	if err != nil {
		return fmt.Errorf("reading the log size: %w", err)
	}
	return c.catchUpTo(size, func(start, end uint64) ([][]byte, error) { return c.store.Entries(ctx, start, end) })
}

// follow syncs whenever the store says another process committed.
func (c *Center) follow(n engine.Notifier) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-c.stop
		cancel()
	}()
	for range n.Changes(ctx) {
		if err := c.Sync(ctx); err != nil && ctx.Err() == nil {
			c.log.Error("following the shared log", "err", err)
		}
	}
}
