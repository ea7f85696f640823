package httpapi

import (
	"maps"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/geo"
)

// checkQuery refuses a query string that does not parse (a bad %-escape,
// a semicolon) and a parameter given more than once: url.Values would
// drop the first silently, and a filter the caller did not mean is worse
// than a 400.
func checkQuery(raw string) error {
	if raw == "" {
		return nil
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return truce.Invalid([]truce.FieldError{{Field: "query", Message: "does not parse: " + err.Error()}})
	}
	var errs truce.Fields
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if len(q[k]) > 1 {
			errs.Add(fieldName(k), "is given %d times; give it once", len(q[k]))
		}
	}
	return errs.Err()
}

// parseBBox parses the bbox parameter, minLon,minLat,maxLon,maxLat in
// degrees: exactly four finite numbers, nothing after them, within the
// world and in order. The empty string is no box.
func parseBBox(s string) (*geo.Rect, error) {
	if s == "" {
		return nil, nil
	}
	bad := func(why string) error {
		return truce.Invalid([]truce.FieldError{{Field: "bbox", Message: "must be minLon,minLat,maxLon,maxLat in degrees: " + why}})
	}
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return nil, bad(strconv.Itoa(len(parts)) + " values given, 4 needed")
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, bad(strconv.Quote(p) + " is not a finite number")
		}
		v[i] = f
	}
	r := geo.Rect{MinLon: v[0], MinLat: v[1], MaxLon: v[2], MaxLat: v[3]}
	switch {
	case r.MinLon < -180 || r.MaxLon > 180 || r.MinLat < -90 || r.MaxLat > 90:
		return nil, bad("outside -180..180, -90..90")
	case r.MinLon > r.MaxLon || r.MinLat > r.MaxLat:
		return nil, bad("a minimum is above its maximum")
	}
	return &r, nil
}
