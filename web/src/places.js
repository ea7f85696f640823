// places.js: towns and villages on the map, offline. The build (places.mjs)
// writes the GeoNames places the project already has for ingest into
// places/: world.json (100,000 inhabitants or more) and one file per 2°
// cell with every place of 1,000 or more. Labels appear by population as
// you zoom in, without overlapping; the search box finds a place by name
// among the large ones everywhere and every place near the map's view.
import { request } from './api.js';
import { $, h } from './dom.js';
import { t } from './i18n.js';

const CELL = 2;
let map;
let layer;
let world = [];
let cells = null; // the cells that exist (meta.json)
const loaded = new Map(); // cell key -> places, or a pending promise
let found = null;

// The smallest population labelled at each zoom.
const MIN_POP = [1e7, 5e6, 3e6, 2e6, 1e6, 5e5, 2e5, 1e5, 3e4, 1e4, 3e3, 0];
const minPop = (z) => MIN_POP[Math.max(0, Math.min(MIN_POP.length - 1, Math.floor(z)))];

export async function initPlaces(m) {
  map = m;
  // Above the shapes' fills (so that names stay readable over a zone),
  // below points and markers; never takes a click.
  map.createPane('labels').style.zIndex = 420;
  map.getPane('labels').style.pointerEvents = 'none';
  layer = L.layerGroup().addTo(map);
  try {
    const [w, meta] = await Promise.all([getJSON('places/world.json'), getJSON('places/meta.json')]);
    world = w;
    cells = new Set(meta.cells);
    map.attributionControl.addAttribution('Places: GeoNames (CC BY 4.0)');
  } catch (e) {
    return; // a build without the gazetteer: no places layer
  }
  map.on('moveend', render);
  render();
}

async function getJSON(path) {
  const r = await request('GET', path, { public: true });
  if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
  return r.json();
}

const cellKey = (la, lo) => `${Math.floor(la / CELL) * CELL}_${Math.floor(lo / CELL) * CELL}`;

// cellsAround loads the cells covering a box (lat/lon degrees).
function loadBox(s, w, n, e) {
  const out = [];
  for (let la = Math.floor(s / CELL) * CELL; la <= n; la += CELL) {
    for (let lo = Math.floor(w / CELL) * CELL; lo <= e; lo += CELL) {
      const k = cellKey(la, lo);
      if (!cells || !cells.has(k)) continue;
      if (!loaded.has(k)) loaded.set(k, getJSON(`places/c/${k}.json`).then((ps) => { loaded.set(k, ps); return ps; }, () => { loaded.set(k, []); return []; }));
      out.push(loaded.get(k));
    }
  }
  return Promise.all(out);
}

async function render() {
  const z = map.getZoom();
  const b = map.getBounds();
  let ps = world;
  if (z >= 7) {
    const got = await loadBox(b.getSouth(), b.getWest(), b.getNorth(), b.getEast());
    if (map.getZoom() !== z) return; // moved on meanwhile
    ps = [].concat(...got).sort((x, y) => y[3] - x[3]);
  }
  const min = minPop(z);
  // Largest first; a label is left out where it would overlap one
  // already placed (a grid of 110×22 px boxes).
  const taken = new Set();
  const labels = [];
  for (const p of ps) {
    if (p[3] < min && !(z >= 11)) continue;
    if (!b.contains([p[1], p[2]])) continue;
    const pt = map.latLngToContainerPoint([p[1], p[2]]);
    const gx = Math.floor(pt.x / 110);
    const gy = Math.floor(pt.y / 22);
    if (taken.has(gx + ',' + gy) || taken.has((gx + 1) + ',' + gy)) continue;
    taken.add(gx + ',' + gy);
    labels.push(p);
    if (labels.length >= 160) break;
  }
  layer.clearLayers();
  for (const p of labels) {
    const cls = 'place' + (p[3] >= 1e6 ? ' city' : p[3] >= 1e5 ? ' town' : '');
    L.marker([p[1], p[2]], {
      pane: 'labels', interactive: false, keyboard: false,
      icon: L.divIcon({ className: 'place-icon', html: h('span', { class: cls }, h('i', { 'aria-hidden': 'true' }), p[0]), iconSize: null, iconAnchor: [4, 8] }),
    }).addTo(layer);
  }
  $('map').dataset.places = String(labels.length);
}

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[‘’ʿʾ'`-]/g, '').toLowerCase();

// searchPlaces: places whose name (or a word of it) starts with q,
// largest first; the cells within ~4° of the view are read first.
export async function searchPlaces(q) {
  const f = fold(q.trim());
  if (f.length < 2) return [];
  const c = map.getCenter();
  const near = await loadBox(c.lat - 4, c.lng - 4, c.lat + 4, c.lng + 4);
  const seen = new Set();
  const out = [];
  for (const p of [].concat(world, ...near)) {
    const k = p[0] + p[1] + p[2];
    if (seen.has(k)) continue;
    const name = fold(p[0]);
    if (!(name.startsWith(f) || name.split(/[\s,]+/).some((w) => w.startsWith(f) || w.replace(/^(al|as|ar|ad|an|at|az|ash|el)/, '').startsWith(f)))) continue;
    seen.add(k);
    out.push(p);
  }
  const d2 = (p) => (p[1] - c.lat) ** 2 + (p[2] - c.lng) ** 2;
  out.sort((a, b) => (d2(b) < 20) - (d2(a) < 20) || b[3] - a[3]); // near the view first, then large
  return out.slice(0, 12);
}

// goTo shows a place found: centred, zoomed by its size, marked.
export function goTo(p) {
  const z = p[3] >= 1e6 ? 11 : p[3] >= 1e5 ? 12 : 14;
  map.setView([p[1], p[2]], z);
  if (found) found.remove();
  found = L.circleMarker([p[1], p[2]], { radius: 10, color: '#20262e', weight: 3, fill: false, interactive: false, pane: 'labels' }).addTo(map);
}

export function initPlaceSearch() {
  const form = $('place-search');
  const input = $('place-q');
  const list = $('place-results');
  let seq = 0;
  const show = async () => {
    const my = ++seq;
    const res = await searchPlaces(input.value);
    if (my !== seq) return;
    list.replaceChildren(...res.map((p) => h('li', {}, h('button', { type: 'button', onclick: () => { goTo(p); list.replaceChildren(); input.value = p[0]; } },
      p[0], h('span', { class: 'meta' }, ` ${p[4]}${p[3] ? ' · ' + t('places.pop', { n: p[3].toLocaleString('en') }) : ''}`)))));
    if (!res.length && input.value.trim().length >= 2) list.append(h('li', { class: 'hint' }, t('places.none')));
  };
  input.addEventListener('input', show);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await searchPlaces(input.value);
    if (res.length) { goTo(res[0]); list.replaceChildren(); }
  });
  input.addEventListener('keydown', (e) => { if (e.key === 'Escape') list.replaceChildren(); });
}
