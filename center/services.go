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

// Center is the running application: the kernel (core.Center: the
// state, the writer, the log, the event stream) with the features'
// services. Its methods are safe for concurrent use.
type Center struct{ *core.Center }

// The features' services, as the facade hands them out: c.Zones().Propose,
// c.Notifications().Submit, and so on.

// Sources returns the center's sources.
func (c *Center) Sources() sources.SourceService { return sources.SourceService{C: c.Center} }

// Hotline returns the center's hotline.
func (c *Center) Hotline() hotline.HotlineService { return hotline.HotlineService{C: c.Center} }

// Notifications returns the center's notifications.
func (c *Center) Notifications() notifications.NotificationService {
	return notifications.NotificationService{C: c.Center}
}

// Members returns the center's members.
func (c *Center) Members() members.MemberService { return members.MemberService{C: c.Center} }

// Reports returns the center's reports.
func (c *Center) Reports() reports.ReportService { return reports.ReportService{C: c.Center} }

// Sites returns the center's sites.
func (c *Center) Sites() sites.SiteService { return sites.SiteService{C: c.Center} }

// Terms returns the center's terms.
func (c *Center) Terms() terms.TermsService { return terms.TermsService{C: c.Center} }

// Zones returns the center's zones.
func (c *Center) Zones() zones.ZoneService { return zones.ZoneService{C: c.Center} }

// Init writes the first entries of a new center: the center itself, the
// coordinator party and its first member. It fails if the log is not
// empty.
//
// It returns EInvalid naming party_name or member_name, EConflict if the
// log is not empty, and the write errors (package doc) but EUnauthorized.
// Its three entries are three acts: a failure after the first leaves the
// center initialised without its coordinator's member.
func (c *Center) Init(ctx context.Context, logKey, partyName, memberName string) (*members.InitResult, error) {
	return members.InitCenter(c.Center, ctx, logKey, partyName, memberName)
}

// Fresh brings this node's state up to the shared store's log when
// another node has written since, so that a token revoked there is
// refused here at once. On a store of its own it does nothing. It costs
// one query of the log's size on a shared store.
//
// It returns EUnavailable if the store cannot say its size, and what
// Sync returns when there is something to catch up.
func (c *Center) Fresh(ctx context.Context) error { return members.Fresh(c.Center, ctx) }

// Stats counts reports and fatalities per bucket of time and per
// perpetrator or event type: verified reports only, unless AllReports.
//
// It returns EInvalid naming bucket (not day or week) or by (not
// perpetrator or event_type).
func (c *Center) Stats(caller *core.Caller, q reports.StatsQuery) ([]reports.StatsRow, error) {
	return reports.Stats(c.Center, caller, q)
}

// RegisterWitness registers (or replaces) a party's witness. Only the
// coordinator may.
//
// It returns EForbidden if the caller is not the coordinator; EInvalid
// naming key (not a cosignature/v1 verifier key, or named as the log),
// url (not an absolute http(s) URL without query, fragment or user) or
// party_id (empty); ENotFound, naming party_id, if the party does not
// exist; EConflict, naming key, if another party's witness has that name
// or key; and the write errors (package doc).
func (c *Center) RegisterWitness(ctx context.Context, caller *core.Caller, in witnesses.WitnessInput) (*truce.Witness, error) {
	return witnesses.RegisterWitness(c.Center, ctx, caller, in)
}

// Witnesses lists the registered witnesses, oldest registration first.
// Witnesses are public: a verifier needs their keys, and nothing about
// them is secret.
func (c *Center) Witnesses(ctx context.Context) []truce.Witness {
	return witnesses.WitnessList(ctx, c.Center)
}
