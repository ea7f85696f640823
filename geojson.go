package truce

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
)

// GeoJSON is a GeoJSON geometry as a stored object holds it: parsed, its
// positions as float64 pairs, instead of the bytes of its document. A
// store of a million objects holds a million geometries, and a position
// written in full precision ("[35.94398697503655,22.40425870922265]") is
// 38 bytes of text against 16 parsed.
//
// Its JSON is the bytes it was made from, exactly: a geometry is kept
// parsed only when encoding the parsed form gives those bytes back (the
// form documents store: keys in order, "coordinates" first, no space,
// numbers as the canonical form writes them, two numbers a position);
// any other bytes — a request's own spelling, an altitude, null, a
// number written otherwise — are kept as they are. So documents, answers,
// the log's entries and their hashes do not change with it. Readers take
// the bytes with JSON; the zero GeoJSON is no geometry (a nil
// json.RawMessage).
//
// Like every installed object's parts, a GeoJSON is never changed in
// place.
type GeoJSON struct {
	// pos holds the positions, longitude then latitude, in the order
	// the document lists them (a ring's closing position included).
	pos []float64
	// more is nil for a Point (one position) and a LineString (more
	// than one), the geometries most objects have.
	more *geoJSONMore
}

// geoJSONMore is what a polygon has beyond its positions, or the bytes
// of a geometry the parsed form cannot give back.
type geoJSONMore struct {
	raw   json.RawMessage // the bytes themselves: pos and the rest unused
	ends  []int32         // Polygon, MultiPolygon: the end of each ring in positions
	polys []int32         // MultiPolygon: the end of each polygon in rings
	typ   uint8           // geoPolygon or geoMultiPolygon; 0 with raw
}

// The geometry types kept parsed, by the depth of their coordinates.
const (
	geoPoint uint8 = iota + 1
	geoLineString
	geoPolygon
	geoMultiPolygon
)

var geoTypeNames = [...]string{geoPoint: "Point", geoLineString: "LineString", geoPolygon: "Polygon", geoMultiPolygon: "MultiPolygon"}

// NewGeoJSON returns the geometry whose JSON is raw: nil gives the zero
// GeoJSON. raw is kept (not copied) when it is not in the parsed form,
// as a json.RawMessage assigned would be.
func NewGeoJSON(raw json.RawMessage) GeoJSON {
	if raw == nil {
		return GeoJSON{}
	}
	if g, ok := parseGeoJSON(raw); ok {
		return g
	}
	return GeoJSON{more: &geoJSONMore{raw: raw}}
}

// IsZero reports whether g holds no bytes (nil or empty), as a
// json.RawMessage of length 0 would: what omitzero omits.
func (g GeoJSON) IsZero() bool {
	return g.pos == nil && (g.more == nil || g.more.typ == 0 && len(g.more.raw) == 0)
}

// JSON returns g's bytes: nil for the zero GeoJSON, the bytes it was
// made from otherwise. The caller must not change them.
func (g GeoJSON) JSON() json.RawMessage {
	if g.pos == nil {
		if g.more == nil {
			return nil
		}
		if g.more.typ == 0 {
			return g.more.raw
		}
	}
	return g.appendJSON(make([]byte, 0, 32+19*len(g.pos)))
}

// Positions returns the positions of a geometry kept parsed, longitude
// and latitude in turn in the order its document lists them (a ring's
// closing position included), or nil for one kept as bytes. The caller
// must not change them: the conflict index reads a point's or a route's
// vertices there rather than holding a copy (geo.Geometry.Share).
func (g GeoJSON) Positions() []float64 { return g.pos }

// MarshalJSON writes g's bytes as encoding/json writes a
// json.RawMessage: null for none.
func (g GeoJSON) MarshalJSON() ([]byte, error) {
	if b := g.JSON(); b != nil {
		return b, nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON keeps data (copied), as a json.RawMessage does.
func (g *GeoJSON) UnmarshalJSON(data []byte) error {
	if ng, ok := parseGeoJSON(data); ok {
		*g = ng
		return nil
	}
	*g = GeoJSON{more: &geoJSONMore{raw: append(json.RawMessage(nil), data...)}}
	return nil
}

// typ is g's type when it is kept parsed (0 otherwise).
func (g GeoJSON) typ() uint8 {
	switch {
	case g.more != nil:
		return g.more.typ
	case len(g.pos) == 2:
		return geoPoint
	case len(g.pos) > 2:
		return geoLineString
	}
	return 0
}

// appendJSON appends the parsed form's document.
func (g GeoJSON) appendJSON(b []byte) []byte {
	t := g.typ()
	b = append(b, `{"coordinates":`...)
	switch t {
	case geoPoint:
		b = appendGeoPositions(b, g.pos)
	case geoLineString:
		b = appendGeoLine(b, g.pos)
	case geoPolygon:
		b = appendGeoRings(b, g.pos, 0, g.more.ends)
	case geoMultiPolygon:
		b = append(b, '[')
		r0 := int32(0)
		for i, r1 := range g.more.polys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendGeoRings(b, g.pos, ringStart(g.more.ends, r0), g.more.ends[r0:r1])
			r0 = r1
		}
		b = append(b, ']')
	}
	b = append(b, `,"type":"`...)
	b = append(b, geoTypeNames[t]...)
	return append(b, `"}`...)
}

// ringStart is where ring r starts in positions.
func ringStart(ends []int32, r int32) int32 {
	if r == 0 {
		return 0
	}
	return ends[r-1]
}

func appendGeoPositions(b []byte, pos []float64) []byte {
	b = append(b, '[')
	b = appendGeoNumber(b, pos[0])
	b = append(b, ',')
	b = appendGeoNumber(b, pos[1])
	return append(b, ']')
}

func appendGeoLine(b []byte, pos []float64) []byte {
	b = append(b, '[')
	for i := 0; i < len(pos); i += 2 {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendGeoPositions(b, pos[i:])
	}
	return append(b, ']')
}

// appendGeoRings appends the rings ending at ends (in positions), the
// first starting at position start.
func appendGeoRings(b []byte, pos []float64, start int32, ends []int32) []byte {
	b = append(b, '[')
	for i, end := range ends {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendGeoLine(b, pos[2*start:2*end])
		start = end
	}
	return append(b, ']')
}

// appendGeoNumber writes f as the canonical form (RFC 8785) writes a
// number between 1e-6 and 1e21 in magnitude, or 0; parseGeoJSON keeps no
// other (the bytes it compares would differ).
func appendGeoNumber(b []byte, f float64) []byte {
	if f == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64)
}

// parseGeoJSON reads a geometry in the parsed form (the type's document
// as appendJSON writes it), or reports false: for any other bytes, and
// for bytes the parsed form does not give back exactly.
func parseGeoJSON(raw []byte) (GeoJSON, bool) {
	const head = `{"coordinates":`
	if !bytes.HasPrefix(raw, []byte(head)) {
		return GeoJSON{}, false
	}
	p := geoParser{b: raw, i: len(head)}
	depth := p.nested(0)
	if !p.ok || depth < 1 || depth > 4 || len(p.pos) > math.MaxInt32 {
		return GeoJSON{}, false
	}
	t := uint8(depth)
	if !bytes.Equal(raw[p.i:], []byte(`,"type":"`+geoTypeNames[t]+`"}`)) {
		return GeoJSON{}, false
	}
	// Each list exactly as long as it is: a store holds a million.
	g := GeoJSON{pos: slices.Clone(p.pos)}
	switch t {
	case geoPolygon:
		g.more = &geoJSONMore{typ: t, ends: slices.Clone(p.ends[2])}
	case geoMultiPolygon:
		g.more = &geoJSONMore{typ: t, ends: slices.Clone(p.ends[2]), polys: slices.Clone(p.ends[3])}
	}
	// Whatever the scan let through (a number written otherwise, a
	// LineString of one position, an empty list), the bytes decide.
	if g.typ() != t || !bytes.Equal(g.appendJSON(make([]byte, 0, len(raw))), raw) {
		return GeoJSON{}, false
	}
	return g, true
}

// geoParser scans nested arrays of numbers: positions (two numbers each)
// at depth 1, and lists of what is one level below above it.
type geoParser struct {
	b    []byte
	i    int
	ok   bool
	pos  []float64
	ends [5][]int32 // ends[d]: at depth d ≥ 2, the end of each list in lists of depth d-1 (d = 2: in positions)
}

// nested reads one array and returns its depth (1 for a position); ok is
// false after the first thing it does not take.
func (p *geoParser) nested(level int) int {
	p.ok = false
	if level > 4 || p.i >= len(p.b) || p.b[p.i] != '[' {
		return 0
	}
	p.i++
	if p.i < len(p.b) && (p.b[p.i] == '-' || p.b[p.i] >= '0' && p.b[p.i] <= '9') {
		// A position: two numbers.
		for k := range 2 {
			if k > 0 {
				if p.i >= len(p.b) || p.b[p.i] != ',' {
					return 0
				}
				p.i++
			}
			if !p.number() {
				return 0
			}
		}
		if p.i >= len(p.b) || p.b[p.i] != ']' {
			return 0
		}
		p.i++
		p.ok = true
		return 1
	}
	depth := 0
	for {
		d := p.nested(level + 1)
		if !p.ok || depth != 0 && d != depth {
			p.ok = false
			return 0
		}
		depth = d
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			continue
		}
		break
	}
	if p.i >= len(p.b) || p.b[p.i] != ']' || depth+1 > 4 {
		p.ok = false
		return 0
	}
	p.i++
	// This list ends here: in positions for a ring, else in lists of
	// the level below.
	var end int
	if depth == 1 {
		end = len(p.pos) / 2
	} else {
		end = len(p.ends[depth])
	}
	p.ends[depth+1] = append(p.ends[depth+1], int32(end))
	p.ok = true
	return depth + 1
}

// number reads a JSON number's literal and appends its value.
func (p *geoParser) number() bool {
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		if c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || c >= '0' && c <= '9' {
			p.i++
			continue
		}
		break
	}
	f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return false
	}
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		return false
	}
	p.pos = append(p.pos, f)
	return true
}
