package geo

import (
	"cmp"
	"math"
	"slices"
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
	g := Geometry{pts: ring, extra: &extra{ends: []int32{int32(len(ring))}}}
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
	if g.typ() == TypePoint {
		base[cellOf(g.pts[0])] = true
	} else {
		// Cells along every edge, then, for an area, the cells inside
		// it: a cell that no edge touches is wholly in or out, and its
		// centre says which.
		g.edges(func(i, j int) bool {
			a, b := g.pts[i], g.pts[j]
			er := Rect{min(a.Lon, b.Lon), min(a.Lat, b.Lat), max(a.Lon, b.Lon), max(a.Lat, b.Lat)}
			cellsIn(er, func(c cell) {
				if !base[c] && segmentMeetsRect(a, b, c.rect()) {
					base[c] = true
				}
			})
			return true
		})
		if g.areal() {
			cellsIn(g.rect(), func(c cell) {
				r := c.rect()
				if !base[c] && g.contains(LonLat{(r.MinLon + r.MaxLon) / 2, (r.MinLat + r.MaxLat) / 2}) {
					base[c] = true
				}
			})
		}
	}
	out := map[cell]bool{}
	for c := range base {
		out[c] = true
	}
	if big := bigCover(base, bufferM); !big.IsZero() {
		return big
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
	// Not expected: the union failed validation. Fall back to the
	// rectangle bounding every cell: coarser, still a valid cover made
	// of grid lines, still a function of the cells.
	r := emptyRect()
	for c := range out {
		cr := c.rect()
		r.extend(LonLat{cr.MinLon, cr.MinLat})
		r.extend(LonLat{cr.MaxLon, cr.MaxLat})
	}
	rg := rectGeometry(r)
	box, _ := NewMultiPolygon(Unlimited, [][]LonLat{rg.original(0, len(rg.pts), true)})
	return box
}

// segmentMeetsRect reports exactly whether the closed segment ab meets
// the closed rectangle r.
func segmentMeetsRect(a, b LonLat, r Rect) bool {
	if r.Contains(a) || r.Contains(b) {
		return true
	}
	c := [4]LonLat{{r.MinLon, r.MinLat}, {r.MaxLon, r.MinLat}, {r.MaxLon, r.MaxLat}, {r.MinLon, r.MaxLat}}
	for k := 0; k < 4; k++ {
		if segmentsMeet(a, b, c[k], c[(k+1)%4]) {
			return true
		}
	}
	return false
}

// maxCoarseCells bounds the cells Coarse enumerates; a larger cover is
// built from whole rectangles instead (see bigCover).
const maxCoarseCells = 20_000

// bigCover returns, when the buffered shape would span more than
// maxCoarseCells cells, a cover made of the bounds of the base cells
// grown by the buffer and rounded outwards to 0.1° of latitude and 1° of
// longitude: coarser than the cells, still a function of the base cells
// only, and cheap. Otherwise it returns the zero Geometry.
func bigCover(base map[cell]bool, bufferM float64) Geometry {
	b := emptyRect()
	for c := range base {
		r := c.rect()
		b.extend(LonLat{r.MinLon, r.MinLat})
		b.extend(LonLat{r.MaxLon, r.MaxLat})
	}
	m := max(bufferM, 0)*1.006 + DensifyToleranceM + 1
	rs := b.Buffer(m)
	n := 0.0
	for _, r := range rs {
		n += (r.MaxLat - r.MinLat) * 10 * ((r.MaxLon-r.MinLon)*10 + 1)
	}
	if n <= maxCoarseCells {
		return Geometry{}
	}
	var polys [][][]LonLat
	for _, r := range rs {
		r = Rect{
			MinLon: math.Max(-180, math.Floor(r.MinLon)), MaxLon: math.Min(180, math.Ceil(r.MaxLon)),
			MinLat: math.Max(-90, math.Floor(r.MinLat*10)/10), MaxLat: math.Min(90, math.Ceil(r.MaxLat*10)/10),
		}
		g := rectGeometry(r)
		polys = append(polys, [][]LonLat{g.original(0, len(g.pts), true)})
	}
	g, err := NewMultiPolygon(Unlimited, polys...)
	if err != nil {
		// Two rectangles that meet at the antimeridian would touch:
		// one spanning every longitude covers them both.
		r := Rect{-180, 90, 180, -90}
		for _, p := range polys {
			for _, q := range p[0] {
				r.MinLat, r.MaxLat = min(r.MinLat, q.Lat), max(r.MaxLat, q.Lat)
			}
		}
		rg := rectGeometry(r)
		g, _ = NewMultiPolygon(Unlimited, [][]LonLat{rg.original(0, len(rg.pts), true)})
	}
	return g
}

// coarseCellM is the height of a coarse cell in metres.
const coarseCellM = CoarseCellDeg * deg * EarthRadiusM

// CoarseBox returns a lon/lat box for need-to-know disclosure that is
// cheaper and coarser than Coarse, for objects made in large numbers and
// checked often (a notification's volumes). It
//
//   - contains the footprint (g grown by bufferM metres), with the margin
//     Coarse uses for the sphere's error and densification;
//   - depends only on the coarse cells (see CoarseCellDeg) that g's
//     bounding box touches and on how many cell heights the buffer needs:
//     the bounds of those cells, grown by that many cell heights,
//     rounded outwards to whole tenths of a degree. Moving a point
//     anywhere within its cell, or changing its buffer within the same
//     number of cells, gives the same box.
//
// A box that would cross the antimeridian is returned as two. It returns
// nil for the zero Geometry.
func CoarseBox(g Geometry, bufferM float64) []Rect {
	if g.IsZero() {
		return nil
	}
	b := g.rect()
	lo, hi := cellOf(LonLat{b.MinLon, b.MinLat}), cellOf(LonLat{b.MaxLon, b.MaxLat})
	cells := emptyRect()
	for i := lo.row; i <= hi.row; i++ {
		n := rowCols(i)
		w, _ := colBounds(n, cellOf(LonLat{b.MinLon, rowLat(i)}).col)
		_, e := colBounds(n, cellOf(LonLat{b.MaxLon, rowLat(i)}).col)
		s, nn := rowBounds(i)
		cells.extend(LonLat{w, s})
		cells.extend(LonLat{e, nn})
	}
	// The buffer is disclosed only in whole cells: grown by k cell
	// heights, k the least whole number that covers it, any two buffers
	// of the same k give the same box.
	k := math.Ceil((max(bufferM, 0)*1.006 + DensifyToleranceM + 1) / coarseCellM)
	out := cells.Buffer(k * coarseCellM)
	for i, r := range out {
		out[i] = Rect{
			MinLon: math.Max(-180, math.Floor(r.MinLon*10)/10), MaxLon: math.Min(180, math.Ceil(r.MaxLon*10)/10),
			MinLat: math.Max(-90, math.Floor(r.MinLat*10)/10), MaxLat: math.Min(90, math.Ceil(r.MaxLat*10)/10),
		}
	}
	return out
}

// BoxGeometry returns lon/lat boxes (as CoarseBox makes them: disjoint,
// within ±180°) as one Polygon or a MultiPolygon of two.
func BoxGeometry(rs []Rect) Geometry {
	if len(rs) == 1 {
		return rectGeometry(rs[0])
	}
	var polys [][][]LonLat
	for _, r := range rs {
		g := rectGeometry(r)
		polys = append(polys, [][]LonLat{g.original(0, len(g.pts), true)})
	}
	g, err := NewMultiPolygon(Unlimited, polys...)
	if err != nil {
		// Two boxes that meet at the antimeridian: one spanning every
		// longitude covers both.
		all := Rect{-180, 90, 180, -90}
		for _, r := range rs {
			all.MinLat, all.MaxLat = min(all.MinLat, r.MinLat), max(all.MaxLat, r.MaxLat)
		}
		return rectGeometry(all)
	}
	return g
}

// CoarseCell returns the coarse cell that holds p: what a coarse object
// at p discloses (tests use it to say what may be learnt).
func CoarseCell(p LonLat) Rect { return cellOf(p).rect() }

// coarseQuantumM is the step in which CoarseFootprint discloses a
// buffer: a quarter of a cell's height.
const coarseQuantumM = coarseCellM / 4

// CoarseFootprint returns what a notification's volume discloses of its
// footprint (g grown by bufferM) to a party that may not see it: for a
// Point, the centre of its coarse cell; for a LineString, the line
// through the centres of the cells it passes, in order; each buffered by
// the largest half-diagonal of those cells plus the buffer rounded up to
// a quarter cell (with the margin Coarse uses). Every point of g lies in
// one of those cells, within a half-diagonal of its centre, so the
// result contains the buffered footprint; and it depends only on the
// cells g passes and on the buffer's quarter-cells, so moving g within
// its cells says nothing. A Polygon gets the box of CoarseBox.
func CoarseFootprint(g Geometry, bufferM float64) Footprint {
	if g.IsZero() {
		return Footprint{}
	}
	q := math.Ceil((max(bufferM, 0)*1.006+DensifyToleranceM+1)/coarseQuantumM) * coarseQuantumM
	var cells []cell
	switch g.typ() {
	case TypePoint:
		cells = []cell{cellOf(g.pts[0])}
	case TypeLineString:
		g.edges(func(i, j int) bool {
			cells = appendSegmentCells(cells, g.pts[i], g.pts[j])
			return true
		})
	default:
		return Footprint{Geometry: BoxGeometry(CoarseBox(g, bufferM))}
	}
	var pts []LonLat
	half := 0.0
	for _, c := range cells {
		r := c.rect()
		m := LonLat{(r.MinLon + r.MaxLon) / 2, (r.MinLat + r.MaxLat) / 2}
		half = max(half, Distance(m, LonLat{r.MinLon, r.MinLat}), Distance(m, LonLat{r.MinLon, r.MaxLat}))
		if len(pts) == 0 || pts[len(pts)-1] != m {
			pts = append(pts, m)
		}
	}
	buf := half*1.006 + DensifyToleranceM + 1 + q
	var out Geometry
	var err error
	if len(pts) == 1 {
		out, err = NewPoint(pts[0])
	} else {
		out, err = build(TypeLineString, [][][]LonLat{{pts}}, Unlimited)
	}
	if err != nil {
		// Not expected (cell centres are valid positions): fall back
		// to the box, coarser and still a function of the cells.
		return Footprint{Geometry: BoxGeometry(CoarseBox(g, bufferM))}
	}
	return Footprint{Geometry: out, BufferM: buf}
}

// appendSegmentCells appends the cells the segment ab meets, ordered
// along the direction from a's cell to b's cell (ties by row and column),
// so that the order depends on the cells only.
func appendSegmentCells(out []cell, a, b LonLat) []cell {
	ca, cb := cellOf(a), cellOf(b)
	ra, rb := ca.rect(), cb.rect()
	from := LonLat{(ra.MinLon + ra.MaxLon) / 2, (ra.MinLat + ra.MaxLat) / 2}
	dir := LonLat{(rb.MinLon+rb.MaxLon)/2 - from.Lon, (rb.MinLat+rb.MaxLat)/2 - from.Lat}
	type keyed struct {
		c cell
		t float64
	}
	var cs []keyed
	er := Rect{min(a.Lon, b.Lon), min(a.Lat, b.Lat), max(a.Lon, b.Lon), max(a.Lat, b.Lat)}
	cellsIn(er, func(c cell) {
		if segmentMeetsRect(a, b, c.rect()) {
			r := c.rect()
			t := ((r.MinLon+r.MaxLon)/2-from.Lon)*dir.Lon + ((r.MinLat+r.MaxLat)/2-from.Lat)*dir.Lat
			cs = append(cs, keyed{c, t})
		}
	})
	slices.SortFunc(cs, func(x, y keyed) int {
		return cmp.Or(cmp.Compare(x.t, y.t), cmp.Compare(x.c.row, y.c.row), cmp.Compare(x.c.col, y.c.col))
	})
	for _, k := range cs {
		if len(out) == 0 || out[len(out)-1] != k.c {
			out = append(out, k.c)
		}
	}
	return out
}
