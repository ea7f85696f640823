package sitrep

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
)

var page = template.Must(template.New("sitrep").Funcs(template.FuncMap{
	"pct": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Situation report {{.R.Date}} — {{.R.Viewer}}</title>
<style>
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt; color: #111; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; break-after: avoid; }
.muted { color: #555; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 1mm 2mm; border-bottom: 1px solid #ddd; }
.counts td { font-size: 12pt; }
.counts td b { font-size: 14pt; }
section { break-inside: avoid; }
svg { width: 100%; height: auto; display: block; }
pre { font-size: 8pt; background: #f4f4f4; padding: 2mm; white-space: pre-wrap; word-break: break-all; }
</style>
</head>
<body>
<header>
<h1>Daily situation report — {{.Long}}</h1>
<p>As seen by <b>{{.R.Viewer}}</b> ({{.R.ViewerKind}}) at the center <b>{{.R.Origin}}</b>. Need-to-know applies: this report shows
only what this party may see; objects it may see only coarsely are drawn as hatched covers.</p>
</header>

<section id="summary">
<h2>The day in numbers</h2>
<table class="counts"><tr>
<td>Verified violations: <b id="count-verified">{{.R.Summary.VerifiedViolations}}</b></td>
<td>Fatalities in them: <b id="count-fatalities">{{.R.Summary.Fatalities}}</b></td>
<td>Reports of the day: <b id="count-reports">{{.R.Summary.ReportsFiled}}</b></td>
</tr><tr>
<td>Notifications in effect: <b id="count-notifications">{{.R.Summary.Notifications}}</b></td>
<td>Objected: <b id="count-objected">{{.R.Summary.Objected}}</b> · Expired: <b id="count-expired">{{.R.Summary.Expired}}</b></td>
<td>Hotline messages: <b id="count-hotline">{{.R.Summary.HotlineMessages}}</b></td>
</tr></table>
</section>

<section id="map">
<h2>Map of the day</h2>
{{.MapSVG}}
<p class="muted">Zones in force (dashed when not active), verified incidents of the last {{.Recent}} days (red, numbered in order of occurrence),
humanitarian movements executed on the day (blue). Drawn by the center without a basemap; coordinates are as notified.</p>
<table><tr><th>Zone</th><th>Kind</th><th>State</th><th>Shape shown</th></tr>
{{range .R.Zones}}<tr><td>{{.Name}}</td><td>{{.Kind}}</td><td>{{.State}}</td><td>{{.Shape}}</td></tr>
{{else}}<tr><td colspan="4" class="muted">No zone in force.</td></tr>{{end}}</table>
</section>

<section id="charts">
<h2>Verified violations, last {{.Days}} days</h2>
{{.ByZone}}
{{.ByPerpetrator}}
</section>

<section id="incidents">
<h2>Notable incidents (last {{.Recent}} days)</h2>
{{range .R.Incidents}}<p><b>{{.EventType}}</b>, {{.Start.Format "02 Jan 2006 15:04"}} UTC: confidence {{pct .Confidence}} from {{.IndependentSources}} independent source(s), {{.Fatalities}} fatalities reported (highest).</p>
<table><tr><th>Place</th><th>Event</th><th>Alleged perpetrator</th><th>Status</th><th>Reported by</th><th>Sources</th></tr>
{{range .Reports}}<tr><td>{{.Place}}</td><td>{{.SubEventType}}</td><td>{{.Actor1}}</td><td>{{.Status}}</td><td>{{.ReportedBy}}</td>
<td>{{range $i, $s := .Sources}}{{if $i}}; {{end}}{{$s.Name}} ({{$s.Scale}}){{end}}</td></tr>
{{end}}</table>
{{else}}<p class="muted">No incident in these days.</p>{{end}}
</section>

<section id="notifications">
<h2>Notifications objected and expired</h2>
<table><tr><th>Notification</th><th>By</th><th>Window on the day</th><th>State</th><th>Objections</th></tr>
{{range .R.Notifications}}<tr id="n-{{.ID}}"><td>{{.Kind}}: {{.Title}}</td><td>{{.Party}}</td><td>{{.Window}}</td><td>{{.State}}</td>
<td>{{range .Objections}}{{.}}<br>{{end}}</td></tr>
{{else}}<tr><td colspan="5" class="muted">None.</td></tr>{{end}}</table>
</section>

<section id="hotline">
<h2>Hotline</h2>
<table><tr><th>Routine</th><th>Urgent</th><th>Flash</th><th>Acknowledged</th><th>Acknowledged late</th><th>Escalated to the coordinator</th></tr>
<tr><td>{{.R.Hotline.Routine}}</td><td>{{.R.Hotline.Urgent}}</td><td>{{.R.Hotline.Flash}}</td><td>{{.R.Hotline.Acknowledged}}</td><td>{{.R.Hotline.Late}}</td><td>{{.R.Hotline.Escalated}}</td></tr></table>
<p class="muted">Messages sent on the day that this party may read; subjects and bodies are not shown.</p>
</section>

<section id="terms">
<h2>Terms: phases and compliance</h2>
{{if .R.Terms}}{{range .R.Terms.Lines}}
<h3>{{.Name}} ({{.State}})</h3>
<p>{{if .Phase}}Phase {{.PhaseNo}} of {{.Phases}} in force: <strong>{{.Phase}}</strong>{{if .PhaseSince}}, since {{.PhaseSince}}{{end}}.{{else}}No phase in force.{{end}}</p>
{{if .Parties}}<table><tr><th>Party</th><th>Notified late (day / all)</th><th>Not allowed</th><th>Strikes objected</th><th>Violations verified against it</th><th>Acknowledgements missed</th></tr>
{{range .Parties}}<tr><td>{{.Party}}</td><td>{{.Day.Late}} / {{.Total.Late}}</td><td>{{.Day.Breaches}} / {{.Total.Breaches}}</td><td>{{.Day.StrikesObjected}} / {{.Total.StrikesObjected}}</td><td>{{.Day.Violations}} / {{.Total.Violations}}</td><td>{{.Day.AcksMissed}} / {{.Total.AcksMissed}}</td></tr>
{{end}}</table>{{end}}
{{end}}<p class="muted">Compliance as the log records it at the checkpoint below (GET /v1/terms/{id}/compliance; truce log verify recomputes it).</p>
{{else}}<p class="muted">The center records no ceasefire terms yet.</p>{{end}}
</section>

<section id="checkpoint">
<h2>Built from the log</h2>
<p>This report was built from the center's log at {{.R.LogSize}} entries, whose signed checkpoint follows. Anyone holding the
center's key can check it against the log (<code>truce log verify</code>); the same checkpoint gives the same report, byte for byte.</p>
<pre>{{.R.Checkpoint}}</pre>
</section>
<script type="application/json" id="sitrep-data">{{.JSON}}</script>
</body>
</html>
`))

// WriteHTML writes the report as one self-contained HTML page.
func WriteHTML(w io.Writer, r *Report) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	day, _ := parseDay(r.Date)
	var buf bytes.Buffer
	err = page.Execute(&buf, map[string]any{
		"R": r, "Long": day.Format("Monday 2 January 2006"), "Days": Days, "Recent": RecentDays,
		"MapSVG":        template.HTML(r.Map.SVG()),
		"ByZone":        template.HTML(Chart("By zone", r.ChartDays, r.ByZone)),
		"ByPerpetrator": template.HTML(Chart("By alleged perpetrator", r.ChartDays, r.ByPerpetrator)),
		"JSON":          template.JS(data),
	})
	if err != nil {
		return fmt.Errorf("writing the sitrep: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}
