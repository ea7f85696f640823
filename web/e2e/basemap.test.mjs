// truce serve --basemap FILE.pmtiles: the page reads the operator's
// vector basemap from the center with range requests, and nothing else;
// without one it keeps the Natural Earth borders. (The file here is not
// a real tileset — none can be made offline here — so this checks the
// wiring: the flag, the probe, the renderer asking for byte ranges.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launch, signIn } from './harness.mjs';

let server;
let browser;
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'truce-basemap-'));
  const file = join(dir, 'area.pmtiles');
  writeFileSync(file, Buffer.concat([Buffer.from('PMTiles'), Buffer.from([3]), Buffer.alloc(16384)]));
  server = await startServer(['--basemap', file]);
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the operator\'s PMTiles basemap is read from the center in byte ranges', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const requests = [];
  ctx.on('request', (r) => requests.push({ url: r.url(), range: r.headers().range }));
  const p = await signIn(ctx, server, server.coordinator);
  await p.waitForFunction(() => window.truce && window.truce.basemap === 'pmtiles');
  for (let i = 0; i < 50 && !requests.some((r) => r.url.endsWith('/basemap.pmtiles') && r.range); i++) await p.waitForTimeout(100);
  const ranged = requests.filter((r) => r.url.endsWith('/basemap.pmtiles') && r.range);
  assert.ok(ranged.length > 0, 'the renderer asked for a byte range');
  assert.match(ranged[0].range, /^bytes=0-/);
  assert.deepEqual(requests.filter((r) => !r.url.startsWith(server.url) && !r.url.startsWith('data:') && !r.url.startsWith('blob:')), []);
  await ctx.close();
});
