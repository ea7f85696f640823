import { $, sleep } from './dom.js';
import { loadMessages } from './hotline.js';
import { loadObjects } from './load.js';
import { loadLog } from './log.js';
import { request } from './api.js';
import { t } from './i18n.js';
import { signOut } from './main.js';
import { loadParties } from './parties.js';
import { loadReports } from './reports.js';
import { loadSources } from './sources.js';

// ---- live events --------------------------------------------------------

// EventSource cannot send an Authorization header, and a token in a URL
// ends up in logs; so the stream is read with fetch and parsed here
// (WHATWG "Server-sent events": id, event, data; a comment line starts
// with ':'). Reconnects after 2 s with Last-Event-ID.
let evAbort = null;
// stopEvents ends the stream (on sign-out).
export function stopEvents() { if (evAbort) evAbort.abort(); }
export async function runEvents() {
  let last = null;
  const myAbort = (evAbort = new AbortController());
  while (!myAbort.signal.aborted) {
    try {
      const hdr = {};
      if (last !== null) hdr['Last-Event-ID'] = last;
      const r = await request('GET', '/v1/events', { headers: hdr, signal: myAbort.signal, cache: 'no-store' });
      if (r.status === 401) { signOut(t('auth.refused')); return; }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      setLive(true);
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      let ev = {};
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let i;
        while ((i = buf.search(/\r\n|\n|\r/)) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + (buf[i] === '\r' && buf[i + 1] === '\n' ? 2 : 1));
          if (line === '') { if (ev.data !== undefined) onEvent(ev); ev = {}; continue; }
          if (line[0] === ':') continue;
          const c = line.indexOf(':');
          const field = c < 0 ? line : line.slice(0, c);
          let v = c < 0 ? '' : line.slice(c + 1);
          if (v[0] === ' ') v = v.slice(1);
          if (field === 'data') ev.data = ev.data === undefined ? v : ev.data + '\n' + v;
          else if (field === 'event') ev.event = v;
          else if (field === 'id') { ev.id = v; last = v; }
        }
      }
    } catch (e) {
      if (myAbort.signal.aborted) return;
    }
    setLive(false);
    await sleep(2000);
  }
}

// reloadFor reloads what an entry of this type may have changed, once
// for a burst of entries. Never on access records: reloading a list that
// shows another party's coordinates writes one, which would loop.
const pendingReloads = new Set();
let reloadTimer = null;
export function reloadFor(type) {
  let what = null;
  if (type.startsWith('message.')) what = loadMessages;
  else if (/^(party|member)\./.test(type)) what = loadParties;
  else if (/^(zone|site|notification)\./.test(type) || type === 'center.clock') what = loadObjects;
  else if (/^(report|incident)\./.test(type)) what = loadReports;
  else if (/^(article|candidate)\./.test(type)) what = loadSources;
  if (!what) return;
  pendingReloads.add(what);
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => {
    const fns = [...pendingReloads];
    pendingReloads.clear();
    for (const fn of fns) fn().catch(() => {});
  }, 100);
}

export let streamLive = false;
export function setLive(on) {
  streamLive = on;
  $('live').textContent = on ? t('live.on') : t('live.off');
  $('live').classList.toggle('on', on);
}

export function onEvent(ev) {
  const type = ev.event || 'message';
  if (type === 'resume') return;
  reloadFor(type);
  loadLog(false);
}
