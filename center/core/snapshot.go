package core

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/snapshot"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/ledger"
)

// The center's snapshot (package snapshot): the projection and the
// conflict index's objects as they stood after some entry, read at open
// instead of decoding every stored document and mapping every object for
// the index, once its size and root are found to be the stored log's;
// the entries after it are then replayed. It is written at Close and,
// in the background, once the entries since the last one reach
// Config.SnapshotEntries (by default 100,000 or a quarter of the log,
// whichever is more), or once Config.SnapshotInterval has passed and
// they reach a hundredth of the log (snapshotDue).

// Defaults of the snapshot's settings.
const (
	DefaultSnapshotEntries  = 100_000
	DefaultSnapshotInterval = 10 * time.Minute
)

// snapCodec is planned once, from the schema's types.
var snapCodec = sync.OnceValues(func() (*snapshot.Codec, error) {
	kinds, types := schema.Kinds()
	return snapshot.NewCodec(kinds, types)
})

// SnapshotCodec is the codec of the center's snapshot (benchmarks read
// and write the file with it). Its error is the build's fault, as
// EInternal: a schema type holding what a snapshot cannot.
func SnapshotCodec() (*snapshot.Codec, error) { return snapCodec() }

// opened is what an open from the snapshot made: the state, the
// conflict index over it, the clock's due times (clock, alerts) and the
// snapshot's size.
type opened struct {
	st           *State
	ix           *conflict.Index
	clock, alert []engine.Due
	size         uint64
	nonces       *snapshot.Nonces // those the center remembered at size
	// how long reading the file, filling the tables and the index, and
	// replaying the entries after it took, for the log
	read, fill, replay time.Duration
}

// fromSnapshot reads the snapshot at path and checks it against the
// store's log: the log must hold at least as many entries, and its tree
// at the snapshot's size must have the snapshot's root. It returns the
// state the snapshot holds brought up to the store's log (the later
// entries replayed), the conflict index over it (thawed while the
// tables fill, then the objects the replay changed taken again, as
// reindex would) and the clock's due times.
//
// Its error says why the snapshot cannot be used (wrapping
// fs.ErrNotExist when there is none): the caller loads in full instead.
func fromSnapshot(ctx context.Context, reg *Registry, store engine.Store, path string, set conflict.Settings) (*opened, error) {
	codec, err := snapCodec()
	if err != nil {
		return nil, err
	}
	// A snapshot's objects are read into the few allocations they stay
	// in (its slabs): a collection while it is read and the tables and
	// the index fill would mark a growing heap that is nearly all kept
	// (at a million objects a third of the open's CPU, and 1.5-2 s of
	// its time on two cores). The collector is off until then; its first
	// cycle after marks the heap once, in the background, while the
	// center already serves. The replay of the entries after the
	// snapshot, which makes garbage, runs with it on.
	gc := debug.SetGCPercent(-1)
	gcOff := true
	gcOn := func() {
		if gcOff {
			debug.SetGCPercent(gc)
			gcOff = false
		}
	}
	defer gcOn()
	began := time.Now()
	snap, err := codec.Read(path)
	if err != nil {
		return nil, err
	}
	read := time.Since(began)
	size, err := store.Size(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the log's size: %w", err)
	}
	if snap.Size == 0 || snap.Size > size {
		return nil, fmt.Errorf("the snapshot reflects %d entries, the log holds %d", snap.Size, size)
	}
	root, err := storeRoot(ctx, store, snap.Size)
	if err != nil {
		return nil, err
	}
	if root != snap.Root {
		return nil, fmt.Errorf("the snapshot's root at %d entries is not the log's", snap.Size)
	}
	// The index, each table and the due times fill at once: none reads
	// another (the due times are read from the snapshot's lists).
	out := &opened{size: snap.Size, read: read, nonces: snap.Nonces}
	began = time.Now()
	var wg sync.WaitGroup
	var loadErr error
	wg.Go(func() { out.ix, loadErr = conflict.Thaw(set, snap.Index, snap.Trees) })
	st := NewState(reg)
	st.useStore(store)
	dues := make([][]engine.Due, len(snap.Tables))
	for i, t := range snap.Tables {
		wg.Go(func() {
			shareLists(t.Objs)
			st.PutAll(t.Kind, t.IDs, t.Objs)
		})
		switch t.Kind {
		case kindZone, kindSite, kindNotification, KindMessage:
			wg.Go(func() { dues[i] = appendDue(nil, t) })
		}
	}
	wg.Wait()
	for i, t := range snap.Tables {
		if t.Kind == KindMessage {
			out.alert = append(out.alert, dues[i]...)
		} else {
			out.clock = append(out.clock, dues[i]...)
		}
	}
	if loadErr != nil {
		return nil, fmt.Errorf("taking the snapshot's conflict index: %w", loadErr)
	}
	// The index reads the vertices of points and routes in the tables'
	// geometries, as it does after a full load (parseGeoJSON); the
	// snapshot's arrays of its own are let go.
	out.ix.ShareVertices(func(qs []conflict.VertexQuery) { sharedPositions(st, qs) })
	st.LogSize, st.Last = snap.Size, snap.Last
	out.st, out.fill = st, time.Since(began)
	gcOn()
	began = time.Now()
	defer func() { out.replay = time.Since(began) }()
	if snap.Size == size {
		return out, nil
	}
	r := resumeReplay(st)
	r.touched = func(keys []engine.Key) {
		for _, k := range keys {
			obj := st.Lookup(k)
			if k.Kind == KindMessage {
				out.alert = appendDueOf(out.alert, k, obj)
			}
			if k.Kind != kindZone && k.Kind != kindSite && k.Kind != kindNotification {
				continue
			}
			out.clock = appendDueOf(out.clock, k, obj)
			if o, ok := indexObject(nil, obj); ok && o.Active {
				if err := out.ix.Upsert(o); err != nil && loadErr == nil {
					loadErr = err
				}
			} else {
				out.ix.Remove(k.ID)
			}
		}
	}
	const chunk = 4096
	for start := snap.Size; start < size; start += chunk {
		raws, err := store.Entries(ctx, start, min(start+chunk, size))
		if err != nil {
			return nil, fmt.Errorf("reading the entries after the snapshot: %w", err)
		}
		if err := r.Go(raws); err != nil {
			return nil, fmt.Errorf("replaying the entries after the snapshot: %w", err)
		}
	}
	if err := r.Wait(); err != nil {
		return nil, fmt.Errorf("replaying the entries after the snapshot: %w", err)
	}
	if loadErr != nil {
		return nil, fmt.Errorf("indexing the entries after the snapshot: %w", loadErr)
	}
	return out, nil
}

// sharedPositions answers the conflict index's queries for the
// positions of its objects' geometries (conflict.Index.ShareVertices),
// in passes over the batch so that the reads of one pass, each a cache
// miss (the tables are in another order than the index), do not wait
// for each other: the objects, then their lists of volumes, then the
// volumes' geometries.
func sharedPositions(st *State, all []conflict.VertexQuery) {
	for len(all) > 64 {
		sharedPositions(st, all[:64])
		all = all[64:]
	}
	var ns [64]*truce.Notification
	var ss [64]*truce.Site
	var vols [64][]truce.Volume
	qs := all
	for i := range qs {
		switch qs[i].Type {
		case conflict.Notification:
			ns[i] = TNotification.Get(st, qs[i].ID)
		case conflict.Site:
			ss[i] = TSite.Get(st, qs[i].ID)
		}
	}
	for i := range qs {
		if ns[i] != nil {
			vols[i] = ns[i].Volumes
		}
	}
	for i := range qs {
		switch q := &qs[i]; {
		case ns[i] != nil && q.Vol < len(vols[i]):
			q.Pos = vols[i][q.Vol].Geometry.Positions()
		case ss[i] != nil && q.Vol == 0:
			q.Pos = ss[i].Geometry.Positions()
		}
	}
}

// listSharer is an object whose lists of strings can be the arrays kept
// for equal lists (truce.InternList).
type listSharer interface{ ShareLists() }

// shareLists gives the snapshot's objects their shared lists back: the
// codec reads every list into an array of its own, so that the same few
// lists of parties were held once per object (at a million objects,
// 2.8 million strings in them: 45 MB). The arrays the codec read them
// into are garbage once every list of theirs is replaced.
func shareLists(objs []any) {
	for _, o := range objs {
		if s, ok := o.(listSharer); ok {
			s.ShareLists()
		}
	}
}

// appendDue appends the due times of a snapshot's table's objects, as
// loadDue reads them from a state.
func appendDue(xs []engine.Due, t snapshot.Table) []engine.Due {
	for i, id := range t.IDs {
		xs = appendDueOf(xs, engine.Key{Kind: t.Kind, ID: id}, t.Objs[i])
	}
	return xs
}

// appendDueOf appends obj's due time, if it has one (the queue is lazy:
// an object queued twice is dropped at the time it no longer has).
func appendDueOf(xs []engine.Due, k engine.Key, obj any) []engine.Due {
	if at, ok := dueAt(k.Kind, obj); ok {
		xs = append(xs, engine.Due{At: at, Key: k})
	}
	return xs
}

// storeRoot is the root of the store's tree of size n.
func storeRoot(ctx context.Context, store engine.Store, n uint64) (ledger.Hash, error) {
	root, err := ledger.TreeHash(int64(n), engine.HashFunc(func(idx []int64) ([]ledger.Hash, error) { return store.ReadHashes(ctx, idx) }))
	if err != nil {
		return ledger.Hash{}, fmt.Errorf("reading the log's tree: %w", err)
	}
	return root, nil
}

// openState loads the state, the conflict index and the clock's due
// times: from the snapshot when there is one that matches the log, else
// in full.
func (c *Center) openState(ctx context.Context, reg *Registry) (*State, error) {
	cfg := c.cfg
	set := cfg.Settings.Notifications.Engine
	if cfg.Snapshot != "" {
		start := time.Now()
		o, err := fromSnapshot(ctx, reg, cfg.Store, cfg.Snapshot, set)
		if err == nil {
			c.index, c.snap.size = o.ix, o.size
			c.takeNonces(o.nonces, o.size)
			c.clockDue.Load(o.clock)
			c.AlertDue.Load(o.alert)
			ms := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
			c.log.Info("opened from the snapshot", "snapshot_size", o.size, "log_size", o.st.LogSize, "took", ms(time.Since(start)),
				"read", ms(o.read), "fill", ms(o.fill), "replay", ms(o.replay))
			return o.st, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			c.log.Warn("the snapshot was not used; loading the projection in full", "reason", err.Error())
		}
	}
	st, err := loadState(ctx, reg, cfg.Store)
	if err != nil {
		return nil, err
	}
	c.index = buildIndex(st, set, c.log)
	loadDue(c.clockDue, st, kindZone, kindSite, kindNotification)
	loadDue(c.AlertDue, st, KindMessage)
	return st, nil
}

// snapState is the center's bookkeeping of its snapshot.
type snapState struct {
	mu      sync.Mutex  // held while a snapshot is written
	size    uint64      // the log size of the newest snapshot written or read
	at      time.Time   // when it was taken (the center's clock)
	running atomic.Bool // a background write is under way
	done    sync.WaitGroup
}

// captured is what a snapshot holds: a copy of the state's maps (the
// objects, immutable, are shared) and of the conflict index.
type captured struct {
	why    string // what called for it: "open", "entries" (or time), "close"
	st     *State
	objs   []conflict.Object
	trees  *conflict.Trees
	nonces *snapshot.Nonces
	took   time.Duration // the copy's time, while writes waited
}

// capture copies what a snapshot holds. It runs in the writer goroutine,
// or after the writer stopped, so that the index is in step with the
// state.
func (c *Center) capture(why string) captured {
	start := time.Now()
	c.mu.RLock()
	st := &State{Tables: c.state.Tables.Clone(), LogSize: c.state.LogSize, Last: c.state.Last}
	c.mu.RUnlock()
	objs, trees := c.index.Freeze()
	return captured{why, st, objs, trees, c.rememberedNonces(), time.Since(start)}
}

// writeSnapshot writes a captured state and index to the snapshot file.
func (c *Center) writeSnapshot(x captured) error {
	st := x.st
	codec, err := snapCodec()
	if err != nil {
		return err
	}
	root, err := storeRoot(context.Background(), c.Store, st.LogSize)
	if err != nil {
		return err
	}
	c.snap.mu.Lock()
	defer c.snap.mu.Unlock()
	start := time.Now()
	n, err := codec.Write(c.cfg.Snapshot, snapshot.Source{
		Header: snapshot.Header{Size: st.LogSize, Root: root, Last: st.Last},
		Each:   st.Each,
		Index:  x.objs,
		Trees:  x.trees,
		Nonces: x.nonces,
	})
	if err != nil {
		return err
	}
	c.log.Info("wrote the snapshot", "why", x.why, "log_size", st.LogSize, "bytes", n, "took", time.Since(start).Round(time.Millisecond), "capture", x.took.Round(time.Millisecond))
	return nil
}

// snapshotAfter runs after each installed batch, in the writer
// goroutine: once enough entries or time have passed since the last
// snapshot, it captures the state and writes it in the background. A
// capture copies the maps and the index's objects (a fraction of a
// second at a million objects, while writes wait); encoding and
// writing do not hold the writer.
func (c *Center) snapshotAfter() {
	if c.cfg.Snapshot == "" || c.snap.running.Load() {
		return
	}
	size := c.state.LogSize
	interval := c.cfg.SnapshotInterval
	if interval <= 0 {
		interval = DefaultSnapshotInterval
	}
	now := c.now()
	if c.snap.at.IsZero() {
		c.snap.at = now
	}
	if !c.snapshotDue(size, now.Sub(c.snap.at) >= interval) {
		return
	}
	c.snapshotInBackground(c.capture("entries"), now)
}

// snapshotDue reports whether a log of size entries calls for a new
// snapshot after the last one (c.snap.size): once the entries since
// reach SnapshotEntries if it is set, else 100,000 or a quarter of the
// log, whichever is more; or, when late (SnapshotInterval has passed),
// a hundredth of the log.
//
// A snapshot's cost grows with the state (at a million objects about
// five seconds of a core to encode, after a copy of the state made while
// writes wait), and the replay it saves at the next start grows with the
// entries since. With a fixed count a large store paid the whole state's
// encoding every 100,000 writes (a million objects wrote at 72–83 % of
// an empty store's rate, and at 87–101 % with no snapshot written during
// the run: docs/performance.md); with the quarter, the cost spread over
// each entry stays the same at any size. The price is paid after a
// crash, when no snapshot was written at Close: the start replays up to
// a quarter of the log (at a million objects, 300,000 strikes replayed
// in 7.5–9.3 s), and an operator who would rather restart sooner sets
// SnapshotEntries, which is then taken as it is. The time rule lets a
// quiet center's snapshot catch up, but not on every trickle of writes
// into a large one.
func (c *Center) snapshotDue(size uint64, late bool) bool {
	if size <= c.snap.size {
		return false
	}
	since := size - c.snap.size
	if late && since >= max(1, size/100) {
		return true
	}
	if c.cfg.SnapshotEntries > 0 {
		return since >= uint64(c.cfg.SnapshotEntries)
	}
	return since >= max(DefaultSnapshotEntries, size/4)
}

// snapshotAtOpen runs at the end of Open, before the writer starts:
// when the state was loaded in full (no snapshot, or one refused — a
// new build's format) or replayed enough entries after the snapshot to
// call for a new one (snapshotDue), it writes one in the background at
// once. Waiting
// for the first write instead would leave a quiet center to load in
// full again at its next start, and would put the whole encoding into
// whatever the first writes are doing.
func (c *Center) snapshotAtOpen() {
	size := c.state.LogSize
	if c.cfg.Snapshot == "" || size <= c.snap.size || (c.snap.size > 0 && !c.snapshotDue(size, false)) {
		return
	}
	c.snapshotInBackground(c.capture("open"), c.now())
}

// snapshotInBackground writes a captured state in its own goroutine.
func (c *Center) snapshotInBackground(x captured, now time.Time) {
	c.snap.size, c.snap.at = x.st.LogSize, now
	c.snap.running.Store(true)
	c.snap.done.Add(1)
	go func() {
		defer c.snap.done.Done()
		if err := c.writeSnapshot(x); err != nil {
			c.log.Warn("writing the snapshot", "err", err.Error())
		}
		c.snap.running.Store(false)
	}()
}

// closeSnapshot writes the snapshot at Close, after the writer stopped,
// unless the newest one already reflects every entry.
func (c *Center) closeSnapshot() {
	if c.cfg.Snapshot == "" {
		return
	}
	c.snap.done.Wait()
	if c.state.LogSize == 0 || c.state.LogSize == c.snap.size {
		return
	}
	x := c.capture("close")
	if err := c.writeSnapshot(x); err != nil {
		c.log.Warn("writing the snapshot", "err", err.Error())
		return
	}
	c.snap.size = x.st.LogSize
}

// IndexObjects returns a copy of the conflict index's objects, as a
// snapshot keeps them (tests compare a center opened from its snapshot
// with one loaded in full).
func (c *Center) IndexObjects() []conflict.Object {
	objs, _ := c.index.Freeze()
	return slices.DeleteFunc(objs, func(o conflict.Object) bool { return o.ID == "" })
}
