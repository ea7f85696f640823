
// state.js: what the page knows, as the API last answered.
export const S = { me: null, parties: new Map(), zones: [], sites: [], notifications: [], messages: [], reports: [], incidents: [], candidates: [], clockOffset: 0 };
// centerNow is the center's clock (GET /v1/health), which deadlines and
// lead times follow; the demo's runs in September 2016.
export const centerNow = () => new Date(Date.now() + S.clockOffset);
export const partyName = (id) => {
  if (id === 'coordinator') return 'the coordinator';
  const p = S.parties.get(id);
  return p ? p.name : id;
};
export const zoneName = (id) => { const z = S.zones.find((x) => x.id === id); return z && z.name ? `${z.name} (${id})` : id; };
export const mine = (id) => S.me && id === S.me.party.id;
