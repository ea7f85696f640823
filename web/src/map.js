import { request } from './api.js';
import { $, h } from './dom.js';
import { currentLang, t } from './i18n.js';
import { initPlaces } from './places.js';

// ---- map ------------------------------------------------------------

export const ZONE_COLOURS = {
  'de-escalation': '#1f77b4', 'no-strike': '#d62728', 'no-fly': '#9467bd', 'security-belt': '#ff7f0e',
  corridor: '#2ca02c', 'opposition-area': '#8c564b', 'designated-group-area': '#e377c2',
};
export const NOTIF_COLOURS = { strike: '#b3000c', flight: '#0050a0', 'ground-movement': '#7a4f00', 'humanitarian-movement': '#007a3d' };
export const SITE_COLOUR = '#6a1b9a';
// States are told apart by the line, not by colour: solid for what is
// in force, dashes for what is proposed or awaited, dash-dot for
// suspended, dots for what is over. A coarse cover (the exact shape is
// not shown to you) is hatched, with a thin outline. Fills stay light so
// that places show through.
export const ZONE_STATES = {
  proposed: { dashArray: '10 6', fillOpacity: 0.05 },
  active: { fillOpacity: 0.1, weight: 2.5 },
  suspended: { dashArray: '12 4 2 4', fillOpacity: 0.03, opacity: 0.75 },
  expired: { dashArray: '1 5', fillOpacity: 0, opacity: 0.5 },
  withdrawn: { dashArray: '1 5', fillOpacity: 0, opacity: 0.5 },
};
export const NOTIF_STATES = {
  submitted: { dashArray: '6 4' },
  acknowledged: {},
  objected: { dashArray: '2 5', weight: 4 },
  executed: { dashArray: '1 5', opacity: 0.5, fillOpacity: 0 },
};
export const COARSE = { weight: 1.5, dashArray: null, fillColor: 'url(#hatch)', fillOpacity: 1, className: 'coarse' };
const SITE_GLYPHS = { hospital: '✚', school: 'S', 'aid-office': 'A', warehouse: 'W', camp: 'C', water: '≈', power: 'ϟ', other: '•' };

// siteIcon: a protected site's point — a square with its category's
// glyph; the border tells how it is disclosed to other parties (solid
// precise, double coarse, dashed hidden: only the owner and the
// coordinator ever see this one); faded once removed.
export function siteIcon(s) {
  const el = h('span', { class: `site site-${s.disclosure} site-${s.state}`, title: '' }, SITE_GLYPHS[s.category] || '•');
  return L.divIcon({ html: el, className: 'site-icon', iconSize: [20, 20] });
}

export let map, layers;
let drawHandler, drawTarget;

function borders() {
  return request('GET', 'vendor/world-atlas/countries-50m.json', { public: true }).then((r) => r.json()).then((topo) => {
    const countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: '#7d8590', weight: 0.8, fillColor: '#f3f0e8', fillOpacity: 1 },
    }).addTo(map).bringToBack();
  }).catch(() => {});
}

export function initMap() {
  map = L.map('map', { minZoom: 2, maxZoom: 18, zoomControl: true, worldCopyJump: true, attributionControl: true, keyboard: true }).setView([36.2, 37.15], 10);
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('Borders: Natural Earth');
  // Points above areas, so that a site inside a zone can be clicked.
  map.createPane('points').style.zIndex = 450;
  layers = {
    zones: L.featureGroup().addTo(map),
    sites: L.featureGroup().addTo(map),
    notifications: L.featureGroup().addTo(map),
    // Reports cluster where they crowd; a cluster opens on click.
    // Clusters in our own neutral style, so they do not read as a review
    // state of the legend.
    reports: L.markerClusterGroup({
      maxClusterRadius: 40, showCoverageOnHover: false,
      iconCreateFunction: (c) => L.divIcon({ html: h('span', {}, String(c.getChildCount())), className: 'rep-cluster', iconSize: [30, 30] }),
    }).addTo(map),
    conflicts: L.featureGroup().addTo(map),
    conflictAreas: L.featureGroup().addTo(map),
    incidents: L.featureGroup().addTo(map),
    draft: L.featureGroup().addTo(map),
  };
  highlight = L.featureGroup().addTo(map);
  // Shapes stay out of the tab order (the lists are the keyboard's way to
  // them): Leaflet makes markers, and the cluster library its clusters,
  // focusable; every marker icon added to the map is taken out again.
  const untab = (el) => { if (el.classList && el.classList.contains('leaflet-marker-icon')) { el.tabIndex = -1; el.setAttribute('aria-hidden', 'true'); } };
  new MutationObserver((muts) => muts.forEach((m) => m.addedNodes.forEach(untab))).observe(map.getPane('markerPane'), { childList: true });
  L.control.layers(null, {
    [t('map.layer.zones')]: layers.zones, [t('map.layer.sites')]: layers.sites, [t('map.layer.notifications')]: layers.notifications,
    [t('map.layer.reports')]: layers.reports, [t('map.layer.conflicts')]: layers.conflicts, [t('map.layer.conflictareas')]: layers.conflictAreas,
    [t('map.layer.incidents')]: layers.incidents, [t('map.layer.draft')]: layers.draft,
  }, { collapsed: true }).addTo(map);
  L.control.scale({ imperial: false, position: 'bottomright' }).addTo(map);
  // The basemap: the operator's PMTiles file when the center serves one
  // (truce serve --basemap: roads, names, land use, read with range
  // requests from this center), else Natural Earth borders. Either way no
  // request leaves the center.
  request('HEAD', 'basemap.pmtiles', { public: true }).then((r) => {
    if (r.ok && window.protomapsL) {
      protomapsL.leafletLayer({ url: 'basemap.pmtiles', flavor: 'light', lang: currentLang() }).addTo(map);
      map.attributionControl.addAttribution(t('map.pmtiles'));
      window.truce.basemap = 'pmtiles';
      return;
    }
    window.truce.basemap = 'natural-earth';
    borders();
  }, borders);
  initPlaces(map);
  map.on(L.Draw.Event.CREATED, (e) => {
    const g = roundGeometry(e.layer.toGeoJSON().geometry);
    if (drawTarget) {
      $(drawTarget).value = JSON.stringify(g);
      $(drawTarget).dispatchEvent(new Event('input', { bubbles: true }));
      $(drawTarget).focus();
    }
    drawHandler = null;
  });
  // For the browser tests: lat/lng to pixels, what is drawn, what is highlighted.
  window.truce = { map, layers, highlighted: () => highlight.getLayers().length };
  renderLegend();
}

export function roundGeometry(g) {
  const r = (c) => (typeof c[0] === 'number' ? c.map((x) => Math.round(x * 1e6) / 1e6) : c.map(r));
  return { type: g.type, coordinates: r(g.coordinates) };
}

export function startDraw(kind, target) {
  if (drawHandler) drawHandler.disable();
  const shape = { color: '#000', weight: 2, dashArray: '4 3', fillOpacity: 0.1 };
  if (kind === 'polygon') drawHandler = new L.Draw.Polygon(map, { shapeOptions: shape, showArea: false, allowIntersection: false });
  else if (kind === 'route') drawHandler = new L.Draw.Polyline(map, { shapeOptions: shape, showLength: false });
  else drawHandler = new L.Draw.Marker(map, {});
  drawTarget = target;
  drawHandler.enable();
  $('map').focus();
}

// draw shows the geometry being edited in a form.
export function showDraft(g, extra) {
  layers.draft.clearLayers();
  if (!g || !g.type) return;
  try {
    addGeometry(layers.draft, g, { color: '#000', weight: 2, dashArray: '4 3', fillOpacity: 0.1 }, extra);
  } catch (e) { /* typed text that is not (yet) a geometry */ }
}

// addGeometry adds a GeoJSON geometry to a layer; a Point with a radius
// becomes a circle, a LineString with a width a corridor.
export function addGeometry(group, g, style, opt) {
  opt = opt || {};
  let lyr;
  if (g.type === 'Point') {
    const ll = [g.coordinates[1], g.coordinates[0]];
    if (opt.radius) lyr = L.circle(ll, Object.assign({ radius: opt.radius }, style));
    else lyr = L.circleMarker(ll, Object.assign({ radius: 6 }, style, { fillOpacity: 0.8, pane: 'points' }));
  } else if (g.type === 'LineString' && opt.width) {
    lyr = L.geoJSON(g, { style: Object.assign({}, style, { weight: 5 }) });
  } else {
    lyr = L.geoJSON(g, { style });
  }
  // Tooltips and popups get elements, never strings: Leaflet puts a
  // string in the page as HTML, and these hold names from the API.
  if (opt.tooltip) lyr.bindTooltip(h('span', {}, opt.tooltip), { sticky: true });
  if (opt.ref) register(lyr, opt.ref, opt.popup || opt.tooltip);
  lyr.addTo(group);
  return lyr;
}

// Shapes by object ("type:id"), so that a card can highlight its shape
// and a shape can open its card.
const shapes = new Map();
let highlight = null;

// forgetShapes drops the shapes of one type before its layer is redrawn.
export function forgetShapes(type) {
  for (const k of [...shapes.keys()]) if (k.startsWith(type + ':')) shapes.delete(k);
}

// register links a shape to its object: a click opens the object's card
// (select.js) and a popup naming it.
export function register(lyr, ref, text) {
  const k = ref.type + ':' + ref.id;
  if (!shapes.has(k)) shapes.set(k, []);
  shapes.get(k).push(lyr);
  if (text) lyr.bindPopup(h('div', { class: 'popup' }, h('strong', {}, text)), { autoPan: false });
  lyr.on('click', () => { lyr.openPopup && lyr.openPopup(); onShapeClick(ref.type, ref.id); });
}
let onShapeClick = () => {};
export function onShapeClicked(fn) { onShapeClick = fn; }

// highlightShape draws a thick outline over an object's shapes and, with
// fit, brings them into view. Returns whether the object has a shape.
export function highlightShape(type, id, fit) {
  if (!highlight) return false;
  highlight.clearLayers();
  const ls = shapes.get(type + ':' + id) || [];
  const hl = { color: '#f2a900', weight: 6, opacity: 0.9, fill: false, interactive: false };
  for (const l of ls) {
    if (l instanceof L.Circle) L.circle(l.getLatLng(), Object.assign({ radius: l.getRadius() }, hl)).addTo(highlight);
    else if (l.getLatLng) L.circleMarker(l.getLatLng(), Object.assign({ radius: 14 }, hl)).addTo(highlight);
    else L.geoJSON(l.toGeoJSON(), { style: hl, interactive: false, pointToLayer: (f, ll) => L.circleMarker(ll, Object.assign({ radius: 14 }, hl)) }).addTo(highlight);
  }
  if (fit && ls.length) {
    try { map.fitBounds(L.featureGroup(ls.map((l) => (l.getBounds ? L.rectangle(l.getBounds()) : L.marker(l.getLatLng())))).getBounds(), { maxZoom: 14, padding: [30, 30] }); } catch (e) { /* empty */ }
  }
  if (ls.length && window.innerWidth < 900) $('map').scrollIntoView({ block: 'nearest' });
  return ls.length > 0;
}

export function renderLegend() {
  const sw = (c, cls) => h('span', { class: 'sw ' + (cls || ''), style: `border-color:${c};background:${c}22`, 'aria-hidden': 'true' });
  const li = (s, key) => h('li', {}, s, t(key));
  $('legend').replaceChildren(
    h('h3', {}, t('legend.zones')),
    h('ul', { class: 'two' }, Object.entries(ZONE_COLOURS).map(([k, c]) => h('li', {}, sw(c), t('kind.' + k)))),
    h('h3', {}, t('legend.lines')),
    h('ul', {}, li(sw('#444'), 'legend.solid'), li(sw('#444', 'dashed'), 'legend.dashed'),
      li(sw('#444', 'dashdot'), 'legend.dashdot'), li(sw('#444', 'dotted'), 'legend.dotted'), li(sw('#444', 'hatch'), 'legend.hatch')),
    h('h3', {}, t('legend.sites')),
    h('ul', {}, li(h('span', { class: 'site site-precise', 'aria-hidden': 'true' }, '✚'), 'legend.site.precise'),
      li(h('span', { class: 'site site-coarse', 'aria-hidden': 'true' }, '✚'), 'legend.site.coarse'),
      li(h('span', { class: 'site site-hidden', 'aria-hidden': 'true' }, '✚'), 'legend.site.hidden')),
    h('h3', {}, t('legend.notifications')),
    h('ul', { class: 'two' }, Object.entries(NOTIF_COLOURS).map(([k, c]) => h('li', {}, sw(c), t('kind.' + k)))),
    h('h3', {}, t('legend.reports')),
    h('ul', { class: 'two' }, Object.entries(REPORT_COLOURS).map(([k, c]) => h('li', {}, h('span', { class: 'rep rep-' + k, style: `--c:${c};width:16px;height:16px;line-height:12px;display:inline-block`, 'aria-hidden': 'true' }, REPORT_GLYPHS[k]), t('state.' + k)))),
    h('p', { class: 'hint' }, t('legend.places')),
  );
}
export const REPORT_GLYPHS = { submitted: '?', 'under-review': '…', verified: '✓', unverified: '~', rejected: '✗' };
export const REPORT_COLOURS = { submitted: '#c77700', 'under-review': '#0050a0', verified: '#b3261e', unverified: '#6b6b6b', rejected: '#9e9e9e' };
export function focusOn(g) {
  if (!g) return;
  try { map.fitBounds(L.geoJSON(g).getBounds(), { maxZoom: 13, padding: [30, 30] }); } catch (e) { /* empty */ }
}
