// A precise zone of 100,000 vertices (issue 23: the boundaries parties
// agree on are traced from maps) goes through the API and is drawn by the
// page: the shape is on the map with every vertex, its card is listed, and
// the page still answers a click at once after drawing it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, launch, signIn, screenshot, api } from './harness.mjs';

let demo;
let browser;

before(async () => {
  demo = await startDemo();
  browser = await launch();
});
after(async () => {
  if (browser) await browser.close();
  if (demo) await demo.stop();
});

test('a zone of 100,000 vertices is drawn', async () => {
  const coord = demo.members.find((m) => m.party.includes('United Nations'));
  const us = demo.members.find((m) => m.party === 'United States');
  const meUS = await api(demo, us.token, 'GET', '/v1/me');
  // A wavy ring around Aleppo: 100,000 vertices, no two edges crossing.
  const n = 100000;
  const ring = [];
  for (let i = 0; i < n - 1; i++) {
    const a = (2 * Math.PI * i) / (n - 1);
    const r = 0.18 + 0.01 * Math.sin(a * 400);
    ring.push([+(37.16 + r * Math.cos(a)).toFixed(6), +(36.2 + r * Math.sin(a)).toFixed(6)]);
  }
  ring.push(ring[0]);
  const z = await api(demo, coord.token, 'POST', '/v1/zones', {
    name: 'Traced front line (100,000 vertices)', kind: 'de-escalation', disclosure: 'precise',
    geometry: { type: 'Polygon', coordinates: [ring] },
    valid: { start: '2016-09-12T16:00:00Z', end: '2016-10-12T16:00:00Z' },
    restricts: { parties: ['*'], activities: ['strike'] }, endorsers: [meUS.party.id],
  });
  assert.ok(z.id, 'the zone was accepted');

  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await signIn(ctx, demo, us.token);
  await p.getByRole('tab', { name: 'Zones' }).click();
  await p.locator(`[data-zone="${z.id}"]`).waitFor();
  // The shape carries every vertex (Leaflet simplifies only what it paints).
  const vertices = await p.waitForFunction((id) => {
    let most = 0;
    window.truce.layers.zones.eachLayer((l) => {
      const walk = (x) => (Array.isArray(x) ? (x.length && !Array.isArray(x[0]) && x[0].lat === undefined ? 0 : x.reduce((s, y) => s + (Array.isArray(y) ? walk(y) : 1), 0)) : 0);
      if (l.getLatLngs) most = Math.max(most, walk(l.getLatLngs()));
      if (l.eachLayer) l.eachLayer((k) => { if (k.getLatLngs) most = Math.max(most, walk(k.getLatLngs())); });
    });
    return most >= 99999 ? most : 0;
  }, z.id, { timeout: 30000 });
  assert.ok((await vertices.jsonValue()) >= 99999);
  // Drawn, the page answers at once: another tab opens.
  const t0 = Date.now();
  await p.getByRole('tab', { name: 'Notifications' }).click();
  await p.locator('#pane-notifications').waitFor({ state: 'visible' });
  console.log(`# 100,000-vertex zone drawn; a tab opened ${Date.now() - t0} ms after`);
  await p.getByRole('tab', { name: 'Zones' }).click();
  await screenshot(p, 'zone-100000-vertices');
  await ctx.close();
});
