import { api, request } from './api.js';
import { download } from './log.js';
import { t } from './i18n.js';
import { renderInbox } from './inbox.js';
import { markSelected } from './select.js';
import { $, geometryProblem, h, num, parseGeometry, replaceKeeping, showResult } from './dom.js';
import { REPORT_COLOURS, REPORT_GLYPHS, forgetShapes, register, showDraft, layers } from './map.js';
import { openObject } from './select.js';
import { awaits } from './inbox.js';
import { applyList, byTime, defineList, fillList, newest } from './lists.js';
import { centerNow, mine, objectName, partyName, S, zoneName } from './state.js';
import { fmtTime, toISO, toInput } from './time.js';

// ---- reports, incidents, charts -------------------------------------------

export const ACLED = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': ['Chemical weapon', 'Air/drone strike', 'Suicide bomb', 'Shelling/artillery/missile attack', 'Remote explosive/landmine/IED', 'Grenade'],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': ['Agreement', 'Arrests', 'Change to group/activity', 'Disrupted weapons use', 'Headquarters or base established',
    'Looting/property destruction', 'Non-violent transfer of territory', 'Other'],
};
let reportsThere = true;

const WEEK = 7 * 24 * 3600e3;
export function initReports() {
  defineList('report', {
    states: ['submitted', 'under-review', 'verified', 'unverified', 'rejected'], kinds: Object.keys(ACLED),
    state: (r) => r.status, kind: (r) => r.event_type, party: (r) => r.party,
    when: (r) => [Date.parse(r.occurred_at), Date.parse(r.occurred_at) + WEEK], awaiting: awaits.report, mine: (r) => mine(r.party),
    text: (r) => [r.place, r.event_type, r.sub_event_type, r.actor1, r.actor2, r.notes, r.id, partyName(r.party)].join(' '),
    sorts: { newest: newest('submitted_log_index'), occurred: byTime((r) => r.occurred_at), fatalities: (a, b) => b.fatalities - a.fatalities },
    render: renderReports,
  });
  $('report-at').value = toInput(centerNow().getTime() - 3600e3);
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
    const bad = geometryProblem('report-location', 'location');
    if (bad) { showResult($('report-result'), bad); return; }
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
      showResult($('report-result'), null, `${t('c.filed', { id: data.id, i: data.log_index })}${(data.zones || []).length ? t('c.inzone', { zones: data.zones.map(zoneName).join(', ') }) : ''}.`);
      $('report-location').value = '';
      layers.draft.clearLayers();
      await loadReports();
    } catch (err) { showResult($('report-result'), err); }
  });
}

export async function loadReports() {
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
  renderInbox();
  markSelected();
  loadChart();
}

// reportIcon: the review status as a glyph in a round marker (not by
// colour alone), its size by fatalities.
function reportIcon(r, c) {
  const size = Math.round(16 + Math.min(16, Math.sqrt(r.fatalities || 0) * 3));
  const el = h('span', { class: 'rep rep-' + r.status, style: `--c:${c};width:${size}px;height:${size}px;line-height:${size - 4}px` }, REPORT_GLYPHS[r.status] || '•');
  return L.divIcon({ html: el, className: 'rep-icon', iconSize: [size, size] });
}

export function renderReports() {
  layers.reports.clearLayers();
  forgetShapes('report');
  const list = applyList('report', S.reports);
  for (const r of list) {
    if (!r.location) continue;
    const c = REPORT_COLOURS[r.status] || '#555';
    const ll = [r.location.coordinates[1], r.location.coordinates[0]];
    const tip = `${r.sub_event_type} at ${r.place || 'a place'}, ${fmtTime(r.occurred_at)} — ${r.fatalities} killed, ${r.status}`;
    const m = L.marker(ll, { icon: reportIcon(r, c), keyboard: false, title: '' }).bindTooltip(h('span', {}, tip));
    register(m, { type: 'report', id: r.id }, tip);
    m.addTo(layers.reports);
  }
  const isReviewer = ['coordinator', 'observer'].includes(S.me.party.kind);
  fillList($('report-list'), S.reports.length, list.map((r) => reportCard(r, isReviewer)), 'empty.reports', replaceKeeping);
  // Incidents on the map: a ring around the reports of each incident of
  // two or more.
  layers.incidents.clearLayers();
  forgetShapes('incident');
  for (const i of S.incidents) {
    const pts = S.reports.filter((r) => (i.reports || []).includes(r.id) && r.location).map((r) => L.latLng(r.location.coordinates[1], r.location.coordinates[0]));
    if (pts.length < 2) continue;
    const c = L.latLngBounds(pts).getCenter();
    const radius = Math.max(300, ...pts.map((p) => c.distanceTo(p))) + 200;
    const ring = L.circle(c, { radius, color: '#20262e', weight: 2, dashArray: '1 4', fill: false });
    const tip = `${objectName('incident', i.id)}: ${i.reports.length} reports`;
    ring.bindTooltip(h('span', {}, tip));
    register(ring, { type: 'incident', id: i.id }, tip);
    ring.addTo(layers.incidents);
  }
  $('incident-list').replaceChildren(...S.incidents.map((i) => h('li', { class: 'card', style: '--c:#b3261e', 'data-incident': i.id },
    h('h3', {}, objectName('incident', i.id)),
    h('p', {}, t('c.incidentline', { start: fmtTime(i.start), end: fmtTime(i.end), n: i.reports.length, s: i.independent_sources, c: Math.round((i.confidence || 0) * 100), f: i.fatalities })),
    h('p', { class: 'meta' }, (i.reports || []).map((id) => objectName('report', id)).join(' · ')),
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => openObject('incident', i.id) }, t('c.showmap'))))));
  if (!S.incidents.length) $('incident-list').append(h('li', { class: 'hint' }, t('c.noincidents')));
  const zsel = $('chart-zone');
  const cur = zsel.value;
  zsel.replaceChildren(h('option', { value: '' }, t('chart.all')), ...S.zones.map((z) => h('option', { value: z.id }, z.name || z.id)));
  zsel.value = cur;
}

export function reportCard(r, isReviewer) {
  const noteId = 'review-note-' + r.id;
  const review = (status) => reportAct(r, `/v1/reports/${r.id}/reviews`, (() => {
    const b = { status };
    const n = $(noteId) && $(noteId).value.trim();
    if (n) b.note = n;
    return b;
  })());
  return h('li', { class: 'card', style: `--c:${REPORT_COLOURS[r.status] || '#888'}`, 'data-report': r.id },
    h('h3', {}, `${r.sub_event_type} — ${r.place || t('c.noplace')}`, ' ', h('span', { class: 'pill ' + r.status }, r.status)),
    h('p', { class: 'meta' }, `${r.event_type} · ${fmtTime(r.occurred_at)} · ${t('c.by', { party: partyName(r.party) })}${r.incident ? t('c.incident', { name: objectName('incident', r.incident) }) : ''}`),
    h('p', {}, `${r.actor1}${r.actor2 ? t('c.against') + r.actor2 : ''}${t('c.killed', { n: r.fatalities })}${(r.zones || []).length ? t('c.inzone2', { zones: r.zones.map(zoneName).join(', ') }) : ''}`),
    r.notes ? h('p', {}, r.notes) : null,
    (r.sources || []).length ? h('p', { class: 'meta' }, t('c.sources'), r.sources.map((x) => `${x.name} (${x.scale})`).join(', ')) : null,
    (r.reviews || []).map((v) => h('p', {}, `${t('c.review', { status: v.status })}${v.note ? ' — ' + v.note : ''}`)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => openObject('report', r.id) }, t('c.showmap')),
      isReviewer && r.status === 'submitted' && h('button', { type: 'button', onclick: () => review('under-review') }, t('c.takereview')),
      isReviewer && r.status === 'under-review' && [
        h('label', { for: noteId, class: 'inline' }, t('c.note')),
        h('input', { id: noteId, type: 'text' }),
        h('button', { type: 'button', class: 'primary', onclick: () => review('verified') }, t('c.verified')),
        h('button', { type: 'button', onclick: () => review('unverified') }, t('c.unverified')),
        h('button', { type: 'button', class: 'danger', onclick: () => review('rejected') }, t('c.reject')),
      ]),
    more(r, isReviewer),
    h('div', { class: 'result', role: 'status' }));
}

// more: evidence (upload, download), requests for information (ask,
// answer) and, for reviewers, moving the report into another's incident.
function more(r, isReviewer) {
  const me = S.me.party.id;
  const ev = r.evidence || [];
  const rq = r.requests || [];
  const canUpload = isReviewer || mine(r.party);
  const others = S.reports.filter((x) => x.id !== r.id && x.incident !== r.incident);
  const id = (k) => `${k}-${r.id}`;
  const open = rq.some((q) => q.to === me && !q.answered_at);
  return h('details', { id: id('more'), class: 'more', open: open || undefined },
    h('summary', {}, t('rep.more', { e: ev.length, q: rq.length })),
    h('h4', {}, t('rep.evidence')),
    ev.length ? h('ul', {}, ev.map((x) => h('li', {}, `${x.name || x.sha256.slice(0, 12)} (${x.media_type}, ${Math.ceil(x.size / 1024)} KiB) `,
      h('button', { type: 'button', onclick: () => download(`/v1/reports/${r.id}/evidence/${x.sha256}`, x.name || x.sha256) }, t('rep.download'))))) : h('p', { class: 'hint' }, t('rep.noevidence')),
    canUpload ? h('div', { class: 'actions' }, h('label', { for: id('ev'), class: 'inline' }, t('rep.file')), h('input', { id: id('ev'), type: 'file' }),
      h('button', { type: 'button', onclick: () => upload(r, $(id('ev'))) }, t('rep.upload'))) : null,
    h('h4', {}, t('rep.requests')),
    rq.length ? h('ul', {}, rq.map((q) => h('li', { 'data-request': String(q.n) },
      t('rep.asked', { to: partyName(q.to), at: fmtTime(q.asked_at) }), h('q', {}, q.question),
      q.answered_at ? [' — ', t('rep.answered', { at: fmtTime(q.answered_at) }), h('q', {}, q.answer)] : null,
      q.to === me && !q.answered_at ? h('div', { class: 'actions' },
        h('label', { for: id('ans' + q.n), class: 'inline' }, t('rep.answer')), h('input', { id: id('ans' + q.n), type: 'text' }),
        h('button', { type: 'button', class: 'primary', onclick: () => reportAct(r, `/v1/reports/${r.id}/requests/${q.n}/answer`, { answer: $(id('ans' + q.n)).value.trim() }) }, t('rep.send'))) : null))) : h('p', { class: 'hint' }, t('rep.norequests')),
    isReviewer ? h('div', { class: 'actions' },
      h('label', { for: id('rfito'), class: 'inline' }, t('rep.askparty')),
      h('select', { id: id('rfito') }, [...S.parties.values()].filter((p) => p.kind === 'party').map((p) => h('option', { value: p.id }, p.name))),
      h('label', { for: id('rfiq'), class: 'inline' }, t('rep.question')), h('input', { id: id('rfiq'), type: 'text' }),
      h('button', { type: 'button', onclick: () => reportAct(r, `/v1/reports/${r.id}/requests`, { to: $(id('rfito')).value, question: $(id('rfiq')).value.trim() }) }, t('rep.ask'))) : null,
    isReviewer && others.length ? h('div', { class: 'actions' },
      h('label', { for: id('move'), class: 'inline' }, t('rep.movewith')),
      h('select', { id: id('move') }, others.map((x) => h('option', { value: x.id }, objectName('report', x.id)))),
      h('button', { type: 'button', onclick: () => reportAct(r, `/v1/reports/${r.id}/incident`, { with: $(id('move')).value }) }, t('rep.move'))) : null);
}

async function upload(r, input) {
  const f = input.files && input.files[0];
  const out = document.querySelector(`[data-report="${r.id}"] .result`);
  if (!f) { if (out) showResult(out, { message: t('rep.nofile') }); return; }
  const res = await request('POST', `/v1/reports/${r.id}/evidence?name=${encodeURIComponent(f.name)}`, { body: f, contentType: f.type || 'application/octet-stream' });
  if (!res.ok) {
    let p = null;
    try { p = await res.json(); } catch (e) { /* not JSON */ }
    if (out) showResult(out, { message: (p && (p.detail || p.title)) || 'HTTP ' + res.status, problem: p });
    return;
  }
  await loadReports();
}

export async function reportAct(r, path, body) {
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
export async function loadChart() {
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
    h('span', { class: 'fill', style: `width:${Math.max(8, (x.reports / max) * 100)}%`, title: x.keys.join(', ') }, t('chart.bar', { reports: x.reports, fatalities: x.fatalities })))));
  if (!days.size) $('chart').append(h('p', { class: 'hint' }, t('c.noviolations')));
  $('chart').setAttribute('aria-label', t('chart.label', { days: [...days.entries()].map(([day, x]) => t('chart.day', { day, reports: x.reports, fatalities: x.fatalities })).join('; ') || t('chart.none') }));
}
