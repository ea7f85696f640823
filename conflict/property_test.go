package conflict

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/geo"
	"github.com/truce-center/truce/internal/geodesic"
)

// gen makes random volumes of every sort the index must handle: points,
// routes and polygons; tiny, local and continental; in a dense cluster,
// near both poles, on both sides of the antimeridian, and on a 0.1° grid
// so that edges touch exactly.
type gen struct {
	t   testing.TB
	rng *rand.Rand
}

const metresPerDeg = geo.EarthRadiusM * math.Pi / 180

func (g *gen) place() geo.LonLat {
	r := g.rng
	switch r.IntN(10) {
	case 0, 1, 2, 3:
		return geo.LonLat{Lon: 36 + 2*r.Float64(), Lat: 35 + 2*r.Float64()}
	case 4:
		return geo.LonLat{Lon: 360*r.Float64() - 180, Lat: 86 + 4*r.Float64()}
	case 5:
		return geo.LonLat{Lon: 360*r.Float64() - 180, Lat: -86 - 4*r.Float64()}
	case 6:
		lon := 180 - r.Float64()
		if r.IntN(2) == 0 {
			lon = -lon
		}
		return geo.LonLat{Lon: lon, Lat: 20*r.Float64() - 10}
	case 7:
		return geo.LonLat{Lon: 360*r.Float64() - 180, Lat: 160*r.Float64() - 80}
	default:
		return geo.LonLat{Lon: 36 + float64(r.IntN(20))/10, Lat: 35 + float64(r.IntN(20))/10}
	}
}

func (g *gen) scale() float64 {
	switch x := g.rng.IntN(10); {
	case x < 3:
		return 10 + 990*g.rng.Float64() // tiny
	case x < 9:
		return 1000 + 49000*g.rng.Float64() // local
	default:
		return 500e3 + 2500e3*g.rng.Float64() // continental
	}
}

// step moves p by about m metres in a random direction, clamped to the
// valid ranges (never across the antimeridian).
func (g *gen) step(p geo.LonLat, m float64) geo.LonLat {
	a := 2 * math.Pi * g.rng.Float64()
	dlat := m * math.Cos(a) / metresPerDeg
	dlon := m * math.Sin(a) / metresPerDeg / math.Max(math.Cos(p.Lat*math.Pi/180), 0.05)
	dlon = math.Max(-60, math.Min(60, dlon))
	return geo.LonLat{Lon: math.Max(-180, math.Min(180, p.Lon+dlon)), Lat: math.Max(-90, math.Min(90, p.Lat+dlat))}
}

func (g *gen) geometry() (geo.Geometry, float64) {
	r := g.rng
	for try := 0; try < 20; try++ {
		p := g.place()
		s := g.scale()
		switch r.IntN(7) {
		case 0, 1:
			pt, err := geo.NewPoint(p)
			if err == nil {
				return pt, s * r.Float64()
			}
		case 2, 3:
			pts := []geo.LonLat{p}
			for k := 0; k < 1+r.IntN(5); k++ {
				pts = append(pts, g.step(pts[len(pts)-1], s))
			}
			if l, err := geo.NewLineString(pts...); err == nil {
				return l, s / 10 * r.Float64()
			}
		case 4, 5:
			// A star-shaped polygon around p.
			n := 3 + r.IntN(6)
			var ring []geo.LonLat
			for k := 0; k < n; k++ {
				a := 2 * math.Pi * (float64(k) + 0.8*r.Float64()) / float64(n)
				m := s * (0.5 + 0.5*r.Float64())
				dlat := m * math.Cos(a) / metresPerDeg
				dlon := m * math.Sin(a) / metresPerDeg / math.Max(math.Cos(p.Lat*math.Pi/180), 0.05)
				ring = append(ring, geo.LonLat{Lon: p.Lon + dlon, Lat: p.Lat + dlat})
			}
			ring = append(ring, ring[0])
			if pg, err := geo.NewPolygon(geo.Limits{MaxAreaKm2: 1e9}, ring); err == nil {
				return pg, []float64{0, 0, s * r.Float64() / 10}[r.IntN(3)]
			}
		default:
			// A cell of a 0.1° grid: neighbours share edges exactly.
			w := 36 + float64(r.IntN(20))/10
			sth := 35 + float64(r.IntN(20))/10
			if r.IntN(8) == 0 {
				// or a polar cap
				lat := 85 + float64(r.IntN(4))
				if pg, err := geo.NewPolygon(geo.Limits{MaxAreaKm2: 1e9}, []geo.LonLat{{Lon: -180, Lat: lat}, {Lon: 0, Lat: lat}, {Lon: 180, Lat: lat}, {Lon: 180, Lat: 90}, {Lon: 0, Lat: 90}, {Lon: -180, Lat: 90}, {Lon: -180, Lat: lat}}); err == nil {
					return pg, 0
				}
				continue
			}
			return box(g.t, w, sth, w+0.1, sth+0.1), 0
		}
	}
	pt, _ := geo.NewPoint(geo.LonLat{Lon: 37, Lat: 36})
	return pt, 100
}

func (g *gen) band(zone bool) Band {
	if zone && g.rng.IntN(2) == 0 {
		return AllAltitudes
	}
	lo := float64(100 * g.rng.IntN(100))
	return Band{lo, lo + float64(100*g.rng.IntN(50))}
}

func (g *gen) window(longLived bool) Window {
	r := g.rng
	if longLived && r.IntN(3) == 0 {
		return Window{}
	}
	s := r.IntN(72)
	d := 1 + r.IntN(12)
	if longLived || r.IntN(10) == 0 {
		d = 1 + r.IntN(96)
	}
	w := Window{Start: at(float64(s)), End: at(float64(s + d))}
	if longLived && r.IntN(4) == 0 {
		w.Start = time.Time{}
	}
	return w
}

var parties = []string{"a", "b", "c", "hum"}
var zoneKinds = []string{DeEscalation, NoStrike, NoFly, SecurityBelt, Corridor, OppositionArea, DesignatedGroupArea}

func (g *gen) subset(from []string) []string {
	if g.rng.IntN(5) == 0 {
		return []string{Any}
	}
	var out []string
	for _, s := range from {
		if g.rng.IntN(2) == 0 {
			out = append(out, s)
		}
	}
	return out
}

func (g *gen) volumes(zone bool, n int) []Volume {
	var vs []Volume
	for k := 0; k < n; k++ {
		geom, buf := g.geometry()
		vs = append(vs, Volume{Footprint: geo.Footprint{Geometry: geom, BufferM: buf}, Altitude: g.band(zone), Window: g.window(zone)})
	}
	return vs
}

func (g *gen) object(id string) Object {
	r := g.rng
	o := Object{ID: id, Party: parties[r.IntN(len(parties))], Active: r.IntN(10) != 0}
	switch x := r.IntN(10); {
	case x < 2:
		o.Type, o.Kind = Zone, zoneKinds[r.IntN(len(zoneKinds))]
		o.Restricts = Restrictions{Parties: g.subset(parties), Activities: g.subset(allKinds)}
		o.Volumes = g.volumes(true, 1)
	case x < 4:
		o.Type, o.Kind = Site, []string{"hospital", "school", "water"}[r.IntN(3)]
		o.Volumes = g.volumes(true, 1)
	default:
		o.Type, o.Kind = Notification, allKinds[r.IntN(len(allKinds))]
		o.Volumes = g.volumes(false, 1+r.IntN(3))
	}
	return o
}

func (g *gen) candidate() Candidate {
	r := g.rng
	return Candidate{Party: parties[r.IntN(len(parties))], Kind: allKinds[r.IntN(len(allKinds))], Volumes: g.volumes(false, 1+r.IntN(3))}
}

// TestIndexMatchesBruteForce is the property test: for thousands of
// random volumes, the index's answer equals a brute-force check of every
// pair with the same exact predicate, before and after removals and
// replacements, with two sizes of time slice.
func TestIndexMatchesBruteForce(t *testing.T) {
	for _, bucket := range []time.Duration{6 * time.Hour, time.Hour} {
		t.Run(bucket.String(), func(t *testing.T) {
			g := &gen{t: t, rng: rand.New(rand.NewPCG(42, uint64(bucket)))}
			ix := New(Settings{TimeBucket: bucket})
			objects := map[string]Object{}
			nv := 0
			var all []Object
			for i := 0; i < 2500; i++ {
				o := g.object(idOf(i))
				all = append(all, o)
				if err := ix.Upsert(o); err != nil {
					t.Fatal(err)
				}
				if o.Active {
					objects[o.ID] = o
					nv += len(o.Volumes)
				}
			}
			t.Logf("%d active objects, %d volumes", len(objects), nv)
			// The same objects loaded at once, after a decoy with the id
			// of the first that the load must replace.
			loaded := New(Settings{TimeBucket: bucket})
			decoy := g.object(all[0].ID)
			decoy.Active = true
			if err := loaded.Load(append([]Object{decoy}, all...)); err != nil {
				t.Fatal(err)
			}
			if loaded.Len() != ix.Len() || loaded.Volumes() != ix.Volumes() {
				t.Fatalf("Load: %d objects and %d volumes, Upsert: %d and %d", loaded.Len(), loaded.Volumes(), ix.Len(), ix.Volumes())
			}
			compare := func(n int) int {
				list := make([]Object, 0, len(objects))
				for _, o := range objects {
					list = append(list, o)
				}
				hits := 0
				for k := 0; k < n; k++ {
					c := g.candidate()
					got, want := summary(ix.Check(c)), summary(bruteForce(ix.Settings(), c, list))
					if got != want {
						t.Fatalf("candidate %+v\nindex: %s\nbrute: %s", c, got, want)
					}
					if loaded != nil {
						if l := summary(loaded.Check(c)); l != want {
							t.Fatalf("candidate %+v\nloaded: %s\nbrute: %s", c, l, want)
						}
					}
					if got != "" {
						hits++
					}
				}
				return hits
			}
			hits := compare(300)
			loaded = nil // the next phase changes ix only
			// Replace a third of the objects and remove another third.
			for i := 0; i < 2500; i++ {
				id := idOf(i)
				switch i % 3 {
				case 0:
					o := g.object(id)
					if err := ix.Upsert(o); err != nil {
						t.Fatal(err)
					}
					delete(objects, id)
					if o.Active {
						objects[id] = o
					}
				case 1:
					ix.Remove(id)
					delete(objects, id)
				}
			}
			if ix.Len() != len(objects) {
				t.Fatalf("index holds %d objects, want %d", ix.Len(), len(objects))
			}
			hits += compare(150)
			t.Logf("%d of 450 candidates had conflicts", hits)
			if hits < 45 {
				t.Errorf("only %d candidates conflicted: the test is not exercising the refine step", hits)
			}
		})
	}
}

func idOf(i int) string { return "o" + string(rune('a'+i%26)) + itoa(i) }

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// onShape returns a random position of g as RFC 7946 describes it: a
// vertex, or a point of a straight lon/lat edge.
func (g *gen) onShape(geom geo.Geometry) geo.LonLat {
	var chains [][]geo.LonLat
	switch geom.Type() {
	case geo.TypePoint:
		return geom.Point()
	case geo.TypeLineString:
		chains = [][]geo.LonLat{geom.Line()}
	default:
		for _, poly := range geom.Polygons() {
			chains = append(chains, poly...)
		}
	}
	c := chains[g.rng.IntN(len(chains))]
	i := g.rng.IntN(len(c) - 1)
	a, b := c[i], c[i+1]
	f := g.rng.Float64()
	if g.rng.IntN(4) == 0 {
		f = 0 // a vertex
	}
	return geo.LonLat{Lon: a.Lon + f*(b.Lon-a.Lon), Lat: a.Lat + f*(b.Lat-a.Lat)}
}

// ellipsoidal returns the WGS 84 distance between p and q (the oracle);
// ok is false where Vincenty's iteration does not converge.
func ellipsoidal(p, q geo.LonLat) (float64, bool) {
	return geodesic.Inverse(p.Lon, p.Lat, q.Lon, q.Lat)
}

// towards returns the position s metres from p along azimuth az on the
// WGS 84 ellipsoid.
func towards(p geo.LonLat, az, s float64) geo.LonLat {
	lon, lat := geodesic.Direct(p.Lon, p.Lat, az, s)
	return geo.LonLat{Lon: lon, Lat: lat}
}

// TestNoFalseClearOnEllipsoid is the property test against the
// ellipsoidal oracle: for thousands of random shapes — points, routes,
// polygons, polar caps, shapes at the antimeridian — a candidate is put
// just within reach on the WGS 84 ellipsoid (a point q at most the sum of
// the buffers and the separation from a point p of the shape, measured
// by Vincenty), and the index must report the pair. Such a pair truly
// conflicts, whatever else lies between p and q, so any miss is a false
// clear. The test also counts the pairs the unpadded sphere would have
// called clear, to show that it exercises the padding.
func TestNoFalseClearOnEllipsoid(t *testing.T) {
	g := &gen{t: t, rng: rand.New(rand.NewPCG(7, 23))}
	ix := New(Settings{})
	day := win(0, 24)
	type pair struct {
		c    Candidate
		want string // the object's id
		a, b geo.Footprint
		sep  float64
	}
	var pairs []pair
	sphereMisses := 0
	for i := 0; len(pairs) < 3000; i++ {
		geom, buf := g.geometry()
		id := idOf(i)
		flight := g.rng.IntN(4) == 0
		o := Object{Type: Site, ID: id, Party: "hum", Kind: "hospital", Active: true,
			Volumes: []Volume{vol(geom, buf, AllAltitudes, day)}}
		kind, sep := Strike, 0.0
		if flight {
			o = Object{Type: Notification, ID: id, Party: "a", Kind: Flight, Active: true,
				Volumes: []Volume{vol(geom, buf, Band{0, 3000}, day)}}
			kind, sep = Flight, ix.Settings().SeparationHorizontalM
		}
		// The candidate: a point, or a route or a triangle with a vertex
		// at q, with a buffer of its own.
		cbuf := []float64{0, 250, g.scale() / 10}[g.rng.IntN(3)]
		reach := buf + cbuf + sep
		p := g.onShape(geom)
		// Mostly north or south, where the sphere runs longest, and mostly
		// at the very limit.
		az := 360 * g.rng.Float64()
		if g.rng.IntN(3) > 0 {
			az = 180*float64(g.rng.IntN(2)) + 40*g.rng.Float64() - 20
		}
		q := towards(p, az, reach*(1-0.001*g.rng.Float64())-0.01)
		if d, ok := ellipsoidal(p, q); !ok || d > reach {
			continue // the oracle cannot vouch for this pair
		}
		var cg geo.Geometry
		var err error
		switch g.rng.IntN(3) {
		case 0:
			cg, err = geo.NewPoint(q)
		case 1:
			cg, err = geo.NewLineString(q, g.step(q, g.scale()))
		default:
			r := g.step(q, g.scale()/4)
			cg, err = geo.NewPolygon(geo.Limits{MaxAreaKm2: 1e9}, []geo.LonLat{q, r, g.step(r, g.scale()/4), q})
		}
		if err != nil {
			continue
		}
		if err := ix.Upsert(o); err != nil {
			t.Fatal(err)
		}
		c := Candidate{Party: "b", Kind: kind, Volumes: []Volume{vol(cg, cbuf, Band{1000, 2000}, win(1, 2))}}
		a, b := o.Volumes[0].Footprint, c.Volumes[0].Footprint
		if a.Distance(b) > sep {
			sphereMisses++
		}
		pairs = append(pairs, pair{c, id, a, b, sep})
	}
	for _, pr := range pairs {
		if !pr.a.Within(pr.b, pr.sep) {
			t.Fatalf("Within is false for a pair within reach on the ellipsoid:\n%+v\n%+v", pr.a, pr.b)
		}
		found := false
		for _, c := range ix.Check(pr.c) {
			found = found || c.With.ID == pr.want
		}
		if !found {
			t.Fatalf("a false clear: the index does not report %s for the candidate %+v, within reach on the ellipsoid", pr.want, pr.c)
		}
	}
	t.Logf("%d pairs within reach on the ellipsoid, all reported; %d of them beyond reach on the unpadded sphere", len(pairs), sphereMisses)
	if sphereMisses < len(pairs)/20 {
		t.Errorf("only %d of %d pairs would have been missed on the unpadded sphere: the test does not exercise the padding", sphereMisses, len(pairs))
	}
}

// TestEllipsoidEdgeCases: a strike just outside a buffer on the sphere
// (by a metre or more) and inside it on the ellipsoid (by half a metre),
// at several latitudes. These are the pairs an unpadded spherical engine
// called clear. North–south lines near the equator are where the sphere
// runs longest (0.56 %); above about 45° the sphere runs short, and a
// miss there could not happen.
func TestEllipsoidEdgeCases(t *testing.T) {
	day := win(0, 24)
	tests := []struct {
		name    string
		site    geo.LonLat
		bufferM float64
		az      float64
	}{
		{"equator, hospital 500 m, north", geo.LonLat{Lon: 32.5, Lat: 0}, 500, 0},
		{"equator at the antimeridian, south", geo.LonLat{Lon: 180, Lat: 0.001}, 500, 180},
		{"10°N, 500 m, north", geo.LonLat{Lon: 45, Lat: 10}, 500, 0},
		{"15°S, 500 m, south", geo.LonLat{Lon: 28.3, Lat: -15.4}, 500, 180},
		{"20°N, 1 km, north by east", geo.LonLat{Lon: 44.2, Lat: 15.35 + 4.65}, 1000, 10},
		{"30°N, 1 km, north", geo.LonLat{Lon: 34.4, Lat: 31.5 - 1.5}, 1000, 0},
		{"36°N (Aleppo), 2 km, north", geo.LonLat{Lon: 37.16, Lat: 36.2}, 2000, 0},
		{"40°S, 2 km, south", geo.LonLat{Lon: 174.8, Lat: -40}, 2000, 180},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := towards(tt.site, tt.az, tt.bufferM-0.5)
			de, ok := ellipsoidal(tt.site, q)
			if !ok || de > tt.bufferM {
				t.Fatalf("the oracle puts the strike %.3f m away, not inside the %.0f m buffer", de, tt.bufferM)
			}
			if ds := geo.Distance(tt.site, q); ds < tt.bufferM+1 {
				t.Fatalf("on the sphere the strike is %.3f m away: not a metre outside the buffer, the case tests nothing", ds)
			}
			ix := New(Settings{})
			if err := ix.Upsert(Object{Type: Site, ID: "hospital", Party: "hum", Kind: "hospital", Active: true,
				Volumes: []Volume{vol(point(t, tt.site.Lon, tt.site.Lat), tt.bufferM, AllAltitudes, day)}}); err != nil {
				t.Fatal(err)
			}
			got := summary(ix.Check(Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, q.Lon, q.Lat), 0, Band{0, 100}, win(3, 4))}}))
			if want := "strike-near-protected-site:site/hospital#0@0[3h0m0s,4h0m0s)"; got != want {
				t.Fatalf("conflicts %q, want %q", got, want)
			}
		})
	}
	// The same at the edge of a long zone boundary along a parallel, where
	// the densified great-circle pieces also bend away from the lon/lat
	// edge, and for two flights at the separation minimum.
	t.Run("strike south of a long parallel edge at 10°N", func(t *testing.T) {
		zone := box(t, 40, 10, 50, 12)
		ix := New(Settings{})
		if err := ix.Upsert(Object{Type: Zone, ID: "z", Party: partyB, Kind: NoStrike, Active: true,
			Restricts: Restrictions{Parties: []string{Any}, Activities: []string{Any}}, Volumes: []Volume{vol(zone, 0, AllAltitudes, day)}}); err != nil {
			t.Fatal(err)
		}
		edge := geo.LonLat{Lon: 45.123, Lat: 10}
		q := towards(edge, 180, 999.5)
		strike := vol(point(t, q.Lon, q.Lat), 1000, Band{0, 100}, win(3, 4))
		if d := strike.Footprint.Distance(geo.Footprint{Geometry: zone}); d < 1 {
			t.Fatalf("on the sphere the strike's radius is %.3f m short of the zone: the case tests nothing", d)
		}
		if got := summary(ix.Check(Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{strike}})); !strings.HasPrefix(got, "strike-in-no-strike-zone:zone/z") {
			t.Fatalf("conflicts %q, want the no-strike zone", got)
		}
	})
	t.Run("flights at the separation minimum at 5°S", func(t *testing.T) {
		ix := New(Settings{})
		p := geo.LonLat{Lon: 106.8, Lat: -5}
		q := towards(p, 0, ix.Settings().SeparationHorizontalM-0.5)
		if d := geo.Distance(p, q); d < ix.Settings().SeparationHorizontalM+1 {
			t.Fatalf("on the sphere the flights are %.3f m apart: the case tests nothing", d)
		}
		if err := ix.Upsert(Object{Type: Notification, ID: "f", Party: partyB, Kind: Flight, Active: true,
			Volumes: []Volume{vol(point(t, p.Lon, p.Lat), 0, Band{3000, 3000}, day)}}); err != nil {
			t.Fatal(err)
		}
		if got := summary(ix.Check(Candidate{Party: partyA, Kind: Flight, Volumes: []Volume{vol(point(t, q.Lon, q.Lat), 0, Band{3000, 3000}, win(3, 4))}})); !strings.HasPrefix(got, "flight-separation:notification/f") {
			t.Fatalf("conflicts %q, want the separation", got)
		}
	})
}
