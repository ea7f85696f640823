package core

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/geo"
)

// Parsing and checking of request fields shared by the acts.

// geoLimits are the limits on geometry in requests.
var geoLimits = geo.DefaultLimits()

// ParseGeometry validates a GeoJSON geometry of one of the allowed types,
// naming the field in every error.
func ParseGeometry(raw json.RawMessage, field string, allowed ...geo.Type) (geo.Geometry, truce.Fields) {
	if len(raw) == 0 || string(raw) == "null" {
		return geo.Geometry{}, truce.Fields{{Field: field, Message: "is required"}}
	}
	g, errs := geo.Parse(raw, field, geoLimits)
	if len(errs) > 0 {
		return geo.Geometry{}, errs
	}
	if !slices.Contains(allowed, g.Type()) {
		names := make([]string, len(allowed))
		for i, t := range allowed {
			names[i] = t.String()
		}
		return geo.Geometry{}, truce.Fields{{Field: field + ".type", Message: fmt.Sprintf("must be %s here, not %s", strings.Join(names, " or "), g.Type())}}
	}
	return g, nil
}

// CheckWindow validates a validity window.
func CheckWindow(w truce.Window, field string, errs *truce.Fields) {
	switch {
	case w.Start.IsZero():
		errs.Add(field+".start", "is required (RFC 3339 time)")
	case w.End.IsZero():
		errs.Add(field+".end", "is required (RFC 3339 time)")
	case !CheckTime(w.Start.Time(), field+".start", errs) || !CheckTime(w.End.Time(), field+".end", errs):
	case !w.End.After(w.Start):
		errs.Add(field+".end", "must be after %s.start", field)
	}
}

// CheckTime refuses a time outside truce.MinTime–truce.MaxTime, naming
// the field, and reports whether it was in range.
func CheckTime(t time.Time, field string, errs *truce.Fields) bool {
	if truce.TimeInRange(t) {
		return true
	}
	errs.Add(field, "must lie from %s to before %s", truce.MinTime.Format(time.DateOnly), truce.MaxTime.Format(time.DateOnly))
	return false
}

// CheckParties validates a list of party ids, allowing "*" if any is set.
func CheckParties(v engine.Reader, ids []string, field string, any bool, errs *truce.Fields) {
	seen := map[string]bool{}
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case id == "*" && any:
		case TParty.Get(v, id) == nil:
			errs.Add(f, "is not a registered party")
		}
		if seen[id] {
			errs.Add(f, "is listed twice")
		}
		seen[id] = true
	}
}

// ParseTime parses an RFC 3339 query parameter.
//
// An empty s is the zero time. It returns EInvalid naming field if s is
// not an RFC 3339 time or lies outside truce.MinTime–truce.MaxTime.
func ParseTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, truce.Invalid([]truce.FieldError{{Field: field, Message: "must be an RFC 3339 time"}})
	}
	var errs truce.Fields
	CheckTime(t, field, &errs)
	return t.UTC(), errs.Err()
}

// CoverOf returns the coarse cover of stored geometry grown by buffer
// metres, or nil if it does not parse.
func CoverOf(raw json.RawMessage, bufferM float64) json.RawMessage {
	g, ok := parseStored(raw)
	if !ok {
		return nil
	}
	b, _ := CoarseOf(g, bufferM)
	return b
}

// CoarseOf returns the coarse cover of a geometry grown by buffer metres.
//
// Its error is not a *truce.Error (EInternal): the geometry does not
// encode.
func CoarseOf(g geo.Geometry, bufferM float64) (json.RawMessage, error) {
	return json.Marshal(geo.Coarse(g, bufferM))
}
