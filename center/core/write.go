package core

import (
	"context"
	"fmt"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/ledger"
)

// decideFunc validates and authorizes one act against the view and
// returns the entry's type and body. It MUST NOT change the view; the
// applier for the type does that, the same way during replay.
type decideFunc func(v *View) (typ string, body any, err error)

type writeReq struct {
	actor  truce.Actor
	decide decideFunc
	signed *signedAct // the member's verified HTTP signature, if any (credentials.go)
}

// Write submits one act and waits until it is committed or refused. The
// returned entry is in the log when err is nil.
//
// It returns the decide function's error, or the write errors (package
// center's doc: EUnavailable, EUnauthorized, ETooLarge, EInternal).
func (c *Center) Write(ctx context.Context, actor truce.Actor, decide decideFunc) (*truce.Entry, error) {
	return c.writer.Submit(ctx, &writeReq{actor: actor, decide: decide, signed: SignedFrom(ctx)})
}

// WriteAll submits acts of one actor together, in their order, and waits
// until each is committed or refused: one commit to wait for where
// Write, called for each in turn, waits for one each.
//
// It returns the first error of the acts, in their order: a decide
// function's error, or the write errors (package center's doc:
// EUnavailable, EUnauthorized, ETooLarge, EInternal).
func (c *Center) WriteAll(ctx context.Context, actor truce.Actor, decides []decideFunc) error {
	reqs := make([]*writeReq, len(decides))
	for i, d := range decides {
		reqs[i] = &writeReq{actor: actor, decide: d, signed: SignedFrom(ctx)}
	}
	_, err := c.writer.SubmitAll(ctx, reqs)
	return err
}

// WriteFault returns the store's failure to begin or commit the last
// batch of writes, or nil when the last batch committed (or none has been
// tried). Health checks report it: while it is set, writes answer 503.
func (c *Center) WriteFault() *engine.Fault { return c.writer.Fault() }

// Sync brings the center's state up to the store's log: entries other
// processes committed are applied and published. Writes do this by
// themselves; readers on a node of a shared store call Sync, or rely on
// the store's Notifier, to see other nodes' writes.
//
// It returns what engine.Writer.Sync returns: EUnavailable once the
// center is closed, ctx's error if ctx ends first, EInternal if the
// store fails or its log does not replay onto the state.
func (c *Center) Sync(ctx context.Context) error { return c.writer.Sync(ctx) }

// writerHooks is what the engine's writer does with the center's state.
type writerHooks struct{ c *Center }

func (h writerHooks) Size() uint64 { return h.c.state.LogSize }

func (h writerHooks) Batch() *View { return NewView(h.c.state) }

func (h writerHooks) Decide(v *View, r *writeReq) (*truce.Entry, []byte, error) {
	return h.c.decide(v, r)
}

func (h writerHooks) Apply(v *View, e *truce.Entry) error { return apply(v, e) }

// Install installs a committed batch, with the versions its entries
// made kept for the event history and its openings at hand for the
// event streams (recent.go), then brings the conflict index and the
// clock's deadlines in step, notes the nonces of its signed acts and
// publishes its entries.
func (h writerHooks) Install(v *View, entries []*truce.Entry) {
	c := h.c
	c.recent.add(v.Payloads())
	c.Hist.mu.Lock()
	c.Hist.record(v)
	c.mu.Lock()
	v.InstallBatch()
	c.mu.Unlock()
	c.Hist.trim(c.state)
	c.Hist.mu.Unlock()
	c.reindex(v.Keys())
	c.noteNonces(entries)
	if c.cfg.OnCommit != nil {
		c.cfg.OnCommit(entries)
	}
}

// decide runs one act against the view and, if it is accepted, applies
// its entry. A refused act leaves the view as it was.
func (c *Center) decide(v *View, r *writeReq) (*truce.Entry, []byte, error) {
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
	if wp, ok := b.(WithPayloads); ok {
		for k, p := range wp.Payloads {
			if _, dup := v.payloads[k]; !dup {
				v.keepPayload(k, p)
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
	e := &truce.Entry{Index: v.LogSize, Time: t, Type: typ, Actor: r.actor, Body: body, Request: signed}
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
