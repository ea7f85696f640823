#!/usr/bin/env bash
# The conflict engine's scaling curves and its peers, drawn as the SVG
# charts of docs/performance.md (docs/perf/*.svg):
#   - BenchmarkCheck and BenchmarkCheckCold (64 MiB swept between checks)
#     at 10k → 1M volumes: median and p99 latency, heap per volume;
#   - conflict/postgis (truce, PostGIS, a single R-tree; separate hot
#     loops and interleaved per check) at 10k → 1M volumes.
# Each chart says the machine, the load (uptime) before and after, and
# the command. The raw output stays in $TRUCE_BENCH_OUT (a temporary
# directory unless set). TRUCE_BENCH_SIZES and TRUCE_BENCH_PEER_SIZES
# choose the sizes.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/bench.sh
sizes=${TRUCE_BENCH_SIZES:-10000 30000 100000 300000 1000000}
peer_sizes=${TRUCE_BENCH_PEER_SIZES:-10000 100000 1000000}

echo "== conflict check, hot and cold, at $sizes volumes (raw output in $out)"
l0=$(load)
: >"$out/check.txt"
for n in $sizes; do
	go test ./conflict -run '^$' -bench 'BenchmarkCheck$|BenchmarkCheckCold$' -benchtime 3000x -bench-volumes "$n" | tee -a "$out/check.txt"
done
note_check="$(date -u '+%Y-%m-%d %H:%M') UTC; $machine; load avg $l0 before, $(load) after; go test ./conflict -bench 'BenchmarkCheck\$|BenchmarkCheckCold\$' -benchtime 3000x -bench-volumes N"

echo "== peers (PostGIS, single R-tree) at $peer_sizes volumes"
l0=$(load)
files=()
for n in $peer_sizes; do
	bash conflict/postgis/bench.sh -volumes "$n" -checks 2000 -json "$out/peers-$n.json" | tee "$out/peers-$n.txt"
	files+=("$out/peers-$n.json")
done
note_peers="$(date -u '+%Y-%m-%d %H:%M') UTC; $machine; load avg $l0 before, $(load) after; conflict/postgis/bench.sh -volumes N -checks 2000"

go run ./scripts/benchcharts -check "$out/check.txt" -peers "$(IFS=,; echo "${files[*]}")" -out docs/perf \
	-note-check "$note_check" -note-peers "$note_peers"
