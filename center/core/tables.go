package core

import (
	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/ingest"
)

// The projection's tables, their secondary indexes and the values derived
// from their objects, every one in one place (what each entry type does
// to them is register.go's). Nothing else adds to them.
var (
	schema = engine.NewSchema()

	TCenter       = engine.NewTable[Info](schema, kindCenter)
	TParty        = engine.NewTable[truce.Party](schema, kindParty)
	TMember       = engine.NewTable[truce.Member](schema, kindMember)
	TKey          = engine.NewTable[KeyRecord](schema, kindKey)
	TZone         = engine.NewTable[truce.Zone](schema, kindZone)
	TZoneVersion  = engine.NewTable[truce.Zone](schema, kindZoneVersion)
	TSite         = engine.NewTable[truce.Site](schema, kindSite)
	tAccess       = engine.NewTable[truce.AccessRecord](schema, kindAccess)
	TNotification = engine.NewTable[truce.Notification](schema, kindNotification)
	TReport       = engine.NewTable[truce.Report](schema, kindReport)
	TMessage      = engine.NewTable[truce.Message](schema, KindMessage)
	tSealed       = engine.NewTable[Sealed](schema, kindSealed)
	TWitness      = engine.NewTable[truce.Witness](schema, kindWitness)
	TTerms        = engine.NewTable[truce.Terms](schema, kindTerms)
	TTermsVersion = engine.NewTable[truce.Terms](schema, kindTermsVersion)
	TArticle      = engine.NewTable[truce.Article](schema, kindArticle)
	TCandidate    = engine.NewTable[truce.CandidateReport](schema, kindCandidate)
	TActor        = engine.NewTable[ingest.Actor](schema, kindActor)

	// memberTokens finds a member by the hash of its token.
	memberTokens = engine.NewIndex(schema, TMember, func(m *truce.Member) []string {
		if m.TokenHash == "" {
			return nil
		}
		return []string{m.TokenHash}
	})
	// partyNames finds a party by its folded name.
	PartyNames = engine.NewIndex(schema, TParty, func(p *truce.Party) []string { return []string{FoldName(p.Name)} })
	// The stored geometry of each object, parsed once per version
	// (shapes.go): [precise, coarse] for zones and sites, the place of a
	// report, each volume of a notification.
	ZoneGeo         = engine.NewDerived(schema, TZone, func(z *truce.Zone) shapes { return parseShapes(z.Geometry.JSON(), z.Coarse.JSON()) })
	SiteGeo         = engine.NewDerived(schema, TSite, func(s *truce.Site) shapes { return parseGeoJSON(s.Geometry, s.Coarse()) })
	ReportGeo       = engine.NewDerived(schema, TReport, func(r *truce.Report) shapes { return parseShapes(r.Location) })
	NotificationGeo = engine.NewDerived(schema, TNotification, func(n *truce.Notification) shapes {
		gs := make([]truce.GeoJSON, len(n.Volumes))
		for i, v := range n.Volumes {
			gs[i] = v.Geometry
		}
		return parseGeoJSON(gs...)
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

// The projection's object kinds: each is a table above.
const (
	kindCenter = "center"
	kindParty  = "party"
	kindMember = "member"
	// kindKey records every key ever registered, by key id: a key is
	// registered once, so a revoked key cannot be enrolled again (by
	// whoever holds the member's token) and no two members share one.
	kindKey    = "key"
	kindSealed = "sealed"
	// articles.go
	kindArticle   = "article"
	kindCandidate = "candidate"
	kindActor     = "actor"
	// hotline.go
	KindMessage = "message"
	// notifications.go
	kindNotification = "notification"
	// reports.go
	kindReport = "report"
	// sites.go
	kindSite   = "site"
	kindAccess = "access"
	// terms.go
	kindTerms        = "terms"
	kindTermsVersion = "terms_version" // versions once in force, id "<terms>@<version>"
	// witness.go
	kindWitness = "witness"
	// zones.go
	kindZone        = "zone"
	kindZoneVersion = "zone_version" // superseded versions, id "<zone>@<version>"
)
