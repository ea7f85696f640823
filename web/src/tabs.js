import { $ } from './dom.js';
import { loadLog } from './log.js';

// ---- tabs -------------------------------------------------------------

// selectTab shows a tab's panel; focus moves to the tab unless told not to.
export function selectTab(id, focus = true) {
  for (const t of document.querySelectorAll('[role=tab]')) {
    const on = t.id === id;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) $(id).focus();
  if (id === 'tab-log') loadLog(true);
}

export function initTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  tabs.forEach((t, i) => {
    t.addEventListener('click', () => selectTab(t.id));
    t.addEventListener('keydown', (e) => {
      const vis = tabs.filter((x) => !x.hidden);
      const j = vis.indexOf(t);
      let k = null;
      if (e.key === 'ArrowRight') k = (j + 1) % vis.length;
      else if (e.key === 'ArrowLeft') k = (j - 1 + vis.length) % vis.length;
      else if (e.key === 'Home') k = 0;
      else if (e.key === 'End') k = vis.length - 1;
      if (k !== null) { e.preventDefault(); selectTab(vis[k].id); }
    });
  });
  $('hotline-badge').addEventListener('click', () => selectTab('tab-hotline'));
}
