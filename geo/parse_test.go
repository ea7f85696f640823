package geo

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	truce "github.com/truce-center/truce"
)

// malformed is the golden table of refused geometries: each input with
// the one field error (path and message) it must produce. The fuzz
// corpus is seeded from it.
var malformed = []struct {
	name, in, field, msg string
}{
	{"not json", `{"type":`, "geometry", "is not valid JSON"},
	{"trailing data", `{"type":"Point","coordinates":[1,2]} x`, "geometry", "is not valid JSON: data follows the geometry object"},
	{"array not object", `[1,2]`, "geometry", "must be a GeoJSON geometry object"},
	{"null", `null`, "geometry", "must be a GeoJSON geometry object"},
	{"string", `"Point"`, "geometry", "must be a GeoJSON geometry object"},
	{"missing type", `{"coordinates":[1,2]}`, "geometry.type", "is required"},
	{"type not string", `{"type":7,"coordinates":[1,2]}`, "geometry.type", "must be a string"},
	{"unknown type", `{"type":"Circle","coordinates":[1,2]}`, "geometry.type",
		`unknown geometry type "Circle"; expected Point, LineString, Polygon or MultiPolygon`},
	{"lower-case type", `{"type":"point","coordinates":[1,2]}`, "geometry.type",
		`unknown geometry type "point"; expected Point, LineString, Polygon or MultiPolygon`},
	{"multipoint", `{"type":"MultiPoint","coordinates":[[1,2]]}`, "geometry.type",
		`geometry type "MultiPoint" is not accepted here; expected Point, LineString, Polygon or MultiPolygon`},
	{"feature", `{"type":"Feature","coordinates":[1,2]}`, "geometry.type",
		"a Feature is not a geometry; send its geometry (Point, LineString, Polygon or MultiPolygon)"},
	{"missing coordinates", `{"type":"Point"}`, "geometry.coordinates", "is required"},
	{"unknown member", `{"type":"Point","coordinates":[1,2],"properties":{}}`, "geometry.properties",
		"unknown member; a geometry has only type, coordinates and bbox"},
	{"duplicate member", `{"type":"Point","coordinates":[1,2],"coordinates":[3,4]}`, "geometry.coordinates", "appears more than once"},
	{"bad bbox", `{"type":"Point","coordinates":[1,2],"bbox":[1,2,3]}`, "geometry.bbox", "must be an array of 4 or 6 finite numbers"},
	{"point coordinates null", `{"type":"Point","coordinates":null}`, "geometry.coordinates",
		"must be a position: an array [longitude, latitude]"},
	{"point one number", `{"type":"Point","coordinates":[1]}`, "geometry.coordinates",
		"a position needs a longitude and a latitude, got 1 number(s)"},
	{"point four numbers", `{"type":"Point","coordinates":[1,2,3,4]}`, "geometry.coordinates",
		"a position has at most three numbers (longitude, latitude, altitude), got 4"},
	{"string number", `{"type":"Point","coordinates":["1",2]}`, "geometry.coordinates[0]", "must be a number"},
	{"longitude out of range", `{"type":"Point","coordinates":[180.0001,2]}`, "geometry.coordinates[0]",
		"longitude 180.0001 is out of range [-180, 180]"},
	{"latitude out of range", `{"type":"Point","coordinates":[1,-90.5]}`, "geometry.coordinates[1]",
		"latitude -90.5 is out of range [-90, 90]"},
	{"huge number", `{"type":"Point","coordinates":[1e400,2]}`, "geometry.coordinates[0]", "is not a finite number"},
	{"huge altitude", `{"type":"Point","coordinates":[1,2,-1e999]}`, "geometry.coordinates[2]", "is not a finite number"},
	{"line one position", `{"type":"LineString","coordinates":[[1,2]]}`, "geometry.coordinates",
		"a line needs at least two positions, got 1"},
	{"line repeated position", `{"type":"LineString","coordinates":[[1,2],[1,2]]}`, "geometry.coordinates",
		"a line needs at least two distinct positions"},
	{"line of numbers", `{"type":"LineString","coordinates":[1]}`, "geometry.coordinates[0]",
		"must be a position: an array [longitude, latitude]"},
	{"line not array", `{"type":"LineString","coordinates":{"a":1}}`, "geometry.coordinates", "must be an array of positions"},
	{"line across antimeridian", `{"type":"LineString","coordinates":[[179,0],[-179,1]]}`, "geometry.coordinates[1]",
		"the edge from the previous position spans 358° of longitude; a shape that crosses the antimeridian must be split at ±180 (RFC 7946 §3.1.9)"},
	{"polygon no rings", `{"type":"Polygon","coordinates":[]}`, "geometry.coordinates", "a polygon needs at least one ring"},
	{"polygon ring not array", `{"type":"Polygon","coordinates":[5]}`, "geometry.coordinates[0]", "must be an array of positions"},
	{"ring of three", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`, "geometry.coordinates[0]",
		"a ring needs at least four positions (the last repeating the first), got 3"},
	{"ring not closed", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`, "geometry.coordinates[0]",
		"ring is not closed: its last position must equal its first"},
	{"bad position in ring", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,95],[0,0]]]}`, "geometry.coordinates[0][3][1]",
		"latitude 95 is out of range [-90, 90]"},
	{"collinear ring", `{"type":"Polygon","coordinates":[[[0,0],[1,1],[2,2],[0,0]]]}`, "geometry.coordinates[0]",
		"ring has no area: its positions are collinear or repeated"},
	{"repeated ring", `{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0],[0,0]]]}`, "geometry.coordinates[0]",
		"ring has no area: its positions are collinear or repeated"},
	{"bow tie", `{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}`, "geometry.coordinates[0]",
		"ring intersects itself: the edge from position 0 to 1 meets the edge from position 2 to 3"},
	{"spike", `{"type":"Polygon","coordinates":[[[0,0],[2,0],[1,0],[1,1],[0,0]]]}`, "geometry.coordinates[0]",
		"ring intersects itself: the edge from position 0 to 1 meets the edge from position 1 to 2"},
	{"ring touches itself", `{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,2],[1,0],[0,2],[0,0]]]}`, "geometry.coordinates[0]",
		"ring intersects itself: the edge from position 0 to 1 meets the edge from position 3 to 4"},
	{"hole outside shell", `{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[5,5],[6,5],[6,6],[5,5]]]}`,
		"geometry.coordinates[1]", "hole lies outside the polygon's outer ring"},
	{"hole crosses shell", `{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[3,3],[5,3],[5,5],[3,3]]]}`,
		"geometry.coordinates[1]", "ring touches or crosses ring 0"},
	{"hole touches shell", `{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[0,2],[2,1],[2,3],[0,2]]]}`,
		"geometry.coordinates[1]", "ring touches or crosses ring 0"},
	{"hole in hole", `{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[1,1],[9,1],[9,9],[1,9],[1,1]],[[2,2],[3,2],[3,3],[2,2]]]}`,
		"geometry.coordinates[2]", "hole lies inside hole 1"},
	{"multipolygon empty", `{"type":"MultiPolygon","coordinates":[]}`, "geometry.coordinates", "a multipolygon needs at least one polygon"},
	{"multipolygon of rings", `{"type":"MultiPolygon","coordinates":[[[5]]]}`, "geometry.coordinates[0][0][0]",
		"must be a position: an array [longitude, latitude]"},
	{"multipolygon overlap", `{"type":"MultiPolygon","coordinates":[[[[0,0],[4,0],[4,4],[0,4],[0,0]]],[[[1,1],[2,1],[2,2],[1,1]]]]}`,
		"geometry.coordinates[1]", "polygon overlaps polygon 0"},
	{"multipolygon shared edge", `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[1,0],[2,0],[2,1],[1,1],[1,0]]]]}`,
		"geometry.coordinates[1]", "polygon touches or crosses polygon 0"},
	{"multipolygon ring not closed", `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1]]]]}`,
		"geometry.coordinates[0][0]", "ring is not closed: its last position must equal its first"},
	{"polygon across antimeridian", `{"type":"Polygon","coordinates":[[[170,0],[-170,0],[-170,5],[170,5],[170,0]]]}`,
		"geometry.coordinates[0][1]",
		"the edge from the previous position spans 340° of longitude; a shape that crosses the antimeridian must be split at ±180 (RFC 7946 §3.1.9)"},
	{"area over cap", `{"type":"Polygon","coordinates":[[[0,0],[20,0],[20,20],[0,20],[0,0]]]}`, "geometry.coordinates",
		"the area of 4845911 km² exceeds the limit of 1000000 km²"},
}

// manyErrors lists the malformed cases that produce more than one error.
var manyErrors = map[string]int{"polygon across antimeridian": 2}

func TestParseMalformed(t *testing.T) {
	if len(malformed) < 30 {
		t.Fatalf("the table must hold at least 30 cases, has %d", len(malformed))
	}
	for _, tc := range malformed {
		t.Run(tc.name, func(t *testing.T) {
			g, errs := Parse([]byte(tc.in), "geometry", Limits{})
			if !g.IsZero() {
				t.Errorf("got a geometry, want none")
			}
			n := max(manyErrors[tc.name], 1)
			if len(errs) != n {
				t.Errorf("got %d errors, want %d: %v", len(errs), n, errs)
			}
			want := truce.FieldError{Field: tc.field, Message: tc.msg}
			if len(errs) == 0 || errs[0] != want {
				t.Errorf("errors\n got %v\nwant %v first", errs, want)
			}
		})
	}
}

func TestParseVertexLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"type":"LineString","coordinates":[`)
	for i := 0; i < 11; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "[%d,0]", i)
	}
	b.WriteString("]}")
	_, errs := Parse([]byte(b.String()), "volumes[2].geometry", Limits{MaxVertices: 10})
	want := truce.Fields{{Field: "volumes[2].geometry.coordinates", Message: "has more than 10 positions"}}
	if fmt.Sprint(errs) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", errs, want)
	}
	if _, errs := Parse([]byte(b.String()), "g", Limits{MaxVertices: 11}); errs != nil {
		t.Errorf("11 positions with a limit of 11: %v", errs)
	}
}

func TestParseSeveralErrors(t *testing.T) {
	in := `{"type":"Polygon","coordinates":[[[0,0],[200,0],[1,"x"],[0,0]]],"crs":{}}`
	_, errs := Parse([]byte(in), "zone.geometry", Limits{})
	want := truce.Fields{
		{Field: "zone.geometry.crs", Message: "unknown member; a geometry has only type, coordinates and bbox"},
	}
	// Member errors stop the parse before coordinates are read.
	if fmt.Sprint(errs) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", errs, want)
	}
	in = `{"type":"Polygon","coordinates":[[[0,0],[200,0],[1,"x"],[0,0]]]}`
	_, errs = Parse([]byte(in), "zone.geometry", Limits{})
	want = truce.Fields{
		{Field: "zone.geometry.coordinates[0][1][0]", Message: "longitude 200 is out of range [-180, 180]"},
		{Field: "zone.geometry.coordinates[0][2][1]", Message: "must be a number"},
	}
	if fmt.Sprint(errs) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", errs, want)
	}
}

func TestParseEmptyField(t *testing.T) {
	_, errs := Parse([]byte(`{"type":"Point","coordinates":[1]}`), "", Limits{})
	if len(errs) != 1 || errs[0].Field != "coordinates" {
		t.Errorf("got %v, want one error on coordinates", errs)
	}
}

var valid = []struct {
	name, in, out string // out is the expected MarshalJSON when it differs from in
	typ           Type
}{
	{"point", `{"type":"Point","coordinates":[37.16,36.21]}`, "", TypePoint},
	{"point with altitude", `{"type":"Point","coordinates":[37.16,36.21,450]}`, `{"type":"Point","coordinates":[37.16,36.21]}`, TypePoint},
	{"point on the antimeridian", `{"type":"Point","coordinates":[-180,-90]}`, "", TypePoint},
	{"line", `{"type":"LineString","coordinates":[[37.1,36.2],[37.15,36.22],[37.2,36.19]]}`, "", TypeLineString},
	{"line with repeats", `{"type":"LineString","coordinates":[[1,1],[1,1],[2,2]]}`, `{"type":"LineString","coordinates":[[1,1],[2,2]]}`, TypeLineString},
	{"self-crossing line", `{"type":"LineString","coordinates":[[0,0],[1,1],[1,0],[0,1]]}`, "", TypeLineString},
	{"line to 180", `{"type":"LineString","coordinates":[[179.5,10],[180,10.5]]}`, "", TypeLineString},
	{"polygon", `{"type":"Polygon","coordinates":[[[37.14,36.18],[37.2,36.18],[37.2,36.24],[37.14,36.24],[37.14,36.18]]]}`, "", TypePolygon},
	{"clockwise polygon", `{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}`, "", TypePolygon},
	{"polygon with hole", `{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]}`, "", TypePolygon},
	{"polygon with bbox", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]],"bbox":[0,0,1,1]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`, TypePolygon},
	{"long edge kept as given", `{"type":"Polygon","coordinates":[[[10,40],[40,40],[40,45],[10,45],[10,40]]]}`, "", TypePolygon},
	{"polar cap", `{"type":"Polygon","coordinates":[[[-180,80],[0,80],[180,80],[180,90],[0,90],[-180,90],[-180,80]]]}`, "", TypePolygon},
	{"split at the antimeridian", `{"type":"MultiPolygon","coordinates":[[[[170,0],[180,0],[180,5],[170,5],[170,0]]],[[[-180,0],[-170,0],[-170,5],[-180,5],[-180,0]]]]}`, "", TypeMultiPolygon},
	{"multipolygon in a hole", `{"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,8],[8,8],[8,2],[2,2]]],[[[4,4],[6,4],[6,6],[4,6],[4,4]]]]}`, "", TypeMultiPolygon},
	{"tiny polygon", `{"type":"Polygon","coordinates":[[[37.1,36.2],[37.10001,36.2],[37.10001,36.20001],[37.1,36.2]]]}`, "", TypePolygon},
}

// roomy lifts the area cap for shapes larger than the default allows.
var roomy = Limits{MaxAreaKm2: 1e9}

func TestParseValidRoundTrip(t *testing.T) {
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			g, errs := Parse([]byte(tc.in), "geometry", roomy)
			if errs != nil {
				t.Fatalf("refused: %v", errs)
			}
			if g.Type() != tc.typ {
				t.Errorf("type %v, want %v", g.Type(), tc.typ)
			}
			out, err := json.Marshal(g)
			if err != nil {
				t.Fatal(err)
			}
			want := tc.out
			if want == "" {
				want = tc.in
			}
			if string(out) != want {
				t.Errorf("marshal\n got %s\nwant %s", out, want)
			}
			g2, errs := Parse(out, "geometry", roomy)
			if errs != nil {
				t.Fatalf("re-parse refused: %v", errs)
			}
			if out2, _ := json.Marshal(g2); string(out2) != string(out) {
				t.Errorf("second round trip differs: %s", out2)
			}
		})
	}
}

func TestBoundsAndAccessors(t *testing.T) {
	g, errs := Parse([]byte(`{"type":"Polygon","coordinates":[[[10,40],[40,40],[40,45],[10,45],[10,40]]]}`), "g", roomy)
	if errs != nil {
		t.Fatal(errs)
	}
	if b := g.Bounds(); b != (Rect{10, 40, 40, 45}) {
		t.Errorf("bounds %v", b)
	}
	if n := g.NumVertices(); n != 4 {
		t.Errorf("NumVertices %d, want 4", n)
	}
	if len(g.pts) <= 4 {
		t.Errorf("a 30° edge along 40°N must be densified, got %d vertices", len(g.pts))
	}
	if p := g.Polygons(); len(p) != 1 || len(p[0]) != 1 || len(p[0][0]) != 5 {
		t.Errorf("Polygons() = %v", p)
	}
	l, _ := NewLineString(LonLat{1, 2}, LonLat{3, 4})
	if got := l.Line(); len(got) != 2 || got[1] != (LonLat{3, 4}) {
		t.Errorf("Line() = %v", got)
	}
}

func TestConstructors(t *testing.T) {
	if _, err := NewPoint(LonLat{181, 0}); truce.ErrorCode(err) != truce.EInvalid ||
		!strings.Contains(err.Error(), "coordinates[0]: longitude 181 is out of range") {
		t.Errorf("NewPoint: %v", err)
	}
	sq := []LonLat{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	if _, err := NewPolygon(Limits{}, sq); err != nil {
		t.Errorf("NewPolygon: %v", err)
	}
	bow := []LonLat{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}
	if _, err := NewPolygon(Limits{}, bow); err == nil || !strings.Contains(err.Error(), "coordinates[0]: ring intersects itself") {
		t.Errorf("NewPolygon(bow tie): %v", err)
	}
	if _, err := NewMultiPolygon(Limits{}, [][]LonLat{sq}, [][]LonLat{sq}); err == nil ||
		!strings.Contains(err.Error(), "coordinates[1]: polygon touches or crosses polygon 0") {
		t.Errorf("NewMultiPolygon(same twice): %v", err)
	}
}

func TestArea(t *testing.T) {
	// A 1°×1° cell at the equator: R²·Δλ·(sin φ2 − sin φ1).
	g, _ := NewPolygon(Limits{}, []LonLat{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}})
	want := EarthRadiusM * EarthRadiusM * deg * mathSin(1*deg)
	if got := g.Area(); relErr(got, want) > 1e-12 {
		t.Errorf("area %v, want %v", got, want)
	}
	// A hole subtracts.
	h, _ := NewPolygon(Limits{}, []LonLat{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, []LonLat{{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}})
	s, _ := NewPolygon(Limits{}, []LonLat{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}})
	c, _ := NewPolygon(Limits{}, []LonLat{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}})
	if got, want := h.Area(), s.Area()-c.Area(); relErr(got, want) > 1e-12 {
		t.Errorf("area with hole %v, want %v", got, want)
	}
}

func TestUnmarshalJSON(t *testing.T) {
	var v struct {
		Area Geometry `json:"area"`
		None Geometry `json:"none"`
	}
	in := `{"area":{"type":"Polygon","coordinates":[[[0,0],[30,0],[30,30],[0,30],[0,0]]]},"none":null}`
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if v.Area.Type() != TypePolygon || !v.None.IsZero() {
		t.Errorf("got %v and %v", v.Area.Type(), v.None.Type())
	}
	err := json.Unmarshal([]byte(`{"area":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}`), &v)
	if truce.ErrorCode(err) != truce.EInvalid || !strings.Contains(err.Error(), "coordinates[0]: ring intersects itself") {
		t.Errorf("bow tie: %v", err)
	}
}
