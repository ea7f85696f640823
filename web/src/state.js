
// state.js: what the page knows, as the API last answered.
import { t } from './i18n.js';
export const S = { me: null, parties: new Map(), zones: [], sites: [], notifications: [], messages: [], reports: [], incidents: [], candidates: [], clockOffset: 0 };
// centerNow is the center's clock (GET /v1/health), which deadlines and
// lead times follow; the demo's runs in September 2016.
export const centerNow = () => new Date(Date.now() + S.clockOffset);
export const partyName = (id) => {
  if (id === 'coordinator') return t('c.thecoordinator');
  const p = S.parties.get(id);
  return p ? p.name : id;
};
// Names instead of ids wherever the page knows the object.
export const zoneName = (id) => { const z = S.zones.find((x) => x.id === id); return z && z.name ? z.name : id; };
export function objectName(type, id) {
  const find = (list) => list.find((x) => x.id === id);
  let o;
  if (type === 'zone') return zoneName(id);
  if (type === 'site' && (o = find(S.sites))) return o.name || o.category;
  if (type === 'notification' && (o = find(S.notifications))) return o.title || o.kind;
  if (type === 'report' && (o = find(S.reports))) return `${o.sub_event_type}, ${o.place || ''}`;
  if (type === 'incident' && (o = find(S.incidents))) return `${o.event_type}, ${(o.start || '').slice(0, 10)} (${o.reports.length})`;
  return id;
}
// partyList names parties; "*" is every party.
export const partyList = (ids) => (ids || []).map((p) => (p === '*' ? t('c.everyparty') : partyName(p))).join(', ');
export const mine = (id) => S.me && id === S.me.party.id;
