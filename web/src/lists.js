// lists.js: filters, sort and search for every list, and the time slider
// applied to lists and map alike. Each list declares what its objects
// have (state, kind, party, a time window, whether the caller must
// answer it, whether it is the caller's own, its searchable text); the
// bar above the list is built from that, and applyList returns what to
// show — on the map as in the list.
import { $, h } from './dom.js';
import { t } from './i18n.js';
import { partyName, S } from './state.js';
import { sliderTime } from './timeline.js';

const specs = new Map();

// defineList registers a list: spec = {states, closed (states hidden
// unless asked), kinds, party(o), when(o) -> [startMs, endMs],
// awaiting(o), mine(o), text(o), sorts: {key: fn(a, b)}, render()}.
export function defineList(name, spec) {
  specs.set(name, spec);
  const bar = $(name + '-filters');
  if (!bar) return;
  const id = (k) => `${name}-f-${k}`;
  const sel = (k, label, values, fmt) => h('div', { class: 'f' }, h('label', { for: id(k) }, label),
    h('select', { id: id(k) }, h('option', { value: '' }, t('filter.any')), values.map((v) => h('option', { value: v }, fmt ? fmt(v) : v))));
  const box = (k, label) => h('label', { class: 'inline' }, h('input', { id: id(k), type: 'checkbox' }), label);
  bar.replaceChildren(
    h('div', { class: 'f grow' }, h('label', { for: id('q') }, t('filter.search')), h('input', { id: id('q'), type: 'search', autocomplete: 'off' })),
    spec.states ? sel('state', t('filter.state'), spec.states) : null,
    spec.kinds ? sel('kind', t('filter.kind'), spec.kinds) : null,
    spec.party ? h('div', { class: 'f' }, h('label', { for: id('party') }, t('filter.party')), h('select', { id: id('party') })) : null,
    h('div', { class: 'f' }, h('label', { for: id('sort') }, t('filter.sort')),
      h('select', { id: id('sort') }, Object.keys(spec.sorts).map((k) => h('option', { value: k }, t('sort.' + k))))),
    spec.when ? h('div', { class: 'f' }, h('label', { for: id('from') }, t('filter.from')), h('input', { id: id('from'), type: 'date' })) : null,
    spec.when ? h('div', { class: 'f' }, h('label', { for: id('to') }, t('filter.to')), h('input', { id: id('to'), type: 'date' })) : null,
    h('div', { class: 'checks' },
      spec.awaiting ? box('awaiting', t('filter.awaiting')) : null,
      spec.mine ? box('mine', t('filter.mine')) : null,
      spec.closed ? box('closed', t('filter.closed', { states: spec.closed.join(', ') })) : null),
    h('p', { id: id('shown'), class: 'hint', 'aria-live': 'polite' }));
  bar.addEventListener('input', () => spec.render());
  bar.addEventListener('change', () => spec.render());
  // Opening an object that the filters hide clears them (select.js).
  bar.closest('[role=tabpanel]').addEventListener('truce:unfilter', () => { clearFilters(name); spec.render(); });
}

export function clearFilters(name) {
  for (const el of document.querySelectorAll(`#${name}-filters input, #${name}-filters select`)) {
    if (el.type === 'checkbox') el.checked = false;
    else if (el.tagName === 'SELECT' && el.id.endsWith('-sort')) el.selectedIndex = 0;
    else el.value = '';
  }
}

// fillPartyFilters offers the parties by name, once they are known.
export function fillPartyFilters() {
  for (const name of specs.keys()) {
    const s = $(`${name}-f-party`);
    if (!s) continue;
    const cur = s.value;
    s.replaceChildren(h('option', { value: '' }, t('filter.any')), ...[...S.parties.values()].map((p) => h('option', { value: p.id }, p.name)));
    s.value = cur;
  }
}

const val = (name, k) => { const el = $(`${name}-f-${k}`); return el ? (el.type === 'checkbox' ? el.checked : el.value) : ''; };

// inWindow: the object's window holds time t (ms).
const inWindow = (w, t0) => w && w[0] <= t0 && t0 < w[1];

// applyList: the objects to show, filtered by the bar and the time
// slider, sorted; also writes "n of m shown".
export function applyList(name, items) {
  const spec = specs.get(name);
  if (!spec) return items;
  const q = String(val(name, 'q')).trim().toLowerCase();
  const state = val(name, 'state');
  const kind = val(name, 'kind');
  const party = val(name, 'party');
  const from = val(name, 'from') ? Date.parse(val(name, 'from') + 'T00:00:00Z') : null;
  const to = val(name, 'to') ? Date.parse(val(name, 'to') + 'T00:00:00Z') + 86400e3 : null;
  const at = sliderTime();
  const out = items.filter((o) => {
    // Closed objects are hidden unless asked for, or still awaiting the caller.
    if (spec.closed && !val(name, 'closed') && !state && spec.closed.includes(spec.state(o)) && !(spec.awaiting && spec.awaiting(o))) return false;
    if (state && spec.state(o) !== state) return false;
    if (kind && spec.kind(o) !== kind) return false;
    if (party && ![].concat(spec.party(o)).includes(party)) return false;
    if (val(name, 'awaiting') && !spec.awaiting(o)) return false;
    if (val(name, 'mine') && !spec.mine(o)) return false;
    if (spec.when) {
      const w = spec.when(o);
      if (at && !inWindow(w, at.getTime())) return false;
      if (from !== null && w[1] <= from) return false;
      if (to !== null && w[0] >= to) return false;
    }
    if (q && !spec.text(o).toLowerCase().includes(q)) return false;
    return true;
  });
  const sort = spec.sorts[val(name, 'sort')] || Object.values(spec.sorts)[0];
  out.sort(sort);
  const shown = $(`${name}-f-shown`);
  if (shown) shown.textContent = t('filter.shown', { n: out.length, m: items.length });
  return out;
}

// fillList shows the cards, or says why there are none: nothing to see
// at all, or nothing that matches the filters.
export function fillList(ul, total, cards, emptyKey, keep) {
  if (keep) keep(ul, cards); else ul.replaceChildren(...cards);
  ul.removeAttribute('aria-busy');
  if (!cards.length) ul.append(h('li', { class: 'hint empty' }, total ? t('list.nomatch') : t(emptyKey)));
}

// Common pieces of list specs.
export const byParty = (id) => partyName(id);
export const newest = (k) => (a, b) => (b[k] || 0) - (a[k] || 0);
export const byTime = (f) => (a, b) => Date.parse(f(a)) - Date.parse(f(b));
export const byName = (f) => (a, b) => String(f(a) || '').localeCompare(String(f(b) || ''));
