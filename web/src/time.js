
// time.js: times as the API speaks them (RFC 3339 UTC) and as forms take them.
export const fmtTime = (s) => {
  if (!s) return '';
  const d = new Date(s);
  return isNaN(d) ? s : d.toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
};
// datetime-local values are local times; the API wants RFC 3339 UTC.
export const toISO = (v) => (v ? new Date(v).toISOString().replace(/\.\d+Z$/, 'Z') : undefined);
export const toLocalInput = (d) => {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};
