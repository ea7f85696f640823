// Test harness for the browser tests: a real truce server on port 0 with a
// fresh data directory, parties and members made through the API, and
// Debian's chromium driven by playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const artifacts = process.env.TRUCE_ARTIFACTS || join(repo, 'test-artifacts', 'web');

// binary returns the truce binary: $TRUCE_BIN (the Go test builds it), or
// one built here with go build.
function binary(dir) {
  if (process.env.TRUCE_BIN) return process.env.TRUCE_BIN;
  const out = join(dir, 'truce');
  execFileSync('go', ['build', '-o', out, './cmd/truce'], { cwd: repo, stdio: 'inherit' });
  return out;
}

// startServer initialises a center and serves it (with extra arguments
// for truce serve, if given); returns its URL, the coordinator's token
// and stop().
export async function startServer(extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'truce-web-e2e-'));
  const bin = binary(dir);
  const data = join(dir, 'data');
  const init = JSON.parse(execFileSync(bin, ['init', '--data', data, '--json', '--origin', 'truce.invalid/web-e2e']).toString());
  const proc = spawn(bin, ['serve', '--data', data, '--addr', '127.0.0.1:0', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = [];
  const url = await new Promise((ok, fail) => {
    const rl = createInterface({ input: proc.stderr });
    const timer = setTimeout(() => fail(new Error('truce serve did not say it listens: ' + stderr.join('\n'))), 20000);
    rl.on('line', (line) => {
      stderr.push(line);
      if (stderr.length > 200) stderr.shift();
      try {
        const rec = JSON.parse(line);
        if (rec.msg === 'listening') { clearTimeout(timer); ok(rec.url); }
      } catch (e) { /* not JSON */ }
    });
    proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`truce serve exited ${code}: ${stderr.join('\n')}`)); });
  });
  return {
    url,
    bin, // the truce binary, for the command-line checks (sign.test.mjs)
    coordinator: init.token,
    coordinatorParty: init.party_id,
    stderr,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((ok) => { if (proc.exitCode !== null) ok(); else proc.on('exit', ok); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// api calls the server's API with a token.
export async function api(server, token, method, path, body) {
  const r = await fetch(server.url + path, {
    method,
    headers: { Authorization: 'Bearer ' + token, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// party registers a party and one member; returns {id, name, token}.
export async function party(server, name, kind) {
  const p = await api(server, server.coordinator, 'POST', '/v1/parties', { name, kind });
  const m = await api(server, server.coordinator, 'POST', `/v1/parties/${p.id}/members`, { name: name + ' desk' });
  return { id: p.id, name, token: m.token };
}

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// launch starts chromium with the flags DEPENDENCIES.md names. Playwright
// gives each launch a fresh temporary profile (its own --user-data-dir)
// and refuses the flag itself.
export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Screenshots are named after the test file (node --test runs each file
// in its own process): FILE-NN-name.png. Each run of a file starts by
// removing that file's old ones.
const prefix = (process.argv.find((a) => a.endsWith('.test.mjs')) || 'e2e').split('/').pop().replace(/\.test\.mjs$/, '');
mkdirSync(artifacts, { recursive: true });
for (const f of readdirSync(artifacts)) if (f.startsWith(prefix + '-') && f.endsWith('.png')) rmSync(join(artifacts, f));

let shot = 0;
// screenshot saves the page as FILE-NN-name.png in the artifacts folder.
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  shot++;
  const file = join(artifacts, `${prefix}-${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

// signIn opens the app in a new page of ctx and signs in with token.
export async function signIn(ctx, server, token) {
  const page = await ctx.newPage();
  await page.goto(server.url + '/');
  await page.getByLabel('Member token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#app').waitFor({ state: 'visible' });
  // The map announces itself (window.truce) once it is drawn; tests
  // that read its layers must not race it.
  await page.waitForFunction(() => window.truce !== undefined);
  return page;
}

// mapPoint returns the page coordinates of a lon/lat on the app's map.
export async function mapPoint(page, lon, lat) {
  const box = await page.locator('#map').boundingBox();
  const p = await page.evaluate(([lat, lon]) => {
    const pt = window.truce.map.latLngToContainerPoint([lat, lon]);
    return { x: pt.x, y: pt.y };
  }, [lat, lon]);
  return { x: box.x + p.x, y: box.y + p.y };
}

export async function clickMap(page, lon, lat) {
  const p = await mapPoint(page, lon, lat);
  await page.mouse.click(p.x, p.y);
  await page.waitForTimeout(150);
}

// startDemo runs `truce demo` (the demonstration "Aleppo, September
// 2016", a temporary store) on port 0; returns its URL, its members
// [{party, party_id, name, token}] and stop().
export async function startDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'truce-web-demo-'));
  const bin = binary(dir);
  const proc = spawn(bin, ['demo', '--addr', '127.0.0.1:0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  createInterface({ input: proc.stderr }).on('line', (l) => { stderr.push(l); if (stderr.length > 200) stderr.shift(); });
  const first = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('truce demo printed nothing: ' + stderr.join('\n'))), 60000);
    createInterface({ input: proc.stdout }).once('line', (l) => { clearTimeout(timer); ok(l); });
    proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`truce demo exited ${code}: ${stderr.join('\n')}`)); });
  });
  const d = JSON.parse(first);
  return {
    url: d.url,
    members: d.members,
    stderr,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((ok) => { if (proc.exitCode !== null) ok(); else proc.on('exit', ok); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// axe runs axe-core (npm, pinned) on the page as it is now and returns
// its serious and critical violations, as "rule: target" strings. The
// script is evaluated through the DevTools protocol, which the page's
// Content-Security-Policy (rightly) does not let a <script> tag do.
const axeSource = readFileSync(join(here, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary.split('\n').slice(0, 2).join(' ')}`));
}
