package geo

import (
	"math"

	"github.com/golang/geo/s1"
	"github.com/golang/geo/s2"
)

// EarthRadiusM is the IUGG mean radius of the Earth (R1 = (2a+b)/3 of
// WGS 84) in metres, the radius of the sphere distances are measured on.
const EarthRadiusM = 6371008.8

// DensifyToleranceM is how far, about, a great-circle piece of a densified
// edge may stray from the straight lon/lat edge it stands for.
const DensifyToleranceM = 10.0

const deg = math.Pi / 180

// maxDensifyDepth bounds the recursion that splits one edge (2^12 pieces).
const maxDensifyDepth = 12

func vec(p LonLat) s2.Point {
	return s2.PointFromLatLng(s2.LatLngFromDegrees(p.Lat, p.Lon))
}

// Distance returns the great-circle distance in metres between a and b on
// the sphere of radius EarthRadiusM. Its error against the WGS 84
// ellipsoid is at most 0.6 % (see the package doc).
func Distance(a, b LonLat) float64 {
	return float64(vec(a).Distance(vec(b))) * EarthRadiusM
}

// metresToChord converts a distance in metres to a chord angle for
// comparisons "at most m metres" (the successor makes the test ≤).
func metresToChord(m float64) s1.ChordAngle {
	if m >= math.Pi*EarthRadiusM {
		return s1.StraightChordAngle
	}
	return s1.ChordAngleFromAngle(s1.Angle(m / EarthRadiusM)).Successor()
}

// densifyEdge appends to out the points to insert strictly between a and
// b so that each great-circle piece follows the straight lon/lat edge
// within about DensifyToleranceM. The deviation is sampled at a quarter,
// half and three quarters of the edge: a single midpoint misses edges that
// cross the equator diagonally, where the two curves meet in the middle.
// Edges longer than 30° of arc are always split so that the sampling
// stays meaningful.
func densifyEdge(a, b LonLat, out []LonLat, depth int) []LonLat {
	if depth >= maxDensifyDepth || needsNoSplit(a, b) {
		return out
	}
	m := LonLat{(a.Lon + b.Lon) / 2, (a.Lat + b.Lat) / 2}
	out = densifyEdge(a, m, out, depth+1)
	out = append(out, m)
	return densifyEdge(m, b, out, depth+1)
}

var (
	densifyLimit = metresToChord(DensifyToleranceM)
	arcLimit     = s1.ChordAngleFromAngle(30 * s1.Degree)
)

func needsNoSplit(a, b LonLat) bool {
	if a.Lon == b.Lon {
		return true // a meridian is a great circle
	}
	if a.Lat == 0 && b.Lat == 0 {
		return true // so is the equator
	}
	va, vb := vec(a), vec(b)
	if s2.ChordAngleBetweenPoints(va, vb) > arcLimit {
		return false
	}
	for _, t := range [...]float64{0.25, 0.5, 0.75} {
		p := LonLat{a.Lon + t*(b.Lon-a.Lon), a.Lat + t*(b.Lat-a.Lat)}
		if !s2.IsDistanceLess(vec(p), va, vb, densifyLimit) {
			return false
		}
	}
	return true
}
