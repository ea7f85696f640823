import { partyName } from './state.js';
import { fmtTime } from './time.js';
import { request } from './api.js';
import { t } from './i18n.js';
import { $, h } from './dom.js';
import { reloadFor, streamLive } from './events.js';

// ---- the log ------------------------------------------------------------

// The log is public (C2SP tlog-checkpoint and tlog-tiles). The page
// reads the checkpoint every few seconds: that is how it learns of
// changes the event stream does not carry, without asking the API for
// lists (a list that shows another party's precise coordinates is
// itself logged, as an access record). It reads the new entries'
// types from the public entry bundles and reloads only when one
// changes zones, sites or notifications.
export const LOG = { size: null, entries: [], key: null };

export function tilePath(n, width) {
  let s = String(n);
  while (s.length % 3) s = '0' + s;
  const parts = s.match(/.../g);
  let p = parts.map((x, i) => (i < parts.length - 1 ? 'x' + x : x)).join('/');
  if (width < 256) p += '.p/' + width;
  return '/log/tile/entries/' + p;
}

export async function fetchEntries(from, to) {
  const out = [];
  for (let n = Math.floor(from / 256); n * 256 < to; n++) {
    const width = Math.min(256, to - n * 256);
    const r = await request('GET', tilePath(n, width), { public: true });
    if (!r.ok) break;
    const b = new Uint8Array(await r.arrayBuffer());
    let i = 0;
    let idx = n * 256;
    const dec = new TextDecoder();
    while (i + 2 <= b.length) {
      const len = (b[i] << 8) | b[i + 1];
      i += 2;
      if (idx >= from) {
        try { out.push(JSON.parse(dec.decode(b.subarray(i, i + len)))); } catch (e) { out.push({ index: idx, type: '?' }); }
      }
      i += len;
      idx++;
    }
  }
  return out;
}

export async function verifyCheckpoint(text) {
  try {
    if (!LOG.key) LOG.key = (await (await request('GET', '/log/key', { public: true })).text()).trim();
    // name+hash+base64: the base64 may itself hold '+'.
    const i = LOG.key.indexOf('+');
    const j = LOG.key.indexOf('+', i + 1);
    const name = LOG.key.slice(0, i);
    const b64 = LOG.key.slice(j + 1);
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    if (raw[0] !== 1 || raw.length !== 33) return t('log.v.badkey');
    const cut = text.indexOf('\n\n');
    const signed = new TextEncoder().encode(text.slice(0, cut + 1));
    const sigs = text.slice(cut + 2).split('\n').filter((l) => l.startsWith('— ' + name + ' '));
    const key = await crypto.subtle.importKey('raw', raw.slice(1), { name: 'Ed25519' }, false, ['verify']);
    for (const l of sigs) {
      const s = Uint8Array.from(atob(l.split(' ')[2]), (c) => c.charCodeAt(0));
      if (await crypto.subtle.verify({ name: 'Ed25519' }, key, s.slice(4), signed)) return t('log.v.valid', { name });
    }
    return t('log.v.invalid');
  } catch (e) {
    return t('log.v.unchecked', { error: e.message });
  }
}

export async function loadLog(force) {
  let text;
  try {
    const r = await request('GET', '/log/checkpoint', { public: true, cache: 'no-store' });
    if (!r.ok) return;
    text = await r.text();
  } catch (e) { return; }
  const lines = text.split('\n');
  const size = Number(lines[1]);
  const prev = LOG.size;
  if (prev !== null && size < prev) $('log-verified').textContent = t('log.shrank', { from: prev, to: size });
  if (prev === size && !force) return;
  LOG.size = size;
  $('log-size').textContent = String(size);
  $('log-origin').textContent = lines[0];
  $('log-root').textContent = lines[2];
  $('log-checkpoint').textContent = text;
  const from = prev === null ? Math.max(0, size - 20) : Math.max(prev, size - 512);
  if (size > from) {
    const fresh = await fetchEntries(from, size);
    LOG.entries = LOG.entries.concat(fresh).slice(-20);
    // While the event stream is up it says what changed (for what the
    // caller may see); the log is the fallback when it is down.
    if (prev !== null && !streamLive) fresh.forEach((e) => reloadFor(e.type));
  }
  $('log-entries').replaceChildren(...LOG.entries.slice().reverse().map((e) =>
    h('li', { value: e.index }, `#${e.index} ${e.type} · ${fmtTime(e.time)}${e.actor && e.actor.party ? ' · ' + partyName(e.actor.party) : ''}`)));
  if (!$('pane-log').hidden || force) {
    $('log-verified').textContent = await verifyCheckpoint(text);
    finality(text);
  }
}

// finality: which registered witnesses cosigned the checkpoint shown. A
// checkpoint cosigned by every party's witness cannot have been forked
// for one of them (PRODUCT §5).
async function finality(text) {
  let ws = [];
  try { ws = await (await request('GET', '/v1/witnesses', { public: true })).json(); } catch (e) { /* none */ }
  const signers = new Set(text.slice(text.indexOf('\n\n') + 2).split('\n').filter((l) => l.startsWith('— ')).map((l) => l.split(' ')[1]));
  const signed = (ws || []).filter((w) => signers.has(w.name));
  $('log-finality').textContent = !(ws || []).length ? t('log.nowitness') : t('log.cosigned', { k: signed.length, n: ws.length });
  $('witness-list').replaceChildren(...(ws || []).map((w) => h('li', {}, `${partyName(w.party_id)} — ${w.name} · `,
    signers.has(w.name) ? t('log.signed') : t('log.notsigned'), ` · ${fmtTime(w.registered_at)}`)));
}

// The exports, as the caller may see them: fetched with the member's
// credentials and saved as a file.
const EXPORTS = ['zones.geojson', 'sites.geojson', 'reports.csv', 'reports.geojson'];
export function initLog() {
  $('log-refresh').addEventListener('click', () => loadLog(true));
  $('exports').replaceChildren(...EXPORTS.map((f) => h('button', { type: 'button', onclick: () => download('/v1/export/' + f, f) }, t('log.download', { file: f }))));
}

export async function download(path, name) {
  const r = await request('GET', path);
  if (!r.ok) return;
  const url = URL.createObjectURL(await r.blob());
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
