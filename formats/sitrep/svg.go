package sitrep

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/formats"
	"github.com/truce-center/truce/geo"
)

// Map is what the day's map draws: the zones in force, the verified
// incidents of the recent days, the humanitarian movements executed on
// the day.
type Map struct {
	Zones     []truce.Zone         `json:"-"`
	Incidents []truce.Report       `json:"-"`
	Movements []truce.Notification `json:"-"`
}

// zoneColours are CSS colours by zone kind (the KML export's palette).
var zoneColours = map[string]string{
	"de-escalation": "#33aa33", "no-strike": "#dd2222", "no-fly": "#ff8800", "security-belt": "#cccc00",
	"corridor": "#0088dd", "opposition-area": "#9933aa", "designated-group-area": "#884422",
}

// seriesColours colour the charts' series in order; the eighth and later
// series share the last.
var seriesColours = []string{"#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#3d3b30", "#999999"}

const (
	mapW, mapH = 760.0, 460.0
	pad        = 20.0
)

// projection is an equirectangular projection scaled by the cosine of the
// middle latitude, fitted to the bounds: good enough for a city-sized map
// and exact to write by hand.
type projection struct {
	minLon, maxLat, k, kx float64
}

func fit(r geo.Rect) projection {
	if r.MaxLon <= r.MinLon || r.MaxLat <= r.MinLat {
		r = geo.Rect{MinLon: r.MinLon - 0.05, MaxLon: r.MinLon + 0.05, MinLat: r.MinLat - 0.05, MaxLat: r.MinLat + 0.05}
	}
	cos := math.Cos((r.MinLat + r.MaxLat) / 2 * math.Pi / 180)
	w, h := (r.MaxLon-r.MinLon)*cos, r.MaxLat-r.MinLat
	k := math.Min((mapW-2*pad)/w, (mapH-2*pad)/h)
	return projection{minLon: r.MinLon, maxLat: r.MaxLat, k: k, kx: k * cos}
}

func (p projection) xy(ll geo.LonLat) (float64, float64) {
	return pad + (ll.Lon-p.minLon)*p.kx, pad + (p.maxLat-ll.Lat)*p.k
}

func (p projection) path(rings [][]geo.LonLat) string {
	var b strings.Builder
	for _, ring := range rings {
		for i, ll := range ring {
			x, y := p.xy(ll)
			if i == 0 {
				fmt.Fprintf(&b, "M%.1f %.1f", x, y)
			} else {
				fmt.Fprintf(&b, "L%.1f %.1f", x, y)
			}
		}
		b.WriteString("Z")
	}
	return b.String()
}

func grow(r *geo.Rect, seen *bool, g geo.Geometry) {
	if g.IsZero() {
		return
	}
	b := g.Bounds()
	if !*seen {
		*r, *seen = b, true
		return
	}
	r.MinLon, r.MinLat = math.Min(r.MinLon, b.MinLon), math.Min(r.MinLat, b.MinLat)
	r.MaxLon, r.MaxLat = math.Max(r.MaxLon, b.MaxLon), math.Max(r.MaxLat, b.MaxLat)
}

// SVG draws the map. Incidents are numbered as the notable incidents
// list numbers the reports' incidents where it can.
func (m *Map) SVG() string {
	type shape struct {
		g       geo.Geometry
		precise bool
		z       truce.Zone
	}
	var zones []shape
	var bounds geo.Rect
	var seen bool
	for _, z := range m.Zones {
		g, precise := formats.Shape(z.Geometry.JSON(), z.Coarse.JSON())
		if g.IsZero() {
			continue
		}
		zones = append(zones, shape{g, precise, z})
		grow(&bounds, &seen, g)
	}
	var points []geo.Geometry
	for _, r := range m.Incidents {
		g := formats.Geometry(r.Location)
		points = append(points, g)
		grow(&bounds, &seen, g)
	}
	var routes []geo.Geometry
	for _, n := range m.Movements {
		for _, v := range n.Volumes {
			g := formats.Geometry(v.Geometry.JSON())
			routes = append(routes, g)
			grow(&bounds, &seen, g)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="Map of the day">`, mapW, mapH, mapW, mapH)
	b.WriteString(`<defs><pattern id="coarse" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="8" stroke="#555" stroke-width="1.5"/></pattern></defs>`)
	fmt.Fprintf(&b, `<rect width="%g" height="%g" fill="#f4f1ea" stroke="#999"/>`, mapW, mapH)
	if !seen {
		fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle" class="muted">Nothing to draw for this day in this view.</text></svg>`, mapW/2, mapH/2)
		return b.String()
	}
	p := fit(bounds)
	for _, z := range zones {
		col := zoneColours[z.z.Kind]
		if col == "" {
			col = "#888888"
		}
		d := p.path(polygonRings(z.g))
		fmt.Fprintf(&b, `<path d="%s" fill="%s" fill-opacity="0.25" stroke="%s" stroke-width="1.5"`, d, col, col)
		if z.z.State != truce.ZoneActive {
			b.WriteString(` stroke-dasharray="6 3"`)
		}
		fmt.Fprintf(&b, `><title>%s</title></path>`, html.EscapeString(z.z.Name+" ("+z.z.Kind+", "+z.z.State+")"))
		if !z.precise {
			fmt.Fprintf(&b, `<path d="%s" fill="url(#coarse)" fill-opacity="0.5"/>`, d)
		}
	}
	for _, g := range routes {
		switch g.Type() {
		case geo.TypeLineString:
			var pts []string
			for _, ll := range g.Line() {
				x, y := p.xy(ll)
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
			}
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#0055cc" stroke-width="3"/>`, strings.Join(pts, " "))
		default:
			x, y := p.xy(g.Point())
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="8" height="8" fill="#0055cc"/>`, x-4, y-4)
		}
	}
	for i, g := range points {
		x, y := p.xy(g.Point())
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="7" fill="#c00" stroke="#fff" stroke-width="1.5"/><text x="%.1f" y="%.1f" text-anchor="middle" font-size="9" fill="#fff">%d</text>`,
			x, y, x, y+3, i+1)
	}
	// A scale bar of 5 km at the map's middle latitude.
	km := 5000.0 / 111320.0 * p.kx
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%.1f" y2="%g" stroke="#000" stroke-width="2"/><text x="%g" y="%g" font-size="10">5 km</text>`,
		pad, mapH-12, pad+km, mapH-12, pad, mapH-16)
	b.WriteString(`</svg>`)
	return b.String()
}

func polygonRings(g geo.Geometry) [][]geo.LonLat {
	var rings [][]geo.LonLat
	for _, poly := range g.Polygons() {
		rings = append(rings, poly...)
	}
	return rings
}

// Chart draws one stacked bar a day of the series, with a legend.
func Chart(title string, days []string, series []Series) string {
	const w, h, left, bottom, top = 760.0, 220.0, 36.0, 40.0, 24.0
	max := 0
	for d := range days {
		sum := 0
		for _, s := range series {
			sum += s.Counts[d]
		}
		max = int(math.Max(float64(max), float64(sum)))
	}
	scaleMax := math.Max(1, float64(max))
	bw := (w - left - 10) / float64(len(days))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s">`, w, h+16*float64(len(series)/4+1), w, h+16*float64(len(series)/4+1), html.EscapeString(title))
	fmt.Fprintf(&b, `<text x="%g" y="14" font-size="12" font-weight="bold">%s</text>`, left, html.EscapeString(title))
	plotH := h - bottom - top
	// Counts are whole: ticks at 0, the middle (when whole) and the top.
	ticks := []float64{0, scaleMax}
	if m := scaleMax / 2; m == math.Trunc(m) && m > 0 {
		ticks = append(ticks, m)
	}
	for _, v := range ticks {
		y := top + plotH*(1-v/scaleMax)
		fmt.Fprintf(&b, `<line x1="%g" y1="%.1f" x2="%g" y2="%.1f" stroke="#ddd"/><text x="%g" y="%.1f" font-size="9" text-anchor="end">%g</text>`,
			left, y, w-10, y, left-4, y+3, v)
	}
	for d, day := range days {
		y := top + plotH
		for i, s := range series {
			if s.Counts[d] == 0 {
				continue
			}
			bh := plotH * float64(s.Counts[d]) / scaleMax
			y -= bh
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %d</title></rect>`,
				left+float64(d)*bw+1, y, bw-2, bh, seriesColours[min(i, len(seriesColours)-1)], day, html.EscapeString(s.Key), s.Counts[d])
		}
		if d%5 == len(days)%5 || d == len(days)-1 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="9" text-anchor="middle">%s</text>`, left+float64(d)*bw+bw/2, top+plotH+14, day[5:])
		}
	}
	if len(series) == 0 {
		fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="middle" font-size="11">No verified violations in these %d days.</text>`, w/2, top+plotH/2, len(days))
	}
	for i, s := range series {
		x, y := left+float64(i%4)*180, h-6+16*float64(i/4)
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="10" height="10" fill="%s"/><text x="%g" y="%g" font-size="10">%s (%d)</text>`,
			x, y-9, seriesColours[min(i, len(seriesColours)-1)], x+14, y, html.EscapeString(trim(s.Key, 28)), s.Total)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func trim(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
