package geo

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func inRects(rs []Rect, p LonLat) bool {
	return slices.ContainsFunc(rs, func(r Rect) bool { return r.Contains(p) })
}

// TestCoarseBoxContainsFootprint: every point of the buffered footprint
// is in the box, at every latitude and across the antimeridian.
func TestCoarseBoxContainsFootprint(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 9))
	for i := 0; i < 3000; i++ {
		p := LonLat{360*rng.Float64() - 180, 170*rng.Float64() - 85}
		if i%5 == 0 {
			p.Lon = 179.99 - 0.02*rng.Float64()
		}
		b := []float64{0, 1, 250, 5000, 60000}[i%5]
		g, err := NewPoint(p)
		if err != nil {
			t.Fatal(err)
		}
		box := CoarseBox(g, b)
		for k := 0; k < 16; k++ {
			q := destination(p, 360*float64(k)/16, b)
			if !inRects(box, q) {
				t.Fatalf("point %v buffer %v m: %v (on the buffer's edge) is outside the box %v", p, b, q, box)
			}
		}
		if !inRects(box, p) {
			t.Fatalf("point %v outside its box %v", p, box)
		}
		if bg := BoxGeometry(box); bg.IsZero() || !(Footprint{Geometry: bg}).Intersects(Footprint{Geometry: g}) {
			t.Fatalf("BoxGeometry(%v) does not meet its point", box)
		}
	}
}

// TestCoarseBoxDependsOnlyOnTheCell: any point of a cell gives the same
// box, so the box says nothing finer than the cell.
func TestCoarseBoxDependsOnlyOnTheCell(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 500; i++ {
		c := cellOf(LonLat{360*rng.Float64() - 180, 160*rng.Float64() - 80})
		r := c.rect()
		var first []Rect
		for k := 0; k < 20; k++ {
			p := LonLat{r.MinLon + (r.MaxLon-r.MinLon)*rng.Float64()*0.999999, r.MinLat + (r.MaxLat-r.MinLat)*rng.Float64()*0.999999}
			if cellOf(p) != c {
				continue
			}
			g, _ := NewPoint(p)
			box := CoarseBox(g, 500)
			if first == nil {
				first = box
			} else if !slices.Equal(first, box) {
				t.Fatalf("two points of cell %v give boxes %v and %v", c, first, box)
			}
		}
	}
}
