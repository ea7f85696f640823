package core

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
)

// RunClock writes the acts of the center's clock every
// Settings.EscalationEvery until ctx ends: alerts for unacknowledged
// urgent and flash messages (Tick), and expiries and executions
// (Advance). Failures are logged; the next tick tries again.
func (c *Center) RunClock(ctx context.Context) {
	t := time.NewTicker(c.Settings().EscalationEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for _, t := range c.reg.Ticks {
				if err := t.Run(ctx, c); err != nil && ctx.Err() == nil && truce.ErrorCode(err) != truce.EUnavailable {
					c.log.Error("writing "+t.What, "err", err)
				}
			}
		}
	}
}

// The clock's acts on zones, sites and notifications (Advance): what
// falls due — a zone or a site that expires, a notification whose window
// opens or ends — is written as one "clock" entry of changes, which
// applyClock applies as any entry is applied.

// TypeClock is the entry of the clock's acts: expiries and executions.
const TypeClock = "center.clock"

type clockChange struct {
	Object string `json:"object"` // "notification", "zone" or "site"
	ID     string `json:"id"`
	State  string `json:"state"`
}

type clockBody struct {
	Changes []clockChange `json:"changes"`
}

// Advance writes, as one act of the center, the state changes its clock
// has made due:
//
//   - a notification not acknowledged when its first window begins
//     expires; an acknowledged one whose last window has ended is executed;
//   - a zone (proposed, active or suspended) or an active site whose
//     validity has ended expires.
//
// It looks only at what has fallen due (deadlines.go), and neither wakes
// the writer nor writes anything when nothing is due. `truce serve` calls
// it on a ticker (RunClock); tests call it after moving their clock.
//
// It returns the write errors (package doc) but EUnauthorized, the act
// being the center's own; what was due and not written stays due for the
// next call.
func (c *Center) Advance(ctx context.Context) error {
	now := c.now()
	// One act holds at most maxClockChanges changes, so that its entry
	// fits the log; what is left waits for the next act of this call.
	for {
		if at, ok := c.clockDue.Next(); !ok || at.After(now) {
			return nil
		}
		var popped []engine.Due
		_, err := c.Write(ctx, truce.Actor{}, func(v *View) (string, any, error) {
			popped = c.clockDue.PopDue(now, maxClockChanges)
			var changes []clockChange
			for _, d := range popped {
				if ch, ok := clockChangeOf(v.Lookup(d.Key), d, now); ok && !slices.Contains(changes, ch) {
					changes = append(changes, ch)
				}
			}
			if len(changes) == 0 {
				return "", nil, ErrNothingDue
			}
			slices.SortFunc(changes, func(a, b clockChange) int {
				return cmp.Or(strings.Compare(a.Object, b.Object), strings.Compare(a.ID, b.ID))
			})
			return TypeClock, clockBody{Changes: changes}, nil
		})
		switch {
		case err == ErrNothingDue:
			if len(popped) < maxClockChanges {
				return nil
			}
		case err != nil:
			// Not written: what fell due is due still.
			c.clockDue.Requeue(popped)
			return err
		}
	}
}

// maxClockChanges bounds the changes of one clock act (about 100 bytes
// each in the entry).
const maxClockChanges = 400

// clockChangeOf returns the change the clock makes to obj, due as d
// says, at now: none if the object has changed since so that it is not
// due (then it was queued again at its new due time).
func clockChangeOf(obj any, d engine.Due, now time.Time) (clockChange, bool) {
	at, ok := dueAt(d.Key.Kind, obj)
	if !ok || at.After(now) {
		return clockChange{}, false
	}
	switch o := obj.(type) {
	case *truce.Notification:
		state := truce.NotificationExpired
		if o.State == truce.NotificationAcknowledged {
			state = truce.NotificationExecuted
		}
		return clockChange{kindNotification, d.Key.ID, state}, true
	case *truce.Zone:
		return clockChange{kindZone, d.Key.ID, truce.ZoneExpired}, true
	case *truce.Site:
		return clockChange{kindSite, d.Key.ID, truce.SiteExpired}, true
	}
	return clockChange{}, false
}

var ErrNothingDue = truce.Errorf(truce.EConflict, "nothing is due")

func windowSpan(n *truce.Notification) (first, last time.Time) {
	for _, vol := range n.Volumes {
		if first.IsZero() || vol.Start.Time().Before(first) {
			first = vol.Start.Time()
		}
		if vol.End.Time().After(last) {
			last = vol.End.Time()
		}
	}
	return first, last
}

// ApplyClock is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyClock(v *View, e *truce.Entry, b *clockBody) error {
	if !e.Actor.IsCenter() {
		return fmt.Errorf("clock changes are the center's acts")
	}
	for _, ch := range b.Changes {
		switch ch.Object {
		case kindNotification:
			old := TNotification.Get(v, ch.ID)
			if old == nil || (ch.State != truce.NotificationExpired && ch.State != truce.NotificationExecuted) {
				return fmt.Errorf("clock change of notification %s to %q does not apply", ch.ID, ch.State)
			}
			n := *old
			n.State, n.UpdatedAt, n.LogIndex = ch.State, truce.InstantOf(e.Time), e.Index
			TNotification.Put(v, n.ID, &n)
		case kindZone:
			old := TZone.Get(v, ch.ID)
			if old == nil || ch.State != truce.ZoneExpired {
				return fmt.Errorf("clock change of zone %s to %q does not apply", ch.ID, ch.State)
			}
			z := *old
			z.State, z.UpdatedAt, z.LogIndex = ch.State, e.Time, e.Index
			TZone.Put(v, z.ID, &z)
		case kindSite:
			old := TSite.Get(v, ch.ID)
			if old == nil || old.State != truce.SiteActive || ch.State != truce.SiteExpired {
				return fmt.Errorf("clock change of site %s to %q does not apply", ch.ID, ch.State)
			}
			st := *old
			st.State, st.LogIndex = ch.State, e.Index
			TSite.Put(v, st.ID, &st)
		default:
			return fmt.Errorf("clock change of unknown object %q", ch.Object)
		}
	}
	return nil
}

// ClockEvent shows the caller the clock's changes to objects it may see.
func ClockEvent(s *State, at ObjectAt, caller *Caller, e *truce.Entry) (any, bool) {
	var b clockBody
	if json.Unmarshal(e.Body, &b) != nil {
		return nil, false
	}
	var shown []clockChange
	for _, ch := range b.Changes {
		switch ch.Object {
		case kindNotification:
			if n := TNotification.Get(at, ch.ID); n != nil && VisibleNotification(caller, n) {
				shown = append(shown, ch)
			}
		case kindZone:
			if z := TZone.Get(at, ch.ID); z != nil && VisibleZone(caller, z) {
				shown = append(shown, ch)
			}
		}
	}
	if len(shown) == 0 {
		return nil, false
	}
	return clockBody{Changes: slices.Clip(shown)}, true
}
