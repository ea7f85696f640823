import { fmtTime } from './time.js';
import { api } from './api.js';
import { $, h, replaceKeeping, showResult } from './dom.js';
import { loadObjects } from './load.js';
import { NOTIF_COLOURS, NOTIF_STATES, addGeometry, forgetShapes, layers } from './map.js';
import { openObject } from './select.js';
import { S, mine, partyName } from './state.js';
import { setSliderRange, sliderTime } from './timeline.js';

// notifications.js: notifications on the map and in the list; acknowledging, objecting, cancelling.
export function volumeVisible(v, t) {
  if (!t) return true;
  return new Date(v.start) <= t && t < new Date(v.end);
}

export function renderNotificationLayer() {
  if (!layers) return;
  layers.notifications.clearLayers();
  forgetShapes('notification');
  const t = sliderTime();
  for (const n of S.notifications) {
    if (['cancelled', 'expired'].includes(n.state)) continue;
    const c = NOTIF_COLOURS[n.kind] || '#333';
    (n.volumes || []).forEach((v, i) => {
      if (!volumeVisible(v, t)) return;
      addGeometry(layers.notifications, v.geometry, Object.assign({ color: c, weight: 2, fillColor: c, fillOpacity: n.kind === 'flight' ? 0.04 : 0.1 }, NOTIF_STATES[n.state] || {}), {
        radius: v.radius_m, width: v.width_m, ref: { type: 'notification', id: n.id },
        tooltip: `${n.title || n.kind} (${n.kind}, ${n.state}) — ${fmtTime(v.start)} to ${fmtTime(v.end)}${n.volumes.length > 1 ? ', volume ' + i : ''}`,
      });
    });
  }
}

export function conflictText(cf) {
  const w = cf.with || {};
  let what;
  if (w.type === 'site') what = w.name ? `protected site “${w.name}” (${w.category || 'site'})` : `a protected ${w.category || 'site'} whose place is not shown (coarse area on the map)`;
  else if (w.type === 'zone') what = w.name ? `zone “${w.name}”` : `a ${w.kind || ''} zone whose place is not shown (coarse area on the map)`;
  else if (w.type === 'notification') what = `${w.kind || 'notification'} ${w.name ? '“' + w.name + '”' : w.id || ''}${w.party ? ' by ' + partyName(w.party) : ''}`;
  else what = w.type || 'an object';
  const ov = cf.overlap ? ` during ${fmtTime(cf.overlap.start)} – ${fmtTime(cf.overlap.end)}` : '';
  return `${cf.rule}: ${what}, volume ${cf.volume}${ov}`;
}


export function renderNotifications() {
  setSliderRange();
  renderNotificationLayer();
  const list = S.notifications.slice().sort((a, b) => (b.submitted_log_index || 0) - (a.submitted_log_index || 0));
  const ul = $('notification-list');
  replaceKeeping(ul, list.map(notificationCard));
  if (!list.length) ul.append(h('li', { class: 'hint' }, 'No notifications.'));
}

export function notificationCard(n) {
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
      (n.volumes || []).length ? h('button', { type: 'button', onclick: () => openObject('notification', n.id) }, 'Show on map') : null,
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

export function answer(n, decision) {
  const noteEl = $('note-' + n.id);
  const body = { decision };
  if (noteEl && noteEl.value.trim()) body.note = noteEl.value.trim();
  return notifAct(n, `/v1/notifications/${n.id}/acknowledgements`, body, decision === 'object' ? 'Objection sent.' : 'Acknowledged.');
}

export async function notifAct(n, path, body, ok) {
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

