package core

import (
	"encoding/json"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/geo"
)

// Stored geometry is parsed once per object version and kept beside the
// object while it is installed (the engine.Derived values of
// tables.go): reads that filter by a box, place reports in zones,
// evaluate phases or map an object for the conflict index do not parse
// GeoJSON again.

// shape is one stored geometry, parsed; ok is false when there is none.
type shape struct {
	G  geo.Geometry
	Ok bool
}

// shapes are an object's stored geometries, in the order its Derived
// value lists them.
type shapes []shape

func parseShapes(raws ...json.RawMessage) shapes {
	out := make(shapes, len(raws))
	for i, raw := range raws {
		out[i].G, out[i].Ok = parseStored(raw)
	}
	return out
}

// parseGeoJSON is parseShapes of stored geometries kept parsed: a
// geometry whose vertices are the stored positions exactly (a point, a
// route not densified) reads them there (geo.Geometry.Share), so that
// the conflict index, which keeps the geometries it is given, holds no
// second copy of them.
func parseGeoJSON(gs ...truce.GeoJSON) shapes {
	out := make(shapes, len(gs))
	for i, g := range gs {
		if out[i].G, out[i].Ok = parseStored(g.JSON()); out[i].Ok {
			out[i].G = out[i].G.Share(g.Positions())
		}
	}
	return out
}

// parseStored parses geometry the center stored: it was validated when
// it was accepted, so only the size limits of its time are not applied.
func parseStored(raw json.RawMessage) (geo.Geometry, bool) {
	if len(raw) == 0 {
		return geo.Geometry{}, false
	}
	g, errs := geo.Parse(raw, "", geo.Unlimited)
	return g, len(errs) == 0
}

// Shown is the geometry a reader is shown: the precise one, or the
// coarse cover when the reader's copy has no precise geometry.
func (sh shapes) Shown(precise truce.GeoJSON) shape {
	if precise.IsZero() {
		return sh[1]
	}
	return sh[0]
}

// InBox reports whether a geometry meets a lon/lat box (nil: any).
func (sh shape) InBox(box *geo.Rect) bool {
	return box == nil || sh.Ok && sh.G.Bounds().Intersects(*box)
}
