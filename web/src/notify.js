import { api } from './api.js';
import { t } from './i18n.js';
import { geometryProblem } from './dom.js';
import { span } from './time.js';
import { $, h, num, parseGeometry, showResult } from './dom.js';
import { loadObjects } from './load.js';
import { addGeometry, showDraft, layers } from './map.js';
import { conflictText } from './notifications.js';
import { centerNow } from './state.js';
import { toISO, toInput } from './time.js';

// notify.js: the notify form, with its conflicts checked live (POST /v1/deconflict).
export function initNotify() {
  const now = centerNow();
  const at = (hours) => toInput(now.getTime() + hours * 3600e3);
  $('notify-start').value = at(2); $('notify-end').value = at(3);
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
      if (!g) { out.replaceChildren(h('p', {}, t('c.drawfp'))); layers.conflicts.clearLayers(); return; }
      const bad = geometryProblem('notify-geometry', 'volumes[0].geometry');
      if (bad) { layers.conflicts.clearLayers(); showResult(out, bad); return; }
      const mySeq = ++seq;
      out.setAttribute('aria-busy', 'true');
      try {
        const { data } = await api('POST', '/v1/deconflict', body);
        if (mySeq !== seq) return;
        renderConflicts(out, (data && data.conflicts) || [], leadTimeProblem(body));
      } catch (err) {
        if (mySeq !== seq) return;
        layers.conflicts.clearLayers();
        out.replaceChildren(h('p', {}, t('c.notchecked')));
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
    const body = notifyBody();
    const bad = geometryProblem('notify-geometry', 'volumes[0].geometry');
    if (bad) { showResult($('notify-result'), bad); return; }
    // With conflicts, the notifier confirms, seeing them listed.
    let conflicts = [];
    try { conflicts = ((await api('POST', '/v1/deconflict', body)).data || {}).conflicts || []; } catch (err) { /* the submission says what is wrong */ }
    if (conflicts.length && !(await confirmConflicts(conflicts))) {
      showResult($('notify-result'), null, t('confirm.notsent'));
      return;
    }
    try {
      const { data } = await api('POST', '/v1/notifications', body);
      const n = (data.conflicts || []).length;
      showResult($('notify-result'), null, t('c.submitted', { id: data.id, i: data.log_index, state: data.state, n }));
      $('notify-geometry').value = '';
      layers.draft.clearLayers();
      layers.conflicts.clearLayers();
      $('notify-conflicts').replaceChildren(h('p', {}, t('c.drawfp')));
      await loadObjects();
    } catch (err) { showResult($('notify-result'), err); }
  });
}

// The lead times of the center's default settings (center.Settings:
// flights 24 h, ground and humanitarian movements 48 h, strikes none;
// urgent bypasses), so that the live check says what the submission
// would refuse. A center run with other settings still refuses at
// submission, and the page shows that refusal naming the field.
const LEAD_HOURS = { flight: 24, 'ground-movement': 48, 'humanitarian-movement': 48 };
export function leadTimeProblem(body) {
  const need = LEAD_HOURS[body.kind];
  if (!need || body.urgent) return null;
  const start = Date.parse(body.volumes[0].start);
  const ahead = start - centerNow().getTime();
  if (isNaN(start) || ahead >= need * 3600e3) return null;
  return t('lead.tooSoon', { kind: t('kind.' + body.kind), h: need, span: ahead > 0 ? span(ahead) : '0 min' });
}

// confirmConflicts asks, in a modal dialog listing the conflicts,
// whether to submit anyway. Resolves true to submit.
function confirmConflicts(conflicts) {
  const d = $('confirm-dialog');
  $('confirm-title').textContent = t('confirm.title', { n: conflicts.length });
  $('confirm-list').replaceChildren(...conflicts.map((c) => h('li', { 'data-rule': c.rule }, conflictText(c))));
  $('confirm-submit').textContent = t('confirm.submit', { n: conflicts.length });
  return new Promise((resolve) => {
    d.addEventListener('close', () => resolve(d.returnValue === 'submit'), { once: true });
    d.returnValue = '';
    d.showModal();
    $('confirm-cancel').focus();
  });
}

export function renderConflicts(out, conflicts, tooSoon) {
  layers.conflicts.clearLayers();
  const lead = tooSoon ? h('p', { class: 'bad', 'data-rule': 'lead-time' }, '⚠ ', tooSoon) : null;
  if (!conflicts.length) {
    out.replaceChildren(lead || h('p', { class: 'clear' }, t('c.noconflicts.found')));
    return;
  }
  out.replaceChildren(...[lead, h('p', { class: 'bad' }, t('c.conflicts.list', { n: conflicts.length })),
    h('ul', {}, conflicts.map((c) => h('li', { 'data-rule': c.rule }, conflictText(c))))].filter(Boolean));
  for (const c of conflicts) {
    if (c.with && c.with.area) addGeometry(layers.conflicts, c.with.area, { color: '#b3261e', weight: 2, dashArray: '4 4', fillOpacity: 0.1 }, { tooltip: conflictText(c) });
  }
}
