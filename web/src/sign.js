// truce web app: the member's own signature of every write (RFC 9421,
// Ed25519, with an RFC 9530 Content-Digest). The private key is a
// non-extractable WebCrypto key kept in this browser's IndexedDB: the page
// can sign with it but nobody — not the page, not the center — can read
// it. The center keeps only the public key, registered once with the
// member's token; from then on it refuses the member's unsigned writes,
// and `truce log verify` checks every act against that key.
//
// window.truceSign:
//   load(memberId, keyId)  -> true if this browser holds the member's key
//   enrol(memberId, post)  -> makes a key and registers it: post(publicKey)
//                             must POST /v1/me/key, signed with the new key
//   headers(method, path, bodyText, clockOffsetMs) -> the signature headers
//                             for a write, or {} when no key is loaded
//   keyId()                -> the loaded key's id, or ''
'use strict';

(function () {
  const DB = 'truce-keys';
  const STORE = 'keys';
  let current = null; // {keyPair, keyId}

  function db() {
    return new Promise((ok, fail) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
  }

  async function idb(mode, fn) {
    const d = await db();
    return new Promise((ok, fail) => {
      const tx = d.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => { d.close(); ok(req && req.result); };
      tx.onerror = () => { d.close(); fail(tx.error); };
    });
  }

  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
  const b64url = (buf) => b64(buf).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

  // The key id, as the center computes it: hex of the first 16 bytes of
  // the SHA-256 of the raw public key.
  async function keyIdOf(pub) {
    const raw = await crypto.subtle.exportKey('raw', pub);
    const h = await crypto.subtle.digest('SHA-256', raw);
    return { raw, id: hex(h.slice(0, 16)) };
  }

  async function load(memberId, keyId) {
    current = null;
    if (!memberId || !keyId) return false;
    const rec = await idb('readonly', (s) => s.get(memberId));
    if (rec && rec.keyId === keyId) current = rec;
    return current !== null;
  }

  async function enrol(memberId, post) {
    const keyPair = await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    const { raw, id } = await keyIdOf(keyPair.publicKey);
    const before = current;
    current = { keyPair, keyId: id };
    try {
      await post(b64url(raw));
    } catch (e) {
      current = before;
      throw e;
    }
    await idb('readwrite', (s) => s.put(current, memberId));
    return id;
  }

  // The center's log origin, which every signature names (its tag), so
  // that a request signed for one center cannot be replayed to another.
  let origin = null;
  async function centerOrigin() {
    if (origin === null) origin = (await (await fetch('/v1/health')).json()).origin;
    return origin;
  }

  async function headers(method, path, bodyText, clockOffsetMs) {
    if (!current) return {};
    const tag = await centerOrigin();
    const q = path.indexOf('?');
    const p = q < 0 ? path : path.slice(0, q);
    const query = q < 0 ? '' : path.slice(q + 1);
    const bytes = typeof bodyText === 'string' ? new TextEncoder().encode(bodyText) : new Uint8Array(bodyText);
    const digest = 'sha-256=:' + b64(await crypto.subtle.digest('SHA-256', bytes)) + ':';
    const created = Math.floor((Date.now() + (clockOffsetMs || 0)) / 1000);
    const nonce = b64url(crypto.getRandomValues(new Uint8Array(16)));
    const params = `("@method" "@path" "@query" "content-digest");created=${created};nonce="${nonce}";keyid="${current.keyId}";alg="ed25519";tag="${tag.replace(/[\\"]/g, '\\$&')}"`;
    const base = `"@method": ${method}\n"@path": ${p}\n"@query": ?${query}\n"content-digest": ${digest}\n"@signature-params": ${params}`;
    const sig = await crypto.subtle.sign({ name: 'Ed25519' }, current.keyPair.privateKey, new TextEncoder().encode(base));
    return { 'Content-Digest': digest, 'Signature-Input': 'truce=' + params, Signature: 'truce=:' + b64(sig) + ':' };
  }

  window.truceSign = { load, enrol, headers, keyId: () => (current ? current.keyId : '') };
})();
