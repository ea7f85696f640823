import { dueEl, fmtTime } from './time.js';
import { api } from './api.js';
import { renderInbox, setFlashCount } from './inbox.js';
import { markSelected, openObject } from './select.js';
import { applyList, defineList, fillList, newest } from './lists.js';
import { $, h, selected, showResult } from './dom.js';
import { S, centerNow, partyName } from './state.js';
import { t } from './i18n.js';

// ---- hotline ----------------------------------------------------------

export function received(m) {
  return m.from.party !== S.me.party.id && (m.to || []).some((p) => p === S.me.party.id || (p === 'coordinator' && S.me.party.kind === 'coordinator'));
}
export function ackedByMe(m) {
  return (m.acknowledgements || []).some((a) => a.by && a.by.party === S.me.party.id);
}
// unread: received and not yet acknowledged by the caller's party.
export const unread = (m) => received(m) && !ackedByMe(m);

export function renderHotline() {
  const list = applyList('message', S.messages);
  fillList($('message-list'), S.messages.length, list.map(messageCard), 'empty.messages');
  const n = S.messages.filter(unread).length;
  $('unread-count').textContent = n;
  $('hotline-badge').hidden = n === 0;
  $('hotline-badge').setAttribute('aria-label', t('c.unreadlabel', { n }));
  $('tab-unread').hidden = n === 0;
  $('tab-unread').textContent = n;
  renderAlerts();
  renderInbox();
  markSelected();
}

export function messageCard(m) {
  const to = (m.to || []).map(partyName).join(', ');
  const cls = 'card ' + m.priority;
  return h('li', { class: cls, style: `--c:${m.priority === 'flash' ? '#b3261e' : m.priority === 'urgent' ? '#a04800' : '#888'}`, 'data-message': m.id },
    h('h3', {}, m.subject || t('c.nosubject'), ' ', h('span', { class: 'pill ' + m.priority }, m.priority), unread(m) ? h('span', { class: 'pill flash' }, t('c.unread')) : null),
    h('p', { class: 'meta' }, `${t('c.from', { from: partyName(m.from.party), to })} · ${fmtTime(m.sent_at)}`),
    m.body ? h('p', {}, m.body) : null,
    (m.awaiting || []).length ? h('p', {}, t('c.awaitingack'), m.awaiting.map(partyName).join(', '), m.ack_due ? [t('c.due'), dueEl(m.ack_due, centerNow())] : '') : null,
    (m.acknowledgements || []).length ? h('p', {}, t('c.ackedby2'), m.acknowledgements.map((a) => partyName(a.by.party) + (a.late ? t('c.late') : '')).join(', ')) : null,
    (m.alerts || []).length ? h('p', { class: 'error' }, t('c.escalated')) : null,
    h('div', { class: 'actions' },
      unread(m) && h('button', { type: 'button', class: 'primary', onclick: () => ackMessage(m) }, t('c.ack')),
      h('button', { type: 'button', onclick: () => reply(m) }, t('c.reply'))),
    h('div', { class: 'result', role: 'status' }));
}

let replyTo = null;
export function reply(m) {
  replyTo = m.id;
  $('hotline-compose').open = true;
  for (const cb of document.querySelectorAll('#message-to input')) cb.checked = cb.value === m.from.party;
  $('message-subject').value = m.subject && !m.subject.startsWith('Re: ') ? 'Re: ' + m.subject : m.subject || '';
  $('message-body').focus();
}

export async function ackMessage(m) {
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
export function renderAlerts() {
  const pending = S.messages.filter((m) => unread(m) && (m.priority === 'flash' || m.priority === 'urgent'));
  // Escalations: an urgent or flash message not acknowledged in time is
  // an alert to the coordinator and to its sender, until acknowledged.
  const escalated = S.messages.filter((m) => (m.alerts || []).length && (m.awaiting || []).length &&
    (m.from.party === S.me.party.id || S.me.party.kind === 'coordinator') && !pending.includes(m));
  // Re-render only when the set changes, so that screen readers
  // announce an alert once, not at every reload.
  const key = pending.map((m) => m.id).join(',') + '/' + escalated.map((m) => m.id).join(',');
  if (key === alertKey) return;
  alertKey = key;
  $('alerts').replaceChildren(...pending.map((m) => h('div', { class: 'alert ' + m.priority, 'data-alert': m.id },
    h('strong', {}, t('c.alertfrom', { priority: m.priority.toUpperCase(), party: partyName(m.from.party) })),
    h('span', {}, m.subject || t('c.nosubject')),
    m.ack_due ? h('span', {}, t('c.ackby', { when: fmtTime(m.ack_due) })) : null,
    h('button', { type: 'button', onclick: () => ackMessage(m) }, t('c.ack')),
    h('button', { type: 'button', onclick: () => openObject('message', m.id) }, t('c.open')))),
  ...escalated.map((m) => h('div', { class: 'alert escalated', 'data-alert': m.id },
    h('strong', {}, t('alert.escalated', { priority: m.priority.toUpperCase() })),
    h('span', {}, m.subject || t('c.nosubject')),
    h('span', {}, t('alert.notacked', { parties: m.awaiting.map(partyName).join(', ') })),
    m.ack_due ? dueEl(m.ack_due, centerNow()) : null,
    h('button', { type: 'button', onclick: () => openObject('message', m.id) }, t('c.open')))));
  const all = pending.concat(escalated);
  const fresh = all.filter((m) => !alerted.has(m.id + (pending.includes(m) ? '' : '/esc')));
  fresh.forEach((m) => alerted.add(m.id + (pending.includes(m) ? '' : '/esc')));
  setFlashCount(all.length);
  if (fresh.length) beep();
}

export function beep() {
  try {
    const ctx = new (window.AudioContext || window.webkitAudioContext)();
    const o = ctx.createOscillator();
    o.frequency.value = 880;
    o.connect(ctx.destination);
    o.start();
    o.stop(ctx.currentTime + 0.25);
  } catch (e) { /* no audio */ }
}
let hotlineThere = true;
export async function loadMessages() {
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
const PRIORITY = { flash: 0, urgent: 1, routine: 2 };
export function initHotline() {
  defineList('message', {
    states: ['routine', 'urgent', 'flash'], state: (m) => m.priority, party: (m) => [m.from.party, ...(m.to || [])],
    awaiting: unread, mine: (m) => m.from.party === S.me.party.id,
    text: (m) => [m.subject, m.body, m.id, partyName(m.from.party)].join(' '),
    sorts: { newest: newest('log_index'), priority: (a, b) => PRIORITY[a.priority] - PRIORITY[b.priority] || b.log_index - a.log_index },
    render: renderHotline,
  });
  $('message-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { to: selected('message-to'), priority: $('message-priority').value, subject: $('message-subject').value.trim(), body: $('message-body').value };
    if (replyTo) body.reply_to = replyTo;
    try {
      const { data } = await api('POST', '/v1/messages', body);
      showResult($('message-result'), null, t('c.sent', { id: data.id, i: data.log_index }));
      replyTo = null;
      $('message-subject').value = '';
      $('message-body').value = '';
      await loadMessages();
    } catch (err) { showResult($('message-result'), err); }
  });
}
