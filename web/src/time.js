// time.js: times as the API speaks them (RFC 3339 UTC). Everything is
// shown in UTC with the reader's local time beside it; forms take UTC
// (their labels say so), so that a time typed is the time the log shows.
import { h } from './dom.js';
import { t } from './i18n.js';

const pad = (n) => String(n).padStart(2, '0');

// fmtUTC: "2016-09-13 12:00 UTC".
export const fmtUTC = (s) => {
  if (!s) return '';
  const d = new Date(s);
  return isNaN(d) ? s : d.toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
};
// fmtTime: UTC, with the reader's local time beside it when that differs.
export const fmtTime = (s) => {
  const d = new Date(s);
  if (!s || isNaN(d) || d.getTimezoneOffset() === 0) return fmtUTC(s);
  return fmtBoth(s);
};

// fmtLocal is the reader's local time of s, with the date when it is not
// the UTC date.
export const fmtLocal = (s) => {
  const d = new Date(s);
  if (isNaN(d)) return '';
  const sameDay = d.getDate() === d.getUTCDate();
  const date = sameDay ? '' : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} `;
  return `${date}${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

// fmtBoth: "2016-09-13 12:00 UTC (15:00 local)".
export const fmtBoth = (s) => (s ? t('time.both', { utc: fmtUTC(s), local: fmtLocal(s) }) : '');

// datetime-local inputs hold UTC here: the API wants RFC 3339 UTC.
export const toISO = (v) => (v ? new Date(v + (v.length === 16 ? ':00Z' : 'Z')).toISOString().replace(/\.\d+Z$/, 'Z') : undefined);
export const toInput = (d) => new Date(d).toISOString().slice(0, 16);

// span: a duration in words, "3 h 12 min", "2 d 4 h", "45 s".
export function span(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const hh = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return t('dur.dh', { d, h: hh });
  if (hh) return t('dur.hm', { h: hh, m });
  if (m) return t('dur.m', { m });
  return t('dur.s', { s });
}

// dueEl: a deadline as its time and a countdown that inbox.js's ticker
// keeps moving ("in 3 h 12 min", "overdue by 5 min").
export function dueEl(deadline, now) {
  const cd = countdown(deadline, now);
  return h('span', { class: 'due' + (cd.overdue ? ' overdue' : '') }, fmtTime(deadline), ' · ', h('span', { class: 'countdown', 'data-due': deadline }, cd.text));
}

// countdown to a deadline from now: {text, overdue}.
export function countdown(deadline, now) {
  const ms = Date.parse(deadline) - now.getTime();
  if (isNaN(ms)) return { text: '', overdue: false };
  return ms < 0 ? { text: t('time.overdue', { span: span(ms) }), overdue: true } : { text: t('time.left', { span: span(ms) }), overdue: false };
}
