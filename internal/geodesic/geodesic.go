// Package geodesic measures distances on the WGS 84 ellipsoid with
// Vincenty's formulae. It is the tests' oracle for the spherical
// distances of package geo: slow (iterative) and exact to a fraction of a
// millimetre where it converges, which is everywhere but between nearly
// antipodal points. It is not used on any hot path.
package geodesic

import "math"

// WGS 84.
const (
	A = 6378137.0         // semi-major axis, metres
	F = 1 / 298.257223563 // flattening
	B = A * (1 - F)       // semi-minor axis
)

const deg = math.Pi / 180

// Inverse returns the length in metres of the geodesic between two
// positions given in degrees (longitude, latitude). ok is false when the
// iteration does not converge (nearly antipodal points).
func Inverse(lon1, lat1, lon2, lat2 float64) (s float64, ok bool) {
	L := (lon2 - lon1) * deg
	u1 := math.Atan((1 - F) * math.Tan(lat1*deg))
	u2 := math.Atan((1 - F) * math.Tan(lat2*deg))
	sinU1, cosU1 := math.Sincos(u1)
	sinU2, cosU2 := math.Sincos(u2)
	lambda := L
	var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM float64
	for iter := 0; ; iter++ {
		if iter == 200 {
			return 0, false
		}
		sinLambda, cosLambda := math.Sincos(lambda)
		x := cosU2 * sinLambda
		y := cosU1*sinU2 - sinU1*cosU2*cosLambda
		sinSigma = math.Hypot(x, y)
		if sinSigma == 0 {
			return 0, true // coincident
		}
		cosSigma = sinU1*sinU2 + cosU1*cosU2*cosLambda
		sigma = math.Atan2(sinSigma, cosSigma)
		sinAlpha := cosU1 * cosU2 * sinLambda / sinSigma
		cos2Alpha = 1 - sinAlpha*sinAlpha
		cos2SigmaM = 0
		if cos2Alpha != 0 {
			cos2SigmaM = cosSigma - 2*sinU1*sinU2/cos2Alpha
		}
		c := F / 16 * cos2Alpha * (4 + F*(4-3*cos2Alpha))
		prev := lambda
		lambda = L + (1-c)*F*sinAlpha*(sigma+c*sinSigma*(cos2SigmaM+c*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
		if math.Abs(lambda-prev) < 1e-13 {
			break
		}
		if math.Abs(lambda) > 4*math.Pi {
			return 0, false
		}
	}
	a, b := series(cos2Alpha)
	dSigma := b * sinSigma * (cos2SigmaM + b/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
		b/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
	return B * a * (sigma - dSigma), true
}

// series returns Vincenty's A and B for cos²α.
func series(cos2Alpha float64) (float64, float64) {
	u2 := cos2Alpha * (A*A - B*B) / (B * B)
	a := 1 + u2/16384*(4096+u2*(-768+u2*(320-175*u2)))
	b := u2 / 1024 * (256 + u2*(-128+u2*(74-47*u2)))
	return a, b
}

// Direct returns the position (longitude, latitude in degrees) reached
// from (lon1, lat1) by a geodesic of s metres leaving at azimuth az
// (degrees clockwise from north). The longitude is normalised to
// [-180, 180].
func Direct(lon1, lat1, az, s float64) (lon2, lat2 float64) {
	sinAlpha1, cosAlpha1 := math.Sincos(az * deg)
	tanU1 := (1 - F) * math.Tan(lat1*deg)
	cosU1 := 1 / math.Sqrt(1+tanU1*tanU1)
	sinU1 := tanU1 * cosU1
	sigma1 := math.Atan2(tanU1, cosAlpha1)
	sinAlpha := cosU1 * sinAlpha1
	cos2Alpha := 1 - sinAlpha*sinAlpha
	a, b := series(cos2Alpha)
	sigma := s / (B * a)
	var sinSigma, cosSigma, cos2SigmaM float64
	for iter := 0; iter < 200; iter++ {
		cos2SigmaM = math.Cos(2*sigma1 + sigma)
		sinSigma, cosSigma = math.Sincos(sigma)
		dSigma := b * sinSigma * (cos2SigmaM + b/4*(cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)-
			b/6*cos2SigmaM*(-3+4*sinSigma*sinSigma)*(-3+4*cos2SigmaM*cos2SigmaM)))
		prev := sigma
		sigma = s/(B*a) + dSigma
		if math.Abs(sigma-prev) < 1e-13 {
			break
		}
	}
	sinSigma, cosSigma = math.Sincos(sigma)
	cos2SigmaM = math.Cos(2*sigma1 + sigma)
	tmp := sinU1*sinSigma - cosU1*cosSigma*cosAlpha1
	phi2 := math.Atan2(sinU1*cosSigma+cosU1*sinSigma*cosAlpha1, (1-F)*math.Hypot(sinAlpha, tmp))
	lambda := math.Atan2(sinSigma*sinAlpha1, cosU1*cosSigma-sinU1*sinSigma*cosAlpha1)
	c := F / 16 * cos2Alpha * (4 + F*(4-3*cos2Alpha))
	L := lambda - (1-c)*F*sinAlpha*(sigma+c*sinSigma*(cos2SigmaM+c*cosSigma*(-1+2*cos2SigmaM*cos2SigmaM)))
	lon2 = math.Remainder(lon1+L/deg, 360)
	return lon2, phi2 / deg
}
