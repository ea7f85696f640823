package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"

	"github.com/truce-center/truce/internal/geodesic"
)

// vincenty returns the geodesic distance in metres between p and q on the
// WGS 84 ellipsoid, the reference the spherical distances are measured
// against (internal/geodesic: Vincenty's formulae, written apart from the
// code under test).
func vincenty(p, q LonLat) float64 {
	d, _ := geodesic.Inverse(p.Lon, p.Lat, q.Lon, q.Lat)
	return d
}

// TestDistanceErrorBound measures the spherical distance against the
// ellipsoid over random pairs at every latitude and in every direction,
// from metres to 2,000 km, and checks the stated bound of 0.6 %.
func TestDistanceErrorBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for i := 0; i < 20000; i++ {
		p := LonLat{rng.Float64()*360 - 180, rng.Float64()*178 - 89}
		d := math.Pow(10, 1+rng.Float64()*5.3) // 10 m to 2,000 km
		q := destination(p, rng.Float64()*360, d)
		ref := vincenty(p, q)
		if ref < 1 {
			continue
		}
		if s := Distance(p, q); s > SphereStretch*ref+1e-6 {
			t.Fatalf("%v to %v: sphere %.6f m is more than SphereStretch × ellipsoid %.6f m", p, q, s, ref)
		}
		e := relErr(Distance(p, q), ref)
		worst = max(worst, e)
		if e > 0.006 {
			t.Fatalf("%v to %v: sphere %.3f m, ellipsoid %.3f m, error %.4f %%", p, q, Distance(p, q), ref, e*100)
		}
	}
	t.Logf("worst relative error of the sphere against WGS 84: %.4f %%", worst*100)
	if worst < 0.004 {
		t.Errorf("worst error %.4f %% is suspiciously small; is the reference right?", worst*100)
	}
}

// destination returns the point d metres from p on the sphere along the
// initial bearing brg (degrees from north).
func destination(p LonLat, brg, d float64) LonLat {
	phi, lam, th, dl := p.Lat*deg, p.Lon*deg, brg*deg, d/EarthRadiusM
	phi2 := math.Asin(math.Sin(phi)*math.Cos(dl) + math.Cos(phi)*math.Sin(dl)*math.Cos(th))
	lam2 := lam + math.Atan2(math.Sin(th)*math.Sin(dl)*math.Cos(phi), math.Cos(dl)-math.Sin(phi)*math.Sin(phi2))
	lon := math.Mod(lam2/deg+540, 360) - 180
	return LonLat{lon, phi2 / deg}
}

// TestDensifyTolerance checks that the great-circle pieces of densified
// edges follow the straight lon/lat edge: every point of the lon/lat edge
// is within EdgeSlackM (1.5 × DensifyToleranceM) of the pieces.
func TestDensifyTolerance(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	worst := 0.0
	cases := []struct{ a, b LonLat }{
		{LonLat{-10, -10}, LonLat{10, 10}}, // crosses the equator: the midpoints agree
		{LonLat{0, 45}, LonLat{40, 45}},
		{LonLat{-180, 80}, LonLat{0, 80}},
		{LonLat{0, 89}, LonLat{180, 89.5}},
		{LonLat{30, 30}, LonLat{50, 31}},
	}
	for i := 0; i < 80; i++ {
		a := LonLat{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
		b := LonLat{a.Lon + (rng.Float64()*2-1)*60, a.Lat + (rng.Float64()*2-1)*40}
		b.Lon = math.Max(-180, math.Min(180, b.Lon))
		b.Lat = math.Max(-90, math.Min(90, b.Lat))
		cases = append(cases, struct{ a, b LonLat }{a, b})
	}
	for _, c := range cases {
		chain := append([]LonLat{c.a}, densifyEdge(c.a, c.b, nil, 0)...)
		chain = append(chain, c.b)
		for k := 0; k <= 400; k++ {
			f := float64(k) / 400
			p := vec(LonLat{c.a.Lon + f*(c.b.Lon-c.a.Lon), c.a.Lat + f*(c.b.Lat-c.a.Lat)})
			best := s1.InfChordAngle()
			for i := 0; i+1 < len(chain); i++ {
				best, _ = s2.UpdateMinDistance(p, vec(chain[i]), vec(chain[i+1]), best)
			}
			d := float64(best.Angle()) * EarthRadiusM
			worst = max(worst, d)
			if d > EdgeSlackM {
				t.Fatalf("edge %v–%v: point %d/400 is %.2f m from its %d pieces", c.a, c.b, k, d, len(chain)-1)
			}
		}
	}
	t.Logf("worst deviation of densified edges: %.2f m", worst)
}
