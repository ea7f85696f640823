#!/usr/bin/env bash
# Node and npm, which the build needs (the web application and the
# gazetteer are built with npm): installed first, as root, when missing.
set -euo pipefail
source "$(dirname "$0")/../lib/apt.sh"
if command -v npm >/dev/null && command -v node >/dev/null; then
	exit 0
fi
if ! as_root; then
	echo "node: node and npm are missing; install them (the web app and the gazetteer are not built without them)" >&2
	exit 0
fi
echo "node: installing nodejs and npm"
apt_install nodejs npm
