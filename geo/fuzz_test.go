package geo

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	sf "github.com/peterstace/simplefeatures/geom"
)

var writeSeeds = flag.Bool("write-seeds", false, "rewrite testdata/fuzz/FuzzParse from the test tables")

// TestWriteSeedCorpus rewrites the committed seed corpus from the
// malformed and valid tables when run with -write-seeds.
func TestWriteSeedCorpus(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -write-seeds to rewrite the corpus")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzParse")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, in := range seedInputs() {
		name := fmt.Sprintf("%x", sha256.Sum256([]byte(in)))[:16]
		body := "go test fuzz v1\n[]byte(" + strconv.Quote(in) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func seedInputs() []string {
	var out []string
	for _, tc := range malformed {
		out = append(out, tc.in)
	}
	for _, tc := range valid {
		out = append(out, tc.in)
	}
	return out
}

// FuzzParse checks that Parse never panics, that a refusal always names
// fields under the given path, and that whatever it accepts is valid by
// an independent judge (simplefeatures' OGC validation, which is less
// strict than truce's rules), in range, under the limits, and round-trips.
func FuzzParse(f *testing.F) {
	for _, s := range seedInputs() {
		f.Add([]byte(s))
	}
	lim := Limits{MaxVertices: 500, MaxAreaKm2: 1e9}
	f.Fuzz(func(t *testing.T, data []byte) {
		g, errs := Parse(data, "v[0].geometry", lim)
		if errs != nil {
			if !g.IsZero() {
				t.Fatal("a refused geometry must be zero")
			}
			if len(errs) > maxErrors {
				t.Fatalf("%d errors, more than the cap", len(errs))
			}
			for _, e := range errs {
				if !strings.HasPrefix(e.Field, "v[0].geometry") || e.Message == "" {
					t.Fatalf("bad field error %+v", e)
				}
			}
			return
		}
		if g.IsZero() {
			t.Fatal("accepted but zero")
		}
		if g.NumVertices() > lim.MaxVertices {
			t.Fatalf("%d vertices accepted", g.NumVertices())
		}
		if a := g.Area() / 1e6; a > lim.MaxAreaKm2 || math.IsNaN(a) {
			t.Fatalf("area %v accepted", a)
		}
		for _, p := range g.pts {
			if !(p.Lon >= -180 && p.Lon <= 180 && p.Lat >= -90 && p.Lat <= 90) {
				t.Fatalf("position %v accepted", p)
			}
		}
		out, err := json.Marshal(g)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sf.UnmarshalGeoJSON(out); err != nil {
			t.Fatalf("accepted %s, which simplefeatures calls invalid: %v", out, err)
		}
		g2, errs := Parse(out, "x", lim)
		if errs != nil {
			t.Fatalf("accepted %s but not its own output: %v", out, errs)
		}
		if out2, _ := json.Marshal(g2); string(out2) != string(out) {
			t.Fatalf("round trip changed %s into %s", out, out2)
		}
		if !(Footprint{Geometry: g}).Intersects(Footprint{Geometry: g}) {
			t.Fatal("a geometry must meet itself")
		}
	})
}

// FuzzFootprint checks, for two parsed geometries and buffers, that
// Within is symmetric, agrees with Distance away from the boundary, and
// that a geometry always meets itself and its coarse cover.
func FuzzFootprint(f *testing.F) {
	for i, a := range valid {
		b := valid[(i+3)%len(valid)]
		f.Add([]byte(a.in), []byte(b.in), 100.0, 2000.0)
	}
	lim := Limits{MaxVertices: 64, MaxAreaKm2: 1e9}
	f.Fuzz(func(t *testing.T, da, db []byte, bufA, bufB float64) {
		ga, errs := Parse(da, "a", lim)
		if errs != nil {
			return
		}
		gb, errs := Parse(db, "b", lim)
		if errs != nil {
			return
		}
		if math.IsNaN(bufA) || math.IsNaN(bufB) || math.Abs(bufA) > 1e7 || math.Abs(bufB) > 1e7 {
			return
		}
		a, b := Footprint{ga, bufA}, Footprint{gb, bufB}
		ab, ba := a.Intersects(b), b.Intersects(a)
		if ab != ba {
			t.Fatalf("not symmetric: a∩b %v, b∩a %v", ab, ba)
		}
		d := a.Distance(b)
		if d > 1 && ab {
			t.Fatalf("intersect, but %v m apart", d)
		}
		if d == 0 && !ab {
			t.Fatal("0 m apart, but do not intersect")
		}
		if !a.Intersects(a) {
			t.Fatal("a footprint must meet itself")
		}
		if ga.Area() < 1e9 { // keep covers small
			c := Coarse(ga, max(bufA, 0))
			if !(Footprint{Geometry: c}).Intersects(Footprint{Geometry: ga}) {
				t.Fatal("the coarse cover misses its shape")
			}
		}
	})
}

// FuzzFastParse: the one-pass reading of common geometries gives, for
// every input, exactly the geometry or the errors that the slow way (the
// decoder's tokens) gives. The seed corpus is FuzzParse's inputs and
// testdata/fuzz/FuzzFastParse.
func FuzzFastParse(f *testing.F) {
	for _, s := range seedInputs() {
		f.Add([]byte(s))
	}
	for _, s := range []string{
		` { "coordinates" : [ 37.1 , 36.2 , 400 ] , "type" : "Point" } `,
		`{"type":"LineString","coordinates":[[37,36],[37.5,36.5e0],[-0,1E-3]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}`,
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}x`,
		`{"type":"Point","coordinates":[01,2]}`,
		`{"type":"Point","coordinates":[0x1p3,2]}`,
		`{"type":"Point","type":"Point","coordinates":[1,2]}`,
		`{"type":"Po\u0069nt","coordinates":[1,2]}`,
		`{"type":"Polygon","coordinates":[[]]}`,
		`{"type":"Point","coordinates":[181,2]}`,
	} {
		f.Add([]byte(s))
	}
	lim := Limits{MaxVertices: 50, MaxAreaKm2: 1e9}
	f.Fuzz(func(t *testing.T, data []byte) {
		fast := &parser{field: "g", lim: lim.withDefaults()}
		slow := &parser{field: "g", lim: lim.withDefaults(), slow: true}
		gf, gs := fast.parse(data), slow.parse(data)
		if !reflect.DeepEqual(fast.errs, slow.errs) {
			t.Fatalf("%q: errors differ:\nfast %v\nslow %v", data, fast.errs, slow.errs)
		}
		if !reflect.DeepEqual(gf, gs) {
			t.Fatalf("%q: geometries differ:\nfast %+v\nslow %+v", data, gf, gs)
		}
	})
}

// BenchmarkParse reads a point volume and a 40-vertex polygon, the one-pass
// way and the decoder's way.
func BenchmarkParse(b *testing.B) {
	ring := make([]string, 0, 41)
	for i := range 40 {
		a := 2 * math.Pi * float64(i) / 40
		ring = append(ring, fmt.Sprintf("[%.6f,%.6f]", 37+0.1*math.Cos(a), 36+0.1*math.Sin(a)))
	}
	ring = append(ring, ring[0])
	inputs := map[string][]byte{
		"point":   []byte(`{"type":"Point","coordinates":[37.16,36.2]}`),
		"polygon": []byte(`{"type":"Polygon","coordinates":[[` + strings.Join(ring, ",") + `]]}`),
	}
	for name, data := range inputs {
		for _, slow := range []bool{false, true} {
			way := "fast"
			if slow {
				way = "slow"
			}
			b.Run(name+"/"+way, func(b *testing.B) {
				for range b.N {
					p := &parser{lim: DefaultLimits(), slow: slow}
					if p.parse(data); len(p.errs) > 0 {
						b.Fatal(p.errs)
					}
				}
			})
		}
	}
}
