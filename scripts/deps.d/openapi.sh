#!/usr/bin/env bash
# The API document's checks (issue 22): Redocly's lint and the TypeScript
# client generator, pinned in httpapi/clients/package.json, installed into
# httpapi/clients/node_modules for httpapi's tests. The Go client's
# generator (oapi-codegen) is a Go module the test runs with go run.
# Idempotent; quick when the packages are in place. node and npm come from
# web.sh's step.
set -euo pipefail
cd "$(dirname "$0")/../../httpapi/clients"
if ! command -v npm >/dev/null; then
	echo "openapi: npm is missing; the lint and client tests skip (fail under CI)" >&2
	exit 0
fi
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
	npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
