package geo

import (
	"math/rand/v2"
	"testing"
)

// TestOrientAgreesWithExact compares the filtered orientation with the
// exact one on random and on nearly collinear triples, where the filter
// must hand over to exact arithmetic.
func TestOrientAgreesWithExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for i := 0; i < 20000; i++ {
		a := LonLat{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
		b := LonLat{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
		f := rng.Float64()
		c := LonLat{a.Lon + f*(b.Lon-a.Lon), a.Lat + f*(b.Lat-a.Lat)} // on ab up to rounding
		if i%3 == 0 {
			c = LonLat{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
		}
		if i%7 == 0 {
			c = a
		}
		if i%11 == 0 {
			b = a
		}
		if got, want := orient(a, b, c), orientExact(a, b, c); got != want {
			t.Fatalf("orient(%v, %v, %v) = %d, exact %d", a, b, c, got, want)
		}
	}
}

func TestSegmentsMeetDegenerate(t *testing.T) {
	a, b := LonLat{0, 0}, LonLat{2, 2}
	tests := []struct {
		c, d LonLat
		want bool
	}{
		{LonLat{1, 1}, LonLat{1, 1}, true},
		{LonLat{1, 1.0000001}, LonLat{1, 1.0000001}, false},
		{LonLat{3, 3}, LonLat{3, 3}, false},
		{LonLat{2, 2}, LonLat{5, 0}, true},
		{LonLat{0, 2}, LonLat{2, 0}, true},
		{LonLat{1, 1}, LonLat{3, 3}, true},
		{LonLat{2.5, 2.5}, LonLat{3, 3}, false},
	}
	for _, tc := range tests {
		if got := segmentsMeet(a, b, tc.c, tc.d); got != tc.want {
			t.Errorf("segmentsMeet(%v–%v, %v–%v) = %v", a, b, tc.c, tc.d, got)
		}
		if got := segmentsMeet(tc.c, tc.d, a, b); got != tc.want {
			t.Errorf("segmentsMeet(%v–%v, %v–%v) = %v", tc.c, tc.d, a, b, got)
		}
	}
	if !segmentsMeet(a, a, a, a) || segmentsMeet(a, a, b, b) {
		t.Error("two point edges")
	}
}
