// The string catalogue (src/catalogue.js): English, Arabic and Russian
// complete — every key in every language, the same {placeholders}, every
// plural form the language has — and every key the page uses defined.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const { CATALOGUE } = await import(join(src, 'catalogue.js'));
const holes = (s) => [...new Set(JSON.stringify(s).match(/\{\w+\}/g) || [])].sort();

test('every language has every key, with the same placeholders and its plural forms', () => {
  assert.deepEqual(Object.keys(CATALOGUE).sort(), ['ar', 'en', 'ru']);
  for (const lang of ['ar', 'ru']) {
    const cat = CATALOGUE[lang];
    assert.deepEqual(Object.keys(cat).filter((k) => !(k in CATALOGUE.en)), [], `${lang}: keys English lacks`);
    for (const [k, en] of Object.entries(CATALOGUE.en)) {
      assert.ok(k in cat, `${lang} lacks ${k}`);
      assert.ok(String(JSON.stringify(cat[k])).trim() !== '""', `${lang}: ${k} is empty`);
      assert.deepEqual(holes(cat[k]).filter((h) => h !== '{n}'), holes(en).filter((h) => h !== '{n}'), `${lang}: ${k} placeholders`);
      if (typeof en === 'object') {
        for (const form of new Intl.PluralRules(lang).resolvedOptions().pluralCategories) assert.ok(form in cat[k] || 'other' in cat[k], `${lang}: ${k} lacks the ${form} form`);
        assert.ok('other' in cat[k], `${lang}: ${k} lacks other`);
      }
    }
  }
});

test('every key the page uses is in the catalogue', () => {
  const used = new Set();
  const html = readFileSync(join(src, 'index.html'), 'utf8');
  for (const m of html.matchAll(/data-i18n(?:-label|-placeholder)?="([^"]+)"/g)) used.add(m[1]);
  for (const f of readdirSync(src).filter((f) => f.endsWith('.js'))) {
    for (const m of readFileSync(join(src, f), 'utf8').matchAll(/\bt(?:r)?\('([a-z][\w.-]+)'/g)) used.add(m[1]);
  }
  // Keys built at run time (a prefix and a value, e.g. 'kind.' + kind) are
  // checked by the languages' completeness above.
  const missing = [...used].filter((k) => !k.endsWith('.') && !(k in CATALOGUE.en));
  assert.deepEqual(missing, []);
  assert.ok(used.size > 150, `only ${used.size} keys found: the scan is broken`);
});

// literals finds the string literals of a module that read as English
// shown to a person: a word, a space and a lowercase word (or one
// capitalised word alone), after comments, class names, selectors and
// the allowed literals are taken out; and one word alone as the text of
// an element built with h(). Template literals are read with their
// ${...} parts blanked.
export function englishLiterals(code, allowed) {
  const out = [];
  code.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
    for (const m of line.matchAll(/\bh\('\w+', \{[^{}]*\}, ('[A-Za-z][a-z]+')\)/g)) out.push(`${i + 1}: ${m[1]}`);
    const s = line.replace(/\s\/\/ .*$/, '')
      .replace(/\b(class|className|style)\s*[:=]\s*(['"`])(?:(?!\2).)*\2/g, '')
      .replace(/\b(querySelector(?:All)?|closest|matches|classList\.\w+)\(\s*(['"`])(?:(?!\2).)*\2/g, '');
    for (const m of s.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`([^`]*)`/g)) {
      const lit = m[0];
      const text = (m[1] ?? m[2] ?? m[3]).replace(/\$\{[^}]*\}/g, ' ');
      if (allowed.has(lit)) continue;
      if (/[A-Za-z]{2,}[,.:;)]? +\(?[a-z]{2,}/.test(text) || /^\s*[A-Z][a-z]{2,}[.:]?\s*$/.test(text)) out.push(`${i + 1}: ${lit}`);
    }
  });
  return out;
}

// Literals that are no sentence shown to a person: protocol words, key
// names, the names of languages in their own script, GeoJSON types, and
// the ACLED event taxonomy (values of the API, shown as the API gives
// them).
const ALLOWED = new Set([
  "'use strict'", "'Bearer '", "'Re: '", "'English'", "'Point'", "'Leaflet'", "'Escape'", "'Home'", "'End'",
  "'Armed clash'", "'Government regains territory'", "'Non-state actor overtakes territory'",
  "'Explosions/Remote violence'", "'Chemical weapon'", "'Air/drone strike'", "'Suicide bomb'",
  "'Shelling/artillery/missile attack'", "'Remote explosive/landmine/IED'", "'Grenade'",
  "'Violence against civilians'", "'Sexual violence'", "'Attack'", "'Abduction/forced disappearance'",
  "'Peaceful protest'", "'Protest with intervention'", "'Excessive force against protesters'",
  "'Violent demonstration'", "'Mob violence'", "'Strategic developments'", "'Agreement'", "'Arrests'",
  "'Change to group/activity'", "'Disrupted weapons use'", "'Headquarters or base established'",
  "'Looting/property destruction'", "'Non-violent transfer of territory'", "'Other'",
]);

test('no module shows an English sentence that is not from the catalogue', () => {
  // The scan itself finds what it should.
  assert.deepEqual(englishLiterals("h('p', {}, 'was shown once')\nel.textContent = `Members of ${p}`;\nh('b', { class: 'pill urgent' }, t('c.urgent'))\nh('b', { class: 'pill' }, 'unread')", ALLOWED),
    ["1: 'was shown once'", '2: `Members of ${p}`', "4: 'unread'"]);
  const found = [];
  for (const f of readdirSync(src).filter((f) => f.endsWith('.js') && !['catalogue.js', 'i18n.js'].includes(f))) {
    for (const l of englishLiterals(readFileSync(join(src, f), 'utf8'), ALLOWED)) found.push(`${f}:${l}`);
  }
  assert.deepEqual(found, [], 'literal English in the modules: move it to catalogue.js');
});
