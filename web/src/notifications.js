import { t } from './i18n.js';
import { dueEl, fmtTime } from './time.js';
import { api } from './api.js';
import { $, h, replaceKeeping, showResult } from './dom.js';
import { loadObjects } from './load.js';
import { COARSE, NOTIF_COLOURS, NOTIF_STATES, addGeometry, forgetShapes, layers } from './map.js';
import { openObject } from './select.js';
import { awaits } from './inbox.js';
import { applyList, byTime, defineList, fillList, newest } from './lists.js';
import { S, centerNow, mine, objectName, partyName } from './state.js';
import { setSliderRange, sliderTime } from './timeline.js';

// notifications.js: notifications on the map and in the list; acknowledging, objecting, cancelling.
export function volumeVisible(v, at) {
  if (!at) return true;
  return new Date(v.start) <= at && at < new Date(v.end);
}

const window_ = (n) => [Math.min(...(n.volumes || []).map((v) => Date.parse(v.start))), Math.max(...(n.volumes || []).map((v) => Date.parse(v.end)))];
export function initNotifications() {
  defineList('notification', {
    states: ['submitted', 'acknowledged', 'objected', 'executed', 'cancelled', 'expired'], closed: ['cancelled', 'expired', 'executed'],
    kinds: ['strike', 'flight', 'ground-movement', 'humanitarian-movement'], state: (n) => n.state, kind: (n) => n.kind,
    party: (n) => [n.party, ...(n.must_acknowledge || [])], when: window_, awaiting: awaits.notification, mine: (n) => mine(n.party),
    text: (n) => [n.title, n.kind, n.id, partyName(n.party)].join(' '),
    sorts: { newest: newest('submitted_log_index'), start: (a, b) => window_(a)[0] - window_(b)[0], deadline: byTime((n) => n.ack_deadline || '9999') },
    render: renderNotifications,
  });
}

export function renderNotificationLayer() {
  if (!layers) return;
  layers.notifications.clearLayers();
  layers.conflictAreas.clearLayers();
  forgetShapes('notification');
  const at = sliderTime();
  for (const n of applyList('notification', S.notifications)) {
    if (['cancelled', 'expired'].includes(n.state)) continue;
    const c = NOTIF_COLOURS[n.kind] || '#333';
    (n.volumes || []).forEach((v, i) => {
      if (!volumeVisible(v, at)) return;
      addGeometry(layers.notifications, v.geometry, Object.assign({ color: c, weight: 2, fillColor: c, fillOpacity: n.kind === 'flight' ? 0.04 : 0.1 }, NOTIF_STATES[n.state] || {}), {
        radius: v.radius_m, width: v.width_m, ref: { type: 'notification', id: n.id },
        tooltip: t('tip.notification', { title: n.title || t('kind.' + n.kind), kind: t('kind.' + n.kind), state: n.state, start: fmtTime(v.start), end: fmtTime(v.end) }) + (n.volumes.length > 1 ? t('tip.volume', { i }) : ''),
      });
    });
    // Its stored conflicts with objects whose place is not shown: their
    // coarse areas, part of the notification's shapes.
    for (const cf of n.conflicts || []) {
      if (!cf.with || !cf.with.area) continue;
      if (at && cf.overlap && !volumeVisible(cf.overlap, at)) continue;
      // Another party's notification is disclosed as the centres of the
      // cells it passes, grown by area_buffer_m.
      addGeometry(layers.conflictAreas, cf.with.area, Object.assign({}, COARSE, { color: '#b3261e', weight: 2, dashArray: '4 4' }), {
        tooltip: `${n.title || n.kind}: ${conflictText(cf)}`, ref: { type: 'notification', id: n.id },
        radius: cf.with.area_buffer_m, width: cf.with.area_buffer_m ? 2 * cf.with.area_buffer_m : 0,
      });
    }
  }
}


export function conflictText(cf) {
  const w = cf.with || {};
  let what;
  const category = w.category || t('cf.site');
  if (w.type === 'site') what = w.name ? t('cf.site.named', { name: w.name, category }) : t('cf.site.hidden', { category });
  else if (w.type === 'zone') what = w.name ? t('cf.zone.named', { name: w.name }) : t('cf.zone.hidden', { kind: w.kind ? t('kind.' + w.kind) : '' });
  else if (w.type === 'notification') {
    const name = w.name ? '“' + w.name + '”' : w.id ? '“' + objectName('notification', w.id) + '”' : '';
    const kind = w.kind ? t('kind.' + w.kind) : t('cf.notification.kind');
    what = w.party ? t('cf.notification.by', { kind, name, party: partyName(w.party) }) : t('cf.notification', { kind, name });
  } else what = w.type || t('cf.object');
  const during = cf.overlap ? t('cf.during', { start: fmtTime(cf.overlap.start), end: fmtTime(cf.overlap.end) }) : '';
  return t('cf.line', { rule: cf.rule, what, volume: cf.volume, during });
}


export function renderNotifications() {
  setSliderRange();
  renderNotificationLayer();
  const list = applyList('notification', S.notifications);
  fillList($('notification-list'), S.notifications.length, list.map(notificationCard), 'empty.notifications', replaceKeeping);
}

export function notificationCard(n) {
  const me = S.me.party.id;
  const acks = n.acknowledgements || [];
  const mustAnswer = n.state === 'submitted' && (n.must_acknowledge || []).includes(me) && !acks.some((a) => a.party === me);
  const noteId = 'note-' + n.id;
  return h('li', { class: 'card', style: `--c:${NOTIF_COLOURS[n.kind] || '#888'}`, 'data-notification': n.id },
    h('h3', {}, n.title || n.kind, ' ', h('span', { class: 'pill ' + n.state }, n.state), n.urgent ? h('span', { class: 'pill urgent' }, t('c.urgent')) : null),
    h('p', { class: 'meta' }, `${t('kind.' + n.kind)} · ${t('c.by', { party: partyName(n.party) })}`),
    (n.volumes || []).map((v) => h('p', {}, `${v.geometry.type} ${fmtTime(v.start)} – ${fmtTime(v.end)}, ${v.altitude.min_m}–${v.altitude.max_m} m`)),
    (n.conflicts || []).length
      ? h('div', { class: 'conflicts' }, h('p', { class: 'bad' }, t('c.conflicts', { n: n.conflicts.length })), h('ul', {}, n.conflicts.map((c) => h('li', {}, conflictText(c)))))
      : h('p', {}, t('c.noconflicts')),
    (n.must_acknowledge || []).length ? h('p', {}, t('c.mustack'), n.must_acknowledge.map(partyName).join(', '),
      n.ack_deadline ? [t('c.bydeadline'), n.state === 'submitted' ? dueEl(n.ack_deadline, centerNow()) : fmtTime(n.ack_deadline)] : '') : null,
    acks.map((a) => h('p', {}, `${partyName(a.party)}: ${a.decision}${a.note ? ' — ' + a.note : ''} (${fmtTime(a.at)})`)),
    h('div', { class: 'actions' },
      (n.volumes || []).length ? h('button', { type: 'button', onclick: () => openObject('notification', n.id) }, t('c.showmap')) : null,
      mustAnswer && [
        h('button', { type: 'button', class: 'primary', onclick: () => answer(n, 'acknowledge') }, t('c.ack')),
        h('label', { for: noteId, class: 'inline' }, t('c.note')),
        h('input', { id: noteId, type: 'text', placeholder: t('c.reason') }),
        h('button', { type: 'button', class: 'danger', onclick: () => answer(n, 'object') }, t('c.object')),
      ],
      mine(n.party) && ['submitted', 'acknowledged', 'objected'].includes(n.state) &&
        h('button', { type: 'button', class: 'danger', onclick: () => notifAct(n, `/v1/notifications/${n.id}/cancel`, {}) }, t('c.cancel')),
    ),
    h('div', { class: 'result', role: 'status' }));
}

export function answer(n, decision) {
  const noteEl = $('note-' + n.id);
  const body = { decision };
  if (noteEl && noteEl.value.trim()) body.note = noteEl.value.trim();
  return notifAct(n, `/v1/notifications/${n.id}/acknowledgements`, body, decision === 'object' ? t('c.objsent') : t('c.acked'));
}

export async function notifAct(n, path, body, ok) {
  try {
    await api('POST', path, body);
    await loadObjects();
    const c = document.querySelector(`[data-notification="${n.id}"] .result`);
    if (c) showResult(c, null, ok || t('c.done'));
  } catch (e) {
    const c = document.querySelector(`[data-notification="${n.id}"] .result`);
    if (c) showResult(c, e);
  }
}

