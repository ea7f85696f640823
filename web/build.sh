#!/usr/bin/env bash
# Builds web/dist from web/src and the npm packages in web/node_modules
# (run by scripts/deps.d/web.sh). No bundler: the app is native ES modules
# (src/main.js imports the rest), and the vendor files are copied as their packages ship
# them. dist/.gitkeep stays so that go:embed finds the folder on a fresh
# clone.
set -euo pipefail
cd "$(dirname "$0")"
nm=node_modules
[[ -d $nm/leaflet ]] || { echo "web/build.sh: run npm ci in web/ first" >&2; exit 1; }
tmp=$(mktemp -d dist.tmp.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/vendor/leaflet" "$tmp/vendor/leaflet-draw" "$tmp/vendor/world-atlas" "$tmp/vendor/markercluster"
cp -r src/. "$tmp/"
cp $nm/leaflet/dist/leaflet.js $nm/leaflet/dist/leaflet.css "$tmp/vendor/leaflet/"
cp -r $nm/leaflet/dist/images "$tmp/vendor/leaflet/"
cp $nm/leaflet-draw/dist/leaflet.draw.js $nm/leaflet-draw/dist/leaflet.draw.css "$tmp/vendor/leaflet-draw/"
cp -r $nm/leaflet-draw/dist/images "$tmp/vendor/leaflet-draw/"
cp $nm/topojson-client/dist/topojson-client.min.js "$tmp/vendor/"
cp $nm/leaflet.markercluster/dist/leaflet.markercluster.js $nm/leaflet.markercluster/dist/MarkerCluster.css \
	$nm/leaflet.markercluster/dist/MarkerCluster.Default.css "$tmp/vendor/markercluster/"
cp $nm/world-atlas/countries-50m.json "$tmp/vendor/world-atlas/"
# The PMTiles reader and vector renderer (one self-contained file), used
# only when the operator serves a basemap (truce serve --basemap).
cp $nm/protomaps-leaflet/dist/protomaps-leaflet.js "$tmp/vendor/"
# Licences travel with the files.
for p in leaflet leaflet-draw leaflet.markercluster topojson-client world-atlas protomaps-leaflet; do
	for f in $nm/$p/LICENSE*; do [[ -e $f ]] && cp "$f" "$tmp/vendor/LICENSE.$p"; done
done
# The offline places layer, from the gazetteer scripts/gazetteer.sh builds
# for ingest (GeoNames, CC BY 4.0); without it the map has no places.
node places.mjs "$tmp" ../ingest/gazetteer/generated/places.tsv.gz ../ingest/gazetteer/places.tsv
find dist -mindepth 1 ! -name .gitkeep -delete 2>/dev/null || true
cp -r "$tmp/." dist/
touch dist/.gitkeep
