package geo

import "math"

func mathSin(x float64) float64 { return math.Sin(x) }

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}
