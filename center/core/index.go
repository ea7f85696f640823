package core

import (
	"cmp"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"

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
	var out []conflict.Conflict
	if v == nil {
		// A dry run: the index's own answer, sorted in place.
		out = c.index.Check(cand)
	} else {
		pending := v.pendingIndex(c.Settings().Notifications.Engine)
		for _, cf := range c.index.Check(cand) {
			if !v.pendingIDs[cf.With.ID] {
				out = append(out, cf)
			}
		}
		if pending.Len() > 0 {
			out = append(out, pending.Check(cand)...)
		}
	}
	slices.SortStableFunc(out, func(a, b conflict.Conflict) int {
		return cmp.Or(cmp.Compare(a.Volume, b.Volume), strings.Compare(a.Rule, b.Rule), strings.Compare(a.With.ID, b.With.ID))
	})
	return out
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
			if err := c.index.Upsert(o); err != nil {
				c.log.Error("indexing an object", "kind", k.Kind, "id", k.ID, "err", err)
			}
		} else {
			c.index.Remove(k.ID)
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
