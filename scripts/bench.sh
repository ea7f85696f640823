#!/usr/bin/env bash
# Runs the benchmarks behind docs/performance.md and prints the machine
# they ran on. Large fixtures (logs of 1M and 10M entries) are built once
# under $TMPDIR and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== machine"
echo "cores: $(nproc)"
grep -m1 'model name' /proc/cpuinfo || true
free -g | head -2
go version
run() { echo "== $*"; go test -run='^$' "$@"; }
run -bench=DurableWrites -benchtime=5000x ./center/
run -bench=InclusionProof -benchtime=20000x ./sqlite/
run -bench=DecodeNotification ./httpapi/
run -bench='BenchmarkReplay$' -benchtime=1x -timeout=60m ./cmd/truce/
for extra in scripts/bench.d/*.sh; do
	[ -e "$extra" ] || continue
	echo "== $extra"
	bash "$extra"
done
