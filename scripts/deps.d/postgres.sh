#!/usr/bin/env bash
# PostgreSQL for the tests: internal/pgtest runs the server binaries of
# Debian's postgresql-15 (initdb in a temporary directory, no system
# service), and the spatial benchmarks compare with PostGIS
# (postgresql-15-postgis-3). Installs what is missing, as root, with one
# apt-get update first; does nothing, quickly, when all is present.
#
# Without root the script only says what is missing: the PostgreSQL tests
# then skip, except under CI=1, where they fail. Not for `make demo`
# (TRUCE_DEPS=build).
set -euo pipefail
[[ ${TRUCE_DEPS:-test} == test ]] || exit 0
source "$(dirname "$0")/../lib/apt.sh"

bindir="${TRUCE_PG_BIN:-/usr/lib/postgresql/15/bin}"
postgis_control=/usr/share/postgresql/15/extension/postgis.control

pkgs=()
for b in initdb pg_ctl postgres; do
	if [[ ! -x "$bindir/$b" ]]; then
		pkgs+=(postgresql-15)
		break
	fi
done
want_postgis=0
[[ -e "$postgis_control" ]] || want_postgis=1

if [[ ${#pkgs[@]} -eq 0 && $want_postgis -eq 0 ]]; then
	exit 0
fi

missing="${pkgs[*]:-}"
[[ $want_postgis -eq 1 ]] && missing="${missing:+$missing }postgresql-15-postgis-3"
if ! as_root; then
	echo "postgres: missing $missing; install it as root (apt-get install $missing) or the PostgreSQL tests skip" >&2
	exit 0
fi

echo "postgres: installing $missing"
if [[ ${#pkgs[@]} -gt 0 ]]; then
	apt_install "${pkgs[@]}"
	for b in initdb pg_ctl postgres; do
		if [[ ! -x "$bindir/$b" ]]; then
			echo "postgres: $bindir/$b is still missing after installing ${pkgs[*]}" >&2
			exit 1
		fi
	done
fi
# PostGIS is for benchmarks only: a failure to install it must not stop
# the tests.
if [[ $want_postgis -eq 1 ]]; then
	apt_install postgresql-15-postgis-3 ||
		echo "postgres: could not install postgresql-15-postgis-3; the PostGIS benchmarks will not run" >&2
fi
