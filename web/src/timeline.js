import { $ } from './dom.js';
import { t as tr } from './i18n.js';
import { S, centerNow } from './state.js';
import { fmtUTC } from './time.js';

// ---- time slider ------------------------------------------------------

// The slider runs in hours from a week before the center's now to two
// weeks after it (or the last notification's end); it starts at now.
// Unless "all times" is ticked it filters every time-bound list and
// layer (lists.js): zones and sites valid at that time, notifications
// whose window holds it, reports of the week before it.
export const T0 = () => Number($('time-slider').dataset.start || 0);
const HOUR = 3600e3;
export function setSliderRange() {
  const now = centerNow().getTime();
  let hi = now + 14 * 24 * HOUR;
  for (const n of S.notifications) for (const v of n.volumes || []) hi = Math.max(hi, Date.parse(v.end));
  const lo = Math.floor((now - 7 * 24 * HOUR) / HOUR) * HOUR;
  const el = $('time-slider');
  const keep = el.dataset.start ? sliderTime(true) : new Date(now);
  el.dataset.start = String(lo);
  el.max = String(Math.ceil((hi - lo) / HOUR));
  el.value = String(Math.max(0, Math.min(Number(el.max), Math.round((keep.getTime() - lo) / HOUR))));
  label();
}
// sliderTime: the time chosen, or null for all times (any, when asked).
export function sliderTime(any) {
  if ((!any && $('time-all').checked) || !$('time-slider').dataset.start) return null;
  return new Date(T0() + Number($('time-slider').value) * HOUR);
}
function label() {
  const t = sliderTime();
  $('time-label').value = t ? fmtUTC(t.toISOString()) : tr('time.all');
  $('time-slider').setAttribute('aria-valuetext', $('time-label').value);
}
let onChange = () => {};
export function onTimeChange(fn) { onChange = fn; }
export function onSlider() {
  $('time-slider').disabled = $('time-all').checked;
  label();
  onChange();
}
