package conflict_test

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/conflict/benchdata"
	"github.com/truce-center/truce/geo"
)

// The cost of need-to-know (issue 14): the same million volumes as
// BenchmarkCheck, where every notification carries its disclosed volume
// (conflict.Disclose) and a third of the sites and a quarter of the
// zones are coarse or hidden (judged as the center judges them: a site
// on the circle around its cell's centre, a zone on its cells), checked by parties that see precisely only their own objects.

var disclosedIndex struct {
	once  sync.Once
	ix    *conflict.Index
	bytes float64
	build time.Duration
}

// discloseLikeTheCenter gives o the disclosed volumes the center gives
// it; i numbers the object, to pick which sites and zones are coarse or
// hidden.
func discloseLikeTheCenter(o *conflict.Object, i int) {
	switch {
	case o.Type == conflict.Notification:
		for _, v := range o.Volumes {
			o.Disclosed = append(o.Disclosed, conflict.Disclose(v))
		}
	case o.Type == conflict.Site && i%3 == 0:
		v := o.Volumes[0]
		o.Disclosed = []conflict.Volume{{Footprint: geo.CoarseFootprint(v.Footprint.Geometry, v.Footprint.BufferM),
			Altitude: conflict.AllAltitudes, Window: v.Window}}
	case o.Type == conflict.Zone && i%4 == 0:
		v := o.Volumes[0]
		o.Disclosed = []conflict.Volume{{Footprint: geo.Footprint{Geometry: geo.Coarse(v.Footprint.Geometry, v.Footprint.BufferM)},
			Altitude: conflict.AllAltitudes, Window: v.Window}}
	}
}

func buildDisclosedIndex(b *testing.B) *conflict.Index {
	disclosedIndex.once.Do(func() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		g := benchdata.New(benchdata.MiddleEast, 1)
		objects := make([]conflict.Object, *benchVolumes)
		for i := range objects {
			objects[i] = g.Object()
			discloseLikeTheCenter(&objects[i], i)
		}
		start := time.Now()
		ix := conflict.New(conflict.Settings{TimeBucket: *benchBucket})
		if err := ix.Load(objects); err != nil {
			b.Fatal(err)
		}
		disclosedIndex.build = time.Since(start)
		clear(objects)
		objects = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		disclosedIndex.bytes = float64(after.HeapAlloc-before.HeapAlloc) / float64(ix.Volumes())
		disclosedIndex.ix = ix
	})
	return disclosedIndex.ix
}

// BenchmarkCheckDisclosed is BenchmarkCheck on the index above, each
// candidate asked by its own party. Besides the latency it reports the
// conflicts per check (exact: those the precise volumes have too, which
// equal BenchmarkCheck's; the rest are the price of not disclosing).
func BenchmarkCheckDisclosed(b *testing.B) {
	for _, dry := range []bool{false, true} {
		name := "submit"
		if dry {
			// A dry run (POST /v1/deconflict) does not test the
			// precise volumes behind a disclosed finding.
			name = "dry-run"
		}
		b.Run(name, func(b *testing.B) { checkDisclosed(b, dry) })
	}
}

func checkDisclosed(b *testing.B, dry bool) {
	ix := buildDisclosedIndex(b)
	g := benchdata.New(benchdata.MiddleEast, 2)
	cands := make([]conflict.Candidate, 10000)
	for i := range cands {
		c := g.Candidate()
		party := c.Party
		c.Precise = func(o *conflict.Object) bool { return o.Party == party }
		c.NoExact = dry
		cands[i] = c
	}
	lat := make([]time.Duration, 0, b.N)
	all, exact := 0, 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := time.Now()
		found := ix.Check(cands[i%len(cands)])
		lat = append(lat, time.Since(t))
		all += len(found)
		for _, f := range found {
			if !f.Disclosed || f.Exact {
				exact++
			}
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "median-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
	b.ReportMetric(float64(all)/float64(b.N), "conflicts/check")
	b.ReportMetric(float64(exact)/float64(b.N), "exact/check")
	b.ReportMetric(disclosedIndex.bytes, "B/volume")
	b.ReportMetric(disclosedIndex.build.Seconds(), "build-s")
}
