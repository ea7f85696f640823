package ingest

import (
	"github.com/truce-center/truce"

	"iter"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Event is a violent or ceasefire-relevant event read from one sentence,
// coded as ACLED codes events. Place and Date are nil when the sentence
// and the sentences before it do not give them; such an event is kept
// (it informs the brief) but yields no Candidate.
type Event struct {
	EventType    string `json:"event_type"`
	SubEventType string `json:"sub_event_type"`
	Actor1       string `json:"actor1,omitempty"`
	Actor2       string `json:"actor2,omitempty"`
	// Actor1Inferred is set when no sentence of the event names its
	// perpetrator and Actor1 is the article's dominant armed actor
	// (inferStriker) or the unidentified armed group of the event's
	// country (unnamedHands): to be confirmed by a reviewer.
	Actor1Inferred bool `json:"actor1_inferred,omitempty"`
	// DateAssumed is set when neither the event's sentence nor the text
	// before it names a day and the event was given the day of
	// publication past the lede (dateFromNext): to be confirmed by a
	// reviewer.
	DateAssumed bool `json:"date_assumed,omitempty"`
	// DateFrom is set when the event's day counts from a publication
	// day the article does not state but its address ("url") or a date
	// line atop its text ("text") gave (Article.PublishedFrom): a
	// weekday, "yesterday", a day without its year, or the report's day
	// assumed. To be confirmed by a reviewer.
	DateFrom    string        `json:"date_from,omitempty"`
	Interaction int           `json:"interaction,omitempty"`
	Place       *PlaceMention `json:"place,omitempty"`
	Date        *DateMention  `json:"date,omitempty"`
	Fatalities  int           `json:"fatalities"`
	// FatalitiesStated is false when the sentence gives no toll (then
	// Fatalities is 0 and means "not stated", not "nobody died").
	FatalitiesStated bool   `json:"fatalities_stated"`
	Sentence         int    `json:"sentence"` // index into Extraction.Sentences
	Start            int    `json:"start"`    // the sentence's byte offsets in Article.Text
	End              int    `json:"end"`
	Trigger          string `json:"trigger"` // the words that made it an event
	// Village is the village or neighbourhood the event happened in
	// when the gazetteer lacks it (unlisted.go): the event is then
	// placed in its district or near its town, or left unplaced.
	Village string `json:"village,omitempty"`
	at      int    // the trigger's offset in Article.Text
	claim   bool   // told as what a source accused, claimed or confirmed
	quote   bool   // its trigger is inside a quotation
	placed  bool   // its sentence names a place of its own
	later   bool   // told as what came after ("Hours later, a drone exploded")
	ensued  bool   // a fight that "ensued": the act told before it went on
	undated bool   // its sentence names no day: the date is another sentence's or the report's
	listed  bool   // one of the towns its sentence lists, each an event (listedTowns)
	// indefinite is set when the trigger follows "a" or "an": an act
	// told as a new one ("A drone hit …"), not one referred back to.
	indefinite bool
	// demonstrative is set when the trigger follows "this" or "it was a":
	// an act pointed back to ("in this massacre"), the one just told.
	demonstrative bool
	// separate is set on a second clause's act told as "a separate" or
	// "another" one of the first clause's kind: never the same act.
	separate bool
	// district is set when the place is a district's seat named for its
	// district ("in Jammu district", "Poonch sector"): an area, not the
	// town.
	district bool
	// partOf is the id of the place the event's place was named as a
	// part of ("Hodeidah's district of Khokha": Hodeidah's), "" when
	// none: an act told there is the act told at the whole, more exactly.
	partOf string
}

// eventRule recognises one sub-event type. The rules are tried in order
// and the first that matches a sentence codes it: a sentence is one event,
// the most specific one it reports (a chemical attack from the air is a
// chemical attack; an air strike that killed civilians is an air strike,
// not an attack on civilians).
type eventRule struct {
	sub string
	re  *regexp.Regexp
	// also, when set, must match the sentence as well.
	also *regexp.Regexp
	// cues are lower-case substrings one of which every match contains:
	// a cheap test that spares most sentences most regular expressions.
	cues []string
	// pre is re's prefilter (prefilter.go), derived when the package
	// starts: a finer test than cues, which no one has to keep up.
	pre prefilter
	// hypothetical lets the rule fire in a sentence about what would,
	// will or must happen: agreements are made of such sentences.
	hypothetical bool
	// fallback rules code a sentence only when no other rule reads it.
	fallback bool
}

func cue(s string) []string { return strings.Fields(s) }

func hasCue(lower string, cues []string) bool {
	for _, c := range cues {
		if strings.Contains(lower, c) {
			return true
		}
	}
	return len(cues) == 0
}

// hasCue is hasCue of the indexed text.
func (ix *textIndex) hasCue(cues []string) bool {
	return len(cues) == 0 || ix.containsAny(cues)
}

func rx(s string) *regexp.Regexp { return regexp.MustCompile(`(?i)` + s) }

// anyPeople are people as reports name them by any common noun ("two
// men", "a woman", "four customers"), for the rules on people killed by
// armed men.
const anyPeople = `(?:wo)?m[ae]n|boys?|girls?|youths?|customers|patrons|shoppers|guests|diners|tourists|pilgrims|drivers|motorists|teachers|relatives|fans`

var eventRules = []eventRule{
	// The gas is written in lower case; "Sarin" capitalised, but for
	// "Sarin gas" or a headline's "Sarin Attack", is a name: a town
	// of northern Syria ("from the town of Sarin to Kobani"), a family.
	{sub: truce.ChemicalWeapon, cues: cue("chemical chlorine sarin toxic poison nerve gas"), re: rx(`\b(?:chemical (?:weapons? )?(?:attack|strike|munitions|bombs?|shells?)|chemical weapons? (?:was|were|had been) used|chlorine(?: gas)?|(?-i:sarin)\b|sarin (?:gas|nerve|attacks?)\b|(?-i:SARIN)\b|toxic gas|poison(?:ous)? gas|nerve agent|gas attack)`)},
	{sub: truce.SuicideBomb, cues: cue("suicide blew"), re: rx(`\b(?:suicide (?:car )?bomb(?:er|ers|ing|ings|s)?|suicide (?:attack|attacker|truck|vehicle)|blew (?:himself|herself|themselves) up|bombers? (?:also )?(?:blew|blow|blows) (?:(?:himself|herself|themselves) )?up\b|suicide blast)`)},
	{sub: truce.AirDroneStrike, cues: cue("air aerial bomb barrel drone warplane jet aircraft helicopter plane bomber raid coalition uav unmanned"), re: rx(`\b(?:air ?strikes?|air raids?|air attacks?|aerial (?:bombardment|attack|bombing|assault)s?|bombing raids?|barrel bombs?|(?:drone|UAV|unmanned aerial vehicle) (?:strikes?|attacks?)|dropp(?:ed|ing) (?:an? |two |three )?(?:explosives?|explosive devices?|grenades?|munitions?|bombs?) (?:[\w'’-]+ ){0,4}?from (?:an? |the )?(?:[\w-]+ )?(?:drones?|UAVs?)\b|attacked (?:[\w'’-]+ ){0,10}?(?:with|by) (?:an? |a |the )?(?:[\w-]+ )?(?:drones?|UAVs?)\b|used (?:an? |the |two |three )?(?:[\w-]+ )?(?:drones?|UAVs?) to (?:strike|attack|hit|target)\b|(?:warplanes?|jet fighters?|fighter jets?|jets?|aircraft|helicopters?|planes?|bombers?|drones?|coalition) (?:also )?(?:struck|bombed|hit|targeted|pounded|attacked|dropped|fired|raided|carried out)|raids? (?:hit|struck|targeted|destroyed)|bombed from the air|air-dropped|dropped (?:barrel )?bombs|(?:was|were) bombed|drones? (?:[\w'"’-]+ ){0,6}?(?:exploded|killed|crashed into|targeted)|(?:hit|struck)(?: \w+)? by (?:an? |two |three )?(?:[\w-]+ ){0,2}(?:air ?strikes?|drones?|warplanes?|bombs?))`)},
	// "An Israeli strike on …", "a strike killed …": a strike without
	// more is from the air, as ACLED codes it. A rule of its own so that
	// the common word "strike" does not wake the rule above.
	{sub: truce.AirDroneStrike, cues: cue("strike"), re: rx(`\b(?:(?:an?|another|two|three|several|fresh|new) (?:[\w-]+ ){0,2}strikes? (?:on|in|against|near|killed|hit|struck|targeted|targeting|that|which|` + razed + `)|strikes? (?:killed|hit|struck|targeted|destroyed|` + razed + `))\b|^(?:[\w-]+ ){1,2}strikes (?:on|in|against|near)\b`)},
	// "were hit by Israeli strikes", "killed in Russian strikes": the
	// strikes of a side named by its adjective (capitalised), not a
	// workers' strike ("hit by strikes at the port").
	{sub: truce.AirDroneStrike, cues: cue("strike"), re: regexp.MustCompile(`(?i:\b(?:hit|struck|killed|wounded|injured|died|destroyed|damaged) (?:by|in) (?:an? |two |three |several |a series of |fresh |new |overnight )?)[A-Z][\w-]*(?: [A-Z][\w-]*)? (?i:air ?strikes?|strikes?)\b`)},
	// "fired on houses and fields in the village", "fired on the
	// civilian infrastructure of the town": fire on a place's homes or
	// works is fire from the ground, as the front lines' reports tell it.
	// "killed in the accidental explosion of an artillery shell found
	// by children", "an unexploded mortar round went off": old ordnance
	// that explodes is no shelling of that day but a remote explosive
	// (ACLED's explosive remnants of war). Before the shelling rule, which
	// would read the shell.
	{sub: truce.RemoteExplosive, cues: []string{"unexploded", "explosion of", "remnants of war", "uxo"}, re: leftOrdnance},
	{sub: truce.Shelling, cues: cue("shell mortar artiller rocket missile fired launched tomahawk cannon bombardment firing came under"), re: rx(`\b(?:shell(?:ing|ed|s)\b|(?:killed|wounded|injured|hurt|martyred) in (?:[\w-]+ ){0,2}firing by\b|resorted to (?:["“]?[\w-]+["”]? ){0,2}(?:firing|ceasefire violations?)\b|mortars?\b|artillery|rocket (?:fire|attacks?)|rockets? (?:also |again |then )?(?:fell|hit|struck|landed|slammed|rained(?: down)?|targeted|pounded|were fired|was fired|fired from|fired by|launched by)|missiles? (?:also |again |then )?(?:struck|hit|fell|landed|rained(?: down)?|targeted|pounded|were fired|was fired|fired by|launched by|attack|strikes?|killed|destroyed)|(?:rockets?|shells?|mortars?) (?:killed|destroyed)|(?:hit|struck)(?: \w+)? by (?:an? |two |three )?(?:[\w-]+ ){0,2}(?:missiles?|rockets?|shells?)|(?:fired|launched) (?:[\w-]+ ){0,3}?(?:rockets?|missiles?|mortars?|shells)\b|missiles and drones (?:killed|struck|hit)|came under (?:heavy |intense |enemy |hostile )?(?:fire|attack)\b|fired (?:up)?on (?:the )?(?:[\w-]+ ){0,2}?(?:houses|homes|fields|residential areas|residential buildings|villages|settlements|infrastructure|neighbou?rhoods)\b|cruise missiles?|tomahawk|ballistic missiles?|hell cannon|bombardment|multiple(?:-| )(?:launch )?rocket (?:launchers?|systems?)|rocket launchers|fired (?:at|on) the (?:territory|settlement|village|town|city|outskirts) of\b)`)},
	// "a missile and a drone packed with explosives, fired by the
	// Houthis, hit the quarter": the missile is named first, and the act
	// is the missile fire, as with "missiles and drones hit". A rule of
	// its own, so that its opening article does not slow the one above.
	{sub: truce.Shelling, cues: cue("missile"), re: rx(`\ban? (?:[\w-]+ )?missile and an? (?:[\w-]+ )?drone\b[^.;]{0,80}?\b(?:killed|struck|hit)\b`)},
	{sub: truce.RemoteExplosive, cues: cue("bomb explosive ied land mine booby explosion blast"), re: rx(`\b(?:(?:car|truck|lorry|motorcycle|van) bomb(?:ing|s)?|bomb-laden|explosives?-(?:laden|packed|filled|rigged) (?:vehicle|car|truck|lorry|van|motorcycle|minibus)s?\b|(?:vehicle|car|truck|lorry|van|motorcycle|minibus|bus) (?:packed|laden|loaded|rigged|filled) with explosives (?:exploded|detonated|went off|blew up)|roadside bomb|(?:improvised )?explosive device|IEDs?\b|land ?mines?|booby[- ]trap(?:ped|s)?|bomb (?:exploded|went off|blast|detonated|targeted|hit|struck|ripped through)|\b(?:an?|one) (?:[\w-]+ )?bomb (?:killed|wounded|injured)|(?:an|a|two|three|twin|several|multiple|powerful|huge|large) (?:[\w-]+ )?(?:explosions?|blasts?)\b|bomb attack|motorcycle bomb|explosions? (?:rocked|hit|struck|tore through|ripped through|killed))`)},
	{sub: truce.Grenade, cues: cue("grenade"), re: rx(`\bgrenades?\b`)},
	{sub: truce.ExcessiveForce, cues: cue("protest demonstrator"), re: rx(`\b(?:opened fire|fired|shot) (?:live (?:ammunition|rounds) )?(?:on|at|into) (?:a crowd of |the )?(?:protesters|demonstrators|protestors)|(?:protesters|demonstrators) (?:were )?(?:shot|killed)`)},
	{sub: truce.ProtestWithIntervention, cues: cue("protest demonstrat rall"), re: rx(`\b(?:dispersed|broke up|tear ?gas|arrested|detained|beat)\b`), also: rx(`\b(?:protest|demonstrat|rall(?:y|ies))`)},
	{sub: truce.PeacefulProtest, cues: cue("protest demonstrat streets rall sit-in"), re: rx(`\b(?:protesters|protestors|demonstrators|took to the streets|(?:held|staged|organised|organized) (?:a |an )?(?:\w+ )?(?:protests?|demonstrations?|rall(?:y|ies)|sit-ins?)|protested (?:in|against|outside)|demonstrated (?:in|against|outside))`)},
	{sub: truce.MobViolence, cues: cue("mob lynch"), re: rx(`\b(?:mob\b|lynch(?:ed|ing)?)`)},
	{sub: truce.ViolentDemonstration, cues: cue("riot"), re: rx(`\b(?:riot(?:s|ed|ing)?\b|rioters)`)},
	{sub: truce.SexualViolence, cues: cue("rap sexual"), re: rx(`\b(?:rape[ds]?\b|raping|sexual(?:ly)? (?:violence|assault(?:ed)?|abuse))`)},
	{sub: truce.Abduction, cues: cue("kidnap abduct hostage disappeared"), re: rx(`\b(?:kidnapp?(?:ed|ing)|abduct(?:ed|ion|ions|ing)|taken hostage|forcibly disappeared|held hostage|seized (?:\w+ )?hostages?)`)},
	// "residents of two villages were killed over several days by
	// rebels from the M23 group": people killed by an armed group, no
	// weapon named, were attacked (the group's shelling is shelling).
	{sub: truce.Attack, cues: cue("execut massacre behead shot gunned tortur stabbed opened fire fired civilians attacked killing attack rebels militants gunmen insurgents jihadists bandits militia fighters separatists assailants gang raided stormed invaded herdsmen herders"), re: rx(`\b(?:(?:residents?|villagers?|civilians?|farmers?|people)\b(?:,? [\w'’-]+){0,8}?,? (?:were|was) (?:killed|massacred|slaughtered)(?: [\w'’-]+){0,4}? by (?:[\w'’-]+ ){0,2}?(?:rebels|militants|gunmen|insurgents|jihadists|bandits|militiamen|militias?|herdsmen|herders)(?: (?:from|of|belonging to|loyal to) (?:the )?(?:[\w'’-]+ ){0,3}?(?:group|movement|militia))?(?:[.,;]| (?:in|at|near|on|during|who|last|this)\b)|(?:residents|villagers|civilians|farmers|people)\b(?:,? [\w'’-]+){0,8}?,? (?:were|was) (?:killed|massacred|slaughtered|shot dead)(?: [\w'’-]+){0,4}? when (?:[\w'’-]+ ){0,3}?(?:rebels|militants|gunmen|insurgents|jihadists|bandits|militiamen|militias?|fighters|separatists|attackers|assailants|gangs?|gang members) (?:(?:suspected|believed|thought) to (?:be|belong to) (?:members of |fighters of )?(?:the )?(?:[\w'’-]+ ){1,3}?)?(?:raided|attacked|stormed|invaded|entered|opened fire|launched (?:an |a )?(?:[\w-]+ )?attacks?)\b|(?:killed|massacred|slain) in (?:an?|another|the|a new|a fresh|a fresh) (?:[\w-]+ ){0,2}?(?:rebel|militant|jihadist|insurgent|gunmen|militia|separatist|gang|bandit|terrorist) (?:attacks?|raids?)\b|raided (?:an? |the )?(?:[\w-]+ ){0,2}?(?:community|communities|village|villages|hamlet|settlement|market|camp)\b|(?:stormed|invaded) (?:through |into )?(?:an? |the )?(?:[\w'’-]+ ){0,4}?(?:market|markets|community|village|church|mosque|school|hospital|homes?|houses?|wedding|funeral|resort|hotel|guesthouse|guest house|restaurant|nightclub|bar|compound|residence)\b|stormed (?:through |into )?[^.;,]{0,80}, killing\b|executed|executions?|massacred?|beheaded|shot dead|gunned down|summarily killed|tortured|stabbed|opened fire on (?:civilians|residents|a crowd|a car|a bus)|killed (?:at least |more than |some )?(?:\w+ ){0,2}civilians|fired (?:up)?on (?:a |the )?(?:convoy|bus|car|ambulance|crowd)|(?:was|were) fired (?:up)?on|attack(?:ed|ing) (?:an? |the )?(?:[\w-]+ ){0,2}(?:church|mosque|villages?|neighbou?rhoods?|market|camp|school|vigil|funeral|wedding|civilians|villagers|worshippers)\b|killing (?:at least |more than |some )?\d+ (?:villagers|worshippers|mourners|civilians)|(?:killed|wounded|injured|slain) in (?:an? |another |the )?(?:[\w-]+ )?attacks? on (?:the |a |an )?(?:villages?|town|hamlet|camp|market|settlement|locality) of\b|(?:killed|wounded|injured|slain)\b[^.;]{0,100}? (?:in|during) an? (?:[\w-]+ )?attack by (?:[\w-]+ ){0,2}?(?:gunmen|armed men|assailants|attackers|bandits|militiamen|raiders|armed youths?)\b|killed (?:at least |more than |some )?(?:\d+|\w+) (?:people|civilians|villagers|residents) in (?:an? |another )?(?:[\w-]+ )?(?:attack|raid) on (?:a|the|an) (?:[\w-]+ )?(?:village|town|hamlet|camp|market|settlement)\b)`)},
	// "Three herders were killed by unknown assailants": people of any
	// trade killed by armed men of any name were attacked, as villagers
	// killed by gunmen are. A rule of its own, so that its longer lists
	// do not slow the one above, which runs on most sentences.
	// People told by any common noun ("two men", "a woman", "three
	// shoppers") are the same.
	{sub: truce.Attack, cues: cue("herdsmen herders traders travel passengers worshippers labourers laborers fishermen miners assailants attackers armed men raiders kidnappers killed by"), re: rx(`\b(?:residents?|villagers?|civilians?|farmers?|people|herdsmen|herders|traders|travell?ers|passengers|worshippers|labou?rers|fishermen|miners|` + anyPeople + `)\b(?:,? [\w'’-]+){0,8}?,? (?:were|was) (?:killed|massacred|slaughtered)(?: [\w'’-]+){0,4}? by (?:[\w'’-]+ ){0,2}?(?:rebels|militants|gunmen|insurgents|jihadists|bandits|militiamen|militias?|herdsmen|herders|assailants|attackers|armed men|raiders|kidnappers)(?:[.,;]| (?:in|at|near|on|outside|during|who|last|this)\b)`)},
	// "Gunmen opened fire inside a cafe, killing six people", "opened
	// fire on a traffic officer, killing him": fire opened
	// that killed people, or the one person it was opened on, is an
	// attack (soldiers killed so are left to the rules on clashes).
	{sub: truce.Attack, cues: cue("opened fire"), re: rx(`\bopened fire (?:on|at|in|inside|into|upon) [^.;]{0,100}?,? (?:killing|and killed) (?:him|her|them\b|(?:at least |more than |some |about |nearly |up to )?(?:\d+|[a-z]+) (?:[\w-]+ )?(?:people|persons|civilians|villagers|residents|worshipp?ers|mourners|passengers|customers|patrons|shoppers|guests|diners|tourists|pilgrims|(?:wo)?men|children|students|pupils|teachers|fans|farmers|traders|workers|labou?rers|drivers|motorists)\b|(?:a|an|one) (?:[\w-]+ )?(?:(?:wo)?man|boy|girl|child|civilian|teacher|student|driver|worker|farmer|trader|passenger|customer)\b)`)},
	// "They overran government forces, killing at least 20 soldiers":
	// forces overrun are beaten in a fight, not ground taken (which
	// "overran the town" still is).
	{sub: truce.ArmedClash, cues: cue("overran overrun"), re: rx(`\boverr[au]n (?:the )?(?:[\w'’-]+ ){0,2}?(?:forces|troops|soldiers|fighters|defenders|guards|policemen|police)\b`)},
	{sub: truce.GovernmentRegainsTerritory, cues: cue("recaptur retook regain back liberated captured seiz control overran stormed fell entered drove victory siege taken"), re: rx(`\b(?:recaptured|retook|regained(?: full)? control|regained\b|took back|won back|liberated|captured|seiz(?:ed|ing) (?:full )?(?:control|the\b)|(?:took|taken|takes|take) (?:full |complete )?control|overran|stormed|fell to|entered the (?:town|city|village)|drove (?:\w+ ){0,3}out of|declared victory|(?:broke|broken) (?:the |a )?(?:[\w'’-]+ ){0,2}siege|capturing|taken (?:the (?:town|city|village|base|airport|camp) of|full control))`)},
	{sub: truce.ArmedClash, cues: cue("clash fight fought battle firefight ambush offensive assault attack advanc repel repuls fended beat fire shot came under confront combat raid intercepted"), re: rx(`\b(?:clash(?:es|ed)?|fighting|` + raidOnBase + `|` + interceptedFighters + `|fought|confrontations?\b|` + combatNoun + `|battles? (?:for|in|around|with|raged)|gun ?battles?|gun ?fights?|firefights?|ambush(?:ed)?|(?:launched|began|started|mounted) (?:an |a |their |its )?(?:[\w-]+ ){0,3}?(?:offensive|assault|attack)\b|` + firingAtPositions + `|(?:made |making )?(?:attempts|attempted) to (?:attack|advance|storm)|assaulted (?:the |an? )?(?:[\w'’-]+ ){0,4}?(?:forces?|troops|soldiers|army|police|positions?|posts?|outposts?|bases?|checkpoints?|guards?|battalions?|garrison|camp)\b|attempted (?:attacks|assaults)|counter-?attack(?:ed)?|assault on|advanc(?:ed|ing) (?:on|into|towards)|attacked (?:\w+ ){0,2}?(?:positions|checkpoints?|check-?posts?|posts?|outposts?|bases?|barracks)|attacked (?:an? |the )?(?:[\w-]+ ){0,3}?(?:detachments?|patrols?)\b|heavy fighting|(?:repelled|repulsed|fended off|beat back) (?:\w+ ){0,2}(?:assaults?|attacks?|attempts?|offensives?|advances?)|attacked (?:the )?(?:town|city|garrison|outpost|base|positions?) of)`)},
	{sub: truce.NonViolentTransfer, cues: cue("left leaving departed buses bussed withdr pulled handed evacuat surrender handover"),
		re:   rx(`\b(?:left|leaving|departed|boarded buses|were bussed|bussed out)\b`),
		also: rx(`\b(?:under|as part of) (?:a|an|the) (?:[\w-]+ ){0,3}(?:agreement|deal|arrangement|truce)`)},
	{sub: truce.Agreement, cues: cue("ceasefire cease-fire truce cessation agreement deal accord memorandum de-escalation arrangement zone plan"), hypothetical: true,
		re:   rx(`\b(?:ceasefire|cease-fire|truce|cessation of hostilities|agreement|deal|accords?\b|memorandum|de-escalation zones?|arrangement|evacuation deal|safe zones?|plan for)`),
		also: rx(`\b(?:agreed|agree to|reached|signed|announced|brokered|took effect|takes effect|came into (?:force|effect)|went into (?:force|effect)|entered into force|began at|sealed|struck|negotiated|declared|unveiled|produced|secured|concluded|finali[sz]ed|mediated|clinched|hammered out)\b`)},
	{sub: truce.Arrests, cues: cue("arrest detain rounded detention"), re: rx(`\b(?:arrested|arrests|detained|rounded up|detention campaign)\b`)},
	{sub: truce.ChangeToGroup, cues: cue("merge rebrand renamed name formation dissol split ties defected formed"), re: rx(`\b(?:merged|merger|rebranded|renamed itself|changed its name|announced (?:the formation|its dissolution|a new)|split from|cut (?:its )?ties|defected|dissolved itself|formed a new)`)},
	{sub: truce.DisruptedWeaponsUse, cues: cue("shot down intercept defused dismantled foiled seized clear"), re: rx(`\b(?:shot down|intercepted|defused|dismantled (?:\w+ )?(?:mines|bombs|explosives)|foiled|seized (?:a |an )?(?:weapons|arms|ammunition)|clear(?:ed|ing) (?:\w+ )?mines)`)},
	{sub: truce.HeadquartersEstablished, cues: cue("base headquarters outpost post checkpoint"), re: rx(`\b(?:established|establishing|set(?:ting)? up|opened|built|deployed to) (?:a |an |its |new |their )?(?:new )?(?:military )?(?:base|headquarters|outpost|observation posts?|monitoring posts?|checkpoints?)`)},
	{sub: truce.LootingPropertyDestruction, cues: cue("loot torched fire burned ransacked demolished bulldozed"), re: rx(`\b(?:looted|looting|torched|set fire to|burned (?:down )?(?:homes|houses|shops|crops)|ransacked|demolished|bulldozed)`)},
	{sub: truce.NonViolentTransfer, cues: cue("left leaving departed buses bussed withdr pulled handed evacuat surrender handover"), re: rx(`\b(?:withdrew from|withdrawn from|pulled out of|handed over|evacuated from|were evacuated from|surrendered|began leaving|handover of|evacuation of (?:\w+ )?(?:fighters|rebels|gunmen))`)},
	// "Three army personnel were killed along the LoC … in a ceasefire
	// violation by Pakistan": people hit in a violation that no other
	// rule reads are fire across the line, coded as the Line of
	// Control's reports are (shelling). Before the soldiers' rule below.
	{sub: truce.Shelling, fallback: true, cues: cue("violation"), re: rx(`\b(?:killed|wounded|injured|died|martyred)\b(?: [\w'’-]+){0,10}? in (?:an?|another|the latest|fresh) (?:[\w-]+ ){0,2}?(?:ceasefire|cease-fire|truce) violations?\b`)},
	// "Pakistan violated the ceasefire in Nowshera sector": a side that
	// broke the truce on a sector, a border or a front line, no weapon
	// named and no other act told, fought there (ACLED's armed clash).
	// A truce broken elsewhere ("violated the ceasefire in Gaza") is a
	// charge, not an act placed on a line.
	{sub: truce.ArmedClash, fallback: true, cues: cue("violat"), re: rx(`\b(?:violated|violates) (?:the )?(?:ceasefire|cease-fire|truce) (?:in|along|at|near|on) (?:the )?(?:[\w'’-]+ ){0,3}?(?:sectors?|LoC|Line of Control|border|front ?line|frontier)\b`)},
	// "The group claimed responsibility for an attack on Peshmerga in
	// Kirkuk late on Sunday, killing four of them": an attack claimed on
	// soldiers or fighters is a clash (ACLED's armed clash, as the labels
	// code an attack on troops); one claimed on anyone else an attack.
	{sub: truce.ArmedClash, fallback: true, cues: cue("responsibility credit"), re: claimedAttack,
		also: rx(`\b(?:soldiers|troops|peshmerga|fighters|servicem[ae]n|policemen|police officers|security forces|forces|army|base|checkpoints?|positions|patrols?)\b`)},
	{sub: truce.Attack, fallback: true, cues: cue("responsibility credit"), re: claimedAttack},
	// "The Taliban have targeted a police checkpoint in the central
	// province, killing at least 10 policemen", "militants targeted a
	// security convoy, killing three soldiers": a post or convoy of
	// soldiers or police targeted, with those killed or wounded told in
	// the sentence, was fought over (ACLED's armed clash, as an attack on
	// troops is coded). Without a death or a wound told, "targeted" may
	// be a plan or a charge, and is left alone.
	// So are checkpoints targeted with no owner named when those killed
	// are the forces ("targeted several checkpoints …, killing four
	// members of the security forces").
	{sub: truce.ArmedClash, fallback: true, cues: cue("targeted"), re: rx(`\btargeted (?:an? |the |their |two |three |several )?(?:[\w'’-]+ ){0,2}?(?:(?:police|army|military|security|border|paramilitary|government) (?:checkpoints?|posts?|outposts?|stations?|bases?|camps?|barracks|convoys?|patrols?)|(?:checkpoints?|check-?posts?|outposts?|barracks))\b`),
		also: rx(`\b(?:killing|wounding|leaving) (?:at least |more than |some |up to |about )?(?:\d+|\w+) (?:[\w-]+ )?(?:policemen|police officers|police|soldiers|troops|servicem[ae]n|guards|security personnel|personnel|officers|members of the (?:security forces|police|army|military))\b`)},
	// "The town of X was attacked and 22 people were killed", "an
	// attack was made in Y village": a place attacked, told in the
	// passive, with no weapon named, is an attack on those who live
	// there.
	{sub: truce.Attack, fallback: true, cues: []string{" was attacked", " were attacked", "attack was ", "attacks were "}, re: rx(`\b(?:towns?|villages?|hamlets?|settlements?|camps?) of (?:[\w'’-]+ ){1,3}?(?:was|were) attacked\b|\b(?:an |another )?attacks? (?:was|were) (?:made|carried out|launched) (?:in|on|against) (?:the )?(?:[\w'’-]+ ){1,3}?(?:village|town|hamlet|settlement|camp)\b`)},
	// "accused the army of bombing the front line", "the bombing killed
	// one civilian": a bombing that no other rule reads (not from the
	// air, no device named) is fire from the ground, as the Libyan and
	// Syrian reports of the front lines tell it.
	{sub: truce.Shelling, fallback: true, cues: cue("bomb"), re: rx(`\bbomb(?:ing|ings|ed)\b`)},
	// "Russians hit the city, wounding with shrapnel a worker", "two
	// men were wounded by shrapnel": what no other rule reads, the
	// fragments of a shell tell.
	{sub: truce.Shelling, fallback: true, cues: cue("shrapnel"), re: rx(`\b(?:(?:wounded|wounding|injured|injuring|killed|killing|hit|struck) (?:[\w'’-]+ ){0,4}?(?:with|by) shrapnel|shrapnel (?:wounds|injuries))\b`)},
	// "At least nine villagers were killed on Tuesday in a new attack in
	// western Cameroon": civilians killed in an attack that no other
	// rule reads (no weapon, no aircraft) were attacked; so were those
	// "reportedly killed" in one, as wire copy words a toll it has from
	// one source.
	{sub: truce.Attack, fallback: true, cues: cue("attack"), re: rx(`\b(?:villagers|civilians|residents|people|persons|farmers|worshippers|passengers|travell?ers|traders|miners|herders|herdsmen|mourners|labou?rers|workers|fishermen|students|pupils)\b(?:,? [\w'’-]+){0,8}?,? (?:were|was|ha(?:ve|s|d) been) (?:(?:reportedly|allegedly|reported(?:ly)? to have been|brutally|feared|believed) )?(?:killed|massacred|slaughtered|shot dead)\b(?:,? [\w'’-]+){0,6}? (?:in|during|following) (?:an?|another|a new|a fresh|a fresh)(?: armed)? attack\b`)},
	// "Soldier X was shot on the front line", "two soldiers were killed
	// and 19 wounded", "eleven soldiers have been killed": soldiers hit, and no other act told, is fighting
	// (ACLED's armed clash). Only when no other rule reads the sentence:
	// a soldier killed by a shell, a mine or a drone is that act.
	// "Four soldiers were fatally shot during an attack": the manner
	// told between the verb and its auxiliary is still the soldier hit.
	{sub: truce.ArmedClash, fallback: true, cues: cue("soldier servicem conscript jawan"), re: rx(`\b(?:soldiers?|servicem[ae]n|conscripts?|jawans?)\b(?: [\w'’-]+){0,4}? (?:was|were|ha(?:ve|s|d) been) (?:(?:fatally|critically|seriously|badly|mortally) )?(?:shot|killed|wounded|injured)\b`)},
	// "Four militants were killed in two separate encounters with
	// security forces", "the search operation turned into an
	// encounter", "three militants were killed by security forces": the
	// word South Asian reports use for a gunfight, troops that
	// "encountered a group of rebels", and fighters killed by troops, are
	// a clash.
	{sub: truce.ArmedClash, fallback: true, cues: cue("encounter militant insurgent rebel jihadist terrorist"), re: rx(`\b(?:(?:killed|slain|shot dead|gunned down) in (?:an? |the |two |three |separate |another |a fierce |a brief |[\w-]+ ){0,3}encounters?\b|encountered (?:an? |the |some )?(?:(?:group|band|unit|number|squad|platoon) of |undetermined number of )?(?:[\w'’()-]+ ){0,3}?(?:rebels|guerrill?as|insurgents|militants|gunmen|terrorists|bandits|fighters)\b|encounters? (?:broke out|ensued|erupted|with (?:the )?(?:security forces|troops|police|army|militants))\b|turned into an? encounter\b|(?:militants|insurgents|rebels|jihadists|terrorists)\b(?: [\w'’-]+){0,3}? (?:were|was) (?:killed|shot dead|gunned down|neutrali[sz]ed) by (?:the )?(?:security forces|troops|soldiers|the army|army|police|forces)\b)`)},
	// "Suspected militants have killed 14 soldiers", "insurgents
	// ambushed and killed nine troops": an armed group's fighters
	// killing soldiers, police or peacekeepers, no weapon named, fought
	// them (ACLED codes an attack on troops as an armed clash).
	{sub: truce.ArmedClash, fallback: true, cues: cue("militant insurgent jihadist rebel gunmen fighter separatist attacker assailant extremist"), re: rx(`\b(?:militants|insurgents|jihadists|rebels|gunmen|fighters|separatists|attackers|assailants|extremists)\b(?: [\w'’-]+){0,3}? (?:have |had )?(?:killed|shot dead|ambushed and killed|ambushed) (?:at least |more than |some |up to )?(?:\d+ |\w+ )?(?:[\w-]+ )?(?:soldiers|troops|servicem[ae]n|policemen|police officers|security personnel|gendarmes|peacekeepers)\b`)},
}

// claimedAttack is an attack someone claimed: "claimed responsibility
// for an attack on", "claimed responsibility for a Thursday attack on".
var claimedAttack = rx(`\bclaimed (?:responsibility|credit) for (?:an?|the|two|three) (?:[\w-]+ ){0,2}?attacks? on\b`)

// combatNoun is "combat" told as fighting ("heavy combat broke out",
// "killed in combat"), not as a kind of aircraft, troops or training
// ("combat drones", "combat readiness").
const combatNoun = `(?:in|heavy|fierce|intense|direct|violent) combat\b|combat (?:broke out|erupted|raged|continued|between|with|against|in|near|around)\b`

// firingAtPositions is fire opened on the other side's positions or
// troops, the way the Caucasus and front-line reports tell a clash:
// "opened fire from Shushi on Artsakh military positions", "opened
// fire in the direction of the positions", "an army outpost … that came
// under fire from across the border", "the Azerbaijani attack on
// Armenia positions in Sotk", "a week-long attack by Azerbaijani forces
// on Artsakh Defense Army positions", "shot at troops in southern Gaza".
// Firing at posts is left to the shelling rules: the Line of Control's
// reports ("fired at Indian posts") are coded as shelling.
const firingAtPositions = `(?:positions|outposts?|posts?|troops|soldiers|servicem[ae]n|units?|patrols?|checkpoints?)\b(?: [\w'’-]+){0,6}?` + aside + ` came under (?:heavy |intense |small[- ]arms? |sniper |gun ?|machine-gun )?fire\b|\bwhen (?:he|they) came under (?:heavy |intense |small[- ]arms? |sniper |gun ?|machine-gun )?fire\b|` + underAttack + `|opened (?:\w+ )?fire (?:from (?:[\w'’-]+ ){1,4}?)?(?:on|at|in the direction of|towards?) (?:[\w'’-]+ ){0,4}?(?:positions|troops|soldiers|servicemen)\b|attacks? (?:by (?:[\w'’-]+ ){1,4}?)?on (?:[\w'’-]+ ){0,4}?positions\b|shot at (?:\w+ )?(?:troops|soldiers|positions)\b`

// underAttack is armed men who "came under attack": "the commander was
// on the move towards the town when he came under attack", "the forces
// moved to the ridge but they came under heavy attack from militants".
// People or a unit attacked, no weapon named, fought (ACLED's armed
// clash); a place that came under attack is still shelled, as a town
// that came under fire is.
const underAttack = `(?:troops|soldiers|servicem[ae]n|forces|convoys?|patrols?|units?|commanders?|volunteers|fighters|militiamen|policemen|police officers)\b(?: [\w'’-]+){0,6}?` + aside + ` came under (?:heavy |intense |enemy |an? )?attack\b|\b(?:he|they) came under (?:heavy |intense |enemy |an? )?attack\b`

// aside is a clause set off by commas between a subject and its verb:
// "The soldiers, deployed to the area as part of an operation known as
// “Northern Shield,” came under attack"; "the patrol, which was
// returning to base, came under fire". Optional.
const aside = `(?:,[^.;]{1,120}?,["”’]?)?`

// hypotheticals mark a sentence about what may, will or should happen, or
// what is denied or halted: such a sentence reports no violent event
// ("preparations for a potential large-scale attack on … positions").
// A pledge is one only when it is to do something ("pledged to"): men
// who pledged allegiance to a group are told as they are.
var hypotheticalRe = rxf(`\b(?:would|will|could|should|must|might|may|plans? to|planning to|threat(?:en|ened|ens) to|vowed to|in the event|if|unless|halt|halted|halting|stop|stopped|ban|banned|bans|ending|end to|end the|reports? of|avoid|refrain|suspend|suspension|without|no|not|never|prevent|pledged? to|promised|agreed to|agree to|demand(?:ed|s)?|urged|called for|warned|determined to|intends? to|aims? to|seeks? to|wants? to|ready to|unable to|incapable of|to capture|to retake|potential(?:ly)?)\b`)

// hypothetical reports a hypothetical word in the text before a trigger;
// "May" with a capital is the month ("operating since May, five were
// killed"), not the modal.
func hypothetical(before string) bool {
	for _, ix := range hypotheticalRe.FindAllStringIndex(before, -1) {
		m := before[ix[0]:ix[1]]
		// "No fewer than seven people were killed", "not less than
		// 20 died": a toll told by its floor, not a denial.
		if (strings.EqualFold(m, "no") || strings.EqualFold(m, "not")) && tollFloorRe.MatchString(before[ix[1]:]) {
			continue
		}
		if m != "May" {
			return true
		}
	}
	return false
}

// tollFloorRe follows "no" or "not" in a toll told by its floor.
var tollFloorRe = regexp.MustCompile(`(?i)^\s+(?:fewer|less)\s+than\b`)

// backgroundRe before a trigger marks it as the cause or the cover of
// the sentence's event, not the event ("in response to the chemical
// attack", "backed by Russian air strikes", "fleeing to farmland to
// escape the bombardment", "two weeks after an assault on the camps",
// "an area from which rockets were fired", "a lull in air strikes").
var backgroundRe = rxf(`(?:response to|retaliation for|reprisal for|blamed for|backed by|supported by|with the help of|under cover of|covered by|in the wake of|investigat\w*|since the|anniversary of|responsible for|(?:days|weeks|months|years) (?:of|after|before)|called (?:it|the \w+|this)|had been|since|still|escape|escaping|fled|fleeing|flee|from which|lull in|site of|scene of|notorious for|known for|infamous for)\s+(?:\w+\s+){0,2}$`)

// measuredAgainst before an agreement's word makes it the agreement a
// violation breaks, not news of it ("struck Lebanon despite last year's
// truce"; "in violation of the ceasefire"; "after reaching an
// agreement", "under the terms of the ceasefire deal", "minutes after
// the agreed onset of the ceasefire", "without regard to the truce",
// "undermine the agreement", "as they did with the Sweden agreement").
// Before violence "despite"
// is news ("holding despite isolated clashes").
//
// So is an agreement named in passing, made before: "the UN mission
// recently brokered a ceasefire agreement" (and one lived under, see
// underAgreement).
var measuredAgainst = rxf(`\b(?:despite|` + truceBreaking + `|after (?:reaching|signing|agreeing)|terms of|onset of|regard to|respect for|as (?:they|it|he|she) did with|recently|previously)\s+(?:[\w'’-]+\s+){0,3}$`)

// plannedAgreement ends the text before an agreement only meant or
// offered: "announced its plan to declare a unilateral ceasefire", "is
// ready to sign a truce", "offered to observe a truce". Not yet made,
// it is no news of one.
var plannedAgreement = rx(`\b(?:plans?|planned|intends?|intended|intention|ready|willing|prepared|offer(?:ed|s)?|proposed|threaten(?:ed|s)?|hopes?|hoped|vowed|promised) to (?:declare|sign|agree to|announce|observe|reach|accept|call)\s+(?:[\w'’-]+\s+){0,3}$`)

// underAgreement ends the text before an agreement lived under: "would
// be disarmed under a deal mediated by the peacekeepers", "formed under
// a Saudi-brokered deal". A deal "reached late on Friday" that the
// clause dates is news (dayAfter).
var underAgreement = rx(`\bunder\s+(?:[\w'’-]+\s+){0,3}$`)

// dayAfter finds a day in the rest of a clause: "reached late on
// Friday", "signed on 9 November", "agreed yesterday".
var dayAfter = rx(`^[^,;.]*?\b(?:(?:on|late on|early on|last)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d)|yesterday|today|overnight|this (?:morning|evening))`)

// truceBreaking are the words of breaking a truce: "violated",
// "undermine", "shattered", "in breach of".
const truceBreaking = `in (?:breach|violation) of|violat\w*|breach\w*|broke|break(?:s|ing)?|shatter\w*|wreck\w*|undermin\w*|test(?:s|ed|ing)?|defie\w*|defy\w*|flout\w*|ignor\w*`

// backgroundClause ends the text before a place that belongs to a
// clause about a cause or a precedent, up to the next comma.
var backgroundClause = rx(`(?:in response to|in retaliation for|in reprisal for|blamed for|in the wake of|since the|anniversary of)\b[^,;]*$`)

// capitalActs follows a capital named for its government: "Nairobi
// withdrew from", "Moscow has accused", "Ankara rejected".
var capitalActs = rx(`^\s+(?:has\s+|had\s+|have\s+|also\s+|then\s+|later\s+|formally\s+|unilaterally\s+)*(?:pulled out|withdrew|withdrawn|declared|announced|accused|rejected|agreed|signed|recogni[sz]ed|warned|vowed|denied|blamed|demanded|refused|suspended|scrapped|abandoned|annulled|ended|imposed|responded|retaliated|threatened|insisted|sought|offered|proposed)\b`)

// attributionRe starts the text after the place of a source.
var attributionRe = rx(`^,? (?:said|says|reported|announced|claimed)\b`)

// isOrigin reports whether the text before a place makes it where people
// or things came from: a "from" with no comma and no other locative
// ("at", "in", "on", "near") between it and the place, and not a "toll
// from" or "death toll from".
func isOrigin(before string) bool {
	lower := lowerInPlace(before)
	i := strings.LastIndex(lower, "from ")
	if i < 0 || i > 0 && isWordByte(lower[i-1]) {
		return false
	}
	if strings.HasSuffix(strings.TrimSpace(lower[:i]), "toll") {
		return false
	}
	rest := " " + lower[i+len("from "):]
	if strings.ContainsAny(rest, ",;") {
		return false
	}
	for _, w := range []string{" at ", " in ", " on ", " near ", " to ", " into "} {
		if strings.Contains(rest, w) {
			return false
		}
	}
	return true
}

// headingTo ends the text before where travellers were going: "buses
// heading to", "on their way to the town of", "travelling from X to";
// boundAfter follows it: "a Kano-bound lorry".
var (
	headingTo  = rx(`\b(?:heading|headed|bound|travell?ing|en route|on (?:their|its|his|her|the) way)\s+(?:from\s+[^,.;]{1,40}?\s+)?(?:to|for|towards)\s+(?:the\s+)?(?:(?:town|city|village) of\s+)?$`)
	boundAfter = rx(`^-bound\b`)
)

// destination reports a place p of sentence si told as where the people
// or vehicles hit were going: like where they came from (isOrigin), it
// places the act only when the sentence names no other place.
func destination(ex *Extraction, si int, p *PlaceMention) bool {
	text := ex.Article.Text
	if strings.HasPrefix(text[p.End:], "-bound") || strings.HasPrefix(text[p.End:], "-Bound") {
		return boundAfter.MatchString(text[p.End:min(len(text), p.End+8)])
	}
	before := text[max(ex.Sentences[si].Start, p.Start-60):p.Start]
	for _, w := range []string{"eading", "eaded", "ound", "ravel", "route", "way"} {
		if strings.Contains(before, w) {
			return headingTo.MatchString(before)
		}
	}
	return false
}

func isWordByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// agreementFailed marks a sentence about an agreement that was not made
// or that ended.
var agreementFailed = rx(`\b(?:no agreement|no deal|not (?:been )?reach|failed to|without (?:an |a )?(?:agreement|deal)|collapsed|broke down|rejected the|fell apart|suspended the)`)

// findEvents codes one event per sentence that reports one.
func findEvents(ex *Extraction, actors *Actors) []Event {
	var out []Event
	var lastDate *DateMention // the date of the previous event
	haveAgreement := false
	for si, s := range ex.Sentences {
		text := s.Text
		// "Read: Fresh fighting kills 26": a link to another story.
		if linkLine.MatchString(text) {
			continue
		}
		// "https://…/troops-clash-with-rebels/": the words of a web
		// address are a page's name, not the report's sentence; blanked,
		// the offsets stay those of the text.
		if strings.Contains(text, "://") || strings.Contains(text, "www.") {
			text = webAddress.ReplaceAllStringFunc(text, func(u string) string { return strings.Repeat(" ", len(u)) })
		}
		lower := lowerInPlace(text)
		rule, loc := findTrigger(text, lower, 0)
		// An armed actor that "killed 13 police" tells the report's
		// first act; after one, the sentence is read as telling more of
		// it (below).
		if rule == nil && lastViolent(out, si) == nil {
			rule, loc = killedBy(ex, si, text)
		}
		// "when the army bombed the village" in a report whose headline
		// or lede tells an air strike: the bombing is from the air.
		if rule != nil && rule.fallback && rule.sub == truce.Shelling && bareBomb.MatchString(text[loc[0]:loc[1]]) && airLede(ex) {
			rule = ruleOf(truce.AirDroneStrike)
		}
		if rule == nil && retoldWithTown(ex, out, si, text) {
			continue
		}
		if rule == nil {
			// "At least 14 civilians were killed in Khan Shaykhun" after
			// a sentence on air strikes: the same kind of event, in the
			// place this sentence names.
			if prevEv := lastViolent(out, si); prevEv != nil {
				// "after the gunmen killed four persons in Ngibo village
				// and seven in Tse Aye village" after "killed 11 persons
				// in Ngibo and Tse-Aye villages": the toll told split
				// between two villages is two acts.
				if strings.Contains(lower, " and ") && splitBetween(ex, &out, prevEv, si, text) {
					continue
				}
				n, ok := fatalities(text)
				// "'Twelve people were killed,' he told Reuters" after
				// an attack told without a toll: the toll of that act.
				if ok && n > 0 && !prevEv.FatalitiesStated && !ownPlace(ex, si) && !otherDay(ex, si, prevEv) {
					prevEv.Fatalities, prevEv.FatalitiesStated = n, true
					continue
				}
				// "… previously carried out an assault in 2022 on the
				// headquarters in X, killing 14": a toll and a town told
				// of another year are background, as an act told so is.
				// Nor is a toll told of a day well before the act told
				// ("were killed in attack on a hotel on January 31"
				// after a shelling of February 5): an earlier act, of a
				// kind the sentence does not say, told as background.
				if ok && n > 0 && ownPlace(ex, si) && !pastYear(text, ex.floor) && !dayWellBefore(ex, si, prevEv) {
					// "Three more civilians were killed in the town of
					// Habit and seven others in the village of Sarja":
					// two acts, each with its place and toll.
					parts := [][3]int{{0, len(text), n}}
					if m := othersIn.FindStringSubmatchIndex(text); m != nil && strings.Contains(lower, " and ") {
						if n2, ok := fatalities(text[m[2]:m[3]] + " killed"); ok {
							if n1, ok := fatalities(text[:m[0]]); ok {
								parts = [][3]int{{0, m[0], n1}, {m[0], len(text), n2}}
							}
						}
					}
					for _, part := range parts {
						from, to := s.Start+part[0], s.Start+part[1]
						ev := Event{EventType: prevEv.EventType, SubEventType: prevEv.SubEventType, Sentence: si,
							Start: s.Start, End: s.End, Trigger: prevEv.Trigger, Fatalities: part[2], FatalitiesStated: true,
							Actor1: prevEv.Actor1, Actor2: prevEv.Actor2, Interaction: prevEv.Interaction}
						ev.Place = eventPlace(ex, si, from, from, to, false)
						// "shells had struck near four hospitals in the state
						// capital El-Obeid, killing four": the town is the
						// sentence's own, and a lede in its region told again
						// takes it (mergeRetellings).
						ev.placed = namesPlace(ex, si)
						if v := unlistedIn(ex, from, from, to); v != "" && len(parts) > 1 {
							placeUnlisted(&ev, v)
						}
						ev.Date = eventDate(ex, si, lastDate)
						if (ev.Place != nil || ev.Village != "") && (prevEv.Place == nil || ev.Place == nil || ev.Place.Place.ID != prevEv.Place.Place.ID) && !longBefore(ex, &ev) {
							out = append(out, ev)
						}
					}
				}
			}
			continue
		}
		// "The deal was announced …" after an agreement was reported
		// refers back to it: one agreement, not two; so does "the raid",
		// "the fighting" after a raid or a clash ("50 of its troops died
		// in the fighting").
		// "Those strikes hit the city's airports": acts named with "those"
		// or "these" are acts told before, news or background.
		if strings.HasSuffix(lower[:loc[0]], "those ") || strings.HasSuffix(lower[:loc[0]], "these ") {
			// "Among those shot dead in San Miguel Totolapan were …"
			// names the town of the act told before in its region.
			placeToldAgain(ex, out, si, s.Start+loc[1], rule.sub)
			continue
		}
		// "The attack started with a suicide car bombing at the
		// entrance of the base": how the act told before began, not an
		// act of its own; nor is a place held "briefly" in a raid ("and
		// captured the base briefly, looting …") a change of its hands.
		if (strings.Contains(lower[:loc[0]], "ed with ") || strings.Contains(lower[:loc[0]], "began with ")) && startedWith.MatchString(text[:loc[0]]) ||
			(rule.sub == truce.NonStateOvertakesTerritory || rule.sub == truce.GovernmentRegainsTerritory) && strings.Contains(lower, "briefly") && heldBriefly.MatchString(text[max(0, loc[0]-12):min(len(text), loc[1]+24)]) {
			continue
		}
		// A bare act noun ("The bombing caused a huge fire" after an air
		// strike) names the act told before of the same event type,
		// whatever its weapon.
		// So does "the bomb", "the car bomb" after a bombing or a blast
		// told before: the definite article points back at the device of
		// an act already told ("the bomb exploded as prayers began" after
		// the mosque bombing of the headline).
		if strings.HasSuffix(lower[:loc[0]], "the ") && (rule.sub == truce.Agreement && haveAgreement || rule.sub != truce.Agreement &&
			(sameKind(out, rule.sub) || (bareActNoun.MatchString(text[loc[0]:loc[1]]) || theDevice.MatchString(text[loc[0]:loc[1]])) && sameType(out, rule.sub))) {
			// "… did not comment on the strike in the village of
			// Yaroun" names where the strike told before happened; but
			// "the shelling was followed by airstrikes … that hit areas
			// west of Idlib" goes on to another act, of another kind.
			r2, l2 := findTrigger(text, lower, loc[1])
			// "The ambush happened this morning when … attacked the army
			// with guns and grenades in the village of Munchique": what
			// follows says how and where the act told before happened.
			toldAgain := toldHappened.MatchString(text[loc[1]:])
			if r2 == nil || r2.sub == rule.sub || r2.sub == truce.Agreement || strings.HasSuffix(lower[:l2[0]], "the ") || toldAgain {
				claimedBy(ex, out, si, rule.sub)
				placeToldAgain(ex, out, si, s.Start+loc[1], rule.sub)
				// "Pro-Houthi media confirmed the airstrike, saying two
				// people were killed": the toll of the act told before,
				// when it had none.
				// "More than 3,000 people have died in the fighting" is the
				// war's toll, not the act's.
				if prev := lastOfType(out, rule.sub); prev != nil && !prev.FatalitiesStated && si-prev.Sentence <= 3 && !otherDay(ex, si, prev) && !perfectToll.MatchString(text) {
					if n, ok := fatalities(withoutTotals(text)); ok && n > 0 {
						prev.Fatalities, prev.FatalitiesStated = n, true
					}
				}
				// "the bomb exploded as prayers began" says what the
				// bare "bombing" told before was: a bomb planted, not
				// shells (the "bombing" rule's guess).
				if theDevice.MatchString(text[loc[0]:loc[1]]) && rule.sub == truce.RemoteExplosive {
					if prev := lastOfType(out, rule.sub); prev != nil && prev.SubEventType == truce.Shelling && bareBomb.MatchString(lowerInPlace(prev.Trigger)) {
						prev.SubEventType = truce.RemoteExplosive
					}
				}
				continue
			}
			rule, loc = r2, l2
		}
		// "The Kh-22 missile struck the building" right after the strike
		// was reported describes it: a definite subject and the same
		// kind of event in the sentence before. A sentence that names a
		// day of its own other than that event's tells another act: "The
		// army had resorted to firing in the same sector on Tuesday as
		// well" after Saturday's shelling.
		if rule.sub != truce.Agreement && definiteSubject(lower, loc[0]) && len(out) > 0 && out[len(out)-1].Sentence == si-1 {
			prev := &out[len(out)-1]
			d := dayIn(ex, s)
			if t, _ := truce.EventTypeOf(rule.sub); t == prev.EventType && (d == nil || prev.Date == nil || d.Date.Equal(prev.Date.Date)) {
				// "The Gaza City strike killed 76 people" after a strike
				// told with no toll: the toll of that strike.
				if !prev.FatalitiesStated {
					if n, ok := fatalities(withoutTotals(text)); ok && n > 0 {
						prev.Fatalities, prev.FatalitiesStated = n, true
					}
				}
				// "The occupants shelled the village of Kizomys" after
				// "The Russian army shelled a village in Kherson region":
				// the description names the town of the act told with
				// only its region.
				placeToldAgain(ex, out, si, s.Start+loc[1], rule.sub)
				continue
			}
		}
		// A clash named by its bare noun, with no toll, no day, no town
		// of its own and no parties that broke out fighting, is the war
		// spoken of, not news of a fight: "clashes have occurred in some
		// areas", "members killed in fighting with Israel"; but
		// "clashes broke out south of the town between the rebels and
		// the SDF" is.
		if rule.sub == truce.ArmedClash && bareClash[lowerInPlace(text[loc[0]:loc[1]])] && !ownPlace(ex, si) && dayIn(ex, s) == nil &&
			(!clashParties.MatchString(text[loc[1]:]) || strings.Contains(lower, " have ") || strings.Contains(lower, " has ")) {
			if n, ok := fatalities(withoutTotals(text)); !ok || n == 0 {
				continue
			}
		}
		// Fighting that "has resumed", "continues" or "is expected to
		// get worse", without a day or a toll of its own, is the course
		// of the war spoken of, wherever it is: "the fighting around
		// Tripoli has resumed after a two-day truce".
		if rule.sub == truce.ArmedClash && bareClash[lowerInPlace(text[loc[0]:loc[1]])] && dayIn(ex, s) == nil && courseOfWar.MatchString(text[loc[1]:]) {
			if n, ok := fatalities(withoutTotals(text)); !ok || n == 0 {
				continue
			}
		}
		// An act the news is measured against is earlier news, not the
		// report's: "Sunday's blast comes days after a U.S. airstrike
		// killed …", "the raid came weeks after militants attacked …".
		// Told with a day of its own after it ("… killed in a missile
		// strike on Saturday"), it is news the report dates, and stays.
		if earlierNews.MatchString(text[:loc[0]]) && clauseDate(ex, s.Start+loc[1], s.End, false) == nil {
			continue
		}
		// Fighting named as the setting of the act reported is not an
		// act of its own: "The attack comes amid intensifying fighting in
		// Kordofan".
		if rule.sub == truce.ArmedClash && bareClash[lastWord(lowerInPlace(text[loc[0]:loc[1]]))] && amidBefore.MatchString(text[:loc[0]]) {
			if n, ok := fatalities(withoutTotals(text)); !ok || n == 0 {
				continue
			}
		}
		// "Malha has been under the control of the RSF since March. The
		// group seized the area after the army withdrew": a capture
		// with no day of its own, told where the report says since when
		// the place has been held, is the capture that began it.
		if (rule.sub == truce.NonStateOvertakesTerritory || rule.sub == truce.GovernmentRegainsTerritory) && dayIn(ex, s) == nil && heldSince(ex, si) {
			continue
		}
		// "The junta shelling forces all the villagers … to flee their
		// homes": what the act told before drove people to do, with no
		// day or toll of its own, is not a second act.
		if strings.Contains(lower[loc[1]:], "flee") && droveToFlee.MatchString(text[loc[1]:]) && dayIn(ex, s) == nil && lastViolent(out, si) != nil {
			if n, ok := fatalities(withoutTotals(text)); !ok || n == 0 {
				continue
			}
		}
		// A sentence about another year is background: "The M23
		// captured Goma in 2012", "the civil war in 2011".
		if pastYear(text, ex.floor) || yearSummary(ex, s) || si > 1 && pastWeek(ex, s) {
			continue
		}
		// A running total is not an event: "Nineteen people have been
		// killed in drone strikes over the past two days", "shelling
		// over the past week", "killed in Lebanon this week", "Since
		// then, six civilians have been killed".
		if cumulativeRe.MatchString(text) {
			continue
		}
		// "Rescuers say the offensive has already killed thousands of
		// civilians": an act told in the present perfect with "already"
		// or "so far", or with thousands killed, is the war's running
		// total, not the day's act ("An air strike has killed 15" stays).
		if runningTotal(text[:loc[0]], text[loc[0]:min(len(text), loc[1]+40)]) {
			continue
		}
		// The words on a poster, a banner or a sign are a protest's, not
		// news of an attack: "“The militia continues to commit massacres,”
		// read one of the posters".
		if slogan.MatchString(text) {
			continue
		}
		// A second clause may report a second event: "intercepted three
		// car bombs, but a fourth driver blew himself up", "captured the
		// village, and killed 19 civilians". Each clause is then coded on
		// its own: its trigger, toll, actors and places.
		clauses := [][2]int{{0, len(text)}}
		rules := []*eventRule{rule}
		locs := [][]int{loc}
		if b := clauseBoundary.FindStringIndex(text[loc[1]:]); b != nil {
			cut := loc[1] + b[0]
			if r2, l2 := findTrigger(text, lower, loc[1]+b[1]); r2 != nil && r2.sub != truce.Agreement &&
				(r2.sub != rule.sub || ownActIn(ex, si, s.Start, s.Start+cut, s.Start+len(text)) ||
					separateAct.MatchString(text[loc[1]+b[1]:l2[0]])) {
				clauses = [][2]int{{0, cut}, {cut, len(text)}}
				rules = append(rules, r2)
				locs = append(locs, l2)
			}
		}
		// "Junta forces launched air attacks after insurgents assaulted
		// the Border Guard Force near Maungdaw on Monday": the clash the
		// act answered, told after "after" with a subject and a trigger
		// of its own, is an act of its own, and came first; the answer,
		// with no day or place of its own, has the clash's. "Warplanes
		// pounded towns on Tuesday, a day after …" measures the act
		// against another day: not read so.
		if len(clauses) == 1 && strings.Contains(lower[loc[1]:], " after ") {
			if b := afterClause.FindStringIndex(text[loc[1]:]); b != nil && rule.sub != truce.ArmedClash && subjectIn(ex, s.Start+loc[1]+b[1], s.End) {
				cut := loc[1] + b[0]
				if r2, l2 := findTrigger(text, lower, loc[1]+b[1]); r2 != nil && r2.sub == truce.ArmedClash && !timeBefore.MatchString(text[:cut]) &&
					subjectIn(ex, s.Start+cut, s.Start+l2[0]) && clauseDate(ex, s.Start, s.Start+cut, false) == nil {
					clauses = [][2]int{{cut, len(text)}, {0, cut}}
					rules = []*eventRule{r2, rule}
					locs = [][]int{l2, loc}
				}
			}
		}
		// "Three civilians were killed in the town of Habit and seven
		// others in the village of Sarja": the same act at a second
		// place with a toll of its own is a second event.
		othersToll := -1
		if len(clauses) == 1 && strings.Contains(lower[loc[1]:], " others") {
			if m := othersIn.FindStringSubmatchIndex(text[loc[1]:]); m != nil {
				if n, ok := fatalities(text[loc[1]+m[2]:loc[1]+m[3]] + " killed"); ok {
					cut := loc[1] + m[0]
					clauses = [][2]int{{0, cut}, {cut, len(text)}}
					rules = append(rules, rule)
					locs = append(locs, []int{loc[1] + m[2], loc[1] + m[3]}) // the second toll stands for the trigger
					othersToll = n
				}
			}
		}
		firstToll := -1 // the first clause's toll, when a separate act follows it
		for c := range clauses {
			rule, loc := rules[c], locs[c]
			from, to := s.Start+clauses[c][0], s.Start+clauses[c][1]
			ev := Event{
				SubEventType: rule.sub, Sentence: si, Start: s.Start, End: s.End,
				Trigger: text[loc[0]:loc[1]],
			}
			ev.EventType, _ = truce.EventTypeOf(rule.sub)
			ev.Fatalities, ev.FatalitiesStated = fatalities(withoutTotals(text[clauses[c][0]:clauses[c][1]]))
			ev.at = s.Start + loc[0]
			ev.claim = claimRe.MatchString(text)
			ev.quote = insideQuote(text, loc[0])
			ev.placed = namesPlace(ex, si)
			ev.indefinite = indefiniteBefore(lower[:loc[0]])
			ev.demonstrative = demonstrativeBefore(lower[:loc[0]]) || weaponOfTheAct.MatchString(lower[max(0, loc[0]-80):loc[0]])
			ev.later = laterRe.MatchString(text[clauses[c][0]:loc[0]])
			ev.ensued = ensuedAfter.MatchString(text[loc[1]:])
			ev.separate = c == 1 && rule.sub == rules[0].sub && separateAct.MatchString(text[clauses[c][0]:loc[0]])
			if c == 1 && othersToll >= 0 {
				ev.Fatalities, ev.FatalitiesStated, ev.separate = othersToll, true, true
				ev.Trigger = text[locs[0][0]:locs[0][1]]
			}
			if c == 0 && len(clauses) == 2 && ev.FatalitiesStated {
				firstToll = ev.Fatalities
			}
			codeActors(&ev, ex, si, from, to, actors)
			if ev.SubEventType == truce.GovernmentRegainsTerritory && !isState(ev.Actor1, actors, ex.Countries) {
				ev.SubEventType = truce.NonStateOvertakesTerritory
			}
			ev.Place = eventPlace(ex, si, s.Start+loc[0], from, to, rule.sub == truce.Agreement)
			if v := unlistedIn(ex, s.Start+loc[0], from, to); v != "" && rule.sub != truce.Agreement {
				placeUnlisted(&ev, v)
			} else if ev.Place == nil && c > 0 && len(out) > 0 {
				ev.Place = out[len(out)-1].Place // the second clause of a sentence happened where the first did
			} else if ev.Place == nil && len(out) > 0 && out[len(out)-1].Sentence >= si-4 && out[len(out)-1].Place != nil &&
				strings.Contains(lower, " the s") && atTheScene.MatchString(text) && violentType(out[len(out)-1].EventType) {
				// "About two hours later, a bomb exploded at the scene"
				// of the ambush told before: where that act was.
				c := *out[len(out)-1].Place
				ev.Place = &c
			}
			if ev.Place != nil {
				if q := partOfBefore(ex, ev.Place); q != nil && q.Place.Kind != KindCountry {
					ev.partOf = q.Place.ID
				}
			}
			ev.district = ev.Place != nil && ev.Place.Place.Kind == KindTown && ev.Place.Place.Seat &&
				districtAfter.MatchString(ex.Article.Text[ev.Place.End:min(len(ex.Article.Text), ev.Place.End+12)])
			ev.Date = clauseDate(ex, from, to, rule.sub == truce.Agreement)
			// "on Tuesday claimed responsibility for an attack … late on
			// Sunday": the act's day is the one told after the claim.
			if claimedAttack.MatchString(ev.Trigger) {
				if d := clauseDate(ex, s.Start+loc[1], to, false); d != nil {
					ev.Date = d
				}
			}
			// Past the lede, an act in the present perfect with no day
			// and no toll of its own sums up the war: "the militias have
			// ambushed several army convoys", "has carried out other
			// airstrikes in the region recently".
			if ev.Date == nil && si > 1 && !ev.FatalitiesStated && rule.sub != truce.Agreement &&
				(strings.Contains(lower[:loc[0]], "has ") || strings.Contains(lower[:loc[0]], "have ")) && perfectBefore.MatchString(text[:loc[0]]) {
				continue
			}
			// Past the lede, an agreement its own clause does not date is
			// the truce the report measures its news against, named in
			// passing: "UNSMIL recently brokered a ceasefire agreement",
			// "both sides had accepted a truce".
			if ev.Date == nil && si > 1 && rule.sub == truce.Agreement {
				continue
			}
			if ev.Date == nil {
				ev.Date = eventDate(ex, si, lastDate)
				ev.undated = dayIn(ex, s) == nil
				// "The latest attack came a day after four civilians
				// were wounded …": told with no day of its own, the act
				// after "a day after" was the day before the one told.
				if ev.undated && ev.Date != nil && ev.Date.Precision == truce.PrecisionDay && strings.Contains(lower[:loc[0]], "day after") && aDayAfter.MatchString(text[:loc[0]]) {
					d := *ev.Date
					d.Date, d.From, d.To = d.Date.AddDate(0, 0, -1), d.From.AddDate(0, 0, -1), d.To.AddDate(0, 0, -1)
					ev.Date = &d
				}
			}
			if longBefore(ex, &ev) {
				continue
			}
			if c == 0 && echoesLast(ex, out, &ev, text, loc) {
				continue
			}
			if ev.Date != nil {
				lastDate = ev.Date
			}
			if ev.SubEventType == truce.Agreement {
				haveAgreement = true
			}
			if n := len(out); n > 0 && sameEvent(&out[n-1], &ev) {
				mergeEvent(&out[n-1], &ev)
				continue
			}
			// "Air strikes hit two homes, killing 20. Fourteen were
			// killed in a strike on one home, and a separate raid killed
			// another six": the lede's total is the sum of the parts;
			// the act it merged with keeps its own part.
			if n := len(out); ev.separate && n > 0 && out[n-1].Sentence < si && firstToll > 0 &&
				out[n-1].Fatalities == firstToll+ev.Fatalities {
				out[n-1].Fatalities = firstToll
			}
			out = append(out, ev)
			// "shelling targeted the settlements of Aghdam, Aghjabadi,
			// Goranboy and Tartar": towns listed in the clause that lie
			// more than 25 km from one another are as many events, the
			// sentence's toll kept by the first (it is not split).
			for _, p := range listedTowns(ex, si, from, to, ev.Place) {
				o := ev
				o.Place, o.Fatalities, o.FatalitiesStated, o.listed, o.district = p, 0, false, true, false
				out = append(out, o)
			}
		}
	}
	attributeBlame(ex, out, actors)
	villageFromLater(ex, out)
	townFromLater(ex, out)
	villageAtItsTown(ex, out)
	dateFromNext(ex, out)
	out = mergeRetellings(out)
	out = captureEndsTheFight(out)
	likeTheLast(out)
	latestOfThem(ex, out)
	out = burnedInTheAttack(out)
	out = ambushByBomb(ex, out)
	armedAmongTheDead(ex, out, actors)
	out = communitiesOfLede(ex, out)
	out = ledeSumsItsActs(ex, out)
	out = ledeTollSumsItsActs(out)
	sameHand(out)
	handBefore(ex, out, actors)
	handAfter(ex, out, actors)
	rebelsOfTheReport(ex, out, actors)
	partiesAfter(ex, out, actors)
	claimedAfter(ex, out, actors)
	inferStriker(ex, out, actors)
	noHandInOrdnance(out)
	encounterIsTheForces(ex, out, actors)
	localBranch(ex, out, actors)
	return out
}

// branchOf maps a movement named by its parent's name to its branch in
// the country where the act took place: the Taliban who fight in
// Pakistan are the Pakistani Taliban (Tehreek-e-Taliban Pakistan), the
// Islamic State in Nigeria, Cameroon and Chad its West Africa Province,
// in Mali and Burkina Faso its Sahel Province, in Mozambique its
// Mozambique Province — as ACLED codes them.
var branchOf = map[string]map[string]string{
	"Taliban": {"PK": "Tehreek-e-Taliban Pakistan"},
	"Islamic State": {
		"NG": "Islamic State West Africa Province", "CM": "Islamic State West Africa Province", "TD": "Islamic State West Africa Province",
		"ML": "Islamic State Sahel Province", "BF": "Islamic State Sahel Province",
		"MZ": "Islamic State Mozambique",
	},
}

// afghanWord in an act's sentence keeps the Taliban of Afghanistan's:
// "Afghan Taliban", a clash of Afghan and Pakistani forces at the border.
var afghanWord = rx(`\bAfghan(?:istan)?\b`)

// localBranch names an act's perpetrator, told by a movement's parent
// name, by the movement's branch in the country where the act took
// place (branchOf): the act's place's country, or the report's subject
// when the act has no place. Not when the act's sentence speaks of
// Afghans or Afghanistan, whose Taliban cross into Pakistan.
func localBranch(ex *Extraction, evs []Event, actors *Actors) {
	for k := range evs {
		ev := &evs[k]
		branches, ok := branchOf[ev.Actor1]
		if !ok {
			continue
		}
		country := ""
		if ev.Place != nil {
			country = ev.Place.Place.Country
		} else if len(ex.Countries) > 0 {
			country = ex.Countries[0]
		}
		name, ok := branches[country]
		if !ok || ev.Actor1 == "Taliban" && ev.Sentence >= 0 && ev.Sentence < len(ex.Sentences) && afghanWord.MatchString(ex.Sentences[ev.Sentence].Text) {
			continue
		}
		setHand(ev, name, actors)
	}
}

// supporterBefore ends the words before a side that helped the act's
// maker, not made it: "jets of one state, working in cooperation with
// another's army, struck …", "with the support of the local militia".
var supporterBefore = rx(`\b(?:in (?:close )?(?:coordination|cooperation|collaboration|partnership|conjunction) with|with the (?:support|backing|assistance) of)\s+(?:the\s+)?$`)

// encounterWord is the word South and Southeast Asian reports use for a
// fight between security forces and armed men they found or pursued.
var encounterWord = rx(`\bencounter(?:s|ed)?\b`)

// encounterIsTheForces gives a clash its sentence calls an encounter to
// the state forces: "an NPA rebel was killed in an encounter with the
// army", "two soldiers died in an encounter with suspected rebels". An
// encounter is the forces' operation meeting armed men, and ACLED codes
// the forces as its first actor whoever fell or fired first; the forces
// are the other side already found, a state force the sentence names, or
// else the military of the clash's country.
func encounterIsTheForces(ex *Extraction, evs []Event, actors *Actors) {
	for k := range evs {
		ev := &evs[k]
		if ev.SubEventType != truce.ArmedClash || isState(ev.Actor1, actors, nil) || !encounterWord.MatchString(ex.Article.Text[ev.Start:ev.End]) {
			continue
		}
		if isState(ev.Actor2, actors, nil) {
			ev.Actor1, ev.Actor2, ev.Actor1Inferred = ev.Actor2, ev.Actor1, false
			continue
		}
		forces := ""
		for _, m := range ex.Actors {
			if m.Sentence == ev.Sentence && !m.Speaker && isState(m.Actor, actors, nil) {
				forces = m.Actor
				break
			}
		}
		if forces == "" {
			country := ""
			if ev.Place != nil {
				country = ev.Place.Place.Country
			} else if len(ex.Countries) > 0 {
				country = ex.Countries[0]
			}
			if a, ok := actors.byCountry(country, "Military Forces of "); ok && country != "" {
				forces = a.Name
			}
		}
		if forces == "" {
			continue
		}
		if ev.Actor1 != "" && ev.Actor2 == "" {
			ev.Actor2 = ev.Actor1
		}
		ev.Actor1, ev.Actor1Inferred = forces, false
	}
}

// leftOrdnance is old ordnance that explodes: "the accidental explosion
// of an artillery shell", "an unexploded mortar round".
var leftOrdnance = rx(`\bunexploded (?:[\w-]+ ){0,2}?(?:shells?|ordnance|bombs?|munitions?|mortars?|rockets?|rounds?|devices?)\b|\b(?:accidental )?explosion of (?:an? |the )?(?:old |abandoned |unexploded )?(?:[\w-]+ ){0,2}?(?:shell|mortar|ordnance|grenade|munition|rocket|round)\b|\bexplosive remnants of war\b|\bUXO\b`)

// noHandInOrdnance clears the perpetrator of ordnance left from earlier
// fighting that exploded: no one attacked that day, and the armed group
// the sentence before named ("gunmen shot dead three former Taliban
// militants. In a separate incident, five people were killed in the
// accidental explosion of an artillery shell") did not plant it.
func noHandInOrdnance(evs []Event) {
	for k := range evs {
		if ev := &evs[k]; ev.SubEventType == truce.RemoteExplosive && leftOrdnance.MatchString(ev.Trigger) {
			ev.Actor1, ev.Actor1Inferred = "", false
		}
	}
}

// captureEndsTheFight makes one battle of a clash and the capture told
// in the next sentence at the same place, within a day, by one of the
// clash's sides: "40 rebels were killed in fierce fighting with
// government forces outside the city", then "the troops seized control
// of land south of the city after killing dozens of rebels". ACLED codes
// a battle that changed who holds the ground by that change; the clash's
// toll is the battle's.
func captureEndsTheFight(evs []Event) []Event {
	out := evs[:0]
	for _, ev := range evs {
		if n := len(out); n > 0 {
			a := &out[n-1]
			capture := ev.SubEventType == truce.GovernmentRegainsTerritory || ev.SubEventType == truce.NonStateOvertakesTerritory
			if a.SubEventType == truce.ArmedClash && capture && ev.Sentence-a.Sentence == 1 &&
				a.Place != nil && ev.Place != nil && a.Place.Place.ID == ev.Place.Place.ID &&
				a.Date != nil && ev.Date != nil && absDays(a.Date.Date.Sub(ev.Date.Date)) <= 1 &&
				ev.Actor1 != "" && (ev.Actor1 == a.Actor1 || ev.Actor1 == a.Actor2) {
				toll, stated := max(a.Fatalities, ev.Fatalities), a.FatalitiesStated || ev.FatalitiesStated
				date := a.Date
				*a = ev
				a.Fatalities, a.FatalitiesStated, a.Date = toll, stated, date
				continue
			}
		}
		out = append(out, ev)
	}
	return out
}

// absDays is the length of d in whole days, whatever its sign.
func absDays(d time.Duration) int {
	if d < 0 {
		d = -d
	}
	return int(d.Hours() / 24)
}

// likeTheLast gives an act told as "a similar strike" ("This follows a
// similar strike on June 19 …") the kind of the last act of the same
// type told before it, and that act's maker when it names none: the
// word says the weapon and the hand were the same. "Strike" alone would
// make it an air strike.
func likeTheLast(evs []Event) {
	for k := 1; k < len(evs); k++ {
		ev := &evs[k]
		if !strings.Contains(ev.Trigger, "imilar") || !similarAct.MatchString(ev.Trigger) {
			continue
		}
		for j := k - 1; j >= 0; j-- {
			if prev := &evs[j]; prev.EventType == ev.EventType && prev.Sentence < ev.Sentence {
				ev.SubEventType = prev.SubEventType
				if ev.Actor1 == "" {
					ev.Actor1, ev.Interaction = prev.Actor1, prev.Interaction
				}
				break
			}
		}
	}
}

// inTheLatest opens a sentence that tells the newest of the acts told
// before it: "In the latest assaults,", "In the latest of the strikes,".
var inTheLatest = rx(`^(?:in|during) the (?:latest|most recent|last|newest) (?:of the )?(?:[\w-]+ )?(?:assaults?|attacks?|strikes?|airstrikes?|air strikes?|raids?|air raids?|bombings?)\b`)

// latestOfThem gives a killing told with no weapon in a sentence that
// opens "In the latest assaults," the kind of the act of the same maker
// told before it: "Junta airstrikes killed 50 people … In the latest
// assaults, the junta killed 20 people in X village" tells strikes, as
// "a similar strike" does (likeTheLast).
func latestOfThem(ex *Extraction, evs []Event) {
	for k := 1; k < len(evs); k++ {
		ev := &evs[k]
		if ev.SubEventType != truce.Attack || !inTheLatest.MatchString(ex.Sentences[ev.Sentence].Text) {
			continue
		}
		for j := k - 1; j >= 0; j-- {
			if prev := &evs[j]; prev.Sentence < ev.Sentence && prev.Actor1 != "" && prev.Actor1 == ev.Actor1 && violentType(prev.EventType) {
				ev.EventType, ev.SubEventType = prev.EventType, prev.SubEventType
				break
			}
		}
	}
}

// similarAct is a trigger that names its act by likeness: "a similar
// strike", "similar attacks".
var similarAct = rx(`\bsimilar (?:strikes?|attacks?)\b`)

// claimedForRe is a claim of responsibility for the act told before:
// "claimed responsibility for the attack", "took responsibility for the
// bombing", or with no object, the sentence ending there ("The group
// claimed responsibility.").
var claimedForRe = rx(`\b(?:claim(?:ed|s|ing)?|took|takes|taking|accepted|admitted) responsibility(?:( for (?:the|this|that) (?:latest |deadly |(?:late-|early-)?(?:night|morning|evening|dawn)(?:time)? |twin |suicide )?(?:attacks?|strikes?|raids?|assault|ambush|killings?|bombing|(?:roadside |car |suicide )?(?:bombs?|blasts?|explosions?))\b)|\s*\.?["”]?\s*$)`)

// claimReach is how many sentences after an act a claim that names what
// it is for may come (claimedAfter).
const claimReach = 6

// claimedAfter gives an act that the state forces were said to have
// done, or that no one was named for, the armed group that claims it in
// one of the next three sentences, when no sentence up to it codes an
// act of its own ("The TTP claimed responsibility for the late-night
// attack"): "Three soldiers were
// killed by a roadside bomb … The militants claimed responsibility for
// the attack". A group does not claim what the army did; the soldiers
// named with the act were its targets.
//
// A claim that names what it is for ("claimed responsibility for the
// attack") reaches further, to the sixth sentence after the act: a
// report tells the scene, the witnesses and the toll before it says who
// claimed the act, and no act told in between stands nearer (the search
// stops at the first sentence that codes one). A bare claim ("The group
// claimed responsibility.") stays within three.
func claimedAfter(ex *Extraction, evs []Event, actors *Actors) {
	coded := codedSentences(evs)
	for k := range evs {
		ev := &evs[k]
		a1, ok := actors.Get(ev.Actor1)
		if !unnamedHand(ev.Actor1) && (!ok || a1.Category != truce.StateForces) || !violentType(ev.EventType) {
			continue
		}
		for si := ev.Sentence + 1; si <= ev.Sentence+claimReach && si < len(ex.Sentences) && !coded[si]; si++ {
			s := ex.Sentences[si]
			if !strings.Contains(s.Text, "responsibility") {
				continue // the literal before the expression
			}
			m := claimedForRe.FindStringSubmatchIndex(s.Text)
			if m == nil || si > ev.Sentence+3 && m[2] < 0 {
				continue
			}
			name := ""
			for _, a := range ex.Actors {
				if a.Sentence == si && a.End <= s.Start+m[0] && a.How != HowGeneric && a.Category >= truce.RebelGroups && a.Category <= truce.IdentityMilitias {
					name = a.Actor // the last named before the claim
				}
			}
			if name != "" {
				setHand(ev, name, actors)
			}
			break
		}
	}
}

// echoesLast reports an event that is only the sound or the weapons of
// the act of violence told at most two sentences before: "heavy
// artillery fire and gunshots were heard" during the clash, "the sounds
// of shells", "the attackers used mortars" after the raid they were
// used in. Such a sentence adds no toll, no other place and no other
// day; told with nothing before it, it is the only report and stays.
func echoesLast(ex *Extraction, out []Event, ev *Event, text string, loc []int) bool {
	prev := lastViolent(out, ev.Sentence)
	if prev == nil || ev.FatalitiesStated || ev.SubEventType == truce.Agreement {
		return false
	}
	before := text[max(0, loc[0]-60):loc[0]]
	if !heardAfter.MatchString(text[loc[1]:]) && !soundOf.MatchString(before) && !usedWeapon.MatchString(before) {
		return false
	}
	s := ex.Sentences[ev.Sentence]
	lo, hi := within(len(ex.Places), func(k int) int { return ex.Places[k].Start }, s.Start, s.End)
	for k := lo; k < hi; k++ {
		if prev.Place == nil || ex.Places[k].Place.ID != prev.Place.Place.ID {
			return false // "using cruise missiles" on provinces of its own
		}
	}
	return ev.Date == nil || prev.Date == nil || ev.Date.Date.Equal(prev.Date.Date)
}

// cameAfter follows the subject of a sentence that measures the act
// told before against another: "… came a day after", "comes hours
// after".
//
// The time between may be any count of hours, days, weeks or months
// ("came three days after", "comes weeks after").
var cameAfter = rx(`^[^,;.]{0,30}?\s(?:came|comes)\s+(?:just\s+|only\s+)?(?:(?:a|an|one|two|three|four|five|six|several|a few|barely|less than a|more than a)\s+)?(?:days?|hours?|weeks?|months?)\s+after\s`)

// cameAs follows a definite subject's act with what it came with: "The
// deadly rocket attacks came as two envoys met the prime minister in
// Jerusalem".
var cameAs = rx(`^[^,;.]{0,30}?\s(?:came|come|comes)\s+(?:just\s+|only\s+)?(?:as|amid|while|when)\s`)

// cameAsSubject reports a trigger m in a sentence's definite subject
// ("The deadly rocket attacks came as …"): the acts told before, and
// the rest of the sentence their setting, not where they happened.
func cameAsSubject(text string, m []int) bool {
	if !strings.HasPrefix(text, "The ") && !strings.HasPrefix(text, "This ") && !strings.HasPrefix(text, "These ") || strings.ContainsAny(text[:m[0]], ",;") {
		return false
	}
	return cameAs.MatchString(text[m[1]:])
}

// cameAfterSubject reports a trigger m in a sentence's definite subject
// ("The latest drone attack came a day after …") when another act of
// violence is told after "after": the subject goes back to the act told
// before.
func cameAfterSubject(text string, m []int) bool {
	if !strings.HasPrefix(text, "The ") && !strings.HasPrefix(text, "This ") || !strings.Contains(text[m[1]:], " after ") {
		return false
	}
	if !strings.Contains(text[m[1]:], "came ") && !strings.Contains(text[m[1]:], "comes ") {
		return false
	}
	if strings.ContainsAny(text[:m[0]], ",;") {
		return false
	}
	loc := cameAfter.FindStringIndex(text[m[1]:])
	if loc == nil {
		return false
	}
	r, _ := findTrigger(text, lowerInPlace(text), m[1]+loc[1])
	if r == nil {
		return false
	}
	typ, _ := truce.EventTypeOf(r.sub)
	return violentType(typ) // "came hours after a ceasefire took effect" is the act's setting
}

// aDayAfter ends the text before an act told as the day before the act
// the sentence opened with: "… came a day after".
var aDayAfter = rx(`\b(?:came|comes|coming)\s+(?:just\s+|only\s+)?(?:a|one)\s+day\s+after\s[^.;]*$`)

// earlierNews ends the text before a trigger that an act just told
// "comes days after", "came weeks after": an earlier act not dated. "A
// day after" dates it (the day before the act it is told against), and
// stays news.
var earlierNews = rx(`\b(?:comes?|came|coming)\s+(?:(?:just|only|a\s+few|several|some)\s+)?(?:days|weeks|months)\s+after\s+(?:[\w'’.-]+\s+){0,3}$`)

// lastWord is the last word of s ("fighting" of "heavy fighting").
func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// amidBefore ends the text before a clash named as a setting: "amid
// intensifying fighting", "amid clashes".
var amidBefore = rx(`\b(?:amid|amidst)\s+(?:[\w-]+\s+){0,2}$`)

// heardAfter follows a trigger that was only heard: "artillery fire and
// gunshots were heard", "explosions could be heard".
var heardAfter = rx(`^[^.;]{0,80}?\b(?:was|were|could be|can be|had been|have been|be)\s+(?:\w+\s+)?heard\b`)

// soundOf ends the text before a trigger that names a sound: "the
// sounds of artillery shells".
var soundOf = rx(`\b(?:sounds?|noises?|echo(?:es)?|thuds?|booms?|roar)\s+of\s+(?:[\w'’-]+\s+){0,3}$`)

// armsBefore ends the text before grenades named among other arms
// ("guns and ", "machine guns and throwing hand ", "ammunition and
// rocket-propelled ", "armed with "); armsAfter follows them ("grenades
// and rifles").
var (
	armsBefore = rx(`\b(?:guns?|rifles?|firearms|weapons|ammunition|AK-47s?|explosives)\s*(?:,\s*|\s+and\s+)(?:[\w-]+\s+){0,2}$|\barmed with\s+(?:[\w-]+\s+){0,3}$`)
	armsAfter  = rx(`^\s*(?:,\s*|\s+and\s+)(?:[\w-]+\s+){0,2}(?:guns?|rifles?|firearms|weapons|ammunition|explosives)\b`)
)

// habitualBefore ends the text before an act told as what a side does
// as a rule: "frequently conducts ground operations, airstrikes, and ",
// "continues to claim ".
var habitualBefore = rx(`\b(?:frequently|regularly|routinely|habitually|usually|often|continues to|continue to)\s[^.;]{0,80}$`)

// passiveAfterHabit is a passive verb after the habit told, in the
// words before an act: "the attackers, who usually regroup after each
// attack, were targeted by air strikes" tells the habit in an aside and
// the act after it. A past verb after a comma does too when the habit is
// told in a relative clause (habitAside): "the rebels, who often raid
// villages, attacked a post"; elsewhere a word in -ed after a comma is an
// adjective of a list ("plant mines on remote, unpaved roads").
var (
	passiveAfterHabit = rx(`\b(?:was|were|had been|has been|have been)\b`)
	pastAfterHabit    = rx(`,\s+(?:\w+ed|struck|shot|hit|fought|took|overran|blew)\b`)
	habitAside        = rx(`,\s+(?:who|which)\s+(?:[\w'’-]+\s+){0,2}$`)
)

// conductsBefore ends the text before acts told in the plural as what a
// side does, by a verb of the present: "the front stages night raids
// and sudden ambushes", "carries out kidnappings on the highways".
var conductsBefore = rx(`\b(?:orchestrates|carries\s+out|conducts|stages|mounts)\s[^.;]{0,60}$`)

// habitual reports the words before an act's trigger that tell it as a
// habit (habitualBefore), with no passive or past verb told after the
// habit, up to the trigger's own words; or a plural act after a verb of
// the present (conductsBefore). after is the text after the trigger.
func habitual(before, trigger, after string) bool {
	if conductsWord(before) && conductsBefore.MatchString(before) && pluralWord(trigger, after) {
		return true
	}
	// Every marker holds one of these: most acts are spared the regexp.
	if !strings.Contains(before, "ly ") && !strings.Contains(before, "ften") && !strings.Contains(before, "ontinue") {
		return false
	}
	loc := habitualBefore.FindStringIndex(before)
	if loc == nil {
		return false
	}
	told := before[loc[0]:] + trigger
	return !passiveAfterHabit.MatchString(told) && !(habitAside.MatchString(before[:loc[0]]) && pastAfterHabit.MatchString(told))
}

// conductsWord reports text that holds a verb of conductsBefore: most
// acts are spared its regexp.
func conductsWord(before string) bool {
	for _, w := range []string{"orchestrates", "carries out", "conducts", "stages", "mounts"} {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}

// pluralWord reports a trigger whose last word, read to its end in the
// text after it, is a plural: "ambush" of "ambushes".
func pluralWord(trigger, after string) bool {
	end := 0
	for end < len(after) && (after[end] >= 'a' && after[end] <= 'z' || after[end] == '-') {
		end++
	}
	w := trigger + after[:end]
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss")
}

// notLandAfter follows a verb of taking or leaving whose object is
// people, things or a pact, not land: "captured three of the gunmen",
// "seized weapons", "withdrew from the accord", "pulled out of the
// debris".
var notLandAfter = rx(`^\s*(?:(?:the|a|an|their|its|his|her|at least|more than|several|some|dozens of|scores of|a number of|[\d,]+|two|three|four|five|six|seven|eight|nine|ten)\s+){0,3}(?:[\w'’-]+\s+){0,3}?(?:fighters?|militants?|soldiers?|troops|rebels?|prisoners?|gunm[ae]n|combatants?|members?|suspects?|weapons?|arms|ammunition|vehicles?|assets|equipment|trucks?|tanks?|cars?|documents|money|cash|hostages?|commanders?|leaders?|governors?|officials?|officers?|policem[ae]n|citizens?|civilians?|villagers?|residents?|people|rifles?|guns?|boats?|cattle|cows|livestock|supplies|rubble|debris|wreckage|agreement|deal|talks|ceasefire|truce|treaty|accord|negotiations)\b`)

// quoteMarks blanks the double quotation marks of a text, keeping its
// length.
var quoteMarks = strings.NewReplacer(`"`, " ", "“", "   ", "”", "   ")

// notLand reports an object of taking or leaving that is no land
// (notLandAfter), with no preposition before its noun: "captured the
// town from the rebels" took the town.
//
// Quotation marks around the object's words ("seized “some”
// fighters") are read through.
func notLand(after string) bool {
	after = quoteMarks.Replace(after)
	loc := notLandAfter.FindStringIndex(after)
	if loc == nil {
		return false
	}
	for _, w := range strings.Fields(after[:loc[1]]) {
		switch strings.ToLower(w) {
		case "from", "of", "in", "near", "on", "at", "by", "to", "and", "with", "after", "before", "ago", "as", "when", "during", "into", "for":
			return false
		}
	}
	return true
}

// careOfWounded tells the wounded cared for in a sentence: "were
// brought to", "being treated at"; hospitalAfter follows the name of a
// hospital's town ("Tarlac General Hospital"), hospitalBefore comes
// before it ("hospitals, both in ", "the hospital in the town of ").
var (
	careOfWounded  = rx(`\b(?:treated|brought|taken|rushed|admitted|evacuated|airlifted|transferred|referred|receiving treatment)\b`)
	hospitalAfter  = rx(`^\s+(?:[\w'’-]+\s+){0,2}?(?:hospital|clinic|health cent(?:re|er)|medical cent(?:re|er))\b`)
	hospitalBefore = rx(`\b(?:hospital|clinic|health cent(?:re|er)|medical cent(?:re|er))s?\b[^.;]{0,50}\b(?:in|at)\s+(?:the\s+)?(?:(?:town|city)\s+of\s+)?$`)
)

// hospitalOf reports a place p of sentence si named as the town of the
// hospital the sentence's wounded were brought to or treated at.
func hospitalOf(ex *Extraction, si int, p *PlaceMention) bool {
	s := ex.Sentences[si]
	if !strings.Contains(s.Text, "ospital") && !strings.Contains(s.Text, "linic") && !strings.Contains(s.Text, "edical cent") && !strings.Contains(s.Text, "ealth cent") {
		return false
	}
	if !careOfWounded.MatchString(s.Text) {
		return false
	}
	text := ex.Article.Text
	return hospitalAfter.MatchString(text[p.End:min(s.End, p.End+48)]) || hospitalBefore.MatchString(text[max(s.Start, p.Start-80):p.Start])
}

// refersBack reports words of sentence si that refer back to a place
// named before (placeAnaphor); "the hospital" the wounded were brought
// to or treated at does not (hospitalOf).
func refersBack(ex *Extraction, si int, text string) bool {
	for _, m := range placeAnaphor.FindAllString(text, -1) {
		if !strings.HasSuffix(strings.ToLower(m), "hospital") || !careOfWounded.MatchString(ex.Sentences[si].Text) {
			return true
		}
	}
	return false
}

// usedWeapon ends the text before a weapon an act was done with: "used
// mortars", "using heavy artillery", "armed with grenades".
var usedWeapon = rx(`\b(?:used|using|uses|use of|employed|employing|armed with)\s+(?:[\w'’-]+\s+){0,3}$`)

// longBefore reports an event dated long before its article: background
// told for context, not the article's news. A month long past ("a zone
// agreed in Astana in May"); a day more than two weeks before ("launched
// a large-scale attack on the front line on Sept. 27" in a report of 7
// November; "On September 20, an Army soldier was killed …" in one of 12
// October, told after the act it follows); an agreement of more than
// five days before, the one a violation is measured against ("the sides
// agreed to a ceasefire on 9 November").
func longBefore(ex *Extraction, ev *Event) bool {
	d, pub := ev.Date, ex.floor
	if d == nil || pub.IsZero() {
		return false
	}
	switch {
	case ev.SubEventType == truce.Agreement:
		return d.To.Before(pub.AddDate(0, 0, -5))
	case d.Precision == truce.PrecisionMonth:
		// A month that ended before the report's ("clashes in Hodeida
		// last month killed 52") is past, as a day two weeks back is.
		return d.To.Before(time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC))
	case d.Precision == truce.PrecisionDay:
		return d.To.Before(pub.Truncate(24*time.Hour).AddDate(0, 0, -14))
	}
	return false
}

// inferStriker gives an air or drone strike whose sentences name no
// perpetrator the article's dominant armed actor, when that is a state's
// forces: an excerpt that opens mid-story ("One of Saturday's strikes
// targeted a vehicle …", "A strike on a house in Nuseirat killed seven")
// tells strikes whose maker the story's context gives ("Israel has
// carried out similar waves of strikes …", "Israel's military said").
// Dominant means named (acting or speaking) strictly more often than any
// other armed actor, and at least twice; a state's forces are its own or
// another's (ACLED's external forces). The event says its actor1 was
// inferred (Event.Actor1Inferred), for the reviewer to confirm.
func inferStriker(ex *Extraction, evs []Event, actors *Actors) {
	count := map[string]int{}
	for _, m := range ex.Actors {
		name := forcesOf(m.Actor, actors)
		if a, ok := actors.Get(name); ok && (a.Category >= truce.StateForces && a.Category <= truce.IdentityMilitias || a.Category == truce.ExternalForces) {
			count[name]++
		}
	}
	top, won := dominant(count)
	a, ok := actors.Get(top)
	if !ok || !won || a.Category != truce.StateForces && a.Category != truce.ExternalForces {
		return
	}
	for k := range evs {
		ev := &evs[k]
		if ev.Actor1 != "" || ev.SubEventType != truce.AirDroneStrike || ev.Actor2 == top {
			continue
		}
		ev.Actor1, ev.Actor1Inferred = top, true
		cat2 := 0
		if a2, ok := actors.Get(ev.Actor2); ok {
			cat2 = a2.Category
		}
		ev.Interaction = truce.Interaction(a.Category, cat2)
	}
}

// unnamedActs are the sub-event types whose perpetrator is an armed
// hand on the ground: ACLED codes one it does not know as the
// unidentified armed group of the country.
var unnamedActs = map[string]bool{truce.Attack: true, truce.ArmedClash: true, truce.RemoteExplosive: true, truce.Abduction: true, truce.LootingPropertyDestruction: true}

// landmine is a mine's explosion: a field laid in a war, often years
// before, whose hand the day's report does not know.
var landmine = rx(`\blandmines?\b|\bland mines?\b`)

// noClaim marks a sentence that says no one has claimed an act.
var noClaim = rx(`\bno (?:immediate |official )?claims? of responsibility\b|\bno (?:one|group|organi[sz]ation|faction)(?: has| had)?(?: yet| so far| immediately)? (?:claimed|admitted|taken|accepted)\b|\b(?:has|have|had) not (?:yet |immediately )?(?:claimed|admitted)\b`)

// unnamedHands gives an attack, a clash, a planted bomb, an abduction
// or a looting whose sentences name no perpetrator the unidentified
// armed group of the country where it took place (the article's, when
// it is unplaced), as ACLED codes an unknown perpetrator: "A bomb
// exploded under a bus near Mandera, killing four" was set off by
// someone the report does not name. A report that names one armed group
// of that country, and no other, by its own name and at least twice
// ("Maoists planted the IED … the Maoists have been active in the
// area") gives the act to that group. Ordnance left from earlier
// fighting has no hand (noHandInOrdnance), nor has a landmine, and an
// act whose target is already that group keeps its actor1 empty. The
// event says its actor1 was inferred (Event.Actor1Inferred), for the
// reviewer to confirm.
//
// The group the report names most, beside others, was tried in the
// unidentified group's place (as inferStriker does for air strikes) and
// dropped: on batches 22–43 of real reports actor1 fell from 0.77 to
// 0.71, the labellers giving the unnamed hand to no group when the
// report names several.
func (x *Extractor) unnamedHands(ex *Extraction) {
	subject := ""
	if len(ex.Countries) > 0 {
		subject = ex.Countries[0]
	}
	// The one non-state armed group the report names by its own name,
	// at least twice. A group named where the report says no one has
	// claimed the act ("no group has claimed the blast; the X has
	// bombed the town before") is named as the one suspected, not as
	// the one that did it: the report leaves the hand unknown, and so
	// do the labels.
	count := map[string]int{}
	for _, m := range ex.Actors {
		if m.How != HowGeneric && nonStateArmed(m.Category) && !noClaim.MatchString(ex.Sentences[m.Sentence].Text) {
			count[m.Actor]++
		}
	}
	group, won := dominant(count)
	won = won && len(count) == 1
	for k := range ex.Events {
		ev := &ex.Events[k]
		if ev.Actor1 != "" || !unnamedActs[ev.SubEventType] || ev.SubEventType == truce.RemoteExplosive && (leftOrdnance.MatchString(ev.Trigger) || landmine.MatchString(ev.Trigger)) {
			continue
		}
		country := subject
		if ev.Place != nil && ev.Place.Place.Country != "" {
			country = ev.Place.Place.Country
		}
		if country == "" {
			continue
		}
		name, cat := x.genericName(unidentifiedTemplate, country, subject)
		if a, ok := x.Actors.Get(group); won && ok && a.Country == country {
			name, cat = a.Name, a.Category
		}
		if name == "" || name == ev.Actor2 {
			continue
		}
		cat2 := 0
		if a2, ok := x.Actors.Get(ev.Actor2); ok {
			cat2 = a2.Category
		}
		ev.Actor1, ev.Actor1Inferred, ev.Interaction = name, true, truce.Interaction(cat, cat2)
	}
}

// slogan marks a sentence that quotes what a poster, a banner or a sign
// said.
var slogan = rx(`\b(?:read|reads|reading|said|says)\s+(?:one of\s+)?(?:the\s+|a\s+|another\s+)?(?:posters?|banners?|placards?|signs?|slogans?)\b`)

// aircraftAfter follows "fighting" that names warplanes: "fighting
// planes", "fighting jets".
var aircraftAfter = rx(`^\s+(?:planes?|jets?|aircraft|helicopters?)\b`)

// casingBefore and casingAfter tell shells that are the spent cases of
// fired rounds: "bullet shells", "empty shells", "recovered shells",
// "shells from four guns", "shells were found at the scene".
var (
	casingBefore = rx(`\b(?:(?:bullets?|cartridges?|empty|spent|shotgun|rifle|pistol|AK-?(?:\d+)?)\s+|(?:recovered|found|collected|picked up|gathered|retrieved|seized)\s+(?:(?:the|some|several|many|dozens of|hundreds of|\d+|[\w-]+)\s+){0,2})$`)
	casingAfter  = rx(`^\s+(?:from|of)\s+(?:[\w-]+\s+){0,3}?(?:guns?|rifles?|pistols?|firearms?|weapons?|calibres?|calibers?)\b|^\s+(?:were|was|have been|had been|are)\s+(?:also\s+)?(?:found|recovered|collected|picked up|scattered)\b`)
)

// bareBomb is the word of the fallback rule on bombing; airWords name
// an act from the air or its aircraft.
var (
	bareBomb = rx(`^bomb(?:ing|ings|ed)$`)
	airWords = rx(`\b(?:air ?strikes?|air raids?|aerial (?:bombardment|attack|bombing|assault)s?|warplanes?|fighter jets?|jet fighters?|(?:fighter|fighting) (?:planes?|aircraft)|military aircraft|bombers?|helicopter gunships?)\b`)
)

// airLede reports a report whose headline or first two sentences tell
// an air strike or name the aircraft.
func airLede(ex *Extraction) bool {
	if airWords.MatchString(ex.Article.Title) {
		return true
	}
	for k := 0; k < len(ex.Sentences) && k < 2; k++ {
		if airWords.MatchString(ex.Sentences[k].Text) {
			return true
		}
	}
	return false
}

// ruleOf returns the first rule of a sub-event type.
func ruleOf(sub string) *eventRule {
	for k := range eventRules {
		if eventRules[k].sub == sub {
			return &eventRules[k]
		}
	}
	return nil
}

// dayWellBefore reports a sentence whose day is more than two days
// before the event's.
func dayWellBefore(ex *Extraction, si int, ev *Event) bool {
	d := dayIn(ex, ex.Sentences[si])
	return d != nil && ev.Date != nil && d.To.Before(ev.Date.From.AddDate(0, 0, -2))
}

// otherDay reports a sentence that names a day other than the event's.
func otherDay(ex *Extraction, si int, ev *Event) bool {
	d := dayIn(ex, ex.Sentences[si])
	return d != nil && (ev.Date == nil || !d.Date.Equal(ev.Date.Date))
}

// webAddress is a web address in a text.
var webAddress = rx(`\b(?:https?://|www\.)[^\s<>"“”]+`)

// linkLine opens a line that links another story: "Read: …", "Also
// read: …", "Related: …".
var linkLine = rx(`^(?:read|read more|read also|also read|see also|related|related story)\s*:`)

// groupBefore ends the text before a participle with a noun of an armed
// group; opponentAfter opens the text after "fighting" with its
// opponent ("fighting the junta", "fighting against the army").
var (
	groupBefore   = rx(`\b(?:group|groups|rebels|forces|militias?|army|armies|fighters|insurgents|organi[sz]ations?|alliance|movement|guerrillas?|guerrilla)\s+$`)
	opponentAfter = rx(`^\s+(?:the|against|for|alongside)\b`)
)

// perfectBefore ends the text before a trigger in the present perfect.
var perfectBefore = rx(`\b(?:has|have)\s+(?:[\w-]+\s+){0,3}$`)

// clashParties follows a clash's noun with the two sides it was between.
var clashParties = rx(`^(?:\s+[\w'’-]+){0,8}?\s+between\s[^;]*\band\b`)

// courseOfWar follows a clash's noun with what the war does or is
// expected to do: "has resumed", "was widely expected to get worse",
// "are likely to intensify", "could spread".
var courseOfWar = rx(`^(?:\s+[\w'’-]+){0,5}?\s+(?:(?:has|have|had)\s+(?:now\s+|since\s+|also\s+)?(?:resumed|continued|intensified|escalated|spread|subsided|eased|worsened|persisted)|(?:is|was|are|were)\s+(?:widely\s+|largely\s+|also\s+)?(?:expected|likely|set|feared|bound)\s+to|(?:could|would|will|may|might)\s+(?:\w+\s+)?(?:resume|continue|intensify|escalate|spread|worsen|get worse))\b`)

// bareClash are the nouns that name fighting without saying who fought
// or when.
var bareClash = setOf(`fighting clashes clash fought confrontation confrontations`)

// sameHand gives an event whose sentence names no perpetrator the one of
// the article's last event of the same sub-type: "Israeli strikes killed
// 30 people across Gaza. … A strike on a house in Maghazi killed four."
func sameHand(evs []Event) {
	last := map[string]*Event{}
	for k := range evs {
		ev := &evs[k]
		if p := last[ev.SubEventType]; ev.Actor1 == "" && p != nil {
			ev.Actor1, ev.Actor2, ev.Interaction = p.Actor1, p.Actor2, p.Interaction
		}
		if ev.Actor1 != "" {
			last[ev.SubEventType] = ev
		}
	}
}

// claimRe marks a sentence that tells an act as what a source accused
// another of, claimed, alleged, confirmed or denied.
var claimRe = rxf(`\b(?:accus(?:ed|es|ing)|claim(?:ed|s|ing)?|alleg(?:ed|es|ing|ation|ations)|confirm(?:ed|s|ing)|denied|denies|denying)\b`)

// responsibilityRe marks a claim of responsibility.
var responsibilityRe = rx(`\b(?:claim(?:ed|s|ing)?|took|takes|taking|accepted|admitted) responsibility\b`)

// launchedBy is the verb of an act told before and its maker: "(allegedly)
// launched by", "carried out by", "fired by".
var launchedBy = rx(`\b(?:launched|carried out|conducted|fired|mounted|staged) by\s`)

// claimedBy gives the perpetrator that sentence si names, when it claims
// responsibility for an act told before by its bare noun ("The gang's
// leader took responsibility for the massacre"), to the last act of
// that event type, when no sentence named who did it.
func claimedBy(ex *Extraction, out []Event, si int, sub string) {
	s := ex.Sentences[si]
	m := responsibilityRe.FindStringIndex(s.Text)
	// "The drone strikes, allegedly launched by the RSF, came …": the
	// act told before, and who launched it, the actor right after "by".
	var launched []int
	if m == nil && strings.Contains(s.Text, " by ") {
		launched = launchedBy.FindStringIndex(s.Text)
	}
	if m == nil && launched == nil {
		return
	}
	// The claimant is the armed actor named last before the claim, who
	// speaks: "the Gran Grif gang claimed responsibility".
	var by *ActorMention
	for k := range ex.Actors {
		a := &ex.Actors[k]
		armed := a.Category >= truce.StateForces && a.Category <= truce.IdentityMilitias || a.Category == truce.ExternalForces
		if !armed || a.Sentence != si {
			continue
		}
		if m != nil && a.End <= s.Start+m[0] {
			by = a
		}
		if launched != nil && by == nil && a.Start >= s.Start+launched[1] && a.Start <= s.Start+launched[1]+5 {
			by = a
		}
	}
	if by == nil {
		return
	}
	typ, _ := truce.EventTypeOf(sub)
	for k := len(out) - 1; k >= 0; k-- {
		if out[k].EventType == typ {
			if unnamedHand(out[k].Actor1) {
				out[k].Actor1 = by.Actor
			}
			return
		}
	}
}

// ensuedAfter follows a fight's noun that "ensued" ("A firefight
// ensued", "a gun battle immediately ensued"): the word tells the fight
// as what followed from something the report told before.
var ensuedAfter = rx(`^\s+(?:(?:immediately|then|briefly|soon|later)\s+)?ensued\b`)

// fightThatEnsued reports a fight that "ensued" told at most three
// sentences after a battle of the report: "An army soldier was killed
// in an encounter with rebels on Sunday … A firefight ensued that
// resulted in the soldier's death" tells one fight twice, whatever town
// or day the second sentence names besides (the army's headquarters,
// the day the army spoke).
func fightThatEnsued(a, b *Event) bool {
	return b.ensued && a.EventType == truce.Battles && b.EventType == truce.Battles && b.Sentence > a.Sentence && b.Sentence-a.Sentence <= 3
}

// mergeRetellings folds into an earlier event of the article each later
// one that tells it again, however far apart: short agency items give
// one event in the lede, again in a quote of the army or a monitor, and
// again in the statement's own words. A later event is the same one when
// it has the same event type, no other place (none, or within 25 km),
// no other perpetrator (none, or the same) and a day at most one apart
// (a lede dates the report, the quote the night it happened).
func mergeRetellings(evs []Event) []Event {
	out := evs[:0]
	for _, ev := range evs {
		j := len(out) - 1
		for ; j >= 0 && !retold(&out[j], &ev); j-- {
		}
		if j < 0 {
			out = append(out, ev)
			continue
		}
		// The retelling adds only what the event lacked: its day, or the
		// day the quote names before the day it was reported, and a toll
		// when none was stated. Its actors are those of a speaker's
		// account ("its troops repelled an attack"), not the event's.
		a := &out[j]
		if vagueBlast(a) && !vagueBlast(&ev) {
			// The act keeps the kind that says what it was, and its maker.
			a.SubEventType, a.Trigger, a.at = ev.SubEventType, ev.Trigger, ev.at
			if a.Actor1 == "" {
				a.Actor1, a.Actor2, a.Interaction = ev.Actor1, ev.Actor2, ev.Interaction
			}
		}
		// A placeless lede told again in full by the next sentence is of
		// the kind the full telling says, where it says.
		if ledeToldAgain(a, &ev) {
			a.EventType, a.SubEventType, a.Trigger, a.at = ev.EventType, ev.SubEventType, ev.Trigger, ev.at
			a.Actor2, a.Interaction = ev.Actor2, ev.Interaction
			if a.Village == "" {
				a.Village = ev.Village
			}
		}
		// A headline's clipped words ("missile, drone strikes") give way
		// to the kind its lede tells in full, with the same toll.
		if a.Sentence == 0 && a.SubEventType != ev.SubEventType && (a.EventType == ev.EventType || headlineOfLede(a, &ev)) && !vagueBlast(&ev) &&
			a.FatalitiesStated && ev.FatalitiesStated && a.Fatalities == ev.Fatalities && ev.Sentence <= 2 {
			a.EventType, a.SubEventType, a.Trigger, a.at = ev.EventType, ev.SubEventType, ev.Trigger, ev.at
		}
		if a.Date == nil || ev.Date != nil && ev.Date.Precision <= a.Date.Precision && (ev.Date.Precision < a.Date.Precision || ev.Date.Date.Before(a.Date.Date)) {
			a.Date = ev.Date
		}
		if !a.FatalitiesStated && ev.FatalitiesStated {
			a.Fatalities, a.FatalitiesStated = ev.Fatalities, true
		}
		if ev.Place != nil && ev.placed && (a.Place == nil || ev.Place.GeoPrecision < a.Place.GeoPrecision || a.district && !ev.district && ev.Place.Place.Kind == KindTown) {
			a.Place, a.district = ev.Place, ev.district // the town of a lede's region or district
		}
	}
	return out
}

// sameSideWithin reports a retelling by the same named perpetrator, at
// most three sentences on, in a place within the other's region or
// district: a lede in "Jammu and Kashmir" and the quote that names the
// sector ("in Arnia belt of Jammu district"), "Syria's Idlib" and
// "villages in the south of Idlib province", a lede "in Jammu district"
// and the spokesman's village. A lede whose perpetrator no one names
// and the next sentence, which names none either, count as one hand:
// "militants attacked a checkpost in Khyber Pakhtunkhwa province" and
// "the gunfight at the checkpost in the Daraban area of Dera Ismail
// Khan district" are one act, told again with its town.
func sameSideWithin(a, b *Event) bool {
	unnamed := unnamedHand(a.Actor1) && unnamedHand(b.Actor1) && a.Sentence <= 1 && b.Sentence == a.Sentence+1
	// A lede placed only in a region, then a sentence at most two on
	// that names a town of it and no maker ("The Russian army shelled a
	// village in Kherson region", "The occupants shelled the village of
	// Kizomys"), or a maker the lede did not name ("A bomb killed five
	// police officers in the province of X", "the device the rebels
	// planted went off near the town of Y"): the lede's act at its town.
	if (b.Actor1 == "" || a.Actor1 == "") && a.Place != nil && a.Place.Place.Kind == KindRegion && b.Sentence > a.Sentence && b.Sentence-a.Sentence <= 2 {
		unnamed = true
	}
	if unnamedHand(a.Actor1) && !unnamed || a.Actor1 != b.Actor1 && !unnamed || a.Place == nil || b.Place == nil || b.Sentence-a.Sentence > 3 {
		return false
	}
	r, t := a.Place.Place, b.Place.Place
	// A clash told again in the next sentence by the same two sides, at a
	// town near the lede's ("killed in clashes with the military in
	// Sulu" and "encountered … in Patikul, resulting in a firefight"):
	// one fight.
	if a.EventType == truce.Battles && b.EventType == truce.Battles && b.Sentence == a.Sentence+1 && a.Actor2 != "" && a.Actor2 == b.Actor2 &&
		r.Kind == KindTown && t.Kind == KindTown && r.Country == t.Country && distanceKm(r.Lat, r.Lon, t.Lat, t.Lon) <= 30 {
		return true
	}
	// A region's lede and a district of it named by its seat later: the
	// seat is in the region.
	if r.Kind == KindRegion && t.Kind == KindTown && b.district && !a.district {
		return r.Country == t.Country && r.Admin1 != "" && r.Admin1 == t.Admin1
	}
	if b.district && !a.district || r.Kind != KindRegion && !a.district {
		r, t = t, r
	}
	// A district named by its seat ("in Jammu district") and a town of
	// it: within 50 km of the seat.
	if a.district != b.district && t.Kind == KindTown {
		return r.Country == t.Country && distanceKm(r.Lat, r.Lon, t.Lat, t.Lon) <= 50
	}
	if r.Kind != KindRegion || t.Kind == KindRegion || t.Kind == KindCountry || r.Country != t.Country {
		return false
	}
	return r.Admin1 != "" && r.Admin1 == t.Admin1 || distanceKm(r.Lat, r.Lon, t.Lat, t.Lon) <= 75
}

// districtAfter follows a seat's name that names its district.
var districtAfter = rx(`^\s+(?:district|districts|division|tehsil|sector)\b`)

// ledeToldAgain reports a lede without a place that the next sentence
// tells again in full, by the same maker, on the same day, with the same
// toll (three or more): "Armed separatists attacked a village … on
// Sunday, killing at least seven people", then "separatists … attacked a
// security post in the village of Galim, killing officers and
// civilians … at least seven people were killed". One act, of the kind
// the full telling gives it (an attack on a post is a clash).
// headlineOfLede reports a headline's act told again by the lede, in
// another kind: "Rebels Shell Market, Killing 10 Civilians" over "Ten
// civilians were killed when rebels shelled the market": the headline
// (the first sentence) and a sentence at most two on give the same toll
// (one or more), the same place or none, of two violent event types; the
// lede's kind and day stand.
func headlineOfLede(a, b *Event) bool {
	return a.Sentence == 0 && b.Sentence >= 1 && b.Sentence <= 2 && a.EventType != b.EventType && violentType(a.EventType) && violentType(b.EventType) &&
		a.FatalitiesStated && b.FatalitiesStated && a.Fatalities > 0 && a.Fatalities == b.Fatalities &&
		(a.Place == nil || b.Place == nil || a.Place.Place.ID == b.Place.Place.ID)
}

func ledeToldAgain(a, b *Event) bool {
	return a.Sentence <= 1 && b.Sentence == a.Sentence+1 && a.Place == nil && a.SubEventType != b.SubEventType &&
		(a.EventType == truce.Battles || a.EventType == truce.ViolenceAgainstCivilians) && (b.EventType == truce.Battles || b.EventType == truce.ViolenceAgainstCivilians) &&
		a.Actor1 != "" && a.Actor1 == b.Actor1 && a.FatalitiesStated && b.FatalitiesStated && a.Fatalities >= 3 && a.Fatalities == b.Fatalities &&
		a.Date != nil && b.Date != nil && a.Date.Date.Equal(b.Date.Date)
}

// weaponOnlyRe is a trigger that is a weapon's name and nothing else: a
// weapon the sentence names, not an act it tells by a verb of its own.
var weaponOnlyRe = regexp.MustCompile(`(?i)^(?:hand[\s-]+)?(?:grenades?|(?:improvised\s+)?explosive\s+devices?|ieds?|rockets?|mortars?(?:\s+(?:shells?|rounds?))?|artillery(?:\s+shells?)?|rpgs?)$`)

// weaponOfTheFight reports that b is the weapon a fight told just before
// was fought with: "militants attacked the police station …; the latter
// threw hand grenades and rockets toward the building", "the rebels
// attacked a military base …; they launched explosive devices from a
// truck at the base". Named in a later sentence (at most three on) by
// the weapon alone, without a place, a toll or a day of its own, and by
// the same side or none, it is the fight's weapon, not an act of its
// own; a weapon that kills, or strikes somewhere, or another day, is.
func weaponOfTheFight(a, b *Event) bool {
	return (a.EventType == truce.Battles || a.SubEventType == truce.Attack) && b.EventType == truce.ExplosionsRemoteViolence &&
		b.Sentence > a.Sentence && b.Sentence-a.Sentence <= 3 && weaponOnlyRe.MatchString(strings.TrimSpace(b.Trigger)) &&
		!b.placed && !b.FatalitiesStated && !b.later && !b.separate &&
		(b.Actor1 == "" || unnamedHand(b.Actor1) || b.Actor1 == a.Actor1) &&
		(b.undated || b.Date == nil || a.Date != nil && !b.Date.From.After(a.Date.To) && !a.Date.From.After(b.Date.To))
}

// retold reports whether b tells again the event a (see mergeRetellings).
func retold(a, b *Event) bool {
	if pointedBack(a, b) {
		return true
	}
	// A quote without a place or a toll of its own ("'Missiles struck
	// the tents while the children slept,' a relative said") tells the
	// act the report told, whatever weapon it names.
	quoted := b.quote && !b.placed && !b.FatalitiesStated && a.EventType == b.EventType
	// Explosions heard or seen, with no bomb named, are the strike or
	// the shelling the report tells of the same place and day.
	blast := a.EventType == b.EventType && (vagueBlast(a) || vagueBlast(b)) &&
		!(a.FatalitiesStated && b.FatalitiesStated && a.Fatalities != b.Fatalities)
	// A headline and its lede that give one toll for one place and day
	// tell one act by two of its weapons ("missile, drone strikes on"
	// the city and "ballistic missiles and drones … struck" it, nine
	// killed in both): the labels, as ACLED, code one event per place
	// and day.
	oneToll := a.EventType == truce.ExplosionsRemoteViolence && b.EventType == a.EventType && b.Sentence-a.Sentence <= 2 &&
		a.FatalitiesStated && b.FatalitiesStated && a.Fatalities > 0 && a.Fatalities == b.Fatalities &&
		a.Place != nil && b.Place != nil && a.Place.Place.ID == b.Place.Place.ID
	if ledeToldAgain(a, b) || weaponOfTheFight(a, b) || headlineOfLede(a, b) || fightThatEnsued(a, b) {
		return true
	}
	if a.SubEventType != b.SubEventType && !quoted && !blast && !oneToll || a.SubEventType == truce.Agreement {
		return false
	}
	// "Hours later, a drone exploded near the palace": what came after
	// is another act.
	if b.later {
		return false
	}
	if !unnamedHand(a.Actor1) && !unnamedHand(b.Actor1) && a.Actor1 != b.Actor1 || otherVillage(a, b) || a.Sentence == b.Sentence && (a.listed || b.listed) {
		return false
	}
	if partOfTown(a, b) {
		return false
	}
	// A claim without a place of its own is the act the article tells
	// elsewhere, whatever day the claim was made: the army "on Thursday
	// accused M23 insurgents of killing 50 civilians", and its general
	// names the village and the Tuesday; a rebel spokesman "confirmed
	// that there was fighting with the army" the army said the rebels
	// began. Within a week, and never two perpetrators.
	if (a.claim && a.Place == nil || b.claim && b.Place == nil) && a.Date != nil && b.Date != nil &&
		!b.Date.From.After(a.Date.To.AddDate(0, 0, 7)) && !a.Date.From.After(b.Date.To.AddDate(0, 0, 7)) {
		return true
	}
	// A lede without a place ("Junta airstrikes in northwestern Myanmar
	// killed more than 30 civilians") is told again, with its place, in
	// the sentences that follow, when they give no other toll (a toll the
	// lede lacks is news of its own: "Fighting erupted on Saturday …; at
	// least 56 civilians were killed").
	ledeFirst := a.Place == nil && a.Sentence <= 1 && b.Sentence-a.Sentence <= 3 &&
		(!b.FatalitiesStated || a.FatalitiesStated && a.Fatalities == b.Fatalities)
	// The same maker, kind, day and toll (three or more killed) is one
	// act told twice, wherever each telling places it: "a Houthi drone
	// strike in Hodeidah province has killed three children" and, in
	// the agency's copy below it, "three children were killed on
	// Thursday when a Houthi drone struck a house" in a named village.
	sameToll := a.Actor1 != "" && a.Actor1 == b.Actor1 && a.SubEventType == b.SubEventType && a.FatalitiesStated && b.FatalitiesStated &&
		a.Fatalities >= 3 && a.Fatalities == b.Fatalities && a.Date != nil && b.Date != nil && a.Date.Date.Equal(b.Date.Date)
	if b.Place != nil && (a.Place == nil || a.Place.Place.ID != b.Place.Place.ID) && !sameSideWithin(a, b) && !ledeFirst && !quoted && !sameToll {
		return false
	}
	if a.Date == nil || b.Date == nil {
		return true
	}
	// A lede that names no day ("An airstrike … has killed at least 54
	// people") takes the report's day; the same act told again soon
	// after (at most three sentences on) with a day of its own, at most
	// a week before, is its day, not another act.
	if a.undated && a.Sentence <= 1 && b.Sentence-a.Sentence <= 3 && !b.undated && a.SubEventType == b.SubEventType && !b.Date.From.After(a.Date.To) &&
		!b.Date.From.Before(a.Date.From.AddDate(0, 0, -7)) && (!a.FatalitiesStated || !b.FatalitiesStated || a.Fatalities == b.Fatalities) {
		return true
	}
	// "… was killed in an airstrike on the village of X", reported
	// Tuesday night, then "Yesterday, the air force carried out an
	// airstrike on …": two acts each told as a new one ("an"), on days
	// their own sentences name, are two acts.
	if a.indefinite && b.indefinite && !a.undated && !b.undated && !a.Date.Date.Equal(b.Date.Date) {
		return false
	}
	// A day apart only in the same place: without a place of its own, a
	// strike of the next day may be another one.
	slack := 0
	if b.Place != nil {
		slack = 1
	}
	return !b.Date.From.After(a.Date.To.AddDate(0, 0, slack)) && !a.Date.From.After(b.Date.To.AddDate(0, 0, slack))
}

// vagueBlast reports an explosion that names no weapon: "two loud
// explosions", "explosions rocked the city"; not a car bomb or a mine.
func vagueBlast(ev *Event) bool {
	return ev.SubEventType == truce.RemoteExplosive && blastOnly.MatchString(ev.Trigger)
}

// laterRe, before a trigger, tells what came after the act told before.
// "came under renewed rocket fire on Sunday": a renewed act is another
// one, not the one told before it; so is "another bomb" in "The attack
// came one day after another bomb targeted soldiers", and "a separate
// air raid".
var laterRe = rxf(`\b(?:later|afterwards|subsequently|moments after|shortly after|then|renewed)\b|\b(?:another|a separate)\s+(?:[\w-]+\s+)?$`)

// interceptedFighters is a force that stopped armed men on their way:
// "intercepted a group of suspected extremists …, killing at least 24",
// a clash, not a weapon stopped in flight.
const interceptedFighters = `intercepted (?:a |an |the )?(?:[\w-]+ )?(?:group|column|convoy|band|unit|squad|team)s? of (?:[\w-]+ ){0,2}?(?:fighters|militants|extremists|jihadists|insurgents|gunmen|rebels|terrorists|assailants|attackers|bandits|militiamen)\b`

// razed are the verbs of a strike that levels a building: "a strike
// pulverized the home of …", "strikes flattened two houses".
const razed = `pulveri[sz]ed|flattened|levell?ed|demolished|razed`

// raidOnBase is a raid on a military base or post, a clash with the
// troops who hold it: "A pre-dawn raid by the terrorist group on a
// military base"; not "an air raid", which the air strike rule reads.
// The post may be the gendarmerie's, the border guards' or a
// paramilitary force's, and the attack "at" or "against" it ("a raid by
// insurgents on a gendarmerie post", "an assault at a border post").
const raidOnBase = `(?:ground |pre-dawn |predawn |night |dawn |deadly |overnight )?(?:raids?|attacks?|assaults?) (?:by (?:[\w'’-]+ ){1,5}?)?(?:on|at|against) (?:an? |the )?(?:[\w'’-]+ ){0,2}?(?:military|army|police|security|gendarme|gendarmerie|border|paramilitary) (?:bases?|posts?|outposts?|checkpoints?|barracks|camps?|stations?)\b`

// subjectIn reports an armed actor named in [from, to) that does not
// speak: the subject of the clause's act.
func subjectIn(ex *Extraction, from, to int) bool {
	lo, hi := within(len(ex.Actors), func(k int) int { return ex.Actors[k].Start }, from, to)
	for k := lo; k < hi; k++ {
		if m := ex.Actors[k]; !m.Speaker && m.Category >= truce.StateForces && m.Category <= truce.IdentityMilitias {
			return true
		}
	}
	return false
}

// afterClause opens a clause that tells the act another answered:
// "… after insurgents from the Arakan Army assaulted …".
var afterClause = rx(`\s+after\s+`)

// timeBefore ends a measure of time before "after": "a day", "hours",
// "shortly".
var timeBefore = rx(`\b(?:days?|hours?|weeks?|months?|minutes|shortly|soon|just|moments?|year)$`)

// startedWith ends the text before the first act of an act told
// before: "The attack started with", "the assault began with a".
var startedWith = rx(`\b(?:the|this) (?:attack|assault|raid|offensive|ambush) (?:started|began|opened|was launched) with (?:an? |the )?(?:[\w-]+ ){0,3}$`)

// heldBriefly is a capture undone in the same raid: "captured the base
// briefly", "briefly seized the town".
var heldBriefly = rx(`\bbriefly (?:captured|seized|took|overran|occupied)\b|\b(?:captured|seized|took|overran|occupied) (?:the |a )?(?:[\w-]+ ){0,2}?briefly\b`)

// tollSplit gives the toll of an act told before split between two
// villages: "killed four persons in Ngibo village and seven in Tse Aye
// village", "killed three in the village of X and five in Y".
var tollSplit = rx(`\bkilled\s+(\d+|[a-z]+)\s+(?:(?:persons|people|villagers|residents|civilians)\s+)?in\s+(?:the\s+)?(?:village\s+of\s+)?([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)(?:\s+village)?,?\s+and\s+(\d+|[a-z]+)\s+(?:others\s+|more\s+)?in\s+(?:the\s+)?(?:village\s+of\s+)?([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)`)

// splitBetween reads a sentence with no trigger of its own that splits
// the toll of the act told just before (prev, in one of the two
// sentences before si) between two villages, when the two parts add up
// to that toll: prev becomes the first village's act, with its part,
// and the second is added after it, where prev was placed. It reports
// whether it did.
func splitBetween(ex *Extraction, out *[]Event, prev *Event, si int, text string) bool {
	if !prev.FatalitiesStated || prev.Fatalities == 0 || si-prev.Sentence > 2 || prev.Village != "" {
		return false
	}
	m := tollSplit.FindStringSubmatchIndex(text)
	if m == nil {
		return false
	}
	n1, ok1 := fatalities(text[m[2]:m[3]] + " killed")
	n2, ok2 := fatalities(text[m[6]:m[7]] + " killed")
	v1, v2 := text[m[4]:m[5]], text[m[8]:m[9]]
	if !ok1 || !ok2 || n1+n2 != prev.Fatalities || strings.EqualFold(v1, v2) {
		return false
	}
	second := *prev
	prev.Fatalities = n1
	placeUnlisted(prev, v1)
	second.Fatalities, second.Sentence, second.Start, second.End = n2, si, ex.Sentences[si].Start, ex.Sentences[si].End
	second.separate, second.Village = true, ""
	if prev.Place != nil {
		c := *prev.Place
		second.Place = &c
	}
	placeUnlisted(&second, v2)
	*out = append(*out, second)
	return true
}

// othersIn is a second place of the act told before it in a sentence,
// with a toll of its own: "… and seven others in the village of Sarja",
// "and two others in the town of X"; "three people were killed in the
// city of Donetsk and one in Horlivka".
var othersIn = rx(`\s+and\s+(\d+|[a-z]+)\s+(?:others\s+(?:(?:were\s+)?(?:killed|died)\s+)?in\s+(?:the\s+)?(?:nearby\s+)?(?:village|town|city|hamlet|neighbou?rhood|district|camp|locality)\s+of\s+|(?:more\s+)?in\s+)[A-Z]`)

// separateAct ends the words before a second clause's trigger that make
// it an act of its own, of the same kind as the first's: "Fourteen were
// killed in a strike on a home, and a separate air raid killed six".
var separateAct = rx(`\b(?:a separate|another)\s+(?:[\w-]+\s+)?$`)

var blastOnly = rx(`^(?:[\w-]+ ){0,2}(?:explosions?|blasts?)$|^explosions? (?:rocked|hit|struck|tore through|ripped through|killed)$`)

// insideQuote reports whether the byte at is inside a quotation of the
// text: after an odd number of straight double quotes, or after an
// opening curly quote that no closing one follows before it.
func insideQuote(text string, at int) bool {
	before := text[:at]
	if strings.Count(before, `"`)%2 == 1 {
		return true
	}
	return strings.LastIndex(before, "“") > strings.LastIndex(before, "”")
}

// namesPlace reports whether sentence si names any place (a town, an
// area, a region or a country).
func namesPlace(ex *Extraction, si int) bool {
	s := ex.Sentences[si]
	lo, hi := within(len(ex.Places), func(k int) int { return ex.Places[k].Start }, s.Start, s.End)
	return lo < hi
}

// dateFromNext dates and places an event that lacks a date or a place
// from the sentence after it when that sentence refers back to it ("…
// five drone strikes on Hodeidah. The attacks were among … on Sunday";
// "… killed in air strikes. The attacks hit Saraqeb on Sunday").
//
// The day alone may come from the next sentence even when it does not
// refer back ("… five drone strikes on Hodeidah." then "The Houthis
// reported breaches … on Sunday"), if that sentence codes no event of
// its own. An event still undated that a lede tells in the present
// perfect ("three people have been killed by a missile strike"), or the
// report's first event told in its lede without a day ("Houthi militias
// continued shelling houses in al-Tohaita"), happened on the day of
// publication: wire ledes tell the day's news.
func dateFromNext(ex *Extraction, evs []Event) {
	for k := range evs {
		ev := &evs[k]
		if ev.Date != nil && ev.Place != nil || ev.Sentence+1 >= len(ex.Sentences) {
			continue
		}
		ni := ev.Sentence + 1
		next := ex.Sentences[ni]
		// "Four soldiers were fatally shot." then "The soldiers were part
		// of a unit that took fire … in the municipality of La
		// Montañita", "Seven other soldiers were wounded in the attack
		// near …": a sentence that goes on about the act's victims says
		// where it happened.
		if !backReference.MatchString(next.Text) && (ev.Place != nil || !victimsReferred.MatchString(next.Text) || codes(evs, ni)) {
			if ev.Date == nil && !codes(evs, ni) {
				ev.Date = dayIn(ex, next)
			}
			// A sentence that adds only a toll ("At least one civilian
			// was killed.") may stand between the act and the one that
			// goes on about it: "The latest bout of violence broke out
			// … in the town of Zawiya".
			if ev.Place != nil || ni+1 >= len(ex.Sentences) || codes(evs, ni) || namesPlace(ex, ni) ||
				!backReference.MatchString(ex.Sentences[ni+1].Text) {
				continue
			}
			if _, toll := fatalities(next.Text); !toll {
				continue // "Moscow blamed Kyiv." between them: not a toll
			}
			ni++
			next = ex.Sentences[ni]
		}
		if ev.Place == nil {
			// Only the main clause goes on about the event: "The attack
			// on Monday came as the army made gains in the capital,
			// Khartoum" does not put it in Khartoum.
			end := next.End
			if b := subordinate.FindStringIndex(next.Text); b != nil {
				end = next.Start + b[0]
			}
			ev.Place = eventPlace(ex, ni, next.Start, next.Start, end, false)
		}
		if ev.Date == nil {
			ev.Date = dayIn(ex, next)
		}
	}
	pub := ex.Article.Published
	if pub.IsZero() {
		return
	}
	day := time.Date(pub.Year(), pub.Month(), pub.Day(), 0, 0, 0, 0, time.UTC)
	for k := range evs {
		ev := &evs[k]
		if ev.Date != nil {
			continue
		}
		// A report that names no day before an event ("Eight people were
		// killed when Pakistan violated the ceasefire …", then the
		// villages shelled and the army's reply) tells the news of the
		// day it was published, past its lede as in it; only the lede's
		// day is sure, the others are flagged for a reviewer.
		lede := ev.Sentence <= 1 && (k == 0 || presentPerfect.MatchString(ex.Sentences[ev.Sentence].Text))
		if !lede && (ev.SubEventType == truce.Agreement || truceDayIn(ex, ev)) {
			continue
		}
		ev.Date = &DateMention{Start: ev.Start, End: ev.Start, Date: day, From: day, To: day, Precision: truce.PrecisionDay, Relative: true}
		ev.DateAssumed = !lede
	}
}

// truceDayIn reports an event whose sentence names a day, which can then
// only be a truce's ("after the cease-fire ended Thursday afternoon, four
// were killed"): the act's own day is not the report's for sure.
func truceDayIn(ex *Extraction, ev *Event) bool {
	s := ex.Sentences[ev.Sentence]
	lo, hi := within(len(ex.Dates), func(i int) int { return ex.Dates[i].Start }, s.Start, s.End)
	return lo < hi
}

// dayIn returns the first date of a day's precision in sentence s, or nil.
func dayIn(ex *Extraction, s Sentence) *DateMention {
	lo, hi := within(len(ex.Dates), func(i int) int { return ex.Dates[i].Start }, s.Start, s.End)
	for i := lo; i < hi; i++ {
		if d := ex.Dates[i]; d.Precision == truce.PrecisionDay && d.End <= s.End && !d.truce {
			return &d
		}
	}
	return nil
}

// codes reports whether an event was coded from sentence si.
func codes(evs []Event, si int) bool {
	for _, e := range evs {
		if e.Sentence == si {
			return true
		}
	}
	return false
}

// presentPerfect marks news of the day told in the present perfect: "at
// least three people have been killed", "a strike has hit".
var presentPerfect = rx(`\b(?:has|have) (?:been )?(?:killed|wounded|injured|hit|struck|destroyed|damaged|shelled|bombed|attacked|targeted)\b`)

// subordinate starts a clause that tells something else than the
// sentence's subject does.
var subordinate = rx(`\s(?:came|comes) as\b|,?\s(?:as|while|whereas|where|after|before|since|when)\s`)

// backReference opens a sentence that goes on about what was just told:
// "The attack …", "It …", "The latest bout of violence …", or the act
// named by its day, "Casualties of Sunday's attack on …", "Monday's
// raid …".
var backReference = rx(`^(?:the (?:(?:latest|recent|new) )?(?:attacks?|strikes?|raids?|shelling|bombing|explosions?|blasts?|assault|fighting|clashes|incident|violence|(?:bout|round|flare-up|outbreak) of (?:violence|fighting|clashes))|it|they|this|(?:[\w-]+ ){0,2}?(?:(?:of|in|after) )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday)['’]s (?:[\w-]+ )?(?:attacks?|strikes?|raids?|assault|massacre|bombing))\b`)

// victimsReferred opens a sentence that goes on about those an act hit:
// "The soldiers were part of a unit …", "Seven other soldiers were
// wounded in the attack …".
var victimsReferred = rx(`^(?:the|(?:[\w-]+ )?other) (?:soldiers|troops|policemen|police officers|victims|dead)\b`)

// definiteSubject reports a sentence that opens with a definite noun
// phrase ("The Iskander missile", "The strike") ending at the trigger.
func definiteSubject(lower string, at int) bool {
	return strings.HasPrefix(lower, "the ") && len(strings.Fields(lower[:at])) <= 4 && !strings.ContainsAny(lower[:at], ",;")
}

// runningTotal reports whether a trigger, with the text before it and
// the text from it on, tells a war's running toll in the present
// perfect: "has already killed", "have so far killed", "has killed
// thousands of". A day's act told so ("has killed 15 people") is not.
func runningTotal(before, from string) bool {
	m := perfectTotal.FindStringSubmatch(before)
	return m != nil && (m[1] != "" || thousandsKilled.MatchString(from))
}

var (
	// perfectTotal ends the text before a trigger told in the present
	// perfect; its adverb of a total, if any, is captured.
	perfectTotal = rx(`\bha(?:s|ve)\s+(already\s+|so\s+far\s+)?(?:now\s+)?$`)
	// thousandsKilled is a toll of thousands, never one act's in a
	// report of the day.
	thousandsKilled = rx(`^\w*(?:killed|claimed)\s+(?:the\s+lives\s+of\s+)?(?:more\s+than\s+|over\s+)?(?:(?:tens|hundreds)\s+of\s+|many\s+)?thousands\b`)
)

// cumulativeRe marks a sentence that sums up a period, not one event.
// A daily tally ("over the past day") still reports that day's events.
//
// "in recent days" sums up a period too: "three police officers have
// died in the district in recent weeks".
var cumulativeRe = rxf(`\b(?:over|in|during) the (?:past|last|previous) (?:two|three|four|five|six|seven|ten|several|few|\d+) (?:days|weeks|months|years)\b|\b(?:over|in|during) (?:recent|the past few|the last few) (?:days|weeks|months)\b|\b(?:so far|to date|in total|this (?:week|month|year))\b|\bsince the (?:start|beginning|outbreak)\b|\bsince the (?:[\w'’-]+\s+){0,2}(?:takeover|capture|seizure|fall|invasion)\b|\bsince then\b|\bsince (?:early |late )?(?:last|this) (?:year|month|week|spring|summer|autumn|winter)\b`)

// heldSinceRe says since when a place has been held: "has been under the
// control of the RSF since March", "held by the rebels since 2023".
var heldSinceRe = rx(`\b(?:under (?:the )?(?:[\w-]+ )?control of|held by|controlled by)\b[^.;]{0,60}?\bsince\b`)

// heldSince reports a sentence si, or the one before it, that says since
// when a place has been held.
func heldSince(ex *Extraction, si int) bool {
	for k := max(0, si-1); k <= si; k++ {
		if t := ex.Sentences[k].Text; strings.Contains(t, "since") && heldSinceRe.MatchString(t) {
			return true
		}
	}
	return false
}

// droveToFlee follows an act's noun that is the subject of people's
// flight: "forces all the villagers … to flee", "forced thousands to
// flee their homes".
var droveToFlee = rx(`^\s+(?:has\s+|have\s+|had\s+)?(?:forced|forces|force|drove|drives|sent)\b[^.;]{0,80}?\bto flee\b`)

// perfectToll is a toll told in the present perfect, a running total:
// "have died", "has killed", "have been killed".
var perfectToll = rx(`\b(?:have|has)\s+(?:now\s+|so far\s+)?(?:been\s+)?(?:died|killed|slain|lost their lives)\b`)

// toldHappened follows an act's noun that a sentence goes on about:
// "The ambush happened …", "The attack took place …", "The fighting
// broke out …".
var toldHappened = rx(`^\s+(?:(?:reportedly|apparently) )?(?:happened|occurred|took place|broke out|erupted|began|started)\b`)

// measuredFrom ends the text before a place a distance is measured
// from: "about 160 kilometers (100 miles) southeast of", "30 km from the".
var measuredFrom = rx(`\b\d[\d,.]*\s?(?:km|kilomet(?:er|re)s?|miles)\b[^.;]{0,60}$`)

// placeToldAgain gives the act told before of sub's event type, no more
// than three sentences back, the place a sentence that refers back to it
// names after from ("The fighting broke out … in a village in Bilar
// town"; "The ambush happened … in the village of Munchique, Buenos
// Aires", then near Buenos Aires, in Munchique), when the act has no
// place, or only the region or country that place is in.
func placeToldAgain(ex *Extraction, out []Event, si, from int, sub string) {
	prev := lastOfType(out, sub)
	if prev == nil || si-prev.Sentence > 3 || !violentType(prev.EventType) {
		return
	}
	s := ex.Sentences[si]
	p := eventPlace(ex, si, from, s.Start, s.End, false)
	// "The ambush occurred roughly 400 kilometers north of the capital,
	// Bamako": a place the act is measured from is not where it was.
	if p == nil || p.Sentence != si || !inside(p.Place, prev.Place) || measuredFrom.MatchString(ex.Article.Text[max(s.Start, p.Start-80):p.Start]) {
		return
	}
	prev.Place = p
	if v := unlistedIn(ex, from, s.Start, s.End); v != "" && prev.Village == "" {
		placeUnlisted(prev, v)
	}
}

// sameEvent reports a sentence that tells again the event of the one
// just before it (the lede, then its details): the same sub-event type,
// at most two sentences apart, and no different day or place.
func sameEvent(a, b *Event) bool {
	gap := b.Sentence - a.Sentence
	if b.separate {
		return false
	}
	// A detail without a place of its own ("the building appeared to
	// have been hit by a cruise missile") may come a sentence later
	// still, after a quote or the rescue work.
	detail := b.Place == nil && a.SubEventType == b.SubEventType
	if gap > 3 || gap > 2 && !detail || gap == 0 {
		return false
	}
	if a.SubEventType != b.SubEventType && !retelling(a, b, gap) {
		return false
	}
	if a.Date != nil && b.Date != nil && !a.Date.Date.Equal(b.Date.Date) {
		return false
	}
	if a.Place != nil && b.Place != nil && a.Place.Place.ID != b.Place.Place.ID && b.partOf != a.Place.Place.ID || otherVillage(a, b) || partOfTown(a, b) {
		return false
	}
	return true
}

// indefiniteBefore reports text that ends with the article "a" or "an".
func indefiniteBefore(before string) bool {
	for _, a := range []string{"a ", "an "} {
		if strings.HasSuffix(before, a) && (len(before) == len(a) || before[len(before)-len(a)-1] == ' ') {
			return true
		}
	}
	return false
}

// pointedBack reports an act of violence told as "this massacre",
// "this attack" ("were martyred in this massacre after midnight", a
// rescuer says) after a violent act of the same day or a day apart: the
// act pointed back to, whatever word the speaker gives it.
func pointedBack(a, b *Event) bool {
	if !b.demonstrative || b.Sentence <= a.Sentence || !violentType(a.EventType) || !violentType(b.EventType) {
		return false
	}
	return a.Date == nil || b.Date == nil || absDays(a.Date.Date.Sub(b.Date.Date)) <= 1
}

// weaponOfTheAct ends the (lower-case) text before a weapon that the
// act told before is said to have used: "the attack involved a
// vehicle-borne", "the blast was caused by an", "the bombing was carried
// out with a". The weapon is that act's, pointed back to.
var weaponOfTheAct = regexp.MustCompile(`\b(?:the|this) (?:attack|assault|bombing|blast|explosion|ambush) (?:involved|used|was caused by|was carried out (?:with|using|by means of)) (?:an? |the |two )?(?:[a-z-]+ ){0,3}$`)

// demonstrativeBefore reports text that ends with "this", or names
// what the act was: "it was a (massacre)", "this was a". Not "that",
// which opens what was said as often ("said that a missile hit").
func demonstrativeBefore(before string) bool {
	for _, a := range []string{"this ", "it was a ", "it was an ", "this was a ", "this was an ", "it is a ", "it is an "} {
		if strings.HasSuffix(before, a) && (len(before) == len(a) || !isWordByte(before[len(before)-len(a)-1])) {
			return true
		}
	}
	return false
}

// partOfTown reports an act told as a new one ("A drone hit the Kalba
// neighbourhood, killing five") at a neighbourhood or village of the
// town an earlier act was placed at, with a toll of its own smaller than
// that act's (or the earlier act's unstated): one of the acts the
// earlier sentence sums, not that act told again. "The strike hit a
// house in the Rimal neighbourhood" goes back to the act told before;
// so does a part that repeats the whole toll.
func partOfTown(a, b *Event) bool {
	if b.Sentence <= a.Sentence || a.Village != "" || b.Village == "" || !b.FatalitiesStated {
		return false
	}
	if a.Place != nil && a.Place.Place.Kind == KindTown && (b.Place == nil || b.Place.Place.ID == a.Place.Place.ID) {
		return b.indefinite && (!a.FatalitiesStated || b.Fatalities < a.Fatalities)
	}
	// A lede with no place and a toll, then a village's act with a
	// smaller one ("Renewed clashes have killed at least 24 people … the
	// town of X was attacked and 22 people were killed"): a part of it.
	return a.Place == nil && b.Place == nil && a.FatalitiesStated && b.Fatalities > 0 && b.Fatalities < a.Fatalities
}

// actReference names an act told before: "the strike", "the attack".
var actReference = rx(`\bthe (?:drone |air |missile |israeli |russian )?(?:strike|airstrike|attack|shelling|raid|bombing|bombardment)\b`)

// villageFromLater places an unplaced act of violence at the village a
// later sentence that codes no event of its own names while referring
// back to it: "… did not comment on the strike in the village of
// Yaroun"; "NNA said the attack targeted a vehicle between the villages
// of Toulin and Burj Qalaouiyeh in the Bint Jbeil district" (then in
// that district).
func villageFromLater(ex *Extraction, evs []Event) {
	for _, u := range ex.Unlisted {
		s := ex.Sentences[u.Sentence]
		lower := lowerInPlace(ex.Article.Text[s.Start:u.Start])
		ref := actReference.FindStringIndex(lower)
		if ref == nil || codes(evs, u.Sentence) {
			continue
		}
		// "the strike" is the last air strike told, if any; else the
		// last act of violence.
		var prev *Event
		strike := strings.Contains(lower[ref[0]:ref[1]], "strike")
		for k := len(evs) - 1; k >= 0; k-- {
			if evs[k].Sentence < u.Sentence && violentType(evs[k].EventType) && (prev == nil || strike && evs[k].SubEventType == truce.AirDroneStrike && prev.SubEventType != truce.AirDroneStrike) {
				prev = &evs[k]
			}
		}
		if prev == nil || prev.Place != nil || prev.Village != "" {
			continue
		}
		prev.Place = eventPlace(ex, u.Sentence, u.Start, s.Start, s.End, false)
		placeUnlisted(prev, u.Text)
	}
}

// ownActIn reports a second clause [cut, end) that tells an act of the
// same kind as the first clause [start, cut) elsewhere: it names a town
// the first does not and a toll of its own ("a strike on a school killed
// one person, while a drone near Khan Yunis in the south killed a man").
func ownActIn(ex *Extraction, si, start, cut, end int) bool {
	if n, ok := fatalities(withoutTotals(ex.Article.Text[cut:end])); !ok || n == 0 {
		return false
	}
	first := map[string]bool{}
	lo, hi := within(len(ex.Places), func(k int) int { return ex.Places[k].Start }, start, cut)
	for k := lo; k < hi; k++ {
		first[ex.Places[k].Place.ID] = true
	}
	if len(first) == 0 {
		return false
	}
	lo, hi = within(len(ex.Places), func(k int) int { return ex.Places[k].Start }, cut, end)
	for k := lo; k < hi; k++ {
		if p := ex.Places[k]; p.Sentence == si && p.Place.Kind == KindTown && !first[p.Place.ID] {
			return true
		}
	}
	return false
}

// listJoin is what stands between two names of a list: "A, B and C".
var listJoin = regexp.MustCompile(`^(?:,|,?\s*and|,?\s*or)$`)

// listedTowns returns the other towns of the list of towns the event's
// place heads in its clause [from, to), each more than 25 km from the
// event's place and from every town returned before it: ACLED codes an
// event a place, and towns as far apart are not one place. Towns nearer
// than that (the quarters of a city, neighbouring villages) stay one
// event; a list of regions, a list of two and "between A and B" are not
// read so.
func listedTowns(ex *Extraction, si, from, to int, at *PlaceMention) []*PlaceMention {
	if at == nil || at.Place.Kind != KindTown || at.GeoPrecision > truce.GeoNear {
		return nil
	}
	lo, hi := within(len(ex.Places), func(k int) int { return ex.Places[k].Start }, from, to)
	first := -1
	for k := lo; k < hi; k++ {
		if ex.Places[k].Start == at.Start {
			first = k
		}
	}
	// "the highway between Stanislav and Oleksandrivka" is one place.
	if first < 0 || strings.HasSuffix(lowerInPlace(strings.TrimSpace(ex.Article.Text[max(from, at.Start-12):at.Start])), "between") {
		return nil
	}
	last := first
	for k := first + 1; k < hi; k++ {
		p, prev := &ex.Places[k], &ex.Places[k-1]
		if p.Sentence != si || p.Place.Kind != KindTown || p.GeoPrecision > truce.GeoNear ||
			!listJoin.MatchString(strings.TrimSpace(ex.Article.Text[prev.End:p.Start])) {
			break
		}
		last = k
	}
	// Two towns ("targets near Homs and Hama") describe an area as
	// often as two places: only a list of three or more is read so.
	if last-first < 2 {
		return nil
	}
	taken := []Place{at.Place}
	var out []*PlaceMention
	for k := first + 1; k <= last; k++ {
		p := &ex.Places[k]
		far := true
		for _, t := range taken {
			if distanceKm(t.Lat, t.Lon, p.Place.Lat, p.Place.Lon) <= 25 {
				far = false
			}
		}
		if far {
			c := *p
			out = append(out, &c)
			taken = append(taken, p.Place)
		}
	}
	return out
}

// whereItHappened refers back to the act told before and says where it
// happened: "The village of Suzemka, where the incident occurred, is
// 10 km from the border"; "the governor of Hiran region, where the
// attack took place". The place is the one named just before it.
var whereItHappened = rx(`\b(?:where|in which) the (?:incident|attack|strike|shelling|explosion|blast|bombing|raid) (?:occurred|happened|took place)\b`)

// itHappenedIn says in a sentence of its own where the act told before
// happened: "The attack occurred in Hays district", "The incident is
// said to have occurred in the town of …", "the attack took place
// Friday evening in …", "Five others were wounded in the explosion in
// …"; with words before and after the act's noun, "The overnight
// shootout early Saturday happened in …", "the attack, which took place
// in the town of …". The place is the first named after it.
var itHappenedIn = rx(`\b(?:the|this) (?:[\w'’-]+ ){0,4}?(?:incident|attack|strike|shelling|explosion|blast|bombing|raid|shootout|gunfight|firefight|ambush|clash|assault)(?:,? (?:which|that))?(?: [\w-]+){0,2}? (?:(?:reportedly|is said to have|was said to have|had|has) )?(?:occurred|happened|took place)\b[^.;]{0,40}?\bin\b|^It (?:reportedly )?(?:occurred|happened|took place)\b[^.;]{0,40}?\b(?:in|near|outside)\b|\b(?:killed|wounded|injured|hurt|died) in the (?:incident|attack|strike|shelling|explosion|blast|bombing|raid) in\b`)

// whenAttacked says where the ones the act told before hit were when it
// came: "the patrol was returning from a mission in Tillia when it was
// attacked by men on motorcycles".
var whenAttacked = rx(`\bwhen (?:it|they|the (?:[\w-]+ ){0,2}?(?:patrol|convoy|unit|troops|soldiers|vehicle|bus|team|column)) (?:was|were|came under) (?:attacked|ambushed|attack|fire)\b`)

// mayTellWhere reports the words whereItHappened and itHappenedIn need:
// a literal test before their expressions, which most sentences fail.
func mayTellWhere(text string) bool {
	if strings.Contains(text, "occurred") || strings.Contains(text, "happened") || strings.Contains(text, "took place") || strings.Contains(text, " when ") {
		return true
	}
	for _, act := range []string{"incident", "attack", "strike", "shelling", "explosion", "blast", "bombing", "raid"} {
		if strings.Contains(text, "in the "+act+" in") {
			return true
		}
	}
	return false
}

// townFromLater gives the place a later sentence names while saying
// that the act told before happened there (whereItHappened,
// itHappenedIn) to that act, when the act had no place or only the
// region or country the place is in: a town, or a region when the act
// had no place or only the country. The sentence must code no event of
// its own.
func townFromLater(ex *Extraction, evs []Event) {
	for si, s := range ex.Sentences {
		if codes(evs, si) || !mayTellWhere(s.Text) {
			continue
		}
		var at *PlaceMention
		var by *ActorMention // who attacked, told after "when it was attacked by"
		if ref := whereItHappened.FindStringIndex(s.Text); ref != nil {
			// The place named last before "where".
			lo, hi := within(len(ex.Places), func(k int) int { return ex.Places[k].Start }, s.Start, s.Start+ref[0])
			for k := lo; k < hi; k++ {
				if p := &ex.Places[k]; p.Place.Kind == KindTown || p.Place.Kind == KindRegion {
					at = p
				}
			}
		} else if ref := whenAttacked.FindStringIndex(s.Text); ref != nil {
			// The town named last before "when it was attacked", else
			// the region.
			lo, hi := within(len(ex.Places), func(k int) int { return ex.Places[k].Start }, s.Start, s.Start+ref[0])
			for k := lo; k < hi; k++ {
				if p := &ex.Places[k]; p.Place.Kind == KindTown || p.Place.Kind == KindRegion && (at == nil || at.Place.Kind == KindRegion) {
					at = p
				}
			}
			if rest := s.Text[ref[1]:]; strings.HasPrefix(rest, " by ") {
				for k := range ex.Actors {
					if m := &ex.Actors[k]; m.Start >= s.Start+ref[1]+4 && m.Start <= s.Start+ref[1]+10 {
						by = m
						break
					}
				}
			}
		} else if ref := itHappenedIn.FindStringIndex(s.Text); ref != nil {
			// The place named first after "in", or a town after the
			// region that holds it ("in the Lower Shabelle province, on
			// the outskirts of the regional capital Marka").
			lo, hi := within(len(ex.Places), func(k int) int { return ex.Places[k].Start }, s.Start+ref[1], s.End)
			for k := lo; k < hi && (at == nil || at.Place.Kind == KindRegion); k++ {
				if p := &ex.Places[k]; p.Place.Kind == KindTown && (at == nil || inside(p.Place, at)) || p.Place.Kind == KindRegion && at == nil {
					at = p
				}
			}
		}
		if at == nil {
			continue
		}
		// The last act told before that can have happened there: one
		// already placed in another town did not; and when the act
		// nearest before is already there, the sentence told its place.
		var prev *Event
		for k := len(evs) - 1; k >= 0 && prev == nil; k-- {
			if evs[k].Sentence >= si || !violentType(evs[k].EventType) {
				continue
			}
			if evs[k].Place != nil && evs[k].Place.Place.ID == at.Place.ID {
				break
			}
			if inside(at.Place, evs[k].Place) {
				prev = &evs[k]
			}
		}
		if prev == nil {
			continue
		}
		c := *at
		prev.Place = &c
		if by != nil && prev.Actor1 == "" && by.Category != truce.Civilians && by.Actor != prev.Actor2 {
			prev.Actor1 = by.Actor
			cat2 := 0
			if a2, ok := actorCategory(ex, prev.Actor2); ok {
				cat2 = a2
			}
			prev.Interaction = truce.Interaction(by.Category, cat2)
		}
	}
}

// actorCategory is the category of an actor the article mentions by that
// (resolved) name.
func actorCategory(ex *Extraction, name string) (int, bool) {
	for _, m := range ex.Actors {
		if m.Actor == name {
			return m.Category, true
		}
	}
	return 0, false
}

// inside reports whether a town lies in the place an event has, which is
// no more than its region or country (or nothing).
func inside(town Place, at *PlaceMention) bool {
	if at == nil {
		return true
	}
	switch at.Place.Kind {
	case KindCountry:
		return at.Place.Country == town.Country
	case KindRegion:
		if town.Kind == KindRegion {
			return false // a region says no more than the region the act has
		}
		return at.Place.Country == town.Country && at.Place.Admin1 != "" && at.Place.Admin1 == town.Admin1
	}
	return false
}

// otherVillage reports two events at two different villages the
// gazetteer lacks: two strikes, even when both are placed in one
// district or left unplaced.
func otherVillage(a, b *Event) bool {
	return a.Village != "" && b.Village != "" && !strings.EqualFold(a.Village, b.Village)
}

// retelling reports whether b, of another sub-event type than a, tells
// a's event again: a detail without a place of its own after an event of
// the same kind, whatever weapon it names; the next sentence giving the
// place an event of the same kind lacked ("A Russian missile strike
// killed 18." then "The shelling hit the mall in Kremenchuk."); or the
// killing of civilians a strike or a battle just told caused ("… killed
// civilians when it pounded the mall"), which ACLED does not code twice.
func retelling(a, b *Event, gap int) bool {
	switch {
	case a.EventType == b.EventType && b.Place == nil && a.Place != nil:
		return true
	case a.EventType == b.EventType && a.Place == nil && b.Place != nil && gap == 1:
		return true
	case b.SubEventType == truce.Attack && gap == 1 && (a.EventType == truce.ExplosionsRemoteViolence || a.EventType == truce.Battles):
		return a.Place == nil || b.Place == nil || a.Place.Place.ID == b.Place.Place.ID
	}
	return false
}

// mergeEvent completes a with what b adds: a place, a date, actors, the
// larger toll.
func mergeEvent(a, b *Event) {
	if a.Place == nil || b.Place != nil && (b.Place.GeoPrecision < a.Place.GeoPrecision || b.partOf == a.Place.Place.ID) {
		a.Place, a.partOf = b.Place, b.partOf
	}
	if a.Date == nil {
		a.Date = b.Date
	}
	if a.Village == "" {
		a.Village = b.Village
	}
	// "Suspected militants killed 14 … ADF rebels killed civilians with
	// knives": the group the retelling names is who the unnamed were.
	if a.Actor1 == "" || unnamedHand(a.Actor1) && !unnamedHand(b.Actor1) {
		a.Actor1, a.Actor2, a.Interaction = b.Actor1, b.Actor2, b.Interaction
	}
	if b.FatalitiesStated && b.Fatalities > a.Fatalities {
		a.Fatalities, a.FatalitiesStated = b.Fatalities, true
	}
}

// totalRe marks a part of a sentence that gives a running total, not
// the toll of the event: "…, raising the war's toll to 32,900", "since
// the war began", "so far", "…, which has brought some respite in a
// conflict that has killed more than 3,000".
var totalRe = rxf(`\b(?:since|so far|to date|in total|altogether|overall|the war has|the conflict has|the fighting has|war's|conflict's|(?:that|which) ha(?:s|ve) (?:so far |now |already )?(?:killed|claimed))\b`)

// withoutTotals drops from a clause the comma-separated parts that give a
// running total, so that a cumulative toll mentioned in passing does not
// become the event's toll.
func withoutTotals(clause string) string {
	if !totalRe.MatchString(clause) {
		return clause
	}
	parts := strings.Split(clause, ",")
	kept := parts[:0]
	for _, p := range parts {
		if !totalRe.MatchString(p) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ",")
}

// sameKind reports whether an event of the sub-event type was coded
// already.
func sameKind(evs []Event, sub string) bool {
	for _, e := range evs {
		if e.SubEventType == sub {
			return true
		}
	}
	return false
}

// lastOfType is the last of evs of the event type of sub, or nil.
func lastOfType(evs []Event, sub string) *Event {
	t, _ := truce.EventTypeOf(sub)
	for k := len(evs) - 1; k >= 0; k-- {
		if evs[k].EventType == t {
			return &evs[k]
		}
	}
	return nil
}

// sameType reports an event of the event type of sub among evs.
func sameType(evs []Event, sub string) bool {
	t, _ := truce.EventTypeOf(sub)
	for _, e := range evs {
		if e.EventType == t {
			return true
		}
	}
	return false
}

// bareActNoun is an act named by its noun alone.
var bareActNoun = rx(`^(?:bombing|bombardment|shelling|strikes?|attacks?|raids?|assault)$`)

// theDevice is a trigger that names a bomb or its blast and nothing
// else, read after "the": "the bomb exploded", "the car bomb", "the
// explosive device went off", "the blast".
var theDevice = rx(`^(?:(?:car|truck|roadside|suicide|parked|motorcycle|explosive)\s+)?(?:bomb|device|blast|explosion)(?:\s+(?:exploded|detonated|went off|was detonated|blew up))?$`)

var yearRe = rx(`\b(?:in|since|until|by|of|from) (?:early |late |mid-)?((?:19|20)\d\d)\b`)

// yearSummary reports a sentence that speaks of the article's whole
// year and of no day, week or month in it: "shelling by Pakistani troops
// was very heavy in 2020", in a report of 31 December 2020.
func yearSummary(ex *Extraction, s Sentence) bool {
	pub := ex.Article.Published
	if pub.IsZero() || !strings.Contains(s.Text, strconv.Itoa(pub.Year())) {
		return false
	}
	lo, hi := within(len(ex.Dates), func(k int) int { return ex.Dates[k].Start }, s.Start, s.End)
	if lo < hi {
		return false
	}
	for _, m := range yearRe.FindAllStringSubmatch(s.Text, -1) {
		if y, _ := strconv.Atoi(m[1]); y == pub.Year() {
			return true
		}
	}
	return false
}

// pastWeek reports a sentence dated only by a week or a month over
// before the report's day ("Last week, settlers torched dozens of cars",
// "clashes last month"): past the lede, the earlier act that led to the
// news, not news of its own.
func pastWeek(ex *Extraction, s Sentence) bool {
	pub := ex.Article.Published
	if pub.IsZero() || dayIn(ex, s) != nil {
		return false
	}
	lo, hi := within(len(ex.Dates), func(k int) int { return ex.Dates[k].Start }, s.Start, s.End)
	if lo == hi {
		return false
	}
	d := ex.Dates[lo]
	return d.Relative && d.Precision != truce.PrecisionDay && !d.truce && d.To.Before(truncDay(pub))
}

// pastYear reports a sentence set in a year before the article's.
func pastYear(text string, published time.Time) bool {
	if published.IsZero() {
		return false
	}
	if !strings.Contains(text, " 19") && !strings.Contains(text, " 20") {
		return false
	}
	for _, m := range yearRe.FindAllStringSubmatch(text, -1) {
		if y, _ := strconv.Atoi(m[1]); y < published.Year() {
			return true
		}
	}
	return false
}

// clauseBoundary separates two clauses that may each report an event.
var clauseBoundary = rx(`,\s+(?:but|while|whereas|and then|and)\s+|;\s+`)

// findTrigger returns the rule and the trigger's offsets in text of the
// earliest event trigger at or after from that is neither hypothetical
// nor background (the main clause comes first in news prose; at one
// position the earlier rule wins), or nil. A chemical weapon anywhere
// after from outweighs what delivered it ("a barrel bomb containing
// chlorine"), as ACLED codes it.
func findTrigger(text, lower string, from int) (*eventRule, []int) {
	var rule *eventRule
	var loc []int
	rest, restLower := text[from:], lower[from:]
	lowerIx := indexText(restLower)
	foldedIx := &lowerIx
	if folded := foldCase(rest); folded != restLower {
		ix := indexText(folded)
		foldedIx = &ix
	}
	lasted := -1
	if loc := lastedBefore.FindStringIndex(text); loc != nil {
		lasted = loc[0]
	}
	for k := range eventRules {
		r := &eventRules[k]
		if r.fallback && rule != nil || !r.pre.mayMatch(rest, foldedIx) || !lowerIx.hasCue(r.cues) {
			continue
		}
		if r.also != nil && !r.also.MatchString(text) {
			continue
		}
		if r.sub == truce.Agreement && agreementFailed.MatchString(text) {
			continue
		}
		for m := range matchesIn(r.re, rest) {
			m = []int{m[0] + from, m[1] + from}
			if loc != nil && m[0] >= loc[0] {
				break
			}
			// "fighting jets bombed": an aircraft made for fighting is a
			// warplane, not a fight.
			if r.sub == truce.ArmedClash && m[1]-m[0] == len("fighting") && aircraftAfter.MatchString(text[m[1]:]) {
				continue
			}
			before := text[max(0, m[0]-60):m[0]]
			// "police found spent shells from three rifles": the cases of
			// fired rounds left at a scene are evidence, not shelling.
			if r.sub == truce.Shelling && strings.EqualFold(text[m[0]:m[1]], "shells") && (casingBefore.MatchString(before) || casingAfter.MatchString(text[m[1]:min(len(text), m[1]+60)])) {
				continue
			}
			if !r.hypothetical && hypothetical(before) || backgroundRe.MatchString(before) || r.sub == truce.Agreement && (measuredAgainst.MatchString(before) || plannedAgreement.MatchString(before)) {
				continue
			}
			if r.sub == truce.Agreement && underAgreement.MatchString(before) && !dayAfter.MatchString(text[m[1]:]) {
				continue
			}
			if r.fallback && toldBefore.MatchString(text) {
				continue
			}
			// "a rebel pull-out from captured territory": the participle
			// describes the land, it tells no capture.
			if r.sub == truce.GovernmentRegainsTerritory && participleBefore.MatchString(before) && strings.EqualFold(text[m[0]:m[1]], "captured") {
				continue
			}
			// "captured three of the gunmen", "seized their weapons",
			// "withdrew from the truce", "pulled out of the debris":
			// people, things or a pact taken or left are no territory.
			if (r.sub == truce.GovernmentRegainsTerritory || r.sub == truce.NonViolentTransfer) && notLand(text[m[1]:]) {
				continue
			}
			// "an ethnic armed group fighting the junta": the participle
			// says what the group does, it tells no clash.
			if r.sub == truce.ArmedClash && strings.EqualFold(text[m[0]:m[1]], "fighting") && groupBefore.MatchString(before) && opponentAfter.MatchString(text[m[1]:]) {
				continue
			}
			// "The military denied attacking the camp": a denial tells
			// no act.
			if deniedBefore.MatchString(before) {
				continue
			}
			// "footage of a UAV strike on the occupiers has appeared
			// online": a video of an act, with no day or toll, is not
			// news of it.
			if footageOf.MatchString(before) {
				continue
			}
			// "a group which has been fighting the government for
			// nearly two years": fighting told by how long it has lasted
			// is the war, not a clash.
			if r.sub == truce.ArmedClash && strings.EqualFold(text[m[0]:m[1]], "fighting") && foughtFor.MatchString(text[m[1]:]) {
				continue
			}
			// "The FARC for decades fought the government, carrying out
			// … bombings": what is told by how long it lasted, before
			// its verb, is the war, to the sentence's end.
			if lasted >= 0 && m[0] >= lasted {
				continue
			}
			// "armed groups, which at the time controlled most of the
			// country, and the rebels launched an offensive": what the
			// sentence tells of a time named before is background.
			if atTheTime.MatchString(text[:m[0]]) {
				continue
			}
			// "The latest missile and drone attack came a day after
			// four civilians were wounded by mortar fire": the subject
			// names the act told before; the news is what follows
			// "after".
			if cameAfterSubject(text, m) || cameAsSubject(text, m) {
				continue
			}
			// "a recent strike on Nyala airport": an act called recent
			// is background to the news.
			if recentAct.MatchString(text[max(0, m[0]-8):m[1]]) {
				continue
			}
			// "militants armed with guns and grenades attacked", "a
			// cache of rifles, ammunition and rocket-propelled grenades":
			// grenades among other arms are what the attackers carried or
			// what was found, not a grenade attack.
			if r.sub == truce.Grenade && (armsBefore.MatchString(before) || armsAfter.MatchString(text[m[1]:])) {
				continue
			}
			// "where it frequently conducts airstrikes", "continues to
			// claim bombings all over the country": what a side does
			// habitually is the war it wages, not an act of a day.
			if habitual(text[max(0, m[0]-100):m[0]], text[m[0]:m[1]], text[m[1]:]) {
				continue
			}
			// "waging a campaign to take control of the capital": an
			// infinitive of taking is an aim, not a capture (but "managed
			// to capture" is one).
			if r.sub == truce.GovernmentRegainsTerritory && aimBefore.MatchString(before) && !achievedBefore.MatchString(before) {
				continue
			}
			rule, loc = r, m
			break
		}
	}
	// "a Russian missile strike on": a strike by missile, rocket or
	// artillery is shelling, not an air strike.
	if rule != nil && rule.sub == truce.AirDroneStrike && strikeByShell.MatchString(text[loc[0]:loc[1]]) {
		for k := range eventRules {
			if eventRules[k].sub == truce.Shelling {
				return &eventRules[k], loc
			}
		}
	}
	// "gunmen thought to be cattle thieves stormed a hamlet", "the
	// kidnappers, carrying rifles, stormed the main road": armed men
	// with no cause of their own who storm a place raid it; they take
	// and hold no ground (rebels and jihadists who storm a town may).
	// Met with resistance, it was a fight, as before.
	if rule != nil && rule.sub == truce.GovernmentRegainsTerritory && strings.HasPrefix(text[loc[0]:loc[1]], "storm") &&
		raidersBefore(text[max(0, loc[0]-90):loc[0]]) && !metResistance.MatchString(text[loc[1]:]) {
		return ruleOf(truce.Attack), loc
	}
	if rule != nil && rule.sub == truce.Abduction && abductedKilled.MatchString(text[loc[1]:]) {
		for k := range eventRules {
			if eventRules[k].sub == truce.Attack {
				return &eventRules[k], loc // "abducted and killed": a killing
			}
		}
	}
	if rule == nil || rule.sub == truce.ChemicalWeapon || !eventRules[0].pre.mayMatch(rest, foldedIx) || !lowerIx.hasCue(eventRules[0].cues) {
		return rule, loc
	}
	for m := range matchesIn(eventRules[0].re, rest) {
		m = []int{m[0] + from, m[1] + from}
		before := text[max(0, m[0]-60):m[0]]
		if !hypothetical(before) && !backgroundRe.MatchString(before) && !backgroundClause.MatchString(before) {
			return &eventRules[0], m
		}
	}
	return rule, loc
}

// matchesIn yields the matches of re in s as FindAllStringIndex(s, -1)
// gives them, but searches on only when the caller asks for more:
// findTrigger stops at the first match it accepts, most often the
// first, and the rest of the sentence need not be read. Each search asks
// for twice as many matches as the one before, from the start.
func matchesIn(re *regexp.Regexp, s string) iter.Seq[[]int] {
	return func(yield func([]int) bool) {
		done := 0
		for n := 1; ; n *= 2 {
			ms := re.FindAllStringIndex(s, n)
			for _, m := range ms[done:] {
				if !yield(m) {
					return
				}
			}
			if len(ms) < n {
				return
			}
			done = len(ms)
		}
	}
}

// toldBefore names an act the article told already: "One jawan was
// injured in the firing", "As a result of this latest attack, an
// Armenian soldier was injured", "two policemen were wounded by the
// explosion" tell what came of it, not another act.
var toldBefore = rx(`\b(?:the|this|that|these|those) (?:latest |same |last |recent )?(?:attacks?|firing|shelling|incidents?|violations?|exchanges?|clash(?:es)?|fighting|strikes?|provocations?|blasts?|explosions?|bombings?)\b`)

// participleBefore ends the text before a participle used as an
// adjective: "from captured territory", "the captured town".
var participleBefore = rx(`\b(?:from|of|in|on|into|over|to|the|its|their|newly|recently)\s+$`)

// foughtFor follows "fighting" with how long it has gone on: "fighting
// the government for nearly two years", "fighting for decades".
var foughtFor = rx(`^(?:\s+[\w'’-]+){0,4}?\s+for (?:nearly |almost |about |around |over |more than |the past |the last )?(?:\w+ )?(?:years|months|decades)\b`)

// lastedBefore is how long something went on told before its verb:
// "for decades fought", "for years waged".
var lastedBefore = rx(`\bfor (?:nearly |almost |about |more than |over |the past |the last )?(?:\w+ )?(?:years|decades|months) (?:fought|waged|battled|attacked|carried out|launched|staged|shelled|bombed)\b`)

// footageOf ends the text before an act shown, not told: "footage of",
// "a video showing", "images of the".
var footageOf = rx(`\b(?:footage|videos?|images|photos|pictures|recordings?)\s+(?:[\w-]+\s+){0,2}?(?:of|showing|shows|showed)\s+(?:an?\s+|the\s+)?$`)

// deniedBefore ends the text before an act that someone denies.
var deniedBefore = rxf(`\b(?:denied|denies|denying|deny)\s+(?:\w+\s+)?$`)

// atTheTime refers a clause to a time told before it.
var atTheTime = rx(`\bat the time\b`)

// recentAct is an act qualified as recent.
var recentAct = rx(`\brecent\b`)

// aimBefore ends the text before a verb in the infinitive; achievedBefore
// makes the infinitive an act done ("managed to", "succeeded to").
var aimBefore = rx(`\bto\s+$`)
var achievedBefore = rx(`\b(?:managed|succeeded|able|went on|proceeded) to\s+$`)

var strikeByShell = rx(`\b(?:missile|rocket|artillery|shell|mortar)s? strikes?\b`)

// raiderNoun ends with the subject of a storming when it is armed men
// with no cause of their own, with at most a few words or an aside
// between ("some 80 gunmen thought to be cattle thieves", "the
// kidnappers, carrying rifles,"); otherSide is a force that may storm
// a place in their stead ("as soldiers", "before police").
var (
	raiderNoun = rx(`\b(?:gunmen|bandits|herdsmen|herders|assailants|attackers|kidnappers|raiders|armed men|hoodlums|cattle rustlers)\b(?:,? [\w'’-]+){0,8}?,?\s*$`)
	otherSide  = rx(`\b(?:police|policemen|troops|soldiers|forces|army|military|commandos|militia|militiamen|vigilantes|rebels|jihadists|insurgents)\b`)
)

// metResistance tells, after a storming, that its targets fought back.
var metResistance = rx(`\b(?:resistance|resisted|repelled|repulsed|fought|clashed|engaged|exchange of fire|gun ?battles?|gun ?fights?|firefights?)\b`)

// raidersBefore reports a storming whose subject, in the text before it,
// is armed men with no cause of their own (raiderNoun), no other side
// named between them and the verb.
func raidersBefore(before string) bool {
	m := raiderNoun.FindStringIndex(before)
	return m != nil && !otherSide.MatchString(before[m[0]:])
}

var abductedKilled = rx(`^ and (?:then )?(?:killed|executed|shot dead|murdered)`)

// isState reports whether the actor is a state force of the country
// where the events happen (ACLED's "Government regains territory" is
// for the government; foreign forces taking ground are coded as
// non-state actors overtaking territory).
func isState(name string, actors *Actors, countries []string) bool {
	a, ok := actors.Get(name)
	return ok && a.Category == truce.StateForces
}

// blastWhen reports an actor named before "when" a blast or a bomb
// told after it: "the soldiers were on patrol near the town when a blast
// hit their convoy" names those the bomb hit, not who planted it.
func blastWhen(text string, ev *Event, m ActorMention) bool {
	if ev.SubEventType != truce.RemoteExplosive || m.End > ev.at || ev.at-m.End > 200 {
		return false
	}
	between := text[m.End:ev.at]
	return strings.Contains(between, " when ") && !strings.ContainsAny(between, ".;")
}

// overrunBy reports the forces a clash's trigger says were overrun
// ("overran government forces"): the losers, not who attacked.
func overrunBy(text string, ev *Event, m ActorMention) bool {
	if ev.SubEventType != truce.ArmedClash || m.Start < ev.at || m.Start-ev.at > 40 {
		return false
	}
	t := text[ev.at:m.Start]
	return len(t) >= 8 && (strings.EqualFold(t[:8], "overran ") || strings.EqualFold(t[:8], "overrun "))
}

// codeActors sets actor1 (who acted) and actor2 (who was acted on). The
// acting actor is the one after "by" or "fell to", else the first one
// that acts rather than speaks; the other is the civilians or responders
// the sentence names, else the next armed actor.
func codeActors(ev *Event, ex *Extraction, si, from, to int, actors *Actors) {
	lo, hi := within(len(ex.Actors), func(k int) int { return ex.Actors[k].Start }, from, to)
	in := ex.Actors[lo:hi]
	if len(in) == 0 {
		return
	}
	text := ex.Article.Text
	victimish := func(m ActorMention) bool {
		return m.Category == truce.Civilians || m.Category == truce.Protesters && ev.EventType != truce.Protests
	}
	humanitarian := func(m ActorMention) bool {
		act, ok := actors.Get(m.Actor)
		return ok && (act.Kind == ActorHumanitarian || act.Kind == ActorCivilians)
	}
	// Responders and civilians do not commit violence in these rules:
	// "a UN convoy was bombed" names the victim; nor does the one killed:
	// "an air strike that killed two senior Hamas militants".
	// The words before an actor are read within its clause: "…, killing
	// two civilians. \"Pakistani Rangers fired …" does not make the
	// Rangers the ones killed.
	// "the troops … came under heavy attack", "the commander was driving
	// to the town when he came under attack": who came under it, named
	// before it in the trigger's sentence, was attacked.
	end := ev.at + len(ev.Trigger)
	cameUnder := func(m ActorMention) bool {
		return m.End <= end && strings.Contains(strings.ToLower(text[max(m.End, ev.at):end]), "came under")
	}
	notPerpetrator := func(m ActorMention) bool {
		return victimish(m) || supporterBefore.MatchString(text[max(from, m.Start-40):m.Start]) || cameUnder(m) || m.Category == truce.Civilians || blastWhen(text, ev, m) || overrunBy(text, ev, m) ||
			humanitarian(m) && ev.EventType != truce.StrategicDevelopments && ev.EventType != truce.Protests ||
			killedObject(text[max(from, m.Start-40):m.Start]) || harmedSubject.MatchString(text[m.End:min(to, m.End+100)]) || inHarmedSubject(text[m.End:min(to, m.End+100)]) ||
			targetOwner.MatchString(text[max(from, m.Start-40):m.Start]) || attackedTarget.MatchString(text[max(from, m.Start-40):m.Start]) || violentType(ev.EventType) && ownedTarget.MatchString(text[m.End:min(to, m.End+40)]) || brokeredBy.MatchString(text[max(from, m.Start-60):m.Start]) ||
			violentType(ev.EventType) && strings.Contains(text[max(from, m.Start-80):m.Start], "between") && partyOfAgreement.MatchString(text[max(from, m.Start-80):m.Start])
	}
	// "The army said it had recaptured …", "the group said it had taken":
	// a speaker that reports its own act is its agent.
	in = append([]ActorMention(nil), in...)
	for k := range in {
		if in[k].Speaker && selfReport.MatchString(text[in[k].End:min(len(text), in[k].End+60)]) {
			in[k].Speaker = false
		}
	}
	var a1 *ActorMention
	// "a Hamas ambush", "an RSF drone strike": the actor named just
	// before the event's noun did it. So did the side named in the
	// trigger's own words, whoever the sentence's subject is: its
	// mention holds the trigger's start ("killed in an alleged Israeli
	// airstrike") or ends the trigger as its head noun ("attacked by a
	// Turkish drone"); a side named inside it otherwise is its object
	// ("drove Islamic State out of"). Of sides joined by "and" ("US and
	// British warplanes struck"), the first.
	for k := range in {
		gap := ev.at - in[k].End
		within := in[k].Start <= ev.at && in[k].End > ev.at || in[k].Start > ev.at && in[k].End == end
		if (gap >= 0 && gap <= 2 || within) && !notPerpetrator(in[k]) {
			for k > 0 && in[k-1].End <= in[k].Start && joinedSides(text[in[k-1].End:in[k].Start]) {
				k--
			}
			a1 = &in[k]
			break
		}
	}
	for k := range in {
		if a1 != nil || ev.SubEventType == truce.DisruptedWeaponsUse {
			break // who launched what was intercepted is not who intercepted it
		}
		before := lowerInPlace(text[max(0, in[k].Start-30):in[k].Start])
		if strings.HasSuffix(before, "backed by ") || strings.HasSuffix(before, "supported by ") {
			continue // a supporter, not the one who acted
		}
		// "came under heavy attack from Kuki militants": who the attack
		// came from made it, as "attacked by" tells.
		if underAttackFrom.MatchString(before) && !notPerpetrator(in[k]) {
			a1 = &in[k]
			break
		}
		if strings.HasSuffix(before, "from ") || strings.HasSuffix(before, "from the ") {
			in[k].Speaker = true // "retook the palace from the RSF": the loser, never actor1
			continue
		}
		if in[k].Speaker {
			continue // "according to a statement released by the army" names who speaks
		}
		// "were ambushed by a group of insurgents", "attacked by
		// suspected militants": the words between "by" and the actor
		// still make it the agent.
		if m := byGroupOf.FindStringIndex(before); m != nil {
			before = before[:m[0]] + "by "
		}
		if (strings.HasSuffix(before, "by ") || strings.HasSuffix(before, "by the ")) && passiveBy(before) ||
			strings.HasSuffix(before, "fell to ") {
			if !notPerpetrator(in[k]) {
				a1 = &in[k]
				break
			}
		}
	}
	switch ev.EventType {
	case truce.Protests:
		for k := range in {
			if in[k].Category == truce.Protesters {
				a1 = &in[k]
				break
			}
		}
	case truce.Riots:
		for k := range in {
			if in[k].Category == truce.Rioters {
				a1 = &in[k]
				break
			}
		}
	}
	violent := violentType(ev.EventType)
	if a1 == nil {
		// A speaker is actor1 only of what is not violence: "Ukrainian
		// officials said a missile struck" does not make them the
		// perpetrator (blame may, see attributeBlame).
		passes := 2
		if violent {
			passes = 1
		}
		for pass := 0; pass < passes && a1 == nil; pass++ {
			for k := range in {
				if notPerpetrator(in[k]) {
					continue
				}
				if pass == 0 && in[k].Speaker {
					continue
				}
				a1 = &in[k]
				break
			}
		}
	}
	if a1 == nil && ev.SubEventType == truce.AirDroneStrike {
		a1 = ownStrikesReported(in, actors)
	}
	if a1 == nil {
		// Homes looted or torched are done by someone other than the
		// residents the sentence names: "Gunmen looted homes, forcing
		// residents to flee" leaves the perpetrator unknown, not the
		// residents.
		if ev.EventType == truce.StrategicDevelopments && !(ev.SubEventType == truce.LootingPropertyDestruction && victimish(in[0])) || ev.EventType == truce.Protests {
			a1 = &in[0]
		} else {
			// Only victims (or sources) are named: the perpetrator is
			// unknown; a victim that does not merely speak is actor2.
			for k := range in {
				if !in[k].Speaker {
					ev.Actor2 = in[k].Actor
					ev.Interaction = truce.Interaction(in[k].Category, 0)
					break
				}
			}
			return
		}
	}
	// "killed by rebels from the M23 group": the group named after a
	// generic noun is who they are.
	for k := range in {
		if a1.How == HowGeneric && in[k].Start >= a1.End && groupOf.MatchString(text[a1.End:in[k].Start]) && !notPerpetrator(in[k]) {
			a1 = &in[k]
			break
		}
	}
	ev.Actor1 = a1.Actor
	if violent {
		ev.Actor1 = forcesOf(ev.Actor1, actors)
	}
	// The other actor: civilians or responders first, then another armed
	// actor, but not one joined to the first by "and" ("Russian and
	// Syrian warplanes" are both perpetrators).
	ally := func(m ActorMention) bool {
		lo, hi := a1.End, m.Start
		if m.Start < a1.Start {
			lo, hi = m.End, a1.Start
		}
		if lo > hi || hi-lo > 6 {
			return false
		}
		between := strings.TrimSpace(lowerInPlace(text[lo:hi]))
		return between == "and" || between == "or" || between == ","
	}
	var a2 *ActorMention
	for k := range in {
		if in[k].Actor != a1.Actor && (victimish(in[k]) || humanitarian(in[k]) && !in[k].Speaker) {
			a2 = &in[k]
			break
		}
	}
	if a2 == nil {
		for k := range in {
			if in[k].Actor != a1.Actor && !in[k].Speaker && in[k].Category != truce.Civilians && !ally(in[k]) {
				a2 = &in[k]
				break
			}
		}
	}
	cat2 := 0
	if a2 != nil {
		ev.Actor2 = a2.Actor
		cat2 = a2.Category
	}
	ev.Interaction = truce.Interaction(a1.Category, cat2)
}

// harmedSubject follows an actor that is the subject of its own harm:
// "nine soldiers were injured in the drone attack" names the victims,
// not the attackers; so do "Three members of the Abu Sayyaf Group (ASG)
// were killed in clashes with the military", "the Iraqi army was
// targeted" and "ten soldiers are reported dead"; and forces that
// "died" in the act, or "were caught" in it, with a clause on them
// between ("the gendarmes, who had halted at a bridge, were caught in
// the crossfire").
// harmedLater is the rest of a subject whose members were harmed,
// then its passive verb: "jawans of the Chhattisgarh Armed Force and two
// jawans of the state police's District Force were killed".
//
// The subject may hold a place set off by commas ("rangers in Than To
// District, Yala Province, were ambushed"), and the harm be an attack
// told in the passive ("were ambushed", "was blasted by a roadside
// bomb"): those attacked are not the attackers either.
var harmedLater = rx(`^((?:[^,;.:"“”]|,\s[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,3},){1,90}?)\s(?:was|were|is|are|had been|have been|has been)\s+(?:\w+\s+)?(?:killed|injured|wounded|hurt|martyred|attacked|ambushed|targeted|blasted|bombed|shelled|dead)\b`)

// notActed are the past participles that qualify a noun ("armed men",
// "Iran-backed") rather than tell an act of the subject: any other word
// in -ed ends the noun phrase harmedLater reads ("Rebels attacked the
// post and two soldiers were killed" does not make the rebels the ones
// killed).
var notActed = setOf(`armed allied united based led backed trained deployed stationed named called reported suspected alleged believed`)

// inHarmedSubject reports that the text after an actor's mention goes
// on as the subject of a passive harm ("… were killed") with no verb of
// its own between: the actor is among the harmed.
func inHarmedSubject(after string) bool {
	m := harmedLater.FindStringSubmatch(after)
	if m == nil {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(m[1])) {
		w = strings.Trim(w, "'’()")
		if strings.HasSuffix(w, "ed") && !notActed[w] || w == "who" || w == "which" || w == "that" || w == "when" || w == "after" || w == "as" {
			return false
		}
	}
	return true
}

var harmedSubject = rx(`^(?:\s+(?:rebels?|fighters|militants|insurgents|gunmen|soldiers|troops|members))?\)?(?:\s*\([^)]{1,30}\))?(?:\s*(?:--|—|–))?(?:,\s+(?:who|which)\s+[^,.;:"“”]{1,60},)?,?\s+(?:who\s+)?(?:(?:was|were|is|are|had been|have been|has been)\s+(?:\w+\s+)?(?:killed|injured|wounded|hurt|martyred|targeted|attacked|ambushed|dead|caught)\b|(?:\w+\s+)?(?:died|perished)\b)`)

// brokeredBy ends the text before the broker, sponsor or guarantor of a
// truce: "a ceasefire brokered by Moscow", "mediated by Qatar and
// Egypt". A broker is never the perpetrator.
var brokeredBy = rx(`\b(?:brokered|mediated|sponsored|guaranteed|hosted|proposed|negotiated)\s+by\b[^.;:,]*$`)

// targetOwner ends the text before an actor whose positions were hit:
// "to bombard the positions of the national army", "shelled posts of
// the Indian army".
var targetOwner = rx(`\b(?:positions?|posts?|bases?|checkpoints?|outposts?|barracks|trenches|bunkers?|convoys?|headquarters)\s+of\s+(?:the\s+)?$`)

// attackedTarget ends the text before an actor an attack was made on:
// "killed in an overnight attack on government forces", "an assault
// against army positions", "a bomb targeting the troops". The side
// attacked is the target, never the attacker; the attacker is named
// elsewhere ("a Houthi attack on government forces") or not at all.
var attackedTarget = rx(`\b(?:attacks?|assaults?|onslaughts?|offensives?|ambush(?:es)?|raids?)\s+(?:on|against|upon)\s+(?:the\s+)?$|\btargeting\s+(?:the\s+)?$`)

// ownedTarget follows a side named as the owner of a post that was
// hit: "an Armenian army outpost that came under fire", "Ukrainian
// positions near the town were shelled". Whose post was hit is the
// target, not who fired; "Russian positions fired on" is read too
// rarely to weigh against it.
var ownedTarget = rx(`^(?:['’]s)?\s+(?:army\s+|military\s+|border\s+|police\s+|combat\s+|forward\s+|frontline\s+|front-line\s+)*(?:outposts?|positions?|posts?|bases?|checkpoints?|barracks|trenches|bunkers?|convoys?|patrols?|camps?|garrisons?|headquarters|depots?)\b`)

// violentType reports the ACLED event types of political violence.
func violentType(t string) bool {
	return t == truce.Battles || t == truce.ExplosionsRemoteViolence || t == truce.ViolenceAgainstCivilians
}

// partyOfAgreement ends the text before a party to a ceasefire or a war
// the sentence measures its event against ("the worst violation yet of
// the cease-fire between Russian-backed rebels and Ukrainian troops"):
// a party, not the perpetrator.
var partyOfAgreement = rx(`\b(?:ceasefire|cease-fire|truce|conflict|war|talks|agreement|deal)\s+between\s+[^,;.]*$`)

// killedObject reports whether the text before an actor ends with a
// verb of killing and at most three words without a preposition: the
// actor is who was killed ("killed two senior Hamas militants"), not who
// killed ("killed by Israeli fire", "killed in an Israeli strike").
func killedObject(before string) bool {
	f := strings.Fields(lowerInPlace(before))
	for k := len(f) - 1; k >= 0 && k >= len(f)-4; k-- {
		w := strings.Trim(f[k], ",;:")
		switch {
		case w == "killed" || w == "killing" || w == "kills" || w == "wounded" || w == "wounding" || w == "injured" || w == "injuring":
			return true
		case k == len(f)-1 && (w == "targeted" || w == "targeting" || w == "ambushed" || w == "ambushing"):
			return true // "a bomb targeted soldiers on patrol": the soldiers were hit
		case w == "at" && k+1 < len(f) && f[k+1] == "least":
		case locativeWords[w] || w == "by" || w == "after" || w == "following" || w == "during" || w == "when" || w == "as" || w == "with" || w == "amid" || w == "for":
			return false
		}
	}
	return false
}

// selfReport follows a speaker that reports its own act: "said it had
// recaptured", "said on Saturday it had captured", "said its aircraft had",
// or in the past tense, "said they fired guided missiles at a vehicle".
var selfReport = rx(`^\s*(?:also\s+)?(?:said|says|announced|claimed)\s+(?:on \w+\s+|late on \w+\s+|earlier\s+)?(?:that\s+)?(?:it|they|its (?:forces|troops|fighters|aircraft|jets))\s+(?:(?:had|has|have)\s|(?:fired|launched|struck|targeted|attacked|shelled|bombed|shot down|downed|carried out|destroyed|ambushed|stormed|intercepted|repelled|repulsed|killed)\b)`)

// joinedSides reports the words between two sides' names that join them
// as one subject: "and", a comma.
func joinedSides(between string) bool {
	switch strings.TrimSpace(between) {
	case "and", ",", ", and":
		return true
	}
	return false
}

// forcesOf turns a government into its forces as the perpetrator of
// violence ("Russia struck" is Russia's military, as ACLED codes it).
func forcesOf(name string, actors *Actors) string {
	rest, ok := strings.CutPrefix(name, "Government of ")
	if !ok {
		return name
	}
	if a, ok := actors.Get("Military Forces of " + rest); ok {
		return a.Name
	}
	return name
}

// blameRe finds the one blamed in a sentence: "blamed Russian forces",
// "accused the RSF of", "accused the Sudanese army of", "was blamed on
// the Houthis".
var blameRe = rx(`\b(?:blamed|blames|blaming|accused|accuses|accusing|held)\s+(?:it\s+on\s+|the attack on\s+)?(?:the\s+)?(?:[\w]+-(?:backed|led|aligned|allied|supported|linked)\s+)?(?:(?:forces|fighters|troops|militias|gunmen|units)\s+(?:loyal to|of|from|backed by)\s+(?:the\s+)?|(?:[\w-]+\s+){0,2}[\w-]+(?:'s|’s)\s+)?$|\bblamed on\s+(?:the\s+)?$`)

// attributeBlame gives actor1 to the violent events that have none from
// the blame of the same or one of the next two sentences: "A missile
// struck the station … Ukraine blamed Russian forces". The blamed actor
// is a claim, as the report's sources make it; ACLED codes it so.
func attributeBlame(ex *Extraction, evs []Event, actors *Actors) {
	for k := range evs {
		ev := &evs[k]
		if ev.Actor1 != "" || !violentType(ev.EventType) {
			continue
		}
		from := ex.Sentences[ev.Sentence].Start
		to := ex.Sentences[min(len(ex.Sentences)-1, ev.Sentence+2)].End
		m, ok := blamedIn(ex, from, to)
		if !ok {
			m, ok = blameBefore(ex, evs, ev.Sentence)
		}
		if ok {
			ev.Actor1 = forcesOf(m.Actor, actors)
			if ev.Actor1 == ev.Actor2 {
				ev.Actor2 = ""
			}
		}
	}
}

// blameForAct names what the blame is for: an act the report tells
// ("blamed the rebels for the attack", "for Sunday's shelling").
var blameForAct = rx(`\bfor (?:the|this|that|[\w]+(?:'s|’s)) (?:[\w-]+ )?(?:attacks?|strikes?|shelling|bombing|raids?|assault|killings?|massacre)\b`)

// blameBefore returns the one blamed for the attack in one of the two
// sentences before si ("The government blamed the Houthi rebels for the
// attack. … shells hit homes in the town"), when no event was coded
// since that blame: it is about the act si tells.
func blameBefore(ex *Extraction, evs []Event, si int) (ActorMention, bool) {
	for b := si - 1; b >= max(0, si-2); b-- {
		if codes(evs, b) {
			break
		}
		s := ex.Sentences[b]
		if !blameForAct.MatchString(s.Text) {
			continue
		}
		if m, ok := blamedIn(ex, s.Start, s.End); ok {
			return m, true
		}
	}
	return ActorMention{}, false
}

// accusedAfter follows an actor that the sentence says was accused or
// blamed: "the RSF was accused of attacking the village", "the rebels,
// who were blamed for the attack".
var accusedAfter = rx(`^(?:\s*\([^)]{1,20}\))?,?\s+(?:who\s+)?(?:was|were|is|are|has been|have been|had been|stands|stand)\s+(?:widely\s+|also\s+)?(?:accused|blamed)\s+(?:of|for)\b`)

// blamedIn returns the first armed actor blamed in [from, to) ("accused
// the RSF of", "blamed Russian forces"), not one who denied it.
func blamedIn(ex *Extraction, from, to int) (ActorMention, bool) {
	text := ex.Article.Text
	lo, hi := within(len(ex.Actors), func(i int) int { return ex.Actors[i].Start }, from, to)
	for i := lo; i < hi; i++ {
		m := ex.Actors[i]
		if m.Category == truce.Civilians {
			continue
		}
		s := ex.Sentences[m.Sentence]
		before := text[max(s.Start, m.Start-40):m.Start]
		after := text[m.End:min(s.End, m.End+40)]
		if (blameRe.MatchString(before) || accusedAfter.MatchString(after)) && !strings.Contains(lowerInPlace(after[:min(len(after), 12)]), "denied") {
			return m, true
		}
	}
	return ActorMention{}, false
}

// actingIn returns the first actor of [from, to) that may have done
// violence: named as itself (a generic "troops" in another sentence says
// too little of whose), not a speaker, a civilian, a responder, the one
// killed, the target ("acts of violence against government forces") or
// the broker of a truce ("a ceasefire brokered by Russia and Turkey").
func actingIn(ex *Extraction, from, to int, actors *Actors) (ActorMention, bool) {
	text := ex.Article.Text
	lo, hi := within(len(ex.Actors), func(i int) int { return ex.Actors[i].Start }, from, to)
	for i := lo; i < hi; i++ {
		m := ex.Actors[i]
		if m.Speaker || m.How == HowGeneric || m.Category == truce.Civilians || m.Category == truce.Protesters {
			continue
		}
		if a, ok := actors.Get(m.Actor); !ok || a.Kind == ActorHumanitarian || a.Kind == ActorCivilians {
			continue
		}
		before := lowerInPlace(text[max(from, m.Start-40):m.Start])
		if killedObject(before) || notAgent.MatchString(before) || hedgedBy.MatchString(before) || harmedSubject.MatchString(text[m.End:min(to, m.End+100)]) {
			continue
		}
		return m, true
	}
	return ActorMention{}, false
}

// hedgedBy ends the text before an actor that the report only believes
// did it: "rockets believed to have been fired by ISIS militants". The
// labels, as ACLED, leave such an act's perpetrator unnamed.
var hedgedBy = rx(`\b(?:believed|thought)\s+to\s+have\s+been\s+\w+\s+by\s+(?:the\s+)?$`)

// notAgent ends the text before an actor that is the target, the broker
// or a party of what the sentence tells, not its agent ("made attempts to
// attack Russia's positions").
var notAgent = rx(`\b(?:against|on|at|between|from|with|of)\s+(?:the\s+)?$|\b(?:brokered|mediated|sponsored|guaranteed|backed|supported) by\b[^.;:,]*$|\b(?:attack(?:s|ed|ing)?|shell(?:s|ed|ing)|struck|strik(?:e|es|ing)|target(?:s|ed|ing)|hit|bomb(?:s|ed|ing))\W*\s+(?:the\s+)?$`)

// burnedInTheAttack drops property destroyed, and fire someone came
// under, with no place of its own and no toll on the day of an attack
// or a clash told before it: "The gunmen also set fire to houses and
// shops nearby" is part of the attack, as ACLED codes it (one event,
// the attack).
func burnedInTheAttack(evs []Event) []Event {
	out := evs[:0]
	for _, ev := range evs {
		if (ev.SubEventType == truce.LootingPropertyDestruction || cameUnderFire.MatchString(ev.Trigger)) && !ev.placed && !ev.FatalitiesStated && attackBefore(out, &ev) {
			continue
		}
		out = append(out, ev)
	}
	return out
}

// armedDead names armed men among those a raid killed: "killing at
// least six Palestinians, including a gunman", "including two militant
// commanders".
var armedDead = rx(`\b(?:killing|killed)\b[^.;]{0,60}?\bincluding (?:a|an|one|two|three|four|five|several|some|\d+) (?:[\w-]+ ){0,2}?(?:gunm[ae]n|militants?|fighters?|militiam[ae]n|insurgents?|rebels?|commanders?)\b`)

// armedAmongTheDead makes a raid that killed armed men among others an
// armed clash: "forces raided a refugee camp, killing at least six
// Palestinians, including a gunman" was a fight with the armed men of
// the camp (ACLED codes a raid that meets armed resistance as a
// battle), whatever the civilians among the dead. Only raids and
// stormings: a strike or a shelling that kills a fighter stays what it
// was.
func armedAmongTheDead(ex *Extraction, evs []Event, actors *Actors) {
	for k := range evs {
		ev := &evs[k]
		if ev.SubEventType != truce.Attack || !raidTrigger.MatchString(ev.Trigger) || !armedDead.MatchString(ex.Article.Text[ev.Start:ev.End]) {
			continue
		}
		ev.EventType, ev.SubEventType = truce.Battles, truce.ArmedClash
		if a2, ok := actors.Get(ev.Actor2); ok && a2.Category == truce.Civilians || ev.Actor2 == "" {
			ev.Actor2 = ""
			cat1 := 0
			if a1, ok := actors.Get(ev.Actor1); ok {
				cat1 = a1.Category
			}
			ev.Interaction = truce.Interaction(cat1, 0)
		}
	}
}

// raidTrigger is an act told as a raid or a storming.
var raidTrigger = rx(`\b(?:raid(?:ed|s)?|storm(?:ed|ing)?)\b`)

// ambushTrigger is an act told as an ambush; bombWord names a bomb,
// a mine or an explosive device.
var (
	ambushTrigger = rx(`^(?:an? |the )?ambush(?:ed)?$`)
	bombWord      = rx(`\b(?:bombs?|land ?mines?|mines?|IEDs?|(?:improvised )?explosive devices?)\b`)
)

// ambushByBomb makes an ambush that the sentences after it tell was a
// bomb's a remote explosive: "rangers on patrol were ambushed by
// insurgents" and "the bomb explosion left a large crater", "soldiers
// were killed in an ambush" and "their armoured car hit a landmine". A
// bomb named in the ambush's sentence or the three after it, where no
// act of another kind is told, was the ambush's weapon; the explosion
// told there of the same day and place, or none, is the ambush told
// again, and its toll the ambush's when the ambush gave none.
func ambushByBomb(ex *Extraction, evs []Event) []Event {
	for k := range evs {
		a := &evs[k]
		if a.SubEventType != truce.ArmedClash || !ambushTrigger.MatchString(a.Trigger) {
			continue
		}
		last := min(a.Sentence+3, len(ex.Sentences)-1)
		bomb, other := false, false
		for si := a.Sentence; si <= last; si++ {
			bomb = bomb || bombWord.MatchString(ex.Sentences[si].Text)
		}
		for j := range evs {
			b := &evs[j]
			if j != k && b.Sentence >= a.Sentence && b.Sentence <= last && b.SubEventType != truce.RemoteExplosive && violentType(b.EventType) {
				other = true
			}
		}
		if !bomb || other {
			continue
		}
		a.EventType, a.SubEventType = truce.ExplosionsRemoteViolence, truce.RemoteExplosive
	}
	out := evs[:0]
	for _, ev := range evs {
		if n := len(out); n > 0 && ev.SubEventType == truce.RemoteExplosive && !ev.separate && !ev.later {
			a := &out[n-1]
			if ambushTrigger.MatchString(a.Trigger) && a.SubEventType == truce.RemoteExplosive && ev.Sentence > a.Sentence && ev.Sentence <= a.Sentence+3 &&
				(ev.Place == nil || a.Place != nil && ev.Place.Place.ID == a.Place.Place.ID) &&
				(ev.Date == nil || a.Date == nil || ev.Date.Date.Equal(a.Date.Date)) {
				if a.Date == nil {
					a.Date = ev.Date
				}
				if !a.FatalitiesStated && ev.FatalitiesStated {
					a.Fatalities, a.FatalitiesStated = ev.Fatalities, true
				}
				continue
			}
		}
		out = append(out, ev)
	}
	return out
}

// severalPlaces names in a lede the places hit without naming them:
// "attacked civilian targets in several communities", "struck four
// villages".
var severalPlaces = rx(`\b(?:several|multiple|a number of|two|three|four|five|six|\d+) (?:communities|hromadas|villages|settlements|towns|districts)\b`)

// communityIn names, in a sentence after such a lede, one of the places
// hit ("in the Bilopolska community", "in the Richky hromada");
// andIn names the next one of the same sentence ("…, and in Richkivska,
// they destroyed a house"); harmWord says the place was hit.
var (
	communityIn = rx(`\bin (?:the )?([A-Z][\w'’-]+) (?:community|hromada|territorial community|village council|municipality)\b`)
	andIn       = regexp.MustCompile(`\band in ([A-Z][\w'’-]+)\b`)
	harmWord    = rx(`\b(?:hit|struck|damaged|destroyed|killed|died|injured|wounded|shelled|attacked)\b`)
)

// ledeSumsItsActs drops a lede's strike or shelling of "several towns
// and villages" of a region when two or more acts of its kind, day and
// hand follow it at towns of that region: the lede sums them, and ACLED
// codes an event per place ("Russian troops hit several towns and
// villages in the region with artillery. The village of X came under
// fire … The town of Y was hit …").
func ledeSumsItsActs(ex *Extraction, evs []Event) []Event {
	for k, lede := range evs {
		if lede.Sentence > 1 || lede.SubEventType != truce.AirDroneStrike && lede.SubEventType != truce.Shelling ||
			lede.Date == nil || lede.Place != nil && lede.Place.Place.Kind != KindRegion || !severalPlaces.MatchString(ex.Sentences[lede.Sentence].Text) {
			continue
		}
		var parts []int
		for j := k + 1; j < len(evs); j++ {
			o := &evs[j]
			if o.SubEventType == lede.SubEventType && o.Date != nil && o.Date.Date.Equal(lede.Date.Date) && (o.Actor1 == "" || o.Actor1 == lede.Actor1) &&
				o.Place != nil && o.Place.Place.Kind == KindTown && (lede.Place == nil || o.Place.Place.Country == lede.Place.Place.Country && o.Place.Place.Admin1 == lede.Place.Place.Admin1) {
				parts = append(parts, j)
			}
		}
		if len(parts) < 2 {
			continue
		}
		return dropLedeForParts(evs, k, parts)
	}
	return evs
}

// dropLedeForParts drops the lede evs[k], which sums the acts at
// parts, and gives its hand to those of them told without one.
func dropLedeForParts(evs []Event, k int, parts []int) []Event {
	out := slices.Clone(evs)
	lede := evs[k]
	for _, j := range parts {
		if out[j].Actor1 == "" {
			out[j].Actor1, out[j].Actor2, out[j].Interaction = lede.Actor1, lede.Actor2, lede.Interaction
		}
	}
	return slices.Delete(out, k, k+1)
}

// ledeTollSumsItsActs drops a lede's strike or shelling whose toll is
// the sum of those of two or more acts of its kind told after it, each
// at a town, within two days of it: "More than 90 Palestinians … were
// killed in Israeli airstrikes on two homes", then "The Gaza City strike
// killed 76 people" and "a strike pulverized the Nuseirat home …,
// killing him and at least 14 others". The lede, placed no closer than
// a region, sums them; ACLED codes an event per place.
func ledeTollSumsItsActs(evs []Event) []Event {
	for k, lede := range evs {
		if lede.Sentence > 1 || lede.SubEventType != truce.AirDroneStrike && lede.SubEventType != truce.Shelling ||
			lede.Date == nil || !lede.FatalitiesStated || lede.Fatalities < 2 || lede.Place != nil && lede.Place.Place.Kind == KindTown {
			continue
		}
		sum := 0
		var parts []int
		for j := k + 1; j < len(evs); j++ {
			o := &evs[j]
			if o.SubEventType == lede.SubEventType && o.FatalitiesStated && o.Fatalities > 0 && o.Fatalities < lede.Fatalities &&
				o.Date != nil && absDays(o.Date.Date.Sub(lede.Date.Date)) <= 2 && o.Place != nil && o.Place.Place.Kind == KindTown {
				sum += o.Fatalities
				parts = append(parts, j)
			}
		}
		// "More than 90" for 76 and 15: the parts may exceed a hedged
		// total by a tenth.
		if len(parts) < 2 || sum < lede.Fatalities || 10*sum > 11*lede.Fatalities {
			continue
		}
		return dropLedeForParts(evs, k, parts)
	}
	return evs
}

// communitiesOfLede turns a lede's strike on "several communities" into
// one strike per community the next sentences name as hit, on the
// lede's day and by its hand, as ACLED codes them (an event per place):
// "Russia attacked several communities of the region with drones. A man
// died after being hit in the X community. In the Y community, the
// occupiers damaged infrastructure, and in Z, they destroyed a house."
// The lede, which sums them, is then dropped when two or more are
// named. The listing ends at a sentence that codes an act of its own or
// names another day.
func communitiesOfLede(ex *Extraction, evs []Event) []Event {
	coded := codedSentences(evs)
	for k := range evs {
		lede := evs[k]
		if lede.Sentence > 1 || lede.SubEventType != truce.AirDroneStrike && lede.SubEventType != truce.Shelling ||
			!severalPlaces.MatchString(ex.Sentences[lede.Sentence].Text) {
			continue
		}
		var named []Event
		for si := lede.Sentence + 1; si < len(ex.Sentences) && !coded[si] && !otherDay(ex, si, &lede); si++ {
			s := ex.Sentences[si]
			if !harmWord.MatchString(s.Text) {
				continue
			}
			m := communityIn.FindStringSubmatchIndex(s.Text)
			if m == nil {
				continue
			}
			ends := [][]int{m}
			if n := andIn.FindStringSubmatchIndex(s.Text[m[1]:]); n != nil {
				ends = append(ends, []int{n[0] + m[1], n[1] + m[1], n[2] + m[1], n[3] + m[1]})
			}
			for _, e := range ends {
				o := lede
				o.Sentence, o.Start, o.End, o.Trigger = si, s.Start, s.End, s.Text[e[2]:e[3]]
				o.Fatalities, o.FatalitiesStated, o.listed = 0, false, true
				o.Place, o.placed = nil, false
				for _, p := range ex.Places {
					if p.Start >= s.Start+e[2] && p.End <= s.Start+e[3] {
						p := p
						o.Place, o.placed = &p, true
					}
				}
				o.Fatalities, o.FatalitiesStated = fatalities(s.Text)
				named = append(named, o)
			}
		}
		if len(named) < 2 {
			continue
		}
		out := append(append(append([]Event(nil), evs[:k]...), named...), evs[k+1:]...)
		return out
	}
	return evs
}

// cameUnderFire is a trigger that tells only that someone was fired on:
// without a place or a toll of its own, on the day of a clash told
// before it ("a group sent to broker a truce … before they too came
// under heavy fire"), it is the clash.
var cameUnderFire = rx(`^came under (?:heavy |intense )?fire$`)

// attackBefore reports an attack on people or a clash among evs on the
// day of ev, or a day apart.
func attackBefore(evs []Event, ev *Event) bool {
	for k := range evs {
		a := &evs[k]
		if a.EventType != truce.ViolenceAgainstCivilians && a.EventType != truce.Battles || a.Date == nil {
			continue
		}
		if ev.Date == nil || !ev.Date.From.After(a.Date.To.AddDate(0, 0, 1)) && !a.Date.From.After(ev.Date.To.AddDate(0, 0, 1)) {
			return true
		}
	}
	return false
}

// actBackRe opens a sentence that goes on about the act told before:
// "The strike, carried out by …", "The latest attack on Wednesday took
// place after fighters belonging to …".
var actBackRe = rx(`^(?:the|this|that) (?:latest |new |fresh |deadly |overnight )?(?:attacks?|strikes?|raids?|massacre|assault|ambush|killings?|bombing|drone attack|(?:roadside |car |truck |motorcycle |magnetic |improvised )?(?:bombs?|blasts?|explosions?|explosive devices?|IEDs?|mines?))\b`)

// handAfter gives an act of violence whose perpetrator no sentence
// named, or only as a country's generic rebels, the armed group the next
// sentence names when it goes on about that act and names exactly one
// (by its own name, not speaking): "Three soldiers were killed in a
// drone attack. The strike, carried out by the ELN guerrilla, …"; a line
// linking another story between them is skipped.
func handAfter(ex *Extraction, evs []Event, actors *Actors) {
	coded := codedSentences(evs)
	for k := range evs {
		ev := &evs[k]
		if !unnamedHand(ev.Actor1) && !strings.HasPrefix(ev.Actor1, "Opposition rebels (") || !violentType(ev.EventType) {
			continue
		}
		si, found := ev.Sentence+1, false
		// The sentence that goes on about the act may come after one
		// that says who reported it ("… told Kabul Now that the incident
		// took place this morning. The roadside bomb … was planted by
		// the Taliban."), when that one codes no act of its own.
		for n := 0; n < 2 && si < len(ex.Sentences) && !coded[si]; n++ {
			if linkLine.MatchString(ex.Sentences[si].Text) {
				si++
				continue
			}
			if actBackRe.MatchString(ex.Sentences[si].Text) {
				found = true
				break
			}
			si++
		}
		if !found || coded[si] {
			continue
		}
		name := ""
		for _, m := range ex.Actors {
			if m.Sentence != si || m.Speaker || m.How == HowGeneric || m.Category < truce.RebelGroups || m.Category > truce.IdentityMilitias {
				continue
			}
			if name != "" && name != m.Actor {
				name = ""
				break
			}
			name = m.Actor
		}
		setHand(ev, name, actors)
	}
}

// partiesBetween opens a sentence that names the sides of the clash
// told before: "The clashes took place between two armed groups …: X
// and Y", "The fighting was between X and Y".
var partiesBetween = rx(`^(?:the|these|those) (?:latest |overnight |heavy |fierce )?(?:clash(?:es)?|fighting|battles?|confrontations?)\b[^.;]*?\bbetween\b`)

// partiesAfter gives a clash whose sentence named neither side the two
// armed actors a later sentence names as its sides, the first as
// actor1 (as the labels and ACLED list them), when no act was coded in
// between: "At least 13 people died in fighting between armed groups in
// Tripoli. … The clashes took place between two armed groups: Al-Radaa
// forces and the Tripoli Revolutionary Brigade."
func partiesAfter(ex *Extraction, evs []Event, actors *Actors) {
	coded := codedSentences(evs)
	for k := range evs {
		ev := &evs[k]
		if ev.Actor1 != "" || ev.EventType != truce.Battles {
			continue
		}
		for si := ev.Sentence + 1; si < len(ex.Sentences) && si <= ev.Sentence+4 && !coded[si]; si++ {
			s := ex.Sentences[si]
			loc := partiesBetween.FindStringIndex(s.Text)
			if loc == nil {
				continue
			}
			var sides []string
			for _, m := range ex.Actors {
				if m.Sentence != si || m.Start < s.Start+loc[1] || m.Speaker || m.How == HowGeneric && m.Category != truce.StateForces || m.Category < truce.StateForces || m.Category > truce.IdentityMilitias && m.Category != truce.ExternalForces {
					continue
				}
				if len(sides) == 0 || sides[len(sides)-1] != m.Actor {
					sides = append(sides, m.Actor)
				}
			}
			if len(sides) == 2 {
				setHand(ev, sides[0], actors)
				ev.Actor2 = sides[1]
				if a1, ok := actors.Get(sides[0]); ok {
					if a2, ok := actors.Get(sides[1]); ok {
						ev.Interaction = truce.Interaction(a1.Category, a2.Category)
					}
				}
			}
			break
		}
	}
}

// codedSentences returns the sentences in which evs were coded.
func codedSentences(evs []Event) map[int]bool {
	coded := map[int]bool{}
	for _, ev := range evs {
		coded[ev.Sentence] = true
	}
	return coded
}

// dominant returns the name counted most, and whether it was counted at
// least twice and strictly more often than any other (ties broken by
// name, so that the answer does not depend on the map's order).
func dominant(count map[string]int) (string, bool) {
	top, n, second := "", 0, 0
	for name, c := range count {
		switch {
		case c > n || c == n && name < top:
			if c > n {
				second = n
			} else {
				second = c
			}
			top, n = name, c
		case c > second:
			second = c
		}
	}
	return top, n >= 2 && n > second
}

// rebelsOfTheReport gives an act whose perpetrator is only a country's
// generic rebels ("killed in an attack … by rebels in … Beni territory")
// the rebel group the report names by its own name strictly more often
// than any other, and at least twice, when the report calls it rebels
// ("ADF rebels") and it is a group of the report's country or of none:
// the ADF named five times beside the Islamic State twice. A report
// naming two groups as often, or whose most named group it never calls
// rebels (the Islamic State's fighters beside "the rebels" who took the
// town), leaves the rebels generic.
func rebelsOfTheReport(ex *Extraction, evs []Event, actors *Actors) {
	count, calledRebels := map[string]int{}, map[string]bool{}
	for _, m := range ex.Actors {
		if m.How == HowGeneric || m.Category != truce.RebelGroups {
			continue
		}
		count[m.Actor]++
		calledRebels[m.Actor] = calledRebels[m.Actor] || strings.Contains(strings.ToLower(m.Text), "rebel")
	}
	top, won := dominant(count)
	if !won || !calledRebels[top] {
		return
	}
	// A group of another country than the report's subject is not its
	// rebels.
	if a, ok := actors.Get(top); !ok || a.Country != "" && (len(ex.Countries) == 0 || a.Country != ex.Countries[0]) {
		return
	}
	for k := range evs {
		if ev := &evs[k]; strings.HasPrefix(ev.Actor1, "Opposition rebels (") && violentType(ev.EventType) {
			setHand(ev, top, actors)
		}
	}
}

// setHand makes a listed actor, when it is not the act's target, the
// perpetrator of ev, with the interaction of the two.
func setHand(ev *Event, name string, actors *Actors) {
	a1, ok := actors.Get(name)
	if !ok || name == ev.Actor2 {
		return
	}
	ev.Actor1 = name
	cat2 := 0
	if a2, ok := actors.Get(ev.Actor2); ok {
		cat2 = a2.Category
	}
	ev.Interaction = truce.Interaction(a1.Category, cat2)
}

// caption is a photograph's caption: "… pictured outside …", "(Photo:
// …)", "File photo".
var caption = rx(`\bpictured\b|\bphoto(?:graph)?\s*:|\bfile photo\b|\bin this (?:photo|photograph|picture|image)\b`)

// handBefore gives an act of violence whose sentence names no
// perpetrator the one the sentence just before names, when that sentence
// coded no event of its own: the report's first words say who acted and
// the next what came of it ("Syrian regime forces struck villages
// across Idlib late Monday. Farmland in six villages burned after two
// rounds of shelling."; "An Israeli drone strike … killed one person
// … The drone struck a vehicle on the … road"). Blame there counts first
// ("The RSF accused the army of attacking its posts. 'Our forces came
// under artillery bombardment,' the RSF said."). A sentence that coded
// an event of its own is another report, whose actors are its own.
func handBefore(ex *Extraction, evs []Event, actors *Actors) {
	coded := codedSentences(evs)
	for k := range evs {
		ev := &evs[k]
		si := ev.Sentence - 1
		if ev.Actor1 != "" || !violentType(ev.EventType) || si < 0 || coded[si] {
			continue
		}
		s := ex.Sentences[si]
		// "RSF fighters pictured outside the municipality building on
		// March 22, 2024": a photograph's caption shows who was there,
		// not who struck.
		if strings.Contains(s.Text, "pictured") || strings.Contains(s.Text, "photo") || strings.Contains(s.Text, "Photo") {
			if caption.MatchString(s.Text) {
				continue
			}
		}
		name := ""
		if m, ok := blamedIn(ex, s.Start, s.End); ok {
			name = forcesOf(m.Actor, actors)
		} else if m, ok := actingIn(ex, s.Start, s.End, actors); ok {
			name = forcesOf(m.Actor, actors)
		}
		setHand(ev, name, actors)
	}
}

// lastViolent returns the last event when it is violent (battles,
// explosions, violence against civilians) and at most two sentences
// before si.
func lastViolent(evs []Event, si int) *Event {
	if len(evs) == 0 {
		return nil
	}
	e := &evs[len(evs)-1]
	if e.Sentence < si-2 {
		return nil
	}
	switch e.EventType {
	case truce.Battles, truce.ExplosionsRemoteViolence, truce.ViolenceAgainstCivilians:
		return e
	}
	return nil
}

// ownPlace reports whether sentence si names a town, area or site.
func ownPlace(ex *Extraction, si int) bool {
	s := ex.Sentences[si]
	text := ex.Article.Text
	lo, hi := within(len(ex.Places), func(k int) int { return ex.Places[k].Start }, s.Start, s.End)
	for k := lo; k < hi; k++ {
		// "the head of the Kherson regional administration": where a
		// speaker holds office is not a place of the sentence's own.
		if p := &ex.Places[k]; p.GeoPrecision <= truce.GeoNear && !treatedAt.MatchString(text[max(s.Start, p.Start-48):p.Start]) && !officeTitle(text, s.Start, p) &&
			!inAside(text[s.Start:p.Start]) {
			return true
		}
	}
	return false
}

// inAside reports whether the end of before lies inside an aside set
// off by a comma and a relative pronoun that no comma has closed: "the
// man suspected of the killings, which triggered a rampage against the
// village of X, had been killed" names X for the killings it recalls,
// not for the act the sentence tells.
func inAside(before string) bool {
	i := max(strings.LastIndex(before, ", which "), strings.LastIndex(before, ", who "))
	return i >= 0 && !strings.Contains(before[i+2:], ",")
}

// treatedAt ends the words before the town where the wounded were taken
// ("were taken to hospitals in Zaporizhzhia", "hospitalised in"): where
// they were treated, not where they were hit.
var treatedAt = regexp.MustCompile(`(?i)\b(?:(?:taken|rushed|brought|transferred|evacuated|admitted) to (?:a |the |local |several )?(?:[\w-]+ )?(?:hospitals?|clinics?|medical facilities)|hospitali[sz]ed|treated) (?:in|at) (?:the (?:city|town) of )?$`)

// within returns the index range [lo, hi) of the items, sorted by start,
// that start in [from, to): mentions of one sentence, found in O(log n)
// so that a long text costs linear time.
func within(n int, startOf func(int) int, from, to int) (int, int) {
	lo := sort.Search(n, func(k int) bool { return startOf(k) >= from })
	hi := sort.Search(n, func(k int) bool { return startOf(k) >= to })
	return lo, max(lo, hi)
}

// groupOf joins a generic noun to the group it names: "rebels from the
// M23 group", "fighters of the", or the name right after the noun ("the
// rebel group al-Shabaab").
//
// So do the words of a guess at who unnamed attackers were: "gunmen
// believed to be members of Al-Shabaab", "suspected to belong to the".
var groupOf = rx(`^\s+(?:(?:from|of|belonging to) (?:the )?|(?:,\s+)?(?:believed|suspected|thought|said) to (?:be|belong to|have been) (?:members of |fighters of |from )?(?:the )?)?$`)

// unnamedHand reports an actor1 that names no one: none, or the
// unidentified armed group of ACLED's convention ("gunmen", "armed
// men"). A group a later sentence names, or one that claims the act,
// is who they were.
func unnamedHand(name string) bool {
	return name == "" || strings.HasPrefix(name, "Unidentified Armed Group (")
}

// byGroupOf ends the (lower-case) text before an agent with the words
// that may stand between it and "by": "by a group of", "by a band of
// armed", "by suspected".
var byGroupOf = regexp.MustCompile(`\bby (?:an? |the )?(?:(?:group|band|gang|squad|unit|number|team|members?) of (?:the )?|suspected |unidentified |unknown |armed )+$`)

// underAttackFrom ends the (lower-case) text before the side an attack
// or fire came from: "came under heavy attack from", "came under fire
// from the".
var underAttackFrom = regexp.MustCompile(`came under (?:[a-z-]+ ){0,2}?(?:attack|fire) from (?:the )?(?:[a-z-]+ )?$`)

// passiveBy reports whether the "by" that ends before follows a passive
// participle ("was hit by", "carried out by", "led by") and so names the
// agent; "the siege of Deir ez-Zor by Islamic State" does not.
func passiveBy(before string) bool {
	before = strings.TrimSuffix(strings.TrimSuffix(before, "the "), "by ")
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	w := strings.Trim(f[len(f)-1], ",;:")
	switch w {
	case "hit", "struck", "shot", "out", "led", "held", "run", "made", "done", "fought", "caught":
		return true
	// An act named by its noun: "artillery fire by the RSF", "a drone
	// strike by Israel", "shelling by government forces".
	case "fire", "shelling", "strike", "strikes", "attack", "attacks", "bombardment", "raid", "raids", "assault", "offensive", "bombing":
		return true
	}
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "en")
}

// visitorsFrom ends the text before the home of visitors: "tourists
// from", "pilgrims from the".
var visitorsFrom = rx(`\b(?:tourists|guests|visitors|travell?ers|pilgrims|holidaymakers|holiday-makers) from (?:the )?$`)

// eventPlace is the most exact place of the sentence (a town over an
// area over a region), the first after the trigger ("air strikes on a
// market in Douma") or else the first of the sentence; when the sentence
// names none, the most exact of the two sentences before it, where news
// prose names the place it then describes.
//
// An agreement takes its place from its own sentence only (where it was
// signed is rarely where the story before it happened), and may be placed
// in a country: agreements are often national.
func eventPlace(ex *Extraction, si, trigger, from, to int, agreement bool) *PlaceMention {
	var best, office, reference *PlaceMention
	bestAfter, bestOrigin := false, false
	startOf := func(k int) int { return ex.Places[k].Start }
	lo, hi := within(len(ex.Places), startOf, from, to)
	for k := lo; k < hi; k++ {
		p := &ex.Places[k]
		if p.Sentence != si || (p.Place.Kind == KindCountry && !agreement) || ex.inDateline(p.Start) {
			continue
		}
		// "the mayor of Kidal said", "the head of the Kherson regional
		// administration": where the speaker holds office, kept only
		// for a sentence that places the act nowhere else.
		if officeTitle(ex.Article.Text, ex.Sentences[si].Start, p) {
			if office == nil || p.GeoPrecision < office.GeoPrecision {
				office = p
			}
			continue
		}
		// "… in response to the chemical attack on Khan Shaykhun": a
		// place in a clause about the cause is not where this happened;
		// nor is the seat of a source ("the defence ministry in Moscow
		// said").
		if backgroundClause.MatchString(ex.Article.Text[max(ex.Sentences[si].Start, p.Start-80):p.Start]) ||
			attributionRe.MatchString(ex.Article.Text[p.End:min(ex.Sentences[si].End, p.End+12)]) ||
			strings.HasSuffix(lowerInPlace(ex.Article.Text[max(ex.Sentences[si].Start, p.Start-14):p.Start]), "according to ") {
			// "according to Kyiv": a capital that speaks for its
			// government is a source, not where it happened.
			continue
		}
		// "since the spring, when Nairobi withdrew from the talks": a
		// national capital that acts as its state does is the
		// government, not a place.
		if p.Place.Capital && p.Place.Kind == KindTown && capitalActs.MatchString(ex.Article.Text[p.End:min(ex.Sentences[si].End, p.End+40)]) {
			continue
		}
		after := p.Start >= trigger
		country := p.Place.Kind == KindCountry
		// "killed two guests believed to be tourists from Lagos": the
		// home of visitors harmed elsewhere is never where it happened.
		if visitorsFrom.MatchString(ex.Article.Text[max(ex.Sentences[si].Start, p.Start-40):p.Start]) {
			continue
		}
		// "the injured were taken to the general hospital in Tarlac",
		// "treated at Tarlac Hospital": where the wounded are
		// cared for is not where they were hurt.
		if hospitalOf(ex, si, p) {
			continue
		}
		// "at Tchoukou Telia, an island 190 kilometres northwest of the
		// capital N'Djamena": a town told as the point a distance is
		// measured from, more than 25 km away, is not where it happened.
		if farFrom(ex.Article.Text[max(ex.Sentences[si].Start, p.Start-90):p.Start]) {
			continue
		}
		// "in Diyala province, north of Baghdad", "a camp northeast of
		// the capital Niamey": a town told as the point a
		// direction is taken from, with no distance, is where the act
		// happened only when the sentence places it nowhere else.
		if directionFrom(ex.Article.Text[max(ex.Sentences[si].Start, p.Start-60):p.Start]) {
			if reference == nil {
				reference = p
			}
			continue
		}
		// "smoke rises from the town of Metula, as seen from the
		// Lebanese area of Marjayoun": where the onlooker stands.
		if seenFrom.MatchString(ex.Article.Text[max(ex.Sentences[si].Start, p.Start-48):p.Start]) {
			continue
		}
		// "Malakand district's Havildar Muhammad Zahid … were martyred
		// during the fire exchange": a soldier's or a policeman's home
		// district, told before his rank, is not where he fell.
		if homeOfRank.MatchString(ex.Article.Text[p.End:min(ex.Sentences[si].End, p.End+48)]) {
			continue
		}
		// "evacuees from the towns of Foua and Kefraya … at Rashidin":
		// where people came from is not where it happened.
		origin := isOrigin(ex.Article.Text[max(ex.Sentences[si].Start, p.Start-80):p.Start]) || destination(ex, si, p)
		if origin && best != nil && !bestOrigin {
			continue
		}
		if !origin && bestOrigin {
			best = nil
		}
		switch {
		case best == nil,
			p.GeoPrecision < best.GeoPrecision,
			// "in Hodeidah's district of Khokha": the part says more
			// than the place it is told as a part of.
			best.Place.Kind != KindCountry && partOfBefore(ex, p) == best,
			// A region says more than the country it is in.
			p.GeoPrecision == best.GeoPrecision && !country && best.Place.Kind == KindCountry,
			p.GeoPrecision == best.GeoPrecision && after && !bestAfter && country == (best.Place.Kind == KindCountry):
			best, bestAfter, bestOrigin = p, after, origin
		}
	}
	// A sentence that refers back to a place ("the town", "there") is
	// placed where the two sentences before it name; any other sentence
	// without a place of its own stays unplaced (and its event flagged),
	// never given a place of another sentence's event.
	if best == nil && !agreement && refersBack(ex, si, ex.Article.Text[from:to]) {
		lo, hi := within(len(ex.Places), startOf, ex.Sentences[max(0, si-2)].Start, ex.Sentences[si].Start)
		// The dateline ("AL-MUKALLA:") is where the report was filed:
		// the city the sentence goes on about is another named before
		// it, if any.
		for _, dateline := range []bool{false, true} {
			for k := lo; k < hi; k++ {
				p := &ex.Places[k]
				if p.Sentence >= si || p.Sentence < si-2 || p.Place.Kind == KindCountry || ex.inDateline(p.Start) != dateline {
					continue
				}
				if best == nil || p.GeoPrecision < best.GeoPrecision ||
					p.GeoPrecision == best.GeoPrecision && p.Sentence > best.Sentence {
					best = p
				}
			}
			if best != nil {
				break
			}
		}
	}
	if best == nil && !agreement {
		best = office
	}
	if best == nil {
		best = reference
	}
	if best == nil {
		return nil
	}
	c := *best
	return &c
}

// partOfNoun ends the text between a place's possessive and a place told
// as a part of it: "Hodeidah's district of", "Iraq's central province
// of".
var partOfNoun = rx(`^(?:'s|’s)\s+(?:[\w-]+\s+){0,3}?(?:district|neighbou?rhood|suburb|area|quarter|village|town|city|province|region|county|municipality|governorate|state|department|township)\s+of\s+$`)

// partOfBefore returns the place mention that p is told as a part of
// ("Hodeidah's district of Khokha": Hodeidah), or nil.
func partOfBefore(ex *Extraction, p *PlaceMention) *PlaceMention {
	k := sort.Search(len(ex.Places), func(k int) bool { return ex.Places[k].Start >= p.Start }) - 1
	if k < 0 {
		return nil
	}
	q := &ex.Places[k]
	if q.Sentence != p.Sentence || q.End >= p.Start || p.Start-q.End > 60 || !partOfNoun.MatchString(ex.Article.Text[q.End:p.Start]) {
		return nil
	}
	return q
}

// officeTitle reports a place named in an official's title: after "the
// mayor of", "the governor of" ("the governor of Hiran region"), or
// before the office ("Kidal Mayor", "Kherson Regional Military
// Administration", "the Misrata city council").
func officeTitle(text string, sentStart int, p *PlaceMention) bool {
	return officeBefore.MatchString(text[max(sentStart, p.Start-30):p.Start]) ||
		officeAfter.MatchString(text[p.End:min(len(text), p.End+50)])
}

var (
	officeBefore = rx(`\b(?:mayor|governor|prefect|administrator|head|chief) of (?:the )?$`)
	officeAfter  = rx(`^(?:'s|’s)?\s+(?:(?:regional|city|town|district|oblast|provincial|state|military|local|county|municipal) ){0,3}(?:administration|mayor|governor|council|prefect|governorate office)\b`)
)

// atTheScene places an act where the act told before it happened: "a
// bomb exploded at the scene", "at the same spot".
var atTheScene = rx(`\b(?:at|near|on) the (?:same )?(?:scene|spot|site)\b(?: of (?:the|that) (?:attack|ambush|blast|explosion|strike|clash|shooting|incident))?(?:\s*[,.;]|\s+(?:and|as|when|while|where|killing|wounding|injuring|about|around|on|at|in the|minutes|hours|shortly)\b|$)`)

// placeAnaphor refers back to a place named before, also through a few
// words that describe it ("the Houthi-held Red Sea city", "the besieged
// port city").
var placeAnaphor = rx(`\b(?:the (?:same )?(?:[\w'’-]+ ){0,3}?(?:town|city|village|camp|area|district|neighbou?rhood|port|capital|enclave|suburb|base|airport|market|hospital|school)|there)\b`)

// clauseDate is the first date inside [from, to), or nil.
func clauseDate(ex *Extraction, from, to int, agreement bool) *DateMention {
	lo, hi := within(len(ex.Dates), func(k int) int { return ex.Dates[k].Start }, from, to)
	for k := lo; k < hi && ex.Dates[k].End <= to; k++ {
		if c := ex.Dates[k]; agreement || !c.truce {
			return &c
		}
	}
	return nil
}

// truceDay ends the words before the day a truce began or was declared:
// "a junta-declared ceasefire on April 2", "the UN-brokered truce that
// came into effect April 2", "The truce started on September 5th". A
// ceasefire broken on a day ("violated the ceasefire on Tuesday",
// "gunfire shattered a truce on Tuesday") is not one: that day is the
// violation's.
var truceDay = rx(`\b(?:cease-?fires?|truces?|armistice|agreement|accord|deal)\b[^.;,!?()"“”]{0,45}$`)

// truceBroken ends the words before a truce that was broken.
var truceBroken = rx(`\b(?:` + truceBreaking + `)\s+(?:of\s+)?(?:the|a|an|its|their)?\s*(?:[\w-]+\s+){0,2}$`)

// markTruceDays marks the dates that are the day of a truce (truceDay).
func markTruceDays(text string, dates []DateMention) {
	for k := range dates {
		d := &dates[k]
		before := text[max(0, d.Start-70):d.Start]
		if i := strings.LastIndexAny(before, ".!?"); i >= 0 {
			before = before[i+1:]
		}
		m := truceDay.FindStringIndex(before)
		if m == nil {
			continue
		}
		d.truce = !truceBroken.MatchString(before[:m[0]])
	}
}

// periodStart reports the first or last day of a period ("a campaign …
// since April last year"), or the month or year a war began or ended
// ("the two-year civil war in Tigray that concluded in November 2020"):
// it dates no act told after it.
func periodStart(text string, d *DateMention) bool {
	before := text[max(0, d.Start-20):d.Start]
	if periodLead.MatchString(d.Text) || periodBefore.MatchString(before) {
		return true
	}
	// The date's text may hold its "in" ("in November 2020").
	if d.Precision == truce.PrecisionDay || !strings.HasPrefix(d.Text, "in ") && !strings.HasSuffix(before, " in ") {
		return false
	}
	return warBounds.MatchString(strings.TrimSuffix(before, "in "))
}

// warBounds ends the text before "in" and the month or year a war or a
// period began or ended: "concluded", "broke out".
var warBounds = rx(`\b(?:concluded|ended|began|started|broke out|erupted)\s+$`)

var periodLead = rx(`^(?:since|until|till)\s`)
var periodBefore = rx(`\b(?:since|until|till)\s+(?:early\s+|late\s+|mid-)?$`)

// eventDate is the date of the sentence (the first one it gives), else
// the last day named in the sentence just before, else the date of the
// previous event (a story goes on about the same day), else the last date
// before the sentence. An event without a stated date
// is not dated by guess: the publication day is not used.
func eventDate(ex *Extraction, si int, prev *DateMention) *DateMention {
	s := ex.Sentences[si]
	startOf := func(k int) int { return ex.Dates[k].Start }
	lo, hi := within(len(ex.Dates), startOf, s.Start, s.End)
	for k := lo; k < hi; k++ {
		d := &ex.Dates[k]
		if d.End <= s.End && !d.truce {
			c := *d
			return &c
		}
	}
	// A day still to come when the report was published ("next
	// month's elections") dates no act told after it.
	pub := truncDay(ex.Article.Published)
	toCome := func(d *DateMention) bool { return !ex.Article.Published.IsZero() && d.From.After(pub) }
	var last *DateMention
	for k := lo - 1; k >= 0 && last == nil; k-- {
		if d := &ex.Dates[k]; !d.truce && !periodStart(ex.Article.Text, d) && !toCome(d) {
			last = d
		}
	}
	if prev != nil && toCome(prev) {
		prev = nil
	}
	if si > 0 {
		ps := ex.Sentences[si-1]
		var inPrev *DateMention
		plo, phi := within(len(ex.Dates), startOf, ps.Start, ps.End)
		for k := plo; k < phi; k++ {
			d := &ex.Dates[k]
			if d.Start >= ps.Start && d.End <= ps.End && d.Precision == truce.PrecisionDay && !d.truce {
				inPrev = d
			}
		}
		// The sentence before told an event and then named an earlier
		// day in a clause about something else: the event's day ("clashes
		// broke out on Thursday, despite the truce which took effect late
		// Monday"); a later day goes on with the story ("pulled out on
		// Wednesday, and rebels consolidated their hold on Thursday").
		if inPrev != nil && prev != nil && prev.Start >= ps.Start && prev.End <= ps.End && prev.Precision == truce.PrecisionDay &&
			inPrev.Date.Before(prev.Date) {
			inPrev = prev
		}
		if inPrev != nil {
			c := *inPrev
			return &c
		}
	}
	if prev != nil {
		c := *prev
		return &c
	}
	if last != nil {
		c := *last
		return &c
	}
	return nil
}

// killedByVerb is the words after an armed actor's mention up to the
// people it killed: "(fighters) have killed at least 13 ", the verb and
// the count as groups; killedSecurity and killedPeople end it with those
// killed, people by any noun a report gives them ("five men", "a
// woman", "two young men", "four customers"). The day may stand between the subject and the verb ("The
// militants on Friday killed nine traders", "early on Sunday", "last
// night"), and so may what they were taken for ("Gunmen thought to be
// cattle thieves have killed three herders").
const killedByVerb = `^(?:\s+(?:fighters|militants|gunmen|members|insurgents|militiamen|forces|troops|soldiers|jihadists|rebels|terrorists))?` +
	`(?:,?\s+(?:suspected|believed|thought)\s+to\s+(?:be\s+)?(?:[\w'’-]+\s+){0,2}?[\w'’-]+,?)?` +
	`(?:,?\s+(?:(?:early\s+|late\s+)?on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?|last\s+(?:night|week)|yesterday|overnight),?)?` +
	`\s+(?:(?:have|had|reportedly|allegedly|also)\s+)*((?:killed|shot dead|massacred|gunned down|slaughtered)\s+(?:at least |more than |some |up to |about |nearly |over |around )?(\d+|[a-z]+))\s+(?:[\w-]+\s+)??`

var (
	killedSecurity = rx(killedByVerb + `(?:soldiers|troops|servicem[ae]n|police(?:men| officers| personnel)?|policemen|security (?:personnel|forces|guards|officers|men)|gendarmes|peacekeepers|guards|militiamen|fighters|militants|rebels|insurgents|terrorists|jihadists|vigilantes)\b`)
	killedPeople   = rx(killedByVerb + `(?:people|persons|civilians|villagers|residents|farmers|worshippers|passengers|travell?ers|traders|miners|herders|mourners|women|children|family members|students|pupils|fishermen|workers|members of|labou?rers|brothers|` + anyPeople + `)\b`)
)

// manyKilled are the counts of a war's running toll, not of a day's act:
// "the militants have killed thousands of people".
var manyKilled = setOf(`thousands hundreds millions scores tens`)

// killedBy reads an armed actor the sentence names as the subject of
// "killed" with the people killed as its object, when no rule's trigger
// did: "The Taliban killed 13 police in an attack on a checkpoint",
// "Bandits killed 13 villagers", "Al-Shabaab fighters have killed four
// soldiers". Killing soldiers, police or fighters is a clash (ACLED codes
// an armed group's attack on troops so, and troops killing fighters);
// killing anyone else is an attack. The trigger is the verb and its
// object; the actor is read as every act's subject is.
func killedBy(ex *Extraction, si int, text string) (*eventRule, []int) {
	s := ex.Sentences[si]
	lo, hi := within(len(ex.Actors), func(k int) int { return ex.Actors[k].Start }, s.Start, s.End)
	for _, a := range ex.Actors[lo:hi] {
		if a.Sentence != si || a.Speaker || a.End <= s.Start || a.End > s.End {
			continue
		}
		if !(a.Category >= truce.StateForces && a.Category <= truce.IdentityMilitias || a.Category == truce.ExternalForces) {
			continue
		}
		from := a.End - s.Start
		sub, m := truce.ArmedClash, killedSecurity.FindStringSubmatchIndex(text[from:])
		if m == nil {
			sub, m = truce.Attack, killedPeople.FindStringSubmatchIndex(text[from:])
		}
		if m == nil || manyKilled[strings.ToLower(text[from+m[4]:from+m[5]])] {
			continue
		}
		// "The assailants also killed two other residents … in the
		// attack" tells more of an act told before; "Israeli strikes
		// have killed more than 350 people in Lebanon", in the present
		// perfect with no day, is a running toll.
		said := strings.ToLower(text[from : from+m[1]])
		if strings.Contains(said, " also ") || strings.Contains(said, " other ") || toldBefore.MatchString(text[from+m[1]:]) ||
			(strings.Contains(said, "have ") || strings.Contains(said, "has ")) && dayIn(ex, s) == nil {
			continue
		}
		// What the sentence says before its subject decides, as it does
		// for every trigger: "officials fear", "denied that", "at the
		// time".
		before := text[max(0, a.Start-s.Start-60) : a.Start-s.Start]
		if hypothetical(before) || backgroundRe.MatchString(before) || deniedBefore.MatchString(before) || atTheTime.MatchString(text[:a.Start-s.Start]) {
			continue
		}
		return ruleOf(sub), []int{from + m[2], from + m[1]}
	}
	return nil, nil
}

// distanceOf ends the words before a place that a distance is measured
// from: "190 kilometres (120 miles) northwest of the capital", "40 km
// from", "60 km east of the capital, Bamako" (the capital's name
// in apposition after a comma).
var distanceOf = rx(`\b(\d[\d,.]*)\s*(km|kilometres|kilometers|kilometre|kilometer|miles|mile)\b(?:\s*\([^)]{0,20}\))?\s+(?:(?:to the\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+)?(?:of|from)\s+(?:the\s+)?(?:[\w'’-]+,?\s+){0,2}?$`)

// directionOf ends the words before a place told as the point a
// direction is taken from: ", north of", "northwest of the capital",
// "west of the city of", "north of the capital, ".
var directionOf = rx(`\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)\s+of\s+(?:the\s+(?:capital|city|town|provincial capital|regional capital)(?:,\s+|\s+(?:of\s+)?))?$`)

// atTheDirection are the words before a direction that put the act at
// the place or in it ("just north of", "the north of"), or measure it
// (distanceOf: "5 km north of").
var atTheDirection = rx(`(?:\b(?:the|just|immediately|directly|km|kilometres|kilometers|kilometre|kilometer|miles|mile|metres|meters)|\d|\))\s*$`)

// directionFrom reports a place told as the point a direction is taken
// from, with no distance: "in Diyala province, north of".
func directionFrom(before string) bool {
	loc := directionOf.FindStringIndex(before)
	return loc != nil && !atTheDirection.MatchString(before[:loc[0]])
}

// farFrom reports a place told as the point a distance of more than
// 25 km is measured from.
func farFrom(before string) bool {
	m := distanceOf.FindStringSubmatch(before)
	if m == nil {
		return false
	}
	d, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
	if err != nil {
		return false
	}
	if strings.HasPrefix(strings.ToLower(m[2]), "mile") {
		d *= 1.609
	}
	return d > 25
}

// seenFrom ends the words before a place an act was seen from.
var seenFrom = rx(`\b(?:as\s+)?(?:seen|pictured|photographed|filmed|viewed)\s+from\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:(?:area|town|village|city|side|hills?)\s+of\s+)?$`)

// homeOfRank follows a place named as the home of a man of the ranks:
// "Malakand district's Havildar", "Kurram's Sepoy", "of Swat's Lance
// Naik". ISPR and police statements name the fallen so.
var homeOfRank = rx(`^(?:\s+(?:district|province|village|tehsil|agency|area))?['’]s\s+(?:lance\s+)?(?:havildar|sepoy|naik|subedar|sipahi|constable|head constable|sergeant|corporal|private|soldier|policeman|captain|major|lieutenant|colonel|jawan|rifleman|gunner|trooper)\b`)

// pluralActs in a sentence tells several acts at once.
var pluralActs = rx(`\b(?:attacks|strikes|airstrikes|raids|bombings|clashes|assaults|ambushes)\b`)

// retoldWithTown places the last act told before that was placed only
// at its region, or nowhere, at the town a sentence that tells it again
// names (within that region): "An Israeli drone strike hit a car in
// south Lebanon", then "the latest strike on Saturday hit a car in the
// Naqoura area". The sentence is the same act's ("the latest strike",
// toldBefore), on no other day, and does not say what the act came as
// or after; its town is the act's own place, not one borrowed from
// another act. An act placed nowhere keeps no town when its sentence
// told several acts (pluralActs) or it stands at a village the
// gazetteer lacks.
func retoldWithTown(ex *Extraction, out []Event, si int, text string) bool {
	// "The attack came as the army made gains in the capital, Aleppo":
	// what it came with is its setting, not its place.
	loc := toldBefore.FindStringIndex(text)
	if loc == nil || cameAs.MatchString(text[loc[1]:]) || cameAfter.MatchString(text[loc[1]:]) {
		return false
	}
	s := ex.Sentences[si]
	p := eventPlace(ex, si, s.Start, s.Start, s.End, false)
	if p == nil || p.Place.Kind != KindTown || districtWordRe.MatchString(ex.Article.Text[p.Start:min(len(ex.Article.Text), p.End+16)]) {
		return false
	}
	for k := len(out) - 1; k >= 0; k-- {
		prev := &out[k]
		// An act told since and already at that town is the one told
		// again: an older act placed only in the region is not moved.
		if violentType(prev.EventType) && prev.Place != nil && prev.Place.Place.ID == p.Place.ID {
			return true
		}
		if !violentType(prev.EventType) || prev.Place != nil && prev.Place.Place.Kind != KindRegion || otherDay(ex, si, prev) {
			continue
		}
		if prev.Place != nil && (p.Place.Country != prev.Place.Place.Country || p.Place.Admin1 != prev.Place.Place.Admin1) {
			return false
		}
		// "killed 25 people in attacks on two villages": acts told
		// together are each placed by the sentences that tell them; an
		// act at a village the gazetteer lacks is at that village.
		if prev.Place == nil && (pluralActs.MatchString(ex.Sentences[prev.Sentence].Text) || prev.Village != "") {
			return false
		}
		prev.Place = p
		return true
	}
	return false
}

// ownStrikesReported returns the state's forces that speak of air
// strikes whose only other named side is the armed group they fight
// ("six of the group's fighters died in air strikes, according to the
// army"): with no other hand named, a state does not report its
// enemy's strikes on the enemy itself, and armed groups of categories
// 2–4 rarely fly. Nil when anyone else is named: civilians killed, a
// second state, a second speaker.
func ownStrikesReported(in []ActorMention, actors *Actors) *ActorMention {
	var sp *ActorMention
	hit := false
	for k := range in {
		m := &in[k]
		if m.Speaker {
			a, ok := actors.Get(m.Actor)
			if !ok || a.Kind != ActorState || m.How == HowGeneric || sp != nil && sp.Actor != m.Actor {
				return nil
			}
			sp = m
			continue
		}
		if m.Category < truce.RebelGroups || m.Category > truce.IdentityMilitias {
			return nil
		}
		hit = true
	}
	if !hit {
		return nil
	}
	return sp
}
