// sources.js: open sources (coordinator and observers): ingest an
// article, decide its candidate reports — each shown with the sentence
// it cites highlighted — and read the stories and their briefs.
import { api } from './api.js';
import { $, h, showResult } from './dom.js';
import { t } from './i18n.js';
import { loadReports } from './reports.js';
import { renderInbox } from './inbox.js';
import { S } from './state.js';
import { fmtTime, toISO } from './time.js';

let there = true;

export async function loadSources() {
  if (!there || !S.me || !['coordinator', 'observer'].includes(S.me.party.kind)) { $('tab-sources').hidden = true; return; }
  $('tab-sources').hidden = false;
  try {
    const [a, c, s] = await Promise.all([api('GET', '/v1/articles'), api('GET', '/v1/candidates'), api('GET', '/v1/stories')]);
    S.articles = a.data || [];
    S.candidates = c.data || [];
    S.stories = s.data || [];
  } catch (e) {
    if (e.status === 404) { there = false; $('tab-sources').hidden = true; return; }
    throw e;
  }
  renderSources();
  renderInbox();
}

const articleOf = (id) => (S.articles || []).find((a) => a.id === id);

// cited shows the article's text around the cited sentence, the
// sentence marked; without the text, the sentence alone, marked.
function cited(c) {
  const a = articleOf(c.article);
  const cit = c.citation || {};
  const text = a && a.text;
  if (text && cit.end > cit.start && cit.end <= text.length) {
    const from = Math.max(0, cit.start - 160);
    const to = Math.min(text.length, cit.end + 160);
    return h('blockquote', { class: 'cite' }, from > 0 ? '… ' : '', text.slice(from, cit.start), h('mark', {}, text.slice(cit.start, cit.end)), text.slice(cit.end, to), to < text.length ? ' …' : '');
  }
  return h('blockquote', { class: 'cite' }, h('mark', {}, cit.sentence || ''));
}

function candidateCard(c) {
  const b = c.report || {};
  const cit = c.citation || {};
  return h('li', { class: 'card', style: '--c:#0050a0', 'data-candidate': c.id },
    h('h3', {}, `${b.sub_event_type || b.event_type || ''} — ${b.place || ''}`, ' ', h('span', { class: 'pill ' + c.status }, c.status)),
    h('p', { class: 'meta' }, `${fmtTime(b.occurred_at)} · ${(c.inferred || []).includes('actor1') ? t('src.inferred', { actor: b.actor1 || '' }) : (b.actor1 || '')}${b.actor2 ? ' / ' + b.actor2 : ''} · ${t('src.killed', { n: b.fatalities || 0 })}`),
    h('p', { class: 'meta' }, t('src.from', { title: cit.title || (articleOf(c.article) || {}).title || c.article })),
    cited(c),
    c.status === 'pending' ? h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => decide(c, 'accept') }, t('src.accept')),
      h('button', { type: 'button', class: 'danger', onclick: () => decide(c, 'discard') }, t('src.discard'))) : null,
    c.accepted ? h('p', {}, t('src.accepted', { id: c.accepted })) : null,
    h('div', { class: 'result', role: 'status' }));
}

async function decide(c, decision) {
  try {
    await api('POST', `/v1/candidates/${c.id}/decision`, { decision });
    await Promise.all([loadSources(), loadReports()]);
  } catch (e) {
    const r = document.querySelector(`[data-candidate="${c.id}"] .result`);
    if (r) showResult(r, e);
  }
}

function renderSources() {
  const cands = (S.candidates || []).slice().sort((a, b) => (a.status === 'pending' ? 0 : 1) - (b.status === 'pending' ? 0 : 1) || b.log_index - a.log_index);
  $('candidate-list').replaceChildren(...cands.map(candidateCard));
  $('candidate-list').removeAttribute('aria-busy');
  if (!cands.length) $('candidate-list').append(h('li', { class: 'hint' }, t('src.nocandidates')));
  $('article-list').replaceChildren(...(S.articles || []).slice().reverse().map((a) => h('li', { 'data-article': a.id },
    h('strong', {}, a.title || a.id), ` — ${a.source || ''} · ${fmtTime(a.published || a.ingested_at)} · `, t('src.ncandidates', { n: (a.candidates || []).length }), ' ',
    h('button', { type: 'button', 'aria-expanded': 'false', onclick: () => readArticle(a) }, t('src.read')),
    h('div', { class: 'article-view', hidden: true }))));
  for (const id of openViews.keys()) showView(id);
  $('story-list').replaceChildren(...(S.stories || []).map((s) => h('li', { class: 'card', style: '--c:#555', 'data-story': s.id },
    h('h3', {}, s.title || s.id), h('p', { class: 'meta' }, t('src.narticles', { n: (s.articles || []).length })),
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: (e) => brief(s, e.target) }, t('src.brief'))),
    h('pre', { class: 'brief', hidden: true, tabindex: '0' }))));
  if (!(S.stories || []).length) $('story-list').append(h('li', { class: 'hint' }, t('src.nostories')));
}

// how says in the page's language how a mention was resolved; the API
// gives it as English phrases joined by commas, each phrase's catalogue
// key is built from it (a phrase the catalogue lacks is shown as it is).
const how = (m) => String(m.how || '').split(', ').map((p) => {
  const k = 'how.' + p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const s = t(k);
  return s === k ? p : s;
}).join(', ');

// marked is the article's text with each recognised place and actor
// marked at its offsets (byte offsets into the UTF-8 text, as the API
// gives them), the name it was resolved to and how in its title.
function marked(text, places, actors) {
  const bytes = new TextEncoder().encode(text || '');
  const dec = new TextDecoder();
  const ms = [...places.map((m) => ({ ...m, cls: 'place' })), ...actors.map((m) => ({ ...m, cls: 'actor' }))]
    .filter((m) => m.start >= 0 && m.end > m.start && m.end <= bytes.length).sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let at = 0;
  for (const m of ms) {
    if (m.start < at) continue; // overlaps one already marked
    out.push(dec.decode(bytes.subarray(at, m.start)));
    out.push(h('mark', { class: 'mention ' + m.cls, 'data-name': m.name, title: `${m.name} — ${how(m)}` }, dec.decode(bytes.subarray(m.start, m.end))));
    at = m.end;
  }
  out.push(dec.decode(bytes.subarray(at)));
  return h('p', { class: 'article-text' }, ...out);
}

function mentionList(label, ms, cls) {
  return [h('h4', {}, label), ms.length
    ? h('ul', { class: 'mentions ' + cls }, ...ms.map((m) => h('li', {}, h('mark', { class: 'mention ' + cls }, m.text), ' → ', h('strong', {}, m.name),
      m.country ? ` (${m.country})` : '', ' · ', how(m))))
    : h('p', { class: 'hint' }, t('src.nomentions'))];
}

// The articles whose view of what was recognised is open, with what the
// API gave for each (or the error it gave): the list is drawn again on
// every article or candidate event, and an open view stays open.
const openViews = new Map();

// readArticle opens (or closes) an article's text with what extraction
// recognised in it, so a reviewer can see why a candidate says what it
// says.
async function readArticle(a) {
  if (openViews.has(a.id)) { openViews.delete(a.id); showView(a.id); return; }
  let shown;
  try {
    shown = (await api('GET', `/v1/articles/${a.id}`)).data;
  } catch (e) { shown = e; }
  openViews.set(a.id, shown);
  showView(a.id); // the list may have been drawn again meanwhile
}

// showView draws an article's view as openViews says, in the list as it
// is now.
function showView(id) {
  const li = document.querySelector(`#article-list li[data-article="${CSS.escape(id)}"]`);
  if (!li) return;
  const view = li.querySelector('.article-view'), btn = li.querySelector('button[aria-expanded]');
  const data = openViews.get(id);
  if (data === undefined) { view.hidden = true; btn.setAttribute('aria-expanded', 'false'); return; }
  if (data instanceof Error) view.replaceChildren(h('p', { class: 'result' }, data.message));
  else {
    const places = data.places || [], actors = data.actors || [];
    view.replaceChildren(marked(data.text, places, actors), ...mentionList(t('src.places'), places, 'place'), ...mentionList(t('src.actors'), actors, 'actor'),
      ...(data.warnings || []).map((w) => h('p', { class: 'meta warning' }, w)));
  }
  view.hidden = false;
  btn.setAttribute('aria-expanded', 'true');
}

async function brief(s, btn) {
  const pre = btn.closest('li').querySelector('pre');
  try {
    const { data } = await api('GET', `/v1/stories/${s.id}/brief`);
    pre.textContent = typeof data === 'string' ? data : JSON.stringify(data, null, 2);
  } catch (e) { pre.textContent = e.message; }
  pre.hidden = false;
}

export function initSources() {
  $('article-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { title: $('article-title').value.trim(), text: $('article-text').value, source: $('article-source').value.trim(), url: $('article-url').value.trim(),
      published: toISO($('article-published').value) };
    for (const k of Object.keys(body)) if (!body[k]) delete body[k];
    try {
      const { data } = await api('POST', '/v1/articles', body);
      const arts = Array.isArray(data) ? data : (data && data.articles) || [data];
      const n = arts.reduce((x, a) => x + ((a && a.candidates) || []).length, 0);
      showResult($('article-result'), null, t('src.ingested', { n }));
      $('article-text').value = '';
      await loadSources();
    } catch (err) { showResult($('article-result'), err); }
  });
}
