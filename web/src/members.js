// truce web app: members' credentials (issue 16). In the Parties pane,
// the coordinator (for every party) and a member (for its own party) see
// each member's access and key, and can give a new token (shown once),
// revoke a token or a key, or remove a member — each a logged act that
// counts at once on every node. parties.js calls truceMembers.render with
// its api() (which signs writes, sign.js), h() and t() (the catalogue,
// i18n.js).
'use strict';

(function () {
  function render(api, h, me, parties, t) {
    const root = document.getElementById('member-admin');
    if (!root) return;
    const isCoord = me.party.kind === 'coordinator';
    const mine = parties.filter((p) => isCoord || p.id === me.party.id);
    root.replaceChildren(h('h3', {}, t('m.title')),
      ...mine.map((p) => {
        const list = h('ul', { class: 'cards', 'aria-label': t('m.of', { party: p.name }) });
        const result = h('div', { class: 'result', role: 'status' });
        const d = h('details', { 'data-members': p.id }, h('summary', {}, t('m.of', { party: p.name })), list, result);
        const act = async (label, fn) => {
          result.className = 'result';
          try {
            const out = await fn();
            result.className = 'result ok';
            result.replaceChildren(h('p', {}, label + (out && out.log_index !== undefined ? t('m.logentry', { i: out.log_index }) : '')));
            if (out && out.token) {
              result.append(h('p', {}, t('m.shownonce'), h('code', { class: 'new-token' }, out.token)));
            }
            await load();
          } catch (err) {
            result.className = 'result error';
            result.replaceChildren(h('p', {}, err.message));
          }
        };
        const load = async () => {
          const { data } = await api('GET', `/v1/parties/${encodeURIComponent(p.id)}/members`);
          list.replaceChildren(...(data || []).map((m) => {
            const info = [m.access || 'active'];
            if (m.access_expires_at) info.push(t('m.until', { when: m.access_expires_at }));
            if (m.key_id) info.push(t('m.key', { id: m.key_id.slice(0, 8) }));
            if (m.id === me.member.id) info.push(t('m.you'));
            const li = h('li', { class: 'card', 'data-member': m.id }, h('h4', {}, m.name), h('p', { class: 'meta' }, `${m.id} · ${info.join(' · ')}`));
            if (m.access === 'removed') return li;
            const hours = h('input', { type: 'number', min: '1', 'aria-label': t('m.hours', { name: m.name }), placeholder: t('m.hours.ph') });
            const btn = (text, fn) => {
              const b = h('button', { type: 'button' }, text);
              b.addEventListener('click', fn);
              return b;
            };
            li.append(h('div', { class: 'actions' },
              hours,
              btn(t('m.newtoken'), () => act(t('m.newtoken.done', { name: m.name }), async () => {
                const body = {};
                if (hours.value) body.expires_at = new Date(Date.now() + Number(hours.value) * 3600e3).toISOString();
                return (await api('POST', `/v1/members/${encodeURIComponent(m.id)}/token`, body)).data;
              })),
              btn(t('m.revoketoken'), () => act(t('m.revoketoken.done', { name: m.name }), async () => (await api('DELETE', `/v1/members/${encodeURIComponent(m.id)}/token`)).data)),
              m.key_id ? btn(t('m.revokekey'), () => act(t('m.revokekey.done', { name: m.name }), async () => (await api('DELETE', `/v1/members/${encodeURIComponent(m.id)}/key`)).data)) : '',
              m.id !== me.member.id ? btn(t('m.remove'), () => act(t('m.remove.done', { name: m.name }), async () => (await api('DELETE', `/v1/members/${encodeURIComponent(m.id)}`)).data)) : ''));
            return li;
          }));
        };
        d.addEventListener('toggle', () => { if (d.open) load().catch((err) => { result.className = 'result error'; result.replaceChildren(h('p', {}, err.message)); }); });
        return d;
      }));
  }
  window.truceMembers = { render };
})();
