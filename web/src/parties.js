import { t } from './i18n.js';
import { api } from './api.js';
import { fillPartyFilters } from './lists.js';
import { $, checks, h, showResult } from './dom.js';
import { S, mine } from './state.js';

// parties.js: parties and members; the coordinator registers them.
export async function loadParties() {
  const { data } = await api('GET', '/v1/parties');
  S.parties = new Map(data.map((p) => [p.id, p]));
  fillPartyChoices();
  fillPartyFilters();
  renderParties();
}
export function fillPartyChoices() {
  const all = [...S.parties.values()];
  const others = all.filter((p) => p.id !== S.me.party.id);
  const armed = all.filter((p) => p.kind === 'party');
  checks($('zone-restricts'), 'restricts', armed.map((p) => [p.id, p.name]));
  checks($('zone-endorsers'), 'endorsers', all.filter((p) => p.kind !== 'observer').map((p) => [p.id, p.name]));
  checks($('site-recipients'), 'recipients', others.map((p) => [p.id, p.name]));
  checks($('message-to'), 'to', others.map((p) => [p.id, p.name + (p.kind === 'coordinator' && !/coordinator/i.test(p.name) ? t('c.coordsuffix') : '')]));
}

export function renderParties() {
  const isCoord = S.me.party.kind === 'coordinator';
  $('coordinator-forms').hidden = !isCoord;
  $('party-list').replaceChildren(...[...S.parties.values()].map((p) => h('li', { class: 'card', 'data-party': p.id },
    h('h3', {}, p.name, mine(p.id) ? t('c.you') : ''), h('p', { class: 'meta' }, `${p.kind} · ${p.id}`))));
  $('member-party').replaceChildren(...[...S.parties.values()].map((p) => h('option', { value: p.id }, p.name)));
  window.truceMembers.render(api, h, S.me, [...S.parties.values()], t); // members.js
}
export function initParties() {
  $('party-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const { data } = await api('POST', '/v1/parties', { name: $('party-name').value.trim(), kind: $('party-kind').value });
      showResult($('party-result'), null, t('c.registered', { name: data.name, id: data.id, i: data.log_index }));
      $('party-name').value = '';
      await loadParties();
    } catch (err) { showResult($('party-result'), err); }
  });
  $('member-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const { data } = await api('POST', `/v1/parties/${$('member-party').value}/members`, { name: $('member-name').value.trim() });
      const out = $('member-result');
      showResult(out, null, t('c.registeredmember', { id: data.id, i: data.log_index }));
      out.append(h('p', { class: 'mono', tabindex: '0' }, data.token));
      $('member-name').value = '';
    } catch (err) { showResult($('member-result'), err); }
  });
}
