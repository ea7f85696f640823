#!/usr/bin/env bash
# `truce log verify` against `truce serve` as two processes, on the
# benchmark log of N entries that cmd/truce's benchmarks build under
# $TMPDIR (TRUCE_BENCH_ENTRIES=N go test ./cmd/truce -bench Verify builds
# it): the server's start-up, then, after a pause for its collector to
# settle, `--tree-only` twice and both passes once, each with its wall
# time, the verifier's CPU and peak RSS (/usr/bin/time) and the server's
# CPU (from /proc). Usage: scripts/verify-procs.sh [N] [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
port=${2:-18931}
dir=${TMPDIR:-/tmp}/truce-bench-log-$n
[ -e "$dir/complete" ] || { echo "no benchmark log at $dir: run TRUCE_BENCH_ENTRIES=$n go test ./cmd/truce -run '^\$' -bench BenchmarkVerify -benchtime 1x" >&2; exit 1; }
work=$(mktemp -d /tmp/truce-verify-procs.XXXXXX)
go build -o "$work/truce" ./cmd/truce
"$work/truce" serve --data "$dir" --addr "127.0.0.1:$port" --log-level error 2>"$work/serve.log" &
spid=$!
trap 'kill $spid 2>/dev/null || true' EXIT
t0=$(date +%s.%N)
until curl -sf "http://127.0.0.1:$port/log/checkpoint" >/dev/null; do
	kill -0 $spid || { cat "$work/serve.log" >&2; exit 1; }
	sleep 0.2
done
echo "serve answered after $(echo "$(date +%s.%N) - $t0" | bc) s (load avg $(uptime | sed 's/.*load average: //'))"
sleep 15
cpu() { awk '{print ($14+$15)/100}' "/proc/$spid/stat"; }
for mode in --tree-only --tree-only ""; do
	rm -f "$work/trust.json"
	c0=$(cpu)
	echo "== truce log verify $mode (load avg $(uptime | sed 's/.*load average: //'))"
	/usr/bin/time -f "wall %e s, verifier user %U s sys %S s, verifier peak RSS %M KiB" \
		"$work/truce" log verify --server "http://127.0.0.1:$port" --trust "$work/trust.json" $mode
	echo "server CPU during it: $(echo "$(cpu) - $c0" | bc) s"
done
