package core

import (
	"cmp"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
)

// The conflict index over the installed state, and the checks a batch
// makes against it together with its own pending changes: how zones,
// sites and notifications become the engine's objects (conflict.Object),
// kept in step by the writer after each install (reindex).

// Conflicts checks a candidate against the index and the batch's own
// pending changes: an object the batch changed is judged as the batch
// left it, not as the index still has it.
func (c *Center) Conflicts(v *View, cand conflict.Candidate) []conflict.Conflict {
	return c.ConflictsAfter(v, cand, Precheck{})
}

// ConflictsAfter is Conflicts with a check of the installed index made
// before the writer's turn came (Precheck, for the same candidate): the
// writer rechecks only the objects installed since it was made, not the
// whole index, so that the check of an act is made mostly beside the
// writer, on another core, not in its one goroutine. The answer is the
// one Conflicts gives: a conflict depends on the candidate and one
// object alone (conflict.Index.CheckOnly).
func (c *Center) ConflictsAfter(v *View, cand conflict.Candidate, pre Precheck) []conflict.Conflict {
	if v == nil {
		return c.AppendDryRun(nil, cand)
	}
	var out []conflict.Conflict
	pending := v.pendingIndex(c.Settings().Notifications.Engine)
	for _, cf := range c.installedConflicts(cand, pre) {
		if !v.pendingIDs[cf.With.ID] {
			out = append(out, cf)
		}
	}
	if pending.Len() > 0 {
		out = append(out, pending.Check(cand)...)
	}
	sortConflicts(out)
	return out
}

// AppendDryRun is Conflicts(nil, cand) appending to dst: the installed
// index's answer alone, for a question that stores nothing (a dry run
// keeps its buffer for the next one).
func (c *Center) AppendDryRun(dst []conflict.Conflict, cand conflict.Candidate) []conflict.Conflict {
	n := len(dst)
	dst = c.index.AppendCheck(dst, cand)
	sortConflicts(dst[n:])
	return dst
}

// sortConflicts orders conflicts as answers give them: by the
// candidate's volume, the rule's id and the other object's id.
func sortConflicts(cs []conflict.Conflict) {
	slices.SortStableFunc(cs, func(a, b conflict.Conflict) int {
		return cmp.Or(cmp.Compare(a.Volume, b.Volume), strings.Compare(a.Rule, b.Rule), strings.Compare(a.With.ID, b.With.ID))
	})
}

// Precheck is a check of a candidate against the installed index made
// outside the writer, and the generation of the index it saw: the
// number of installs the index had been brought in step with when it
// began. The zero Precheck is none.
type Precheck struct {
	made      bool
	gen       uint64
	sepH      float64
	sepV      float64
	conflicts []conflict.Conflict
}

// Precheck checks cand against the installed index, for ConflictsAfter
// to bring up to date in the writer. cand must be the candidate the
// writer will check, with the terms' separation it will apply (a
// different separation there makes the writer check afresh).
func (c *Center) Precheck(cand conflict.Candidate) Precheck {
	gen := c.gens.done.Load()
	return Precheck{made: true, gen: gen, sepH: cand.SeparationHorizontalM, sepV: cand.SeparationVerticalM, conflicts: c.index.Check(cand)}
}

// indexGens is what each install changed in the conflict index, for the
// writer to bring a Precheck up to date: done counts the installs
// reindexed (the writer goroutine stores it after an install's objects
// are in the index; prechecks load it before they begin), changed the
// ids of the zones, sites and notifications of the last genRing
// installs (the writer's own, never read elsewhere).
type indexGens struct {
	done    atomic.Uint64
	changed [genRing][]string
	// What the writer made of the prechecks it was given, for tests and
	// benchmarks: taken as they were, brought up to date, or not used
	// (none made, made with another separation, or older than genRing
	// installs or than maxRechecked objects changed).
	reused, updated, full atomic.Int64
}

const (
	genRing      = 64
	maxRechecked = 256
)

// PrecheckCounts returns how many of the writer's checks took a
// precheck as it was, brought one up to date, and checked the whole
// index.
func (c *Center) PrecheckCounts() (reused, updated, full int64) {
	return c.gens.reused.Load(), c.gens.updated.Load(), c.gens.full.Load()
}

// installedConflicts is the installed index's answer for cand, from pre
// when it can be brought up to date: the conflicts with objects changed
// since it was made are dropped, and those objects checked again. An
// object is changed only between the writer's decisions (reindex runs
// on its goroutine after an install), so what it rechecks is exactly
// what a precheck may have seen otherwise than the index now holds it,
// even one made while an install was being reindexed.
func (c *Center) installedConflicts(cand conflict.Candidate, pre Precheck) []conflict.Conflict {
	g := &c.gens
	done := g.done.Load()
	if !pre.made || pre.sepH != cand.SeparationHorizontalM || pre.sepV != cand.SeparationVerticalM || done-pre.gen > genRing {
		g.full.Add(1)
		return c.index.Check(cand)
	}
	var changed []string
	for gen := pre.gen + 1; gen <= done; gen++ {
		changed = append(changed, g.changed[gen%genRing]...)
		if len(changed) > maxRechecked {
			g.full.Add(1)
			return c.index.Check(cand)
		}
	}
	if len(changed) == 0 {
		g.reused.Add(1)
		return pre.conflicts
	}
	g.updated.Add(1)
	out := make([]conflict.Conflict, 0, len(pre.conflicts))
	for _, cf := range pre.conflicts {
		if !slices.Contains(changed, cf.With.ID) {
			out = append(out, cf)
		}
	}
	return append(out, c.index.CheckOnly(cand, changed)...)
}

// pendingIndex returns the conflict index of the zones, sites and
// notifications the batch has changed so far, brought up to date with
// the acts decided since the last call: each changed object is mapped
// and indexed once, not once per later act of the batch.
func (v *View) pendingIndex(set conflict.Settings) *conflict.Index {
	if v.pending == nil {
		v.pending, v.pendingAt, v.pendingIDs = conflict.New(set), 0, map[string]bool{}
	}
	for k := range v.Journal(v.pendingAt) {
		if k.Kind != kindZone && k.Kind != kindSite && k.Kind != kindNotification {
			continue
		}
		v.pendingIDs[k.ID] = true
		if o, ok := indexObject(v.Base, v.Lookup(k)); ok {
			v.pending.Upsert(o)
		} else {
			v.pending.Remove(k.ID)
		}
	}
	v.pendingAt = v.Mark()
	return v.pending
}

// indexObject maps a zone, site or notification to what the conflict
// index holds; ok is false for other kinds, for deletions and for objects
// whose geometry this state does not know. An object that some party may
// not see precisely carries its disclosed volumes (needtoknow.go).
//
// s is the installed state the object is read from, or under (a batch's
// own objects): its geometry parsed once is read there.
func indexObject(s engine.Installed, obj any) (conflict.Object, bool) {
	switch o := obj.(type) {
	case *truce.Zone:
		sh := ZoneGeo.Of(s, o.ID, o)
		g, ok := sh[0].G, sh[0].Ok
		if !ok {
			return conflict.Object{}, false
		}
		band := conflict.AllAltitudes
		if o.Altitude != nil {
			band = conflict.Band{MinM: o.Altitude.MinM, MaxM: o.Altitude.MaxM}
		}
		out := conflict.Object{Type: conflict.Zone, ID: o.ID, Party: o.Owner, Kind: o.Kind, Active: o.State == truce.ZoneActive,
			Restricts: conflict.Restrictions{Parties: o.Restricts.Parties, Activities: o.Restricts.Activities},
			Volumes:   []conflict.Volume{{Footprint: geo.Footprint{Geometry: g}, Altitude: band, Window: conflict.Window{Start: o.Valid.Start.Time(), End: o.Valid.End.Time()}}}}
		if o.Disclosure != truce.DisclosurePrecise {
			if !sh[1].Ok {
				return conflict.Object{}, false
			}
			out.Disclosed = []conflict.Volume{coverVolume(sh[1].G, o.Valid)}
		}
		return out, true
	case *truce.Site:
		sh := SiteGeo.Of(s, o.ID, o)
		g, ok := sh[0].G, sh[0].Ok
		if !ok {
			return conflict.Object{}, false
		}
		out := conflict.Object{Type: conflict.Site, ID: o.ID, Party: o.Owner, Kind: o.Category, Active: o.State == truce.SiteActive,
			Volumes: []conflict.Volume{{Footprint: geo.Footprint{Geometry: g, BufferM: o.BufferM}, Altitude: conflict.AllAltitudes, Window: conflict.Window{Start: o.Valid.Start.Time(), End: o.Valid.End.Time()}}}}
		if o.Disclosure != truce.DisclosurePrecise {
			d, ok := siteCover(g, sh[1], o)
			if !ok {
				return conflict.Object{}, false
			}
			out.Disclosed = []conflict.Volume{d}
		}
		return out, true
	case *truce.Notification:
		obj := conflict.Object{Type: conflict.Notification, ID: o.ID, Party: o.Party, Kind: o.Kind, SeenBy: o.MustAcknowledge(),
			Active: o.State == truce.NotificationSubmitted || o.State == truce.NotificationAcknowledged || o.State == truce.NotificationObjected}
		vols, ok := VolumesOf(s, o)
		if !ok {
			return conflict.Object{}, false
		}
		obj.Volumes = vols
		for _, cv := range vols {
			obj.Disclosed = append(obj.Disclosed, conflict.Disclose(cv))
		}
		return obj, len(obj.Volumes) > 0
	}
	return conflict.Object{}, false
}

// VolumesOf maps a stored notification's volumes to the engine's, their
// geometry parsed once (notificationGeo); ok is false if one does not
// parse.
func VolumesOf(s engine.Installed, n *truce.Notification) ([]conflict.Volume, bool) {
	geoms := NotificationGeo.Of(s, n.ID, n)
	out := make([]conflict.Volume, 0, len(n.Volumes))
	for i, vol := range n.Volumes {
		if i >= len(geoms) || !geoms[i].Ok {
			return nil, false
		}
		out = append(out, EngineVolume(vol, geoms[i].G))
	}
	return out, true
}

// EngineVolume is the one mapping of a notification's volume, its
// geometry parsed as g, to the engine's: a point grown by its radius, a
// route by half its width.
func EngineVolume(vol truce.Volume, g geo.Geometry) conflict.Volume {
	buffer := vol.RadiusM
	if vol.WidthM > 0 {
		buffer = vol.WidthM / 2
	}
	return conflict.Volume{Footprint: geo.Footprint{Geometry: g, BufferM: buffer},
		Altitude: conflict.Band{MinM: vol.Altitude.MinM, MaxM: vol.Altitude.MaxM}, Window: conflict.Window{Start: vol.Start.Time(), End: vol.End.Time()}}
}

// reindex brings the conflict index in step with installed changes. Only
// the writer goroutine calls it, after install.
// It also queues the changed objects' next due times for the clock
// (deadlines.go).
func (c *Center) reindex(keys []engine.Key) {
	gen := c.gens.done.Load() + 1
	changed := c.gens.changed[gen%genRing][:0]
	for _, k := range keys {
		if k.Kind == kindZone || k.Kind == kindSite || k.Kind == kindNotification {
			changed = append(changed, k.ID)
		}
	}
	c.gens.changed[gen%genRing] = changed
	defer c.gens.done.Store(gen)
	var (
		remove []string
		upsert []conflict.Object
		kinds  []string // of upsert's objects, for the log
	)
	for _, k := range keys {
		if k.Kind == KindMessage {
			var obj any
			c.Read(func(s *State) { obj = s.Lookup(k) })
			trackDue(c.AlertDue, k.Kind, k.ID, obj)
		}
		if k.Kind != kindZone && k.Kind != kindSite && k.Kind != kindNotification {
			continue
		}
		var obj any
		c.Read(func(s *State) { obj = s.Lookup(k) })
		trackDue(c.clockDue, k.Kind, k.ID, obj)
		if o, ok := indexObject(nil, obj); ok && o.Active {
			upsert, kinds = append(upsert, o), append(kinds, k.Kind)
		} else {
			remove = append(remove, k.ID)
		}
	}
	// One write lock for the install: prechecks read the index beside
	// the writer, and each lock waits for the checks reading.
	for i, err := range c.index.Change(remove, upsert) {
		if err != nil {
			c.log.Error("indexing an object", "kind", kinds[i], "id", upsert[i].ID, "err", err)
		}
	}
}

// buildIndex indexes every active zone, site and notification of s: the
// objects mapped (their geometry parsed) on every core, then loaded at
// once (conflict.Index.Load lays them out in Hilbert order and builds the
// trees of each type in parallel).
//
// If one object is refused (which validation at its acceptance should
// have prevented), the others are indexed one at a time and the refused
// ones logged, as an install would: the center still starts.
func buildIndex(s *State, set conflict.Settings, log *slog.Logger) *conflict.Index {
	var stored []any
	for _, kind := range []string{kindZone, kindSite, kindNotification} {
		for _, obj := range s.Range(kind) {
			stored = append(stored, obj)
		}
	}
	mapped := make([]conflict.Object, len(stored))
	keep := make([]bool, len(stored))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(stored); i += workers {
				o, ok := indexObject(nil, stored[i]) // each object is mapped once: nothing kept
				mapped[i], keep[i] = o, ok && o.Active
			}
		})
	}
	wg.Wait()
	objs := mapped[:0]
	for i, o := range mapped {
		if keep[i] {
			objs = append(objs, o)
		}
	}
	ix := conflict.New(set)
	if err := ix.Load(objs); err != nil {
		for _, o := range objs {
			if err := ix.Upsert(o); err != nil {
				log.Error("indexing an object", "id", o.ID, "err", err)
			}
		}
	}
	return ix
}
