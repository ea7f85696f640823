#!/usr/bin/env bash
# The web application (issue 8): installs its npm packages, builds
# web/dist/ (the files web.go embeds), and, for the browser tests, Debian's
# chromium. Idempotent; quick when everything is in place.
#
# Nothing third-party is committed: web/dist/ is our sources from web/src/
# plus the vendored files copied out of web/node_modules/, rebuilt here.
# Without npm or node the build is skipped with a message: `go build`
# still works and the server then says how to build the app.
set -euo pipefail
cd "$(dirname "$0")/../../web"

source ../scripts/lib/apt.sh

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
	if as_root; then
		echo "web: installing nodejs and npm"
		apt_install nodejs npm
	else
		echo "web: node and npm are missing; the web app is not built (the browser tests skip, or fail under CI)" >&2
		exit 0
	fi
fi

# npm packages: reinstall only when the lock file changed since the last
# install (npm writes node_modules/.package-lock.json).
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
	npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

# Build: web/dist gets src/ and the vendor files; rebuilt only when a
# source or a package is newer than the last build's stamp.
stamp=dist/.built
if [[ ! -e $stamp ]] || [[ -n $(find src package-lock.json build.sh places.mjs ../ingest/gazetteer/generated/places.tsv.gz ../ingest/gazetteer/places.tsv -newer "$stamp" -print -quit) ]]; then
	bash build.sh
	touch "$stamp"
fi

# chromium for the browser tests (web/e2e), as root and only when missing.
# Fonts, so that the screenshots show text. Not for building or for
# `make demo` (TRUCE_DEPS=build).
[[ ${TRUCE_DEPS:-test} == test ]] || exit 0
if [[ ! -x /usr/bin/chromium || ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; then
	if ! as_root; then
		echo "web: /usr/bin/chromium or fonts-dejavu-core is missing; install them as root or the browser tests skip (fail under CI)" >&2
		exit 0
	fi
	echo "web: installing chromium"
	apt_install chromium fonts-dejavu-core fonts-liberation
fi

# Named here because go test prints a passing package's output only with -v.
echo "web: the browser tests (web/e2e_test.go) save screenshots of each step in test-artifacts/web/"
