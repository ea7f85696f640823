// api.js: every request the page makes goes through request(), so that
// authentication (today a bearer token; request signing later) lives in
// one place. api() is request() for the JSON API: it parses the answer and
// turns an error status into an APIError carrying the problem document
// (RFC 9457).
//
// The token lives in sessionStorage only (this tab, until it closes).

import { S } from './state.js';
import { t } from './i18n.js';

export const KEY = 'truce.token';
let token = sessionStorage.getItem(KEY) || '';
let unauthorized = () => {};

export const getToken = () => token;
export function setToken(t) { token = t; }
// onUnauthorized sets what happens when the center refuses the token.
export function onUnauthorized(fn) { unauthorized = fn; }

export class APIError extends Error {
  constructor(status, problem, text) {
    super((problem && (problem.detail || problem.title)) || text || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

// request sends one HTTP request to this center and returns the Response.
// opts: body (sent as JSON), headers, signal, cache, and public (no
// credentials: the log, the health check).
export async function request(method, path, opts) {
  opts = opts || {};
  const hdr = Object.assign({}, opts.headers || {});
  if (!opts.public) hdr.Authorization = 'Bearer ' + token;
  let body;
  if (opts.body !== undefined) {
    hdr['Content-Type'] = opts.contentType || 'application/json';
    body = opts.contentType ? opts.body : JSON.stringify(opts.body);
  }
  // A member with a key signs every write (sign.js, RFC 9421): the
  // signature covers the method, the path, the query and the body's digest.
  if (method !== 'GET' && method !== 'HEAD' && !opts.public && window.truceSign) {
    let signed = body === undefined ? '' : body;
    if (typeof signed !== 'string') signed = await new Response(signed).arrayBuffer();
    Object.assign(hdr, await window.truceSign.headers(method, path, signed, S.clockOffset));
  }
  return fetch(path, { method, headers: hdr, body, signal: opts.signal, cache: opts.cache });
}

// api calls the JSON API: {data, headers}, or throws an APIError.
export async function api(method, path, body, headers) {
  const r = await request(method, path, { body, headers });
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (r.status === 401 && path === '/v1/me') throw new APIError(401, data, text);
  if (r.status === 401) unauthorized(t('auth.refused'));
  if (!r.ok) throw new APIError(r.status, data, text);
  return { data, headers: r.headers };
}
