#!/usr/bin/env bash
# Installs what the build and the tests need beyond Go: each step in
# scripts/deps.d is idempotent and quick when its work is already done.
# Steps that need Debian packages run apt-get only as root, only when
# something is missing, and wait for a package manager that holds the
# lock (scripts/lib/apt.sh).
#
#   scripts/deps.sh build   what building and `make demo` need: node, npm,
#                           the web application, the gazetteer
#   scripts/deps.sh [test]  that, and what the tests need: PostgreSQL,
#                           PostGIS, chromium and fonts
# Steps read the profile from TRUCE_DEPS.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-test}
case $profile in
build | test) ;;
*)
	echo "usage: scripts/deps.sh [build|test]" >&2
	exit 2
	;;
esac
export TRUCE_DEPS=$profile
for step in scripts/deps.d/*.sh; do
	[ -e "$step" ] || continue
	bash "$step"
done
