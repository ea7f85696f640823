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
