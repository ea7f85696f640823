// Package benchdata generates the synthetic but realistic load the
// conflict benchmarks run on: protected sites clustered around towns,
// zones, strikes, flights, ground and humanitarian movements over Syria,
// Iraq, Lebanon and Jordan during thirty days. The Go benchmark and the
// PostGIS comparison draw the same objects from the same seed, so they
// answer the same questions. It is deterministic and does no I/O.
package benchdata

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
)

// Start is the beginning of the thirty days the load spans.
var Start = time.Date(2016, 9, 1, 0, 0, 0, 0, time.UTC)

const days = 30

// towns are approximate centres of population the sites cluster around.
var towns = []geo.LonLat{
	{Lon: 37.16, Lat: 36.20}, {Lon: 36.29, Lat: 33.51}, {Lon: 36.72, Lat: 34.73}, {Lon: 36.63, Lat: 35.93},
	{Lon: 39.01, Lat: 35.95}, {Lon: 40.14, Lat: 35.33}, {Lon: 41.99, Lat: 37.05}, {Lon: 43.13, Lat: 36.34},
	{Lon: 44.37, Lat: 33.31}, {Lon: 43.68, Lat: 33.42}, {Lon: 44.01, Lat: 36.19}, {Lon: 35.50, Lat: 33.89},
	{Lon: 35.93, Lat: 31.95}, {Lon: 36.10, Lat: 32.56}, {Lon: 35.84, Lat: 34.43}, {Lon: 36.58, Lat: 32.62},
	{Lon: 37.37, Lat: 36.48}, {Lon: 36.78, Lat: 35.13}, {Lon: 40.45, Lat: 34.45}, {Lon: 41.14, Lat: 36.77},
	{Lon: 47.78, Lat: 30.51}, {Lon: 44.33, Lat: 32.03}, {Lon: 45.83, Lat: 32.49}, {Lon: 42.45, Lat: 33.38},
}

// Region is the rectangle the load is spread over, and how many extra
// towns (drawn at random inside it) join the real ones above.
type Region struct {
	Name       string
	Box        geo.Rect
	ExtraTowns int
}

// The regions of the benchmarks. MiddleEast (Egypt's Sinai to Iran, Yemen
// to Turkey's border, about 8.5 million km²) is the reference load;
// Levant (Syria, Iraq, Lebanon, Jordan, about 0.95 million km²) packs the
// same million volumes nine times denser, as a stress test.
var (
	MiddleEast = Region{Name: "middle-east", Box: geo.Rect{MinLon: 32, MinLat: 12, MaxLon: 60, MaxLat: 40}, ExtraTowns: 96}
	Levant     = Region{Name: "levant", Box: geo.Rect{MinLon: 35.5, MinLat: 30, MaxLon: 47.5, MaxLat: 37.5}}
)

// Generator draws objects and candidates from one seed.
type Generator struct {
	rng    *rand.Rand
	n      int
	region Region
	towns  []geo.LonLat
}

// New returns a generator for the given region and seed. The towns of a
// region do not depend on the seed, so the objects of seed 1 and the
// candidates of seed 2 crowd around the same places.
func New(region Region, seed uint64) *Generator {
	g := &Generator{rng: rand.New(rand.NewPCG(0x746f776e73, 1)), region: region}
	g.towns = append(g.towns, towns...)
	for i := 0; i < region.ExtraTowns; i++ {
		g.towns = append(g.towns, g.anywhere())
	}
	g.rng = rand.New(rand.NewPCG(seed, 0x7275636531))
	return g
}

const metresPerDeg = geo.EarthRadiusM * math.Pi / 180

func (g *Generator) near(p geo.LonLat, sigmaM float64) geo.LonLat {
	dlat := g.rng.NormFloat64() * sigmaM / metresPerDeg
	dlon := g.rng.NormFloat64() * sigmaM / metresPerDeg / math.Cos(p.Lat*math.Pi/180)
	return geo.LonLat{Lon: p.Lon + dlon, Lat: p.Lat + dlat}
}

func (g *Generator) anywhere() geo.LonLat {
	b := g.region.Box
	return geo.LonLat{Lon: b.MinLon + (b.MaxLon-b.MinLon)*g.rng.Float64(), Lat: b.MinLat + (b.MaxLat-b.MinLat)*g.rng.Float64()}
}

func (g *Generator) town() geo.LonLat { return g.towns[g.rng.IntN(len(g.towns))] }

// route is a random walk of n legs totalling about lengthM metres with a
// general heading, as roads and air routes go.
func (g *Generator) route(from geo.LonLat, legs int, lengthM float64) geo.Geometry {
	heading := 2 * math.Pi * g.rng.Float64()
	pts := []geo.LonLat{from}
	p := from
	for k := 0; k < legs; k++ {
		heading += (g.rng.Float64() - 0.5) * 0.8
		m := lengthM / float64(legs)
		p = geo.LonLat{
			Lon: p.Lon + m*math.Sin(heading)/metresPerDeg/math.Cos(p.Lat*math.Pi/180),
			Lat: p.Lat + m*math.Cos(heading)/metresPerDeg,
		}
		pts = append(pts, p)
	}
	l, err := geo.NewLineString(pts...)
	if err != nil {
		panic(err)
	}
	return l
}

// polygon is a star-shaped polygon of n vertices with a mean radius of
// radiusM around c.
func (g *Generator) polygon(c geo.LonLat, n int, radiusM float64) geo.Geometry {
	ring := make([]geo.LonLat, 0, n+1)
	for k := 0; k < n; k++ {
		a := 2 * math.Pi * (float64(k) + 0.5*g.rng.Float64()) / float64(n)
		m := radiusM * (0.6 + 0.4*g.rng.Float64())
		ring = append(ring, geo.LonLat{
			Lon: c.Lon + m*math.Sin(a)/metresPerDeg/math.Cos(c.Lat*math.Pi/180),
			Lat: c.Lat + m*math.Cos(a)/metresPerDeg,
		})
	}
	ring = append(ring, ring[0])
	p, err := geo.NewPolygon(geo.Limits{}, ring)
	if err != nil {
		panic(err)
	}
	return p
}

func (g *Generator) window(minH, maxH float64) conflict.Window {
	s := Start.Add(time.Duration(g.rng.Float64() * days * 24 * float64(time.Hour))).Truncate(time.Minute)
	d := time.Duration((minH + (maxH-minH)*g.rng.Float64()) * float64(time.Hour)).Truncate(time.Minute)
	return conflict.Window{Start: s, End: s.Add(d)}
}

var parties = []string{"us", "ru", "sy", "tr", "iq", "jo"}

var zoneKinds = []string{conflict.DeEscalation, conflict.NoStrike, conflict.NoFly, conflict.SecurityBelt,
	conflict.Corridor, conflict.OppositionArea, conflict.DesignatedGroupArea}

var categories = []string{"hospital", "school", "aid-office", "warehouse", "camp", "water", "power", "other"}

// Object returns the next object of the load. The mix, by count: 50 %
// protected sites (points with a 100–1,000 m buffer, around towns, valid
// all month), 1 % zones (8–40-vertex polygons 5–60 km across, valid all
// month), 25 % strikes (points, 100–2,000 m radius, 1–3 h), 8 % flights
// (3–10-leg routes of 50–400 km, 2–10 km wide, 1–4 h, 1–3 km bands),
// 10 % ground movements (3–15 legs, 10–100 km, 100–1,000 m wide, 2–12 h)
// and 6 % humanitarian movements (20–200 km, 200–1,000 m wide, 4–48 h).
// Every object has one volume and is active. At 1,000,000 objects that
// is about 2,700 flights and 8,300 strikes a day: far denser than any
// real arrangement.
func (g *Generator) Object() conflict.Object {
	g.n++
	r := g.rng
	o := conflict.Object{ID: fmt.Sprintf("o%07d", g.n), Party: parties[r.IntN(len(parties))], Active: true}
	month := conflict.Window{Start: Start, End: Start.Add(days * 24 * time.Hour)}
	x := r.IntN(100)
	switch {
	case x < 50:
		o.Type, o.Kind, o.Party = conflict.Site, categories[r.IntN(len(categories))], "un"
		p, _ := geo.NewPoint(g.near(g.town(), 15000))
		o.Volumes = []conflict.Volume{{Footprint: geo.Footprint{Geometry: p, BufferM: 100 + 900*r.Float64()}, Altitude: conflict.AllAltitudes, Window: month}}
	case x < 51:
		o.Type, o.Kind = conflict.Zone, zoneKinds[r.IntN(len(zoneKinds))]
		o.Restricts = conflict.Restrictions{Parties: []string{parties[r.IntN(len(parties))], parties[r.IntN(len(parties))]},
			Activities: []string{conflict.Strike, conflict.Flight}}
		o.Volumes = []conflict.Volume{{Footprint: geo.Footprint{Geometry: g.polygon(g.anywhere(), 8+r.IntN(33), 2500+27500*r.Float64())},
			Altitude: conflict.AllAltitudes, Window: month}}
	case x < 76:
		o.Type, o.Kind = conflict.Notification, conflict.Strike
		p, _ := geo.NewPoint(g.near(g.town(), 40000))
		o.Volumes = []conflict.Volume{{Footprint: geo.Footprint{Geometry: p, BufferM: 100 + 1900*r.Float64()},
			Altitude: conflict.Band{MinM: 0, MaxM: 9000}, Window: g.window(1, 3)}}
	case x < 84:
		o.Type, o.Kind = conflict.Notification, conflict.Flight
		lo := float64(1000 + 500*r.IntN(20))
		o.Volumes = []conflict.Volume{{Footprint: geo.Footprint{Geometry: g.route(g.anywhere(), 3+r.IntN(8), 50e3+350e3*r.Float64()), BufferM: 1000 + 4000*r.Float64()},
			Altitude: conflict.Band{MinM: lo, MaxM: lo + float64(1000+1000*r.IntN(3))}, Window: g.window(1, 4)}}
	case x < 94:
		o.Type, o.Kind = conflict.Notification, conflict.GroundMovement
		o.Volumes = []conflict.Volume{{Footprint: geo.Footprint{Geometry: g.route(g.near(g.town(), 30000), 3+r.IntN(13), 10e3+90e3*r.Float64()), BufferM: 50 + 450*r.Float64()},
			Altitude: conflict.Band{MinM: 0, MaxM: 100}, Window: g.window(2, 12)}}
	default:
		o.Type, o.Kind, o.Party = conflict.Notification, conflict.HumanitarianMovement, "un"
		o.Volumes = []conflict.Volume{{Footprint: geo.Footprint{Geometry: g.route(g.town(), 3+r.IntN(13), 20e3+180e3*r.Float64()), BufferM: 100 + 400*r.Float64()},
			Altitude: conflict.Band{MinM: 0, MaxM: 100}, Window: g.window(4, 48)}}
	}
	return o
}

// Candidate returns a notification to check, drawn like the
// notifications of the load (a strike, flight, ground or humanitarian
// movement in the same proportions).
func (g *Generator) Candidate() conflict.Candidate {
	for {
		o := g.Object()
		if o.Type == conflict.Notification {
			return conflict.Candidate{Party: o.Party, Kind: o.Kind, Volumes: o.Volumes}
		}
	}
}
