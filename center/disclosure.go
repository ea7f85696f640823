package center

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/geo"
)

// Need-to-know (PRODUCT §4). An object's owner and the coordinator are
// entitled to its precise geometry. Others see, by disclosure level:
//
//	precise: the exact geometry (and the center records that they saw it)
//	coarse:  the cover of ~11 km cells computed when the object was made
//	hidden:  nothing at all
//
// Every read path (lists, single reads, exports, events, conflicts) goes
// through the functions of this file. The public log follows the same
// rule: the precise part of a coarse or hidden object is sealed (see
// commitments.go) and only its commitment is in the entry.

// entitled reports whether caller may see an owner's objects precisely.
func entitled(caller *Caller, owner string) bool {
	return caller.IsCoordinator() || caller.Party.ID == owner
}

// disclosed returns what caller may see of an object owned by owner with
// the given disclosure: visible says whether it may see it at all,
// precise whether it may see the exact geometry.
func disclosed(caller *Caller, owner, disclosure string) (visible, precise bool) {
	if entitled(caller, owner) {
		return true, true
	}
	switch disclosure {
	case truce.DisclosurePrecise:
		return true, true
	case truce.DisclosureCoarse:
		return true, false
	}
	return false, false
}

// geoLimits are the limits on geometry in requests.
var geoLimits = geo.DefaultLimits()

// parseGeometry validates a GeoJSON geometry of one of the allowed types,
// naming the field in every error.
func parseGeometry(raw json.RawMessage, field string, allowed ...geo.Type) (geo.Geometry, truce.Fields) {
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

// checkWindow validates a validity window.
func checkWindow(w truce.Window, field string, errs *truce.Fields) {
	switch {
	case w.Start.IsZero():
		errs.Add(field+".start", "is required (RFC 3339 time)")
	case w.End.IsZero():
		errs.Add(field+".end", "is required (RFC 3339 time)")
	case !w.End.After(w.Start):
		errs.Add(field+".end", "must be after %s.start", field)
	}
}

// normWindow returns the window in UTC, so that equal instants are equal
// bytes in the log.
func normWindow(w truce.Window) truce.Window {
	return truce.Window{Start: w.Start.UTC(), End: w.End.UTC()}
}

// checkParties validates a list of party ids, allowing "*" if any is set.
func checkParties(v interface{ get(string, string) any }, ids []string, field string, any bool, errs *truce.Fields) {
	seen := map[string]bool{}
	for i, id := range ids {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case id == "*" && any:
		case getParty(v, id) == nil:
			errs.Add(f, "is not a registered party")
		}
		if seen[id] {
			errs.Add(f, "is listed twice")
		}
		seen[id] = true
	}
}

// inBBox reports whether a geometry (GeoJSON) meets a lon/lat box.
func inBBox(raw json.RawMessage, box *geo.Rect) bool {
	if box == nil {
		return true
	}
	if len(raw) == 0 {
		return false
	}
	g, errs := geo.Parse(raw, "", geo.Limits{MaxVertices: 1 << 30, MaxAreaKm2: 1e12})
	if len(errs) > 0 {
		return false
	}
	return g.Bounds().Intersects(*box)
}

// ParseBBox parses "minLon,minLat,maxLon,maxLat".
func ParseBBox(s string) (*geo.Rect, error) {
	if s == "" {
		return nil, nil
	}
	var r geo.Rect
	if _, err := fmt.Sscanf(s, "%g,%g,%g,%g", &r.MinLon, &r.MinLat, &r.MaxLon, &r.MaxLat); err != nil ||
		r.MinLon < -180 || r.MaxLon > 180 || r.MinLat < -90 || r.MaxLat > 90 || r.MinLon > r.MaxLon || r.MinLat > r.MaxLat {
		return nil, truce.Invalid([]truce.FieldError{{Field: "bbox", Message: "must be minLon,minLat,maxLon,maxLat in degrees"}})
	}
	return &r, nil
}

// ParseTime parses an RFC 3339 query parameter.
func ParseTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, truce.Invalid([]truce.FieldError{{Field: field, Message: "must be an RFC 3339 time"}})
	}
	return t.UTC(), nil
}

// coarseOf returns the coarse cover of a geometry grown by buffer metres.
func coarseOf(g geo.Geometry, bufferM float64) (json.RawMessage, error) {
	return json.Marshal(geo.Coarse(g, bufferM))
}
