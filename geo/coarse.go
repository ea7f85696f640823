package geo

import (
	"math"
	"sort"
)

// The coarse grid: rows of CoarseCellDeg degrees of latitude; each row is
// cut into the largest number of equal columns that keeps every cell at
// least CoarseCellDeg degrees of the equator wide (about 11 km) at the
// row's poleward edge. The grid is fixed, so a coarse shape says nothing
// finer than it, and two coarse shapes of the same object always agree.

// CoarseCellDeg is the height of a coarse cell in degrees of latitude
// (about 11.1 km); cells are at least as wide on the ground.
const CoarseCellDeg = 0.1

const coarseRows = 1800 // 180 / CoarseCellDeg

type cell struct{ row, col int }

func rowBounds(i int) (float64, float64) {
	return float64(i)/10 - 90, float64(i+1)/10 - 90
}

// rowCols returns the number of columns of row i.
func rowCols(i int) int {
	lo, hi := rowBounds(i)
	c := math.Cos(max(math.Abs(lo), math.Abs(hi)) * deg)
	return max(1, int(3600*c))
}

func colBounds(n, j int) (float64, float64) {
	w := 360 / float64(n)
	lo, hi := -180+float64(j)*w, -180+float64(j+1)*w
	if j == n-1 {
		hi = 180
	}
	return lo, hi
}

// cellOf returns the cell holding p; a point on a cell edge goes to the
// cell to its north-east (the one whose lower edge it is on), except at
// 90° and 180° which belong to the last row and column.
func cellOf(p LonLat) cell {
	i := min(max(int(math.Floor((p.Lat+90)*10)), 0), coarseRows-1)
	if lo, _ := rowBounds(i); p.Lat < lo && i > 0 {
		i--
	} else if _, hi := rowBounds(i); p.Lat >= hi && i < coarseRows-1 {
		i++
	}
	n := rowCols(i)
	j := min(max(int(math.Floor((p.Lon+180)/(360/float64(n)))), 0), n-1)
	if lo, _ := colBounds(n, j); p.Lon < lo && j > 0 {
		j--
	} else if _, hi := colBounds(n, j); p.Lon >= hi && j < n-1 {
		j++
	}
	return cell{i, j}
}

func (c cell) rect() Rect {
	lo, hi := rowBounds(c.row)
	w, e := colBounds(rowCols(c.row), c.col)
	return Rect{w, lo, e, hi}
}

// rectGeometry returns a lon/lat rectangle as a Polygon, with vertices
// along its parallels so that no edge spans more than 90° of longitude,
// densified like any parsed polygon.
func rectGeometry(r Rect) Geometry {
	var ring []LonLat
	steps := int(math.Ceil((r.MaxLon - r.MinLon) / 90))
	for k := 0; k <= steps; k++ {
		ring = append(ring, LonLat{r.MinLon + (r.MaxLon-r.MinLon)*float64(k)/float64(steps), r.MinLat})
	}
	for k := 0; k <= steps; k++ {
		ring = append(ring, LonLat{r.MaxLon - (r.MaxLon-r.MinLon)*float64(k)/float64(steps), r.MaxLat})
	}
	g := Geometry{typ: TypePolygon, pts: ring, extra: &extra{ends: []int32{int32(len(ring))}}}
	p := &parser{lim: DefaultLimits()}
	return p.finish(g)
}

// cellsIn calls fn for every cell whose rectangle meets r.
func cellsIn(r Rect, fn func(c cell)) {
	lo, hi := cellOf(LonLat{r.MinLon, r.MinLat}), cellOf(LonLat{r.MaxLon, r.MaxLat})
	for i := max(lo.row-1, 0); i <= min(hi.row+1, coarseRows-1); i++ {
		n := rowCols(i)
		w := 360 / float64(n)
		j0 := max(int(math.Floor((r.MinLon+180)/w))-1, 0)
		j1 := min(int(math.Floor((r.MaxLon+180)/w))+1, n-1)
		for j := j0; j <= j1; j++ {
			c := cell{i, j}
			if c.rect().Intersects(r) {
				fn(c)
			}
		}
	}
}

// Coarse returns a generalised shape of the footprint (g grown by bufferM
// metres) for need-to-know disclosure: a MultiPolygon made of cells of a
// fixed grid about 11 km on a side (see CoarseCellDeg). It
//
//   - always contains the buffered shape (with a margin for the distance
//     error stated in the package doc);
//   - depends only on which grid cells g touches and on bufferM, so moving
//     a point anywhere within its cell gives the same answer: nothing
//     finer than the grid is revealed;
//   - is deterministic;
//   - is a valid MultiPolygon that Parse accepts (with limits large
//     enough for its size): the union of the cells, with a cell added
//     wherever two parts would touch at a single corner.
//
// It returns the zero Geometry for the zero Geometry.
func Coarse(g Geometry, bufferM float64) Geometry {
	if g.IsZero() {
		return Geometry{}
	}
	base := map[cell]bool{}
	if g.typ == TypePoint {
		base[cellOf(g.pts[0])] = true
	} else {
		cellsIn(g.bounds, func(c cell) {
			if meets(rectGeometry(c.rect()), g) {
				base[c] = true
			}
		})
	}
	out := map[cell]bool{}
	for c := range base {
		out[c] = true
	}
	if bufferM > 0 {
		// The margin covers the sphere's error against the ellipsoid and
		// the densification tolerance, so the cover holds the buffered
		// shape however it is measured.
		m := bufferM*1.006 + DensifyToleranceM + 1
		for c := range base {
			cg := Footprint{Geometry: rectGeometry(c.rect())}
			for _, r := range c.rect().Buffer(m) {
				cellsIn(r, func(n cell) {
					if out[n] {
						return
					}
					if cg.Within(Footprint{Geometry: rectGeometry(n.rect())}, m) {
						out[n] = true
					}
				})
			}
		}
	}
	if u, err := unionGeometry(out); err == nil {
		return u
	}
	// Not expected: the union failed validation. Fall back to rectangles
	// per row, which cover the same cells but share edges.
	cells := make([]cell, 0, len(out))
	for c := range out {
		cells = append(cells, c)
	}
	sort.Slice(cells, func(a, b int) bool {
		if cells[a].row != cells[b].row {
			return cells[a].row < cells[b].row
		}
		return cells[a].col < cells[b].col
	})
	res := Geometry{typ: TypeMultiPolygon, bounds: emptyRect(), extra: &extra{}}
	for k := 0; k < len(cells); {
		c := cells[k]
		e := k + 1
		for e < len(cells) && cells[e].row == c.row && cells[e].col == cells[e-1].col+1 {
			e++
		}
		r := c.rect()
		r.MaxLon = cells[e-1].rect().MaxLon
		rg := rectGeometry(r)
		off := int32(len(res.pts))
		for i, q := range rg.pts {
			res.pts = append(res.pts, q)
			if rg.isAdded(i) {
				res.markAdded(len(res.pts) - 1)
			}
		}
		res.ends = append(res.ends, off+int32(len(rg.pts)))
		res.polys = append(res.polys, int32(len(res.ends)))
		res.bounds.extend(LonLat{r.MinLon, r.MinLat})
		res.bounds.extend(LonLat{r.MaxLon, r.MaxLat})
		k = e
	}
	return res
}

func (g *Geometry) markAdded(i int) {
	for len(g.added) <= i>>6 {
		g.added = append(g.added, 0)
	}
	g.added[i>>6] |= 1 << (uint(i) & 63)
}
