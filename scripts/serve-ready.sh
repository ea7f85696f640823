#!/bin/bash
# serve-ready.sh TRUCE DATA [SNAPSHOT]: starts `TRUCE serve` on the store
# in DATA (port 0; --snapshot SNAPSHOT, default off), prints the seconds
# from the start to the "listening" log line, the CPU seconds the process
# used by then (user and system), its resident memory, the load average,
# and the center's own log lines about the open; then stops it (SIGINT,
# which writes the snapshot if it is behind). Issue 17 item 2:
# docs/performance.md, "A snapshot at start-up".
set -eu
truce=$1 data=$2 snap=${3:-off}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s.%N)
"$truce" serve --data "$data" --addr 127.0.0.1:0 --snapshot "$snap" 2>"$log" &
pid=$!
until grep -q '"msg":"listening"' "$log"; do
	kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
	sleep 0.02
done
now=$(date +%s.%N)
read -r -a st </proc/"$pid"/stat
tck=$(getconf CLK_TCK)
rss=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)
awk -v s="$start" -v n="$now" -v u="${st[13]}" -v y="${st[14]}" -v t="$tck" -v r="$rss" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
	'BEGIN { printf "ready %.2f s, CPU %.2f s (user %.2f, system %.2f), RSS %.0f MiB, load %s\n", n-s, (u+y)/t, u/t, y/t, r/1024, l }'
grep -o '"msg":"\(opened from\|the snapshot\)[^}]*' "$log" || true
kill -INT "$pid"
wait "$pid" || true
grep -o '"msg":"wrote the snapshot[^}]*' "$log" || true
