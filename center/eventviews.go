package center

import (
	"encoding/json"
	"slices"

	"github.com/truce-center/truce"
)

// Event views of zones, sites, notifications, reports, open sources and
// the clock (see events.go for the contract). Each event carries the
// object as its entry left it (at, eventhistory.go) as the caller may see
// it, filtered by the same functions as the read endpoints — with one
// more rule: events never carry precise geometry. A client that needs it reads the object
// with GET, which records the access (PRODUCT §4); an event stream must
// not be a way around access records.

// zoneOf returns the zone an entry concerns.
func zoneOf(e *truce.Entry) string {
	var b struct {
		Zone string `json:"zone"`
	}
	if e.Type != typeZonePropose {
		if json.Unmarshal(e.Body, &b) == nil && b.Zone != "" {
			return b.Zone
		}
	}
	return zoneID(e)
}

func zoneEvent(s *State, at objectAt, caller *Caller, e *truce.Entry) (any, bool) {
	z := tZone.Get(at, zoneOf(e))
	if z == nil {
		return nil, false
	}
	// Every version is seen under the newest disclosure.
	cur := tZone.Get(s, z.ID)
	if cur == nil {
		cur = z
	}
	out, _, ok := zoneFor(caller, z, cur)
	if !ok {
		return nil, false
	}
	out.Geometry = nil
	return out, true
}

func siteEvent(s *State, at objectAt, caller *Caller, e *truce.Entry) (any, bool) {
	id := siteID(e)
	if e.Type != typeSiteAdd {
		var b siteActBody
		if json.Unmarshal(e.Body, &b) != nil {
			return nil, false
		}
		id = b.Site
	}
	st := tSite.Get(at, id)
	if st == nil {
		return nil, false
	}
	out, _, ok := siteFor(caller, st)
	if !ok {
		return nil, false
	}
	out.Geometry = nil
	return out, true
}

func notificationEvent(s *State, at objectAt, caller *Caller, e *truce.Entry) (any, bool) {
	id := notificationID(e)
	if e.Type != typeNotificationSubmit {
		var b struct {
			Notification string `json:"notification"`
		}
		if json.Unmarshal(e.Body, &b) != nil {
			return nil, false
		}
		id = b.Notification
	}
	n := tNotification.Get(at, id)
	if n == nil {
		return nil, false
	}
	out, ok := notificationFor(s, caller, n)
	if !ok {
		// The owner of an object the notifier may not see precisely is
		// told of the conflict with it, and of nothing else.
		if e.Type == typeNotificationSubmit {
			var mine []truce.Notice
			for _, nt := range n.Notices {
				if nt.Owner == caller.Party.ID && nt.LogIndex == e.Index {
					mine = append(mine, nt)
				}
			}
			if len(mine) > 0 {
				return NoticeEvent{Notices: mine}, true
			}
		}
		return nil, false
	}
	out.Volumes = nil
	return out, true
}

// NoticeEvent is the event the owner of an object receives when a
// notification it may not read is found in conflict with it.
type NoticeEvent struct {
	Notices []truce.Notice `json:"notices"`
}

func reportEvent(s *State, at objectAt, caller *Caller, e *truce.Entry) (any, bool) {
	id := reportID(e)
	if e.Type != typeReportSubmit {
		var b struct {
			Report string `json:"report"`
		}
		if json.Unmarshal(e.Body, &b) != nil {
			return nil, false
		}
		id = b.Report
	}
	r := tReport.Get(at, id)
	if r == nil {
		return nil, false
	}
	// Reports are every member's to see; zones and incidents are
	// resolved by the read endpoints, not here.
	out := *r
	out.Zones = []string{}
	return out, true
}

func candidateEvent(s *State, at objectAt, caller *Caller, e *truce.Entry) (any, bool) {
	if !monitor(caller) {
		return nil, false
	}
	var b candidateDecideBody
	if json.Unmarshal(e.Body, &b) != nil {
		return nil, false
	}
	c := tCandidate.Get(at, b.Candidate)
	return c, c != nil
}

func articleEvent(s *State, at objectAt, caller *Caller, e *truce.Entry) (any, bool) {
	if !monitor(caller) {
		return nil, false
	}
	a := tArticle.Get(at, articleID(e))
	if a == nil {
		return nil, false
	}
	out := *a
	out.Text = ""
	return out, true
}

func accessEvent(s *State, caller *Caller, e *truce.Entry) (any, bool) {
	r := tAccess.Get(s, "acc_"+itoa(e.Index))
	if r == nil {
		return nil, false
	}
	for _, rec := range s.accessRecords(caller) {
		if rec.ID == r.ID {
			return rec, true
		}
	}
	return nil, false
}

// clockEvent shows the caller the clock's changes to objects it may see.
func clockEvent(s *State, at objectAt, caller *Caller, e *truce.Entry) (any, bool) {
	var b clockBody
	if json.Unmarshal(e.Body, &b) != nil {
		return nil, false
	}
	var shown []clockChange
	for _, ch := range b.Changes {
		switch ch.Object {
		case kindNotification:
			if n := tNotification.Get(at, ch.ID); n != nil && visibleNotification(caller, n) {
				shown = append(shown, ch)
			}
		case kindZone:
			if z := tZone.Get(at, ch.ID); z != nil && visibleZone(caller, z) {
				shown = append(shown, ch)
			}
		}
	}
	if len(shown) == 0 {
		return nil, false
	}
	return clockBody{Changes: slices.Clip(shown)}, true
}
