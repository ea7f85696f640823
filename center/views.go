package center

import (
	"fmt"

	"github.com/truce-center/truce"
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
func Views(s *State, memberID string) (map[string]any, error) {
	caller := s.caller(memberID)
	if caller == nil {
		return nil, fmt.Errorf("member %s is not in the replayed log", memberID)
	}
	zones, _ := listZones(s, caller, ZoneFilter{})
	sites, _ := listSites(s, caller, SiteFilter{})
	out := map[string]any{
		"/v1/parties":       listParties(s),
		"/v1/zones":         zones,
		"/v1/sites":         sites,
		"/v1/notifications": listNotifications(s, caller, NotificationFilter{}),
		"/v1/reports":       listReports(s, caller, ReportFilter{}),
		"/v1/witnesses":     listWitnesses(s),
		// Reading zones and sites may itself record access; the verifier
		// compares paths in order, and this one sorts first.
		"/v1/access-records": s.accessRecords(caller),
		"/v1/notices":        s.notices(caller),
		// Envelopes only: a public replay cannot open the sealed subject
		// and body (the center's own replay, with the store, does).
		"/v1/messages?fields=envelope": listEnvelopes(s, caller, MessageFilter{}),
	}
	for _, p := range listParties(s) {
		if ms, err := listMembers(s, caller, p.ID); err == nil {
			out["/v1/parties/"+p.ID+"/members"] = ms
		}
	}
	incidents, _ := listIncidents(s)
	if incidents == nil {
		incidents = []truce.Incident{}
	}
	out["/v1/incidents"] = incidents
	if err := termsViewsOf(s, out); err != nil {
		return nil, err
	}
	return out, nil
}
