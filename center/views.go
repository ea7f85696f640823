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
// log, at the log size each answer of the server carries
// (Truce-Log-Size), and compares each value with that answer, so a
// server whose projection has drifted from its log is caught. Every read
// path that lists objects belongs here, and in ViewPaths.
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
	incidents, _ := reports.ListIncidents(s)
	notes, err := notifications.ListNotifications(s, caller, notifications.NotificationFilter{})
	if err != nil {
		return nil, err
	}
	if incidents == nil {
		incidents = []truce.Incident{}
	}
	out := map[string]any{
		PathParties:          members.ListParties(s),
		"/v1/zones":          zones,
		"/v1/sites":          sites,
		"/v1/notifications":  notes,
		"/v1/reports":        reports.ListReports(s, caller, reports.ReportFilter{}),
		"/v1/witnesses":      witnesses.ListWitnesses(s),
		"/v1/access-records": s.AccessRecords(caller),
		"/v1/notices":        s.Notices(caller),
		// Envelopes only: a public replay cannot open the sealed subject
		// and body (the center's own replay, with the store, does).
		"/v1/messages?fields=envelope": hotline.ListEnvelopes(s, caller, hotline.MessageFilter{}),
		"/v1/incidents":                incidents,
	}
	for _, p := range members.ListParties(s) {
		if ms, err := members.ListMembers(s, caller, p.ID); err == nil {
			out[membersPath(p.ID)] = ms
		}
	}
	if err := terms.TermsViewsOf(s, out); err != nil {
		return nil, err
	}
	return out, nil
}

// PathParties is the read path of the parties' list, whose ids name the
// paths of their members' lists.
const PathParties = "/v1/parties"

func membersPath(party string) string { return PathParties + "/" + party + "/members" }

// ViewPaths returns every path Views may answer for in a state that holds
// these parties and terms (their ids, as PathParties and terms.PathTerms
// list them): what `truce log verify` reads from the server before it
// replays, so that each answer can be compared at the log size it
// carries. Views answers for the fixed paths always, and for a party's
// members only where the member may list them (the server refuses the
// others).
func ViewPaths(parties, termsIDs []string) []string {
	out := []string{PathParties, "/v1/zones", "/v1/sites", "/v1/notifications", "/v1/reports", "/v1/witnesses",
		"/v1/access-records", "/v1/notices", "/v1/messages?fields=envelope", "/v1/incidents", terms.PathTerms}
	for _, p := range parties {
		out = append(out, membersPath(p))
	}
	for _, t := range termsIDs {
		out = append(out, terms.CompliancePath(t))
	}
	return out
}
