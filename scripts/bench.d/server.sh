#!/usr/bin/env bash
# A running server at 0 → 1,000,000 objects (issue 17, items 3 and 4):
# `truce serve` as its own process on a store of the benchmark mix
# (internal/benchstore, built once per size under $TMPDIR: about a
# minute per 100,000 objects), driven over loopback by cmd/truce-load:
#   - idle: the server's CPU with nothing to do (target < 2 % of a core);
#   - write: strikes submitted by 16 clients, each a durable write
#     (target at 1M: within 20 % of the empty store's rate);
#   - deconflict: POST /v1/deconflict from 8 clients (target ≥ 10,000/s,
#     ≤ 100 µs of server CPU per request, p99 ≤ 5 ms).
# Then the same through the Go benchmarks (client and server in one
# process), and the open of the store (BenchmarkOpenBenchmarkMix). TRUCE_BENCH_SERVER_SIZES chooses the sizes.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=${TRUCE_BENCH_SERVER_SIZES:-0 100000 1000000}
go build -o bin/truce ./cmd/truce
go build -o bin/truce-load ./cmd/truce-load
for n in $sizes; do
	echo "== server at $n objects ($(date -u '+%H:%M') UTC, load avg $(cut -d' ' -f1-3 /proc/loadavg))"
	bin/truce-load --truce bin/truce -mode idle -objects "$n" -duration 30s
	bin/truce-load --truce bin/truce -mode write -objects "$n" -writers 16 -duration 30s
	bin/truce-load --truce bin/truce -mode deconflict -objects "$n" -writers 8 -duration 30s
	TRUCE_BENCH_OBJECTS=$n go test ./cmd/truce -run '^$' -bench 'ServeDeconflict|ServeWrites' -benchtime 10000x
	# The open of such a store: time, CPU and live heap per object (item 2).
	if [ "$n" -gt 0 ]; then
		TRUCE_BENCH_OBJECTS=$n go test ./center -run '^$' -bench OpenBenchmarkMix -benchtime 1x
	fi
done
