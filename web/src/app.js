// truce web app: one page over the API under /v1. Everything shown comes
// from the API with the member's token, so the page shows exactly what the
// caller's party may see; it applies no rights of its own.
//
// The token lives in sessionStorage only (this tab, until it closes).
// Strings from the API are always put in the page as text (textContent),
// never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const KEY = 'truce.token';
  let token = sessionStorage.getItem(KEY) || '';

  // ---- small helpers -------------------------------------------------

  // h builds an element: h('p', {class: 'x'}, 'text', child...).
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'style') el.style.cssText = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const kid of kids.flat()) {
      if (kid === undefined || kid === null || kid === false) continue;
      el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const fmtTime = (s) => {
    if (!s) return '';
    const d = new Date(s);
    return isNaN(d) ? s : d.toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  };
  // datetime-local values are local times; the API wants RFC 3339 UTC.
  const toISO = (v) => (v ? new Date(v).toISOString().replace(/\.\d+Z$/, 'Z') : undefined);
  const toLocalInput = (d) => {
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  };
  const num = (id) => {
    const v = $(id).value.trim();
    return v === '' ? undefined : Number(v);
  };

  class APIError extends Error {
    constructor(status, problem, text) {
      super((problem && (problem.detail || problem.title)) || text || 'HTTP ' + status);
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(method, path, body, headers) {
    const hdr = Object.assign({ Authorization: 'Bearer ' + token }, headers || {});
    if (body !== undefined) hdr['Content-Type'] = 'application/json';
    const text0 = body !== undefined ? JSON.stringify(body) : undefined;
    if (method !== 'GET') Object.assign(hdr, await window.truceSign.headers(method, path, text0 || '', S.clockOffset)); // sign.js
    const r = await fetch(path, { method, headers: hdr, body: text0 });
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (r.status === 401 && path === '/v1/me') throw new APIError(401, data, text);
    if (r.status === 401) { signOut('Your token was refused; sign in again.'); }
    if (!r.ok) throw new APIError(r.status, data, text);
    return { data, headers: r.headers };
  }

  // showResult writes the outcome of an act into a form's status region,
  // with one line per bad field from a problem document (RFC 9457).
  function showResult(el, err, okText) {
    el.replaceChildren();
    if (!err) {
      el.className = 'result ok';
      el.append(okText);
      return;
    }
    el.className = 'result error';
    el.append(h('p', {}, err.message));
    const errs = err.problem && err.problem.errors;
    if (errs && errs.length) el.append(h('ul', {}, errs.map((e) => h('li', {}, `${e.field}: ${e.message}`))));
  }

  function parseGeometry(id) {
    const v = $(id).value.trim();
    if (!v) return undefined;
    try { return JSON.parse(v); } catch (e) { return { invalid: v }; }
  }

  // ---- state ----------------------------------------------------------

  const S = { me: null, parties: new Map(), zones: [], sites: [], notifications: [], messages: [], reports: [], incidents: [], clockOffset: 0 };
  // centerNow is the center's clock (GET /v1/health), which deadlines and
  // lead times follow; the demo's runs in September 2016.
  const centerNow = () => new Date(Date.now() + S.clockOffset);
  const partyName = (id) => {
    if (id === 'coordinator') return 'the coordinator';
    const p = S.parties.get(id);
    return p ? p.name : id;
  };
  const zoneName = (id) => { const z = S.zones.find((x) => x.id === id); return z && z.name ? `${z.name} (${id})` : id; };
  const mine = (id) => S.me && id === S.me.party.id;

  // ---- map ------------------------------------------------------------

  const ZONE_COLOURS = {
    'de-escalation': '#1f77b4', 'no-strike': '#d62728', 'no-fly': '#9467bd', 'security-belt': '#ff7f0e',
    corridor: '#2ca02c', 'opposition-area': '#8c564b', 'designated-group-area': '#e377c2',
  };
  const NOTIF_COLOURS = { strike: '#b3000c', flight: '#0050a0', 'ground-movement': '#7a4f00', 'humanitarian-movement': '#007a3d' };
  const SITE_COLOUR = '#6a1b9a';
  const ZONE_STATES = {
    proposed: { dashArray: '8 5', fillOpacity: 0.08 },
    active: { fillOpacity: 0.22 },
    suspended: { dashArray: '2 6', fillOpacity: 0.04, opacity: 0.6 },
    expired: { fillOpacity: 0.02, opacity: 0.4 },
    withdrawn: { fillOpacity: 0.02, opacity: 0.35, dashArray: '1 6' },
  };

  let map, layers, drawHandler, drawTarget;

  function initMap() {
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

  function roundGeometry(g) {
    const r = (c) => (typeof c[0] === 'number' ? c.map((x) => Math.round(x * 1e6) / 1e6) : c.map(r));
    return { type: g.type, coordinates: r(g.coordinates) };
  }

  function startDraw(kind, target) {
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
  function showDraft(g, extra) {
    layers.draft.clearLayers();
    if (!g || !g.type) return;
    try {
      addGeometry(layers.draft, g, { color: '#000', weight: 2, dashArray: '4 3', fillOpacity: 0.1 }, extra);
    } catch (e) { /* typed text that is not (yet) a geometry */ }
  }

  // addGeometry adds a GeoJSON geometry to a layer; a Point with a radius
  // becomes a circle, a LineString with a width a corridor.
  function addGeometry(group, g, style, opt) {
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

  function renderLegend() {
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

  // ---- time slider ------------------------------------------------------

  // The slider runs in hours over the notifications' windows (or, with
  // none, from two days ago to two weeks ahead); its start is kept in
  // data-start.
  const T0 = () => Number($('time-slider').dataset.start || 0);
  function setSliderRange() {
    const hour = 3600e3;
    let lo = Infinity;
    let hi = -Infinity;
    for (const n of S.notifications) {
      for (const v of n.volumes || []) {
        lo = Math.min(lo, Date.parse(v.start));
        hi = Math.max(hi, Date.parse(v.end));
      }
    }
    if (!isFinite(lo)) { lo = centerNow().getTime() - 48 * hour; hi = centerNow().getTime() + 14 * 24 * hour; }
    lo = Math.floor(lo / hour) * hour;
    const keep = sliderTime();
    const el = $('time-slider');
    el.dataset.start = String(lo);
    el.max = String(Math.max(1, Math.ceil((hi - lo) / hour)));
    if (keep) el.value = String(Math.round((keep.getTime() - lo) / hour));
    el.setAttribute('aria-valuetext', $('time-label').value);
  }
  function sliderTime() {
    if ($('time-all').checked || !$('time-slider').dataset.start) return null;
    return new Date(T0() + Number($('time-slider').value) * 3600e3);
  }
  function onSlider() {
    $('time-slider').disabled = $('time-all').checked;
    const t = sliderTime();
    $('time-label').value = t ? fmtTime(t.toISOString()) : 'all times';
    $('time-slider').setAttribute('aria-valuetext', $('time-label').value);
    renderNotificationLayer();
  }

  // ---- rendering ------------------------------------------------------

  function zoneStyle(z) {
    const c = ZONE_COLOURS[z.kind] || '#555';
    const st = ZONE_STATES[z.state] || {};
    const s = Object.assign({ color: c, weight: 2, fillColor: c, fillOpacity: 0.15 }, st);
    if (!z.geometry) s.dashArray = '3 5'; // a coarse cover
    return s;
  }

  function zoneSummary(z) {
    return `${z.name || '(unnamed)'} — ${z.kind}, ${z.state}${z.geometry ? '' : ' (coarse area)'}`;
  }

  function renderZones() {
    layers.zones.clearLayers();
    for (const z of S.zones) {
      const g = z.geometry || z.coarse;
      if (!g) continue;
      addGeometry(layers.zones, g, zoneStyle(z), { tooltip: zoneSummary(z) });
    }
    const ul = $('zone-list');
    ul.replaceChildren(...S.zones.map(zoneCard));
    if (!S.zones.length) ul.append(h('li', { class: 'hint' }, 'No zones you may see.'));
  }

  function zoneCard(z) {
    const endorsed = z.endorsements || [];
    const canEndorse = z.state === 'proposed' && (z.endorsers || []).includes(S.me.party.id) && !endorsed.some((e) => e.party === S.me.party.id);
    const isCoord = S.me.party.kind === 'coordinator';
    const act = (path, label, cls) => h('button', { type: 'button', class: cls, onclick: () => zoneAct(z, path) }, label);
    return h('li', { class: 'card', style: `--c:${ZONE_COLOURS[z.kind] || '#888'}`, 'data-zone': z.id },
      h('h3', {}, z.name || '(unnamed zone)', ' ', h('span', { class: 'pill ' + z.state }, z.state)),
      h('p', { class: 'meta' }, `${z.kind} · v${z.version} · ${z.disclosure}${z.geometry ? '' : ' (you see a coarse area)'} · by ${partyName(z.owner)}`),
      h('p', {}, `Valid ${fmtTime(z.valid.start)} – ${fmtTime(z.valid.end)}`),
      h('p', {}, `Restricts ${(z.restricts.parties || []).map(partyName).join(', ')} from ${(z.restricts.activities || []).join(', ')}`),
      h('p', {}, `Endorsed by ${endorsed.length} of ${(z.endorsers || []).length}: `,
        (z.endorsers || []).map((p) => partyName(p) + (endorsed.some((e) => e.party === p) ? ' ✓' : ' …')).join(', ')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => focusOn(z.geometry || z.coarse) }, 'Show on map'),
        canEndorse && act('endorsements', 'Endorse', 'primary'),
        (mine(z.owner) || isCoord) && !['withdrawn', 'expired'].includes(z.state) &&
          h('button', { type: 'button', onclick: () => editZone(z) }, 'Change'),
        (mine(z.owner) || isCoord) && !['withdrawn', 'expired'].includes(z.state) && act('withdraw', 'Withdraw', 'danger'),
        isCoord && z.state === 'active' && act('suspend', 'Suspend'),
        isCoord && z.state === 'suspended' && act('resume', 'Resume'),
      ),
      h('div', { class: 'result', role: 'status' }));
  }

  let zoneEditing = null;
  function editZone(z) {
    zoneEditing = z.id;
    $('zone-propose').open = true;
    $('zone-form-title').textContent = `Change zone ${z.id}`;
    $('zone-editing').hidden = false;
    $('zone-editing').textContent = `Changing ${z.name || z.id} (version ${z.version}); the change becomes version ${z.version + 1} and needs every endorsement again.`;
    $('zone-submit').textContent = 'Save as a new version';
    $('zone-cancel-edit').hidden = false;
    $('zone-name').value = z.name || '';
    $('zone-kind').value = z.kind;
    $('zone-geometry').value = z.geometry ? JSON.stringify(z.geometry) : '';
    showDraft(z.geometry);
    if (z.altitude) { $('zone-alt-min').value = z.altitude.min_m; $('zone-alt-max').value = z.altitude.max_m; }
    $('zone-start').value = toLocalInput(new Date(z.valid.start));
    $('zone-end').value = toLocalInput(new Date(z.valid.end));
    const tick = (id, vals) => document.querySelectorAll(`#${id} input`).forEach((i) => { i.checked = vals.includes(i.value); });
    tick('zone-restricts', z.restricts.parties || []);
    tick('zone-activities', z.restricts.activities || []);
    tick('zone-endorsers', z.endorsers || []);
    $('zone-disclosure').value = z.disclosure;
    $('zone-name').focus();
  }
  function stopEditZone() {
    zoneEditing = null;
    $('zone-form-title').textContent = 'Propose a zone';
    $('zone-editing').hidden = true;
    $('zone-submit').textContent = 'Propose zone';
    $('zone-cancel-edit').hidden = true;
  }

  async function zoneAct(z, path) {
    const card = document.querySelector(`[data-zone="${z.id}"] .result`);
    try {
      await api('POST', `/v1/zones/${z.id}/${path}`, {});
      await loadObjects();
      const c = document.querySelector(`[data-zone="${z.id}"] .result`);
      if (c) showResult(c, null, path === 'endorsements' ? 'Endorsed.' : 'Done.');
    } catch (e) { if (card) showResult(card, e); }
  }

  function focusOn(g) {
    if (!g) return;
    try { map.fitBounds(L.geoJSON(g).getBounds(), { maxZoom: 13, padding: [30, 30] }); } catch (e) { /* empty */ }
  }

  function renderSites() {
    layers.sites.clearLayers();
    for (const s of S.sites) {
      const removed = s.state === 'removed';
      const style = { color: SITE_COLOUR, weight: 2, fillColor: SITE_COLOUR, fillOpacity: removed ? 0.03 : 0.2, opacity: removed ? 0.4 : 1 };
      const tip = `${s.name || '(name not shown)'} — ${s.category}${removed ? ', removed' : ''}`;
      if (s.geometry) {
        addGeometry(layers.sites, s.geometry, style, { tooltip: tip });
        if (s.geometry.type === 'Point' && s.buffer_m > 0) {
          addGeometry(layers.sites, s.geometry, Object.assign({}, style, { fillOpacity: 0.06, dashArray: '2 3' }), { radius: s.buffer_m });
        }
      } else if (s.coarse) {
        addGeometry(layers.sites, s.coarse, Object.assign({}, style, { dashArray: '3 5', fillOpacity: 0.1 }), { tooltip: tip + ' (coarse area)' });
      }
    }
    const ul = $('site-list');
    ul.replaceChildren(...S.sites.map(siteCard));
    if (!S.sites.length) ul.append(h('li', { class: 'hint' }, 'No protected sites you may see.'));
  }

  function siteCard(s) {
    const acks = s.acknowledgements || [];
    const of = s.state === 'removed' ? 'remove' : 'add';
    const canAck = (s.recipients || []).includes(S.me.party.id) && !acks.some((a) => a.party === S.me.party.id && a.of === of);
    return h('li', { class: 'card', style: `--c:${SITE_COLOUR}`, 'data-site': s.id },
      h('h3', {}, s.name || '(name not shown)', ' ', h('span', { class: 'pill ' + s.state }, s.state)),
      h('p', { class: 'meta' }, `${s.category} · ${s.disclosure}${s.geometry ? '' : ' (you see a coarse area)'} · buffer ${s.buffer_m} m · by ${partyName(s.owner)}`),
      h('p', {}, `Valid ${fmtTime(s.valid.start)} – ${fmtTime(s.valid.end)}`),
      (s.recipients || []).length ? h('p', {}, 'Recipients: ', s.recipients.map(partyName).join(', '),
        acks.length ? ` · acknowledged by ${acks.map((a) => `${partyName(a.party)} (${a.of})`).join(', ')}` : '') : null,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => focusOn(s.geometry || s.coarse) }, 'Show on map'),
        canAck && h('button', { type: 'button', class: 'primary', onclick: () => siteAct(s, 'POST', `/v1/sites/${s.id}/acknowledgements`, {}) },
          of === 'add' ? 'Acknowledge' : 'Acknowledge removal'),
        mine(s.owner) && s.state === 'active' && h('button', { type: 'button', class: 'danger', onclick: () => siteAct(s, 'DELETE', `/v1/sites/${s.id}`) }, 'Remove'),
      ),
      h('div', { class: 'result', role: 'status' }));
  }

  async function siteAct(s, method, path, body) {
    try {
      await api(method, path, body);
      await loadObjects();
      const c = document.querySelector(`[data-site="${s.id}"] .result`);
      if (c) showResult(c, null, 'Done.');
    } catch (e) {
      const c = document.querySelector(`[data-site="${s.id}"] .result`);
      if (c) showResult(c, e);
    }
  }

  function volumeVisible(v, t) {
    if (!t) return true;
    return new Date(v.start) <= t && t < new Date(v.end);
  }

  function renderNotificationLayer() {
    if (!layers) return;
    layers.notifications.clearLayers();
    const t = sliderTime();
    for (const n of S.notifications) {
      if (['cancelled', 'expired'].includes(n.state)) continue;
      const c = NOTIF_COLOURS[n.kind] || '#333';
      (n.volumes || []).forEach((v, i) => {
        if (!volumeVisible(v, t)) return;
        addGeometry(layers.notifications, v.geometry, { color: c, weight: 2, fillColor: c, fillOpacity: 0.25 }, {
          radius: v.radius_m, width: v.width_m,
          tooltip: `${n.title || n.kind} (${n.kind}, ${n.state}) — ${fmtTime(v.start)} to ${fmtTime(v.end)}${n.volumes.length > 1 ? ', volume ' + i : ''}`,
        });
      });
    }
  }

  function conflictText(cf) {
    const w = cf.with || {};
    let what;
    if (w.type === 'site') what = w.name ? `protected site “${w.name}” (${w.category || 'site'})` : `a protected ${w.category || 'site'} whose place is not shown (coarse area on the map)`;
    else if (w.type === 'zone') what = w.name ? `zone “${w.name}”` : `a ${w.kind || ''} zone whose place is not shown (coarse area on the map)`;
    else if (w.type === 'notification') what = `${w.kind || 'notification'} ${w.name ? '“' + w.name + '”' : w.id || ''}${w.party ? ' by ' + partyName(w.party) : ''}`;
    else what = w.type || 'an object';
    const ov = cf.overlap ? ` during ${fmtTime(cf.overlap.start)} – ${fmtTime(cf.overlap.end)}` : '';
    return `${cf.rule}: ${what}, volume ${cf.volume}${ov}`;
  }

  // replaceKeeping replaces a list's items, keeping what the user was
  // typing in them (and the focus): lists re-render whenever the log
  // moves.
  function replaceKeeping(ul, items) {
    const typed = new Map([...ul.querySelectorAll('input[id]')].map((i) => [i.id, i.value]));
    const focused = ul.contains(document.activeElement) ? document.activeElement.id : null;
    ul.replaceChildren(...items);
    for (const [id, v] of typed) { const el = document.getElementById(id); if (el && v) el.value = v; }
    if (focused && $(focused)) $(focused).focus();
  }

  function renderNotifications() {
    setSliderRange();
    renderNotificationLayer();
    const list = S.notifications.slice().sort((a, b) => (b.submitted_log_index || 0) - (a.submitted_log_index || 0));
    const ul = $('notification-list');
    replaceKeeping(ul, list.map(notificationCard));
    if (!list.length) ul.append(h('li', { class: 'hint' }, 'No notifications.'));
  }

  function notificationCard(n) {
    const me = S.me.party.id;
    const acks = n.acknowledgements || [];
    const mustAnswer = n.state === 'submitted' && (n.must_acknowledge || []).includes(me) && !acks.some((a) => a.party === me);
    const noteId = 'note-' + n.id;
    return h('li', { class: 'card', style: `--c:${NOTIF_COLOURS[n.kind] || '#888'}`, 'data-notification': n.id },
      h('h3', {}, n.title || n.kind, ' ', h('span', { class: 'pill ' + n.state }, n.state), n.urgent ? h('span', { class: 'pill urgent' }, 'urgent') : null),
      h('p', { class: 'meta' }, `${n.kind} · ${n.id} · by ${partyName(n.party)}`),
      (n.volumes || []).map((v) => h('p', {}, `${v.geometry.type} ${fmtTime(v.start)} – ${fmtTime(v.end)}, ${v.altitude.min_m}–${v.altitude.max_m} m`)),
      (n.conflicts || []).length
        ? h('div', { class: 'conflicts' }, h('p', { class: 'bad' }, `${n.conflicts.length} conflict(s)`), h('ul', {}, n.conflicts.map((c) => h('li', {}, conflictText(c)))))
        : h('p', {}, 'No conflicts.'),
      (n.must_acknowledge || []).length ? h('p', {}, 'Must acknowledge: ', n.must_acknowledge.map(partyName).join(', '),
        n.ack_deadline ? ` by ${fmtTime(n.ack_deadline)}` : '') : null,
      acks.map((a) => h('p', {}, `${partyName(a.party)}: ${a.decision}${a.note ? ' — ' + a.note : ''} (${fmtTime(a.at)})`)),
      h('div', { class: 'actions' },
        (n.volumes || []).length ? h('button', { type: 'button', onclick: () => focusOn({ type: 'GeometryCollection', geometries: n.volumes.map((v) => v.geometry) }) }, 'Show on map') : null,
        mustAnswer && [
          h('button', { type: 'button', class: 'primary', onclick: () => answer(n, 'acknowledge') }, 'Acknowledge'),
          h('label', { for: noteId, class: 'inline' }, 'Note'),
          h('input', { id: noteId, type: 'text', placeholder: 'reason (needed to object)' }),
          h('button', { type: 'button', class: 'danger', onclick: () => answer(n, 'object') }, 'Object'),
        ],
        mine(n.party) && ['submitted', 'acknowledged', 'objected'].includes(n.state) &&
          h('button', { type: 'button', class: 'danger', onclick: () => notifAct(n, `/v1/notifications/${n.id}/cancel`, {}) }, 'Cancel'),
      ),
      h('div', { class: 'result', role: 'status' }));
  }

  function answer(n, decision) {
    const noteEl = $('note-' + n.id);
    const body = { decision };
    if (noteEl && noteEl.value.trim()) body.note = noteEl.value.trim();
    return notifAct(n, `/v1/notifications/${n.id}/acknowledgements`, body, decision === 'object' ? 'Objection sent.' : 'Acknowledged.');
  }

  async function notifAct(n, path, body, ok) {
    try {
      await api('POST', path, body);
      await loadObjects();
      const c = document.querySelector(`[data-notification="${n.id}"] .result`);
      if (c) showResult(c, null, ok || 'Done.');
    } catch (e) {
      const c = document.querySelector(`[data-notification="${n.id}"] .result`);
      if (c) showResult(c, e);
    }
  }


  // ---- reports, incidents, charts -------------------------------------------

  const ACLED = {
    Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
    'Explosions/Remote violence': ['Chemical weapon', 'Air/drone strike', 'Suicide bomb', 'Shelling/artillery/missile attack', 'Remote explosive/landmine/IED', 'Grenade'],
    'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
    Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
    Riots: ['Violent demonstration', 'Mob violence'],
    'Strategic developments': ['Agreement', 'Arrests', 'Change to group/activity', 'Disrupted weapons use', 'Headquarters or base established',
      'Looting/property destruction', 'Non-violent transfer of territory', 'Other'],
  };
  const REPORT_COLOURS = { submitted: '#c77700', 'under-review': '#0050a0', verified: '#b3261e', unverified: '#6b6b6b', rejected: '#9e9e9e' };
  let reportsThere = true;

  function initReports() {
    const fillSubs = () => $('report-sub').replaceChildren(...ACLED[$('report-type').value].map((v) => h('option', { value: v }, v)));
    $('report-type').replaceChildren(...Object.keys(ACLED).map((v) => h('option', { value: v }, v)));
    $('report-type').value = 'Explosions/Remote violence';
    fillSubs();
    $('report-sub').value = 'Air/drone strike';
    $('report-type').addEventListener('change', fillSubs);
    $('report-location').addEventListener('input', () => showDraft(parseGeometry('report-location')));
    $('chart-zone').addEventListener('change', loadChart);
    $('chart-all').addEventListener('change', loadChart);
    $('report-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = {
        occurred_at: toISO($('report-at').value), time_precision: Number($('report-tp').value),
        location: parseGeometry('report-location') || null, geo_precision: Number($('report-gp').value),
        place: $('report-place').value.trim(), event_type: $('report-type').value, sub_event_type: $('report-sub').value,
        actor1: $('report-actor1').value.trim(), actor2: $('report-actor2').value.trim(), fatalities: num('report-fatalities') || 0,
        notes: $('report-notes').value.trim(),
        sources: [{ name: $('report-src-name').value.trim(), url: $('report-src-url').value.trim(), scale: $('report-src-scale').value }],
      };
      for (const k of ['place', 'actor2', 'notes']) if (!body[k]) delete body[k];
      if (!body.sources[0].url) delete body.sources[0].url;
      try {
        const { data } = await api('POST', '/v1/reports', body);
        showResult($('report-result'), null, `Filed ${data.id} (log entry ${data.log_index})${(data.zones || []).length ? ', in zone ' + data.zones.join(', ') : ''}.`);
        $('report-location').value = '';
        layers.draft.clearLayers();
        await loadReports();
      } catch (err) { showResult($('report-result'), err); }
    });
  }

  async function loadReports() {
    if (!reportsThere) return;
    try {
      const [r, i] = await Promise.all([api('GET', '/v1/reports'), api('GET', '/v1/incidents')]);
      S.reports = r.data || [];
      S.incidents = i.data || [];
    } catch (e) {
      if (e.status === 404) { reportsThere = false; $('tab-reports').hidden = true; return; }
      throw e;
    }
    renderReports();
    loadChart();
  }

  function renderReports() {
    layers.reports.clearLayers();
    for (const r of S.reports) {
      if (!r.location) continue;
      const c = REPORT_COLOURS[r.status] || '#555';
      const ll = [r.location.coordinates[1], r.location.coordinates[0]];
      L.circleMarker(ll, { radius: 5 + Math.min(12, Math.sqrt(r.fatalities || 0) * 2), color: '#fff', weight: 1.5, fillColor: c, fillOpacity: 0.9 })
        .bindTooltip(`${r.sub_event_type} at ${r.place || 'a place'}, ${fmtTime(r.occurred_at)} — ${r.fatalities} killed, ${r.status}`)
        .addTo(layers.reports);
    }
    const isReviewer = ['coordinator', 'observer'].includes(S.me.party.kind);
    const list = S.reports.slice().reverse();
    replaceKeeping($('report-list'), list.map((r) => reportCard(r, isReviewer)));
    if (!list.length) $('report-list').append(h('li', { class: 'hint' }, 'No reports you may see.'));
    $('incident-list').replaceChildren(...S.incidents.map((i) => h('li', { class: 'card', style: '--c:#b3261e', 'data-incident': i.id },
      h('h3', {}, `${i.id}: ${i.event_type}`),
      h('p', {}, `${fmtTime(i.start)} – ${fmtTime(i.end)} · ${i.reports.length} report(s) · ${i.independent_sources} independent source(s) · confidence ${Math.round((i.confidence || 0) * 100)}% · ${i.fatalities} killed`))));
    if (!S.incidents.length) $('incident-list').append(h('li', { class: 'hint' }, 'No incidents.'));
    const zsel = $('chart-zone');
    const cur = zsel.value;
    zsel.replaceChildren(h('option', { value: '' }, 'all zones and places'), ...S.zones.map((z) => h('option', { value: z.id }, z.name || z.id)));
    zsel.value = cur;
  }

  function reportCard(r, isReviewer) {
    const noteId = 'review-note-' + r.id;
    const review = (status) => reportAct(r, `/v1/reports/${r.id}/reviews`, (() => {
      const b = { status };
      const n = $(noteId) && $(noteId).value.trim();
      if (n) b.note = n;
      return b;
    })());
    return h('li', { class: 'card', style: `--c:${REPORT_COLOURS[r.status] || '#888'}`, 'data-report': r.id },
      h('h3', {}, `${r.sub_event_type} — ${r.place || '(no place name)'}`, ' ', h('span', { class: 'pill ' + r.status }, r.status)),
      h('p', { class: 'meta' }, `${r.id} · ${r.event_type} · ${fmtTime(r.occurred_at)} · by ${partyName(r.party)}${r.incident ? ' · incident ' + r.incident : ''}`),
      h('p', {}, `${r.actor1}${r.actor2 ? ' against ' + r.actor2 : ''} · ${r.fatalities} killed${(r.zones || []).length ? ' · in zone ' + r.zones.map(zoneName).join(', ') : ''}`),
      r.notes ? h('p', {}, r.notes) : null,
      (r.sources || []).length ? h('p', { class: 'meta' }, 'Sources: ', r.sources.map((x) => `${x.name} (${x.scale})`).join(', ')) : null,
      (r.reviews || []).map((v) => h('p', {}, `Review: ${v.status}${v.note ? ' — ' + v.note : ''}`)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => focusOn(r.location) }, 'Show on map'),
        isReviewer && r.status === 'submitted' && h('button', { type: 'button', onclick: () => review('under-review') }, 'Take under review'),
        isReviewer && r.status === 'under-review' && [
          h('label', { for: noteId, class: 'inline' }, 'Note'),
          h('input', { id: noteId, type: 'text' }),
          h('button', { type: 'button', class: 'primary', onclick: () => review('verified') }, 'Verified'),
          h('button', { type: 'button', onclick: () => review('unverified') }, 'Unverified'),
          h('button', { type: 'button', class: 'danger', onclick: () => review('rejected') }, 'Reject'),
        ]),
      h('div', { class: 'result', role: 'status' }));
  }

  async function reportAct(r, path, body) {
    try {
      await api('POST', path, body);
      await loadReports();
    } catch (e) {
      const c = document.querySelector(`[data-report="${r.id}"] .result`);
      if (c) showResult(c, e);
    }
  }

  // loadChart draws violations per day (the stats endpoint counts
  // verified reports unless asked for all) as bars, with a table for
  // screen readers.
  async function loadChart() {
    const q = new URLSearchParams({ bucket: 'day', by: 'perpetrator' });
    if ($('chart-zone').value) q.set('zone', $('chart-zone').value);
    if ($('chart-all').checked) q.set('include', 'all');
    let rows;
    try { rows = (await api('GET', '/v1/stats/violations?' + q)).data || []; } catch (e) { $('chart').replaceChildren(h('p', { class: 'error' }, e.message)); return; }
    const days = new Map();
    for (const r of rows) {
      const d = r.bucket.slice(0, 10);
      const x = days.get(d) || { reports: 0, fatalities: 0, keys: [] };
      x.reports += r.reports;
      x.fatalities += r.fatalities;
      x.keys.push(`${r.key} ${r.reports}`);
      days.set(d, x);
    }
    const max = Math.max(1, ...[...days.values()].map((x) => x.reports));
    $('chart').replaceChildren(...[...days.entries()].map(([d, x]) => h('div', { class: 'bar' },
      h('span', {}, d),
      h('span', { class: 'fill', style: `width:${Math.max(8, (x.reports / max) * 100)}%`, title: x.keys.join(', ') }, `${x.reports} · ${x.fatalities} killed`))));
    if (!days.size) $('chart').append(h('p', { class: 'hint' }, 'No violations counted.'));
    $('chart').setAttribute('aria-label', `Violations per day: ${[...days.entries()].map(([d, x]) => `${d}: ${x.reports} reports, ${x.fatalities} killed`).join('; ') || 'none'}`);
  }

  // ---- hotline ----------------------------------------------------------

  function received(m) {
    return m.from.party !== S.me.party.id && (m.to || []).some((p) => p === S.me.party.id || (p === 'coordinator' && S.me.party.kind === 'coordinator'));
  }
  function ackedByMe(m) {
    return (m.acknowledgements || []).some((a) => a.by && a.by.party === S.me.party.id);
  }
  // unread: received and not yet acknowledged by the caller's party.
  const unread = (m) => received(m) && !ackedByMe(m);

  function renderHotline() {
    const list = S.messages.slice().reverse();
    const ul = $('message-list');
    ul.replaceChildren(...list.map(messageCard));
    if (!list.length) ul.append(h('li', { class: 'hint' }, 'No messages.'));
    const n = S.messages.filter(unread).length;
    $('unread-count').textContent = n;
    $('hotline-badge').hidden = n === 0;
    $('hotline-badge').setAttribute('aria-label', `Hotline: ${n} unread message${n === 1 ? '' : 's'}`);
    $('tab-unread').hidden = n === 0;
    $('tab-unread').textContent = n;
    renderAlerts();
  }

  function messageCard(m) {
    const to = (m.to || []).map(partyName).join(', ');
    const cls = 'card ' + m.priority;
    return h('li', { class: cls, style: `--c:${m.priority === 'flash' ? '#b3261e' : m.priority === 'urgent' ? '#a04800' : '#888'}`, 'data-message': m.id },
      h('h3', {}, m.subject || '(no subject)', ' ', h('span', { class: 'pill ' + m.priority }, m.priority), unread(m) ? h('span', { class: 'pill flash' }, 'unread') : null),
      h('p', { class: 'meta' }, `${m.id} · from ${partyName(m.from.party)} to ${to} · ${fmtTime(m.sent_at)}`),
      m.body ? h('p', {}, m.body) : null,
      (m.awaiting || []).length ? h('p', {}, 'Awaiting acknowledgement from ', m.awaiting.map(partyName).join(', '), m.ack_due ? ` (due ${fmtTime(m.ack_due)})` : '') : null,
      (m.acknowledgements || []).length ? h('p', {}, 'Acknowledged by ', m.acknowledgements.map((a) => partyName(a.by.party) + (a.late ? ' (late)' : '')).join(', ')) : null,
      (m.alerts || []).length ? h('p', { class: 'error' }, 'Escalated to the coordinator: not acknowledged in time.') : null,
      h('div', { class: 'actions' },
        unread(m) && h('button', { type: 'button', class: 'primary', onclick: () => ackMessage(m) }, 'Acknowledge'),
        h('button', { type: 'button', onclick: () => reply(m) }, 'Reply')),
      h('div', { class: 'result', role: 'status' }));
  }

  let replyTo = null;
  function reply(m) {
    replyTo = m.id;
    $('hotline-compose').open = true;
    for (const cb of document.querySelectorAll('#message-to input')) cb.checked = cb.value === m.from.party;
    $('message-subject').value = m.subject && !m.subject.startsWith('Re: ') ? 'Re: ' + m.subject : m.subject || '';
    $('message-body').focus();
  }

  async function ackMessage(m) {
    try {
      await api('POST', `/v1/messages/${m.id}/acknowledgements`, {});
      await loadMessages();
    } catch (e) {
      const c = document.querySelector(`[data-message="${m.id}"] .result`);
      if (c) showResult(c, e);
    }
  }

  // Alerts that cannot be missed: every urgent or flash message the
  // caller's party has not acknowledged stays in a red bar above
  // everything, announced by screen readers, until acknowledged.
  let alerted = new Set();
  let alertKey = null;
  function renderAlerts() {
    const pending = S.messages.filter((m) => unread(m) && (m.priority === 'flash' || m.priority === 'urgent'));
    // Re-render only when the set changes, so that screen readers
    // announce an alert once, not at every reload.
    const key = pending.map((m) => m.id).join(',');
    if (key === alertKey) return;
    alertKey = key;
    $('alerts').replaceChildren(...pending.map((m) => h('div', { class: 'alert ' + m.priority, 'data-alert': m.id },
      h('strong', {}, `${m.priority.toUpperCase()} from ${partyName(m.from.party)}:`),
      h('span', {}, m.subject || '(no subject)'),
      m.ack_due ? h('span', {}, `acknowledge by ${fmtTime(m.ack_due)}`) : null,
      h('button', { type: 'button', onclick: () => ackMessage(m) }, 'Acknowledge'),
      h('button', { type: 'button', onclick: () => { selectTab('tab-hotline'); const c = document.querySelector(`[data-message="${m.id}"]`); if (c) c.scrollIntoView(); } }, 'Open'))));
    const fresh = pending.filter((m) => !alerted.has(m.id));
    fresh.forEach((m) => alerted.add(m.id));
    document.title = (pending.length ? `(${pending.length}!) ` : '') + 'truce — ceasefire coordination center';
    if (fresh.length) beep();
  }

  function beep() {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const o = ctx.createOscillator();
      o.frequency.value = 880;
      o.connect(ctx.destination);
      o.start();
      o.stop(ctx.currentTime + 0.25);
    } catch (e) { /* no audio */ }
  }

  // ---- loading ----------------------------------------------------------

  async function loadParties() {
    const { data } = await api('GET', '/v1/parties');
    S.parties = new Map(data.map((p) => [p.id, p]));
    fillPartyChoices();
    renderParties();
  }

  async function loadObjects() {
    const [z, s, n] = await Promise.all([api('GET', '/v1/zones'), api('GET', '/v1/sites'), api('GET', '/v1/notifications')]);
    S.zones = z.data || [];
    S.sites = s.data || [];
    S.notifications = n.data || [];
    renderZones();
    renderSites();
    renderNotifications();
  }

  let hotlineThere = true;
  async function loadMessages() {
    if (!hotlineThere) return;
    try {
      const { data } = await api('GET', '/v1/messages');
      S.messages = data || [];
    } catch (e) {
      if (e.status === 404) { hotlineThere = false; $('tab-hotline').hidden = true; return; }
      throw e;
    }
    renderHotline();
  }

  function checks(container, name, items, checked) {
    const prev = new Set([...container.querySelectorAll('input:checked')].map((i) => i.value));
    container.replaceChildren(...items.map(([value, label]) => h('label', {},
      h('input', { type: 'checkbox', name, value, checked: prev.size ? prev.has(value) : (checked && checked(value)) }), label)));
  }

  function fillPartyChoices() {
    const all = [...S.parties.values()];
    const others = all.filter((p) => p.id !== S.me.party.id);
    const armed = all.filter((p) => p.kind === 'party');
    checks($('zone-restricts'), 'restricts', armed.map((p) => [p.id, p.name]));
    checks($('zone-endorsers'), 'endorsers', all.filter((p) => p.kind !== 'observer').map((p) => [p.id, p.name]));
    checks($('site-recipients'), 'recipients', others.map((p) => [p.id, p.name]));
    checks($('message-to'), 'to', others.map((p) => [p.id, p.name + (p.kind === 'coordinator' ? ' (coordinator)' : '')]));
  }

  function renderParties() {
    const isCoord = S.me.party.kind === 'coordinator';
    $('coordinator-forms').hidden = !isCoord;
    $('party-list').replaceChildren(...[...S.parties.values()].map((p) => h('li', { class: 'card', 'data-party': p.id },
      h('h3', {}, p.name, mine(p.id) ? ' (you)' : ''), h('p', { class: 'meta' }, `${p.kind} · ${p.id}`))));
    $('member-party').replaceChildren(...[...S.parties.values()].map((p) => h('option', { value: p.id }, p.name)));
    window.truceMembers.render(api, h, S.me, [...S.parties.values()]); // members.js
  }

  async function loadAccess() {
    try {
      const { data } = await api('GET', '/v1/access-records');
      const list = (data || []).slice().reverse();
      $('access-list').replaceChildren(...list.map((a) => h('li', {},
        `${fmtTime(a.at)}: ${partyName(a.party)} (member ${a.member}) was shown ${(a.objects || []).map((o) => o.type + ' ' + o.id).join(', ')} via ${a.path}`)));
      if (!list.length) $('access-list').append(h('li', {}, 'Nobody outside your party has been shown your precise coordinates.'));
    } catch (err) { $('access-list').replaceChildren(h('li', { class: 'error' }, err.message)); }
  }

  const selected = (id) => [...document.querySelectorAll(`#${id} input:checked`)].map((i) => i.value);

  // ---- forms ------------------------------------------------------------

  function initForms() {
    const opts = (sel, values) => $(sel).replaceChildren(...values.map((v) => h('option', { value: v }, v)));
    opts('zone-kind', Object.keys(ZONE_COLOURS));
    $('zone-kind').value = 'no-strike';
    opts('site-category', ['hospital', 'school', 'aid-office', 'warehouse', 'camp', 'water', 'power', 'other']);
    checks($('zone-activities'), 'activities', ['strike', 'flight', 'ground-movement', 'humanitarian-movement'].map((a) => [a, a]), (v) => v === 'strike');

    const now = centerNow();
    const at = (hours) => toLocalInput(new Date(now.getTime() + hours * 3600e3));
    $('report-at').value = at(-1);
    $('zone-start').value = at(0); $('zone-end').value = at(24 * 30);
    $('site-start').value = at(0); $('site-end').value = at(24 * 30);
    $('notify-start').value = at(2); $('notify-end').value = at(3);

    document.querySelectorAll('button[data-draw]').forEach((b) =>
      b.addEventListener('click', () => startDraw(b.dataset.draw, b.dataset.target)));
    for (const id of ['zone-geometry', 'site-geometry']) {
      $(id).addEventListener('input', () => showDraft(parseGeometry(id)));
    }
    $('zone-cancel-edit').addEventListener('click', () => { stopEditZone(); layers.draft.clearLayers(); });
    $('access').addEventListener('toggle', () => { if ($('access').open) loadAccess(); });
    $('party-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const { data } = await api('POST', '/v1/parties', { name: $('party-name').value.trim(), kind: $('party-kind').value });
        showResult($('party-result'), null, `Registered ${data.name} as ${data.id} (log entry ${data.log_index}).`);
        $('party-name').value = '';
        await loadParties();
      } catch (err) { showResult($('party-result'), err); }
    });
    $('member-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const { data } = await api('POST', `/v1/parties/${$('member-party').value}/members`, { name: $('member-name').value.trim() });
        const out = $('member-result');
        showResult(out, null, `Registered member ${data.id} (log entry ${data.log_index}). Its token, shown this once — hand it over securely:`);
        out.append(h('p', { class: 'mono', tabindex: '0' }, data.token));
        $('member-name').value = '';
      } catch (err) { showResult($('member-result'), err); }
    });
    $('site-disclosure').addEventListener('change', () => {
      const hidden = $('site-disclosure').value === 'hidden';
      $('site-recipients-set').disabled = hidden;
      if (hidden) document.querySelectorAll('#site-recipients input').forEach((i) => { i.checked = false; });
    });

    $('zone-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = {
        name: $('zone-name').value.trim(), kind: $('zone-kind').value, geometry: parseGeometry('zone-geometry') || null,
        altitude: { min_m: num('zone-alt-min') || 0, max_m: num('zone-alt-max') || 0 },
        valid: { start: toISO($('zone-start').value), end: toISO($('zone-end').value) },
        restricts: { parties: selected('zone-restricts'), activities: selected('zone-activities') },
        endorsers: selected('zone-endorsers'), disclosure: $('zone-disclosure').value,
      };
      try {
        let data;
        if (zoneEditing) {
          // A change is a new version: it names the version it changes
          // (If-Match), so a change made meanwhile is not overwritten.
          const cur = await api('GET', `/v1/zones/${zoneEditing}`);
          if (!body.geometry) delete body.geometry; // a coarse view: keep the shape
          ({ data } = await api('PATCH', `/v1/zones/${zoneEditing}`, body, { 'If-Match': cur.headers.get('ETag') }));
          showResult($('zone-result'), null, `Changed ${data.id}: version ${data.version} (log entry ${data.log_index}); it needs endorsing again.`);
          stopEditZone();
        } else {
          ({ data } = await api('POST', '/v1/zones', body));
          showResult($('zone-result'), null, `Proposed ${data.id} (log entry ${data.log_index}); it needs ${data.endorsers.length} endorsement(s).`);
        }
        layers.draft.clearLayers();
        $('zone-geometry').value = '';
        await loadObjects();
      } catch (err) { showResult($('zone-result'), err); }
    });

    $('site-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = {
        name: $('site-name').value.trim(), category: $('site-category').value, geometry: parseGeometry('site-geometry') || null,
        buffer_m: num('site-buffer') || 0,
        valid: { start: toISO($('site-start').value), end: toISO($('site-end').value) },
        disclosure: $('site-disclosure').value, recipients: selected('site-recipients'),
      };
      try {
        const { data } = await api('POST', '/v1/sites', body);
        showResult($('site-result'), null, `Added ${data.id} (log entry ${data.log_index}).`);
        layers.draft.clearLayers();
        $('site-geometry').value = '';
        await loadObjects();
      } catch (err) { showResult($('site-result'), err); }
    });

    const notifyBody = () => {
      const g = parseGeometry('notify-geometry');
      const vol = {
        geometry: g || null, altitude: { min_m: num('notify-alt-min') || 0, max_m: num('notify-alt-max') || 0 },
        start: toISO($('notify-start').value), end: toISO($('notify-end').value),
      };
      if (g && g.type === 'Point') vol.radius_m = num('notify-radius') || 0;
      if (g && g.type === 'LineString') vol.width_m = num('notify-width') || 0;
      const body = { kind: $('notify-kind').value, urgent: $('notify-urgent').checked, volumes: [vol] };
      const title = $('notify-title').value.trim();
      if (title) body.title = title;
      return body;
    };
    let timer = null;
    let seq = 0;
    const recheck = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const body = notifyBody();
        const g = body.volumes[0].geometry;
        showDraft(g, { radius: body.volumes[0].radius_m, width: body.volumes[0].width_m });
        const out = $('notify-conflicts');
        if (!g) { out.replaceChildren(h('p', {}, 'Draw a footprint to check it.')); layers.conflicts.clearLayers(); return; }
        const mySeq = ++seq;
        out.setAttribute('aria-busy', 'true');
        try {
          const { data } = await api('POST', '/v1/deconflict', body);
          if (mySeq !== seq) return;
          renderConflicts(out, (data && data.conflicts) || []);
        } catch (err) {
          if (mySeq !== seq) return;
          layers.conflicts.clearLayers();
          out.replaceChildren(h('p', {}, 'Not checked yet: the notification is not complete.'));
          const r = h('div', {});
          showResult(r, err);
          out.append(r);
        } finally {
          out.removeAttribute('aria-busy');
        }
      }, 300);
    };
    $('notify-form').addEventListener('input', recheck);
    $('notify-form').addEventListener('change', recheck);
    $('notify-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const { data } = await api('POST', '/v1/notifications', notifyBody());
        const n = (data.conflicts || []).length;
        showResult($('notify-result'), null, `Submitted ${data.id} (log entry ${data.log_index}), ${data.state}, ${n} conflict(s).`);
        $('notify-geometry').value = '';
        layers.draft.clearLayers();
        layers.conflicts.clearLayers();
        $('notify-conflicts').replaceChildren(h('p', {}, 'Draw a footprint to check it.'));
        await loadObjects();
      } catch (err) { showResult($('notify-result'), err); }
    });

    $('message-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const body = { to: selected('message-to'), priority: $('message-priority').value, subject: $('message-subject').value.trim(), body: $('message-body').value };
      if (replyTo) body.reply_to = replyTo;
      try {
        const { data } = await api('POST', '/v1/messages', body);
        showResult($('message-result'), null, `Sent ${data.id} (log entry ${data.log_index}).`);
        replyTo = null;
        $('message-subject').value = '';
        $('message-body').value = '';
        await loadMessages();
      } catch (err) { showResult($('message-result'), err); }
    });
  }

  function renderConflicts(out, conflicts) {
    layers.conflicts.clearLayers();
    if (!conflicts.length) {
      out.replaceChildren(h('p', { class: 'clear' }, 'No conflicts found.'));
      return;
    }
    out.replaceChildren(h('p', { class: 'bad' }, `${conflicts.length} conflict(s):`),
      h('ul', {}, conflicts.map((c) => h('li', { 'data-rule': c.rule }, conflictText(c)))));
    for (const c of conflicts) {
      if (c.with && c.with.area) addGeometry(layers.conflicts, c.with.area, { color: '#b3261e', weight: 2, dashArray: '4 4', fillOpacity: 0.1 }, { tooltip: conflictText(c) });
    }
  }

  // ---- tabs -------------------------------------------------------------

  function selectTab(id) {
    for (const t of document.querySelectorAll('[role=tab]')) {
      const on = t.id === id;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !on;
    }
    $(id).focus();
    if (id === 'tab-log') loadLog(true);
  }

  function initTabs() {
    const tabs = [...document.querySelectorAll('[role=tab]')];
    tabs.forEach((t, i) => {
      t.addEventListener('click', () => selectTab(t.id));
      t.addEventListener('keydown', (e) => {
        const vis = tabs.filter((x) => !x.hidden);
        const j = vis.indexOf(t);
        let k = null;
        if (e.key === 'ArrowRight') k = (j + 1) % vis.length;
        else if (e.key === 'ArrowLeft') k = (j - 1 + vis.length) % vis.length;
        else if (e.key === 'Home') k = 0;
        else if (e.key === 'End') k = vis.length - 1;
        if (k !== null) { e.preventDefault(); selectTab(vis[k].id); }
      });
    });
    $('hotline-badge').addEventListener('click', () => selectTab('tab-hotline'));
  }

  // ---- the log ------------------------------------------------------------

  // The log is public (C2SP tlog-checkpoint and tlog-tiles). The page
  // reads the checkpoint every few seconds: that is how it learns of
  // changes the event stream does not carry, without asking the API for
  // lists (a list that shows another party's precise coordinates is
  // itself logged, as an access record). It reads the new entries'
  // types from the public entry bundles and reloads only when one
  // changes zones, sites or notifications.
  const LOG = { size: null, entries: [], key: null };

  function tilePath(n, width) {
    let s = String(n);
    while (s.length % 3) s = '0' + s;
    const parts = s.match(/.../g);
    let p = parts.map((x, i) => (i < parts.length - 1 ? 'x' + x : x)).join('/');
    if (width < 256) p += '.p/' + width;
    return '/log/tile/entries/' + p;
  }

  async function fetchEntries(from, to) {
    const out = [];
    for (let n = Math.floor(from / 256); n * 256 < to; n++) {
      const width = Math.min(256, to - n * 256);
      const r = await fetch(tilePath(n, width));
      if (!r.ok) break;
      const b = new Uint8Array(await r.arrayBuffer());
      let i = 0;
      let idx = n * 256;
      const dec = new TextDecoder();
      while (i + 2 <= b.length) {
        const len = (b[i] << 8) | b[i + 1];
        i += 2;
        if (idx >= from) {
          try { out.push(JSON.parse(dec.decode(b.subarray(i, i + len)))); } catch (e) { out.push({ index: idx, type: '?' }); }
        }
        i += len;
        idx++;
      }
    }
    return out;
  }

  async function verifyCheckpoint(text) {
    try {
      if (!LOG.key) LOG.key = (await (await fetch('/log/key')).text()).trim();
      // name+hash+base64: the base64 may itself hold '+'.
      const i = LOG.key.indexOf('+');
      const j = LOG.key.indexOf('+', i + 1);
      const name = LOG.key.slice(0, i);
      const b64 = LOG.key.slice(j + 1);
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      if (raw[0] !== 1 || raw.length !== 33) return 'unknown key type';
      const cut = text.indexOf('\n\n');
      const signed = new TextEncoder().encode(text.slice(0, cut + 1));
      const sigs = text.slice(cut + 2).split('\n').filter((l) => l.startsWith('— ' + name + ' '));
      const key = await crypto.subtle.importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']);
      for (const l of sigs) {
        const s = Uint8Array.from(atob(l.split(' ')[2]), (c) => c.charCodeAt(0));
        if (await crypto.subtle.verify({ name: 'Ed25519' }, key, s.slice(4), signed)) return 'valid (Ed25519, the center key ' + name + ')';
      }
      return 'INVALID: no signature verifies with the center key';
    } catch (e) {
      return 'not checked (' + e.message + ')';
    }
  }

  async function loadLog(force) {
    let text;
    try {
      const r = await fetch('/log/checkpoint', { cache: 'no-store' });
      if (!r.ok) return;
      text = await r.text();
    } catch (e) { return; }
    const lines = text.split('\n');
    const size = Number(lines[1]);
    const prev = LOG.size;
    if (prev !== null && size < prev) $('log-verified').textContent = 'WARNING: the log shrank from ' + prev + ' to ' + size;
    if (prev === size && !force) return;
    LOG.size = size;
    $('log-size').textContent = String(size);
    $('log-origin').textContent = lines[0];
    $('log-root').textContent = lines[2];
    $('log-checkpoint').textContent = text;
    const from = prev === null ? Math.max(0, size - 20) : Math.max(prev, size - 512);
    if (size > from) {
      const fresh = await fetchEntries(from, size);
      LOG.entries = LOG.entries.concat(fresh).slice(-20);
      // While the event stream is up it says what changed (for what the
      // caller may see); the log is the fallback when it is down.
      if (prev !== null && !streamLive) fresh.forEach((e) => reloadFor(e.type));
    }
    $('log-entries').replaceChildren(...LOG.entries.slice().reverse().map((e) =>
      h('li', { value: e.index }, `#${e.index} ${e.type} · ${fmtTime(e.time)}${e.actor && e.actor.party ? ' · ' + partyName(e.actor.party) : ''}`)));
    if (!$('pane-log').hidden || force) $('log-verified').textContent = await verifyCheckpoint(text);
  }

  // ---- live events --------------------------------------------------------

  // EventSource cannot send an Authorization header, and a token in a URL
  // ends up in logs; so the stream is read with fetch and parsed here
  // (WHATWG "Server-sent events": id, event, data; a comment line starts
  // with ':'). Reconnects after 2 s with Last-Event-ID.
  let evAbort = null;
  async function runEvents() {
    let last = null;
    const myAbort = (evAbort = new AbortController());
    while (!myAbort.signal.aborted) {
      try {
        const hdr = { Authorization: 'Bearer ' + token };
        if (last !== null) hdr['Last-Event-ID'] = last;
        const r = await fetch('/v1/events', { headers: hdr, signal: myAbort.signal, cache: 'no-store' });
        if (r.status === 401) { signOut('Your token was refused; sign in again.'); return; }
        if (!r.ok) throw new Error('HTTP ' + r.status);
        setLive(true);
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        let ev = {};
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.search(/\r\n|\n|\r/)) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + (buf[i] === '\r' && buf[i + 1] === '\n' ? 2 : 1));
            if (line === '') { if (ev.data !== undefined) onEvent(ev); ev = {}; continue; }
            if (line[0] === ':') continue;
            const c = line.indexOf(':');
            const field = c < 0 ? line : line.slice(0, c);
            let v = c < 0 ? '' : line.slice(c + 1);
            if (v[0] === ' ') v = v.slice(1);
            if (field === 'data') ev.data = ev.data === undefined ? v : ev.data + '\n' + v;
            else if (field === 'event') ev.event = v;
            else if (field === 'id') { ev.id = v; last = v; }
          }
        }
      } catch (e) {
        if (myAbort.signal.aborted) return;
      }
      setLive(false);
      await sleep(2000);
    }
  }

  // reloadFor reloads what an entry of this type may have changed, once
  // for a burst of entries. Never on access records: reloading a list that
  // shows another party's coordinates writes one, which would loop.
  const pendingReloads = new Set();
  let reloadTimer = null;
  function reloadFor(type) {
    let what = null;
    if (type.startsWith('message.')) what = loadMessages;
    else if (/^(party|member)\./.test(type)) what = loadParties;
    else if (/^(zone|site|notification)\./.test(type) || type === 'center.clock') what = loadObjects;
    else if (/^(report|incident)\./.test(type)) what = loadReports;
    if (!what) return;
    pendingReloads.add(what);
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      const fns = [...pendingReloads];
      pendingReloads.clear();
      for (const fn of fns) fn().catch(() => {});
    }, 100);
  }

  let streamLive = false;
  function setLive(on) {
    streamLive = on;
    $('live').textContent = on ? 'live' : 'offline';
    $('live').classList.toggle('on', on);
  }

  function onEvent(ev) {
    const type = ev.event || 'message';
    if (type === 'resume') return;
    reloadFor(type);
    loadLog(false);
  }

  // ---- sign in / out --------------------------------------------------------

  let pollTimer = null;
  async function start() {
    const { data } = await api('GET', '/v1/me');
    S.me = data;
    $('whoami').replaceChildren('Signed in as ', h('strong', {}, data.party.name), ` (${data.party.kind}) — ${data.member.name}`);
    $('signin').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    try {
      const hr = await fetch('/v1/health');
      const hd = await hr.json();
      if (hd.time) S.clockOffset = Date.parse(hd.time) - Date.now();
    } catch (e) { /* the browser's clock, then */ }
    await showSigning(); // sign.js
    if (!map) { initMap(); initForms(); initReports(); initTabs(); }
    map.invalidateSize();
    await loadParties();
    await Promise.all([loadObjects(), loadMessages(), loadReports(), loadLog(true)]);
    runEvents();
    pollTimer = setInterval(() => { if (!document.hidden) loadLog(false); }, 3000);
  }

  // showSigning loads this member's key if this browser holds it and says
  // whether writes are signed; without a key, it offers to enrol one.
  async function showSigning() {
    const m = S.me.member;
    const held = await window.truceSign.load(m.id, m.key_id);
    const btn = $('enrol-key');
    btn.hidden = !!m.key_id;
    const note = held ? ` — writes signed with key ${m.key_id.slice(0, 8)}`
      : m.key_id ? ' — this member signs with a key this browser does not hold: writes will be refused' : '';
    $('whoami').append(note);
  }

  $('enrol-key').addEventListener('click', async () => {
    try {
      await window.truceSign.enrol(S.me.member.id, (key) => api('POST', '/v1/me/key', { key }));
      const { data } = await api('GET', '/v1/me');
      S.me = data;
      $('whoami').replaceChildren('Signed in as ', h('strong', {}, data.party.name), ` (${data.party.kind}) — ${data.member.name}`);
      await showSigning();
    } catch (e) {
      $('whoami').append(' — enrolling a key failed: ' + e.message);
    }
  });

  function signOut(msg) {
    sessionStorage.removeItem(KEY);
    token = '';
    if (evAbort) evAbort.abort();
    clearInterval(pollTimer);
    location.hash = '';
    if (msg) sessionStorage.setItem('truce.msg', msg);
    location.reload();
  }

  $('signin-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    token = $('token').value.trim();
    $('signin-error').textContent = '';
    try {
      await start();
      sessionStorage.setItem(KEY, token);
      $('token').value = '';
    } catch (err) {
      token = '';
      $('signin-error').textContent = err.status === 401 ? 'That token is not valid for this center.' : 'Could not sign in: ' + (err.message || String(err));
    }
  });
  $('signout').addEventListener('click', () => signOut());
  $('time-all').addEventListener('change', onSlider);
  $('time-slider').addEventListener('input', onSlider);

  const msg = sessionStorage.getItem('truce.msg');
  if (msg) { $('signin-error').textContent = msg; sessionStorage.removeItem('truce.msg'); }
  if (token) {
    start().catch(() => { sessionStorage.removeItem(KEY); token = ''; $('signin').hidden = false; $('app').hidden = true; });
  }
})();
