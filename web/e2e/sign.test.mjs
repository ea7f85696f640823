// Browser test of signed acts (issue 19): a member signs in, enrols a
// non-extractable WebCrypto Ed25519 key, notifies a strike; the strike's
// log entry carries the browser's signature, and `truce log verify`
// checks it against the key the browser registered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, party, launch, signIn, screenshot, clickMap, api } from './harness.mjs';

let server;
let browser;
let A;

before(async () => {
  server = await startServer();
  A = await party(server, 'Syrian government forces', 'party');
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('enrol a key in the browser; the strike it notifies is signed with it', async (t) => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await signIn(ctx, server, A.token);
  await p.getByRole('button', { name: 'Enrol a signing key' }).click();
  await p.locator('#whoami').getByText(/writes signed with key/).waitFor();
  const me = await api(server, A.token, 'GET', '/v1/me');
  assert.match(me.member.key_id, /^[0-9a-f]{32}$/);
  // The private key is not extractable, even by the page.
  const extractable = await p.evaluate(async () => {
    const req = indexedDB.open('truce-keys', 1);
    const db = await new Promise((ok) => { req.onsuccess = () => ok(req.result); });
    const rec = await new Promise((ok) => {
      const g = db.transaction('keys').objectStore('keys').getAll();
      g.onsuccess = () => ok(g.result[0]);
    });
    return rec.keyPair.privateKey.extractable;
  });
  assert.equal(extractable, false);
  await screenshot(p, 'signing-key-enrolled');

  // Now a write without the signature is refused...
  await assert.rejects(api(server, A.token, 'POST', '/v1/messages',
    { to: ['coordinator'], priority: 'routine', subject: 'unsigned', body: 'x' }), /401/);
  // ...and the page's own writes are signed.
  await p.getByRole('tab', { name: 'Notify' }).click();
  await p.locator('#notify-kind').selectOption('strike');
  await p.locator('#notify-title').fill('Signed strike, western Aleppo');
  await p.locator('#pane-notify').getByRole('button', { name: 'Point' }).click();
  await clickMap(p, 37.05, 36.20);
  await p.getByRole('button', { name: 'Submit notification' }).click();
  await p.locator('#notify-result.ok').waitFor();
  await screenshot(p, 'signed-strike-submitted');
  const [strike] = await api(server, A.token, 'GET', '/v1/notifications');
  assert.equal(strike.title, 'Signed strike, western Aleppo');

  // The entry carries the browser's signature (the receipt's entry), and
  // the log verifies with every act checked against its member's key.
  const receipt = await (await fetch(`${server.url}/v1/receipts/${strike.submitted_log_index}`)).text();
  const dir = mkdtempSync(join(tmpdir(), 'truce-sign-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'strike.tlog-proof'), receipt);
  const logKey = (await (await fetch(server.url + '/log/key')).text()).trim();
  const shown = JSON.parse(execFileSync(server.bin, ['receipt', 'verify', join(dir, 'strike.tlog-proof'), '--key', logKey, '--json']).toString());
  assert.equal(shown.signed_by.key_id, me.member.key_id);
  assert.equal(shown.entry.request.path, '/v1/notifications');
  assert.equal(shown.entry.type, 'notification.submit');
  const out = execFileSync(server.bin, ['log', 'verify', '--server', server.url, '--trust', join(dir, 'trust.json')]).toString();
  assert.match(out, /^verified \d+ entries/);
  await ctx.close();
});

test('the coordinator gives a member a new token, then revokes it, in the browser', async () => {
  const me = await api(server, A.token, 'GET', '/v1/me');
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await signIn(ctx, server, server.coordinator);
  await p.getByRole('tab', { name: 'Parties' }).click();
  const box = p.locator(`details[data-members="${me.party.id}"]`);
  await box.locator('summary').click();
  const card = box.locator(`li[data-member="${me.member.id}"]`);
  await card.getByText(/active · key /).waitFor();
  await card.getByRole('button', { name: 'New token' }).click();
  const shown = box.locator('.new-token');
  await shown.waitFor();
  const fresh = (await shown.textContent()).trim();
  assert.match(fresh, /^truce_/);
  await screenshot(p, 'member-new-token');
  await assert.rejects(api(server, A.token, 'GET', '/v1/me'), /401/);
  assert.equal((await api(server, fresh, 'GET', '/v1/me')).member.id, me.member.id);
  await box.locator(`li[data-member="${me.member.id}"]`).getByRole('button', { name: 'Revoke token' }).click();
  await box.locator(`li[data-member="${me.member.id}"]`).getByText(/revoked/).waitFor();
  await assert.rejects(api(server, fresh, 'GET', '/v1/me'), /401/);
  await screenshot(p, 'member-token-revoked');
  await ctx.close();
});
