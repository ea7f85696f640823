// select.js: one way to open an object wherever it was chosen — from the
// inbox, from its shape on the map, from a link in another card: its tab
// is selected, its card highlighted, scrolled to and focused, and its
// shape highlighted and brought into view.
import { $ } from './dom.js';
import { highlightShape } from './map.js';
import { selectTab } from './tabs.js';

const WHERE = {
  zone: ['tab-zones', 'data-zone'],
  site: ['tab-sites', 'data-site'],
  notification: ['tab-notifications', 'data-notification'],
  report: ['tab-reports', 'data-report'],
  incident: ['tab-reports', 'data-incident'],
  message: ['tab-hotline', 'data-message'],
  candidate: ['tab-sources', 'data-candidate'],
  story: ['tab-sources', 'data-story'],
};

let current = null;
export const selectedObject = () => current;

export function cardOf(type, id) {
  const w = WHERE[type];
  return w ? document.querySelector(`[${w[1]}="${CSS.escape(id)}"]`) : null;
}

// openObject: opts.fromMap when the user clicked its shape (the map
// stays where it is), opts.noMap to leave the map alone.
export function openObject(type, id, opts) {
  opts = opts || {};
  const w = WHERE[type];
  if (!w) return;
  current = { type, id };
  selectTab(w[0], false);
  let card = cardOf(type, id);
  if (card && card.hidden) {
    // A filter hides it: clear that list's filters so it can be shown.
    card.closest('.pane, [role=tabpanel]')?.dispatchEvent(new CustomEvent('truce:unfilter', { bubbles: false }));
    card = cardOf(type, id);
  }
  markSelected();
  if (card) {
    card.scrollIntoView({ block: 'nearest' });
    if (!card.hasAttribute('tabindex')) card.tabIndex = -1;
    card.focus({ preventScroll: true });
  }
  if (!opts.noMap) highlightShape(type, id, !opts.fromMap);
}

// initCardSelection: a click on a card (not on one of its controls)
// selects it and highlights its shape, leaving the map where it is.
export function initCardSelection() {
  $('panel').addEventListener('click', (e) => {
    if (e.target.closest('button, a, input, select, textarea, label, summary')) return;
    const card = e.target.closest('.card');
    if (!card) return;
    for (const [type, w] of Object.entries(WHERE)) {
      const id = card.getAttribute(w[1]);
      if (id) { current = { type, id }; markSelected(); highlightShape(type, id, false); return; }
    }
  });
}

// markSelected re-applies the selection after a list re-rendered.
export function markSelected() {
  for (const c of document.querySelectorAll('.card.selected')) { c.classList.remove('selected'); c.removeAttribute('aria-current'); }
  if (!current) return;
  const card = cardOf(current.type, current.id);
  if (card) { card.classList.add('selected'); card.setAttribute('aria-current', 'true'); }
}
