package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"

	truce "github.com/truce-center/truce"
)

// Default limits (see Limits). 100,000 positions hold the boundaries
// parties actually agree on (an administrative boundary or a front line
// traced from a map); such a shape parses in about a third of a second.
const (
	DefaultMaxVertices = 100_000
	DefaultMaxAreaKm2  = 1_000_000
)

// maxErrors caps the field errors reported for one geometry: a broken
// 10,000-vertex ring should not produce a 10,000-line problem document.
const maxErrors = 20

// Limits bounds what Parse and the constructors accept. A zero field
// takes its default.
type Limits struct {
	// MaxVertices caps the positions in one geometry (every ring and
	// part together, a ring's closing position included).
	// Default DefaultMaxVertices.
	MaxVertices int
	// MaxAreaKm2 caps the area of a Polygon or MultiPolygon in km².
	// Default DefaultMaxAreaKm2, about the area of Egypt.
	MaxAreaKm2 float64
}

// Unlimited are limits that accept any size: for geometry the center
// made or already accepted (covers, stored shapes), never for requests.
var Unlimited = Limits{MaxVertices: math.MaxInt32, MaxAreaKm2: math.MaxFloat64}

// DefaultLimits returns the limits used when none are configured.
func DefaultLimits() Limits {
	return Limits{MaxVertices: DefaultMaxVertices, MaxAreaKm2: DefaultMaxAreaKm2}
}

func (l Limits) withDefaults() Limits {
	if l.MaxVertices <= 0 {
		l.MaxVertices = DefaultMaxVertices
	}
	if l.MaxAreaKm2 <= 0 {
		l.MaxAreaKm2 = DefaultMaxAreaKm2
	}
	return l
}

// Parse reads one GeoJSON geometry object (RFC 7946 §3.1) and validates
// it. field is the path of the geometry in the request, such as "geometry"
// or "volumes[2].geometry"; every error names a path below it, such as
// "geometry.coordinates[0][3]", and says what is wrong. On any error the
// Geometry is zero and the Fields are non-empty; on success Fields is nil.
//
// The object may have only the members "type", "coordinates" and "bbox"
// (which is checked for form and otherwise ignored). Accepted types are
// Point, LineString, Polygon and MultiPolygon. See the package doc for
// the antimeridian, poles, altitude and validity rules.
func Parse(data []byte, field string, lim Limits) (Geometry, truce.Fields) {
	p := &parser{field: field, lim: lim.withDefaults()}
	g := p.parse(data)
	if len(p.errs) > 0 {
		return Geometry{}, p.errs
	}
	return g, nil
}

// NewPoint returns a validated Point. Errors name "coordinates".
func NewPoint(p LonLat) (Geometry, error) {
	return build(TypePoint, [][][]LonLat{{{p}}}, DefaultLimits())
}

// NewLineString returns a validated LineString. Errors name
// "coordinates[...]".
func NewLineString(pts ...LonLat) (Geometry, error) {
	return build(TypeLineString, [][][]LonLat{{pts}}, DefaultLimits())
}

// NewPolygon returns a validated Polygon from closed rings (the first is
// the shell), checked against lim. Errors name "coordinates[...]".
func NewPolygon(lim Limits, rings ...[]LonLat) (Geometry, error) {
	return build(TypePolygon, [][][]LonLat{rings}, lim)
}

// NewMultiPolygon returns a validated MultiPolygon, checked against lim.
// Errors name "coordinates[...]".
func NewMultiPolygon(lim Limits, polys ...[][]LonLat) (Geometry, error) {
	return build(TypeMultiPolygon, polys, lim)
}

func build(t Type, parts [][][]LonLat, lim Limits) (Geometry, error) {
	p := &parser{lim: lim.withDefaults()}
	n := 0
	for _, rs := range parts {
		for _, r := range rs {
			n += len(r)
		}
	}
	if n > p.lim.MaxVertices {
		p.add(p.path("coordinates"), "has %d positions; at most %d are allowed", n, p.lim.MaxVertices)
		return Geometry{}, p.errs.Err()
	}
	cp := p.path("coordinates")
	// Check every position as the JSON path does.
	for i, rs := range parts {
		for j, r := range rs {
			for k, q := range r {
				var at string
				switch t {
				case TypePoint:
					at = cp
				case TypeLineString:
					at = fmt.Sprintf("%s[%d]", cp, k)
				case TypePolygon:
					at = fmt.Sprintf("%s[%d][%d]", cp, j, k)
				default:
					at = fmt.Sprintf("%s[%d][%d][%d]", cp, i, j, k)
				}
				p.checkLonLat(q, at)
			}
		}
	}
	if len(p.errs) > 0 {
		return Geometry{}, p.errs.Err()
	}
	g := p.structure(t, parts)
	if len(p.errs) > 0 {
		return Geometry{}, p.errs.Err()
	}
	return g, nil
}

type parser struct {
	field    string
	lim      Limits
	errs     truce.Fields
	vertices int
	overflow bool
	slow     bool // parse the slow way only (tests compare the two)
}

func (p *parser) add(path, format string, args ...any) {
	if len(p.errs) < maxErrors {
		p.errs.Add(path, format, args...)
	}
}

// path joins a member name to the geometry's field path.
func (p *parser) path(member string) string {
	if p.field == "" {
		return member
	}
	return p.field + "." + member
}

func (p *parser) self() string {
	if p.field == "" {
		return "geometry"
	}
	return p.field
}

const typesAccepted = "Point, LineString, Polygon or MultiPolygon"

func (p *parser) parse(data []byte) Geometry {
	if !p.slow {
		if t, parts, ok := fastParts(data, p.lim); ok {
			return p.structure(t, parts)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		p.add(p.self(), "is not valid JSON")
		return Geometry{}
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		p.add(p.self(), "must be a GeoJSON geometry object")
		return Geometry{}
	}
	members := map[string]json.RawMessage{}
	var order []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			p.add(p.self(), "is not valid JSON")
			return Geometry{}
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			p.add(p.self(), "is not valid JSON")
			return Geometry{}
		}
		if _, dup := members[key]; dup {
			p.add(p.path(key), "appears more than once")
			continue
		}
		members[key] = raw
		order = append(order, key)
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		p.add(p.self(), "is not valid JSON")
		return Geometry{}
	}
	if _, err := dec.Token(); err != io.EOF {
		p.add(p.self(), "is not valid JSON: data follows the geometry object")
		return Geometry{}
	}
	for _, k := range order {
		switch k {
		case "type", "coordinates":
		case "bbox":
			p.checkBbox(members[k])
		default:
			p.add(p.path(k), "unknown member; a geometry has only type, coordinates and bbox")
		}
	}

	var t Type
	rawType, ok := members["type"]
	var name string
	switch {
	case !ok:
		p.add(p.path("type"), "is required")
	case json.Unmarshal(rawType, &name) != nil:
		p.add(p.path("type"), "must be a string")
	default:
		switch name {
		case "Point":
			t = TypePoint
		case "LineString":
			t = TypeLineString
		case "Polygon":
			t = TypePolygon
		case "MultiPolygon":
			t = TypeMultiPolygon
		case "MultiPoint", "MultiLineString", "GeometryCollection":
			p.add(p.path("type"), "geometry type %q is not accepted here; expected %s", name, typesAccepted)
		case "Feature", "FeatureCollection":
			p.add(p.path("type"), "a %s is not a geometry; send its geometry (%s)", name, typesAccepted)
		default:
			p.add(p.path("type"), "unknown geometry type %q; expected %s", name, typesAccepted)
		}
	}
	rawCoords, ok := members["coordinates"]
	if !ok {
		p.add(p.path("coordinates"), "is required")
		return Geometry{}
	}
	if t == TypeInvalid || len(p.errs) > 0 {
		return Geometry{}
	}
	var v any
	cd := json.NewDecoder(bytes.NewReader(rawCoords))
	cd.UseNumber()
	if err := cd.Decode(&v); err != nil {
		p.add(p.path("coordinates"), "is not valid JSON")
		return Geometry{}
	}
	parts := p.coordinates(t, v, p.path("coordinates"))
	if len(p.errs) > 0 {
		return Geometry{}
	}
	return p.structure(t, parts)
}

func (p *parser) checkBbox(raw json.RawMessage) {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var arr []any
	if d.Decode(&v) == nil {
		arr, _ = v.([]any)
	}
	ok := len(arr) == 4 || len(arr) == 6
	for _, x := range arr {
		n, isNum := x.(json.Number)
		if !isNum {
			ok = false
			break
		}
		if f, err := strconv.ParseFloat(string(n), 64); err != nil || math.IsInf(f, 0) {
			ok = false
		}
	}
	if !ok {
		p.add(p.path("bbox"), "must be an array of 4 or 6 finite numbers")
	}
}

// coordinates turns the decoded coordinates of a geometry of type t into
// parts: a Point is {{{p}}}, a LineString {{line}}, a Polygon {rings},
// a MultiPolygon the polygons' rings.
func (p *parser) coordinates(t Type, v any, at string) [][][]LonLat {
	switch t {
	case TypePoint:
		q, ok := p.position(v, at)
		if !ok {
			return nil
		}
		return [][][]LonLat{{{q}}}
	case TypeLineString:
		line := p.positions(v, at)
		return [][][]LonLat{{line}}
	case TypePolygon:
		return [][][]LonLat{p.rings(v, at)}
	default:
		arr, ok := v.([]any)
		if !ok {
			p.add(at, "must be an array of polygons")
			return nil
		}
		if len(arr) == 0 {
			p.add(at, "a multipolygon needs at least one polygon")
			return nil
		}
		out := make([][][]LonLat, len(arr))
		for i, x := range arr {
			out[i] = p.rings(x, fmt.Sprintf("%s[%d]", at, i))
			if p.overflow {
				return nil
			}
		}
		return out
	}
}

func (p *parser) rings(v any, at string) [][]LonLat {
	arr, ok := v.([]any)
	if !ok {
		p.add(at, "must be an array of rings")
		return nil
	}
	if len(arr) == 0 {
		p.add(at, "a polygon needs at least one ring")
		return nil
	}
	out := make([][]LonLat, len(arr))
	for i, x := range arr {
		out[i] = p.positions(x, fmt.Sprintf("%s[%d]", at, i))
		if p.overflow {
			return nil
		}
	}
	return out
}

func (p *parser) positions(v any, at string) []LonLat {
	arr, ok := v.([]any)
	if !ok {
		p.add(at, "must be an array of positions")
		return nil
	}
	out := make([]LonLat, 0, len(arr))
	for j, x := range arr {
		q, ok := p.position(x, fmt.Sprintf("%s[%d]", at, j))
		if p.overflow {
			return nil
		}
		if ok {
			out = append(out, q)
		}
	}
	return out
}

func (p *parser) position(v any, at string) (LonLat, bool) {
	p.vertices++
	if p.vertices > p.lim.MaxVertices {
		if !p.overflow {
			p.overflow = true
			p.add(p.path("coordinates"), "has more than %d positions", p.lim.MaxVertices)
		}
		return LonLat{}, false
	}
	arr, ok := v.([]any)
	if !ok {
		p.add(at, "must be a position: an array [longitude, latitude]")
		return LonLat{}, false
	}
	if len(arr) < 2 {
		p.add(at, "a position needs a longitude and a latitude, got %d number(s)", len(arr))
		return LonLat{}, false
	}
	if len(arr) > 3 {
		p.add(at, "a position has at most three numbers (longitude, latitude, altitude), got %d", len(arr))
		return LonLat{}, false
	}
	var f [3]float64
	good := true
	for k, x := range arr {
		n, isNum := x.(json.Number)
		if !isNum {
			p.add(fmt.Sprintf("%s[%d]", at, k), "must be a number")
			good = false
			continue
		}
		v, err := strconv.ParseFloat(string(n), 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			p.add(fmt.Sprintf("%s[%d]", at, k), "is not a finite number")
			good = false
			continue
		}
		f[k] = v
	}
	if !good {
		return LonLat{}, false
	}
	q := LonLat{Lon: f[0], Lat: f[1]}
	return q, p.checkLonLat(q, at)
}

// checkLonLat checks the ranges of a position; at names the position and
// the error names its element ([0] longitude, [1] latitude).
func (p *parser) checkLonLat(q LonLat, at string) bool {
	ok := true
	if math.IsNaN(q.Lon) || math.IsInf(q.Lon, 0) {
		p.add(at+"[0]", "is not a finite number")
		ok = false
	} else if q.Lon < -180 || q.Lon > 180 {
		p.add(at+"[0]", "longitude %v is out of range [-180, 180]", q.Lon)
		ok = false
	}
	if math.IsNaN(q.Lat) || math.IsInf(q.Lat, 0) {
		p.add(at+"[1]", "is not a finite number")
		ok = false
	} else if q.Lat < -90 || q.Lat > 90 {
		p.add(at+"[1]", "latitude %v is out of range [-90, 90]", q.Lat)
		ok = false
	}
	return ok
}

// ringInfo is one ring (or line) being validated: its open vertices
// without repeats, and for each the index of the position as given.
type ringInfo struct {
	path  string
	pts   []LonLat
	orig  []int
	given int // number of positions as given
	poly  int
}

// edgeEnds returns the given indices of the endpoints of edge i.
func (r *ringInfo) edgeEnds(i int) (int, int) {
	if i+1 < len(r.pts) {
		return r.orig[i], r.orig[i+1]
	}
	return r.orig[i], r.given - 1
}

// dedup drops repeated consecutive positions, recording given indices.
func dedup(pts []LonLat) ([]LonLat, []int) {
	out := make([]LonLat, 0, len(pts))
	idx := make([]int, 0, len(pts))
	for j, q := range pts {
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
		idx = append(idx, j)
	}
	return out, idx
}

// checkSpan refuses edges spanning more than 180° of longitude.
func (p *parser) checkSpan(pts []LonLat, at string) bool {
	ok := true
	for j := 1; j < len(pts); j++ {
		if d := math.Abs(pts[j].Lon - pts[j-1].Lon); d > 180 {
			p.add(fmt.Sprintf("%s[%d]", at, j), "the edge from the previous position spans %g° of longitude; "+
				"a shape that crosses the antimeridian must be split at ±180 (RFC 7946 §3.1.9)", d)
			ok = false
		}
	}
	return ok
}

// structure validates the shape of parts, whose positions are already
// known to be in range, and builds the Geometry.
func (p *parser) structure(t Type, parts [][][]LonLat) Geometry {
	cp := p.path("coordinates")
	switch t {
	case TypePoint:
		q := parts[0][0][0]
		return Geometry{pts: []LonLat{q}}
	case TypeLineString:
		given := parts[0][0]
		if len(given) < 2 {
			p.add(cp, "a line needs at least two positions, got %d", len(given))
			return Geometry{}
		}
		pts, _ := dedup(given)
		if len(pts) < 2 {
			p.add(cp, "a line needs at least two distinct positions")
			return Geometry{}
		}
		if !p.checkSpan(given, cp) {
			return Geometry{}
		}
		return p.finish(Geometry{pts: pts})
	}

	var rings []*ringInfo
	var ends, polys []int32
	for i, rs := range parts {
		for j, given := range rs {
			at := fmt.Sprintf("%s[%d]", cp, j)
			if t == TypeMultiPolygon {
				at = fmt.Sprintf("%s[%d][%d]", cp, i, j)
			}
			r := p.ring(given, at)
			if r == nil {
				continue
			}
			r.poly = i
			rings = append(rings, r)
		}
	}
	if len(p.errs) > 0 {
		return Geometry{}
	}
	var g Geometry
	for i := range parts {
		for _, r := range rings {
			if r.poly == i {
				g.pts = append(g.pts, r.pts...)
				ends = append(ends, int32(len(g.pts)))
			}
		}
		polys = append(polys, int32(len(ends)))
	}
	g.extra = &extra{ends: ends}
	if t == TypeMultiPolygon {
		g.polys = polys
	}
	if !p.checkCrossings(rings, t) {
		return Geometry{}
	}
	if !p.checkNesting(g, rings, t) {
		return Geometry{}
	}
	if a := g.Area() / 1e6; a > p.lim.MaxAreaKm2 {
		p.add(cp, "the area of %.0f km² exceeds the limit of %.0f km²", a, p.lim.MaxAreaKm2)
		return Geometry{}
	}
	return p.finish(g)
}

// ring validates one closed ring as given and returns it open and
// without repeats, or nil after recording what is wrong.
func (p *parser) ring(given []LonLat, at string) *ringInfo {
	if len(given) < 4 {
		p.add(at, "a ring needs at least four positions (the last repeating the first), got %d", len(given))
		return nil
	}
	if given[0] != given[len(given)-1] {
		p.add(at, "ring is not closed: its last position must equal its first")
		return nil
	}
	if !p.checkSpan(given, at) {
		return nil
	}
	pts, orig := dedup(given[:len(given)-1])
	for len(pts) > 1 && pts[len(pts)-1] == pts[0] {
		pts, orig = pts[:len(pts)-1], orig[:len(orig)-1]
	}
	area := false
	for k := 2; k < len(pts) && !area; k++ {
		area = orient(pts[0], pts[1], pts[k]) != 0
	}
	if !area {
		p.add(at, "ring has no area: its positions are collinear or repeated")
		return nil
	}
	return &ringInfo{path: at, pts: pts, orig: orig, given: len(given)}
}

type edgeRef struct {
	minLon, maxLon float64
	ring, i        int
}

// checkCrossings finds edges that meet where they must not: within a ring
// anywhere but the shared vertex of neighbouring edges, and between
// different rings anywhere at all. It sweeps edges sorted by longitude,
// so typical rings cost O(n log n). It reports the first meeting found.
func (p *parser) checkCrossings(rings []*ringInfo, t Type) bool {
	var edges []edgeRef
	for ri, r := range rings {
		n := len(r.pts)
		for i := 0; i < n; i++ {
			a, b := r.pts[i], r.pts[(i+1)%n]
			edges = append(edges, edgeRef{min(a.Lon, b.Lon), max(a.Lon, b.Lon), ri, i})
		}
	}
	sort.Slice(edges, func(x, y int) bool {
		ex, ey := edges[x], edges[y]
		if ex.minLon != ey.minLon {
			return ex.minLon < ey.minLon
		}
		if ex.ring != ey.ring {
			return ex.ring < ey.ring
		}
		return ex.i < ey.i
	})
	for x := range edges {
		e := edges[x]
		for y := x + 1; y < len(edges) && edges[y].minLon <= e.maxLon; y++ {
			f := edges[y]
			if p.edgesConflict(rings, e, f, t) {
				return false
			}
		}
	}
	return true
}

func (p *parser) edgesConflict(rings []*ringInfo, e, f edgeRef, t Type) bool {
	if e.ring > f.ring || (e.ring == f.ring && e.i > f.i) {
		e, f = f, e
	}
	re, rf := rings[e.ring], rings[f.ring]
	a, b := re.pts[e.i], re.pts[(e.i+1)%len(re.pts)]
	c, d := rf.pts[f.i], rf.pts[(f.i+1)%len(rf.pts)]
	if e.ring == f.ring {
		n := len(re.pts)
		switch {
		case f.i == e.i+1:
			// b == c: they may only share that vertex, so d must not
			// fold back onto ab.
			if orient(a, b, d) != 0 || !isBacktrack(a, b, d) {
				return false
			}
		case e.i == 0 && f.i == n-1:
			// d == a: c must not fold back onto ab.
			if orient(a, b, c) != 0 || !isBacktrack(b, a, c) {
				return false
			}
		default:
			if !segmentsMeet(a, b, c, d) {
				return false
			}
		}
		e0, e1 := re.edgeEnds(e.i)
		f0, f1 := rf.edgeEnds(f.i)
		p.add(re.path, "ring intersects itself: the edge from position %d to %d meets the edge from position %d to %d", e0, e1, f0, f1)
		return true
	}
	if !segmentsMeet(a, b, c, d) {
		return false
	}
	if re.poly == rf.poly {
		p.add(rf.path, "ring touches or crosses ring %d", ringIndex(rings, e.ring))
	} else {
		p.add(p.polyPath(rf.poly), "polygon touches or crosses polygon %d", re.poly)
	}
	return true
}

// isBacktrack reports whether, for collinear a, b, c with the path
// a→b→c, the path turns back (c lies on the side of b towards a).
func isBacktrack(a, b, c LonLat) bool {
	return (b.Lon-a.Lon)*(c.Lon-b.Lon)+(b.Lat-a.Lat)*(c.Lat-b.Lat) < 0
}

// ringIndex returns the index of ring ri within its polygon.
func ringIndex(rings []*ringInfo, ri int) int {
	k := 0
	for j := ri - 1; j >= 0 && rings[j].poly == rings[ri].poly; j-- {
		k++
	}
	return k
}

func (p *parser) polyPath(i int) string {
	return fmt.Sprintf("%s[%d]", p.path("coordinates"), i)
}

// checkNesting checks, once no rings meet, that holes lie inside their
// shell and outside each other, and that polygons do not overlap. With no
// contact between rings, one vertex decides each question.
func (p *parser) checkNesting(g Geometry, rings []*ringInfo, t Type) bool {
	ok := true
	for pi := 0; pi < g.numPolys(); pi++ {
		r0, r1 := g.polyRings(pi)
		s0, e0 := g.ring(r0)
		shell := g.pts[s0:e0]
		for h := r0 + 1; h < r1; h++ {
			s, _ := g.ring(h)
			if !inRing(g.pts[s], shell) {
				p.add(rings[h].path, "hole lies outside the polygon's outer ring")
				ok = false
				continue
			}
			for h2 := r0 + 1; h2 < r1; h2++ {
				if h2 == h {
					continue
				}
				s2, e2 := g.ring(h2)
				if inRing(g.pts[s], g.pts[s2:e2]) {
					p.add(rings[h].path, "hole lies inside hole %d", h2-r0)
					ok = false
					break
				}
			}
		}
	}
	if !ok || t != TypeMultiPolygon {
		return ok
	}
	for q := 0; q < g.numPolys(); q++ {
		rq, _ := g.polyRings(q)
		sq, _ := g.ring(rq)
		for pi := 0; pi < g.numPolys(); pi++ {
			if pi == q {
				continue
			}
			if g.inPolygon(g.pts[sq], pi) {
				if pi < q {
					p.add(p.polyPath(q), "polygon overlaps polygon %d", pi)
				} else {
					p.add(p.polyPath(q), "polygon lies inside polygon %d", pi)
				}
				return false
			}
		}
	}
	return true
}

// finish densifies g's edges, computes its bounds and returns it.
func (p *parser) finish(g Geometry) Geometry {
	bounds := emptyRect()
	for _, q := range g.pts {
		bounds.extend(q)
	}
	var pts []LonLat
	var added []bool
	any := false
	var ends []int32
	emit := func(run []LonLat, closed bool) {
		n := len(run)
		last := n - 1
		if closed {
			last = n
		}
		for i := 0; i < n; i++ {
			pts = append(pts, run[i])
			added = append(added, false)
			if i < last {
				before := len(pts)
				pts = densifyEdge(run[i], run[(i+1)%n], pts, 0)
				for k := before; k < len(pts); k++ {
					added = append(added, true)
					any = true
				}
			}
		}
	}
	if g.typ() == TypeLineString {
		emit(g.pts, false)
	} else {
		for r := range g.numRings() {
			s, e := g.ring(r)
			emit(g.pts[s:e], true)
			ends = append(ends, int32(len(pts)))
		}
		g.ends = ends
	}
	if limit := 4*p.lim.MaxVertices + 4096; len(pts) > limit {
		p.add(p.path("coordinates"), "its edges are too long to follow on the globe within %d vertices; add intermediate positions to long edges", limit)
		return Geometry{}
	}
	g.pts = pts
	if any {
		if g.extra == nil {
			g.extra = &extra{}
		} else {
			x := *g.extra
			g.extra = &x
		}
		g.added = make([]uint64, (len(pts)+63)/64)
		for i, a := range added {
			if a {
				g.added[i>>6] |= 1 << (uint(i) & 63)
			}
		}
	}
	if g.extra != nil {
		g.bounds = bounds
	}
	return g
}
