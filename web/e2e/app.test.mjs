// Browser tests of the web app (issue 8): three parties, each in its own
// browser context, against a real truce server. Screenshots of every step
// go to test-artifacts/web/ (or $TRUCE_ARTIFACTS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, party, launch, signIn, screenshot, clickMap, artifacts, api,
} from './harness.mjs';

// The hidden site: distinctive coordinates and name to search for.
const HIDDEN = { name: 'Zqx hidden field hospital', lon: 37.051234, lat: 36.301234 };
// The no-strike zone B proposes, restricting A's strikes.
const ZONE = { name: 'Eastern Aleppo no-strike zone', ring: [[37.10, 36.15], [37.20, 36.15], [37.20, 36.25], [37.10, 36.25]] };

let server;
let browser;
let A; let B; let H; let O; // parties: {id, name, token}
const ctx = {}; // browser contexts by party letter
const page = {}; // their pages
const received = []; // every response body party A's context received: {url, body}
const pendingBodies = [];

before(async () => {
  server = await startServer();
  A = await party(server, 'Russian Federation', 'party');
  B = await party(server, 'United States', 'party');
  H = await party(server, 'UN humanitarian agency', 'humanitarian');
  O = await party(server, 'Ceasefire monitoring mission', 'observer');
  browser = await launch();
  for (const k of ['A', 'B', 'H', 'O']) ctx[k] = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Record every response body A's context receives. Ordinary responses
  // through playwright; the event stream (which never ends) through the
  // DevTools protocol, which streams its data as it arrives.
  ctx.A.on('response', (r) => {
    if (r.url().includes('/v1/events')) return;
    pendingBodies.push(r.body().then((b) => received.push({ url: r.url(), body: b.toString('utf8') }), () => {}));
  });
  ctx.A.on('page', async (p) => recordStream(p));
  console.log(`# screenshots: ${artifacts}`);
});

// openDetails opens a folded section by clicking its summary, unless it
// is open already.
async function openDetails(p, sel) {
  if (!(await p.locator(sel).evaluate((d) => d.open))) await p.locator(sel + ' > summary').click();
}

async function recordStream(p) {
  const cdp = await ctx.A.newCDPSession(p);
  const streams = new Map();
  cdp.on('Network.responseReceived', async (ev) => {
    if (!ev.response.url.includes('/v1/events')) return;
    const entry = { url: ev.response.url, body: '' };
    received.push(entry);
    streams.set(ev.requestId, entry);
    try {
      const r = await cdp.send('Network.streamResourceContent', { requestId: ev.requestId });
      entry.body += Buffer.from(r.bufferedData, 'base64').toString('utf8');
    } catch (e) { entry.body += `\n[could not stream: ${e.message}]`; }
  });
  cdp.on('Network.dataReceived', (ev) => {
    const entry = streams.get(ev.requestId);
    if (entry && ev.data) entry.body += Buffer.from(ev.data, 'base64').toString('utf8');
  });
  await cdp.send('Network.enable');
}

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('sign in: each party sees its own name', async () => {
  // The page before sign-in, and a refused token.
  const p0 = await ctx.H.newPage();
  await p0.goto(server.url + '/');
  await p0.getByLabel('Member token').fill('not-a-token');
  await p0.getByRole('button', { name: 'Sign in' }).click();
  await p0.getByText('That token is not valid').waitFor();
  await screenshot(p0, 'sign-in-refused');
  await p0.close();

  page.A = await signIn(ctx.A, server, A.token);
  page.B = await signIn(ctx.B, server, B.token);
  page.H = await signIn(ctx.H, server, H.token);
  for (const [k, p] of [['A', A], ['B', B], ['H', H]]) {
    await page[k].locator('#whoami').getByText(p.name).waitFor();
  }
  // The token is in sessionStorage only.
  const stored = await page.A.evaluate(() => ({ s: sessionStorage.getItem('truce.token'), l: localStorage.length, c: document.cookie }));
  assert.equal(stored.s, A.token);
  assert.equal(stored.l, 0);
  assert.equal(stored.c, '');
  await page.A.locator('#live.on').waitFor(); // the event stream is connected
  await screenshot(page.A, 'signed-in-A');
});

test('draw a no-strike zone; a second party endorses it in its own browser', async () => {
  const p = page.B;
  await p.getByRole('tab', { name: 'Zones' }).click();
  await openDetails(p, '#zone-propose');
  await p.locator('#zone-name').fill(ZONE.name);
  await p.locator('#zone-kind').selectOption('no-strike');
  await p.getByRole('button', { name: 'Draw polygon on the map' }).click();
  for (const [lon, lat] of ZONE.ring) await clickMap(p, lon, lat);
  await clickMap(p, ZONE.ring[0][0], ZONE.ring[0][1]); // close the ring
  const geom = JSON.parse(await p.locator('#zone-geometry').inputValue());
  assert.equal(geom.type, 'Polygon');
  assert.equal(geom.coordinates[0].length, 5);
  await p.locator('#zone-restricts').getByLabel(A.name).check();
  await p.locator('#zone-endorsers').getByLabel(A.name).check();
  await p.locator('#zone-endorsers').getByLabel(B.name).check();
  await screenshot(p, 'zone-drawn-B');
  await p.getByRole('button', { name: 'Propose zone' }).click();
  await p.locator('#zone-result').getByText('Proposed').waitFor();
  const card = p.locator('#zone-list li', { hasText: ZONE.name });
  await card.getByRole('button', { name: 'Endorse' }).click();
  await card.getByText('Endorsed by 1 of 2').waitFor();
  await screenshot(p, 'zone-proposed-B');

  // A learns of the zone from the log without reloading: its inbox
  // (the first screen) asks for the endorsement and opens the zone.
  const item = page.A.locator('[data-inbox="endorse"] li', { hasText: ZONE.name });
  await item.getByRole('button', { name: 'Open' }).click({ timeout: 15000 });
  const cardA = page.A.locator('#zone-list li', { hasText: ZONE.name });
  await cardA.getByRole('button', { name: 'Endorse' }).click();
  await cardA.locator('.pill', { hasText: 'active' }).waitFor();
  await screenshot(page.A, 'zone-endorsed-A');
  // And B sees it active.
  await card.locator('.pill', { hasText: 'active' }).waitFor({ timeout: 15000 });
});

test('draw a strike inside the zone and see the conflict before submitting', async () => {
  const p = page.A;
  await p.getByRole('tab', { name: 'Notify' }).click();
  await p.getByLabel('Kind').nth(0).isVisible();
  await p.locator('#notify-kind').selectOption('strike');
  await p.locator('#notify-title').fill('Planned strike, eastern Aleppo');
  await p.locator('#pane-notify').getByRole('button', { name: 'Point' }).click();
  await clickMap(p, 37.15, 36.20);
  const conflict = p.locator('#notify-conflicts li[data-rule="strike-in-no-strike-zone"]');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), new RegExp(ZONE.name));
  // Nothing was stored by the check.
  const before = await api(server, A.token, 'GET', '/v1/notifications');
  assert.equal(before.length, 0);
  await screenshot(p, 'strike-conflict-before-submit-A');
  await p.getByRole('button', { name: 'Submit notification' }).click();
  // Submitting with a conflict asks first, listing it.
  const dialog = p.getByRole('dialog', { name: 'Submit with 1 conflict?' });
  await dialog.locator('li[data-rule="strike-in-no-strike-zone"]', { hasText: ZONE.name }).waitFor();
  await screenshot(p, 'submit-confirmation-A');
  await dialog.getByRole('button', { name: 'Go back' }).click();
  await p.locator('#notify-result').getByText('Not submitted.').waitFor();
  assert.equal((await api(server, A.token, 'GET', '/v1/notifications')).length, 0);
  await p.getByRole('button', { name: 'Submit notification' }).click();
  await dialog.getByRole('button', { name: 'Submit with 1 conflict' }).click();
  await p.locator('#notify-result').getByText('1 conflict(s)').waitFor();
  await p.getByRole('tab', { name: 'Notifications' }).click();
  await p.locator('#notification-list li', { hasText: 'Planned strike' }).locator('.pill', { hasText: 'submitted' }).waitFor();
  await screenshot(p, 'strike-submitted-A');

  // The time slider: the strike is on the map only during its window.
  const drawn = () => p.evaluate(() => window.truce.layers.notifications.getLayers().length);
  assert.equal(await drawn(), 1);
  await p.getByLabel('all times').uncheck();
  // The slider runs in hours from data-start over the notifications'
  // windows: its end is the strike's end, when the strike is over.
  const slider = p.locator('#time-slider');
  await slider.fill(await slider.getAttribute('max'));
  assert.equal(await drawn(), 0);
  const [strike] = await api(server, A.token, 'GET', '/v1/notifications');
  const start0 = Number(await slider.getAttribute('data-start'));
  const k = Math.ceil((Date.parse(strike.volumes[0].start) - start0) / 3600e3); // the first whole hour in the window
  await slider.fill(String(k));
  assert.equal(await drawn(), 1);
  assert.match(await p.locator('#time-label').textContent(), /UTC$/);
  await screenshot(p, 'time-slider-A');
  await p.getByLabel('all times').check();
});

test('the zone owner acknowledges the strike in its own browser', async () => {
  const p = page.B;
  await p.getByRole('tab', { name: 'Notifications' }).click();
  const card = p.locator('#notification-list li', { hasText: 'Planned strike' });
  await card.getByRole('button', { name: 'Acknowledge' }).click({ timeout: 15000 });
  await card.locator('.pill', { hasText: 'acknowledged' }).waitFor();
  await screenshot(p, 'strike-acknowledged-B');
  // A sees the acknowledgement.
  await page.A.locator('#notification-list li', { hasText: 'Planned strike' }).locator('.pill', { hasText: 'acknowledged' }).waitFor({ timeout: 15000 });
  await screenshot(page.A, 'strike-acknowledged-seen-by-A');

  // A second strike in the zone, typed rather than drawn; B objects, with
  // its reason.
  const a = page.A;
  await a.getByRole('tab', { name: 'Notify' }).click();
  await a.locator('#notify-title').fill('Second strike, eastern Aleppo');
  await a.locator('#notify-geometry').fill(JSON.stringify({ type: 'Point', coordinates: [37.17, 36.22] }));
  await a.locator('#notify-conflicts li[data-rule="strike-in-no-strike-zone"]').waitFor();
  await a.getByRole('button', { name: 'Submit notification' }).click();
  await a.getByRole('button', { name: 'Submit with 1 conflict' }).click();
  await a.locator('#notify-result').getByText('Submitted').waitFor();
  const second = p.locator('#notification-list li', { hasText: 'Second strike' });
  await second.getByLabel('Note').fill('Inside the agreed no-strike zone; a school is 200 m away.', { timeout: 15000 });
  await second.getByRole('button', { name: 'Object' }).click();
  await p.waitForTimeout(500);
  await screenshot(p, 'second-strike-objection-sent-B');
  await second.locator('.pill', { hasText: 'objected' }).waitFor({ timeout: 10000 });
  await second.getByText('object — Inside the agreed no-strike zone').waitFor();
  await screenshot(p, 'second-strike-objected-B');
});

test('a convoy drawn as a route, urgent, the parties asked to acknowledge', async () => {
  const p = page.H;
  await p.getByRole('tab', { name: 'Notify' }).click();
  await p.locator('#notify-kind').selectOption('humanitarian-movement');
  await p.locator('#notify-title').fill('UN convoy, Castello Road');
  await p.locator('#pane-notify').getByRole('button', { name: 'Route' }).click();
  await clickMap(p, 37.05, 36.27);
  await clickMap(p, 37.10, 36.26);
  await clickMap(p, 37.14, 36.24);
  await clickMap(p, 37.14, 36.24); // the last point again ends the route
  const g = JSON.parse(await p.locator('#notify-geometry').inputValue());
  assert.equal(g.type, 'LineString');
  assert.equal(g.coordinates.length, 3);
  await p.locator('#notify-alt-max').fill('100');
  // The live check applies the lead time, as the submission does.
  await p.locator('#notify-conflicts [data-rule="lead-time"]', { hasText: 'at least 48 h ahead' }).waitFor();
  await screenshot(p, 'convoy-route-H');
  // The route passes the coarse area of A's strikes, which H may not
  // read: the center says so (a strike, its party and area, no more), and
  // H confirms before sending.
  const dialog = p.locator('#confirm-dialog');
  const confirmed = async () => {
    await dialog.locator('li[data-rule="strike-on-humanitarian-movement"]').first().waitFor();
    await screenshot(p, 'convoy-confirm-H');
    await dialog.locator('#confirm-submit').click();
  };
  // Within the 48-hour lead time: refused, naming the field, until urgent.
  await p.getByRole('button', { name: 'Submit notification' }).click();
  await confirmed();
  await p.locator('#notify-result').getByText('volumes[0].start').waitFor();
  await screenshot(p, 'convoy-refused-lead-time-H');
  await p.getByLabel(/urgent/).check();
  await p.getByRole('button', { name: 'Submit notification' }).click();
  await confirmed();
  await p.locator('#notify-result').getByText('Submitted').waitFor();
  await p.getByRole('tab', { name: 'Notifications' }).click();
  const card = p.locator('#notification-list li', { hasText: 'UN convoy' });
  await card.getByText(`Must acknowledge: ${A.name}, ${B.name}`).waitFor();
  // A, a party, is asked and sees the route on its map.
  await page.A.getByRole('tab', { name: 'Notifications' }).click();
  await page.A.locator('#notification-list li', { hasText: 'UN convoy' }).getByRole('button', { name: 'Acknowledge' }).waitFor({ timeout: 15000 });
  await screenshot(page.A, 'convoy-seen-by-A');
});

test('a coarse site is an area for the recipient, who acknowledges it', async () => {
  const p = page.H;
  await p.getByRole('tab', { name: 'Sites' }).click();
  await openDetails(p, '#site-add');
  await p.locator('#site-name').fill('UN warehouse, Ramouseh');
  await p.locator('#site-category').selectOption('warehouse');
  await p.getByRole('button', { name: 'Place a point on the map' }).click();
  await clickMap(p, 37.30, 36.12);
  assert.equal(JSON.parse(await p.locator('#site-geometry').inputValue()).type, 'Point');
  await p.locator('#site-disclosure').selectOption('coarse');
  await p.locator('#site-recipients').getByLabel(A.name).check();
  await p.getByRole('button', { name: 'Add site' }).click();
  await p.locator('#site-result').getByText('Added').waitFor();
  await screenshot(p, 'coarse-site-added-H');

  const a = page.A;
  await a.getByRole('tab', { name: 'Sites' }).click();
  const card = a.locator('#site-list li', { hasText: 'UN warehouse, Ramouseh' });
  await card.getByText('you see a coarse area').waitFor({ timeout: 15000 });
  await card.getByRole('button', { name: 'Acknowledge' }).click();
  await card.getByText(`acknowledged by ${A.name} (add)`).waitFor();
  const [site] = (await api(server, A.token, 'GET', '/v1/sites')).filter((s) => s.name === 'UN warehouse, Ramouseh');
  assert.ok(site.coarse && !site.geometry, 'A is shown the coarse cover only');
  await screenshot(a, 'coarse-site-acknowledged-A');

  // Its removal is an act the recipient acknowledges too.
  const own = p.locator('#site-list li', { hasText: 'UN warehouse, Ramouseh' });
  await own.getByRole('button', { name: 'Remove' }).click();
  await own.locator('.pill', { hasText: 'removed' }).waitFor();
  await card.getByRole('button', { name: 'Acknowledge removal' }).click({ timeout: 15000 });
  await card.getByText(`${A.name} (remove)`).waitFor();
  await screenshot(a, 'coarse-site-removal-acknowledged-A');
});

test('the zone\'s owner changes it: a new version, endorsed again', async () => {
  const p = page.B;
  await p.getByRole('tab', { name: 'Zones' }).click();
  const card = p.locator('#zone-list li', { hasText: ZONE.name });
  await card.getByRole('button', { name: 'Change' }).click();
  await p.locator('#zone-alt-max').fill('12000');
  await p.getByRole('button', { name: 'Save as a new version' }).click();
  await p.locator('#zone-result').getByText('version 2').waitFor();
  await card.getByText('v2').waitFor();
  await card.locator('.pill', { hasText: 'proposed' }).waitFor();
  await card.getByRole('button', { name: 'Endorse' }).click();
  const cardA = page.A.locator('#zone-list li', { hasText: ZONE.name });
  await page.A.getByRole('tab', { name: 'Zones' }).click();
  await cardA.getByRole('button', { name: 'Endorse' }).click({ timeout: 15000 });
  await cardA.locator('.pill', { hasText: 'active' }).waitFor();
  await screenshot(page.A, 'zone-v2-endorsed-A');
});

test('a hidden site never reaches another party, on the page or on the wire', async () => {
  const p = page.H;
  await p.getByRole('tab', { name: 'Sites' }).click();
  await openDetails(p, '#site-add');
  await p.locator('#site-name').fill(HIDDEN.name);
  await p.locator('#site-category').selectOption('hospital');
  await p.locator('#site-geometry').fill(JSON.stringify({ type: 'Point', coordinates: [HIDDEN.lon, HIDDEN.lat] }));
  await p.locator('#site-disclosure').selectOption('hidden');
  await p.getByRole('button', { name: 'Add site' }).click();
  await p.locator('#site-result').getByText('Added').waitFor();
  await p.locator('#site-list li', { hasText: HIDDEN.name }).waitFor(); // the owner sees it
  await screenshot(p, 'hidden-site-added-H');

  // A waits until its page has taken in the new log entry, then aims a
  // strike next to the site: the conflict says a hospital, and no more.
  const a = page.A;
  const size = await api(server, A.token, 'GET', '/v1/health').then((h) => h.log_size);
  await a.waitForFunction((n) => Number(document.getElementById('log-size').textContent) >= n, size, { timeout: 15000 });
  await a.getByRole('tab', { name: 'Sites' }).click();
  await a.getByRole('tab', { name: 'Notify' }).click();
  // Malformed GeoJSON gets a readable message naming the field.
  await a.locator('#notify-geometry').fill('{"type": "Point", "coordinates": [37.05');
  await a.locator('#notify-conflicts').getByText('volumes[0].geometry: this is not JSON').waitFor();
  await a.locator('#notify-geometry').fill(JSON.stringify({ type: 'Point', coordinates: [37.0525, 36.3005] }));
  const conflict = a.locator('#notify-conflicts li[data-rule="strike-near-protected-site"]');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /hospital whose place is not shown/);
  await screenshot(a, 'hidden-site-conflict-A');
  await a.getByRole('tab', { name: 'Log' }).click();
  await a.locator('#log-entries li', { hasText: 'site.add' }).last().waitFor(); // the coarse site's and the hidden site's entries
  await a.locator('#log-verified', { hasText: /^valid/ }).waitFor(); // the checkpoint's signature, checked in the browser
  await screenshot(a, 'log-panel-A');
  await a.getByRole('tab', { name: 'Sites' }).click();
  await screenshot(a, 'sites-without-hidden-A');

  await Promise.all(pendingBodies);
  const html = await a.content();
  // Not the bare 'Zqx': three letters turn up by chance in a checkpoint's
  // base64 signature.
  const needles = [HIDDEN.name, String(HIDDEN.lon), String(HIDDEN.lat), 'Zqx hidden'];
  for (const n of needles) assert.ok(!html.includes(n), `A's page shows ${n}`);
  // The recording works: it holds what A was shown, including the stream.
  assert.ok(received.some((r) => r.body.includes(ZONE.name)), 'the recording missed the zone A was shown');
  assert.ok(received.some((r) => r.url.includes('/v1/events') && r.body.includes('retry:')), 'the event stream was not recorded');
  assert.ok(received.some((r) => r.url.includes('/log/tile/entries')), 'the log entries A read were not recorded');
  for (const r of received) {
    for (const n of needles) assert.ok(!r.body.includes(n), `a response to A (${r.url}) holds ${n}`);
  }
  console.log(`# party A's context received ${received.length} responses; none mentions the hidden site`);
});

test('a report filed on the map, reviewed by an observer, counted in the chart', async () => {
  const p = page.H;
  await p.getByRole('tab', { name: 'Reports' }).click();
  await openDetails(p, '#report-file');
  await p.getByRole('button', { name: 'Place a point on the map' }).click();
  await clickMap(p, 37.16, 36.21); // inside the no-strike zone
  // Now (to the minute): after the zone's validity began.
  const now = new Date().toISOString().slice(0, 16); // forms take UTC
  await p.locator('#report-at').fill(now);
  await p.locator('#report-place').fill('Eastern Aleppo');
  await p.locator('#report-type').selectOption('Explosions/Remote violence');
  await p.locator('#report-sub').selectOption('Air/drone strike');
  await p.locator('#report-actor1').fill('Military Forces of Russia');
  await p.locator('#report-actor2').fill('Civilians (Syria)');
  await p.locator('#report-fatalities').fill('4');
  await p.locator('#report-notes').fill('Air strike on a market, seen by our staff.');
  await p.locator('#report-src-name').fill('UN agency field staff');
  await p.getByRole('button', { name: 'File report' }).click();
  await p.locator('#report-result').getByText('Filed').waitFor();
  assert.match(await p.locator('#report-result').textContent(), /in zone/); // the zone was resolved
  await p.waitForFunction(() => window.truce && window.truce.layers.reports.getLayers().length === 1); // on the map, in the clustering layer
  await screenshot(p, 'report-filed-H');

  page.O = await signIn(ctx.O, server, O.token);
  const o = page.O;
  await o.getByRole('tab', { name: 'Reports' }).click();
  const card = o.locator('#report-list li', { hasText: 'Eastern Aleppo' });
  await card.getByRole('button', { name: 'Take under review' }).click();
  await card.getByLabel('Note').fill('Two independent witnesses.');
  await card.getByRole('button', { name: 'Verified', exact: true }).click();
  await card.locator('.pill', { hasText: 'verified' }).waitFor();
  await o.locator('#chart .bar', { hasText: '1 · 4 killed' }).waitFor();
  await screenshot(o, 'report-verified-chart-O');
});

test('a flash message from one party cannot be missed in the other\'s browser', async () => {
  const a = page.A;
  await a.getByRole('tab', { name: 'Hotline' }).click();
  await openDetails(a, '#hotline-compose');
  await a.locator('#message-to').getByLabel(B.name).check();
  await a.locator('#message-priority').selectOption('flash');
  await a.locator('#message-subject').fill('Flash: aircraft in your sector');
  await a.locator('#message-body').fill('Our flight enters grid 37.1E 36.2N at 03:10Z. Acknowledge.');
  await a.getByRole('button', { name: 'Send' }).click();
  await a.locator('#message-result').getByText('Sent').waitFor();

  const b = page.B;
  const alert = b.locator('#alerts .alert', { hasText: 'aircraft in your sector' });
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.textContent(), /FLASH from Russian Federation/);
  assert.equal(await b.locator('#unread-count').textContent(), '1');
  assert.match(await b.title(), /^\(1!\)/);
  await screenshot(b, 'flash-alert-B');
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await alert.waitFor({ state: 'detached' });
  assert.equal(await b.locator('#hotline-badge').isVisible(), false);
  // The sender sees the acknowledgement arrive live.
  await a.locator('#message-list li', { hasText: 'aircraft in your sector' }).getByText('Acknowledged by United States').waitFor({ timeout: 10000 });
  await screenshot(a, 'flash-acknowledged-A');
});

test('keyboard, screen-reader labels, and a 390-pixel-wide phone', async () => {
  const p = await ctx.B.newPage();
  await p.setViewportSize({ width: 390, height: 844 });
  await p.goto(server.url + '/');
  // Still signed in in this browser session (sessionStorage is per tab, so
  // a new tab signs in again).
  await p.keyboard.press('Tab'); // the skip link
  assert.equal(await p.evaluate(() => document.activeElement.textContent), 'Skip to the panel');
  await p.getByLabel('Member token').focus();
  await p.keyboard.type(B.token);
  await p.keyboard.press('Enter');
  await p.locator('#app').waitFor({ state: 'visible' });
  await p.getByRole('tab', { name: 'Zones' }).focus();
  await p.keyboard.press('ArrowRight');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'tab-sites');
  assert.equal(await p.locator('#pane-sites').isVisible(), true);
  // Every form control has a label.
  const unlabelled = await p.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden' && !el.labels?.length && !el.getAttribute('aria-label') && !el.closest('.leaflet-control'))
    .map((el) => el.id || el.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  // No horizontal scrolling on the phone.
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await screenshot(p, 'phone-390-B');
  await p.getByRole('tab', { name: 'Zones' }).click();
  await p.locator('#pane-zones').scrollIntoViewIfNeeded();
  await p.screenshot({ path: `${artifacts}/app-99-phone-390-zones-full-B.png`, fullPage: true });
  await p.close();
});
