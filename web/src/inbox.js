// inbox.js: the first screen — what awaits the caller's party, what
// happened to its own acts, and alerts, computed from the lists the page
// already loaded (the API has no inbox of its own). The count of items
// awaiting an answer, plus alerts, goes into the tab title.
import { $, h } from './dom.js';
import { t } from './i18n.js';
import { openObject } from './select.js';
import { S, centerNow, partyName } from './state.js';
import { countdown, fmtTime } from './time.js';

const isReviewer = () => S.me && ['coordinator', 'observer'].includes(S.me.party.kind);
const me = () => S.me.party.id;
const answered = (acks, party) => (acks || []).some((a) => a.party === party);

// What awaits the caller's party, per kind of object: the same rules for
// the inbox and for the lists' "awaiting me" filter.
export const awaits = {
  notification: (n) => n.state === 'submitted' && (n.must_acknowledge || []).includes(me()) && !answered(n.acknowledgements, me()),
  site: (s) => (s.recipients || []).includes(me()) && !(s.acknowledgements || []).some((a) => a.party === me() && a.of === (s.state === 'removed' ? 'remove' : 'add')),
  zone: (z) => z.state === 'proposed' && (z.endorsers || []).includes(me()) && !answered(z.endorsements, me()),
  message: (m) => m.from.party !== me() && (m.to || []).some((x) => x === me() || (x === 'coordinator' && S.me.party.kind === 'coordinator')) &&
    !(m.acknowledgements || []).some((a) => a.by && a.by.party === me()),
  report: (r) => (isReviewer() && ['submitted', 'under-review'].includes(r.status)) || (r.requests || []).some((q) => q.to === me() && !q.answered_at),
};

// inboxItems returns {awaiting, yours, alerts}: lists of items
// {cat, type, id, title, why, due}.
export function inboxItems() {
  const awaiting = [];
  const yours = [];
  const alerts = [];
  const p = me();
  for (const n of S.notifications) {
    const title = n.title || n.kind;
    if (awaits.notification(n)) {
      awaiting.push({ cat: 'ack-notification', type: 'notification', id: n.id, title, why: t('inbox.why.ack-notification', { kind: n.kind, party: partyName(n.party) }), due: n.ack_deadline });
    }
    if (n.party === p && n.state === 'objected') {
      const by = (n.acknowledgements || []).filter((a) => a.decision === 'object').map((a) => partyName(a.party));
      yours.push({ cat: 'objected', type: 'notification', id: n.id, title, why: t('inbox.why.objected', { parties: by.join(', ') }) });
    }
    if (n.party === p && n.state === 'expired') yours.push({ cat: 'expired', type: 'notification', id: n.id, title, why: t('inbox.why.expired', { kind: n.kind }) });
  }
  for (const s of S.sites) {
    const of = s.state === 'removed' ? 'remove' : 'add';
    if (awaits.site(s)) {
      awaiting.push({ cat: 'ack-site', type: 'site', id: s.id, title: s.name || s.category, why: t('inbox.why.ack-site', { category: s.category, party: partyName(s.owner), act: t('inbox.why.ack-site.' + of) }) });
    }
  }
  for (const z of S.zones) {
    if (awaits.zone(z)) {
      awaiting.push({ cat: 'endorse', type: 'zone', id: z.id, title: z.name || z.kind, why: t('inbox.why.endorse', { kind: z.kind, party: partyName(z.owner) }) });
    }
    if (z.owner === p && z.state === 'suspended') yours.push({ cat: 'suspended', type: 'zone', id: z.id, title: z.name || z.kind, why: t('inbox.why.suspended', { kind: z.kind }) });
  }
  for (const m of S.messages) {
    if (awaits.message(m)) {
      awaiting.push({ cat: 'ack-message', type: 'message', id: m.id, title: m.subject || m.id, why: t('inbox.why.ack-message', { priority: m.priority, party: partyName(m.from.party) }), due: m.ack_due });
    }
    // An escalation is an alert to the coordinator and to the sender
    // while someone has still not acknowledged.
    if ((m.alerts || []).length && (m.awaiting || []).length && (m.from.party === p || S.me.party.kind === 'coordinator')) {
      alerts.push({ cat: 'escalated', type: 'message', id: m.id, title: m.subject || m.id, why: t('inbox.why.escalated', { parties: m.awaiting.map(partyName).join(', ') }), due: m.ack_due });
    }
  }
  for (const r of S.reports) {
    const title = `${r.sub_event_type} — ${r.place || r.id}`;
    if (isReviewer() && ['submitted', 'under-review'].includes(r.status)) {
      awaiting.push({ cat: 'review', type: 'report', id: r.id, title, why: t('inbox.why.review', { type: r.event_type, status: r.status, party: partyName(r.party) }) });
    }
    for (const q of r.requests || []) {
      if (q.to === p && !q.answered_at) awaiting.push({ cat: 'answer-request', type: 'report', id: r.id, title, why: t('inbox.why.answer-request', { party: partyName(q.asked_by), question: q.question }) });
    }
  }
  for (const c of S.candidates || []) {
    if (c.status !== 'pending') continue;
    const body = c.report || {};
    awaiting.push({ cat: 'decide-candidate', type: 'candidate', id: c.id, title: `${body.sub_event_type || body.event_type || c.id} — ${body.place || ''}`, why: t('inbox.why.decide-candidate', { article: (c.citation && c.citation.title) || c.article }) });
  }
  return { awaiting, yours, alerts };
}

const ORDER = ['ack-notification', 'ack-message', 'ack-site', 'endorse', 'answer-request', 'review', 'decide-candidate', 'escalated', 'objected', 'expired', 'suspended'];

function group(items, emptyKey) {
  if (!items.length) return [h('p', { class: 'hint' }, t(emptyKey))];
  const by = new Map();
  for (const it of items) { if (!by.has(it.cat)) by.set(it.cat, []); by.get(it.cat).push(it); }
  const now = centerNow();
  return ORDER.filter((c) => by.has(c)).map((c) => h('section', { class: 'inbox-group', 'data-inbox': c, 'data-count': String(by.get(c).length) },
    h('h4', {}, t('inbox.cat.' + c), ' ', h('span', { class: 'count' }, String(by.get(c).length))),
    h('ul', { class: 'cards' }, by.get(c).map((it) => {
      const cd = it.due ? countdown(it.due, now) : null;
      return h('li', { class: 'card inbox-item' + (cd && cd.overdue ? ' overdue' : ''), 'data-type': it.type, 'data-id': it.id },
        h('h3', {}, it.title),
        h('p', { class: 'meta' }, it.why),
        cd ? h('p', { class: 'due' + (cd.overdue ? ' overdue' : '') }, h('span', { class: 'countdown', 'data-due': it.due }, cd.text), ' · ', t('inbox.due', { when: fmtTime(it.due) })) : null,
        h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => openObject(it.type, it.id) }, t('inbox.open'))));
    }))));
}

let last = { awaiting: 0, alerts: 0 };
export function inboxCounts() { return last; }

// renderInbox draws the inbox and sets the counts in the tab and the
// title. Called after any list it reads is loaded.
export function renderInbox() {
  if (!S.me || !$('pane-inbox')) return;
  const { awaiting, yours, alerts } = inboxItems();
  last = { awaiting: awaiting.length, alerts: alerts.length, yours: yours.length };
  $('inbox-awaiting').replaceChildren(...group(awaiting, 'inbox.nothing'));
  $('inbox-yours').replaceChildren(...group(yours, 'inbox.nothing.yours'));
  $('inbox-alerts').replaceChildren(...group(alerts, 'inbox.nothing.alerts'));
  const n = awaiting.length + alerts.length;
  $('inbox-count').textContent = String(n);
  $('inbox-count').hidden = n === 0;
  $('inbox-summary').textContent = t('inbox.count', { n });
  updateTitle();
}

// The title: "(2!) " for unacknowledged urgent or flash messages, then
// "(N) " for everything awaiting the party.
let flash = 0;
export function setFlashCount(k) { flash = k; updateTitle(); }
function updateTitle() {
  const n = last.awaiting + last.alerts;
  document.title = (flash ? `(${flash}!) ` : '') + (n ? `(${n}) ` : '') + t('title.app');
}

// Countdowns move with the center's clock, every 15 s.
export function tickCountdowns() {
  const now = centerNow();
  for (const el of document.querySelectorAll('.countdown[data-due]')) {
    const cd = countdown(el.dataset.due, now);
    el.textContent = cd.text;
    el.closest('.due')?.classList.toggle('overdue', cd.overdue);
  }
}
