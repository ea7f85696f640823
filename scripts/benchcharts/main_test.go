package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseLine(t *testing.T) {
	name, run, ok := parseLine("BenchmarkCheckCold-2   \t    3000\t     73160 ns/op\t       716.1 B/volume\t        59.49 median-µs\t   1000000 volumes")
	if !ok || name != "BenchmarkCheckCold" || run["median-µs"] != 59.49 || run["volumes"] != 1e6 || run["ns/op"] != 73160 {
		t.Fatalf("got %q %v %v", name, run, ok)
	}
	for _, bad := range []string{"", "PASS", "ok  \tgithub.com/x\t1.2s", "BenchmarkX-2 10 abc ns/op", "BenchmarkX-2 10 5"} {
		if _, _, ok := parseLine(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestSeriesByVolumes: a metric is drawn against the runs' volumes, and
// runs without it are left out.
func TestSeriesByVolumes(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "check.txt")
	out := "goos: linux\nBenchmarkCheck-2 3000 1 ns/op 2.5 median-µs 10000 volumes\nBenchmarkCheck-2 3000 1 ns/op 17.8 median-µs 1000000 volumes\nBenchmarkCheck-2 3000 1 ns/op 1000 volumes\n"
	if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	runs, err := readBench(f)
	if err != nil {
		t.Fatal(err)
	}
	s := series("hot", runs["BenchmarkCheck"], "median-µs")
	if len(s.X) != 2 || s.X[1] != 1e6 || s.Y[1] != 17.8 {
		t.Fatalf("series %+v", s)
	}
}

func FuzzParseLine(f *testing.F) {
	f.Add("BenchmarkCheck-2 3000 91501 ns/op 840.0 B/volume 30.30 median-µs 1000000 volumes")
	f.Fuzz(func(t *testing.T, line string) {
		name, run, ok := parseLine(line)
		if ok && (name == "" || run == nil) {
			t.Fatalf("%q: ok without a name or metrics", line)
		}
	})
}

// TestSeriesByEntries: the verify benchmarks' sub-benchmark names keep
// their pass, and are drawn against their "entries" metric.
func TestSeriesByEntries(t *testing.T) {
	name, run, ok := parseLine("BenchmarkVerify/tree-2   \t       1\t 101984804 ns/op\t    100000 entries\t    980583 entries/s")
	if !ok || name != "BenchmarkVerify/tree" {
		t.Fatalf("got %q %v", name, ok)
	}
	s := seriesBy("tree", []benchRun{run}, "entries", "entries/s")
	if len(s.X) != 1 || s.X[0] != 1e5 || s.Y[0] != 980583 {
		t.Fatalf("series %+v", s)
	}
}

// TestServeLines: truce-load's BenchmarkLoad lines are read with their
// mode, drawn against "objects", and the empty store is left off the
// logarithmic axis.
func TestServeLines(t *testing.T) {
	var runs []benchRun
	for _, l := range []string{
		"BenchmarkLoad/write 1 0 objects 0.210 ready-s 3178 req/s 364 cpu-µs/req 4100 p50-µs 21000 p99-µs",
		"BenchmarkLoad/write 1 1000000 objects 31.500 ready-s 1674 req/s 661 cpu-µs/req 8000 p50-µs 90000 p99-µs",
	} {
		name, run, ok := parseLine(l)
		if !ok || name != "BenchmarkLoad/write" {
			t.Fatalf("%q: got %q %v", l, name, ok)
		}
		runs = append(runs, run)
	}
	s := seriesBy("write", positive(runs), "objects", "cpu-µs/req")
	if len(s.X) != 1 || s.X[0] != 1e6 || s.Y[0] != 661 {
		t.Fatalf("series %+v", s)
	}
	if len(runs) != 2 {
		t.Fatal("positive changed its argument")
	}
}
