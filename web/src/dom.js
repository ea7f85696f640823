
// dom.js: building the page from strings the API gave, always as text.
import { t } from './i18n.js';
export const $ = (id) => document.getElementById(id);
// h builds an element: h('p', {class: 'x'}, 'text', child...).
export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'style') el.style.cssText = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) {
    if (kid === undefined || kid === null || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const num = (id) => {
  const v = $(id).value.trim();
  return v === '' ? undefined : Number(v);
};

// showResult writes the outcome of an act into a form's status region,
// with one line per bad field from a problem document (RFC 9457).
export function showResult(el, err, okText) {
  el.replaceChildren();
  if (!err) {
    el.className = 'result ok';
    el.append(okText);
    return;
  }
  el.className = 'result error';
  el.append(h('p', {}, err.message));
  const errs = err.problem && err.problem.errors;
  if (errs && errs.length) el.append(h('ul', {}, errs.map((e) => h('li', {}, `${e.field}: ${e.message}`))));
}

// geometryProblem: a readable error, naming the field, when a geometry
// box holds text that is not JSON (or not an object); null otherwise.
export function geometryProblem(id, field) {
  const v = $(id).value.trim();
  if (!v) return null;
  let g;
  try { g = JSON.parse(v); } catch (e) {
    const example = '{"type": "Point", "coordinates": [37.15, 36.2]}';
    return { message: t('geo.notjson', { field }), problem: { errors: [{ field, message: t('geo.notjson.detail', { error: e.message, example }) }] } };
  }
  if (!g || typeof g !== 'object' || typeof g.type !== 'string') {
    return { message: t('geo.notgeom', { field }), problem: { errors: [{ field, message: t('geo.notgeom.detail') }] } };
  }
  return null;
}

export function parseGeometry(id) {
  const v = $(id).value.trim();
  if (!v) return undefined;
  try { return JSON.parse(v); } catch (e) { return { invalid: v }; }
}
// replaceKeeping replaces a list's items, keeping what the user was
// typing in them (and the focus): lists re-render whenever the log
// moves.
export function replaceKeeping(ul, items) {
  const typed = new Map([...ul.querySelectorAll('input[id]:not([type=file])')].map((i) => [i.id, i.value]));
  const opened = [...ul.querySelectorAll('details[open][id]')].map((d) => d.id);
  const focused = ul.contains(document.activeElement) ? document.activeElement.id : null;
  ul.replaceChildren(...items);
  for (const [id, v] of typed) { const el = document.getElementById(id); if (el && v) el.value = v; }
  for (const id of opened) { const el = document.getElementById(id); if (el) el.open = true; }
  if (focused && $(focused)) $(focused).focus();
}
export function checks(container, name, items, checked) {
  const prev = new Set([...container.querySelectorAll('input:checked')].map((i) => i.value));
  container.replaceChildren(...items.map(([value, label]) => h('label', {},
    h('input', { type: 'checkbox', name, value, checked: prev.size ? prev.has(value) : (checked && checked(value)) }), label)));
}
export const selected = (id) => [...document.querySelectorAll(`#${id} input:checked`)].map((i) => i.value);
// opts fills a select with options whose value is their text.
export const opts = (sel, values) => $(sel).replaceChildren(...values.map((v) => h('option', { value: v }, v)));
