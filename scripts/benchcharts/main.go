// Command benchcharts draws the scaling charts of docs/performance.md
// from what scripts/bench.sh measured: the output of `go test -bench`
// for BenchmarkCheck and BenchmarkCheckCold at several index sizes, and
// the JSON of conflict/postgis at several sizes; BenchmarkVerify and
// BenchmarkRebuild of cmd/truce at several log sizes; the lines
// cmd/truce-load prints for a running server at several store sizes. It writes SVG files
// (internal/svgchart) and nothing else.
//
//	go run ./scripts/benchcharts -check check.txt -peers 10000.json,1000000.json \
//	    -out docs/perf -note-check "…" -note-peers "…"
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/truce-center/truce/internal/svgchart"
)

func main() {
	check := flag.String("check", "", "go test -bench output of BenchmarkCheck and BenchmarkCheckCold at several -bench-volumes")
	peersFiles := flag.String("peers", "", "comma-separated JSON files written by conflict/postgis -json")
	out := flag.String("out", "docs/perf", "directory to write the SVG files to")
	noteCheck := flag.String("note-check", "", "machine, load and command of the check runs")
	notePeers := flag.String("note-peers", "", "machine, load and command of the peer runs")
	verify := flag.String("verify", "", "go test -bench output of BenchmarkVerify, BenchmarkRebuild and BenchmarkServeStart (cmd/truce) at several log sizes")
	noteVerify := flag.String("note-verify", "", "machine, load and command of the verify runs")
	serve := flag.String("serve", "", "the BenchmarkLoad lines cmd/truce-load printed for a running server at several store sizes")
	noteServe := flag.String("note-serve", "", "machine, load and command of the server runs")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	var charts = map[string]svgchart.Chart{}
	if *check != "" {
		runs, err := readBench(*check)
		if err != nil {
			log.Fatal(err)
		}
		hot, cold := runs["BenchmarkCheck"], runs["BenchmarkCheckCold"]
		charts["check-latency.svg"] = svgchart.Chart{
			Title: "Conflict check latency, median", XLabel: "active volumes in the index", YLabel: "µs", LogX: true, Note: *noteCheck,
			Series: []svgchart.Series{series("hot", hot, "median-µs"), series("cold (64 MiB swept)", cold, "median-µs")},
		}
		charts["check-p99.svg"] = svgchart.Chart{
			Title: "Conflict check latency, 99th percentile", XLabel: "active volumes in the index", YLabel: "µs", LogX: true, Note: *noteCheck,
			Series: []svgchart.Series{series("hot", hot, "p99-µs"), series("cold (64 MiB swept)", cold, "p99-µs")},
		}
		ratio := series("cold / hot", cold, "median-µs")
		h := series("", hot, "median-µs")
		for i := range ratio.Y {
			if j := slices.Index(h.X, ratio.X[i]); j >= 0 && h.Y[j] > 0 {
				ratio.Y[i] /= h.Y[j]
			}
		}
		charts["check-cold-ratio.svg"] = svgchart.Chart{
			Title: "Cold / hot median check latency", XLabel: "active volumes in the index", YLabel: "ratio", LogX: true, Note: *noteCheck,
			Series: []svgchart.Series{ratio},
		}
		charts["check-heap.svg"] = svgchart.Chart{
			Title: "Index heap per volume (geometry included)", XLabel: "active volumes in the index", YLabel: "bytes per volume", LogX: true, Note: *noteCheck,
			Series: []svgchart.Series{series("heap per volume", hot, "B/volume")},
		}
	}
	if *peersFiles != "" {
		var rs []peerResults
		for _, f := range strings.Split(*peersFiles, ",") {
			b, err := os.ReadFile(f)
			if err != nil {
				log.Fatal(err)
			}
			var r peerResults
			if err := json.Unmarshal(b, &r); err != nil {
				log.Fatalf("%s: %v", f, err)
			}
			rs = append(rs, r)
		}
		slices.SortFunc(rs, func(a, b peerResults) int { return a.Volumes - b.Volumes })
		var ss []svgchart.Series
		for e := 1; e < len(rs[0].Engines); e++ {
			name := short(rs[0].Engines[e].Name)
			hot, inter := svgchart.Series{Name: name + ", hot loops"}, svgchart.Series{Name: name + ", interleaved"}
			for _, r := range rs {
				base, peer := r.Engines[0], r.Engines[e]
				hot.X, hot.Y = append(hot.X, float64(r.Volumes)), append(hot.Y, peer.HotMedianUs/base.HotMedianUs)
				inter.X, inter.Y = append(inter.X, float64(r.Volumes)), append(inter.Y, peer.InterleavedMedianUs/base.InterleavedMedianUs)
			}
			ss = append(ss, hot, inter)
		}
		charts["peers-ratio.svg"] = svgchart.Chart{
			Title: "Peer median check latency / truce's", XLabel: "active volumes", YLabel: "times slower than truce", LogX: true, Note: *notePeers,
			Series: ss,
		}
	}
	if *verify != "" {
		runs, err := readBench(*verify)
		if err != nil {
			log.Fatal(err)
		}
		charts["verify-throughput.svg"] = svgchart.Chart{
			Title: "truce log verify and rebuild, entries per second", XLabel: "entries in the log", YLabel: "entries / s", LogX: true, Note: *noteVerify,
			Series: []svgchart.Series{
				seriesBy("verify, pass 1 (the tree)", runs["BenchmarkVerify/tree"], "entries", "entries/s"),
				seriesBy("verify, both passes (tree and replay)", runs["BenchmarkVerify/replay"], "entries", "entries/s"),
				seriesBy("rebuild from the store", runs["BenchmarkRebuild"], "entries", "entries/s"),
			},
		}
		if start := runs["BenchmarkServeStart"]; len(start) > 0 {
			charts["serve-start.svg"] = svgchart.Chart{
				Title: "truce serve: start-up time on a log of party registrations", XLabel: "entries (one object each)", YLabel: "seconds until it answers", LogX: true, Note: *noteVerify,
				Series: []svgchart.Series{seriesBy("start-up", start, "entries", "s/start")},
			}
			charts["serve-heap.svg"] = svgchart.Chart{
				Title: "truce serve: live heap per stored object after start", XLabel: "entries (one object each)", YLabel: "bytes per object", LogX: true, Note: *noteVerify,
				Series: []svgchart.Series{seriesBy("heap per object", start, "entries", "heap-B/object")},
			}
		}
	}
	if *serve != "" {
		runs, err := readBench(*serve)
		if err != nil {
			log.Fatal(err)
		}
		write, deconflict := positive(runs["BenchmarkLoad/write"]), positive(runs["BenchmarkLoad/deconflict"])
		charts["serve-rates.svg"] = svgchart.Chart{
			Title: "truce serve over HTTP: requests per second against the store's size", XLabel: "objects in the store (benchmark mix)", YLabel: "requests / s", LogX: true, Note: *noteServe,
			Series: []svgchart.Series{
				seriesBy("strikes submitted (durable writes), 16 clients", write, "objects", "req/s"),
				seriesBy("POST /v1/deconflict, 8 clients", deconflict, "objects", "req/s"),
			},
		}
		charts["serve-cpu.svg"] = svgchart.Chart{
			Title: "truce serve: server CPU per request", XLabel: "objects in the store (benchmark mix)", YLabel: "µs of CPU", LogX: true, Note: *noteServe,
			Series: []svgchart.Series{
				seriesBy("strike submitted", write, "objects", "cpu-µs/req"),
				seriesBy("POST /v1/deconflict", deconflict, "objects", "cpu-µs/req"),
			},
		}
		charts["serve-ready.svg"] = svgchart.Chart{
			Title: "truce serve: ready after start, benchmark mix", XLabel: "objects in the store (benchmark mix)", YLabel: "seconds", LogX: true, Note: *noteServe,
			Series: []svgchart.Series{seriesBy("ready", positive(runs["BenchmarkLoad/idle"]), "objects", "ready-s")},
		}
	}
	for name, c := range charts {
		b, err := c.SVG()
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*out, name), b, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", filepath.Join(*out, name))
	}
}

func short(name string) string {
	if i := strings.Index(name, " ("); i > 0 {
		return name[:i]
	}
	return name
}

type peerResults struct {
	Volumes int `json:"volumes"`
	Engines []struct {
		Name                string  `json:"name"`
		HotMedianUs         float64 `json:"hot_median_us"`
		InterleavedMedianUs float64 `json:"interleaved_median_us"`
	} `json:"engines"`
}

// benchRun is one result line of go test -bench: its metrics by unit.
type benchRun map[string]float64

// readBench reads go test -bench output, keeping for each benchmark
// (its name without the -GOMAXPROCS suffix) the runs in file order.
func readBench(path string) (map[string][]benchRun, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][]benchRun{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, run, ok := parseLine(sc.Text())
		if ok {
			out[name] = append(out[name], run)
		}
	}
	return out, sc.Err()
}

// parseLine reads "BenchmarkX-2  3000  91501 ns/op  840.0 B/volume ...".
func parseLine(line string) (string, benchRun, bool) {
	fs := strings.Fields(line)
	if len(fs) < 4 || !strings.HasPrefix(fs[0], "Benchmark") || len(fs)%2 != 0 {
		return "", nil, false
	}
	name := fs[0]
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		name = name[:i]
	}
	run := benchRun{}
	for i := 2; i+1 < len(fs); i += 2 {
		v, err := strconv.ParseFloat(fs[i], 64)
		if err != nil {
			return "", nil, false
		}
		run[fs[i+1]] = v
	}
	return name, run, true
}

// positive is the runs on a store of at least one object: a chart with a
// logarithmic axis has no place for the empty store.
func positive(runs []benchRun) []benchRun {
	return slices.DeleteFunc(slices.Clone(runs), func(r benchRun) bool { return r["objects"] <= 0 })
}

// series is one metric of runs against their "volumes" metric.
func series(name string, runs []benchRun, metric string) svgchart.Series {
	return seriesBy(name, runs, "volumes", metric)
}

// seriesBy is one metric of runs against their metric x.
func seriesBy(name string, runs []benchRun, x, metric string) svgchart.Series {
	s := svgchart.Series{Name: name}
	for _, r := range runs {
		v, ok1 := r[x]
		y, ok2 := r[metric]
		if ok1 && ok2 {
			s.X, s.Y = append(s.X, v), append(s.Y, y)
		}
	}
	return s
}
