import { $ } from './dom.js';
import { renderNotificationLayer } from './notifications.js';
import { S, centerNow } from './state.js';
import { fmtTime } from './time.js';

// ---- time slider ------------------------------------------------------

// The slider runs in hours over the notifications' windows (or, with
// none, from two days ago to two weeks ahead); its start is kept in
// data-start.
export const T0 = () => Number($('time-slider').dataset.start || 0);
export function setSliderRange() {
  const hour = 3600e3;
  let lo = Infinity;
  let hi = -Infinity;
  for (const n of S.notifications) {
    for (const v of n.volumes || []) {
      lo = Math.min(lo, Date.parse(v.start));
      hi = Math.max(hi, Date.parse(v.end));
    }
  }
  if (!isFinite(lo)) { lo = centerNow().getTime() - 48 * hour; hi = centerNow().getTime() + 14 * 24 * hour; }
  lo = Math.floor(lo / hour) * hour;
  const keep = sliderTime();
  const el = $('time-slider');
  el.dataset.start = String(lo);
  el.max = String(Math.max(1, Math.ceil((hi - lo) / hour)));
  if (keep) el.value = String(Math.round((keep.getTime() - lo) / hour));
  el.setAttribute('aria-valuetext', $('time-label').value);
}
export function sliderTime() {
  if ($('time-all').checked || !$('time-slider').dataset.start) return null;
  return new Date(T0() + Number($('time-slider').value) * 3600e3);
}
export function onSlider() {
  $('time-slider').disabled = $('time-all').checked;
  const t = sliderTime();
  $('time-label').value = t ? fmtTime(t.toISOString()) : 'all times';
  $('time-slider').setAttribute('aria-valuetext', $('time-label').value);
  renderNotificationLayer();
}
