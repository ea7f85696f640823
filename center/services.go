package center

// The features' services, as the facade hands them out: c.Zones().Propose,
// c.Notifications().Submit, and so on.

// Sources returns the center's sources.
func (c *Center) Sources() SourceService { return SourceService{c} }

// Hotline returns the center's hotline.
func (c *Center) Hotline() HotlineService { return HotlineService{c} }

// Notifications returns the center's notifications.
func (c *Center) Notifications() NotificationService { return NotificationService{c} }

// Members returns the center's members.
func (c *Center) Members() MemberService { return MemberService{c} }

// Reports returns the center's reports.
func (c *Center) Reports() ReportService { return ReportService{c} }

// Sites returns the center's sites.
func (c *Center) Sites() SiteService { return SiteService{c} }

// Terms returns the center's terms.
func (c *Center) Terms() TermsService { return TermsService{c} }

// Zones returns the center's zones.
func (c *Center) Zones() ZoneService { return ZoneService{c} }
