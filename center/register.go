package center

import (
	"encoding/json"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/ingest"
)

// The projection's tables, its secondary indexes, and what each log entry
// type does to them and shows on the event stream: every feature's
// registration, in one place. Nothing else adds to them.
var (
	schema = engine.NewSchema()

	tCenter       = engine.NewTable[Info](schema, kindCenter)
	tParty        = engine.NewTable[truce.Party](schema, kindParty)
	tMember       = engine.NewTable[truce.Member](schema, kindMember)
	tKey          = engine.NewTable[KeyRecord](schema, kindKey)
	tZone         = engine.NewTable[truce.Zone](schema, kindZone)
	tZoneVersion  = engine.NewTable[truce.Zone](schema, kindZoneVersion)
	tSite         = engine.NewTable[truce.Site](schema, kindSite)
	tAccess       = engine.NewTable[truce.AccessRecord](schema, kindAccess)
	tNotification = engine.NewTable[truce.Notification](schema, kindNotification)
	tReport       = engine.NewTable[truce.Report](schema, kindReport)
	tMessage      = engine.NewTable[truce.Message](schema, kindMessage)
	tSealed       = engine.NewTable[Sealed](schema, kindSealed)
	tWitness      = engine.NewTable[truce.Witness](schema, kindWitness)
	tTerms        = engine.NewTable[truce.Terms](schema, kindTerms)
	tTermsVersion = engine.NewTable[truce.Terms](schema, kindTermsVersion)
	tArticle      = engine.NewTable[truce.Article](schema, kindArticle)
	tCandidate    = engine.NewTable[truce.CandidateReport](schema, kindCandidate)
	tActor        = engine.NewTable[ingest.Actor](schema, kindActor)

	// memberTokens finds a member by the hash of its token.
	memberTokens = engine.NewIndex(schema, tMember, func(m *truce.Member) []string {
		if m.TokenHash == "" {
			return nil
		}
		return []string{m.TokenHash}
	})
	// partyNames finds a party by its folded name.
	partyNames = engine.NewIndex(schema, tParty, func(p *truce.Party) []string { return []string{foldName(p.Name)} })
	// The stored geometry of each object, parsed once per version
	// (shapes.go): [precise, coarse] for zones and sites, the place of a
	// report, each volume of a notification.
	zoneGeo         = engine.NewDerived(schema, tZone, func(z *truce.Zone) shapes { return parseShapes(z.Geometry, z.Coarse) })
	siteGeo         = engine.NewDerived(schema, tSite, func(s *truce.Site) shapes { return parseShapes(s.Geometry, s.Coarse) })
	reportGeo       = engine.NewDerived(schema, tReport, func(r *truce.Report) shapes { return parseShapes(r.Location) })
	notificationGeo = engine.NewDerived(schema, tNotification, func(n *truce.Notification) shapes {
		raws := make([]json.RawMessage, len(n.Volumes))
		for i, v := range n.Volumes {
			raws[i] = v.Geometry
		}
		return parseShapes(raws...)
	})

	// shown says what members were shown precisely, from access records.
	shown = engine.NewIndex(schema, tAccess, func(a *truce.AccessRecord) []string {
		if a.Kind != truce.AccessShown {
			return nil
		}
		keys := make([]string, len(a.Objects))
		for i, r := range a.Objects {
			keys[i] = seenKey{a.Member, r}.String()
		}
		return keys
	})
)

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
	typeClock:              on(applyClock),
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
	typeAccess:     on(applyAccess),
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
