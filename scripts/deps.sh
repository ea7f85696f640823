#!/usr/bin/env bash
# Installs what the build and the tests need beyond Go: each step is
# idempotent and quick when its work is already done. Steps that need
# Debian packages run apt-get only as root and only when something is
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."
for step in scripts/deps.d/*.sh; do
	[ -e "$step" ] || continue
	bash "$step"
done
