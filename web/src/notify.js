import { api } from './api.js';
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
}

export function renderConflicts(out, conflicts) {
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
