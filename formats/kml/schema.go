package kml

import (
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Validate is a structural check of a KML document, for tests and for
// anyone who wants to check an export before loading it elsewhere. Debian
// ships no copy of the OGC KML 2.2 schema (ogckml22.xsd) and the tests
// have no network to fetch it, so this is a check of our own, written from the schema for the elements this package emits:
// each element in the KML namespace, allowed in its parent, in the order
// the schema's sequences require, with the value types the schema gives
// (kml:coordinatesType, kml:colorType, kml:dateTimeType, booleans,
// doubles), LinearRings closed with at least four positions, and every
// styleUrl pointing at a Style of the document. Anything we do not emit
// is refused, so a new element must be added here from the schema first.

// featureOrder is the sequence of kml:AbstractFeatureGroup's elements
// that we use, in the schema's order; containers and placemarks append
// their own.
var featureOrder = [][]string{{"name"}, {"visibility"}, {"open"}, {"description"},
	{"TimeStamp", "TimeSpan"}, {"styleUrl"}, {"Style*"}, {"ExtendedData"}}

// content gives, for each element, its children in the schema's order:
// children in the same group may come in any order and repeat as the
// group says (repeatable groups are marked with a trailing "*").
var content = map[string][][]string{
	"kml":             {{"Document"}},
	"Document":        append(slices.Clone(featureOrder), []string{"Folder*", "Placemark*"}),
	"Folder":          append(slices.Clone(featureOrder), []string{"Folder*", "Placemark*"}),
	"Placemark":       append(slices.Clone(featureOrder), []string{"Point", "LineString", "Polygon", "MultiGeometry"}),
	"Style":           {{"IconStyle"}, {"LabelStyle"}, {"LineStyle"}, {"PolyStyle"}},
	"IconStyle":       {{"color"}, {"scale"}},
	"LineStyle":       {{"color"}, {"width"}},
	"PolyStyle":       {{"color"}, {"fill"}, {"outline"}},
	"TimeStamp":       {{"when"}},
	"TimeSpan":        {{"begin"}, {"end"}},
	"ExtendedData":    {{"Data*"}},
	"Data":            {{"displayName"}, {"value"}},
	"Point":           {{"extrude"}, {"altitudeMode"}, {"coordinates"}},
	"LineString":      {{"extrude"}, {"tessellate"}, {"altitudeMode"}, {"coordinates"}},
	"LinearRing":      {{"extrude"}, {"tessellate"}, {"altitudeMode"}, {"coordinates"}},
	"Polygon":         {{"extrude"}, {"tessellate"}, {"altitudeMode"}, {"outerBoundaryIs"}, {"innerBoundaryIs*"}},
	"outerBoundaryIs": {{"LinearRing"}},
	"innerBoundaryIs": {{"LinearRing"}},
	"MultiGeometry":   {{"Point*", "LineString*", "Polygon*", "MultiGeometry*"}},
}

// simple gives the value check of each leaf element.
var simple = map[string]func(string) error{
	"name": anyText, "description": anyText, "styleUrl": anyText, "value": anyText, "displayName": anyText,
	"open": boolean, "visibility": boolean, "fill": boolean, "outline": boolean, "extrude": boolean, "tessellate": boolean,
	"scale": double, "width": double,
	"color": func(s string) error { return match(`^[0-9a-fA-F]{8}$`, s) },
	"when":  dateTime, "begin": dateTime, "end": dateTime,
	"altitudeMode": func(s string) error { return match(`^(clampToGround|relativeToGround|absolute)$`, s) },
	"coordinates":  coordinates,
}

func anyText(string) error { return nil }

func boolean(s string) error { return match(`^(0|1|true|false)$`, s) }

func double(s string) error { _, err := strconv.ParseFloat(s, 64); return err }

func match(re, s string) error {
	if !regexp.MustCompile(re).MatchString(s) {
		return fmt.Errorf("%q does not match %s", s, re)
	}
	return nil
}

func dateTime(s string) error {
	// kml:dateTimeType is a union of xsd:dateTime, date, gYearMonth and
	// gYear; we write dateTime in UTC.
	_, err := time.Parse(time.RFC3339, s)
	return err
}

func coordinates(s string) error {
	tuples := strings.Fields(s)
	if len(tuples) == 0 {
		return fmt.Errorf("no coordinates")
	}
	for _, t := range tuples {
		parts := strings.Split(t, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return fmt.Errorf("tuple %q: want lon,lat[,alt]", t)
		}
		for i, p := range parts {
			v, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return fmt.Errorf("tuple %q: %v", t, err)
			}
			if i == 0 && (v < -180 || v > 180) || i == 1 && (v < -90 || v > 90) {
				return fmt.Errorf("tuple %q out of range", t)
			}
		}
	}
	return nil
}

type frame struct {
	name string
	pos  int // the group index reached among its children
	seen map[string]bool
	text strings.Builder
}

func Validate(r io.Reader) error {
	d := xml.NewDecoder(r)
	var stack []*frame
	styles, urls := map[string]bool{}, []string{}
	var rings int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != Namespace {
				return fmt.Errorf("<%s> is in namespace %q, not KML 2.2's", t.Name.Local, t.Name.Space)
			}
			name := t.Name.Local
			if len(stack) == 0 {
				if name != "kml" {
					return fmt.Errorf("root is <%s>, not <kml>", name)
				}
			} else {
				parent := stack[len(stack)-1]
				groups, ok := content[parent.name]
				if !ok {
					return fmt.Errorf("<%s> may not hold <%s>", parent.name, name)
				}
				gi, repeat := -1, false
				for i, g := range groups {
					for _, n := range g {
						if strings.TrimSuffix(n, "*") == name {
							gi, repeat = i, strings.HasSuffix(n, "*")
						}
					}
				}
				switch {
				case gi < 0:
					return fmt.Errorf("<%s> may not hold <%s>", parent.name, name)
				case gi < parent.pos:
					return fmt.Errorf("<%s> in <%s> comes after an element the schema puts after it", name, parent.name)
				case parent.seen[name] && !repeat:
					return fmt.Errorf("<%s> repeated in <%s>", name, parent.name)
				}
				parent.pos = gi
				parent.seen[name] = true
			}
			if name == "Style" {
				for _, a := range t.Attr {
					if a.Name.Local == "id" {
						styles[a.Value] = true
					}
				}
			}
			stack = append(stack, &frame{name: name, seen: map[string]bool{}})
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.EndElement:
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			text := strings.TrimSpace(f.text.String())
			if check, leaf := simple[f.name]; leaf {
				if err := check(text); err != nil {
					return fmt.Errorf("<%s>: %v", f.name, err)
				}
			} else if _, ok := content[f.name]; !ok {
				return fmt.Errorf("<%s> is not an element this check knows", f.name)
			} else if text != "" {
				return fmt.Errorf("<%s> holds text %q", f.name, text)
			}
			if f.name == "styleUrl" {
				urls = append(urls, text)
			}
			if f.name == "coordinates" && len(stack) > 0 && stack[len(stack)-1].name == "LinearRing" {
				rings++
				ts := strings.Fields(text)
				if len(ts) < 4 || ts[0] != ts[len(ts)-1] {
					return fmt.Errorf("a LinearRing needs at least 4 positions, the last equal to the first: %q", text)
				}
			}
		}
	}
	for _, u := range urls {
		if !strings.HasPrefix(u, "#") || !styles[u[1:]] {
			return fmt.Errorf("styleUrl %q names no Style of the document", u)
		}
	}
	return nil
}
