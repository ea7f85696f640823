# Sourced by scripts/bench.d/*.sh: where raw output goes ($out, a
# temporary directory unless $TRUCE_BENCH_OUT is set), a one-line
# description of the machine ($machine), and load, which prints the load
# averages, so that every chart says what it ran on and under what load.
out=${TRUCE_BENCH_OUT:-$(mktemp -d /tmp/truce-bench.XXXXXX)}
mkdir -p "$out"
machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB, $(go version | awk '{print $3}')"
load() { uptime | sed 's/.*load average: //'; }
