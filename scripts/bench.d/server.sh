#!/usr/bin/env bash
# A running server at 10,000 → 1,000,000 objects (issue 17, items 3, 4
# and 8): `truce serve` as its own process on a store of the benchmark
# mix (internal/benchstore, built once per size under $TMPDIR: about a
# minute per 100,000 objects), driven over loopback by cmd/truce-load:
#   - idle: the server's CPU with nothing to do (target < 2 % of a core),
#     and the time it took to be ready;
#   - write: strikes submitted by 16 clients, each a durable write
#     (target at 1M: within 20 % of the empty store's rate);
#   - deconflict: POST /v1/deconflict from 8 clients (target ≥ 10,000/s,
#     ≤ 100 µs of server CPU per request, p99 ≤ 5 ms), sharing the cores
#     with its load, then with the server on a CPU of its own (-pin).
# The BenchmarkLoad lines truce-load prints are drawn as
# docs/perf/serve-rates.svg, serve-cpu.svg and serve-ready.svg (the empty
# store, size 0, is measured but has no place on their logarithmic axis).
# Then the same through the Go benchmarks (client and server in one
# process), and the open of the store (BenchmarkOpenBenchmarkMix).
# TRUCE_BENCH_SERVER_SIZES chooses the sizes; the raw output stays in
# $TRUCE_BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/bench.sh
sizes=${TRUCE_BENCH_SERVER_SIZES:-0 10000 100000 1000000}
go build -o bin/truce ./cmd/truce
go build -o bin/truce-load ./cmd/truce-load
l0=$(load)
: >"$out/serve.txt"
for n in $sizes; do
	echo "== server at $n objects ($(date -u '+%H:%M') UTC, load avg $(load))"
	for mode in idle write deconflict; do
		writers=8
		[ "$mode" = write ] && writers=16
		bin/truce-load --truce bin/truce -mode "$mode" -objects "$n" -writers "$writers" -duration 30s | tee -a "$out/serve.txt"
	done
	# The questions again with the server on a CPU of its own and the
	# load on the others (BenchmarkLoad/deconflict-pinned, not charted):
	# on a small machine the two otherwise take turns on the same cores.
	if [ "$(nproc)" -ge 2 ]; then
		bin/truce-load --truce bin/truce -mode deconflict -pin -objects "$n" -writers 8 -duration 30s | tee -a "$out/serve.txt"
	fi
done
note="$(date -u '+%Y-%m-%d %H:%M') UTC; $machine; load avg $l0 before, $(load) after; truce-load -mode idle|write|deconflict -objects N -duration 30s"
go run ./scripts/benchcharts -serve "$out/serve.txt" -out docs/perf -note-serve "$note"
for n in $sizes; do
	TRUCE_BENCH_OBJECTS=$n go test ./cmd/truce -run '^$' -bench 'ServeDeconflict|ServeWrites' -benchtime 10000x
	# The open of such a store: time, CPU and live heap per object (item 2).
	if [ "$n" -gt 0 ]; then
		TRUCE_BENCH_OBJECTS=$n go test ./center -run '^$' -bench OpenBenchmarkMix -benchtime 1x
		# From its snapshot, and the snapshot written again (what a
		# running server pays once a quarter of the log came after it).
		TRUCE_BENCH_OBJECTS=$n go test ./center -run '^$' -bench 'OpenSnapshot$|WriteSnapshot$' -benchtime 1x
	fi
done
