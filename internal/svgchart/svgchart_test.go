package svgchart

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
)

// wellFormed decodes the document with encoding/xml and counts elements
// by name.
func wellFormed(t *testing.T, doc []byte) map[string]int {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	n := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, doc)
		}
		if se, ok := tok.(xml.StartElement); ok {
			n[se.Name.Local]++
		}
	}
}

func TestChartDrawsEveryPoint(t *testing.T) {
	c := Chart{
		Title: "check latency <median> & p99", XLabel: "volumes", YLabel: "µs", LogX: true,
		Note: "machine: 2 cores; load 0.5; command: make bench",
		Series: []Series{
			{Name: "hot", X: []float64{1e4, 1e5, 1e6}, Y: []float64{3, 8, 26}},
			{Name: "cold", X: []float64{1e4, 1e5, 1e6}, Y: []float64{40, 45, 80}},
		},
	}
	doc, err := c.SVG()
	if err != nil {
		t.Fatal(err)
	}
	n := wellFormed(t, doc)
	if n["circle"] != 6 || n["polyline"] != 2 {
		t.Errorf("%d markers and %d lines, want 6 and 2", n["circle"], n["polyline"])
	}
	for _, want := range []string{"&lt;median&gt; &amp; p99", ">10k<", ">1M<", "cold: 80 at 1M", "make bench"} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("the chart lacks %q", want)
		}
	}
}

func TestChartRefusesWhatItCannotDraw(t *testing.T) {
	for name, s := range map[string]Series{
		"empty":       {Name: "a"},
		"lengths":     {Name: "a", X: []float64{1, 2}, Y: []float64{1}},
		"nan":         {Name: "a", X: []float64{1}, Y: []float64{math.NaN()}},
		"log of zero": {Name: "a", X: []float64{0}, Y: []float64{1}},
		"infinite x":  {Name: "a", X: []float64{math.Inf(1)}, Y: []float64{1}},
		"infinite y":  {Name: "a", X: []float64{1}, Y: []float64{math.Inf(-1)}},
	} {
		if _, err := (Chart{Title: name, LogX: true, Series: []Series{s}}).SVG(); err == nil {
			t.Errorf("%s: drawn", name)
		}
	}
	if _, err := (Chart{Title: "none"}).SVG(); err == nil {
		t.Error("a chart without series was drawn")
	}
}

func TestNiceTicksCoverTheRange(t *testing.T) {
	for _, r := range [][2]float64{{0, 1}, {0, 26}, {0, 3678}, {0, 0.004}, {5, 5}, {0, 999}} {
		ts := niceTicks(r[0], r[1])
		if len(ts) < 2 || len(ts) > 12 || ts[0] > r[0] || ts[len(ts)-1] < r[1] {
			t.Errorf("ticks %v do not cover %v", ts, r)
		}
	}
}

func TestLabel(t *testing.T) {
	for v, want := range map[float64]string{1e4: "10k", 3e4: "30k", 1e6: "1M", 2.5e6: "2.5M", 840: "840", 26.04: "26.0", 2.5: "2.5"} {
		if got := label(v); got != want {
			t.Errorf("label(%v) = %q, want %q", v, got, want)
		}
	}
}
