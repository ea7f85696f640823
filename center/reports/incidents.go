package reports

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/geo"
	"github.com/truce-center/truce/internal/unionfind"
)

// Incident grouping. Two reports describe the same event when their
// event types are the same and they are close enough in time and space
// for the precision each claims: the bound is the wider of the two.
//
//	geo_precision   1: 10 km    2: 25 km    3: 75 km
//	time_precision  1: 1 day    2: 7 days   3: 31 days
//
// Groups are the connected components of that relation (single linkage),
// after a reviewer's moves: a report moved to another's incident joins it
// whatever the rule says, and is not used to link others. An incident's
// id is its earliest report's. Its confidence grows with its independent
// sources — distinct source names across its reports — as 1 − ½ⁿ.

var geoBoundM = [4]float64{0, 10000, 25000, 75000}
var timeBound = [4]time.Duration{0, 24 * time.Hour, 7 * 24 * time.Hour, 31 * 24 * time.Hour}

// sameEvent reports whether two reports may describe one event.
func sameEvent(a, b *truce.Report, pa, pb geo.LonLat) bool {
	if a.EventType != b.EventType {
		return false
	}
	d := a.OccurredAt.Sub(b.OccurredAt)
	if d < 0 {
		d = -d
	}
	if d > max(timeBound[clampPrec(a.TimePrecision)], timeBound[clampPrec(b.TimePrecision)]) {
		return false
	}
	return geo.Distance(pa, pb) <= max(geoBoundM[clampPrec(a.GeoPrecision)], geoBoundM[clampPrec(b.GeoPrecision)])
}

func clampPrec(p int) int { return min(max(p, 1), 3) }

// incidentCache keeps the grouping of the state's reports as of a log
// size: every report read needs it (a report shows its incident), and it
// changes only when the log grows. The results are shared: callers MUST
// NOT modify them.
type incidentCacheKey struct{}

type incidentCache struct {
	mu       sync.Mutex
	valid    bool
	size     uint64
	list     []truce.Incident
	byReport map[string]string
}

// ListIncidents returns the incidents and, for each report, its incident's
// id, computed once per log size.
func ListIncidents(s *core.State) ([]truce.Incident, map[string]string) {
	inc := s.Caches.Get(incidentCacheKey{}, func() any { return &incidentCache{} }).(*incidentCache)
	inc.mu.Lock()
	defer inc.mu.Unlock()
	if !inc.valid || inc.size != s.LogSize {
		inc.list, inc.byReport = groupIncidents(s)
		inc.valid, inc.size = true, s.LogSize
	}
	return inc.list, inc.byReport
}

// groupIncidents groups every report.
func groupIncidents(s *core.State) ([]truce.Incident, map[string]string) {
	reports := make([]*truce.Report, 0, core.TReport.Len(s))
	for obj := range core.TReport.Values(s) {
		reports = append(reports, obj)
	}
	slices.SortFunc(reports, func(a, b *truce.Report) int { return cmp.Compare(a.SubmittedLogIndex, b.SubmittedLogIndex) })
	index := map[string]int{}
	points := make([]geo.LonLat, len(reports))
	for i, r := range reports {
		index[r.ID] = i
		if sh := core.ReportGeo.Of(s, r.ID, r)[0]; sh.Ok {
			points[i] = sh.G.Point()
		}
	}
	sets := unionfind.New(len(reports))
	find, union := sets.Find, sets.Union
	// Automatic links, between reports nobody has moved. Reports are
	// compared within the widest time bound of each other only.
	byTime := make([]int, 0, len(reports))
	for i, r := range reports {
		if r.PinnedTo == "" {
			byTime = append(byTime, i)
		}
	}
	slices.SortFunc(byTime, func(a, b int) int { return reports[a].OccurredAt.Compare(reports[b].OccurredAt) })
	widest := timeBound[3]
	for x, i := range byTime {
		for _, j := range byTime[x+1:] {
			if reports[j].OccurredAt.Sub(reports[i].OccurredAt) > widest {
				break
			}
			if sameEvent(reports[i], reports[j], points[i], points[j]) {
				union(i, j)
			}
		}
	}
	// Moves: a pinned report joins its anchor's group (or stands alone).
	for i, r := range reports {
		if r.PinnedTo == "" || r.PinnedTo == r.ID {
			continue
		}
		if j, ok := index[r.PinnedTo]; ok {
			union(i, j)
		}
	}
	groups := map[int][]int{}
	for i := range reports {
		root := find(i)
		groups[root] = append(groups[root], i)
	}
	var out []truce.Incident
	byReport := map[string]string{}
	for root, members := range groups {
		inc := truce.Incident{ID: "inc_" + strings.TrimPrefix(reports[root].ID, "rep_"), EventType: reports[root].EventType}
		sources := map[string]bool{}
		for _, i := range members {
			r := reports[i]
			inc.Reports = append(inc.Reports, r.ID)
			byReport[r.ID] = inc.ID
			if inc.Start.IsZero() || r.OccurredAt.Before(inc.Start) {
				inc.Start = r.OccurredAt
			}
			if r.OccurredAt.After(inc.End) {
				inc.End = r.OccurredAt
			}
			inc.Fatalities = max(inc.Fatalities, r.Fatalities)
			for _, src := range r.Sources {
				sources[strings.ToLower(src.Name)] = true
			}
		}
		inc.IndependentSources = len(sources)
		inc.Confidence = 1 - 1/float64(int(1)<<min(len(sources), 30))
		out = append(out, inc)
	}
	slices.SortFunc(out, func(a, b truce.Incident) int { return cmp.Compare(reportIndex(a.ID), reportIndex(b.ID)) })
	return out, byReport
}

func reportIndex(incident string) int {
	var n int
	fmt.Sscanf(incident, "inc_%d", &n)
	return n
}

// Incidents lists the incidents, with at least minReports reports each.
func (svc ReportService) Incidents(ctx context.Context, caller *core.Caller, minReports int) []truce.Incident {
	c := svc.C
	var out []truce.Incident
	c.ReadSized(ctx, func(s *core.State) { out, _ = ListIncidents(s) })
	out = slices.DeleteFunc(slices.Clone(out), func(i truce.Incident) bool { return len(i.Reports) < minReports })
	if out == nil {
		out = []truce.Incident{}
	}
	return out
}

// StatsQuery selects and groups reports for statistics.
type StatsQuery struct {
	Zone       string
	From, To   time.Time
	Bucket     string // "day" or "week"
	By         string // "perpetrator" or "event_type"
	AllReports bool   // count every report, not only verified ones
}

// StatsRow is one bucket and key of the statistics.
type StatsRow struct {
	Bucket     time.Time `json:"bucket"`
	Key        string    `json:"key"`
	Reports    int       `json:"reports"`
	Fatalities int       `json:"fatalities"`
}

// Stats is Center.Stats.
//
// Its errors are Center.Stats's (EInvalid).
func Stats(c *core.Center, caller *core.Caller, q StatsQuery) ([]StatsRow, error) {
	var errs truce.Fields
	if q.Bucket == "" {
		q.Bucket = "day"
	}
	if q.Bucket != "day" && q.Bucket != "week" {
		errs.Add("bucket", "must be day or week")
	}
	if q.By == "" {
		q.By = "event_type"
	}
	if q.By != "perpetrator" && q.By != "event_type" {
		errs.Add("by", "must be perpetrator or event_type")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	status := truce.ReportVerified
	if q.AllReports {
		status = ""
	}
	var reports []truce.Report
	c.Read(func(s *core.State) {
		reports = ListReports(s, caller, ReportFilter{Zone: q.Zone, From: q.From, To: q.To, Status: status})
	})
	type key struct {
		b time.Time
		k string
	}
	rows := map[key]*StatsRow{}
	for _, r := range reports {
		day := time.Date(r.OccurredAt.Year(), r.OccurredAt.Month(), r.OccurredAt.Day(), 0, 0, 0, 0, time.UTC)
		if q.Bucket == "week" { // weeks start on Monday (ISO 8601)
			day = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		}
		k := key{day, r.EventType}
		if q.By == "perpetrator" {
			k.k = r.Actor1
		}
		row := rows[k]
		if row == nil {
			row = &StatsRow{Bucket: day, Key: k.k}
			rows[k] = row
		}
		row.Reports++
		row.Fatalities += r.Fatalities
	}
	out := make([]StatsRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b StatsRow) int { return cmp.Or(a.Bucket.Compare(b.Bucket), strings.Compare(a.Key, b.Key)) })
	return out, nil
}
