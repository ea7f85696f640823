// Package formats holds what the exports in its subpackages draw: the
// picture one caller may see (Picture), and the small pieces every format
// needs to read truce's GeoJSON. Each subpackage adapts that picture to
// one format other tools speak — KML for Google Earth (kml), ACLED CSV
// with HXL hashtags for HDX tools (acled), Cursor on Target for TAK
// clients (cot), the daily situation report (sitrep) and the notification
// letter (letter).
//
// These packages MUST NOT decide what a caller may see: they draw the
// picture the center already cut to the caller's need-to-know, and
// nothing else. They do no I/O beyond the writer they are given, except
// sitrep.Print, which runs a headless browser to print a page to PDF.
package formats

import (
	"encoding/json"
	"math"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/geo"
)

// Picture is what one caller may see, as the center's reads return it:
// zones and sites with precise geometry only where the caller may see it
// (Coarse otherwise), the notifications visible to it, and the reports.
type Picture struct {
	Title         string
	Zones         []truce.Zone
	Sites         []truce.Site
	Notifications []truce.Notification
	Reports       []truce.Report
	// PartyNames names parties by id; a missing id is shown as the id.
	PartyNames map[string]string
}

// PartyName returns the name of party id, or id.
func (p *Picture) PartyName(id string) string {
	if n, ok := p.PartyNames[id]; ok {
		return n
	}
	return id
}

// Shape returns the geometry to draw of an object with a precise and a
// coarse form: the precise one where the caller may see it, and whether
// it was the precise one. A zero Geometry means nothing to draw.
func Shape(precise, coarse json.RawMessage) (geo.Geometry, bool) {
	if g, ok := parse(precise); ok {
		return g, true
	}
	g, _ := parse(coarse)
	return g, false
}

func parse(raw json.RawMessage) (geo.Geometry, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return geo.Geometry{}, false
	}
	var g geo.Geometry
	if err := json.Unmarshal(raw, &g); err != nil {
		return geo.Geometry{}, false
	}
	return g, !g.IsZero()
}

// ShapeWord names what Shape returned: "precise" or "coarse".
func ShapeWord(precise bool) string {
	if precise {
		return "precise"
	}
	return "coarse"
}

// Geometry parses a GeoJSON geometry the center stored; the zero
// Geometry when there is none.
func Geometry(raw json.RawMessage) geo.Geometry {
	g, _ := parse(raw)
	return g
}

// Circle returns n+1 positions (closed) of a circle of radius m metres
// around c, on a sphere of the mean Earth radius: the footprint of a
// point volume with a radius, drawn as a ring.
func Circle(c geo.LonLat, m float64, n int) []geo.LonLat {
	const earth = 6371008.8
	lat1, lon1, d := c.Lat*math.Pi/180, c.Lon*math.Pi/180, m/earth
	ring := make([]geo.LonLat, 0, n+1)
	for i := range n {
		brg := 2 * math.Pi * float64(i) / float64(n)
		lat2 := math.Asin(math.Sin(lat1)*math.Cos(d) + math.Cos(lat1)*math.Sin(d)*math.Cos(brg))
		lon2 := lon1 + math.Atan2(math.Sin(brg)*math.Sin(d)*math.Cos(lat1), math.Cos(d)-math.Sin(lat1)*math.Sin(lat2))
		ring = append(ring, geo.LonLat{Lon: round(lon2 * 180 / math.Pi), Lat: round(lat2 * 180 / math.Pi)})
	}
	return append(ring, ring[0])
}

// round keeps 6 decimals (~0.1 m), so that output does not depend on the
// last bits of a sine.
func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }
