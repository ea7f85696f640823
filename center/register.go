package center

import (
	"context"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/hotline"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/center/sites"
	"github.com/truce-center/truce/center/sources"
	"github.com/truce-center/truce/center/terms"
	"github.com/truce-center/truce/center/witnesses"
	"github.com/truce-center/truce/center/zones"
)

// What each log entry type does to the state and shows on the event
// stream: every feature's registration, in one place (the tables are
// tables.go's). Nothing else adds to them.

// appliers maps each entry type to the function that applies it to the
// state: the list of what the log can hold. Appliers MUST be
// deterministic: they read only the entry and the view, never the clock,
// randomness or settings that a replay could not know, so that replaying
// the log rebuilds exactly the stored projection.
var appliers = map[string]core.Applier{
	// articles.go
	sources.TypeArticleIngest:   core.On(sources.ApplyArticleIngest),
	sources.TypeCandidateDecide: core.On(sources.ApplyCandidateDecide),
	sources.TypeActorAdd:        core.On(sources.ApplyActorAdd),
	// credentials.go
	members.TypeMemberToken:       core.On(members.ApplyMemberToken),
	members.TypeMemberTokenRevoke: core.On(members.ApplyMemberTokenRevoke),
	core.TypeMemberKey:            core.On(members.ApplyMemberKey),
	members.TypeMemberKeyRevoke:   core.On(members.ApplyMemberKeyRevoke),
	members.TypeMemberRemove:      core.On(members.ApplyMemberRemove),
	// hotline.go
	hotline.TypeMessageSend:  core.On(hotline.ApplyMessageSend),
	hotline.TypeMessageAck:   core.On(hotline.ApplyMessageAck),
	hotline.TypeMessageAlert: core.On(hotline.ApplyMessageAlert),
	// notifications.go
	notifications.TypeNotificationSubmit: core.On(notifications.ApplyNotificationSubmit),
	notifications.TypeNotificationAck:    core.On(notifications.ApplyNotificationAck),
	notifications.TypeNotificationCancel: core.On(notifications.ApplyNotificationCancel),
	// clock.go
	core.TypeClock: core.On(core.ApplyClock),
	// parties.go
	core.TypeCenterInit:        core.On(members.ApplyCenterInit),
	members.TypePartyRegister:  core.On(members.ApplyPartyRegister),
	members.TypeMemberRegister: core.On(members.ApplyMemberRegister),
	// phases.go
	terms.TypeTermsPhase:        core.On(terms.ApplyTermsPhase),
	terms.TypeTermsPhaseEndorse: core.On(terms.ApplyTermsPhaseEndorse),
	// reports.go
	reports.TypeReportSubmit:   core.On(reports.ApplyReportSubmit),
	reports.TypeReportReview:   core.On(reports.ApplyReportReview),
	reports.TypeReportEvidence: core.On(reports.ApplyReportEvidence),
	reports.TypeReportRequest:  core.On(reports.ApplyReportRequest),
	reports.TypeReportAnswer:   core.On(reports.ApplyReportAnswer),
	reports.TypeReportMove:     core.On(reports.ApplyReportMove),
	// sites.go
	sites.TypeSiteAdd:    core.On(sites.ApplySiteAdd),
	sites.TypeSiteRemove: core.On(sites.ApplySiteRemove),
	sites.TypeSiteAck:    core.On(sites.ApplySiteAck),
	// needtoknow.go
	core.TypeAccess: core.On(core.ApplyAccess),
	// terms.go
	terms.TypeTermsPropose: core.On(terms.ApplyTerms),
	terms.TypeTermsChange:  core.On(terms.ApplyTerms),
	terms.TypeTermsEndorse: core.On(terms.ApplyTermsEndorse),
	terms.TypeTermsState:   core.On(terms.ApplyTermsState),
	// witness.go
	witnesses.TypeWitnessRegister: core.On(witnesses.ApplyWitnessRegister),
	// zones.go
	zones.TypeZonePropose: core.On(zones.ApplyZone),
	zones.TypeZoneChange:  core.On(zones.ApplyZone),
	zones.TypeZoneEndorse: core.On(zones.ApplyZoneEndorse),
	zones.TypeZoneState:   core.On(zones.ApplyZoneState),
}

// eventViews maps each entry type to what the event stream shows of it
// (events.go): an entry type without one is not shown.
var eventViews = func() map[string]core.StreamView {
	m := map[string]core.StreamView{}
	live := func(fn core.EventView, types ...string) {
		for _, typ := range types {
			m[typ] = core.StreamView{Fn: func(s *core.State, _ core.ObjectAt, caller *core.Caller, e *truce.Entry) (any, bool) {
				return fn(s, caller, e)
			}}
		}
	}
	historic := func(fn core.HistoricView, types ...string) {
		for _, typ := range types {
			m[typ] = core.StreamView{Fn: fn, Historic: true}
		}
	}
	live(members.PartyEvent, members.TypePartyRegister)
	live(members.MemberEvent, members.TypeMemberRegister)
	historic(zones.ZoneEvent, zones.TypeZonePropose, zones.TypeZoneChange, zones.TypeZoneEndorse, zones.TypeZoneState)
	historic(sites.SiteEvent, sites.TypeSiteAdd, sites.TypeSiteRemove, sites.TypeSiteAck)
	historic(notifications.NotificationEvent, notifications.TypeNotificationSubmit, notifications.TypeNotificationAck, notifications.TypeNotificationCancel)
	historic(reports.ReportEvent, reports.TypeReportSubmit, reports.TypeReportReview, reports.TypeReportEvidence, reports.TypeReportRequest, reports.TypeReportAnswer, reports.TypeReportMove)
	historic(sources.CandidateEvent, sources.TypeCandidateDecide)
	historic(sources.ArticleEvent, sources.TypeArticleIngest)
	live(core.AccessEvent, core.TypeAccess)
	historic(core.ClockEvent, core.TypeClock)
	live(hotline.MessageSentEvent, hotline.TypeMessageSend)
	live(hotline.MessageAckEvent, hotline.TypeMessageAck)
	live(hotline.MessageAlertEvent, hotline.TypeMessageAlert)
	live(terms.TermsEvent, terms.TypeTermsPropose, terms.TypeTermsChange, terms.TypeTermsEndorse, terms.TypeTermsState, terms.TypeTermsPhase, terms.TypeTermsPhaseEndorse)
	live(witnesses.WitnessEvent, witnesses.TypeWitnessRegister)
	return m
}()

// features is the center's registry (registry.go): the tables above, the
// clock's tasks in the order they run on each beat, and the witnesses.
var features = core.Registry{
	Appliers:   appliers,
	EventViews: eventViews,
	Ticks: []core.Tick{
		{What: "escalation alerts", Run: func(ctx context.Context, c *core.Center) error {
			_, err := hotline.HotlineService{C: c}.Tick(ctx)
			return err
		}},
		{What: "the clock's acts", Run: func(ctx context.Context, c *core.Center) error { return c.Advance(ctx) }},
		{What: "the terms' phase changes", Run: func(ctx context.Context, c *core.Center) error { return terms.TermsService{C: c}.AdvancePhases(ctx) }},
	},
	Witnesses: witnesses.ListWitnesses,
}
