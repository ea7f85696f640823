// Package cot writes a caller's picture as Cursor on Target (CoT) 2.0
// events, the XML that TAK clients (ATAK, WinTAK, iTAK) and TAK Server
// exchange: zones and sites as drawn shapes, notifications as shapes
// whose start and stale bound their windows, verified reports as
// markers. A stream is the events one after another, each a complete
// <event> element, as TAK Server's streaming input and its TCP clients
// read them.
//
// No Go CoT library is usable here (the ones that exist are AGPL or need
// cgo); this is a small encoding/xml model of the event schema's parts we
// write, and Validate checks events against the schema's rules (MITRE's
// CoT Event 2.0: required attributes, their types and ranges, the point).
package cot

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/formats"
	"github.com/truce-center/truce/geo"
)

// Event is a CoT event.
type Event struct {
	XMLName xml.Name `xml:"event"`
	Version string   `xml:"version,attr"`
	UID     string   `xml:"uid,attr"`
	Type    string   `xml:"type,attr"`
	How     string   `xml:"how,attr"`
	Time    string   `xml:"time,attr"`
	Start   string   `xml:"start,attr"`
	Stale   string   `xml:"stale,attr"`
	Point   Point    `xml:"point"`
	Detail  *Detail  `xml:"detail"`
}

// Point is the event's position. hae, ce and le use the schema's
// "unknown" value 9999999.0 where truce has none.
type Point struct {
	Lat float64 `xml:"lat,attr"`
	Lon float64 `xml:"lon,attr"`
	HAE float64 `xml:"hae,attr"`
	CE  float64 `xml:"ce,attr"`
	LE  float64 `xml:"le,attr"`
}

// Detail holds what TAK clients draw and show.
type Detail struct {
	Contact     *Contact `xml:"contact"`
	Remarks     string   `xml:"remarks,omitempty"`
	Links       []Link   `xml:"link"`
	Shape       *Shape   `xml:"shape"`
	StrokeColor *Value   `xml:"strokeColor"`
	FillColor   *Value   `xml:"fillColor"`
	Closed      *Value   `xml:"closed"`
}

// Contact names the event on the map.
type Contact struct {
	Callsign string `xml:"callsign,attr"`
}

// Link is one vertex of a drawn shape ("lat,lon").
type Link struct {
	Point string `xml:"point,attr"`
}

// Shape holds a circle's ellipse.
type Shape struct {
	Ellipse *Ellipse `xml:"ellipse"`
}

// Ellipse is a circle when major equals minor (metres).
type Ellipse struct {
	Major float64 `xml:"major,attr"`
	Minor float64 `xml:"minor,attr"`
	Angle float64 `xml:"angle,attr"`
}

// Value is an element with a value attribute.
type Value struct {
	Value string `xml:"value,attr"`
}

// The CoT types used (TAK's drawing and marker types):
const (
	TypeShape  = "u-d-f"     // a drawn polygon or line, vertices in <link>
	TypeCircle = "u-d-c-c"   // a drawn circle, radius in <shape><ellipse>
	TypeMarker = "b-m-p-s-m" // a spot map marker
	unknown    = 9999999.0   // the schema's "unknown" for hae, ce and le
	howHuman   = "h-e"       // entered by a person (notified, not sensed)
)

// ARGB colours TAK reads as signed 32-bit integers.
var colours = map[string]uint32{
	"de-escalation": 0xff33aa33, "no-strike": 0xffdd2222, "no-fly": 0xffff8800, "security-belt": 0xffcccc00,
	"corridor": 0xff0088dd, "opposition-area": 0xff9933aa, "designated-group-area": 0xff884422,
	"strike": 0xffdd2222, "flight": 0xffff8800, "ground-movement": 0xffcccc00, "humanitarian-movement": 0xff0055cc,
	"site": 0xffffffff, "report": 0xffcc0000,
}

func colour(kind string, alpha uint32) *Value {
	c, ok := colours[kind]
	if !ok {
		c = 0xff888888
	}
	return &Value{Value: strconv.FormatInt(int64(int32(c&0x00ffffff|alpha<<24)), 10)}
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Events returns the picture as CoT events at now: zones and sites
// (stale at the end of their validity), each notification volume (start
// and stale its window), and verified reports (stale a day after they
// occurred, so that a TAK client keeps them in view for the day).
// Objects with nothing to draw are left out.
func Events(p *formats.Picture, now time.Time) []Event {
	var out []Event
	mk := func(uid, typ, name, remarks string, start, stale time.Time, g geo.Geometry, kind string) *Event {
		if !stale.After(start) {
			stale = start.Add(time.Minute) // the schema wants stale after start
		}
		pt := g.Point()
		if g.Type() == geo.TypePolygon || g.Type() == geo.TypeMultiPolygon {
			b := g.Bounds()
			pt = geo.LonLat{Lon: (b.MinLon + b.MaxLon) / 2, Lat: (b.MinLat + b.MaxLat) / 2}
		}
		e := Event{Version: "2.0", UID: "truce-" + uid, Type: typ, How: howHuman, Time: stamp(now), Start: stamp(start), Stale: stamp(stale),
			Point:  Point{Lat: pt.Lat, Lon: pt.Lon, HAE: unknown, CE: unknown, LE: unknown},
			Detail: &Detail{Contact: &Contact{Callsign: name}, Remarks: remarks, StrokeColor: colour(kind, 0xff), FillColor: colour(kind, 0x40)}}
		switch g.Type() {
		case geo.TypeLineString:
			for _, ll := range g.Line() {
				e.Detail.Links = append(e.Detail.Links, link(ll))
			}
			e.Detail.Closed = &Value{Value: "false"}
		case geo.TypePolygon, geo.TypeMultiPolygon:
			// TAK draws one ring a shape: the outer ring of the first
			// polygon; a MultiPolygon's others become events of their own.
			ring := g.Polygons()[0][0]
			for _, ll := range ring[:len(ring)-1] {
				e.Detail.Links = append(e.Detail.Links, link(ll))
			}
			e.Detail.Closed = &Value{Value: "true"}
		}
		out = append(out, e)
		return &out[len(out)-1]
	}
	polygons := func(uid, name, remarks string, start, stale time.Time, g geo.Geometry, kind string) {
		polys := g.Polygons()
		if len(polys) <= 1 {
			mk(uid, TypeShape, name, remarks, start, stale, g, kind)
			return
		}
		for i, rings := range polys {
			part, err := geo.NewPolygon(geo.DefaultLimits(), rings[0])
			if err != nil {
				continue
			}
			mk(fmt.Sprintf("%s-%d", uid, i), TypeShape, name, remarks, start, stale, part, kind)
		}
	}
	for _, z := range p.Zones {
		g, precise := formats.Shape(z.Geometry.JSON(), z.Coarse.JSON())
		if g.IsZero() {
			continue
		}
		polygons(z.ID, z.Name, fmt.Sprintf("zone %s, %s, %s shape; owner %s", z.Kind, z.State, formats.ShapeWord(precise), p.PartyName(z.Owner)),
			z.Valid.Start.Time(), z.Valid.End.Time(), g, z.Kind)
	}
	for _, s := range p.Sites {
		g, precise := formats.Shape(s.Geometry.JSON(), s.Coarse().JSON())
		if g.IsZero() || s.State != truce.SiteActive {
			continue
		}
		remarks := fmt.Sprintf("protected site: %s, buffer %g m, %s shape; notified by %s", s.Category, s.BufferM, formats.ShapeWord(precise), p.PartyName(s.Owner))
		if g.Type() == geo.TypePoint {
			mk(s.ID, TypeMarker, s.Name, remarks, s.Valid.Start.Time(), s.Valid.End.Time(), g, "site")
		} else {
			polygons(s.ID, s.Name, remarks, s.Valid.Start.Time(), s.Valid.End.Time(), g, "site")
		}
	}
	for _, n := range p.Notifications {
		if n.State == truce.NotificationCancelled {
			continue
		}
		for i, v := range n.Volumes {
			g := formats.Geometry(v.Geometry.JSON())
			if g.IsZero() {
				continue
			}
			uid, name := fmt.Sprintf("%s-v%d", n.ID, i), cmp.Or(n.Title, n.Kind)
			remarks := fmt.Sprintf("%s by %s, %s; altitude %g–%g m", n.Kind, p.PartyName(n.Party), n.State, v.Altitude.MinM, v.Altitude.MaxM)
			switch {
			case g.Type() == geo.TypePoint:
				e := mk(uid, TypeCircle, name, remarks, v.Start.Time(), v.End.Time(), g, n.Kind)
				r := max(v.RadiusM, 1)
				e.Detail.Shape = &Shape{Ellipse: &Ellipse{Major: r, Minor: r}}
			case g.Type() == geo.TypeLineString:
				mk(uid, TypeShape, name, remarks+fmt.Sprintf("; corridor %g m wide", v.WidthM), v.Start.Time(), v.End.Time(), g, n.Kind)
			default:
				polygons(uid, name, remarks, v.Start.Time(), v.End.Time(), g, n.Kind)
			}
		}
	}
	for _, r := range p.Reports {
		g := formats.Geometry(r.Location)
		if g.IsZero() || r.Status != truce.ReportVerified {
			continue
		}
		mk(r.ID, TypeMarker, cmp.Or(r.Place, r.SubEventType),
			fmt.Sprintf("verified %s (%s), %d fatalities; alleged perpetrator %s", r.EventType, r.SubEventType, r.Fatalities, r.Actor1),
			r.OccurredAt, r.OccurredAt.Add(24*time.Hour), g, "report")
	}
	return out
}

func link(ll geo.LonLat) Link {
	return Link{Point: strconv.FormatFloat(ll.Lat, 'f', -1, 64) + "," + strconv.FormatFloat(ll.Lon, 'f', -1, 64)}
}

// Write writes events one after another, each a complete <event>
// element on its own line, as a CoT stream carries them.
func Write(w io.Writer, events []Event) error {
	for _, e := range events {
		b, err := xml.Marshal(e)
		if err != nil {
			return fmt.Errorf("writing cot event %s: %w", e.UID, err)
		}
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}
