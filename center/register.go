package center

import (
	"context"

	"github.com/truce-center/truce"
)

// What each log entry type does to the state and shows on the event
// stream: every feature's registration, in one place (the tables are
// tables.go's). Nothing else adds to them.

// appliers maps each entry type to the function that applies it to the
// state: the list of what the log can hold. Appliers MUST be
// deterministic: they read only the entry and the view, never the clock,
// randomness or settings that a replay could not know, so that replaying
// the log rebuilds exactly the stored projection.
var appliers = map[string]applier{
	// articles.go
	typeArticleIngest:   on(applyArticleIngest),
	typeCandidateDecide: on(applyCandidateDecide),
	typeActorAdd:        on(applyActorAdd),
	// credentials.go
	typeMemberToken:       on(applyMemberToken),
	typeMemberTokenRevoke: on(applyMemberTokenRevoke),
	typeMemberKey:         on(applyMemberKey),
	typeMemberKeyRevoke:   on(applyMemberKeyRevoke),
	typeMemberRemove:      on(applyMemberRemove),
	// hotline.go
	typeMessageSend:  on(applyMessageSend),
	typeMessageAck:   on(applyMessageAck),
	typeMessageAlert: on(applyMessageAlert),
	// notifications.go
	typeNotificationSubmit: on(applyNotificationSubmit),
	typeNotificationAck:    on(applyNotificationAck),
	typeNotificationCancel: on(applyNotificationCancel),
	// clock.go
	typeClock: on(applyClock),
	// parties.go
	typeCenterInit:     on(applyCenterInit),
	typePartyRegister:  on(applyPartyRegister),
	typeMemberRegister: on(applyMemberRegister),
	// phases.go
	typeTermsPhase:        on(applyTermsPhase),
	typeTermsPhaseEndorse: on(applyTermsPhaseEndorse),
	// reports.go
	typeReportSubmit:   on(applyReportSubmit),
	typeReportReview:   on(applyReportReview),
	typeReportEvidence: on(applyReportEvidence),
	typeReportRequest:  on(applyReportRequest),
	typeReportAnswer:   on(applyReportAnswer),
	typeReportMove:     on(applyReportMove),
	// sites.go
	typeSiteAdd:    on(applySiteAdd),
	typeSiteRemove: on(applySiteRemove),
	typeSiteAck:    on(applySiteAck),
	// needtoknow.go
	typeAccess: on(applyAccess),
	// terms.go
	typeTermsPropose: on(applyTerms),
	typeTermsChange:  on(applyTerms),
	typeTermsEndorse: on(applyTermsEndorse),
	typeTermsState:   on(applyTermsState),
	// witness.go
	typeWitnessRegister: on(applyWitnessRegister),
	// zones.go
	typeZonePropose: on(applyZone),
	typeZoneChange:  on(applyZone),
	typeZoneEndorse: on(applyZoneEndorse),
	typeZoneState:   on(applyZoneState),
}

// eventViews maps each entry type to what the event stream shows of it
// (events.go): an entry type without one is not shown.
var eventViews = func() map[string]eventView {
	m := map[string]eventView{}
	live := func(fn EventView, types ...string) {
		for _, typ := range types {
			m[typ] = eventView{fn: func(s *State, _ objectAt, caller *Caller, e *truce.Entry) (any, bool) { return fn(s, caller, e) }}
		}
	}
	historic := func(fn HistoricView, types ...string) {
		for _, typ := range types {
			m[typ] = eventView{fn: fn, historic: true}
		}
	}
	live(partyEvent, typePartyRegister)
	live(memberEvent, typeMemberRegister)
	historic(zoneEvent, typeZonePropose, typeZoneChange, typeZoneEndorse, typeZoneState)
	historic(siteEvent, typeSiteAdd, typeSiteRemove, typeSiteAck)
	historic(notificationEvent, typeNotificationSubmit, typeNotificationAck, typeNotificationCancel)
	historic(reportEvent, typeReportSubmit, typeReportReview, typeReportEvidence, typeReportRequest, typeReportAnswer, typeReportMove)
	historic(candidateEvent, typeCandidateDecide)
	historic(articleEvent, typeArticleIngest)
	live(accessEvent, typeAccess)
	historic(clockEvent, typeClock)
	live(messageSentEvent, typeMessageSend)
	live(messageAckEvent, typeMessageAck)
	live(messageAlertEvent, typeMessageAlert)
	live(termsEvent, typeTermsPropose, typeTermsChange, typeTermsEndorse, typeTermsState, typeTermsPhase, typeTermsPhaseEndorse)
	live(witnessEvent, typeWitnessRegister)
	return m
}()

// features is the center's registry (registry.go): the tables above, the
// clock's tasks in the order they run on each beat, and the witnesses.
var features = registry{
	appliers:   appliers,
	eventViews: eventViews,
	ticks: []tick{
		{"escalation alerts", func(ctx context.Context, c *Center) error {
			_, err := HotlineService{c}.Tick(ctx)
			return err
		}},
		{"the clock's acts", func(ctx context.Context, c *Center) error { return c.Advance(ctx) }},
		{"the terms' phase changes", func(ctx context.Context, c *Center) error { return TermsService{c}.AdvancePhases(ctx) }},
	},
	witnesses: listWitnesses,
}
