import { api } from './api.js';
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
      showResult($('report-result'), null, `Filed ${data.id} (log entry ${data.log_index})${(data.zones || []).length ? ', in zone ' + data.zones.join(', ') : ''}.`);
      $('report-location').value = '';
      layers.draft.clearLayers();
      await loadReports();
    } catch (err) { showResult($('report-result'), err); }
  });
}

export async function loadReports() {
  if (!reportsThere) return;
  try {
    const reviewer = ['coordinator', 'observer'].includes(S.me.party.kind);
    const [r, i, c] = await Promise.all([api('GET', '/v1/reports'), api('GET', '/v1/incidents'),
      reviewer ? api('GET', '/v1/candidates').catch(() => ({ data: [] })) : { data: [] }]);
    S.reports = r.data || [];
    S.incidents = i.data || [];
    S.candidates = c.data || [];
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
  $('incident-list').replaceChildren(...S.incidents.map((i) => h('li', { class: 'card', style: '--c:#b3261e', 'data-incident': i.id },
    h('h3', {}, `${i.id}: ${i.event_type}`),
    h('p', {}, `${fmtTime(i.start)} – ${fmtTime(i.end)} · ${i.reports.length} report(s) · ${i.independent_sources} independent source(s) · confidence ${Math.round((i.confidence || 0) * 100)}% · ${i.fatalities} killed`))));
  if (!S.incidents.length) $('incident-list').append(h('li', { class: 'hint' }, 'No incidents.'));
  const zsel = $('chart-zone');
  const cur = zsel.value;
  zsel.replaceChildren(h('option', { value: '' }, 'all zones and places'), ...S.zones.map((z) => h('option', { value: z.id }, z.name || z.id)));
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
    h('h3', {}, `${r.sub_event_type} — ${r.place || '(no place name)'}`, ' ', h('span', { class: 'pill ' + r.status }, r.status)),
    h('p', { class: 'meta' }, `${r.event_type} · ${fmtTime(r.occurred_at)} · by ${partyName(r.party)}${r.incident ? ' · incident: ' + objectName('incident', r.incident) : ''}`),
    h('p', {}, `${r.actor1}${r.actor2 ? ' against ' + r.actor2 : ''} · ${r.fatalities} killed${(r.zones || []).length ? ' · in zone ' + r.zones.map(zoneName).join(', ') : ''}`),
    r.notes ? h('p', {}, r.notes) : null,
    (r.sources || []).length ? h('p', { class: 'meta' }, 'Sources: ', r.sources.map((x) => `${x.name} (${x.scale})`).join(', ')) : null,
    (r.reviews || []).map((v) => h('p', {}, `Review: ${v.status}${v.note ? ' — ' + v.note : ''}`)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => openObject('report', r.id) }, 'Show on map'),
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
    h('span', { class: 'fill', style: `width:${Math.max(8, (x.reports / max) * 100)}%`, title: x.keys.join(', ') }, `${x.reports} · ${x.fatalities} killed`))));
  if (!days.size) $('chart').append(h('p', { class: 'hint' }, 'No violations counted.'));
  $('chart').setAttribute('aria-label', `Violations per day: ${[...days.entries()].map(([d, x]) => `${d}: ${x.reports} reports, ${x.fatalities} killed`).join('; ') || 'none'}`);
}
