// Package svgchart draws the line charts of docs/performance.md as
// self-contained SVG: no script, no font or style from elsewhere, so a
// chart reads the same in a browser, on a code host and offline. It
// draws what the benchmarks measured and nothing else: no smoothing, a
// marker on every measured point.
package svgchart

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Series is one line: its points in the order measured.
type Series struct {
	Name string
	X, Y []float64
}

// Chart is a line chart of one or more series against a shared x axis.
type Chart struct {
	Title  string
	XLabel string
	YLabel string
	// LogX draws the x axis on a logarithmic scale (decades), as for
	// sizes from 10,000 to 1,000,000.
	LogX bool
	// YMin is the bottom of the y axis (0 unless set); the top is the
	// largest value, rounded up to a tick.
	YMin float64
	// Note is printed under the plot: the machine, the load, the command.
	Note   string
	Series []Series
}

// Size of the drawing and of its margins, in SVG units.
const (
	width, height            = 720, 420
	left, right, top, bottom = 78, 190, 44, 92
)

// palette is readable on white and distinct in grey scale too.
var palette = []string{"#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#555555"}

// SVG returns the chart as an SVG document. It returns an error when a
// series has no point, X and Y of different lengths, a value that is
// not finite, or (with LogX) an x that is not positive.
func (c Chart) SVG() ([]byte, error) {
	if len(c.Series) == 0 {
		return nil, fmt.Errorf("chart %q: no series", c.Title)
	}
	xmin, xmax := math.Inf(1), math.Inf(-1)
	ymax := math.Inf(-1)
	for _, s := range c.Series {
		if len(s.X) == 0 || len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("chart %q: series %q has %d x and %d y values", c.Title, s.Name, len(s.X), len(s.Y))
		}
		for i := range s.X {
			x, y := s.X[i], s.Y[i]
			if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) || (c.LogX && x <= 0) {
				return nil, fmt.Errorf("chart %q: series %q: point (%v, %v) cannot be drawn", c.Title, s.Name, x, y)
			}
			xmin, xmax = min(xmin, x), max(xmax, x)
			ymax = max(ymax, y)
		}
	}
	fx := func(x float64) float64 { return x }
	if c.LogX {
		fx = math.Log10
	}
	x0, x1 := fx(xmin), fx(xmax)
	if x0 == x1 {
		x0, x1 = x0-1, x1+1
	}
	yticks := niceTicks(c.YMin, ymax)
	y0, y1 := yticks[0], yticks[len(yticks)-1]
	pw, ph := float64(width-left-right), float64(height-top-bottom)
	px := func(x float64) float64 { return float64(left) + (fx(x)-x0)/(x1-x0)*pw }
	py := func(y float64) float64 { return float64(top) + (1-(y-y0)/(y1-y0))*ph }

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(c.Title))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="24" font-size="15" font-weight="bold">%s</text>`+"\n", left, esc(c.Title))
	// Grid and y ticks.
	for _, t := range yticks {
		y := py(t)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd"/>`+"\n", left, y, width-right, y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`+"\n", left-6, y, label(t))
	}
	// X ticks: every measured x (they are few), so each point has its value.
	xs := map[float64]bool{}
	for _, s := range c.Series {
		for _, x := range s.X {
			if xs[x] {
				continue
			}
			xs[x] = true
			fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#dddddd"/>`+"\n", px(x), top, px(x), height-bottom)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", px(x), height-bottom+16, label(x))
		}
	}
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.0f" height="%.0f" fill="none" stroke="#333333"/>`+"\n", left, top, pw, ph)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", float64(left)+pw/2, height-bottom+34, esc(c.XLabel))
	fmt.Fprintf(&b, `<text transform="translate(18 %.1f) rotate(-90)" text-anchor="middle">%s</text>`+"\n", float64(top)+ph/2, esc(c.YLabel))
	// Series and legend.
	for i, s := range c.Series {
		col := palette[i%len(palette)]
		var pts []string
		for j := range s.X {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(s.X[j]), py(s.Y[j])))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), col)
		for j := range s.X {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s: %s at %s</title></circle>`+"\n",
				px(s.X[j]), py(s.Y[j]), col, esc(s.Name), label(s.Y[j]), label(s.X[j]))
		}
		ly := top + 10 + 20*i
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>`+"\n", width-right+12, ly, width-right+32, ly, col)
		fmt.Fprintf(&b, `<text x="%d" y="%d" dominant-baseline="middle">%s</text>`+"\n", width-right+38, ly, esc(s.Name))
	}
	// The note, wrapped on words.
	for i, line := range wrap(c.Note, 110) {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" fill="#444444">%s</text>`+"\n", 8, height-bottom+54+13*i, esc(line))
	}
	b.WriteString("</svg>\n")
	return b.Bytes(), nil
}

// niceTicks returns 4 to 8 evenly spaced round values from lo (or
// below it) to hi (or above it).
func niceTicks(lo, hi float64) []float64 {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ts []float64
	for t := math.Floor(lo/step) * step; ; t += step {
		ts = append(ts, t)
		if t >= hi-step*1e-9 {
			break
		}
	}
	return ts
}

// label prints a number briefly: 10k, 1M, 2.5, 120.
func label(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e6 && math.Mod(v, 1e5) == 0:
		return strconv.FormatFloat(v/1e6, 'f', -1, 64) + "M"
	case a >= 1e4 && math.Mod(v, 1e3) == 0:
		return strconv.FormatFloat(v/1e3, 'f', -1, 64) + "k"
	case a >= 100 || v == math.Trunc(v):
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func wrap(s string, n int) []string {
	var lines []string
	var cur string
	for _, w := range strings.Fields(s) {
		if cur != "" && len(cur)+1+len(w) > n {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func esc(s string) string { return html.EscapeString(s) }
