#!/usr/bin/env bash
# `truce log verify`, the rebuild and `truce serve`'s start-up against the
# size of the log, drawn as docs/perf/verify-throughput.svg,
# serve-start.svg and serve-heap.svg: BenchmarkVerify (pass 1, the tree;
# both passes, tree and replay), BenchmarkRebuild and BenchmarkServeStart
# (time to answer, live heap per object) of cmd/truce at
# TRUCE_BENCH_LOG_SIZES entries (default 10k, 100k, 1M; logs built once
# under $TMPDIR). The raw output stays in $TRUCE_BENCH_OUT.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/bench.sh
sizes=${TRUCE_BENCH_LOG_SIZES:-10000 100000 1000000}

echo "== log verify and rebuild at $sizes entries (raw output in $out)"
l0=$(load)
: >"$out/verify.txt"
for n in $sizes; do
	TRUCE_BENCH_ENTRIES=$n go test ./cmd/truce -run '^$' -bench 'BenchmarkVerify|BenchmarkRebuild|BenchmarkServeStart' -benchtime 1x -timeout 60m | tee -a "$out/verify.txt"
done
note="$(date -u '+%Y-%m-%d %H:%M') UTC; $machine; load avg $l0 before, $(load) after; TRUCE_BENCH_ENTRIES=N go test ./cmd/truce -bench 'BenchmarkVerify|BenchmarkRebuild|BenchmarkServeStart' -benchtime 1x"
go run ./scripts/benchcharts -verify "$out/verify.txt" -out docs/perf -note-verify "$note"
