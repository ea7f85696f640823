package core

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
	"github.com/truce-center/truce/center/events"
	"github.com/truce-center/truce/center/publish"
	"github.com/truce-center/truce/conflict"
)

// Config is what a center needs to run.
type Config struct {
	Store  engine.Store
	Signer note.Signer // the center's checkpoint key; its name is the log's origin
	Clock  truce.Clock
	Logger *slog.Logger
	// MaxBatch bounds how many acts one store transaction commits
	// (group commit). Zero means 256.
	MaxBatch int
	// QueueLength bounds how many acts may wait for the writer before
	// writes are refused as unavailable (back-pressure). Zero means 4096.
	QueueLength int
	// RecentOpenings bounds the bytes of the openings last committed
	// that the center keeps at hand for its event streams (recent.go).
	// Zero means 8 MiB; negative keeps none, and every opening is read
	// from the store.
	RecentOpenings int
	// OnCommit, if set, is called after each committed batch with its
	// entries, in log order, before their writers are answered.
	OnCommit func(entries []*truce.Entry)
	// Settings are the center's tunables (deadlines, the event stream);
	// zero fields take their defaults.
	Settings Settings
	// Snapshot, if set, is the file of the center's snapshot
	// (snapshot.go): read at open when it matches the stored log,
	// written at Close and in the background once the entries since the
	// last reach SnapshotEntries (zero: 100,000 or a quarter of the log,
	// whichever is more), or once SnapshotInterval (zero: 10 minutes) has
	// passed and they reach a hundredth of the log.
	Snapshot         string
	SnapshotEntries  int
	SnapshotInterval time.Duration
}

// Center is the running application. Its methods are safe for
// concurrent use.
type Center struct {
	cfg    Config
	Store  engine.Store
	clock  truce.Clock
	log    *slog.Logger
	Signer note.Signer

	mu    sync.RWMutex // guards state
	state *State

	writer *engine.Writer[*writeReq, *View] // the one goroutine that changes state (write.go)

	// index is the conflict index over the installed state; the writer
	// goroutine keeps it in step (reindex) after each install.
	index *conflict.Index
	gens  indexGens // what each install changed in it (index.go)

	events *events.Broker // the live event stream (events.go)
	Hist   *history       // the objects as each entry left them, for the stream (eventhistory.go)

	Pub *publish.Log // checkpoints, tiles, proofs, and the offers to the witnesses

	Probes *probes // budgets and counts of conflict questions (probes.go)

	// clockDue and alertDue are when zones, sites and notifications
	// (Advance) and messages (Tick) next fall due (deadlines.go); the
	// writer goroutine keeps them in step with reindex.
	clockDue, AlertDue *engine.Deadlines

	// nonces of recent signed acts, by key, and when they were signed;
	// owned by the writer goroutine (acts.go).
	nonces     map[string]time.Time
	noncesKept int
	noncesFrom uint64 // the entries before it are in nonces already (a snapshot's)

	snap snapState // the snapshot's bookkeeping (snapshot.go)

	reg    *Registry // what the features registered (registry.go)
	Caches caches    // the features' own state (the terms' phase gate)

	recent *recentOpenings // the openings last committed (recent.go)
}

// OpenCenter loads the projection from the store and starts the writer,
// with the features reg registers (center.Open passes the center's).
//
// Its errors are not *truce.Error (EInternal to truce.ErrorCode): no
// store or no signer in cfg, the store's failure to load the projection
// or read its newest entries, an entry or object that does not decode,
// or a signer whose name is not the stored log's origin.
func OpenCenter(ctx context.Context, reg *Registry, cfg Config) (*Center, error) {
	if cfg.Store == nil || cfg.Signer == nil {
		return nil, errors.New("center: a store and a signer are required")
	}
	if cfg.Clock == nil {
		cfg.Clock = truce.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 256
	}
	if cfg.QueueLength <= 0 {
		cfg.QueueLength = 4096
	}
	// Defaults filled in once: Settings() is read on every request.
	cfg.Settings = cfg.Settings.withDefaults()
	c := &Center{
		cfg: cfg, Store: cfg.Store, clock: cfg.Clock, log: cfg.Logger, Signer: cfg.Signer,
		reg: reg, clockDue: &engine.Deadlines{}, AlertDue: &engine.Deadlines{},
	}
	// The state, the conflict index and the clock's due times, from the
	// snapshot or in full (snapshot.go).
	st, err := c.openState(ctx, reg)
	if err != nil {
		return nil, err
	}
	if info := st.info(); info != nil && info.Origin != cfg.Signer.Name() {
		return nil, fmt.Errorf("center: the key is for %q but the store's log is %q", cfg.Signer.Name(), info.Origin)
	}
	c.recent = newRecentOpenings(cfg.RecentOpenings)
	st.opener = c.recent.opener(st.opener)
	c.state = st
	c.Hist = newHistory(c, st)
	c.events = events.NewBroker(st.LogSize, cfg.Store, c.Sync)
	c.cfg.OnCommit = func(entries []*truce.Entry) {
		c.events.Publish(entries)
		if cfg.OnCommit != nil {
			cfg.OnCommit(entries)
		}
	}
	c.Pub = publish.New(publish.Config{Store: cfg.Store, Signer: cfg.Signer, Logger: cfg.Logger, Witnesses: c.witnesses,
		Settings: func() publish.Settings {
			set := c.Settings()
			return publish.Settings{Quorum: set.WitnessQuorum, Timeout: set.WitnessTimeout, Retry: set.WitnessRetry}
		}})
	onCommit := c.cfg.OnCommit
	c.cfg.OnCommit = func(entries []*truce.Entry) {
		c.Pub.Committed()
		if onCommit != nil {
			onCommit(entries)
		}
		c.snapshotAfter()
	}
	c.Probes = newProbes(c.Settings().Questions)
	if err := c.loadNonces(ctx); err != nil { // credentials.go
		return nil, err
	}
	c.snapshotAtOpen()
	c.writer = engine.NewWriter(engine.WriterConfig{Store: cfg.Store, Logger: cfg.Logger, Now: c.now, MaxBatch: cfg.MaxBatch, QueueLength: cfg.QueueLength}, writerHooks{c})
	return c, nil
}

func loadState(ctx context.Context, reg *Registry, s engine.Store) (*State, error) {
	st := NewState(reg)
	st.useStore(s)
	size, err := st.LoadStore(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("loading the projection: %w", err)
	}
	st.LogSize = size
	if size > 0 {
		raw, err := s.Entries(ctx, size-1, size)
		if err != nil || len(raw) != 1 {
			return nil, fmt.Errorf("reading the newest entry: %v", err)
		}
		e, err := engine.DecodeEntry(raw[0])
		if err != nil {
			return nil, fmt.Errorf("reading the newest entry: %w", err)
		}
		st.Last = e.Time
	}
	return st, nil
}

func (s *State) info() *Info {
	i := TCenter.Get(s, "center")
	return i
}

// Close stops accepting writes, commits every write already accepted, and
// returns when the writer has stopped and, with Config.Snapshot, the
// snapshot reflects every entry (a failure to write it is logged, not
// returned). It does not close the store.
//
// Its error is always nil; writes submitted after it are refused with
// EUnavailable.
func (c *Center) Close() error {
	c.writer.Close()
	c.Pub.Stop()
	c.closeSnapshot()
	return nil
}

// Read runs fn with the state locked for reading.
func (c *Center) Read(fn func(s *State)) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	fn(c.state)
}

// ReadSized runs fn with the state locked for reading, as Read does, and
// notes in ctx the log size of the state fn read, if ctx carries a note
// (WithLogSize): the size an answer built from that read reflects.
func (c *Center) ReadSized(ctx context.Context, fn func(s *State)) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	fn(c.state)
	if n, ok := ctx.Value(LogSizeKey{}).(*LogSizeNote); ok {
		n.note(c.state.LogSize)
	}
}

// Size returns the number of entries the center's state reflects.
func (c *Center) Size() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.state.LogSize
}

// Origin returns the log's origin.
func (c *Center) Origin() string { return c.Signer.Name() }

// now returns the clock's time in UTC.
func (c *Center) now() time.Time { return c.clock.Now().UTC() }

// Info returns the center's description, or nil before Init.
func (c *Center) Info() *Info {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if i := c.state.info(); i != nil {
		cp := *i
		return &cp
	}
	return nil
}

// Log publishes the log: its checkpoint, tiles, proofs and receipts, and
// the witnesses' cosignatures.
func (c *Center) Log() *publish.Log { return c.Pub }

// QueueLen returns how many acts are waiting for the writer.
func (c *Center) QueueLen() int { return c.writer.QueueLen() }

// Now is the center's clock, in UTC.
func (c *Center) Now() time.Time { return c.now() }

// witnesses lists the registered witnesses, for publishing.
func (c *Center) witnesses() []truce.Witness {
	var out []truce.Witness
	c.Read(func(s *State) { out = c.reg.Witnesses(s) })
	return out
}

// CopyOf returns a copy of the object of table t with that id, read
// under the state's lock, or ENotFound naming it as what ("party",
// "terms" …) when there is none.
func CopyOf[T any](c *Center, t engine.Table[T], what, id string) (*T, error) {
	var out *T
	c.Read(func(s *State) {
		if x := t.Get(s, id); x != nil {
			cp := *x
			out = &cp
		}
	})
	if out == nil {
		return nil, truce.Errorf(truce.ENotFound, "no %s %q", what, id)
	}
	return out, nil
}
