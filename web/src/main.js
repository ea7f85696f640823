import { KEY, api, getToken, onUnauthorized, request, setToken } from './api.js';
import { $, h } from './dom.js';
import { runEvents, stopEvents } from './events.js';
import { initHotline, loadMessages } from './hotline.js';
import { loadObjects } from './load.js';
import { initLog, loadLog } from './log.js';
import { initSources, loadSources } from './sources.js';
import { initMap, map, startDraw } from './map.js';
import { initNotify } from './notify.js';
import { initNotifications, renderNotifications } from './notifications.js';
import { renderZones } from './zones.js';
import { renderSites } from './sites.js';
import { renderReports } from './reports.js';
import { onTimeChange } from './timeline.js';
import { initParties, loadParties } from './parties.js';
import { initReports, loadReports } from './reports.js';
import { initSites } from './sites.js';
import { S } from './state.js';
import { initTabs } from './tabs.js';
import { onSlider } from './timeline.js';
import { initZones } from './zones.js';
import { tickCountdowns } from './inbox.js';
import { LANGS, currentLang, initialLang, setLang, t } from './i18n.js';
import { onShapeClicked } from './map.js';
import { initPlaceSearch } from './places.js';
import { initCardSelection, openObject } from './select.js';

// truce web app: one page over the API under /v1. Everything shown comes
// from the API with the member's token, so the page shows exactly what the
// caller's party may see; it applies no rights of its own.
//
// The token lives in sessionStorage only (this tab, until it closes).
// Strings from the API are always put in the page as text (textContent),
// never as HTML.
//
// main.js signs in and out and wires the sections (one module each) together.

// ---- sign in / out --------------------------------------------------------

let pollTimer = null;
export async function start() {
  const { data } = await api('GET', '/v1/me');
  S.me = data;
  // The token is good: keep it for this tab at once, so that a page
  // opened from here (the terms page) is signed in even while the rest
  // is still loading.
  sessionStorage.setItem(KEY, getToken());
  $('whoami').replaceChildren(t('who.as'), h('strong', {}, data.party.name), ` (${data.party.kind}) — ${data.member.name}`);
  $('signin').hidden = true;
  $('app').hidden = false;
  $('signout').hidden = false;
  try {
    const hr = await request('GET', '/v1/health', { public: true });
    const hd = await hr.json();
    if (hd.time) S.clockOffset = Date.parse(hd.time) - Date.now();
  } catch (e) { /* the browser's clock, then */ }
  await showSigning(); // sign.js
  if (!map) {
    initMap(); initForms(); initTabs();
    initPlaceSearch();
    initCardSelection();
    initLog();
    initSources();
    onTimeChange(() => { renderZones(); renderSites(); renderNotifications(); if (S.reports.length) renderReports(); });
    onShapeClicked((type, id) => openObject(type, id, { fromMap: true }));
    setInterval(tickCountdowns, 15000);
  }
  map.invalidateSize();
  await loadParties();
  await Promise.all([loadObjects(), loadMessages(), loadReports(), loadLog(true), loadSources()]);
  runEvents();
  pollTimer = setInterval(() => { if (!document.hidden) loadLog(false); }, 3000);
}

// showSigning loads this member's key if this browser holds it and says
// whether writes are signed; without a key, it offers to enrol one.
async function showSigning() {
  const m = S.me.member;
  const held = await window.truceSign.load(m.id, m.key_id);
  $('enrol-key').hidden = !!m.key_id;
  const note = held ? t('sign.held', { key: m.key_id.slice(0, 8) }) : m.key_id ? t('sign.foreign') : '';
  $('whoami').append(note);
}

$('enrol-key').addEventListener('click', async () => {
  try {
    await window.truceSign.enrol(S.me.member.id, (key) => api('POST', '/v1/me/key', { key }));
    const { data } = await api('GET', '/v1/me');
    S.me = data;
    $('whoami').replaceChildren(t('who.as'), h('strong', {}, data.party.name), ` (${data.party.kind}) — ${data.member.name}`);
    await showSigning();
  } catch (e) {
    $('whoami').append(t('sign.failed', { error: e.message }));
  }
});

// initForms wires every form: one init per section, and the draw buttons.
function initForms() {
  initZones();
  initSites();
  initNotifications();
  initNotify();
  initReports();
  initHotline();
  initParties();
  document.querySelectorAll('button[data-draw]').forEach((b) =>
    b.addEventListener('click', () => startDraw(b.dataset.draw, b.dataset.target)));
}

export function signOut(msg) {
  sessionStorage.removeItem(KEY);
  setToken('');
  stopEvents();
  clearInterval(pollTimer);
  location.hash = '';
  if (msg) sessionStorage.setItem('truce.msg', msg);
  location.reload();
}

$('signin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  setToken($('token').value.trim());
  $('signin-error').textContent = '';
  try {
    await start();
    sessionStorage.setItem(KEY, getToken());
    $('token').value = '';
  } catch (err) {
    setToken('');
    $('signin-error').textContent = err.status === 401 ? t('signin.bad') : t('signin.failed', { error: err.message || String(err) });
  }
});
$('signout').addEventListener('click', () => signOut());
$('time-all').addEventListener('change', onSlider);
$('time-slider').addEventListener('input', onSlider);

onUnauthorized(signOut);
setLang(initialLang());
// The language menu: the page reloads in the new language (the token
// stays in this tab's sessionStorage, so the member stays signed in).
$('lang').replaceChildren(...Object.entries(LANGS).map(([k, v]) => h('option', { value: k, lang: k }, v)));
$('lang').value = currentLang();
$('lang').addEventListener('change', () => {
  setLang($('lang').value);
  const u = new URL(location.href);
  u.searchParams.delete('lang');
  location.replace(u.toString());
});
const msg = sessionStorage.getItem('truce.msg');
if (msg) { $('signin-error').textContent = msg; sessionStorage.removeItem('truce.msg'); }
if (getToken()) {
  // Only the center's refusal of the token signs the tab out. Any other
  // failure keeps it: leaving the page while it loads (a click on the
  // terms link) aborts the loads in flight, and that must not sign the
  // member out of the page being opened.
  start().catch((err) => {
    if (err && err.status === 401) {
      sessionStorage.removeItem(KEY); setToken('');
      $('signin').hidden = false; $('app').hidden = true;
      $('signin-error').textContent = t('signin.bad');
    } else if (!S.me) {
      $('signin').hidden = false; $('app').hidden = true;
      $('signin-error').textContent = t('signin.failed', { error: (err && err.message) || String(err) });
    } else {
      $('whoami').append(' ', h('span', { class: 'error', id: 'load-error' }, t('load.failed', { error: (err && err.message) || String(err) })));
    }
  });
}
