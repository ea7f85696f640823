// Package sitrep builds the daily situation report of a center as one
// caller may see it: a map of the day, charts of violations over the last
// 30 days by zone and by perpetrator, the notable incidents with their
// sources and confidence, the notifications objected and expired, hotline
// activity, and the log checkpoint the report was built from.
//
// Build is pure: its output depends only on its Input, which the HTTP
// layer reads from the center at one log size, so the same checkpoint
// gives the same bytes. The HTML is self-contained (inline CSS and SVG,
// no scripts, no network), so that a browser printing it to PDF
// (print.go) needs nothing but the file.
package sitrep

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/formats"
)

// Days is how many days the charts cover, the report's day the last.
const Days = 30

// RecentDays is how many days, the report's day the last, the map and the
// notable incidents look back: a day alone is often empty.
const RecentDays = 7

// Message is what the hotline counts need of one message the caller may
// read.
type Message struct {
	Priority  string // routine, urgent, flash
	SentAt    time.Time
	Acked     bool // every recipient acknowledged
	Late      bool // an acknowledgement came at or after the deadline
	Escalated bool // the center alerted the coordinator
}

// Input is what a report is built from, all of it already cut to the
// caller's need-to-know.
type Input struct {
	Date       time.Time // the day reported on (UTC midnight)
	Viewer     truce.Party
	Origin     string // the log's origin
	Checkpoint []byte // the signed checkpoint the state was read at
	LogSize    uint64
	Picture    formats.Picture
	Incidents  []truce.Incident
	Messages   []Message
	// Terms are the ceasefire terms, and Compliance each one's record as
	// of the checkpoint (both functions of the log, so the same
	// checkpoint gives the same report).
	Terms      []truce.Terms
	Compliance map[string]*truce.Compliance // by terms id
}

// Report is the situation report's content; it is also embedded in the
// HTML as JSON (script#sitrep-data) for tools and tests.
type Report struct {
	Date          string        `json:"date"`
	Viewer        string        `json:"viewer"`
	ViewerKind    string        `json:"viewer_kind"`
	Origin        string        `json:"origin"`
	LogSize       uint64        `json:"log_size"`
	Checkpoint    string        `json:"checkpoint"`
	Summary       Summary       `json:"summary"`
	ChartDays     []string      `json:"chart_days"`
	ByZone        []Series      `json:"by_zone"`
	ByPerpetrator []Series      `json:"by_perpetrator"`
	Incidents     []Incident    `json:"incidents"`
	Notifications []Notice      `json:"notifications"`
	Hotline       Hotline       `json:"hotline"`
	Map           Map           `json:"-"`
	Terms         *Terms        `json:"terms"`
	Sites         int           `json:"sites_shown"`
	Zones         []ZoneSummary `json:"zones"`
}

// Summary holds the day's headline counts.
type Summary struct {
	VerifiedViolations int `json:"verified_violations"` // verified reports of events on the day
	Fatalities         int `json:"fatalities"`          // in those reports
	ReportsFiled       int `json:"reports_filed"`       // reports of events on the day, any status
	Notifications      int `json:"notifications"`       // notifications with a window on the day
	Objected           int `json:"objected"`
	Expired            int `json:"expired"`
	HotlineMessages    int `json:"hotline_messages"`
}

// Series is one key's verified violations per chart day.
type Series struct {
	Key    string `json:"key"`
	Counts []int  `json:"counts"`
	Total  int    `json:"total"`
}

// Incident is a notable incident: reports of one event grouped, with
// their sources.
type Incident struct {
	ID                 string       `json:"id"`
	EventType          string       `json:"event_type"`
	Start              time.Time    `json:"start"`
	End                time.Time    `json:"end"`
	Confidence         float64      `json:"confidence"`
	IndependentSources int          `json:"independent_sources"`
	Fatalities         int          `json:"fatalities"`
	Reports            []ReportLine `json:"reports"`
}

// ReportLine is one report of an incident.
type ReportLine struct {
	ID           string         `json:"id"`
	Place        string         `json:"place"`
	SubEventType string         `json:"sub_event_type"`
	Actor1       string         `json:"actor1"`
	Status       string         `json:"status"`
	ReportedBy   string         `json:"reported_by"`
	Sources      []truce.Source `json:"sources"`
}

// Notice is a notification objected or expired.
type Notice struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`
	Title      string   `json:"title"`
	Party      string   `json:"party"`
	State      string   `json:"state"`
	Window     string   `json:"window"`
	Objections []string `json:"objections"`
}

// Hotline counts the day's messages the caller may read.
type Hotline struct {
	Routine      int `json:"routine"`
	Urgent       int `json:"urgent"`
	Flash        int `json:"flash"`
	Acknowledged int `json:"acknowledged"`
	Late         int `json:"late"`
	Escalated    int `json:"escalated"`
}

// ZoneSummary is one zone in force on the day, as the caller sees it.
type ZoneSummary struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	State string `json:"state"`
	Shape string `json:"shape"` // precise or coarse
}

// Terms is the ceasefire terms' phases and each party's compliance: on
// the day reported, and in all, as the log records them (not the live
// evaluation of the phases' conditions, which depends on the clock).
type Terms struct {
	Lines []TermsLine `json:"lines"`
}

// TermsLine is one terms' phase and record.
type TermsLine struct {
	ID         string       `json:"id"`
	Name       string       `json:"name"`
	State      string       `json:"state"`
	Phase      string       `json:"phase"`       // the phase in force
	PhaseNo    int          `json:"phase_no"`    // from 1
	Phases     int          `json:"phases"`      // how many there are
	PhaseSince string       `json:"phase_since"` // when it began
	Parties    []PartyTerms `json:"parties"`
}

// PartyTerms is one party's compliance with one terms.
type PartyTerms struct {
	Party string                `json:"party"`
	Day   truce.ComplianceCount `json:"day"`
	Total truce.ComplianceCount `json:"total"`
}

// buildTerms fills Terms from in; nil without terms.
func buildTerms(in *Input, day time.Time) *Terms {
	if len(in.Terms) == 0 {
		return nil
	}
	t := &Terms{}
	for _, tm := range in.Terms {
		l := TermsLine{ID: tm.ID, Name: tm.Name, State: tm.State, PhaseNo: tm.Phase + 1, Phases: len(tm.Phases)}
		if tm.Phase < len(tm.Phases) {
			l.Phase = tm.Phases[tm.Phase].Name
		}
		if !tm.PhaseSince.IsZero() {
			l.PhaseSince = tm.PhaseSince.UTC().Format(time.RFC3339)
		}
		if c := in.Compliance[tm.ID]; c != nil {
			for _, pc := range c.Parties {
				pt := PartyTerms{Party: in.Picture.PartyNames[pc.Party], Total: pc.Totals}
				if pt.Party == "" {
					pt.Party = pc.Party
				}
				for _, d := range pc.Days {
					if d.Day == day.Format(time.DateOnly) {
						pt.Day = d.ComplianceCount
					}
				}
				l.Parties = append(l.Parties, pt)
			}
		}
		t.Lines = append(t.Lines, l)
	}
	return t
}

// Build computes the report. It reads nothing but in.
func Build(in Input) *Report {
	day := in.Date.UTC().Truncate(24 * time.Hour)
	next := day.AddDate(0, 0, 1)
	onDay := func(t time.Time) bool { return !t.Before(day) && t.Before(next) }
	recent := day.AddDate(0, 0, 1-RecentDays)
	p := &in.Picture
	r := &Report{Date: day.Format("2006-01-02"), Viewer: in.Viewer.Name, ViewerKind: in.Viewer.Kind, Origin: in.Origin,
		LogSize: in.LogSize, Checkpoint: string(in.Checkpoint), Incidents: []Incident{}, Notifications: []Notice{}, Zones: []ZoneSummary{}}

	zoneNames := map[string]string{}
	for _, z := range p.Zones {
		zoneNames[z.ID] = z.Name
		if z.Valid.Start.Time().Before(next) && z.Valid.End.Time().After(day) && z.State != truce.ZoneWithdrawn {
			_, precise := formats.Shape(z.Geometry.JSON(), z.Coarse.JSON())
			r.Zones = append(r.Zones, ZoneSummary{ID: z.ID, Name: z.Name, Kind: z.Kind, State: z.State, Shape: formats.ShapeWord(precise)})
			r.Map.Zones = append(r.Map.Zones, z)
		}
	}
	for _, s := range p.Sites {
		if s.State == truce.SiteActive && s.Valid.Start.Time().Before(next) && s.Valid.End.Time().After(day) {
			r.Sites++
		}
	}

	// Violations: verified reports, per day and key, as /v1/stats counts
	// them (perpetrator = actor1).
	first := day.AddDate(0, 0, 1-Days)
	for d := range Days {
		r.ChartDays = append(r.ChartDays, first.AddDate(0, 0, d).Format("2006-01-02"))
	}
	zoneSeries, perpSeries := map[string]*Series{}, map[string]*Series{}
	add := func(m map[string]*Series, key string, d int) {
		s := m[key]
		if s == nil {
			s = &Series{Key: key, Counts: make([]int, Days)}
			m[key] = s
		}
		s.Counts[d]++
		s.Total++
	}
	reportsByID := map[string]truce.Report{}
	for _, rep := range p.Reports {
		reportsByID[rep.ID] = rep
		if onDay(rep.OccurredAt) {
			r.Summary.ReportsFiled++
		}
		if rep.Status != truce.ReportVerified {
			continue
		}
		if onDay(rep.OccurredAt) {
			r.Summary.VerifiedViolations++
			r.Summary.Fatalities += rep.Fatalities
		}
		if !rep.OccurredAt.Before(recent) && rep.OccurredAt.Before(next) {
			r.Map.Incidents = append(r.Map.Incidents, rep)
		}
		if rep.OccurredAt.Before(first) || !rep.OccurredAt.Before(next) {
			continue
		}
		d := int(rep.OccurredAt.Sub(first) / (24 * time.Hour))
		add(perpSeries, cmp.Or(rep.Actor1, "unknown"), d)
		if len(rep.Zones) == 0 {
			add(zoneSeries, "outside every zone", d)
		}
		for _, z := range rep.Zones {
			add(zoneSeries, cmp.Or(zoneNames[z], z), d)
		}
	}
	r.ByZone, r.ByPerpetrator = sorted(zoneSeries), sorted(perpSeries)
	slices.SortStableFunc(r.Map.Incidents, func(a, b truce.Report) int { return a.OccurredAt.Compare(b.OccurredAt) })

	// Notable incidents: those with a report in the recent days, most
	// confident first.
	for _, inc := range in.Incidents {
		if inc.End.Before(recent) || !inc.Start.Before(next) {
			continue
		}
		ni := Incident{ID: inc.ID, EventType: inc.EventType, Start: inc.Start, End: inc.End, Confidence: inc.Confidence,
			IndependentSources: inc.IndependentSources, Fatalities: inc.Fatalities, Reports: []ReportLine{}}
		for _, id := range inc.Reports {
			rep, ok := reportsByID[id]
			if !ok {
				continue
			}
			ni.Reports = append(ni.Reports, ReportLine{ID: rep.ID, Place: rep.Place, SubEventType: rep.SubEventType, Actor1: rep.Actor1,
				Status: rep.Status, ReportedBy: p.PartyName(rep.Party), Sources: rep.Sources})
		}
		r.Incidents = append(r.Incidents, ni)
	}
	slices.SortStableFunc(r.Incidents, func(a, b Incident) int {
		return cmp.Or(cmp.Compare(b.Confidence, a.Confidence), cmp.Compare(b.Fatalities, a.Fatalities), strings.Compare(a.ID, b.ID))
	})

	// Notifications: those with a window on the day; the objected and
	// expired ones listed.
	for _, n := range p.Notifications {
		var touches bool
		var window string
		for _, v := range n.Volumes {
			if v.Start.Time().Before(next) && v.End.Time().After(day) {
				touches = true
				if window == "" {
					window = v.Start.Time().Format("02 Jan 15:04") + "–" + v.End.Time().Format("02 Jan 15:04") + " UTC"
				}
			}
		}
		if !touches {
			continue
		}
		r.Summary.Notifications++
		if n.Kind == "humanitarian-movement" && n.State == truce.NotificationExecuted {
			r.Map.Movements = append(r.Map.Movements, n)
		}
		if n.State != truce.NotificationObjected && n.State != truce.NotificationExpired {
			continue
		}
		if n.State == truce.NotificationObjected {
			r.Summary.Objected++
		} else {
			r.Summary.Expired++
		}
		nt := Notice{ID: n.ID, Kind: n.Kind, Title: n.Title, Party: p.PartyName(n.Party), State: n.State, Window: window, Objections: []string{}}
		for _, a := range n.Acknowledgements {
			if a.Decision == "object" {
				nt.Objections = append(nt.Objections, p.PartyName(a.Party)+": "+cmp.Or(a.Note, "(no note)"))
			}
		}
		r.Notifications = append(r.Notifications, nt)
	}

	for _, m := range in.Messages {
		if !onDay(m.SentAt) {
			continue
		}
		r.Summary.HotlineMessages++
		switch m.Priority {
		case "flash":
			r.Hotline.Flash++
		case "urgent":
			r.Hotline.Urgent++
		default:
			r.Hotline.Routine++
		}
		r.Hotline.Acknowledged += b2i(m.Acked)
		r.Hotline.Late += b2i(m.Late)
		r.Hotline.Escalated += b2i(m.Escalated)
	}
	r.Terms = buildTerms(&in, day)
	return r
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// sorted returns the series, largest total first, ties by key.
func sorted(m map[string]*Series) []Series {
	out := []Series{}
	for _, s := range m {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Series) int { return cmp.Or(cmp.Compare(b.Total, a.Total), strings.Compare(a.Key, b.Key)) })
	return out
}

// ParseDay parses a report's date, YYYY-MM-DD, as UTC midnight.
func parseDay(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }
