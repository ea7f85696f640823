import { api } from './api.js';
import { renderInbox } from './inbox.js';
import { markSelected } from './select.js';
import { renderNotifications } from './notifications.js';
import { renderSites } from './sites.js';
import { S } from './state.js';
import { renderZones } from './zones.js';

// load.js: loading the lists that zone, site and notification acts change.
export async function loadObjects() {
  const [z, s, n] = await Promise.all([api('GET', '/v1/zones'), api('GET', '/v1/sites'), api('GET', '/v1/notifications')]);
  S.zones = z.data || [];
  S.sites = s.data || [];
  S.notifications = n.data || [];
  renderZones();
  renderSites();
  renderNotifications();
  renderInbox();
  markSelected();
}
