package geo

import "testing"

// The parts of the exact test that took trigonometric functions, each
// on its own: a rectangle grown exactly (Buffer, for the index's covers)
// and loosely (the exact test's pass-over), a unit vector, a chord.

var growSink float64

func BenchmarkGrowExact(b *testing.B) {
	r := Rect{37, 36, 37.01, 36.02}
	for i := 0; i < b.N; i++ {
		rs, _ := r.buffer(float64(i&1023) * 10)
		growSink += rs[0].MinLon
	}
}
func BenchmarkGrowLoose(b *testing.B) {
	r := Rect{37, 36, 37.01, 36.02}
	for i := 0; i < b.N; i++ {
		rs, _ := r.looseBuffer(float64(i&1023) * 10)
		growSink += rs[0].MinLon
	}
}
func BenchmarkVec(b *testing.B) {
	for i := 0; i < b.N; i++ {
		growSink += vec(LonLat{float64(i&1023) * 0.01, 36}).X
	}
}
func BenchmarkChord(b *testing.B) {
	for i := 0; i < b.N; i++ {
		growSink += float64(metresToChord(float64(i&1023) * 10))
	}
}
