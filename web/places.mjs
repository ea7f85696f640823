// places.mjs builds the map's offline places layer (run by build.sh):
// from the GeoNames gazetteer that scripts/gazetteer.sh builds for ingest
// (ingest/gazetteer/generated/places.tsv.gz, places of 1,000 inhabitants
// or more, CC BY 4.0) and the towns and areas of ingest's committed
// gazetteer (ingest/gazetteer/places.tsv). Writes, under the folder given:
//
//   places/world.json      places of 100,000 or more, for every zoom
//   places/c/LAT_LON.json  every place in a 2°×2° cell (south-west corner)
//   places/meta.json       counts and the list of cells
//
// (About 5 MB in 3,300 files for the whole world. The search in the page
// reads world.json and the cells around the map's view: a search index of
// every name would triple the size for places far from the theatre.)
//
// A place is [name, lat, lon, population, country]. Generated at build
// time and embedded; never committed.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

const [out, generated, curated] = process.argv.slice(2);
const places = [];
if (existsSync(generated)) {
  for (const line of gunzipSync(readFileSync(generated)).toString('utf8').split('\n')) {
    const f = line.split('\t');
    if (f.length < 8) continue;
    places.push([f[1], +(+f[6]).toFixed(3), +(+f[7]).toFixed(3), Number(f[5]) || 0, f[2]]);
  }
}
const geonames = places.length;
if (existsSync(curated)) {
  for (const line of readFileSync(curated, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const f = line.split('\t');
    if (f[0] !== 'town' && f[0] !== 'area') continue;
    places.push([f[3], +(+f[5]).toFixed(3), +(+f[6]).toFixed(3), Number(f[7]) || 0, f[1]]);
  }
}
if (!places.length) {
  console.error('web/places.mjs: no gazetteer (run scripts/gazetteer.sh): the map has no places layer');
  process.exit(0);
}
places.sort((a, b) => b[3] - a[3]);
const dir = join(out, 'places');
mkdirSync(join(dir, 'c'), { recursive: true });
writeFileSync(join(dir, 'world.json'), JSON.stringify(places.filter((p) => p[3] >= 100000)));
const cells = new Map();
for (const p of places) {
  const k = `${Math.floor(p[1] / 2) * 2}_${Math.floor(p[2] / 2) * 2}`;
  if (!cells.has(k)) cells.set(k, []);
  cells.get(k).push(p);
}
for (const [k, ps] of cells) writeFileSync(join(dir, 'c', k + '.json'), JSON.stringify(ps));
writeFileSync(join(dir, 'meta.json'), JSON.stringify({ places: places.length, geonames, cell: 2, cells: [...cells.keys()] }));
console.log(`web/places.mjs: ${places.length} places (${geonames} from GeoNames) in ${cells.size} cells`);
