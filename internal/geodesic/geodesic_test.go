package geodesic

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDirectInverse: a position reached by Direct is at the distance
// Inverse measures, to a tenth of a millimetre, from metres to 5,000 km,
// at every latitude and across the antimeridian.
func TestDirectInverse(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 5000; i++ {
		lon, lat := 360*rng.Float64()-180, 178*rng.Float64()-89
		s := math.Pow(10, 5*rng.Float64()+1.7*rng.Float64())
		lon2, lat2 := Direct(lon, lat, 360*rng.Float64(), s)
		got, ok := Inverse(lon, lat, lon2, lat2)
		if !ok || math.Abs(got-s) > 1e-4 {
			t.Fatalf("from (%v, %v) %v m: Inverse says %v (ok %v)", lon, lat, s, got, ok)
		}
	}
}

// TestKnownLine: Flinders Peak to Buninyong, the test line of Vincenty's
// paper as republished by Geoscience Australia: 54,972.271 m.
func TestKnownLine(t *testing.T) {
	lon1, lat1 := 144+25/60.0+29.52440/3600, -(37 + 57/60.0 + 3.72030/3600)
	lon2, lat2 := 143+55/60.0+35.38390/3600, -(37 + 39/60.0 + 10.15610/3600)
	if d, ok := Inverse(lon1, lat1, lon2, lat2); !ok || math.Abs(d-54972.271) > 0.001 {
		t.Fatalf("Inverse = %.4f, want 54972.271", d)
	}
}
