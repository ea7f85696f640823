package geo

import (
	"math"
	"sort"
)

// The union of a set of grid cells as a valid MultiPolygon, so that a
// coarse shape is accepted by Parse like any other geometry.
//
// Cells are merged into runs along each row; the boundary of the union is
// made of the runs' east and west sides and of the parts of each row line
// covered on one side only. Where two parts of the union touch at a
// single corner (a "pinch", which Parse refuses), a cell is added to
// join them: the cover only grows, and only as a function of the cell
// set, so it still contains the shape and still reveals nothing finer
// than the grid.

type run struct{ lo, hi float64 } // lon interval of consecutive cells

// rowRuns returns the runs of each row present in cells.
func rowRuns(cells map[cell]bool) map[int][]run {
	byRow := map[int][]int{}
	for c := range cells {
		byRow[c.row] = append(byRow[c.row], c.col)
	}
	out := map[int][]run{}
	for i, cols := range byRow {
		sort.Ints(cols)
		n := rowCols(i)
		var rs []run
		for k := 0; k < len(cols); {
			e := k + 1
			for e < len(cols) && cols[e] == cols[e-1]+1 {
				e++
			}
			lo, _ := colBounds(n, cols[k])
			_, hi := colBounds(n, cols[e-1])
			rs = append(rs, run{lo, hi})
			k = e
		}
		out[i] = rs
	}
	return out
}

func covered(rs []run, x float64) bool {
	for _, r := range rs {
		if x > r.lo && x < r.hi {
			return true
		}
	}
	return false
}

// fillPinches adds cells until no two parts of the union touch at a
// single point. A pinch lies on the line between rows i and i+1 at x
// where one row covers only the west of x and the other only the east.
func fillPinches(cells map[cell]bool) {
	for changed := true; changed; {
		changed = false
		runs := rowRuns(cells)
		rows := make([]int, 0, len(runs))
		for i := range runs {
			rows = append(rows, i)
		}
		sort.Ints(rows)
		for _, i := range rows {
			below, above := runs[i], runs[i+1]
			if len(above) == 0 {
				continue
			}
			for _, x := range endpoints(below, above) {
				const e = 1e-9
				bw, be := covered(below, x-e), covered(below, x+e)
				aw, ae := covered(above, x-e), covered(above, x+e)
				if (bw && !be && ae && !aw) || (be && !bw && aw && !ae) {
					// Join them by adding the cell of row i+1 on the side
					// it does not cover.
					side := x - e
					if aw {
						side = x + e
					}
					cells[cellOf(LonLat{side, rowLat(i + 1)})] = true
					changed = true
				}
			}
		}
	}
}

// rowLat returns a latitude inside row i.
func rowLat(i int) float64 {
	lo, hi := rowBounds(i)
	return (lo + hi) / 2
}

func endpoints(a, b []run) []float64 {
	var xs []float64
	for _, r := range a {
		xs = append(xs, r.lo, r.hi)
	}
	for _, r := range b {
		xs = append(xs, r.lo, r.hi)
	}
	sort.Float64s(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

type edge struct{ a, b LonLat }

// unionGeometry returns the union of the cells as a MultiPolygon, every
// ring counterclockwise for shells and clockwise for holes.
func unionGeometry(cells map[cell]bool) (Geometry, error) {
	fillPinches(cells)
	runs := rowRuns(cells)
	lines := map[int]bool{} // row lines to examine: the lower line of each row and of the row above
	for i := range runs {
		lines[i] = true
		lines[i+1] = true
	}
	var edges []edge
	for i := range runs {
		lo, hi := rowBounds(i)
		for _, r := range runs[i] {
			edges = append(edges, edge{LonLat{r.hi, lo}, LonLat{r.hi, hi}}) // east side, north
			edges = append(edges, edge{LonLat{r.lo, hi}, LonLat{r.lo, lo}}) // west side, south
		}
	}
	for i := range lines {
		below, above := runs[i-1], runs[i]
		y, _ := rowBounds(i)
		if i == coarseRows {
			_, y = rowBounds(i - 1)
		}
		xs := endpoints(below, above)
		for k := 0; k+1 < len(xs); k++ {
			m := (xs[k] + xs[k+1]) / 2
			b, a := covered(below, m), covered(above, m)
			switch {
			case b && !a:
				edges = append(edges, edge{LonLat{xs[k+1], y}, LonLat{xs[k], y}}) // top of below, west
			case a && !b:
				edges = append(edges, edge{LonLat{xs[k], y}, LonLat{xs[k+1], y}}) // bottom of above, east
			}
		}
	}
	// Each vertex has one outgoing edge once pinches are filled.
	next := make(map[LonLat]int, len(edges))
	sort.Slice(edges, func(x, y int) bool { return lessLL(edges[x].a, edges[y].a) })
	for k, e := range edges {
		next[e.a] = k
	}
	used := make([]bool, len(edges))
	var shells, holes [][]LonLat
	for k := range edges {
		if used[k] {
			continue
		}
		var ring []LonLat
		for j := k; !used[j]; j = next[edges[j].b] {
			used[j] = true
			ring = append(ring, edges[j].a)
		}
		ring = simplify(ring)
		if ringArea(ring) > 0 {
			shells = append(shells, ring)
		} else {
			holes = append(holes, ring)
		}
	}
	polys := make([][][]LonLat, len(shells))
	for i, s := range shells {
		polys[i] = [][]LonLat{closeRing(s)}
	}
	for _, h := range holes {
		best, bestArea := -1, math.Inf(1)
		for i, s := range shells {
			if inRing(h[0], s) {
				if a := ringArea(s); a < bestArea {
					best, bestArea = i, a
				}
			}
		}
		if best >= 0 {
			polys[best] = append(polys[best], closeRing(h))
		}
	}
	return NewMultiPolygon(Unlimited, polys...)
}

func lessLL(a, b LonLat) bool {
	if a.Lat != b.Lat {
		return a.Lat < b.Lat
	}
	return a.Lon < b.Lon
}

func closeRing(r []LonLat) []LonLat { return append(r[:len(r):len(r)], r[0]) }

// simplify drops vertices in the middle of straight runs, keeping at most
// 90° of longitude per edge (Parse refuses edges over 180°), and starts
// the ring at its least vertex so the output is deterministic.
func simplify(ring []LonLat) []LonLat {
	n := len(ring)
	keep := make([]LonLat, 0, n)
	for i := 0; i < n; i++ {
		p, c, q := ring[(i+n-1)%n], ring[i], ring[(i+1)%n]
		straight := (p.Lat == c.Lat && c.Lat == q.Lat) || (p.Lon == c.Lon && c.Lon == q.Lon)
		if !straight {
			keep = append(keep, c)
		}
	}
	// Put back vertices along long horizontal edges.
	var out []LonLat
	m := len(keep)
	for i := 0; i < m; i++ {
		a, b := keep[i], keep[(i+1)%m]
		out = append(out, a)
		if a.Lat == b.Lat {
			steps := int(math.Ceil(math.Abs(b.Lon-a.Lon) / 90))
			for s := 1; s < steps; s++ {
				out = append(out, LonLat{a.Lon + (b.Lon-a.Lon)*float64(s)/float64(steps), a.Lat})
			}
		}
	}
	start := 0
	for i := range out {
		if lessLL(out[i], out[start]) {
			start = i
		}
	}
	return append(out[start:], out[:start]...)
}
