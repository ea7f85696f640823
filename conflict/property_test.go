package conflict

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/truce-center/truce/geo"
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
