package ingest

import (
	"regexp"
	"slices"
	"strings"

	"github.com/truce-center/truce"
)

// Generic actors. "Government forces", "rebels" and "civilians" name
// different actors in every war: actors.tsv lists them under names with
// {country} ("Military Forces of {country}"), and each mention is
// resolved to the article's subject country once that is known. A
// demonym before a noun of force ("Eritrean troops", "Chadian
// warplanes") names the military of the demonym's country, whichever
// article it is in.

// How an actor mention was recognised (ActorMention.How).
const (
	HowAlias   = "alias"   // a name of the committed list or the center's additions
	HowMetonym = "metonym" // a capital or country that acts ("Moscow said")
	HowGeneric = "generic" // a generic term resolved by the article's country
	HowDemonym = "demonym" // a demonym or a country's possessive before a noun of force or government
	// HowReference is "the rebels", "these rebels" told after the
	// article named the group: that group (rebelsBefore).
	HowReference = "reference"
)

// armyOf names the country whose army a generic "army" or "troops" is in
// an article about a country that has none of its own at war there:
// in Gaza and the West Bank, the army is Israel's.
var armyOf = map[string]string{"PS": "IL"}

// theCountries are the countries whose English name takes "the" after
// "of", as ACLED writes them and the labels do ("Military Forces of the
// Philippines", not "of Philippines"); GeoNames gives the bare name.
var theCountries = map[string]bool{
	"Philippines": true, "Central African Republic": true, "Netherlands": true,
	"Gambia": true, "Bahamas": true, "Comoros": true, "Maldives": true,
	"United Kingdom": true, "United Arab Emirates": true, "Czech Republic": true,
	"Dominican Republic": true, "Marshall Islands": true, "Solomon Islands": true,
}

// coalitionOf names the coalition that a bare "the coalition" is in an
// article about a country.
var coalitionOf = map[string]string{"YE": "Saudi-led coalition"}

// rebelsOf names the armed movement that unnamed "rebels" or
// "separatists" are in an article about a country whose war has one,
// as ACLED names them: in Cameroon the Anglophone separatists
// ("suspected separatist fighters raided a village") are the
// Ambazonian separatists, whatever group they belong to.
var rebelsOf = map[string]string{"CM": "Ambazonian separatists"}

// maoistsOf names the movement that "Maoists" are in an article about a
// country whose war has one: in India the CPI (Maoist), in the
// Philippines the New People's Army.
var maoistsOf = map[string]string{"IN": "CPI (Maoist): Communist Party of India (Maoist)", "PH": "New People's Army"}

// forceNouns after a demonym or a country's possessive name its forces;
// governmentNouns its government.
var (
	forceNouns = setOf(`forces troops army military soldiers warplanes jets aircraft planes drones drone uav uavs artillery
missile missiles navy helicopters tanks gunboats bombers militaries paratroopers rangers invaders occupiers`)
	governmentNouns = setOf(`government officials authorities prosecutors ministry`)
	// actNouns after a demonym or a country's possessive name an act of
	// its forces: "Pakistani firing", "Russia's assault".
	actNouns = setOf(`shelling firing fire shells shell strike strikes attack attacks assault offensive bombardment
bombing bombings mortars rockets raid raids invasion snipers sniper airstrike airstrikes`)
	// airActs after "air" name an act from the air: "Israeli air strikes".
	airActs = setOf(`strike strikes raid raids attack attacks bombardment`)
	// actVerbs after a country's name make it the subject of an act of
	// its forces: "as Pakistan fired long-range mortars".
	actVerbs         = setOf(`fired shelled struck bombed attacked launched targeted pounded violated initiated resorted shot`)
	weaponAdjectives = setOf(`ballistic cruise cluster heavy attack suicide hypersonic guided armed special federal regular occupation occupying`)
)

func isGeneric(name string) bool { return strings.Contains(name, "{") }

// genericName resolves a generic actor name for a country (ISO code):
// an actor of the list for that country and kind when there is one
// ("Military Forces of {country}" in Sudan is the listed "Military
// Forces of Sudan"), else the name with the country's. The category is
// the listed actor's, or state forces (1) for the subject country's own
// state and external forces (8) for another's.
func (x *Extractor) genericName(tmpl, country, subject string) (string, int) {
	acts := x.Actors
	if tmpl == "{coalition}" {
		name := "US-led coalition"
		if c, ok := coalitionOf[country]; ok {
			name = c
		}
		if a, ok := acts.Get(name); ok {
			return a.Name, a.Category
		}
		return name, truce.ExternalForces
	}
	if strings.HasPrefix(tmpl, "Military Forces of") {
		if c, ok := armyOf[country]; ok {
			country = c
		}
	}
	prefix, _, _ := strings.Cut(tmpl, "{")
	if movement, ok := map[string]map[string]string{"Opposition rebels (": rebelsOf, "Maoist rebels (": maoistsOf}[prefix]; ok {
		if a, ok := acts.Get(movement[country]); ok {
			return a.Name, a.Category
		}
	}
	if prefix != "" && country != "" {
		if a, ok := acts.byCountry(country, prefix); ok {
			return a.Name, a.Category
		}
		// A country whose list names one state actor under another
		// name: Libya's "government forces" are the Government of
		// National Accord's.
		if a, ok := acts.onlyState(country); ok && (prefix == "Military Forces of " || prefix == "Government of ") {
			return a.Name, a.Category
		}
	}
	cname := "unknown country"
	if p, ok := x.Gazetteer.Country(country); ok {
		cname = p.Name
	}
	if strings.HasSuffix(prefix, " of ") && theCountries[cname] {
		cname = "the " + cname
	}
	name := strings.ReplaceAll(tmpl, "{country}", cname)
	cat := 0
	if a, ok := acts.Get(tmpl); ok {
		cat = a.Category
	}
	if cat == truce.StateForces && country != subject {
		cat = truce.ExternalForces
	}
	return name, cat
}

// byCountry returns the listed actor of a country whose name starts with
// prefix ("Military Forces of ", "Government of ").
func (a *Actors) byCountry(country, prefix string) (Actor, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	for _, act := range a.list {
		if act.Country == country && strings.HasPrefix(act.Name, prefix) && !isGeneric(act.Name) {
			return act.clone(), true
		}
	}
	return Actor{}, false
}

// onlyState returns a country's listed state actor when the list has
// exactly one.
func (a *Actors) onlyState(country string) (Actor, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	var found Actor
	n := 0
	for _, act := range a.list {
		if act.Country == country && act.Kind == ActorState && act.Category == truce.StateForces && !isGeneric(act.Name) {
			found = act
			n++
		}
	}
	if n != 1 {
		return Actor{}, false
	}
	return found.clone(), true
}

// resolveGeneric names every generic mention after the article's
// country: the subject (the first of ex.Countries).
func (x *Extractor) resolveGeneric(ex *Extraction, places []placeHit) {
	subject := ""
	if len(ex.Countries) > 0 {
		subject = ex.Countries[0]
	}
	drop := false
	only := x.onlyRebelGroup(ex)
	blamed := x.blamedGroup(ex)
	for k := range ex.Actors {
		m := &ex.Actors[k]
		if !isGeneric(m.Actor) {
			continue
		}
		// "ISIS militants", "Nusra Front gunmen": the noun is the head
		// of the group's name, one mention with it (what stands before
		// and after the whole is read as before: "fired by ISIS
		// militants", "militants were killed").
		if m.Actor == unidentifiedTemplate && k > 0 {
			if g := &ex.Actors[k-1]; !isGeneric(g.Actor) && g.How == HowAlias && nonStateArmed(g.Category) && g.End <= m.Start &&
				strings.Trim(ex.Article.Text[g.End:m.Start], " ()") == "" {
				g.End, g.Text, g.Speaker = m.End, ex.Article.Text[g.Start:m.End], g.Speaker || m.Speaker
				m.Actor, drop = "", true
				continue
			}
		}
		// "Ugandan rebels burned a village … gunmen from the Lord's
		// Resistance Army": unnamed rebels of the country of the one
		// rebel group the report names are that group.
		if m.Actor == rebelsTemplate && only.Name != "" && otherRebels.MatchString(ex.Article.Text[max(0, m.Start-12):m.Start]) {
			only = Actor{} // "other rebels": the rebels told after are these, not the group
		}
		if m.Actor == rebelsTemplate && only.Name != "" {
			c := subject
			if m.How == HowDemonym {
				c = m.Country
			} else if ca := x.countryAfter(ex.Article.Text, m.End, places); ca != "" {
				c = ca
			}
			if only.Country == "" || only.Country == c {
				m.Actor, m.Category, m.How = only.Name, only.Category, HowReference
				continue
			}
		}
		if m.How == HowDemonym {
			m.Actor, m.Category = x.genericName(m.Actor, m.Country, subject)
			continue
		}
		if g, ok := rebelsBefore(ex, k); ok {
			m.Actor, m.Category, m.How = g.Actor, g.Category, HowReference
			continue
		}
		country := subject
		if c := x.countryAfter(ex.Article.Text, m.End, places); c != "" {
			country = c
		}
		// "Gunmen fired on a market … officials blamed the shooting on
		// the X":
		// unnamed attackers in a report that lays its act on one armed
		// group by name are that group, unless told as unknown.
		if m.Actor == unidentifiedTemplate && blamed.Name != "" && (blamed.Country == "" || blamed.Country == country) &&
			!unknownWord.MatchString(m.Text) && !unknownWord.MatchString(ex.Article.Text[max(0, m.Start-24):m.Start]) {
			m.Actor, m.Category, m.How = blamed.Name, blamed.Category, HowReference
			continue
		}
		m.Actor, m.Category = x.genericName(m.Actor, country, subject)
		m.How = HowGeneric
		m.Country = country
	}
	if drop {
		ex.Actors = slices.DeleteFunc(ex.Actors, func(m ActorMention) bool { return m.Actor == "" })
	}
}

// ofCountry is the text between a generic term and the country it names:
// "the Armed Forces of Armenia", "the army of the Russian Federation".
var ofCountry = regexp.MustCompile(`^\s+of\s+(?:the\s+)?$`)

// countryAfter returns the country named right after a generic term that
// ends at end ("Armed Forces of Armenia"): the term is that country's,
// whatever the article's subject. It returns "" when none is.
func (x *Extractor) countryAfter(text string, end int, places []placeHit) string {
	for _, h := range places {
		if h.start < end || h.start > end+9 || !ofCountry.MatchString(text[end:h.start]) {
			continue
		}
		for _, c := range h.cands {
			if p := x.Gazetteer.places[c]; p.Kind == KindCountry {
				return p.Country
			}
		}
	}
	return ""
}

// demonymActor reads "Eritrean troops", "Chadian officials" at toks[i:]:
// a demonym of the gazetteer and a noun of force or government. It
// returns the generic name, the country and the tokens used.
func (x *Extractor) demonymActor(toks []token, sentOf []int, i int) (string, string, int) {
	if !toks[i].capital || i+1 >= len(toks) || sentOf[i+1] != sentOf[i] {
		return "", "", 0
	}
	country, n := x.demonymAt(toks, sentOf, i)
	if n == 0 || i+n >= len(toks) || sentOf[i+n] != sentOf[i] {
		return "", "", 0
	}
	// "Israeli air force", and its acts: "Israeli air strikes", "Russian
	// air raids".
	if toks[i+n].key == "air" && i+n+1 < len(toks) && sentOf[i+n+1] == sentOf[i] && (toks[i+n+1].key == "force" || airActs[toks[i+n+1].key]) {
		return "Military Forces of {country}", country, 3
	}
	// One adjective may stand between: "Russian ballistic missiles".
	if weaponAdjectives[toks[i+n].key] && i+n+1 < len(toks) && sentOf[i+n+1] == sentOf[i] && forceNouns[toks[i+n+1].key] {
		return "Military Forces of {country}", country, n + 2
	}
	switch {
	case forceNouns[toks[i+n].key], actNouns[toks[i+n].key]:
		return "Military Forces of {country}", country, n + 1
	case governmentNouns[toks[i+n].key]:
		return "Government of {country}", country, n + 1
	}
	return "", "", 0
}

// demonymAt returns the country of the demonym at toks[i:], the longest
// of up to three capitalised words ("Sri Lankan", "South Sudanese",
// "Papua New Guinean": not Guinea's), and its number of tokens (0 for
// none).
func (x *Extractor) demonymAt(toks []token, sentOf []int, i int) (string, int) {
	var buf [64]byte // the words' keys joined, looked up without a copy
	key := buf[:0]
	for n := min(3, len(toks)-i); n >= 1; n-- {
		if sentOf[i+n-1] != sentOf[i] || !toks[i+n-1].capital {
			continue
		}
		key = joinKeys(key[:0], toks[i:i+n])
		if c, ok := x.Gazetteer.demonyms[string(key)]; ok {
			return c, n
		}
	}
	return "", 0
}

// blameVerbs before a country's name make it the one blamed.
var blameVerbs = setOf(`blamed blames accused accuses`)

// countryAgent reads a country's name that is the subject of an act of
// violence at toks[i:] ("as Pakistan fired long-range mortars", "Pakistan
// has violated the ceasefire"): its forces did it, whichever article it
// is in. It returns the country and the tokens of its name.
//
// So is a country blamed or accused "for" or "of" an act ("the army
// blamed Pakistan for the ceasefire violation").
func (x *Extractor) countryAgent(text string, toks []token, sentOf []int, i int) (string, int) {
	if !toks[i].capital {
		return "", 0
	}
	if i > 0 && sentOf[i-1] == sentOf[i] && blameVerbs[toks[i-1].key] {
		for n := 1; n <= 3 && i+n < len(toks) && sentOf[i+n] == sentOf[i]; n++ {
			if k := toks[i+n].key; k != "for" && k != "of" {
				continue
			}
			for _, p := range x.Gazetteer.Lookup(text[toks[i].start:toks[i+n-1].end]) {
				if p.Kind == KindCountry {
					return p.Country, n
				}
			}
			return "", 0
		}
	}
	for n := 1; n <= 3 && i+n < len(toks) && sentOf[i+n] == sentOf[i]; n++ {
		k := i + n
		if k+1 < len(toks) && (toks[k].key == "has" || toks[k].key == "had" || toks[k].key == "again" || toks[k].key == "also") {
			k++
		}
		if !actVerbs[toks[k].key] || strings.TrimSpace(text[toks[i+n-1].end:toks[i+n].start]) != "" {
			continue
		}
		for _, p := range x.Gazetteer.Lookup(text[toks[i].start:toks[i+n-1].end]) {
			if p.Kind == KindCountry {
				return p.Country, n
			}
		}
		return "", 0
	}
	return "", 0
}

// onlyRebelGroup returns the one rebel group (ACLED's category 2) the
// report names by its own name, or a zero Actor when it names none or
// several, or names it as the head of others ("fighters led by …"):
// then the rebels are more than that group.
//
// The group must be told once as the armed men's own ("gunmen from the
// X", "rebels of the X", "members of … the X", "X fighters"): a group
// named only as the side fought ("took the town from the X") says
// nothing of who the unnamed rebels are.
func (x *Extractor) onlyRebelGroup(ex *Extraction) Actor {
	var only Actor
	own := false
	subject := ""
	if len(ex.Countries) > 0 {
		subject = ex.Countries[0]
	}
	for _, a := range ex.Actors {
		// "Maoists", "Maoist rebels": a movement told by the word for its
		// men, generic only in its country; in a report on one country
		// they are that country's Maoist rebels, and the unnamed rebels
		// told with them are they.
		if a.Actor == maoistTemplate && a.How == HowAlias && subject != "" {
			name, cat := x.genericName(maoistTemplate, subject, subject)
			if cat != truce.RebelGroups {
				return Actor{}
			}
			if name == only.Name {
				continue
			}
			if only.Name != "" {
				return Actor{}
			}
			only, own = Actor{Name: name, Category: cat, Country: subject}, true
			continue
		}
		if isGeneric(a.Actor) || a.How != HowAlias || a.Category != truce.RebelGroups {
			continue
		}
		before := ex.Article.Text[max(0, a.Start-90):a.Start]
		if headOfOthers.MatchString(before) {
			return Actor{}
		}
		own = own || menOfGroup.MatchString(before) || fighterNoun.MatchString(a.Text) || blamedOn.MatchString(before)
		if a.Actor == only.Name {
			continue
		}
		if only.Name != "" {
			return Actor{}
		}
		act, ok := x.Actors.Get(a.Actor)
		if !ok {
			return Actor{}
		}
		only = act
	}
	if !own {
		return Actor{}
	}
	return only
}

// blamedGroup returns the one non-state armed group the report lays an
// act on by its own name ("police blamed the attack on the X", "the X
// claimed responsibility"), or a zero Actor when it lays none, or acts on
// two groups.
func (x *Extractor) blamedGroup(ex *Extraction) Actor {
	var found Actor
	text := ex.Article.Text
	for _, a := range ex.Actors {
		if isGeneric(a.Actor) || a.How != HowAlias || !nonStateArmed(a.Category) {
			continue
		}
		if !blamedNear.MatchString(text[max(0, a.Start-110):a.Start]) && !claimsAct.MatchString(text[a.End:min(len(text), a.End+60)]) {
			continue
		}
		if a.Actor == found.Name {
			continue
		}
		if found.Name != "" {
			return Actor{}
		}
		act, ok := x.Actors.Get(a.Actor)
		if !ok {
			return Actor{}
		}
		found = act
	}
	return found
}

// menOfGroup ends the text before a group named as the one armed men
// belong to: "gunmen from the", "rebels of the", "members of the armed
// alliance called the"; fighterNoun is in a group's mention
// told with its men ("ADF rebels", "LRA fighters").
var (
	menOfGroup = regexp.MustCompile(`(?i)\b(?:rebels|fighters|militants|gunmen|members|insurgents|militiamen|guerrillas|combatants)\s+(?:from|of|belonging to|loyal to)\s+(?:[\w'’-]+\s+){0,8}?$`)
	// blamedOn ends the text before a group an act is laid on: "the
	// governor blamed the ambush on the", "police attributed the blast
	// to": the group named as the act's maker is the one its unnamed
	// rebels belong to.
	blamedOn = regexp.MustCompile(`(?i)\b(?:blamed|blames|blaming)\b[^.;"“”]{0,80}?\bon\s+(?:the\s+)?$|\b(?:attributed|attributes|attributing)\b[^.;"“”]{0,60}?\bto\s+(?:the\s+)?$`)
	// blamedNear is blamedOn with up to four words between the blame
	// and the group ("attributed the raid to gunmen of the outlawed");
	// claimsAct starts the text after a group that claims
	// the act ("claimed responsibility", "has claimed the attack").
	blamedNear  = regexp.MustCompile(`(?i)(?:\b(?:blamed|blames|blaming)\b[^.;"“”]{0,80}?\bon|\b(?:attributed|attributes|attributing)\b[^.;"“”]{0,60}?\bto)\s+(?:[\w'’-]+\s+){0,4}?$`)
	claimsAct   = regexp.MustCompile(`(?i)^\s*(?:\([^)]{0,40}\)\s*)?(?:has\s+|have\s+|had\s+|later\s+|quickly\s+)?claimed\s+(?:responsibility|the\s+(?:attack|bombing|ambush|killing|raid|assault))`)
	fighterNoun = regexp.MustCompile(`(?i)\b(?:rebels|fighters|militants|gunmen|insurgents|militiamen|guerrillas)$`)
)

// otherRebels ends the text before rebels told as others than a group
// named: "other rebels", "rival rebels".
var otherRebels = regexp.MustCompile(`(?i)\b(?:other|another|rival|different)\s+$`)

// headOfOthers ends the text before a group named as the head of a
// coalition: "led by", "spearheaded by", "dominated by".
var headOfOthers = regexp.MustCompile(`(?i)\b(?:led|spearheaded|headed|dominated|including|joined)\s+by\s+(?:the\s+)?$|\bincluding\s+(?:the\s+)?$`)

// rebelsTemplate is the generic name of unnamed rebels.
const rebelsTemplate = "Opposition rebels ({country})"

// maoistTemplate is the Maoist movement of a country, before the country
// is known ("Maoists", "Maoist rebels").
const maoistTemplate = "Maoist rebels ({country})"

// unidentifiedTemplate is ACLED's name for attackers the report does not
// name: "gunmen", "armed men", "unknown assailants", "bandits",
// "militants" with no group named are the "Unidentified Armed Group" of
// the article's country.
const unidentifiedTemplate = "Unidentified Armed Group ({country})"

// nonStateArmed reports the ACLED categories of armed groups that are not
// a state's: rebels, political and identity militias.
func nonStateArmed(cat int) bool {
	return cat == truce.RebelGroups || cat == truce.PoliticalMilitias || cat == truce.IdentityMilitias
}

// theBefore ends the text before a definite reference: "the", "these",
// "those".
var theBefore = regexp.MustCompile(`(?i)\b(?:the|these|those)\s+$`)

// theOneBefore is theBefore with one word between: "the last
// militants", "the same gunmen".
var theOneBefore = regexp.MustCompile(`(?i)\b(?:the|these|those)\s+(?:[\w-]+\s+)?$`)

// othersBefore ends the text before attackers told as others than those
// named ("a group of", "other", "rival", "some"); unknownWord marks
// attackers told as unknown.
var (
	othersBefore = regexp.MustCompile(`(?i)\b(?:an?|another|other|rival|some|several|many|more|group of|band of|dozens of|hundreds of|scores of|unknown|unidentified|masked|local|armed|suspected)\s+$`)
	unknownWord  = regexp.MustCompile(`(?i)\b(?:unknown|unidentified|masked)\b`)
)

// namedWith reports another non-state armed group named by its own name
// in the sentence of ex.Actors[j].
func namedWith(ex *Extraction, j int) bool {
	a := ex.Actors[j]
	for _, b := range ex.Actors {
		if b.Sentence == a.Sentence && b.Actor != a.Actor && !isGeneric(b.Actor) && b.How == HowAlias && nonStateArmed(b.Category) {
			return true
		}
	}
	return false
}

// rebelsBefore returns the rebel group that "the rebels" or "these
// rebels" at ex.Actors[k] refers back to: the last group of rebels the
// article named by its own name before it ("Suspected ADF rebels have
// made a new attack … were taken hostage by these rebels"; "a rally
// held by the M23 rebels … the rebels had captured Kavumu airport").
// So are "rebels" right after the group's name, as its head noun ("ADF
// (Allied Democratic Forces) rebels"). Bare "rebels", with no article,
// may be others, and so may rebels told after unnamed ones.
//
// So are "the gunmen", "the militants", "the attackers" (ActorUnidentified
// terms, told with an article) after a non-state armed group named by its
// own name: "Al-Shabaab fighters stormed the base … the militants then
// set fire to it" tells the group's act, not an unknown one's.
func rebelsBefore(ex *Extraction, k int) (ActorMention, bool) {
	m := ex.Actors[k]
	unnamed := m.Actor == unidentifiedTemplate
	if m.Actor != rebelsTemplate && !unnamed {
		return ActorMention{}, false
	}
	text := ex.Article.Text
	definite := unnamed && theOneBefore.MatchString(text[max(0, m.Start-24):m.Start])
	for j := k - 1; j >= 0; j-- {
		a := ex.Actors[j]
		if unnamed {
			if a.End > m.Start || a.Actor == m.Actor || a.Actor == "" {
				continue
			}
			if !definite {
				// "Al-Shabaab fighters raided two farms … at the second,
				// militants shot three herders": bare attackers with no
				// word that makes them others or unknown, when the
				// mention just before them, at most two sentences back,
				// is a non-state armed group named by its own name, are
				// that group; not when another group is named with it
				// ("Hamas and Islamic Jihad"): which one is not said.
				if !isGeneric(a.Actor) && a.How == HowAlias && nonStateArmed(a.Category) && !a.Speaker &&
					m.Sentence-a.Sentence <= 2 && !othersBefore.MatchString(text[max(0, m.Start-24):m.Start]) &&
					!unknownWord.MatchString(m.Text) && !namedWith(ex, j) {
					return a, true
				}
				return ActorMention{}, false
			}
			if isGeneric(a.Actor) || a.How != HowAlias || !nonStateArmed(a.Category) {
				continue
			}
			return a, true
		}
		if a.End > m.Start || a.Category != truce.RebelGroups && !isGeneric(a.Actor) || isGeneric(a.Actor) && a.Actor != rebelsTemplate {
			continue
		}
		// The nearest rebels before are the ones referred to: unnamed
		// ("Turkish-backed rebels … between the rebels and the SDF"),
		// they stay unnamed.
		if a.How == HowGeneric || isGeneric(a.Actor) {
			return ActorMention{}, false
		}
		if strings.Trim(text[a.End:m.Start], " ()") == "" || theBefore.MatchString(text[max(0, m.Start-8):m.Start]) {
			return a, true
		}
		return ActorMention{}, false
	}
	return ActorMention{}, false
}
