package geo

import (
	"math"

	"github.com/golang/geo/r3"
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

// The WGS 84 ellipsoid: semi-major axis and flattening.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
)

// SphereStretch bounds how much longer a distance on the sphere is than
// the same distance on the WGS 84 ellipsoid: for any two positions,
// sphere(p, q) ≤ SphereStretch × ellipsoid(p, q). It is R / M(0) ≈
// 1.005614, where M(0) = a(1−e²) is the ellipsoid's meridional radius of
// curvature at the equator, its smallest radius of curvature.
//
// Proof. Map each point of the ellipsoid to the point of the sphere with
// the same longitude and latitude. A small step (dφ, dλ) has length
// √(M²dφ² + N²cos²φ dλ²) on the ellipsoid and √(R²dφ² + R²cos²φ dλ²) on
// the sphere, where M(φ) ≥ a(1−e²) and N(φ) ≥ a are the ellipsoid's
// radii of curvature. Both forms are diagonal in (φ, λ), so the step is
// stretched by at most max(R/M, R/N) ≤ R/(a(1−e²)), since a(1−e²) < a.
// The ellipsoidal geodesic from p to q maps to a curve on the sphere at
// most SphereStretch times as long, and the great circle from p to q is no
// longer than that curve. ∎
//
// So a pair of shapes within d metres of each other on the ellipsoid is
// within SphereStretch × d on the sphere, and comparing the spherical
// distance with that padded limit never reports such a pair clear
// (SphereLimit). The converse error — a pair the sphere puts closer than
// the ellipsoid does — can only add a conflict, never hide one.
const SphereStretch = EarthRadiusM / (wgs84A * (1 - wgs84F*(2-wgs84F)))

// EdgeSlackM bounds how far a point of a straight lon/lat edge lies from
// the great-circle pieces of its densified form (measured by
// TestDensifyTolerance). A shape with edges is compared with this much
// more allowance, once per shape, so that a point of the edge RFC 7946
// describes is never missed because the pieces bend away from it.
const EdgeSlackM = 1.5 * DensifyToleranceM

// SphereLimit returns the spherical distance to compare with so that
// every pair of footprints within m metres of each other on the WGS 84
// ellipsoid is found: m × SphereStretch, plus a millimetre for rounding.
// A shape with edges (anything but a Point) adds EdgeSlackM; see
// Footprint.Within.
func SphereLimit(m float64) float64 { return max(m, 0)*SphereStretch + 0.001 }

// maxDensifyDepth bounds the recursion that splits one edge (2^12 pieces).
const maxDensifyDepth = 12

// vec returns p's unit vector: s2.PointFromLatLng's, bit for bit
// (TestVecIsS2s), with a sine and a cosine taken together (math.Sincos
// gives math.Sin's and math.Cos's values at 60 % of their cost); the
// exact test makes one for most pairs it compares.
func vec(p LonLat) s2.Point {
	sinLat, cosLat := math.Sincos(p.Lat * deg)
	sinLon, cosLon := math.Sincos(p.Lon * deg)
	return s2.Point{Vector: r3.Vector{X: cosLon * cosLat, Y: sinLon * cosLat, Z: sinLat}}
}

// Distance returns the great-circle distance in metres between a and b on
// the sphere of radius EarthRadiusM. Its error against the WGS 84
// ellipsoid is at most 0.6 % (see the package doc); it is never more than
// SphereStretch times the ellipsoidal distance.
func Distance(a, b LonLat) float64 {
	return float64(vec(a).Distance(vec(b))) * EarthRadiusM
}

// metresToChord converts a distance in metres to a chord angle for
// comparisons "at most m metres" (the successor makes the test ≤).
func metresToChord(m float64) s1.ChordAngle {
	if m >= math.Pi*EarthRadiusM {
		return s1.StraightChordAngle
	}
	a := m / EarthRadiusM
	if a >= 0.05 || a < 0 {
		return s1.ChordAngleFromAngle(s1.Angle(a)).Successor()
	}
	// The chord is 2 sin(a/2); below 0.05 radians (318 km) without the
	// sine: sinAbove is within 2e-13 of it there and never below it, so
	// the test stays "at most".
	l := 2 * sinAbove(a/2)
	return s1.ChordAngle(l * l).Successor()
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
