package conflict_test

import (
	"flag"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/conflict/benchdata"
	"github.com/truce-center/truce/geo"
	"github.com/truce-center/truce/internal/geodesic"
)

var (
	benchVolumes = flag.Int("bench-volumes", 1_000_000, "volumes in the benchmark index")
	benchBucket  = flag.Duration("bench-bucket", 0, "time slice of the benchmark index (0: the default)")
	benchUpsert  = flag.Bool("bench-upsert", false, "build the benchmark index with Upsert one by one instead of Load")
)

type benchIndex struct {
	once  sync.Once
	ix    *conflict.Index
	build time.Duration
	bytes float64
}

var benchIndexes = map[string]*benchIndex{
	benchdata.MiddleEast.Name: {},
	benchdata.Levant.Name:     {},
}

// buildBenchIndex builds the index of a region once per process from
// benchdata seed 1 with Index.Load (or Upsert, with -bench-upsert),
// measuring the build time and the heap it holds per volume (geometry
// included).
func buildBenchIndex(b *testing.B, region benchdata.Region) *benchIndex {
	bi := benchIndexes[region.Name]
	bi.once.Do(func() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		g := benchdata.New(region, 1)
		objects := make([]conflict.Object, *benchVolumes)
		for i := range objects {
			objects[i] = g.Object()
		}
		start := time.Now()
		ix := conflict.New(conflict.Settings{TimeBucket: *benchBucket})
		if *benchUpsert {
			for i := range objects {
				if err := ix.Upsert(objects[i]); err != nil {
					b.Fatal(err)
				}
			}
		} else if err := ix.Load(objects); err != nil {
			b.Fatal(err)
		}
		bi.build = time.Since(start)
		clear(objects) // the index holds what it needs
		objects = nil
		runtime.GC()
		runtime.ReadMemStats(&after)
		bi.bytes = float64(after.HeapAlloc-before.HeapAlloc) / float64(ix.Volumes())
		bi.ix = ix
	})
	return bi
}

// BenchmarkCheck measures one conflict check of a notification against
// the index of 1,000,000 active volumes over the Middle East (see package
// benchdata for the mix). It reports the median and 99th percentile
// latency of single checks, the index's heap per volume and its build
// time.
func BenchmarkCheck(b *testing.B) { benchCheck(b, benchdata.MiddleEast) }

// BenchmarkCheckDense is BenchmarkCheck with the million volumes packed
// into the Levant, nine times denser.
func BenchmarkCheckDense(b *testing.B) { benchCheck(b, benchdata.Levant) }

// BenchmarkCheckCold is BenchmarkCheck with the CPU caches emptied
// before every check: between two checks (outside the timer) it reads
// and writes 64 MiB, more than the last-level cache, as a server's other
// work (HTTP, JSON, the store) does between two checks. Its median
// against BenchmarkCheck's says how much of a check's latency is the
// index's memory layout.
func BenchmarkCheckCold(b *testing.B) { benchCheckSweep(b, benchdata.MiddleEast, cold) }

// BenchmarkCheckColdData is BenchmarkCheckCold where, after the sweep
// and before the timed check, one check runs on a small index of 1,000
// volumes: the code and the runtime's own data are back in the caches,
// the big index's data is not. Cold minus cold-data is what the code
// costs to fetch; cold-data minus hot, what the index's data costs.
func BenchmarkCheckColdData(b *testing.B) { benchCheckSweep(b, benchdata.MiddleEast, coldData) }

func benchCheck(b *testing.B, region benchdata.Region) { benchCheckSweep(b, region, hot) }

type cacheState int

const (
	hot cacheState = iota
	cold
	coldData
)

// sweepBytes is what BenchmarkCheckCold walks between checks.
const sweepBytes = 64 << 20

// Sweep evicts the CPU caches by reading and writing every cache line
// of buf; it returns a value so the compiler keeps the reads.
func Sweep(buf []byte) byte {
	var x byte
	for i := 0; i < len(buf); i += 64 {
		x += buf[i]
		buf[i] = x
	}
	return x
}

var sweepSink byte

func benchCheckSweep(b *testing.B, region benchdata.Region, state cacheState) {
	bi := buildBenchIndex(b, region)
	ix := bi.ix
	g := benchdata.New(region, 2)
	cands := make([]conflict.Candidate, 10000)
	for i := range cands {
		cands[i] = g.Candidate()
	}
	var buf []byte
	var small *conflict.Index
	if state != hot {
		buf = make([]byte, sweepBytes)
	}
	if state == coldData {
		small = conflict.New(conflict.Settings{TimeBucket: *benchBucket})
		sg := benchdata.New(region, 1)
		objs := make([]conflict.Object, 1000)
		for i := range objs {
			objs[i] = sg.Object()
		}
		if err := small.Load(objs); err != nil {
			b.Fatal(err)
		}
	}
	lat := make([]time.Duration, 0, b.N)
	conflicts := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if state != hot {
			b.StopTimer()
			sweepSink += Sweep(buf)
			if small != nil {
				small.Check(cands[(i+1)%len(cands)])
			}
			b.StartTimer()
		}
		t := time.Now()
		n := len(ix.Check(cands[i%len(cands)]))
		lat = append(lat, time.Since(t))
		conflicts += n
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "median-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
	b.ReportMetric(float64(conflicts)/float64(b.N), "conflicts/check")
	b.ReportMetric(bi.bytes, "B/volume")
	b.ReportMetric(bi.build.Seconds(), "build-s")
	b.ReportMetric(float64(ix.Volumes()), "volumes")
}

// BenchmarkCheckByKind splits the check latency by the candidate's kind.
func BenchmarkCheckByKind(b *testing.B) {
	ix := buildBenchIndex(b, benchdata.MiddleEast).ix
	for _, kind := range []string{conflict.Strike, conflict.Flight, conflict.GroundMovement, conflict.HumanitarianMovement} {
		b.Run(kind, func(b *testing.B) {
			g := benchdata.New(benchdata.MiddleEast, 3)
			var cands []conflict.Candidate
			for len(cands) < 2000 {
				if c := g.Candidate(); c.Kind == kind {
					cands = append(cands, c)
				}
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t := time.Now()
				ix.Check(cands[i%len(cands)])
				lat = append(lat, time.Since(t))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "median-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds())/1e3, "p99-µs")
		})
	}
}

// BenchmarkDistance compares one distance on the sphere (what the engine
// measures, padded by geo.SphereLimit) with the same distance on the WGS 84
// ellipsoid by Vincenty's iteration (internal/geodesic, the tests'
// oracle): the price an ellipsoidal engine would pay for every vertex–edge
// test.
func BenchmarkDistance(b *testing.B) {
	p, q := geo.LonLat{Lon: 37.16, Lat: 36.2}, geo.LonLat{Lon: 37.3, Lat: 36.35}
	b.Run("sphere", func(b *testing.B) {
		s := 0.0
		for i := 0; i < b.N; i++ {
			s += geo.Distance(p, q)
		}
		sink = s
	})
	b.Run("ellipsoid-vincenty", func(b *testing.B) {
		s := 0.0
		for i := 0; i < b.N; i++ {
			d, _ := geodesic.Inverse(p.Lon, p.Lat, q.Lon, q.Lat)
			s += d
		}
		sink = s
	})
}

var sink float64
