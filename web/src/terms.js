// truce web app: the terms page. It reads /v1/terms, each terms' phase
// (its conditions evaluated now) and compliance record with the member's
// token from the main page (sessionStorage, this tab only), and puts
// every string from the API in the page as text, never as HTML.
'use strict';

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
    'violations-at-most': (c) => `at most ${c.max_per_day || 0} verified violation(s) a day for ${c.days} consecutive days`,
    'movements-executed': (c) => `at least ${c.count} humanitarian movement(s) executed without objection`,
    'no-strikes': (c) => `no strike for ${c.days} days`,
    date: (c) => `the date ${fmtTime(c.at)}`,
  };

  function conditionRow(st, zoneNames) {
    const c = st.condition;
    const what = (CONDITIONS[c.type] || (() => c.type))(c);
    const where = c.zones && c.zones.length ? ` in ${c.zones.map((z) => zoneNames.get(z) || z).join(', ')}` : '';
    const since = c.since ? `, counted from ${fmtTime(c.since)}` : '';
    const days = (st.days || []).map((d) => `${d.day}: ${d.count}`).join('; ');
    return h('tr', {},
      h('td', {}, what + where + since),
      h('td', { class: 'n' }, `${st.value} / ${st.target}`),
      h('td', { class: st.met ? 'met' : 'unmet' }, st.met ? 'met' : 'not yet'),
      h('td', {}, days || '–'),
      h('td', { class: 'mono' }, (st.counted || []).join(', ') || '–'));
  }

  function phaseSection(t, ps, zoneNames) {
    const out = h('div', {});
    if (!t.phases || !t.phases.length) return out;
    out.append(h('h4', {}, 'Phases'));
    out.append(h('ol', {}, t.phases.map((p, i) => h('li', { class: i === t.phase ? 'current' : undefined },
      p.name, i === t.phase ? ` — in force since ${fmtTime(t.phase_since)}` : '',
      i < t.phase ? ' — done' : ''))));
    if (ps.status && ps.status.length) {
      out.append(h('table', { 'aria-label': `Conditions of the phase ${ps.name}` },
        h('caption', {}, `What ends “${ps.name}”${ps.next ? ` and starts “${ps.next}”` : ''}, evaluated ${fmtTime(ps.at)}`),
        h('thead', {}, h('tr', {}, ['condition', 'value', 'status', 'days counted', 'counted'].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, ps.status.map((st) => conditionRow(st, zoneNames)))));
    }
    if (ps.pending) {
      out.append(h('p', { class: 'hint' }, `A change to phase ${ps.pending.to + 1} waits for the endorsers' confirmation (${(ps.pending.endorsements || []).length} of ${t.endorsers.length}).`));
      const confirmed = (ps.pending.endorsements || []).some((e) => e.party === S.party);
      if (t.endorsers.includes(S.party) && !confirmed) {
        out.append(actButton(`Confirm the change to phase ${ps.pending.to + 1}`, `/v1/terms/${t.id}/phase/endorsements`));
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

  const COUNTS = [['late', 'notified late'], ['breaches', 'not allowed'], ['strikes_objected', 'strikes objected'], ['violations', 'violations verified'], ['acks_missed', 'acknowledgements missed']];

  function complianceSection(cp, partyName) {
    const rows = [];
    for (const p of cp.parties) {
      rows.push(h('tr', { 'data-party': p.party },
        h('th', { scope: 'row' }, partyName(p.party)),
        COUNTS.map(([k]) => h('td', { class: p.totals[k] ? 'n bad' : 'n' }, p.totals[k])),
        h('td', {}, p.days.length ? h('details', {}, h('summary', {}, `${p.days.length} day(s)`),
          h('ul', {}, p.days.map((d) => h('li', {}, `${d.day}: `,
            COUNTS.filter(([k]) => d[k]).map(([k, label]) => `${d[k]} ${label}`).join(', '),
            ` (entries ${d.entries.join(', ')})`)))) : '–')));
    }
    return h('div', {},
      h('h4', {}, 'Compliance'),
      h('table', { 'aria-label': 'Compliance per party' },
        h('caption', {}, `As of the log's entry ${cp.size} (${fmtTime(cp.at)})`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'party'), COUNTS.map(([, label]) => h('th', { scope: 'col' }, label)), h('th', { scope: 'col' }, 'per day'))),
        h('tbody', {}, rows)));
  }

  const S = { party: '' };

  async function load() {
    if (!token) {
      $('terms-error').append('Sign in on the ', h('a', { href: './' }, 'main page'), ' first.');
      return;
    }
    const [me, parties, zones, terms] = await Promise.all([get('/v1/me'), get('/v1/parties'), get('/v1/zones'), get('/v1/terms')]);
    $('whoami').textContent = `Terms and compliance — ${me.member.name}, ${me.party.name}`;
    S.party = me.party.id;
    const names = new Map(parties.map((p) => [p.id, p.name]));
    const partyName = (id) => names.get(id) || id;
    const zoneNames = new Map(zones.map((z) => [z.id, z.name || z.id]));
    const list = $('terms-list');
    list.replaceChildren();
    if (!terms.length) list.append(h('p', {}, 'No terms have been proposed: the center\'s documented defaults apply.'));
    for (const t of terms) {
      const [ps, cp] = await Promise.all([get(`/v1/terms/${t.id}/phase`), get(`/v1/terms/${t.id}/compliance`)]);
      const endorsed = new Set((t.endorsements || []).map((e) => e.party));
      list.append(h('section', { class: 'agreement', id: `terms-${t.id}`, 'aria-labelledby': `terms-${t.id}-title` },
        h('h3', { id: `terms-${t.id}-title` }, t.name),
        h('p', {}, `${t.state}, version ${t.version}`, t.in_force ? ` (version ${t.in_force} in force)` : ' (not in force)',
          `; valid ${fmtTime(t.valid.start)} to ${fmtTime(t.valid.end)}`, t.renews ? ', renewing itself' : ''),
        h('p', {}, 'Endorsers: ', t.endorsers.map((id) => `${partyName(id)}${endorsed.has(id) ? ' ✓' : ' (waiting)'}`).join(', ')),
        t.state === 'proposed' && t.endorsers.includes(S.party) && !endorsed.has(S.party)
          ? actButton(`Endorse version ${t.version}`, `/v1/terms/${t.id}/endorsements`) : null,
        phaseSection(t, ps, zoneNames),
        complianceSection(cp, partyName)));
    }
  }

  load().catch((e) => { $('terms-error').textContent = e.message; })
    .finally(() => { $('terms-main').setAttribute('aria-busy', 'false'); });
}());
