// truce web app: members' credentials (issue 16). In the Parties pane,
// the coordinator (for every party) and a member (for its own party) see
// each member's access and key, and can give a new token (shown once),
// revoke a token or a key, or remove a member — each a logged act that
// counts at once on every node. app.js calls truceMembers.render with its
// api() (which signs writes, sign.js) and h().
'use strict';

(function () {
  function render(api, h, me, parties) {
    const root = document.getElementById('member-admin');
    if (!root) return;
    const isCoord = me.party.kind === 'coordinator';
    const mine = parties.filter((p) => isCoord || p.id === me.party.id);
    root.replaceChildren(h('h3', {}, 'Members and their credentials'),
      ...mine.map((p) => {
        const list = h('ul', { class: 'cards', 'aria-label': 'Members of ' + p.name });
        const result = h('div', { class: 'result', role: 'status' });
        const d = h('details', { 'data-members': p.id }, h('summary', {}, 'Members of ' + p.name), list, result);
        const act = async (label, fn) => {
          result.className = 'result';
          try {
            const out = await fn();
            result.className = 'result ok';
            result.replaceChildren(h('p', {}, label + (out && out.log_index !== undefined ? ` (log entry ${out.log_index})` : '')));
            if (out && out.token) {
              result.append(h('p', {}, 'New token, shown once: ', h('code', { class: 'new-token' }, out.token)));
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
            if (m.access_expires_at) info.push('until ' + m.access_expires_at);
            if (m.key_id) info.push('key ' + m.key_id.slice(0, 8));
            if (m.id === me.member.id) info.push('you');
            const li = h('li', { class: 'card', 'data-member': m.id }, h('h4', {}, m.name), h('p', { class: 'meta' }, `${m.id} · ${info.join(' · ')}`));
            if (m.access === 'removed') return li;
            const hours = h('input', { type: 'number', min: '1', 'aria-label': `Token of ${m.name} expires after (hours)`, placeholder: 'expires after (h)' });
            const btn = (text, fn) => {
              const b = h('button', { type: 'button' }, text);
              b.addEventListener('click', fn);
              return b;
            };
            li.append(h('div', { class: 'actions' },
              hours,
              btn('New token', () => act(`${m.name}: new token`, async () => {
                const body = {};
                if (hours.value) body.expires_at = new Date(Date.now() + Number(hours.value) * 3600e3).toISOString();
                return (await api('POST', `/v1/members/${encodeURIComponent(m.id)}/token`, body)).data;
              })),
              btn('Revoke token', () => act(`${m.name}: token revoked`, async () => (await api('DELETE', `/v1/members/${encodeURIComponent(m.id)}/token`)).data)),
              m.key_id ? btn('Revoke key', () => act(`${m.name}: key revoked`, async () => (await api('DELETE', `/v1/members/${encodeURIComponent(m.id)}/key`)).data)) : '',
              m.id !== me.member.id ? btn('Remove', () => act(`${m.name}: removed`, async () => (await api('DELETE', `/v1/members/${encodeURIComponent(m.id)}`)).data)) : ''));
            return li;
          }));
        };
        d.addEventListener('toggle', () => { if (d.open) load().catch((err) => { result.className = 'result error'; result.replaceChildren(h('p', {}, err.message)); }); });
        return d;
      }));
  }
  window.truceMembers = { render };
})();
