// i18n.js: every string the page shows, in a catalogue per language. The
// parties of the demonstration speak English, Arabic and Russian; Arabic
// is laid out right to left (dir="rtl" on <html>, logical CSS
// properties). t(key, params) looks a key up in the chosen language, then
// in English; {name} in a string is replaced by params.name; a string
// given as {one, few, many, other} is chosen by Intl.PluralRules on
// params.n. Static text in index.html carries data-i18n (its text),
// data-i18n-label (aria-label) or data-i18n-placeholder.
import { CATALOGUE } from './catalogue.js';

export const LANGS = { en: 'English', ar: 'العربية', ru: 'Русский' };
const RTL = new Set(['ar']);
let lang = 'en';

export const currentLang = () => lang;

export function t(key, params) {
  let s = (CATALOGUE[lang] && CATALOGUE[lang][key]) ?? CATALOGUE.en[key];
  if (s === undefined) return key;
  params = params || {};
  if (typeof s === 'object') {
    const form = new Intl.PluralRules(lang).select(Number(params.n) || 0);
    s = s[form] ?? s.other;
  }
  return s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? String(params[k]) : m));
}

// setLang switches the page's language and direction and translates its
// static text; the caller re-renders what it drew.
export function setLang(l) {
  lang = LANGS[l] ? l : 'en';
  sessionStorage.setItem('truce.lang', lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.has(lang) ? 'rtl' : 'ltr';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
}

// initialLang: ?lang= in the address, else the one chosen in this tab
// before (sessionStorage, like the token: nothing outlives the tab), else
// the browser's.
export function initialLang() {
  const q = new URLSearchParams(location.search).get('lang');
  if (q && LANGS[q]) return q;
  const saved = sessionStorage.getItem('truce.lang');
  if (saved && LANGS[saved]) return saved;
  const nav = (navigator.language || 'en').slice(0, 2);
  return LANGS[nav] ? nav : 'en';
}
