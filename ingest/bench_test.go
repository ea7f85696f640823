package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// BenchmarkExtract measures extraction of the labelled articles with the
// full gazetteer, reporting articles per second.
func BenchmarkExtract(b *testing.B) {
	g := fullGazetteer(b)
	x := NewExtractor(g, DefaultActors())
	set := loadLabelled(b)
	bytesTotal := 0
	for _, l := range set {
		bytesTotal += len(l.article.Text)
	}
	b.SetBytes(int64(bytesTotal / len(set)))
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		x.Extract(set[i%len(set)].article)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
}

// BenchmarkGroup measures grouping and briefing the whole labelled set.
func BenchmarkGroup(b *testing.B) {
	x := NewExtractor(fullGazetteer(b), DefaultActors())
	set := loadLabelled(b)
	exs := make([]*Extraction, len(set))
	for i, l := range set {
		exs[i] = x.Extract(l.article)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range GroupExtractions(exs) {
			_ = s.Brief().Markdown()
		}
	}
}

// BenchmarkGazetteerLoad measures loading the generated gazetteer (gzip
// TSV, 206,000 places) with the committed list, and the heap it keeps.
func BenchmarkGazetteerLoad(b *testing.B) {
	path := filepath.Join("gazetteer", "generated", "places.tsv.gz")
	data, err := os.ReadFile(path)
	if err != nil {
		fullGazetteer(b) // skips or fails with the message
		b.Fatal(err)
	}
	var g *Gazetteer
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g, err = NewGazetteer(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB-retained")
	b.ReportMetric(float64(g.Len()), "places")
	runtime.KeepAlive(g)
}
