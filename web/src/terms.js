// truce web app: the terms page. It reads /v1/terms, each terms' phase
// (its conditions evaluated now) and compliance record with the member's
// token from the main page (sessionStorage, this tab only), and puts
// every string from the API in the page as text, never as HTML. Its own
// words come from the catalogue (i18n.js), in the language the main page
// chose in this tab; tr is i18n's t (t here is a terms object).
import { t as tr, initialLang, setLang } from './i18n.js';

setLang(initialLang());
document.title = tr('terms.title');

(function () {
  const $ = (id) => document.getElementById(id);
  const token = sessionStorage.getItem('truce.token') || '';

  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const kid of kids.flat()) {
      if (kid === undefined || kid === null || kid === false) continue;
      el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }

  async function get(path, method) {
    const r = await fetch(path, { method: method || 'GET', headers: { Authorization: 'Bearer ' + token } });
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!r.ok) throw new Error((data && (data.detail || data.title)) || `HTTP ${r.status}`);
    return data;
  }

  const fmtTime = (s) => (s ? String(s).replace('T', ' ').replace(/(:\d\d)?(\.\d+)?Z$/, ' UTC') : '');

  const CONDITIONS = {
    'violations-at-most': (c) => tr('terms.cond.violations', { max: c.max_per_day || 0, days: c.days }),
    'movements-executed': (c) => tr('terms.cond.movements', { count: c.count }),
    'no-strikes': (c) => tr('terms.cond.nostrikes', { days: c.days }),
    date: (c) => tr('terms.cond.date', { at: fmtTime(c.at) }),
  };

  function conditionRow(st, zoneNames) {
    const c = st.condition;
    const what = (CONDITIONS[c.type] || (() => c.type))(c);
    const where = c.zones && c.zones.length ? tr('terms.in', { zones: c.zones.map((z) => zoneNames.get(z) || z).join(', ') }) : '';
    const since = c.since ? tr('terms.since', { since: fmtTime(c.since) }) : '';
    const days = (st.days || []).map((d) => `${d.day}: ${d.count}`).join('; ');
    return h('tr', {},
      h('td', {}, what + where + since),
      h('td', { class: 'n' }, `${st.value} / ${st.target}`),
      h('td', { class: st.met ? 'met' : 'unmet' }, st.met ? tr('terms.met') : tr('terms.notyet')),
      h('td', {}, days || '–'),
      h('td', { class: 'mono' }, (st.counted || []).join(', ') || '–'));
  }

  function phaseSection(t, ps, zoneNames) {
    const out = h('div', {});
    if (!t.phases || !t.phases.length) return out;
    out.append(h('h4', {}, tr('terms.phases')));
    out.append(h('ol', {}, t.phases.map((p, i) => h('li', { class: i === t.phase ? 'current' : undefined },
      p.name, i === t.phase ? tr('terms.inforce.since', { since: fmtTime(t.phase_since) }) : '',
      i < t.phase ? tr('terms.done') : ''))));
    if (ps.status && ps.status.length) {
      out.append(h('table', { 'aria-label': tr('terms.cond.table', { name: ps.name }) },
        h('caption', {}, ps.next ? tr('terms.caption.endsstarts', { name: ps.name, next: ps.next, at: fmtTime(ps.at) }) : tr('terms.caption.ends', { name: ps.name, at: fmtTime(ps.at) })),
        h('thead', {}, h('tr', {}, ['condition', 'value', 'status', 'days', 'counted'].map((x) => h('th', { scope: 'col' }, tr('terms.col.' + x))))),
        h('tbody', {}, ps.status.map((st) => conditionRow(st, zoneNames)))));
    }
    if (ps.pending) {
      out.append(h('p', { class: 'hint' }, tr('terms.pending', { to: ps.pending.to + 1, k: (ps.pending.endorsements || []).length, n: t.endorsers.length })));
      const confirmed = (ps.pending.endorsements || []).some((e) => e.party === S.party);
      if (t.endorsers.includes(S.party) && !confirmed) {
        out.append(actButton(tr('terms.confirm', { to: ps.pending.to + 1 }), `/v1/terms/${t.id}/phase/endorsements`));
      }
    }
    return out;
  }

  // actButton posts an empty act for the caller's party, then reloads the
  // page's figures; a refusal is shown beside the button.
  function actButton(label, path) {
    const result = h('span', { class: 'result', role: 'status' });
    const button = h('button', { type: 'button', class: 'primary', onclick: async () => {
      button.disabled = true;
      try {
        await get(path, 'POST');
        await load();
      } catch (e) {
        result.className = 'result error';
        result.textContent = e.message;
        button.disabled = false;
      }
    } }, label);
    return h('p', {}, button, ' ', result);
  }

  const COUNTS = ['late', 'breaches', 'strikes_objected', 'violations', 'acks_missed'].map((k) => [k, tr('terms.count.' + k)]);

  function complianceSection(cp, partyName) {
    const rows = [];
    for (const p of cp.parties) {
      rows.push(h('tr', { 'data-party': p.party },
        h('th', { scope: 'row' }, partyName(p.party)),
        COUNTS.map(([k]) => h('td', { class: p.totals[k] ? 'n bad' : 'n' }, p.totals[k])),
        h('td', {}, p.days.length ? h('details', {}, h('summary', {}, tr('terms.days', { n: p.days.length })),
          h('ul', {}, p.days.map((d) => h('li', {}, `${d.day}: `,
            COUNTS.filter(([k]) => d[k]).map(([k, label]) => `${d[k]} ${label}`).join(', '),
            tr('terms.entries', { list: d.entries.join(', ') }))))) : '–')));
    }
    return h('div', {},
      h('h4', {}, tr('terms.compliance')),
      h('table', { 'aria-label': tr('terms.compliance.table') },
        h('caption', {}, tr('terms.asof', { size: cp.size, at: fmtTime(cp.at) })),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, tr('terms.col.party')), COUNTS.map(([, label]) => h('th', { scope: 'col' }, label)), h('th', { scope: 'col' }, tr('terms.col.perday')))),
        h('tbody', {}, rows)));
  }

  const S = { party: '' };

  async function load() {
    if (!token) {
      $('terms-error').append(tr('terms.signin'), h('a', { href: './' }, tr('terms.signin.link')), tr('terms.signin.end'));
      return;
    }
    const [me, parties, zones, terms] = await Promise.all([get('/v1/me'), get('/v1/parties'), get('/v1/zones'), get('/v1/terms')]);
    $('whoami').textContent = tr('terms.who', { member: me.member.name, party: me.party.name });
    S.party = me.party.id;
    const names = new Map(parties.map((p) => [p.id, p.name]));
    const partyName = (id) => names.get(id) || id;
    const zoneNames = new Map(zones.map((z) => [z.id, z.name || z.id]));
    const list = $('terms-list');
    list.replaceChildren();
    if (!terms.length) list.append(h('p', {}, tr('terms.none')));
    for (const t of terms) {
      const [ps, cp] = await Promise.all([get(`/v1/terms/${t.id}/phase`), get(`/v1/terms/${t.id}/compliance`)]);
      const endorsed = new Set((t.endorsements || []).map((e) => e.party));
      list.append(h('section', { class: 'agreement', id: `terms-${t.id}`, 'aria-labelledby': `terms-${t.id}-title` },
        h('h3', { id: `terms-${t.id}-title` }, t.name),
        h('p', {}, tr('terms.state', { state: t.state, v: t.version }), t.in_force ? tr('terms.version.inforce', { v: t.in_force }) : tr('terms.notinforce'),
          tr('terms.valid', { start: fmtTime(t.valid.start), end: fmtTime(t.valid.end) }), t.renews ? tr('terms.renews') : ''),
        h('p', {}, tr('terms.endorsers'), t.endorsers.map((id) => partyName(id) + (endorsed.has(id) ? ' ✓' : tr('terms.waiting'))).join(', ')),
        t.state === 'proposed' && t.endorsers.includes(S.party) && !endorsed.has(S.party)
          ? actButton(tr('terms.endorse', { v: t.version }), `/v1/terms/${t.id}/endorsements`) : null,
        phaseSection(t, ps, zoneNames),
        complianceSection(cp, partyName)));
    }
  }

  load().catch((e) => { $('terms-error').textContent = e.message; })
    .finally(() => { $('terms-main').setAttribute('aria-busy', 'false'); });
}());
