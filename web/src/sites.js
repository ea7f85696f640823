import { t } from './i18n.js';
import { api } from './api.js';
import { $, geometryProblem, h, num, opts, parseGeometry, selected, showResult } from './dom.js';
import { loadObjects } from './load.js';
import { COARSE, SITE_COLOUR, addGeometry, forgetShapes, register, showDraft, siteIcon, layers } from './map.js';
import { openObject } from './select.js';
import { awaits } from './inbox.js';
import { applyList, byName, defineList, fillList, newest } from './lists.js';
import { S, centerNow, mine, objectName, partyName } from './state.js';
import { fmtTime, toISO, toInput } from './time.js';

// sites.js: protected sites, their map layer, the site form and the access records.
const CATEGORIES = ['hospital', 'school', 'aid-office', 'warehouse', 'camp', 'water', 'power', 'other'];
export function renderSites() {
  layers.sites.clearLayers();
  forgetShapes('site');
  const list = applyList('site', S.sites);
  for (const s of list) {
    const removed = s.state === 'removed';
    const style = { color: SITE_COLOUR, weight: 2, fillColor: SITE_COLOUR, fillOpacity: removed ? 0.02 : 0.08, opacity: removed ? 0.4 : 1 };
    const tip = `${s.name || t('c.noname')} — ${s.category}, ${s.disclosure}${removed ? ', ' + t('inbox.why.ack-site.remove') : ''}`;
    const ref = { type: 'site', id: s.id };
    if (s.geometry && s.geometry.type === 'Point') {
      if (s.buffer_m > 0) addGeometry(layers.sites, s.geometry, Object.assign({}, style, { weight: 1, fillOpacity: 0.04, dashArray: '2 3' }), { radius: s.buffer_m, ref });
      const ll = [s.geometry.coordinates[1], s.geometry.coordinates[0]];
      const m = L.marker(ll, { icon: siteIcon(s), keyboard: false, title: '' }).bindTooltip(h('span', {}, tip));
      register(m, ref, tip);
      m.addTo(layers.sites);
    } else if (s.geometry) {
      addGeometry(layers.sites, s.geometry, Object.assign(style, s.disclosure === 'hidden' ? { dashArray: '4 3' } : {}), { tooltip: tip, ref });
    } else if (s.coarse) {
      addGeometry(layers.sites, s.coarse, Object.assign({}, style, COARSE), { tooltip: tip + t('c.coarse'), ref });
    }
  }
  fillList($('site-list'), S.sites.length, list.map(siteCard), 'empty.sites');
}

export function siteCard(s) {
  const acks = s.acknowledgements || [];
  const of = s.state === 'removed' ? 'remove' : 'add';
  const canAck = (s.recipients || []).includes(S.me.party.id) && !acks.some((a) => a.party === S.me.party.id && a.of === of);
  return h('li', { class: 'card', style: `--c:${SITE_COLOUR}`, 'data-site': s.id },
    h('h3', {}, s.name || t('c.noname'), ' ', h('span', { class: 'pill ' + s.state }, s.state)),
    h('p', { class: 'meta' }, `${s.category} · ${s.disclosure}${s.geometry ? '' : t('c.youcoarse')} · ${t('c.buffer', { m: s.buffer_m })} · ${t('c.by', { party: partyName(s.owner) })}`),
    h('p', {}, t('c.valid', { start: fmtTime(s.valid.start), end: fmtTime(s.valid.end) })),
    (s.recipients || []).length ? h('p', {}, t('c.recipients'), s.recipients.map(partyName).join(', '),
      acks.length ? t('c.ackedby', { list: acks.map((a) => `${partyName(a.party)} (${a.of})`).join(', ') }) : '') : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => openObject('site', s.id) }, t('c.showmap')),
      canAck && h('button', { type: 'button', class: 'primary', onclick: () => siteAct(s, 'POST', `/v1/sites/${s.id}/acknowledgements`, {}) },
        of === 'add' ? t('c.ack') : t('c.ackremoval')),
      mine(s.owner) && s.state === 'active' && h('button', { type: 'button', class: 'danger', onclick: () => siteAct(s, 'DELETE', `/v1/sites/${s.id}`) }, t('c.remove')),
    ),
    h('div', { class: 'result', role: 'status' }));
}

export async function siteAct(s, method, path, body) {
  try {
    await api(method, path, body);
    await loadObjects();
    const c = document.querySelector(`[data-site="${s.id}"] .result`);
    if (c) showResult(c, null, t('c.done'));
  } catch (e) {
    const c = document.querySelector(`[data-site="${s.id}"] .result`);
    if (c) showResult(c, e);
  }
}
export async function loadAccess() {
  try {
    const { data } = await api('GET', '/v1/access-records');
    // Grouped per party and object: how many times, by how many of its
    // members, first and last.
    const groups = new Map();
    for (const a of data || []) {
      for (const o of a.objects || []) {
        const k = a.party + '|' + o.type + '|' + o.id;
        if (!groups.has(k)) groups.set(k, { party: a.party, type: o.type, id: o.id, n: 0, members: new Set(), first: a.at, last: a.at });
        const g = groups.get(k);
        g.n++;
        g.members.add(a.member);
        if (a.at < g.first) g.first = a.at;
        if (a.at > g.last) g.last = a.at;
      }
    }
    const list = [...groups.values()].sort((x, y) => partyName(x.party).localeCompare(partyName(y.party)) || (y.last > x.last ? 1 : -1));
    $('access-list').replaceChildren(...list.map((g) => h('li', { 'data-access': g.party + ':' + g.id },
      h('strong', {}, partyName(g.party)), t('access.shown', {
        type: t('obj.' + g.type), name: objectName(g.type, g.id), times: t('access.times', { n: g.n }), members: t('access.members', { n: g.members.size }),
        when: g.n === 1 ? fmtTime(g.first) : t('access.span', { first: fmtTime(g.first), last: fmtTime(g.last) }),
      }))));
    if (!list.length) $('access-list').append(h('li', {}, t('c.nobodysaw')));
  } catch (err) { $('access-list').replaceChildren(h('li', { class: 'error' }, err.message)); }
}
export function initSites() {
  defineList('site', {
    states: ['active', 'removed'], kinds: CATEGORIES, state: (s) => s.state, kind: (s) => s.category,
    party: (s) => [s.owner, ...(s.recipients || [])], when: (s) => [Date.parse(s.valid.start), Date.parse(s.valid.end)],
    awaiting: awaits.site, mine: (s) => mine(s.owner), text: (s) => [s.name, s.category, s.id, partyName(s.owner)].join(' '),
    sorts: { newest: newest('added_log_index'), name: byName((s) => s.name) },
    render: renderSites,
  });
  opts('site-category', CATEGORIES);
  const now = centerNow();
  const at = (hours) => toInput(now.getTime() + hours * 3600e3);
  $('site-start').value = at(0); $('site-end').value = at(24 * 30);
  $('site-geometry').addEventListener('input', () => showDraft(parseGeometry('site-geometry')));
  $('access').addEventListener('toggle', () => { if ($('access').open) loadAccess(); });
  $('site-disclosure').addEventListener('change', () => {
    const hidden = $('site-disclosure').value === 'hidden';
    $('site-recipients-set').disabled = hidden;
    if (hidden) document.querySelectorAll('#site-recipients input').forEach((i) => { i.checked = false; });
  });

  $('site-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const bad = geometryProblem('site-geometry', 'geometry');
    if (bad) { showResult($('site-result'), bad); return; }
    const body = {
      name: $('site-name').value.trim(), category: $('site-category').value, geometry: parseGeometry('site-geometry') || null,
      buffer_m: num('site-buffer') || 0,
      valid: { start: toISO($('site-start').value), end: toISO($('site-end').value) },
      disclosure: $('site-disclosure').value, recipients: selected('site-recipients'),
    };
    try {
      const { data } = await api('POST', '/v1/sites', body);
      showResult($('site-result'), null, t('c.added', { id: data.id, i: data.log_index }));
      layers.draft.clearLayers();
      $('site-geometry').value = '';
      await loadObjects();
    } catch (err) { showResult($('site-result'), err); }
  });

}
