// Package kml writes a caller's picture (formats.Picture) as KML 2.2 (OGC
// 07-147r2) and KMZ, for Google Earth and other GIS tools: zones, sites,
// notifications (one placemark per volume) and reports, each with a
// TimeSpan or TimeStamp for the time slider and a style by kind and
// state.
//
// It draws only what the picture holds: a zone or site the caller may
// see only coarsely is drawn as its coarse cover, and says so.
package kml

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/formats"
	"github.com/truce-center/truce/geo"
)

// Namespace is the KML 2.2 namespace.
const Namespace = "http://www.opengis.net/kml/2.2"

// The elements below follow the order the KML 2.2 schema requires
// (encoding/xml writes fields in declaration order).

type document struct {
	XMLName  xml.Name `xml:"kml"`
	NS       string   `xml:"xmlns,attr"`
	Document container
}

type container struct {
	XMLName     xml.Name
	ID          string      `xml:"id,attr,omitempty"`
	Name        string      `xml:"name"`
	Open        int         `xml:"open,omitempty"`
	Description string      `xml:"description,omitempty"`
	Styles      []style     `xml:"Style"`
	Folders     []container `xml:"Folder"`
	Placemarks  []placemark `xml:"Placemark"`
}

type style struct {
	ID        string     `xml:"id,attr"`
	IconStyle *iconStyle `xml:"IconStyle"`
	LineStyle *lineStyle `xml:"LineStyle"`
	PolyStyle *polyStyle `xml:"PolyStyle"`
}

type iconStyle struct {
	Color string  `xml:"color"`
	Scale float64 `xml:"scale"`
}

type lineStyle struct {
	Color string  `xml:"color"`
	Width float64 `xml:"width"`
}

type polyStyle struct {
	Color   string `xml:"color"`
	Fill    int    `xml:"fill"`
	Outline int    `xml:"outline"`
}

type placemark struct {
	ID           string     `xml:"id,attr,omitempty"`
	Name         string     `xml:"name"`
	Description  string     `xml:"description,omitempty"`
	TimeStamp    *timeStamp `xml:"TimeStamp"`
	TimeSpan     *timeSpan  `xml:"TimeSpan"`
	StyleURL     string     `xml:"styleUrl"`
	ExtendedData *extended  `xml:"ExtendedData"`
	Geometry     any
}

type timeStamp struct {
	When string `xml:"when"`
}

type timeSpan struct {
	Begin string `xml:"begin,omitempty"`
	End   string `xml:"end,omitempty"`
}

type extended struct {
	Data []data `xml:"Data"`
}

type data struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value"`
}

type point struct {
	XMLName     xml.Name `xml:"Point"`
	Coordinates string   `xml:"coordinates"`
}

type lineString struct {
	XMLName     xml.Name `xml:"LineString"`
	Tessellate  int      `xml:"tessellate"`
	Coordinates string   `xml:"coordinates"`
}

type polygon struct {
	XMLName    xml.Name   `xml:"Polygon"`
	Tessellate int        `xml:"tessellate"`
	Outer      boundary   `xml:"outerBoundaryIs"`
	Inner      []boundary `xml:"innerBoundaryIs"`
}

type boundary struct {
	Ring ring `xml:"LinearRing"`
}

type ring struct {
	Coordinates string `xml:"coordinates"`
}

type multiGeometry struct {
	XMLName    xml.Name `xml:"MultiGeometry"`
	Geometries []any
}

// Write writes p as a KML document. The output depends only on p: the
// same picture gives the same bytes.
func Write(w io.Writer, p *formats.Picture) error {
	doc := build(p)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing kml: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// epoch is the time of every file in a KMZ, so that the archive's bytes
// depend only on the picture.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteKMZ writes p as KMZ: a zip archive whose first entry, doc.kml, is
// the KML document.
func WriteKMZ(w io.Writer, p *formats.Picture) error {
	var buf bytes.Buffer
	if err := Write(&buf, p); err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	f, err := zw.CreateHeader(&zip.FileHeader{Name: "doc.kml", Method: zip.Deflate, Modified: epoch})
	if err != nil {
		return err
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}

func build(p *formats.Picture) document {
	st := styles{}
	title := p.Title
	if title == "" {
		title = "truce"
	}
	doc := document{NS: Namespace, Document: container{XMLName: xml.Name{Local: "Document"}, Name: title, Open: 1,
		Description: "Exported by truce: what this caller may see. Shapes marked coarse are generalised covers, not positions."}}
	folder := func(name string) container { return container{XMLName: xml.Name{Local: "Folder"}, Name: name} }
	zones, sites, notes, reports := folder("Zones"), folder("Sites"), folder("Notifications"), folder("Reports")
	for _, z := range p.Zones {
		g, precise := formats.Shape(z.Geometry.JSON(), z.Coarse.JSON())
		if g.IsZero() {
			continue
		}
		zones.Placemarks = append(zones.Placemarks, placemark{ID: z.ID, Name: cmp.Or(z.Name, z.Kind+" zone"),
			TimeSpan: span(z.Valid.Start.Time(), z.Valid.End.Time()), StyleURL: st.use("zone", z.Kind, z.State),
			ExtendedData: ext("type", "zone", "kind", z.Kind, "state", z.State, "version", strconv.Itoa(z.Version),
				"owner", p.PartyName(z.Owner), "disclosure", z.Disclosure, "shape", formats.ShapeWord(precise)).alt(z.Altitude),
			Geometry: geometry(g)})
	}
	for _, s := range p.Sites {
		g, precise := formats.Shape(s.Geometry.JSON(), s.Coarse().JSON())
		if g.IsZero() {
			continue
		}
		sp := span(s.Valid.Start.Time(), s.Valid.End.Time())
		if s.RemovedAt() != nil {
			sp.End = stamp(*s.RemovedAt())
		}
		sites.Placemarks = append(sites.Placemarks, placemark{ID: s.ID, Name: cmp.Or(s.Name, s.Category),
			TimeSpan: sp, StyleURL: st.use("site", s.Category, s.State),
			ExtendedData: ext("type", "site", "category", s.Category, "state", s.State, "owner", p.PartyName(s.Owner),
				"buffer_m", num(s.BufferM), "disclosure", s.Disclosure, "shape", formats.ShapeWord(precise)),
			Geometry: geometry(g)})
	}
	for _, n := range p.Notifications {
		for i, v := range n.Volumes {
			g := formats.Geometry(v.Geometry.JSON())
			if g.IsZero() {
				continue
			}
			shape := geometry(g)
			if g.Type() == geo.TypePoint && v.RadiusM > 0 {
				shape = polygon{Tessellate: 1, Outer: boundary{ring{coords(formats.Circle(g.Point(), v.RadiusM, 48))}}}
			}
			name := cmp.Or(n.Title, n.Kind)
			if len(n.Volumes) > 1 {
				name += fmt.Sprintf(" (volume %d)", i)
			}
			notes.Placemarks = append(notes.Placemarks, placemark{ID: fmt.Sprintf("%s-v%d", n.ID, i), Name: name,
				TimeSpan: span(v.Start.Time(), v.End.Time()), StyleURL: st.use("notification", n.Kind, n.State),
				ExtendedData: ext("type", "notification", "id", n.ID, "kind", n.Kind, "state", n.State, "party", p.PartyName(n.Party),
					"urgent", strconv.FormatBool(n.Urgent), "volume", strconv.Itoa(i), "radius_m", num(v.RadiusM), "width_m", num(v.WidthM)).alt(&v.Altitude),
				Geometry: shape})
		}
	}
	for _, r := range p.Reports {
		g := formats.Geometry(r.Location)
		if g.IsZero() {
			continue
		}
		reports.Placemarks = append(reports.Placemarks, placemark{ID: r.ID, Name: cmp.Or(r.Place, r.SubEventType),
			Description: r.Notes, TimeStamp: &timeStamp{When: stamp(r.OccurredAt)},
			StyleURL: st.use("report", "", r.Status),
			ExtendedData: ext("type", "report", "event_type", r.EventType, "sub_event_type", r.SubEventType, "status", r.Status,
				"actor1", r.Actor1, "actor2", r.Actor2, "fatalities", strconv.Itoa(r.Fatalities), "reporting_party", p.PartyName(r.Party),
				"incident", r.Incident),
			Geometry: geometry(g)})
	}
	doc.Document.Styles = st.list()
	doc.Document.Folders = []container{zones, sites, notes, reports}
	return doc
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func span(start, end time.Time) *timeSpan {
	s := &timeSpan{}
	if !start.IsZero() {
		s.Begin = stamp(start)
	}
	if !end.IsZero() {
		s.End = stamp(end)
	}
	return s
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ext makes ExtendedData from name, value pairs; empty values and zero
// numbers are left out.
func ext(kv ...string) *extended {
	e := &extended{}
	for i := 0; i+1 < len(kv); i += 2 {
		if v := kv[i+1]; v != "" && v != "0" {
			e.Data = append(e.Data, data{Name: kv[i], Value: v})
		}
	}
	return e
}

// alt adds an altitude band (metres above mean sea level), if there is one.
func (e *extended) alt(a *truce.Altitude) *extended {
	if a != nil {
		e.Data = append(e.Data, data{Name: "altitude_min_m", Value: num(a.MinM)}, data{Name: "altitude_max_m", Value: num(a.MaxM)})
	}
	return e
}

func coords(pts []geo.LonLat) string {
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p.Lon))
		b.WriteByte(',')
		b.WriteString(num(p.Lat))
	}
	return b.String()
}

func geometry(g geo.Geometry) any {
	switch g.Type() {
	case geo.TypePoint:
		return point{Coordinates: coords([]geo.LonLat{g.Point()})}
	case geo.TypeLineString:
		return lineString{Tessellate: 1, Coordinates: coords(g.Line())}
	}
	var polys []any
	for _, rings := range g.Polygons() {
		pg := polygon{Tessellate: 1, Outer: boundary{ring{coords(rings[0])}}}
		for _, in := range rings[1:] {
			pg.Inner = append(pg.Inner, boundary{ring{coords(in)}})
		}
		polys = append(polys, pg)
	}
	if len(polys) == 1 {
		return polys[0]
	}
	return multiGeometry{Geometries: polys}
}

// styles collects the styles the placemarks use, one per type, kind and
// state.
type styles map[string]style

// colours are KML's aabbggrr without the alpha, by kind (or category, or
// report status).
var colours = map[string]string{
	"de-escalation": "33aa33", "no-strike": "2222dd", "no-fly": "0088ff", "security-belt": "00cccc",
	"corridor": "dd8800", "opposition-area": "aa3399", "designated-group-area": "224488",
	"strike": "2222dd", "flight": "0088ff", "ground-movement": "00aaaa", "humanitarian-movement": "dd8800",
}

// alpha shows a state's weight: in force, pending, or over.
func alpha(state string) string {
	switch state {
	case truce.ZoneActive, truce.NotificationAcknowledged, truce.NotificationExecuted, truce.ReportVerified:
		return "b0"
	case truce.ZoneProposed, truce.NotificationSubmitted, truce.NotificationObjected, truce.ReportUnderReview:
		return "70"
	}
	return "30"
}

func (s styles) use(typ, kind, state string) string {
	id := strings.Trim(typ+"-"+kind+"-"+state, "-")
	id = strings.ReplaceAll(id, "--", "-")
	if _, ok := s[id]; !ok {
		c, ok := colours[kind]
		switch {
		case typ == "site":
			c = "ffffff"
		case typ == "report" && state == truce.ReportVerified:
			c = "0000ff"
		case !ok:
			c = "888888"
		}
		a := alpha(state)
		s[id] = style{ID: id, IconStyle: &iconStyle{Color: "ff" + c, Scale: 1},
			LineStyle: &lineStyle{Color: "ff" + c, Width: 2}, PolyStyle: &polyStyle{Color: a + c, Fill: 1, Outline: 1}}
	}
	return "#" + id
}

func (s styles) list() []style {
	out := make([]style, 0, len(s))
	for _, v := range s {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b style) int { return strings.Compare(a.ID, b.ID) })
	return out
}
