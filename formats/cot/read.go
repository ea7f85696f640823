package cot

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"
)

// node is any XML element, as the schema check reads it.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

var (
	typePattern = regexp.MustCompile(`^[a-zA-Z0-9]+(-[a-zA-Z0-9.]+)*$`)
	howPattern  = regexp.MustCompile(`^[a-z](-[a-z])*$`)
)

// eventAttrs are the attributes the CoT Event 2.0 schema allows on
// <event>, and whether each is required.
var eventAttrs = map[string]bool{"version": true, "uid": true, "type": true, "how": true, "time": true, "start": true, "stale": true,
	"opex": false, "qos": false, "access": false}

func decimal(s string, lo, hi float64) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < lo || v > hi {
		return fmt.Errorf("%q is not a decimal in [%g, %g]", s, lo, hi)
	}
	return nil
}

func dateTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, fmt.Errorf("%q is not an xs:dateTime", s)
	}
	return t, nil
}

func attrs(n node, allowed map[string]bool) (map[string]string, error) {
	got := map[string]string{}
	for _, a := range n.Attrs {
		if _, ok := allowed[a.Name.Local]; !ok || a.Name.Space != "" {
			return nil, fmt.Errorf("<%s> may not carry %s", n.XMLName.Local, a.Name.Local)
		}
		got[a.Name.Local] = a.Value
	}
	for name, required := range allowed {
		if _, ok := got[name]; required && !ok {
			return nil, fmt.Errorf("<%s> lacks %s", n.XMLName.Local, name)
		}
	}
	return got, nil
}

// validate checks one element against the rules of the CoT Event 2.0
// schema: <event> with its required attributes (version ≥ 2, uid, type
// and how in their patterns, time, start and stale as dateTimes, stale
// not before start), exactly one <point> first with lat, lon, hae, ce and
// le in their ranges, then at most one <detail> (whose content the schema
// leaves open), and nothing else.
func validate(n node) error {
	if n.XMLName.Local != "event" || n.XMLName.Space != "" {
		return fmt.Errorf("<%s> is not a CoT <event>", n.XMLName.Local)
	}
	a, err := attrs(n, eventAttrs)
	if err != nil {
		return err
	}
	if err := decimal(a["version"], 2, 1e9); err != nil {
		return fmt.Errorf("version: %v", err)
	}
	if a["uid"] == "" {
		return errors.New("uid is empty")
	}
	if !typePattern.MatchString(a["type"]) {
		return fmt.Errorf("type %q does not match the schema's pattern", a["type"])
	}
	if !howPattern.MatchString(a["how"]) {
		return fmt.Errorf("how %q does not match the schema's pattern", a["how"])
	}
	var times [3]time.Time
	for i, name := range []string{"time", "start", "stale"} {
		if times[i], err = dateTime(a[name]); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
	}
	if times[2].Before(times[1]) {
		return errors.New("stale is before start")
	}
	if len(n.Nodes) == 0 || n.Nodes[0].XMLName.Local != "point" {
		return errors.New("<point> must come first")
	}
	if len(n.Nodes) > 2 || len(n.Nodes) == 2 && n.Nodes[1].XMLName.Local != "detail" {
		return errors.New("after <point>, only one <detail> may follow")
	}
	p, err := attrs(n.Nodes[0], map[string]bool{"lat": true, "lon": true, "hae": true, "ce": true, "le": true})
	if err != nil {
		return err
	}
	for name, rng := range map[string][2]float64{"lat": {-90, 90}, "lon": {-180, 180}, "hae": {-1e8, 1e8}, "ce": {0, 1e8}, "le": {0, 1e8}} {
		if err := decimal(p[name], rng[0], rng[1]); err != nil {
			return fmt.Errorf("point %s: %v", name, err)
		}
	}
	return nil
}

// Read reads a CoT stream as a TAK client does — events one after
// another, with or without XML declarations between them — checks each
// against the schema, and calls fn with it. It returns nil at the end of
// the stream, or the first error.
func Read(r io.Reader, fn func(Event) error) error {
	d := xml.NewDecoder(r)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue // declarations, whitespace between events
		}
		var n node
		if err := d.DecodeElement(&n, &start); err != nil {
			return err
		}
		if err := validate(n); err != nil {
			return fmt.Errorf("cot event: %w", err)
		}
		raw, err := xml.Marshal(n)
		if err != nil {
			return err
		}
		var e Event
		if err := xml.Unmarshal(raw, &e); err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
}
