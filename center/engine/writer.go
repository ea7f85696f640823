package engine

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/ledger"
)

// Pending is a batch of changes on its way to the store: the objects it
// changed and the payloads (openings, evidence) to keep beside the log.
type Pending interface {
	Changes() ([]Key, [][]byte, error)
	Payloads() map[string][]byte
}

// Handler is what the writer needs from the application above it. The
// writer calls it from its one goroutine only.
type Handler[A any, B Pending] interface {
	// Size is the number of entries the installed state reflects.
	Size() uint64
	// Batch starts a batch over the installed state.
	Batch() B
	// Decide decides one act against the batch and, if it is accepted,
	// applies its entry to the batch and returns the entry and its
	// canonical bytes. A refused act leaves the batch as it was.
	Decide(b B, act A) (*truce.Entry, []byte, error)
	// Apply applies an entry that is already in the log (committed by
	// another process sharing the store).
	Apply(b B, e *truce.Entry) error
	// Install makes a committed batch the state readers see, with its
	// entries in log order.
	Install(b B, entries []*truce.Entry)
}

// Fault is a failure of the store to take a batch of writes.
type Fault struct {
	At  time.Time // on the center's clock
	Err error     // the store's error: for logs and operators, not for clients
}

// WriterConfig is how the writer runs.
type WriterConfig struct {
	Store  Store
	Logger *slog.Logger
	Now    func() time.Time
	// MaxBatch bounds how many acts one store transaction commits
	// (group commit).
	MaxBatch int
	// QueueLength bounds how many acts may wait before writes are
	// refused as unavailable (back-pressure).
	QueueLength int
}

// Writer is the one goroutine that changes the state: it decides queued
// acts in batches, appends their entries and changed objects to the
// store in one transaction per batch, and installs each batch once it is
// durable. Its methods are safe for concurrent use.
type Writer[A any, B Pending] struct {
	cfg WriterConfig
	h   Handler[A, B]

	// queue holds the acts waiting, in groups: one Submit's or
	// SubmitAll's, never split across batches. waiting counts its acts,
	// for back-pressure (QueueLength); next is a group taken from it that
	// did not fit in the batch before (the writer's own).
	queue   chan []*request[A]
	waiting atomic.Int64
	next    []*request[A]
	syncq   chan chan error
	stop    chan struct{}
	stopped chan struct{}
	closeMu sync.RWMutex // held for reading while submitting, for writing by Close
	closed  bool
	fault   atomic.Pointer[Fault]
	// frontier keeps the stored hashes the next append reads (the
	// writer's goroutine only): without it each batch asked the store
	// for them with a query made afresh.
	frontier ledger.Frontier
}

type request[A any] struct {
	ctx  context.Context
	act  A
	done chan result
}

type result struct {
	entry *truce.Entry
	err   error
}

// NewWriter starts the writer. If the store is shared with other
// processes (it implements Notifier), the writer follows their commits.
func NewWriter[A any, B Pending](cfg WriterConfig, h Handler[A, B]) *Writer[A, B] {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	w := &Writer[A, B]{
		cfg: cfg, h: h,
		queue:   make(chan []*request[A], max(cfg.QueueLength, 1)),
		syncq:   make(chan chan error),
		stop:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	go w.run()
	if n, ok := cfg.Store.(Notifier); ok {
		go w.follow(n)
	}
	return w
}

// Submit queues one act and waits until it is committed or refused. The
// returned entry is in the log when err is nil. It answers EUnavailable
// at once when the queue is full or the writer is closed.
//
// Once queued, it returns EUnavailable if ctx has ended by the time the
// act's batch is decided (nothing written), or if the store fails to
// begin the batch's transaction, to catch up with its log, or to commit
// (then the act may or may not be in the log: the message says so); and
// otherwise the Handler's Decide error unchanged (the act refused,
// nothing written).
func (w *Writer[A, B]) Submit(ctx context.Context, act A) (*truce.Entry, error) {
	es, err := w.SubmitAll(ctx, []A{act})
	if es == nil {
		return nil, err
	}
	return es[0], err
}

// SubmitAll queues acts, in their order, and waits until each is
// committed or refused: as Submit, but the acts are queued together and
// decided in one batch (one commit to wait for, not one each), in
// their order, unless they are more than a batch holds (MaxBatch): then
// in consecutive batches. The entries of those committed are set, the
// others nil.
//
// It returns the first error of the acts, in their order, each as
// Submit's; EUnavailable at once, none queued, when the queue has no
// room for them all or the writer is closed.
func (w *Writer[A, B]) SubmitAll(ctx context.Context, acts []A) ([]*truce.Entry, error) {
	reqs := make([]*request[A], len(acts))
	for i, act := range acts {
		reqs[i] = &request[A]{ctx: ctx, act: act, done: make(chan result, 1)}
	}
	w.closeMu.RLock()
	if w.closed {
		w.closeMu.RUnlock()
		return nil, truce.Errorf(truce.EUnavailable, "the center is shutting down")
	}
	n := int64(len(reqs))
	full := w.waiting.Add(n) > int64(w.cfg.QueueLength)
	if !full {
		select {
		case w.queue <- reqs:
		default: // as many groups as acts may wait: not reached
			full = true
		}
	}
	if full {
		w.waiting.Add(-n)
		w.closeMu.RUnlock()
		return nil, truce.Errorf(truce.EUnavailable, "too many writes are waiting; try again shortly")
	}
	w.closeMu.RUnlock()
	// Once queued, an act is decided and maybe committed whatever the
	// caller does: wait for the outcome so the answer is never a lie.
	es := make([]*truce.Entry, len(acts))
	var first error
	for i, req := range reqs {
		res := <-req.done
		es[i] = res.entry
		if res.err != nil && first == nil {
			first = res.err
		}
	}
	return es, first
}

// QueueLen returns how many acts are waiting.
func (w *Writer[A, B]) QueueLen() int { return int(w.waiting.Load()) }

// Fault returns the store's failure to begin or commit the last batch,
// or nil when the last batch committed (or none has been tried).
func (w *Writer[A, B]) Fault() *Fault { return w.fault.Load() }

// Close stops accepting acts, commits every act already accepted, and
// returns when the writer has stopped. It does not close the store.
func (w *Writer[A, B]) Close() {
	w.closeMu.Lock()
	if w.closed {
		w.closeMu.Unlock()
		return
	}
	w.closed = true
	close(w.stop)
	w.closeMu.Unlock()
	<-w.stopped
}

func (w *Writer[A, B]) run() {
	defer close(w.stopped)
	for {
		var first []*request[A]
		if w.next != nil {
			first, w.next = w.next, nil
		} else {
			select {
			case done := <-w.syncq:
				done <- w.syncFromStore()
				continue
			case first = <-w.queue:
				w.waiting.Add(-int64(len(first)))
			case <-w.stop:
				// Drain what was accepted before Close.
				for {
					select {
					case g := <-w.queue:
						w.waiting.Add(-int64(len(g)))
						w.commitGroups(g)
					default:
						return
					}
				}
			}
		}
		w.commit(w.collect(first))
	}
}

// commitGroups commits g and any group left over by its batches.
func (w *Writer[A, B]) commitGroups(g []*request[A]) {
	w.commit(w.collect(g))
	for w.next != nil {
		g, w.next = w.next, nil
		w.commit(w.collect(g))
	}
}

// collect makes a batch of the group first and the groups queued after
// it, up to MaxBatch acts: a group that does not fit waits for the next
// batch (w.next), whole; a group larger than MaxBatch is cut.
func (w *Writer[A, B]) collect(first []*request[A]) []*request[A] {
	if len(first) > w.cfg.MaxBatch {
		w.next = first[w.cfg.MaxBatch:]
		return first[:w.cfg.MaxBatch]
	}
	batch := append(make([]*request[A], 0, len(first)), first...)
	for len(batch) < w.cfg.MaxBatch {
		select {
		case g := <-w.queue:
			w.waiting.Add(-int64(len(g)))
			if len(batch)+len(g) > w.cfg.MaxBatch {
				w.next = g
				return batch
			}
			batch = append(batch, g...)
		default:
			return batch
		}
	}
	return batch
}

func (w *Writer[A, B]) setFault(err error) {
	w.fault.Store(&Fault{At: w.cfg.Now(), Err: err})
}

// commit decides, appends and commits one batch, then installs it and
// answers its writers.
func (w *Writer[A, B]) commit(batch []*request[A]) {
	ctx := context.Background()
	fail := func(reqs []*request[A], err error) {
		for _, r := range reqs {
			r.done <- result{err: err}
		}
	}
	tx, err := w.cfg.Store.Begin(ctx)
	if err != nil {
		w.cfg.Logger.Error("beginning a write transaction", "err", err)
		w.setFault(err)
		fail(batch, truce.Errorf(truce.EUnavailable, "the store is unavailable"))
		return
	}
	defer tx.Rollback()
	if err := w.catchUpTo(tx.Size(), tx.Entries); err != nil {
		w.cfg.Logger.Error("catching up with the log", "err", err)
		w.setFault(err)
		fail(batch, truce.Errorf(truce.EUnavailable, "the store is unavailable"))
		return
	}
	b := w.h.Batch()
	var (
		accepted []*request[A]
		entries  []*truce.Entry
		raws     [][]byte
	)
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.done <- result{err: truce.Errorf(truce.EUnavailable, "the request was cancelled before it was written")}
			continue
		}
		e, raw, err := w.h.Decide(b, r.act)
		if err != nil {
			r.done <- result{err: err}
			continue
		}
		accepted = append(accepted, r)
		entries = append(entries, e)
		raws = append(raws, raw)
	}
	if len(accepted) == 0 {
		return
	}
	if err := persist(tx, b, raws, &w.frontier); err != nil {
		// If the commit itself failed, the store may or may not have kept
		// the batch: say so rather than promise either. The state stays
		// right either way — the next batch catches up from the store's
		// log before it decides anything.
		w.cfg.Logger.Error("committing a batch", "err", err, "entries", len(raws))
		w.setFault(err)
		fail(accepted, truce.Errorf(truce.EUnavailable, "the write could not be confirmed: it may or may not be in the log; read it back before sending it again"))
		return
	}
	w.fault.Store(nil)
	w.h.Install(b, entries)
	for i, r := range accepted {
		r.done <- result{entry: entries[i]}
	}
}

// persist writes the batch's entries, hashes, payloads and objects and
// commits, keeping f in step: advanced past the batch once it is
// committed, emptied when the commit's outcome is unknown.
func persist(tx Tx, b Pending, raws [][]byte, f *ledger.Frontier) error {
	n := int64(tx.Size())
	hashes, err := ledger.AppendHashes(n, raws, f.Reader(n, HashFunc(tx.ReadHashes)))
	if err == nil {
		err = write(tx, b, raws, hashes)
	}
	if err != nil {
		f.Reset()
		return err
	}
	f.Advance(n+int64(len(raws)), hashes)
	return nil
}

// write writes what persist computed and commits.
func write(tx Tx, b Pending, raws [][]byte, hashes []ledger.HashRow) error {
	if err := tx.Append(raws, hashes); err != nil {
		return fmt.Errorf("appending entries: %w", err)
	}
	for k, p := range b.Payloads() {
		if err := tx.PutPayload(k, p); err != nil {
			return fmt.Errorf("storing an opening: %w", err)
		}
	}
	keys, bodies, err := b.Changes()
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

// HashFunc adapts a function to ledger.HashReader.
type HashFunc func([]int64) ([]ledger.Hash, error)

// ReadHashes calls f. It returns f's error unchanged (the store's:
// EInternal unless it is a *truce.Error).
func (f HashFunc) ReadHashes(idx []int64) ([]ledger.Hash, error) { return f(idx) }

// catchUpTo applies the committed entries from the installed size up to
// size, read with read: entries other processes sharing the store have
// committed. They are already durable, so they are installed at once.
func (w *Writer[A, B]) catchUpTo(size uint64, read func(start, end uint64) ([][]byte, error)) error {
	have := w.h.Size()
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
	b := w.h.Batch()
	var entries []*truce.Entry
	for i, raw := range raws {
		e, err := DecodeEntry(raw)
		if err != nil {
			return fmt.Errorf("entry %d: %w", have+uint64(i), err)
		}
		if err := w.h.Apply(b, e); err != nil {
			return err
		}
		entries = append(entries, e)
	}
	w.fault.Store(nil)
	w.h.Install(b, entries)
	return nil
}

// Sync brings the state up to the store's log: entries other processes
// committed are applied and installed. Writes do this by themselves;
// readers on a node of a shared store call Sync, or rely on the store's
// Notifier, to see other nodes' writes.
//
// It returns EUnavailable once the writer has stopped, ctx's error if ctx
// ends first, and otherwise errors that are not *truce.Error (EInternal
// to truce.ErrorCode): the store cannot say its size or read its entries,
// its log is shorter than the state, or an entry does not decode or
// apply (the Handler's Apply error, passed on).
func (w *Writer[A, B]) Sync(ctx context.Context) error {
	done := make(chan error, 1)
	select {
	case w.syncq <- done:
	case <-w.stopped:
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

func (w *Writer[A, B]) syncFromStore() error {
	ctx := context.Background()
	size, err := w.cfg.Store.Size(ctx)
	if err != nil {
		return fmt.Errorf("reading the log size: %w", err)
	}
	return w.catchUpTo(size, func(start, end uint64) ([][]byte, error) { return w.cfg.Store.Entries(ctx, start, end) })
}

// follow syncs whenever the store says another process committed.
func (w *Writer[A, B]) follow(n Notifier) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-w.stop
		cancel()
	}()
	for range n.Changes(ctx) {
		if err := w.Sync(ctx); err != nil && ctx.Err() == nil {
			w.cfg.Logger.Error("following the shared log", "err", err)
		}
	}
}
