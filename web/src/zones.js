import { t } from './i18n.js';
import { api } from './api.js';
import { $, geometryProblem, checks, h, num, opts, parseGeometry, selected, showResult } from './dom.js';
import { loadObjects } from './load.js';
import { COARSE, ZONE_COLOURS, ZONE_STATES, addGeometry, forgetShapes, showDraft, layers } from './map.js';
import { openObject } from './select.js';
import { awaits } from './inbox.js';
import { applyList, byName, byTime, defineList, fillList, newest } from './lists.js';
import { S, centerNow, mine, partyList, partyName } from './state.js';
import { fmtTime, toISO, toInput } from './time.js';

// zones.js: the zones list, its map layer and the zone form.
export function zoneStyle(z) {
  const c = ZONE_COLOURS[z.kind] || '#555';
  const st = ZONE_STATES[z.state] || {};
  const s = Object.assign({ color: c, weight: 2, fillColor: c, fillOpacity: 0.15 }, st);
  if (!z.geometry) Object.assign(s, COARSE); // a coarse cover
  return s;
}

export function zoneSummary(z) {
  return `${z.name || t('c.unnamed')} — ${t('kind.' + z.kind)}, ${z.state}${z.geometry ? '' : t('c.coarse')}`;
}

export function renderZones() {
  layers.zones.clearLayers();
  forgetShapes('zone');
  const list = applyList('zone', S.zones);
  for (const z of list) {
    const g = z.geometry || z.coarse;
    if (!g) continue;
    addGeometry(layers.zones, g, zoneStyle(z), { tooltip: zoneSummary(z), ref: { type: 'zone', id: z.id } });
  }
  fillList($('zone-list'), S.zones.length, list.map(zoneCard), 'empty.zones');
}

export function zoneCard(z) {
  const endorsed = z.endorsements || [];
  const canEndorse = z.state === 'proposed' && (z.endorsers || []).includes(S.me.party.id) && !endorsed.some((e) => e.party === S.me.party.id);
  const isCoord = S.me.party.kind === 'coordinator';
  const act = (path, label, cls) => h('button', { type: 'button', class: cls, onclick: () => zoneAct(z, path) }, label);
  return h('li', { class: 'card', style: `--c:${ZONE_COLOURS[z.kind] || '#888'}`, 'data-zone': z.id },
    h('h3', {}, z.name || t('c.unnamedzone'), ' ', h('span', { class: 'pill ' + z.state }, z.state)),
    h('p', { class: 'meta' }, `${t('kind.' + z.kind)} · v${z.version} · ${z.disclosure}${z.geometry ? '' : t('c.youcoarse')} · ${t('c.by', { party: partyName(z.owner) })}`),
    h('p', {}, t('c.valid', { start: fmtTime(z.valid.start), end: fmtTime(z.valid.end) })),
    h('p', {}, t('c.restricts', { parties: partyList(z.restricts.parties), activities: (z.restricts.activities || []).map((a) => t('kind.' + a)).join(', ') })),
    h('p', {}, t('c.endorsed', { k: endorsed.length, n: (z.endorsers || []).length }),
      (z.endorsers || []).map((p) => partyName(p) + (endorsed.some((e) => e.party === p) ? ' ✓' : ' …')).join(', ')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => openObject('zone', z.id) }, t('c.showmap')),
      canEndorse && act('endorsements', t('c.endorse'), 'primary'),
      (mine(z.owner) || isCoord) && !['withdrawn', 'expired'].includes(z.state) &&
        h('button', { type: 'button', onclick: () => editZone(z) }, t('c.change')),
      (mine(z.owner) || isCoord) && !['withdrawn', 'expired'].includes(z.state) && act('withdraw', t('c.withdraw'), 'danger'),
      isCoord && z.state === 'active' && act('suspend', t('c.suspend')),
      isCoord && z.state === 'suspended' && act('resume', t('c.resume')),
    ),
    h('div', { class: 'result', role: 'status' }));
}

let zoneEditing = null;
export function editZone(z) {
  zoneEditing = z.id;
  $('zone-propose').open = true;
  $('zone-form-title').textContent = t('c.changezone', { id: z.name || z.id });
  $('zone-editing').hidden = false;
  $('zone-editing').textContent = t('c.changing', { name: z.name || z.id, v: z.version, next: z.version + 1 });
  $('zone-submit').textContent = t('c.saveversion');
  $('zone-cancel-edit').hidden = false;
  $('zone-name').value = z.name || '';
  $('zone-kind').value = z.kind;
  $('zone-geometry').value = z.geometry ? JSON.stringify(z.geometry) : '';
  showDraft(z.geometry);
  if (z.altitude) { $('zone-alt-min').value = z.altitude.min_m; $('zone-alt-max').value = z.altitude.max_m; }
  $('zone-start').value = toInput(z.valid.start);
  $('zone-end').value = toInput(z.valid.end);
  const tick = (id, vals) => document.querySelectorAll(`#${id} input`).forEach((i) => { i.checked = vals.includes(i.value); });
  tick('zone-restricts', z.restricts.parties || []);
  tick('zone-activities', z.restricts.activities || []);
  tick('zone-endorsers', z.endorsers || []);
  $('zone-disclosure').value = z.disclosure;
  $('zone-name').focus();
}
export function stopEditZone() {
  zoneEditing = null;
  $('zone-form-title').textContent = t('h.propose-a-zone');
  $('zone-editing').hidden = true;
  $('zone-submit').textContent = t('h.propose-zone');
  $('zone-cancel-edit').hidden = true;
}

export async function zoneAct(z, path) {
  const card = document.querySelector(`[data-zone="${z.id}"] .result`);
  try {
    await api('POST', `/v1/zones/${z.id}/${path}`, {});
    await loadObjects();
    const c = document.querySelector(`[data-zone="${z.id}"] .result`);
    if (c) showResult(c, null, path === 'endorsements' ? t('c.endorsed.ok') : t('c.done'));
  } catch (e) { if (card) showResult(card, e); }
}
export function initZones() {
  defineList('zone', {
    states: ['proposed', 'active', 'suspended', 'expired', 'withdrawn'], closed: ['expired', 'withdrawn'],
    kinds: Object.keys(ZONE_COLOURS), state: (z) => z.state, kind: (z) => z.kind, party: (z) => [z.owner, ...(z.endorsers || [])],
    when: (z) => [Date.parse(z.valid.start), Date.parse(z.valid.end)], awaiting: awaits.zone, mine: (z) => mine(z.owner),
    text: (z) => [z.name, z.kind, z.id, partyName(z.owner)].join(' '),
    sorts: { newest: newest('version_log_index'), name: byName((z) => z.name), start: byTime((z) => z.valid.start) },
    render: renderZones,
  });
  opts('zone-kind', Object.keys(ZONE_COLOURS));
  $('zone-kind').value = 'no-strike';
  checks($('zone-activities'), 'activities', ['strike', 'flight', 'ground-movement', 'humanitarian-movement'].map((a) => [a, a]), (v) => v === 'strike');
  const now = centerNow();
  const at = (hours) => toInput(now.getTime() + hours * 3600e3);
  $('zone-start').value = at(0); $('zone-end').value = at(24 * 30);
  $('zone-geometry').addEventListener('input', () => showDraft(parseGeometry('zone-geometry')));
  $('zone-cancel-edit').addEventListener('click', () => { stopEditZone(); layers.draft.clearLayers(); });
  $('zone-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const bad = geometryProblem('zone-geometry', 'geometry');
    if (bad) { showResult($('zone-result'), bad); return; }
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
        showResult($('zone-result'), null, t('c.changed', { id: data.id, v: data.version, i: data.log_index }));
        stopEditZone();
      } else {
        ({ data } = await api('POST', '/v1/zones', body));
        showResult($('zone-result'), null, t('c.proposed', { id: data.id, i: data.log_index, n: data.endorsers.length }));
      }
      layers.draft.clearLayers();
      $('zone-geometry').value = '';
      await loadObjects();
    } catch (err) { showResult($('zone-result'), err); }
  });
}
