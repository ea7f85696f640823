import { $, h } from './dom.js';

// ---- map ------------------------------------------------------------

export const ZONE_COLOURS = {
  'de-escalation': '#1f77b4', 'no-strike': '#d62728', 'no-fly': '#9467bd', 'security-belt': '#ff7f0e',
  corridor: '#2ca02c', 'opposition-area': '#8c564b', 'designated-group-area': '#e377c2',
};
export const NOTIF_COLOURS = { strike: '#b3000c', flight: '#0050a0', 'ground-movement': '#7a4f00', 'humanitarian-movement': '#007a3d' };
export const SITE_COLOUR = '#6a1b9a';
export const ZONE_STATES = {
  proposed: { dashArray: '8 5', fillOpacity: 0.08 },
  active: { fillOpacity: 0.22 },
  suspended: { dashArray: '2 6', fillOpacity: 0.04, opacity: 0.6 },
  expired: { fillOpacity: 0.02, opacity: 0.4 },
  withdrawn: { fillOpacity: 0.02, opacity: 0.35, dashArray: '1 6' },
};

export let map, layers;
let drawHandler, drawTarget;

export function initMap() {
  map = L.map('map', { minZoom: 2, maxZoom: 18, zoomControl: true, worldCopyJump: true, attributionControl: true, keyboard: true }).setView([36.2, 37.15], 10);
  map.attributionControl.setPrefix('Leaflet');
  map.attributionControl.addAttribution('Borders: Natural Earth');
  layers = {
    zones: L.featureGroup().addTo(map),
    sites: L.featureGroup().addTo(map),
    notifications: L.featureGroup().addTo(map),
    // Reports cluster where they crowd; a cluster opens on click.
    reports: L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false }).addTo(map),
    conflicts: L.featureGroup().addTo(map),
    draft: L.featureGroup().addTo(map),
  };
  L.control.layers(null, {
    Zones: layers.zones, 'Protected sites': layers.sites, Notifications: layers.notifications,
    Reports: layers.reports, 'Conflict areas': layers.conflicts, Drawing: layers.draft,
  }, { collapsed: true }).addTo(map);
  L.control.scale({ imperial: false, position: 'bottomright' }).addTo(map);
  fetch('vendor/world-atlas/countries-50m.json').then((r) => r.json()).then((topo) => {
    const countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: '#7d8590', weight: 0.8, fillColor: '#f3f0e8', fillOpacity: 1 },
    }).addTo(map).bringToBack();
  }).catch(() => {});
  map.on(L.Draw.Event.CREATED, (e) => {
    const g = roundGeometry(e.layer.toGeoJSON().geometry);
    if (drawTarget) {
      $(drawTarget).value = JSON.stringify(g);
      $(drawTarget).dispatchEvent(new Event('input', { bubbles: true }));
      $(drawTarget).focus();
    }
    drawHandler = null;
  });
  window.truce = { map, layers }; // for the browser tests: lat/lng to pixels, what is drawn
  renderLegend();
  // On a phone the legend would cover the map: it starts folded.
  if (window.innerWidth < 900) document.querySelector('.legend').open = false;
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
    else lyr = L.circleMarker(ll, Object.assign({ radius: 6 }, style, { fillOpacity: 0.8 }));
  } else if (g.type === 'LineString' && opt.width) {
    lyr = L.geoJSON(g, { style: Object.assign({}, style, { weight: 5 }) });
  } else {
    lyr = L.geoJSON(g, { style });
  }
  if (opt.tooltip) lyr.bindTooltip(opt.tooltip, { sticky: true });
  if (opt.popup) lyr.bindPopup(opt.popup);
  lyr.addTo(group);
  return lyr;
}

export function renderLegend() {
  const sw = (c, cls) => h('span', { class: 'sw ' + (cls || ''), style: `border-color:${c};background:${c}33`, 'aria-hidden': 'true' });
  $('legend').replaceChildren(
    h('h3', {}, 'Zones, by kind'),
    h('ul', { class: 'two' }, Object.entries(ZONE_COLOURS).map(([k, c]) => h('li', {}, sw(c), k))),
    h('h3', {}, 'Zone state'),
    h('ul', {}, h('li', {}, sw('#444'), 'active (solid)'), h('li', {}, sw('#444', 'dashed'), 'proposed (dashed)'),
      h('li', {}, sw('#aaa', 'dashed'), 'suspended, expired, withdrawn (faint)')),
    h('h3', {}, 'Sites'),
    h('ul', {}, h('li', {}, sw(SITE_COLOUR, 'dot'), 'protected site and buffer'),
      h('li', {}, sw(SITE_COLOUR, 'dashed'), 'coarse area (exact place not shown)')),
    h('h3', {}, 'Notifications'),
    h('ul', { class: 'two' }, Object.entries(NOTIF_COLOURS).map(([k, c]) => h('li', {}, sw(c), k))),
    h('h3', {}, 'Reports, by review'),
    h('ul', { class: 'two' }, Object.entries(REPORT_COLOURS).map(([k, c]) => h('li', {}, sw(c, 'dot'), k))),
  );
}
export const REPORT_COLOURS = { submitted: '#c77700', 'under-review': '#0050a0', verified: '#b3261e', unverified: '#6b6b6b', rejected: '#9e9e9e' };
export function focusOn(g) {
  if (!g) return;
  try { map.fitBounds(L.geoJSON(g).getBounds(), { maxZoom: 13, padding: [30, 30] }); } catch (e) { /* empty */ }
}
