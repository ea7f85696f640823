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

// TestCoarseFootprintContainsFootprint: every point within the buffer
// of a point or of any point of a route is in its coarse footprint.
func TestCoarseFootprintContainsFootprint(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 1500; i++ {
		p := LonLat{340*rng.Float64() - 170, 160*rng.Float64() - 80}
		b := []float64{0, 1, 250, 3000, 20000}[i%5]
		var g Geometry
		var err error
		var along []LonLat
		if i%2 == 0 {
			g, err = NewPoint(p)
			along = []LonLat{p}
		} else {
			q := destination(p, 360*rng.Float64(), 1000+200000*rng.Float64())
			r := destination(q, 360*rng.Float64(), 1000+50000*rng.Float64())
			g, err = NewLineString(p, q, r)
			for k := 0; k <= 40; k++ {
				f := float64(k) / 40
				along = append(along, LonLat{p.Lon + (q.Lon-p.Lon)*f, p.Lat + (q.Lat-p.Lat)*f}, LonLat{q.Lon + (r.Lon-q.Lon)*f, q.Lat + (r.Lat-q.Lat)*f})
			}
		}
		if err != nil {
			continue
		}
		fp := CoarseFootprint(g, b)
		for _, a := range along {
			for k := 0; k < 8; k++ {
				x := destination(a, 45*float64(k), b)
				pt, err := NewPoint(x)
				if err != nil {
					continue
				}
				if !fp.Intersects(Footprint{Geometry: pt}) {
					t.Fatalf("%v buffer %v m: %v is outside the coarse footprint (%v, %v m)", g.Type(), b, x, fp.Geometry.Type(), fp.BufferM)
				}
			}
		}
	}
}

// TestCoarseFootprintDependsOnlyOnTheCell: points anywhere in one cell,
// with buffers in the same quarter-cell step, disclose the same.
func TestCoarseFootprintDependsOnlyOnTheCell(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for i := 0; i < 300; i++ {
		c := cellOf(LonLat{360*rng.Float64() - 180, 160*rng.Float64() - 80})
		r := c.rect()
		var first *Footprint
		for k := 0; k < 10; k++ {
			p := LonLat{r.MinLon + (r.MaxLon-r.MinLon)*rng.Float64()*0.999999, r.MinLat + (r.MaxLat-r.MinLat)*rng.Float64()*0.999999}
			if cellOf(p) != c {
				continue
			}
			g, _ := NewPoint(p)
			fp := CoarseFootprint(g, 100+1500*rng.Float64())
			if first == nil {
				first = &fp
			} else if fp.BufferM != first.BufferM || fp.Geometry.Point() != first.Geometry.Point() {
				t.Fatalf("two points of cell %v disclose %v and %v", c, fp, *first)
			}
		}
	}
}
