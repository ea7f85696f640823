package center

import (
	"fmt"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/hotline"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/center/sites"
	"github.com/truce-center/truce/center/terms"
	"github.com/truce-center/truce/center/witnesses"
	"github.com/truce-center/truce/center/zones"
)

// Views returns what the API's read endpoints must answer to the given
// member, computed from a state: a map from the request path to the
// value. `truce log verify` calls it on the state it replayed from the
// log and compares each value with what the server answers, so a server
// whose projection has drifted from its log is caught. Every read path
// that lists objects belongs here.
//
// Its error is not a *truce.Error (EInternal to truce.ErrorCode): the
// member is not in the state, or a terms' compliance cannot be computed.
func Views(s *core.State, memberID string) (map[string]any, error) {
	caller := s.Caller(memberID)
	if caller == nil {
		return nil, fmt.Errorf("member %s is not in the replayed log", memberID)
	}
	zones, _ := zones.ListZones(s, caller, zones.ZoneFilter{})
	sites, _ := sites.ListSites(s, caller, sites.SiteFilter{})
	out := map[string]any{
		"/v1/parties":       members.ListParties(s),
		"/v1/zones":         zones,
		"/v1/sites":         sites,
		"/v1/notifications": notifications.ListNotifications(s, caller, notifications.NotificationFilter{}),
		"/v1/reports":       reports.ListReports(s, caller, reports.ReportFilter{}),
		"/v1/witnesses":     witnesses.ListWitnesses(s),
		// Reading zones and sites may itself record access; the verifier
		// compares paths in order, and this one sorts first.
		"/v1/access-records": s.AccessRecords(caller),
		"/v1/notices":        s.Notices(caller),
		// Envelopes only: a public replay cannot open the sealed subject
		// and body (the center's own replay, with the store, does).
		"/v1/messages?fields=envelope": hotline.ListEnvelopes(s, caller, hotline.MessageFilter{}),
	}
	for _, p := range members.ListParties(s) {
		if ms, err := members.ListMembers(s, caller, p.ID); err == nil {
			out["/v1/parties/"+p.ID+"/members"] = ms
		}
	}
	incidents, _ := reports.ListIncidents(s)
	if incidents == nil {
		incidents = []truce.Incident{}
	}
	out["/v1/incidents"] = incidents
	if err := terms.TermsViewsOf(s, out); err != nil {
		return nil, err
	}
	return out, nil
}
