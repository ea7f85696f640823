package ingest

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/truce-center/truce"
)

// Extractor finds places, actors, dates and events in articles. Its
// fields are read-only during Extract, except Actors, which is safe for
// concurrent Add. An Extractor is safe for concurrent use.
type Extractor struct {
	Gazetteer *Gazetteer
	Actors    *Actors
}

// NewExtractor returns an Extractor over a gazetteer and an actor list;
// nil arguments mean the committed gazetteer and actors alone.
func NewExtractor(g *Gazetteer, a *Actors) *Extractor {
	if g == nil {
		g, _ = NewGazetteer(nil)
	}
	if a == nil {
		a = DefaultActors()
	}
	return &Extractor{Gazetteer: g, Actors: a}
}

// PlaceMention is a place named in an article. GeoPrecision says how
// exactly the words locate something: GeoTown for the town itself ("in
// Douma", "eastern Aleppo"), GeoNear for a spot near it or a small area
// ("near Douma", "the outskirts of Aleppo", "Eastern Ghouta"), GeoRegion
// for a region or a country.
type PlaceMention struct {
	Start        int    `json:"start"`
	End          int    `json:"end"`
	Text         string `json:"text"`
	Sentence     int    `json:"sentence"` // index into Extraction.Sentences
	Place        Place  `json:"place"`
	GeoPrecision int    `json:"geo_precision"`
	// How says why this place was chosen among those of the same name.
	How string `json:"how"`
}

// How a place mention was resolved (PlaceMention.How).
const (
	HowCommitted      = "committed name"                                          // the list written for truce: news spellings
	HowSubjectCountry = "in the article's country"                                // the subject country (dateline, places named)
	HowContextCountry = "in a country the article names"                          // another country of the article's context
	HowLargePlace     = "capital or large place"                                  // outside the context: a capital or 100,000+
	HowAlternateName  = "by an alternate name or transliteration"                 // GeoNames' other names
	HowNearOthers     = "near the article's other places"                         // a homonym far from them was set aside
	HowEnclosing      = "the enclosing place the article names"                   // "X in the Y district": X's homonym is not in Y
	HowCompass        = "the region a compass word names"                         // "southern Lebanon": South Governorate
	HowSpelling       = "by another spelling of its name"                         // "Bint Jbeil" for "Bent Jbeil" (spelling.go)
	HowUnlisted       = "where the sentence places a village the gazetteer lacks" // its district, region or nearby town (unlisted.go)
	HowNotListed      = "a village the gazetteer lacks"                           // an Extraction.Unlisted mention: named, not placed
)

var placeHows = map[int]string{0: HowCommitted, 1: HowContextCountry, 2: HowLargePlace, 3: HowContextCountry, 4: HowLargePlace}

// primaryKey is the folded key of a place's own name.
func primaryKey(p *Place) string {
	k, _ := nameKey(p.Name)
	return k
}

// ActorMention is an actor named in an article.
type ActorMention struct {
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
	Sentence int    `json:"sentence"`
	Actor    string `json:"actor"` // canonical name
	Category int    `json:"category"`
	Speaker  bool   `json:"speaker,omitempty"` // the actor speaks ("X said") rather than acts
	// How says how the mention was recognised: HowAlias, HowMetonym,
	// HowGeneric ("government forces" in an article about Sudan) or
	// HowDemonym ("Eritrean troops"); Country is the country a generic or
	// demonym mention was resolved by.
	How     string `json:"how"`
	Country string `json:"country,omitempty"`
}

// Extraction is everything found in one article. Every offset is a byte
// offset into Article.Text.
type Extraction struct {
	Article   Article        `json:"article"`
	Sentences []Sentence     `json:"sentences"`
	Places    []PlaceMention `json:"places"`
	Actors    []ActorMention `json:"actors"`
	Dates     []DateMention  `json:"dates"`
	Events    []Event        `json:"events"`
	Countries []string       `json:"countries"` // the article's country context, the subject first
	// Unlisted are the villages the article names as places that the
	// gazetteer lacks (unlisted.go).
	Unlisted []UnlistedPlace `json:"unlisted,omitempty"`
	// Warnings say what limits this extraction: no publication date (so
	// weekdays and relative dates are not resolved), a date line not
	// understood.
	Warnings []string `json:"warnings,omitempty"`
	// dateline is the end of the wire dateline ("KYIV (Reuters) -"), 0
	// without one: where the reporter files from is no event's place.
	dateline int
	// datelineStart is where the dateline begins: 0, or after the
	// headline a page repeats before it (datelineAt).
	datelineStart int
	// floor is the earliest day the report can have been written
	// (reportFloor): background is measured against it.
	floor time.Time
}

// WarnNoDate is the warning of an article without a publication date.
const WarnNoDate = "no publication date: weekdays and relative dates (\"on Sunday\", \"yesterday\") are not resolved, and events dated only by them are flagged, not dated"

// WarnDateFromURL and WarnDateFromText are the warnings of an article
// without a publication date whose address, or a date line atop its
// text, gives the day instead; the day follows in brackets.
const (
	WarnDateFromURL  = "no publication date: the day of publication is read from the address; weekdays and relative dates count from it, and events dated by it are flagged"
	WarnDateFromText = "no publication date: the day of publication is read from a date line atop the text; weekdays and relative dates count from it, and events dated by it are flagged"
)

// Extract reads one article. It never fails: an article in which nothing
// is recognised gives an Extraction with sentences only.
func (x *Extractor) Extract(a Article) *Extraction {
	// "FILE - In this … file photo" and "… Handout via REUTERS": an
	// agency's captions, often a story of their own, date and tell
	// nothing of the report. Their lines are read as blank when the text
	// is parted into sentences, so that a caption without a full stop
	// does not run into the report's first sentence.
	captions := fileCaptions(a.Text)
	dateFromURL := false // days told with their month took the address's year
	ex := &Extraction{Article: a, Sentences: Sentences(blankSpans(a.Text, captions))}
	ex.Warnings = append(ex.Warnings, a.Warnings...)
	if a.Published.IsZero() {
		// A page without a date line often tells its day all the same,
		// in its address or in a date line atop its body (urldate.go).
		if t, ok := DateFromURL(a.URL); ok {
			ex.Article.Published, ex.Article.PublishedFrom = t, PublishedFromURL
			ex.Warnings = append(ex.Warnings, WarnDateFromURL+" ("+t.Format("2006-01-02")+")")
		} else if t, ok := DateFromBody(a.Text); ok {
			ex.Article.Published, ex.Article.PublishedFrom = t, PublishedFromText
			ex.Warnings = append(ex.Warnings, WarnDateFromText+" ("+t.Format("2006-01-02")+")")
		} else {
			ex.Warnings = append(ex.Warnings, WarnNoDate)
		}
		a = ex.Article
	}
	toks := tokenize(a.Text)
	sentOf := make([]int, len(toks)) // sentence index of each token
	si := 0
	for i, t := range toks {
		for si < len(ex.Sentences)-1 && t.start >= ex.Sentences[si].End {
			si++
		}
		sentOf[i] = si
	}
	claimed := make([]bool, len(toks))
	ex.Actors = x.findActors(a.Text, toks, sentOf, claimed)
	ex.Actors = x.ellipticalActors(a.Text, toks, sentOf, claimed, ex.Actors)
	claimNamesListed(a.Text, toks, sentOf, claimed)
	claimPeople(a.Text, toks, claimed)
	places := x.findPlaces(a.Text, toks, sentOf, claimed)
	if at, m := datelineAt(a.Text); m != nil {
		ex.datelineStart, ex.dateline = at, at+len(m[0])
	}
	ex.Countries = x.countryContext(a.Text, places, ex.Actors, func() string { return x.headlineCountry(a.Title) })
	x.resolveGeneric(ex, places)
	ex.Places = farSpellings(x.resolvePlaces(a.Text, toks, places, ex.Countries), ex.inDateline)
	ex.Places = strayTowns(x.Gazetteer, ex.Places, ex.Actors, x.Actors)
	ex.Places = demonymsAbroad(x.Gazetteer, ex.Places, ex.Countries)
	ex.Places = farAlternates(ex.Places, ex.inDateline)
	seatRegions(x.Gazetteer, a.Text, ex.Places)
	capitalsNamed(x.Gazetteer, a.Text, ex.Places)
	ex.Unlisted = findUnlisted(ex)
	// "the Lebanese village of Kfar Kila": a people's adjective before
	// "village" is no village's name.
	ex.Unlisted = slices.DeleteFunc(ex.Unlisted, func(u UnlistedPlace) bool {
		_, ok := x.Gazetteer.Demonym(u.Text)
		return ok
	})
	ex.Dates = FindDates(a.Text, a.Published)
	if ex.Article.Published.IsZero() {
		// "…/2019/07/…" and "on Friday July 12th": the address's year.
		if month, ok := MonthFromURL(a.URL); ok {
			ex.Dates = WithAddressYear(a.Text, ex.Dates, month)
			dateFromURL = true
		}
	}
	// A day in the dateline ("Khartoum, June 28 (IANS)") is when the
	// report was filed, not when anything in it happened.
	ex.Dates = slices.DeleteFunc(ex.Dates, func(d DateMention) bool { return ex.inDateline(d.Start) && d.End <= ex.dateline })
	inCaption := func(at int) bool {
		for _, c := range captions {
			if at >= c[0] && at < c[1] {
				return true
			}
		}
		return false
	}
	if len(captions) > 0 {
		ex.Dates = slices.DeleteFunc(ex.Dates, func(d DateMention) bool { return inCaption(d.Start) })
	}
	markTruceDays(a.Text, ex.Dates)
	ex.floor = reportFloor(ex)
	ex.Events = findEvents(ex, x.Actors)
	x.unnamedHands(ex)
	if len(captions) > 0 {
		ex.Events = slices.DeleteFunc(ex.Events, func(ev Event) bool { return inCaption(ev.at) })
	}
	if from := ex.Article.PublishedFrom; from != "" || dateFromURL {
		if from == "" {
			from = PublishedFromURL // the year of a day told with its month
		}
		for k := range ex.Events {
			if d := ex.Events[k].Date; d != nil && (d.Relative || ex.Events[k].DateAssumed) {
				ex.Events[k].DateFrom = from
			}
		}
	}
	return ex
}

// peopleNouns before a comma open a list of the people's names: "the
// deaths of three of its fighters, Hozan Qamishlo, Gule Halab, and Amed
// Afrin". Noms de guerre and family names are often made of places;
// in such a list they are not where anything happened.
var peopleNouns = setOf(`fighters members soldiers victims martyrs sons daughters brothers children men women civilians journalists`)

// claimNamesListed claims the tokens of the names listed after a noun
// for people and a comma, when at least two names of two or three
// capitalised words each, parted by commas or "and", stand there.
func claimNamesListed(text string, toks []token, sentOf []int, claimed []bool) {
	for i := 0; i+1 < len(toks); i++ {
		if !peopleNouns[toks[i].key] || sentOf[i+1] != sentOf[i] || strings.TrimSpace(text[toks[i].end:toks[i+1].start]) != "," {
			continue
		}
		var names [][2]int
		j := i + 1
		for j < len(toks) && sentOf[j] == sentOf[i] {
			if toks[j].key == "and" && len(names) > 0 {
				j++
				continue
			}
			k := j
			for k < len(toks) && sentOf[k] == sentOf[i] && toks[k].capital && !claimed[k] && (k == j || adjacent(text, toks[k-1], toks[k])) {
				k++
			}
			if n := k - j; n < 2 || n > 3 {
				break
			}
			names = append(names, [2]int{j, k})
			j = k
			if j >= len(toks) || sentOf[j] != sentOf[i] {
				break
			}
			sep := strings.TrimSpace(text[toks[j-1].end:toks[j].start])
			if sep != "," && !(sep == "" && toks[j].key == "and") {
				break
			}
		}
		if len(names) < 2 {
			continue
		}
		for _, nm := range names {
			for k := nm[0]; k < nm[1]; k++ {
				claimed[k] = true
			}
		}
		i = names[len(names)-1][1] - 1
	}
}

// personRole names a person by a given name, a family name and the
// role told after a comma: "said Ernest Bonang, a federal lawmaker who
// represents …", "Hayatullah Ameri, chief of the district". The family
// name is the person's wherever the report names it again ("Bonang
// said"), not a town abroad spelt the same.
var personRole = regexp.MustCompile(`\b([A-Z][a-z]+) ([A-Z][a-z]{2,}), (?:a |an |the )?(?:[a-z-]+ ){0,3}?(?:lawmaker|legislator|spokesman|spokeswoman|spokesperson|official|commander|governor|mayor|resident|witness|doctor|chief|leader|head|minister|member|analyst|researcher|activist|journalist|director|coordinator|senator|deputy|administrator|councillor|councilor|chairman|president|secretary|representative|elder|farmer|teacher|nurse|survivor)\b`)

// personNickname names a person by a given name, a nickname in quotes
// (and its English, in brackets) and a family name: `Ramiro "El Tigre"
// Salcedo`, "Nasir 'the Hawk' Durrani", `Ramiro “El Tigre” (the Tiger)
// Salcedo`. Both names are the person's wherever the report names them
// again, not towns (GeoNames has stations and hamlets named so).
var personNickname = regexp.MustCompile(`\b([A-Z][a-z]{2,}) ["“'‘][^"”'’\n]{2,30}["”'’](?: \([^()\n]{2,30}\))? ([A-Z][a-z]{2,})\b`)

// claimPeople claims the tokens of the family names personRole finds,
// and of both names personNickname finds, wherever they stand in the
// text.
func claimPeople(text string, toks []token, claimed []bool) {
	var names []string
	for _, m := range personRole.FindAllStringSubmatch(text, -1) {
		names = append(names, m[2])
	}
	for _, m := range personNickname.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1], m[2])
	}
	if len(names) == 0 {
		return
	}
	for i, t := range toks {
		if t.capital && slices.Contains(names, t.raw) {
			claimed[i] = true
		}
	}
}

// sentenceStart reports whether token i begins its sentence (its capital
// letter then says nothing about it being a name).
func sentenceStart(toks []token, sentOf []int, i int) bool {
	return i == 0 || sentOf[i-1] != sentOf[i]
}

// datelineBefore and creditAfter frame the agency credited in a
// dateline: "TOWN (Region), May 2, XYZ – …". An acronym there names
// who wrote the report, not a party to it (some agencies' acronyms are
// also armed groups' or governments').
var (
	datelineBefore = regexp.MustCompile(`(?:^|\n)[^\n.]{0,60}\b\d{1,2}(?:,\s*\d{4})?\s*,\s*$`)
	creditAfter    = regexp.MustCompile(`^\s*[–—-]\s`)
)

// datelineCredit reports whether the token is the credit of a dateline.
func datelineCredit(text string, t token) bool {
	return creditAfter.MatchString(text[t.end:min(len(text), t.end+8)]) && datelineBefore.MatchString(text[max(0, t.start-64):t.start])
}

// dissidentsOf ends the words that make a group's name its dissidents';
// bracketOpen stands between a name and its acronym in brackets.
var (
	dissidentsOf = regexp.MustCompile(`(?i)\bdissidents?\s+(?:from|of)\s+(?:the\s+)?$`)
	bracketOpen  = regexp.MustCompile(`^\s*\(\s*$`)
)

func (x *Extractor) findActors(text string, toks []token, sentOf []int, claimed []bool) []ActorMention {
	acts := x.Actors
	acts.mu.RLock()
	defer acts.mu.RUnlock()
	var out []ActorMention
	agentUntil := 0 // tokens before this index are in a list led by an acting metonym
	for i := 0; i < len(toks); i++ {
		if toks[i].allCaps && datelineCredit(text, toks[i]) {
			continue
		}
		if tmpl, country, n := x.demonymActor(toks, sentOf, i); n > 0 && !hyphenAdjective(text, toks, i+1) {
			if len(acts.match(toks, i, i+n)) == 0 {
				out = append(out, x.demonymMention(text, toks, sentOf, i, i+n, tmpl, country))
				for k := i; k < i+n; k++ {
					claimed[k] = true
				}
				i += n - 1
				continue
			}
		}
		if ref, n := acts.loyalTo(toks, sentOf, i); n > 0 {
			act := acts.list[ref.actor]
			out = append(out, ActorMention{
				Start: toks[i].start, End: toks[i+n-1].end, Text: text[toks[i].start:toks[i+n-1].end],
				Sentence: sentOf[i], Actor: act.Name, Category: act.Category,
				Speaker: speaker(text, toks, sentOf, i, i+n), How: HowAlias,
			})
			for k := i; k < i+n; k++ {
				claimed[k] = true
			}
			i += n - 1
			continue
		}
		if country, n := x.countryAgent(text, toks, sentOf, i); n > 0 && len(acts.match(toks, i, i+n)) == 0 {
			out = append(out, x.demonymMention(text, toks, sentOf, i, i+n, "Military Forces of {country}", country))
			for k := i; k < i+n; k++ {
				claimed[k] = true
			}
			i += n - 1
			continue
		}
		for n := min(acts.maxTokens, len(toks)-i); n >= 1; n-- {
			j := i + n
			if sentOf[j-1] != sentOf[i] {
				continue
			}
			refs := acts.match(toks, i, j)
			if len(refs) == 0 {
				continue
			}
			if hyphenAdjective(text, toks, j) {
				// "Hamas-led militants": not a mention, and not a place.
				if !refs[0].metonym {
					for k := i; k < j; k++ {
						claimed[k] = true
					}
				}
				break
			}
			var ref *aliasRef
			for k := range refs {
				if !refs[k].metonym {
					ref = &refs[k]
					break
				}
			}
			how := HowAlias
			if ref == nil && x.endOfLongerCountry(text, toks, sentOf, i, j) {
				break // "South Sudan's troubled Jonglei state": not Sudan
			}
			if ref == nil {
				// "Ukraine's military", "Sudan's government": the
				// country's forces or government.
				end := toks[j-1].end
				if j < len(toks) && sentOf[j] == sentOf[i] && (strings.HasPrefix(text[end:], "'s") || strings.HasPrefix(text[end:], "’s")) {
					act := acts.list[refs[0].actor]
					noun := toks[j].key
					tmpl := ""
					switch {
					case forceNouns[noun], actNouns[noun]:
						tmpl = "Military Forces of {country}"
					case governmentNouns[noun]:
						tmpl = "Government of {country}"
					}
					if tmpl != "" && act.Country != "" {
						out = append(out, x.demonymMention(text, toks, sentOf, i, j+1, tmpl, act.Country))
						for k := i; k <= j; k++ {
							claimed[k] = true
						}
						i = j
						break
					}
				}
				how = HowMetonym
				// Only a metonym: an actor when it acts ("Moscow said"),
				// or when it is listed with one that acts ("talks between
				// Russia, Turkey and Iran"); a place otherwise.
				if i >= agentUntil && !agentive(text, toks, sentOf, claimed, i, j, acts) {
					break
				}
				if i >= agentUntil {
					agentUntil = coordinationEnd(text, toks, sentOf, j, acts)
				}
				ref = &refs[0]
			}
			act := acts.list[ref.actor]
			// "the Coalition of Patriots for Change": a generic term
			// ("the coalition") whose words begin a longer name the list
			// holds is part of that name, which the next token finds.
			if isGeneric(act.Name) && how == HowAlias && longerNameWithin(acts, toks, sentOf, i+1, j) {
				break
			}
			m := ActorMention{
				Start: toks[i].start, End: toks[j-1].end, Text: text[toks[i].start:toks[j-1].end],
				Sentence: sentOf[i], Actor: act.Name, Category: act.Category,
				Speaker: speaker(text, toks, sentOf, i, j), How: how,
			}
			out = append(out, m)
			for k := i; k < j; k++ {
				claimed[k] = true
			}
			i = j - 1
			break
		}
	}
	// "…, said X, a spokesperson for the National Unity Government, or
	// NUG": the same actor named again in apposition speaks too.
	for k := 1; k < len(out); k++ {
		if p := out[k-1]; p.Speaker && p.Actor == out[k].Actor && apposition.MatchString(text[p.End:out[k].Start]) {
			out[k].Speaker = true
		}
	}
	// "dissidents of the FARC": dissidents of a group the
	// list also holds as "X dissidents" are that actor, and so is the
	// group's acronym told in brackets right after.
	for k := range out {
		if !dissidentsOf.MatchString(text[max(0, out[k].Start-30):out[k].Start]) {
			continue
		}
		if id, ok := acts.byName[out[k].Actor+" dissidents"]; ok {
			d, name := acts.list[id], out[k].Actor
			out[k].Actor, out[k].Category = d.Name, d.Category
			if k+1 < len(out) && out[k+1].Actor == name && bracketOpen.MatchString(text[out[k].End:out[k+1].Start]) {
				out[k+1].Actor, out[k+1].Category = d.Name, d.Category
			}
		}
	}
	// "as Hamas and Israel accused each other of breaking the truce":
	// the parties of a mutual accusation speak; neither is the one the
	// sentence's act is told of.
	for k := range out {
		if mutualAccusation.MatchString(text[out[k].End:min(len(text), out[k].End+90)]) {
			out[k].Speaker = true
		}
	}
	return out
}

// longerNameWithin reports a name of the list, not a generic term, that
// starts at a token of [from, to) and ends after to.
func longerNameWithin(acts *Actors, toks []token, sentOf []int, from, to int) bool {
	for k := from; k < to; k++ {
		for n := min(acts.maxTokens, len(toks)-k); k+n > to; n-- {
			if sentOf[k+n-1] != sentOf[k] {
				continue
			}
			for _, r := range acts.match(toks, k, k+n) {
				if !r.metonym && !isGeneric(acts.list[r.actor].Name) {
					return true
				}
			}
		}
	}
	return false
}

// mutualAccusation follows a party of a mutual accusation: "[and
// Israel] accused each other", "[and the army] traded blame".
var mutualAccusation = regexp.MustCompile(`(?i)^(?:\s*(?:,|and|or)\s+[^.;,]{1,40}?)?\s+(?:have\s+|had\s+|again\s+|also\s+|repeatedly\s+)?(?:(?:accus|blam)(?:ed|e|es|ing)\s+(?:each other|one another)|(?:traded|trade|trading|exchanged|exchange|exchanging)\s+(?:accusations|blame|charges))\b`)

// apposition stands between a name and its other name: "…, or NUG",
// "… (GNA)".
var apposition = regexp.MustCompile(`^\s*(?:,\s*or|\()\s*$`)

// demonymMention is the mention of a country's forces or government at
// toks[i:j], resolved later by resolveGeneric with its own country.
func (x *Extractor) demonymMention(text string, toks []token, sentOf []int, i, j int, tmpl, country string) ActorMention {
	return ActorMention{
		Start: toks[i].start, End: toks[j-1].end, Text: text[toks[i].start:toks[j-1].end], Sentence: sentOf[i],
		Actor: tmpl, Speaker: speaker(text, toks, sentOf, i, j), How: HowDemonym, Country: country,
	}
}

// ellipticalActors finds the first half of "Russian and Syrian
// warplanes": a capitalised word, then "and" (or "or") and an actor
// mention; if the word with the rest of that mention ("Russian
// warplanes"), or with its last word, is an alias, it is a mention too.
func (x *Extractor) ellipticalActors(text string, toks []token, sentOf []int, claimed []bool, found []ActorMention) []ActorMention {
	byStart := map[int]int{}
	for k, m := range found {
		byStart[m.Start] = k
	}
	var extra []ActorMention
	for i := 0; i+2 < len(toks); i++ {
		if claimed[i] || !toks[i].capital || (toks[i+1].key != "and" && toks[i+1].key != "or") || sentOf[i+2] != sentOf[i] {
			continue
		}
		k, ok := byStart[toks[i+2].start]
		if !ok {
			continue
		}
		m := found[k]
		rest := tokenize(m.Text)
		var tries []string
		if len(rest) > 1 {
			tries = append(tries, toks[i].raw+" "+text[m.Start+rest[1].start:m.End], toks[i].raw+" "+rest[len(rest)-1].raw)
		}
		for _, t := range tries {
			if acts := x.Actors.Lookup(t); len(acts) > 0 {
				extra = append(extra, ActorMention{
					Start: toks[i].start, End: toks[i].end, Text: toks[i].raw, Sentence: sentOf[i],
					Actor: acts[0].Name, Category: acts[0].Category, Speaker: m.Speaker, How: HowAlias,
				})
				claimed[i] = true
				break
			}
		}
	}
	if len(extra) == 0 {
		return found
	}
	found = append(found, extra...)
	sort.SliceStable(found, func(i, j int) bool { return found[i].Start < found[j].Start })
	return found
}

// coordinationEnd returns the index after the names coordinated with the
// one that ends at j ("Russia, Turkey and Iran"): commas, "and", "or".
func coordinationEnd(text string, toks []token, sentOf []int, j int, acts *Actors) int {
	k := j
	for k < len(toks) && sentOf[k] == sentOf[j-1] {
		sep := strings.TrimSpace(text[toks[k-1].end:toks[k].start])
		next := k
		if toks[k].key == "and" || toks[k].key == "or" {
			next = k + 1
		} else if sep != "," {
			break
		}
		if next < len(toks) && toks[next].key == "the" {
			next++
		}
		matched := 0
		for n := min(acts.maxTokens, len(toks)-next); n >= 1; n-- {
			if len(acts.match(toks, next, next+n)) > 0 {
				matched = n
				break
			}
		}
		if matched == 0 {
			break
		}
		k = next + matched
	}
	return k
}

// hyphenAdjective reports "rebel-held", "US-backed": a name joined by a
// hyphen to a participle that makes it describe something else.
func hyphenAdjective(text string, toks []token, j int) bool {
	return hyphenJoined(text, toks, j, adjectiveSuffixes)
}

// hyphenJoined reports toks[j], one of words, joined by a hyphen to the
// token before it.
func hyphenJoined(text string, toks []token, j int, words map[string]bool) bool {
	if j >= len(toks) {
		return false
	}
	prevEnd := toks[j-1].end
	if toks[j].start != prevEnd+1 || text[prevEnd] != '-' {
		return false
	}
	return words[toks[j].key]
}

// agentive decides whether a metonym at toks[i:j] names an actor: it is
// the subject of a verb of acting or saying ("Moscow said", "Russia and
// Turkey agreed"), a possessor ("Russia's"), or the agent after "by",
// "between" or "with"; after a locative preposition it is a place.
func agentive(text string, toks []token, sentOf []int, claimed []bool, i, j int, acts *Actors) bool {
	if i > 0 && sentOf[i-1] == sentOf[i] {
		p := i - 1
		prev := toks[p].key
		if prev == "the" && i > 1 && sentOf[i-2] == sentOf[i] {
			p--
			prev = toks[p].key
		}
		end := toks[j-1].end
		possessive := strings.HasPrefix(text[end:], "'s") || strings.HasPrefix(text[end:], "’s")
		if possessive && ownsGroup(toks, sentOf, j) {
			return false // "Somalia's extremist rebel group al-Shabaab": where the group is
		}
		if possessive && !placePrepositions[prev] && !(ownerOfPlace[prev] && ownsPlace(toks, sentOf, j)) {
			return true // "at Iran's role", but "in Iran's capital", "an area of Azerbaijan's second city", "strikes on Ethiopia's Tigray region"
		}
		if prev == "with" && p > 0 {
			q := p - 1
			if strings.HasSuffix(toks[q].key, "ly") && q > 0 {
				q-- // "negotiated directly with Damascus"
			}
			if agreementNouns[toks[q].key] {
				return true // "the memorandum with Washington"
			}
		}
		if locativeWords[prev] {
			return false
		}
		switch prev {
		case "by", "between", "alongside", "accused", "accuses", "accusing", "blamed", "blames", "blaming", "urged", "and", "not":
			if prev != "and" && prev != "not" || p > 0 && claimed[p-1] {
				return true // "Russia, not the United States, sets …"
			}
		}
	}
	end := toks[j-1].end
	if rest := text[end:]; strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") {
		return !ownsGroup(toks, sentOf, j)
	}
	// Skip coordinated names: "Russia and the United States agreed",
	// "Russia, Iran and Turkey signed".
	k := j
	parenthetical := false // ", not the United States," may stand between subject and verb
	for k+1 < len(toks) && sentOf[k] == sentOf[i] && (toks[k].key == "and" || toks[k].key == "or" ||
		toks[k].key == "not" && strings.TrimSpace(text[toks[k-1].end:toks[k].start]) == "," ||
		strings.TrimSpace(text[toks[k-1].end:toks[k].start]) == "," && toks[k].capital) {
		if toks[k].key == "not" {
			parenthetical = true
		}
		if toks[k].key == "and" || toks[k].key == "or" || toks[k].key == "not" {
			k++
		}
		if k < len(toks) && toks[k].key == "the" {
			k++
		}
		matched := false
		for n := min(acts.maxTokens, len(toks)-k); n >= 1; n-- {
			if len(acts.match(toks, k, k+n)) > 0 {
				k += n
				matched = true
				break
			}
		}
		if !matched {
			break // not a list of actors: stop here rather than loop
		}
	}
	// A relative clause: "Russia, Turkey and Iran, which sponsored …".
	if k+1 < len(toks) && sentOf[k] == sentOf[i] && (toks[k].key == "which" || toks[k].key == "who") &&
		strings.TrimSpace(text[toks[k-1].end:toks[k].start]) == "," && agentVerbs[toks[k+1].key] {
		return true
	}
	// Adverbs between subject and verb: "Moscow also said".
	for k < len(toks) && sentOf[k] == sentOf[i] && (toks[k].key == "also" || toks[k].key == "later" || toks[k].key == "has" && k+1 < len(toks) && agentVerbs[toks[k+1].key]) {
		k++
	}
	if k >= len(toks) || k < 1 {
		return false // the name ends the text: nothing after it acts
	}
	gap := strings.TrimSpace(text[toks[k-1].end:toks[k].start])
	if sentOf[k] == sentOf[i] && agentVerbs[toks[k].key] &&
		(gap == "" || parenthetical && gap == ",") {
		// "Aleppo has been" is a place being described, not acting.
		if (toks[k].key == "has" || toks[k].key == "was" || toks[k].key == "is" || toks[k].key == "had" || toks[k].key == "have") && k+1 < len(toks) {
			next := toks[k+1].key
			return next != "been" && next != "under" && next != "the" && next != "a" && next != "home" && next != "hit" && next != "struck"
		}
		return true
	}
	return false
}

// ownsGroup reports a possessive name followed, within four words, by a
// noun of an armed group that is not the state's ("Somalia's extremist
// rebel group al-Shabaab", "Nigeria's jihadist insurgents"): the name
// says where the group fights, not a government that acts.
func ownsGroup(toks []token, sentOf []int, j int) bool {
	for k := j; k < len(toks) && k < j+4 && sentOf[k] == sentOf[j-1]; k++ {
		if fighterNouns[toks[k].key] {
			return true
		}
	}
	return false
}

var fighterNouns = setOf(`rebel rebels insurgent insurgents insurgency jihadist jihadists militant militants bandits separatist separatists`)

// ownsPlace reports a possessive name followed, within two words, by
// a noun of a place ("Azerbaijan's second city").
func ownsPlace(toks []token, sentOf []int, j int) bool {
	for k := j; k < len(toks) && k < j+3 && sentOf[k] == sentOf[j-1]; k++ {
		if placeNouns[toks[k].key] {
			return true
		}
	}
	return false
}

// placeNouns after a possessive name make it the owner of a place.
var placeNouns = setOf(`city capital town village region province territory border port coast`)

// placePrepositions before a possessive name keep it a place.
var placePrepositions = setOf(`in into inside across throughout from near within`)

// ownerOfPlace are the prepositions after which a country's possessive
// before one of its places names where, not who: "an area of
// Azerbaijan's second city", "air strikes on Ethiopia's Tigray region",
// "an attack against Russia's Belgorod region".
var ownerOfPlace = setOf(`of on at over against to towards toward`)

// agreementNouns before "with" make the name after it a party.
var agreementNouns = setOf(`memorandum agreement deal talks cooperation relations ties contacts meeting
hotline channel coordination negotiations accord arrangement negotiated negotiate negotiating talked
met meet spoke cooperate cooperating coordinate coordinating agreed signed`)

// speaker reports an actor that speaks in the sentence rather than acts:
// followed by a verb of saying, or after "according to".
func speaker(text string, toks []token, sentOf []int, i, j int) bool {
	// "a Hezbollah-claimed mortar attack": a name joined to the verb by
	// a hyphen makes an adjective of it; the group did not speak, it
	// acted.
	if j < len(toks) && toks[j].start == toks[j-1].end+1 && text[toks[j-1].end] == '-' {
		return false
	}
	if j < len(toks) && sentOf[j] == sentOf[i] {
		k := j
		// "Azerbaijan's presidential aide said": the possessor speaks.
		if end := toks[j-1].end; strings.HasPrefix(text[end:], "'s") || strings.HasPrefix(text[end:], "’s") {
			for n := 0; n < 3 && k < len(toks) && sentOf[k] == sentOf[i] && !speechVerbs[toks[k].key]; n++ {
				k++
			}
		}
		// "the Government of National Accord (GNA) said": its
		// abbreviation in brackets may follow the name.
		if strings.HasPrefix(strings.TrimLeft(text[toks[j-1].end:], " "), "(") {
			for n := 0; n < 3 && k < len(toks) && sentOf[k] == sentOf[i]; n++ {
				k++
				if strings.HasPrefix(text[toks[k-1].end:], ")") {
					break
				}
			}
		}
		if k >= len(toks) {
			return false
		}
		// "The AFC/M23 movement has reported", "the Houthi group said":
		// a noun of the group may end its name.
		for n := 0; n < 2 && k < len(toks) && sentOf[k] == sentOf[i] && !toks[k].capital && groupNouns[toks[k].key]; n++ {
			k++
		}
		// "the Russian army Sunday said", "the ministry on Monday also
		// said": a day and an adverb may stand before the verb.
		for n := 0; n < 3 && k < len(toks) && sentOf[k] == sentOf[i] && beforeSaying[toks[k].key]; n++ {
			k++
		}
		if k < len(toks) && speechVerbs[toks[k].key] {
			return true
		}
		// "a Sudanese army officer said", "a police commander, who
		// asked not to be named, said": whose officer or official
		// speaks.
		if officialSaid.MatchString(text[toks[j-1].end:min(len(text), toks[j-1].end+140)]) {
			return true
		}
		// "the GNA statement added", "an army statement said": whose
		// statement speaks.
		if toks[j].key == "statement" || toks[j].key == "statements" {
			return true
		}
		// "Armenian Ministry of Defense spokeswoman Shushan Stepanian
		// said": whose spokesperson speaks.
		for k := j; k < len(toks) && k < j+4 && sentOf[k] == sentOf[i]; k++ {
			if spokesWords[toks[k].key] {
				return true
			}
		}
	}
	if i >= 2 && toks[i-2].key == "according" && toks[i-1].key == "to" {
		return true
	}
	// "a spokesman for the Indian Border Security Force told …", "said
	// X, a spokesperson for exiled National Unity Government": whose
	// spokesman speaks.
	if k := i - 1; k >= 1 && sentOf[k] == sentOf[i] {
		for n := 0; n < 2 && k >= 2 && !toks[k].capital && toks[k].key != "for" && toks[k].key != "of"; n++ {
			k-- // "the", "exiled", "self-declared"
		}
		if (toks[k].key == "for" || toks[k].key == "of") && spokesWords[toks[k-1].key] {
			return true
		}
	}
	// "according to a statement released by the Sudanese military".
	for k := i - 1; k >= 1 && k >= i-7 && sentOf[k] == sentOf[i]; k-- {
		if toks[k-1].key == "according" && toks[k].key == "to" {
			return true
		}
		if !statementWords[toks[k].key] {
			break
		}
	}
	return false
}

// statementWords may stand between "according to" and who speaks.
// compassWords start directions ("south Lebanon", "northern Gaza").
var compassWords = setOf(`north south east west northern southern eastern western central upper lower northeast northwest southeast southwest`)

// groupNouns may follow an armed group's name before its verb of
// saying.
var groupNouns = setOf(`movement group rebels militia alliance coalition command`)

// beforeSaying may stand between a speaker and its verb of saying.
var beforeSaying = setOf(`also has had on monday tuesday wednesday thursday friday saturday sunday yesterday today earlier later late`)

// officialSaid follows a side whose officer, official or commander
// speaks, a clause on the speaker allowed between: "(police)
// commander, who asked not to be named, said".
var officialSaid = regexp.MustCompile(`^\s+(?:officer|officers|official|officials|commander|commanders|source|sources)\b(?:,?\s+(?:who|which)\s+[^,.;:"“”]{1,80},)?(?:\s+(?:also|on\s+\w+|late\s+on\s+\w+|earlier|later))?\s+(?:said|says|told|reported|confirmed|stated|added|announced)\b`)

// spokesWords before "for" or "of" make the actor after them a speaker;
// so do they a few words after it ("the ministry's spokeswoman").
var spokesWords = setOf(`spokesman spokeswoman spokesperson spokespeople spokesmen`)

var statementWords = map[string]bool{"a": true, "an": true, "the": true, "statement": true, "statements": true, "report": true,
	"released": true, "issued": true, "published": true, "by": true, "from": true, "figures": true, "data": true, "tally": true}

// placeHit is a gazetteer match before disambiguation.
type placeHit struct {
	i, j      int
	sentence  int
	text      string
	start     int
	end       int
	cands     []int32
	committed bool // some candidate is a committed place
	loose     bool // found by its loose key (spelling.go), not its spelling
	// inName is set on a committed name read as the end of a longer
	// capitalised name ("Zara" of "Ain Zara"): outside the article's
	// subject country it is that other name's word (resolvePlaces).
	inName bool
	// compass is set on a country's name that a capitalised compass
	// word before it made part of a longer name ("South Lebanon"): the
	// hit is the country, told with the compass word.
	compass bool
	// thing is set on a name told before a landform or a vehicle noun
	// ("the X peninsula", "an X pickup"): the name may be the landform's
	// or a make's, not a town's (resolvePlaces).
	thing bool
}

// thingNouns after a name make it a landform's or a vehicle make's.
var thingNouns = setOf(`peninsula desert mountains mountain range plateau valley river hills coast car cars truck trucks pickup pickups vehicle vehicles jeep jeeps suv van vans sedan`)

// compassCountry returns the places of the country a name of toks[i:j]
// names after a compass word ("South Lebanon"), or nil when the whole
// name is a country, a region or a committed place of its own ("South
// Sudan", "North Kivu") or its tail names no country.
func compassCountry(g *Gazetteer, toks []token, i, j int, ids []int32) []int32 {
	if j-i < 2 || !compassWords[toks[i].key] {
		return nil
	}
	for _, id := range ids {
		if p := &g.places[id]; p.Committed || p.Kind == KindCountry || p.Kind == KindRegion {
			return nil
		}
	}
	var key strings.Builder
	for k := i + 1; k < j; k++ {
		if k > i+1 {
			key.WriteByte(' ')
		}
		key.WriteString(toks[k].key)
	}
	tail := g.index[key.String()]
	for _, id := range tail {
		if g.places[id].Kind == KindCountry {
			return tail
		}
	}
	return nil
}

// joinKeys appends the keys of toks to b, one space between them: the
// key of the phrase in the gazetteer's and the actors' indexes.
func joinKeys(b []byte, toks []token) []byte {
	for k, t := range toks {
		if k > 0 {
			b = append(b, ' ')
		}
		b = append(b, t.key...)
	}
	return b
}

func (x *Extractor) findPlaces(text string, toks []token, sentOf []int, claimed []bool) []placeHit {
	g := x.Gazetteer
	var out []placeHit
	var key []byte          // the words' keys joined, looked up without a copy
	var looseWords []string // each token's loose key, made when first needed
	for i := 0; i < len(toks); i++ {
		if claimed[i] {
			continue
		}
		for n := min(g.maxTokens, len(toks)-i); n >= 1; n-- {
			j := i + n
			if sentOf[j-1] != sentOf[i] || claimed[j-1] {
				continue
			}
			capital := false
			for k := i; k < j; k++ {
				capital = capital || toks[k].capital
			}
			// A name is written with a capital; the lower-case words
			// (the article "al-", "ez-") may not stand alone, and the
			// last word must be capitalised ("Deir ez-Zor", not "Deir ez").
			if !capital || !toks[j-1].capital && !toks[j-1].num && !designators[toks[j-1].key] {
				continue
			}
			key = joinKeys(key[:0], toks[i:j])
			ids := g.index[string(key)]
			loose := false
			if len(ids) == 0 {
				// No name is spelt so: one spelt otherwise ("Bint
				// Jbeil" for "Bent Jbeil"), for a name written as one.
				if ids = x.looseHits(text, toks, i, j, &looseWords); len(ids) == 0 {
					continue
				}
				loose = true
			}
			if n == 1 && demonymAdjective(text, toks, sentOf, i) {
				continue
			}
			h := placeHit{i: i, j: j, sentence: sentOf[i], start: toks[i].start, end: toks[j-1].end, loose: loose}
			// "South Lebanon" in a report from Lebanon is the south of
			// the country, not the American town spelt so: a compass
			// word before a country's name names a part of that
			// country unless the whole is a country or region itself
			// ("South Sudan") or a committed place.
			if c := compassCountry(g, toks, i, j, ids); c != nil {
				ids, h.i, h.start, h.compass = c, i+1, toks[i+1].start, true
			}
			h.text = text[h.start:h.end]
			h.thing = j < len(toks) && sentOf[j] == sentOf[i] && thingNouns[toks[j].key] && adjacent(text, toks[j-1], toks[j])
			for _, id := range ids {
				if g.places[id].Committed {
					h.committed = true
				}
			}
			if (loose || !h.committed) && !plausibleName(text, toks, sentOf, claimed, i, j) {
				continue
			}
			h.inName = h.committed && !loose && wordOfLongerName(text, toks, sentOf, claimed, i) && !compassWords[toks[i-1].key]
			// "the Minsk agreements", "the Sochi memorandum": an
			// agreement's name, not where anything happened.
			if j < len(toks) && sentOf[j] == sentOf[i] && agreementNames[toks[j].key] && adjacent(text, toks[j-1], toks[j]) {
				continue
			}
			// "al-Mayadeen television", "Kabul radio": a broadcaster or
			// a paper named for a place is not that place.
			if mediaAfter(toks, sentOf, j) {
				continue
			}
			// "the English-speaking regions": a language, not the town
			// spelt so.
			if hyphenJoined(text, toks, j, languageAfter) {
				continue
			}
			h.cands = ids
			out = append(out, h)
			for k := i; k < j; k++ {
				claimed[k] = true
			}
			i = j - 1
			break
		}
	}
	return out
}

// demonymEndings make the adjective of a place's name: Gaza-n,
// Kashmir-i, Syri(a)-an, Leban(on)-ese.
var demonymEndings = []string{"ian", "an", "n", "i", "ese", "ite"}

// demonymAdjective reports a word that is the adjective of a place the
// text names, written before a lower-case word: "a Gazan beach" after
// "Gaza", "Kashmiri villages" after "Kashmir". It names people or
// things of that place, never another place that GeoNames spells so
// (Saudi Arabia's Jizan).
func demonymAdjective(text string, toks []token, sentOf []int, i int) bool {
	k := i + 1
	if k >= len(toks) || sentOf[k] != sentOf[i] || toks[k].capital || toks[k].num || !adjacent(text, toks[i], toks[k]) {
		return false
	}
	w := toks[i].key
	for _, end := range demonymEndings {
		stem, ok := strings.CutSuffix(w, end)
		if !ok || len(stem) < 3 {
			continue
		}
		for _, t := range toks {
			if t.capital && (t.key == stem || t.key == stem+"a") {
				return true
			}
		}
	}
	return false
}

// mediaNouns after a place's name make it the name of a broadcaster, a
// paper or a news agency ("Agence France-Presse", "France Presse");
// "news" does with the noun after it ("news channel").
var mediaNouns = setOf(`television tv channel radio newspaper broadcaster presse`)

// mediaAfter reports a broadcaster's or a paper's noun at toks[j]: "al-
// Mayadeen television", "al-Mayadeen TV news channel".
func mediaAfter(toks []token, sentOf []int, j int) bool {
	if j >= len(toks) || sentOf[j] != sentOf[j-1] {
		return false
	}
	if mediaNouns[toks[j].key] {
		return true
	}
	return toks[j].key == "news" && j+1 < len(toks) && sentOf[j+1] == sentOf[j] && (mediaNouns[toks[j+1].key] || toks[j+1].key == "agency" || toks[j+1].key == "network")
}

// endOfLongerCountry reports a metonym toks[i:j] that ends a country's
// longer name, the capitalised word before it its first ("South Sudan",
// for Sudan).
func (x *Extractor) endOfLongerCountry(text string, toks []token, sentOf []int, i, j int) bool {
	if i == 0 || sentOf[i-1] != sentOf[i] || !toks[i-1].capital || !adjacent(text, toks[i-1], toks[i]) {
		return false
	}
	for _, p := range x.Gazetteer.Lookup(text[toks[i-1].start:toks[j-1].end]) {
		if p.Kind == KindCountry {
			return true
		}
	}
	return false
}

// agreementNames after a place's name make it the name of an agreement.
var agreementNames = setOf(`agreement agreements accord accords protocol protocols memorandum`)

// designators are the lower-case words that end some committed names
// ("Idlib province", "Handarat camp", "Castello road").
var designators = setOf(`province governorate countryside valley mountains camp crossing airbase base
air road city town airfield region state oblast district airport`)

// feastOrPact are the names of feasts and of pacts between states that
// GeoNames also lists as towns (Christmas in Florida, Alliance in
// Nebraska): "over Christmas", "the Alliance held talks" tell a day or
// a bloc, not a town abroad. Kept apart from commonWords,
// which also decides the words that group stories.
var feastOrPact = setOf(`christmas easter ramadan eid thanksgiving diwali passover hanukkah alliance treaty summit`)

// plausibleName filters GeoNames matches that are more likely ordinary
// words or parts of other names: a common English word ("Police"), a
// month or weekday, a word of a longer capitalised name ("John Kerry",
// "Free Syrian Army"), or a capitalised word at the start of a sentence.
func plausibleName(text string, toks []token, sentOf []int, claimed []bool, i, j int) bool {
	if j-i == 1 {
		k := toks[i].key
		if commonWords[k] || feastOrPact[k] || isMonthOrDay(k) || len(k) < 3 || toks[i].num {
			return false
		}
		if toks[i].allCaps && len(k) <= 4 {
			return false // an acronym
		}
	}
	// "south Lebanon" is a direction and a country, not a town named
	// South Lebanon: a name does not start with a compass word in lower
	// case.
	if j-i > 1 && !toks[i].capital && compassWords[toks[i].key] {
		return false
	}
	if roadBetween(text, toks, sentOf, i, j) {
		return true
	}
	if wordOfLongerName(text, toks, sentOf, claimed, i) {
		return false
	}
	// "Lanao del Sur", "Mato Grosso do Sul": names joined by a
	// lower-case particle are one longer name, which the gazetteer does
	// not hold when it got here; neither part is a place of its own
	// (Oman's Sur, for the Philippine province).
	if particleJoined(text, toks, sentOf, i-2, i) || particleJoined(text, toks, sentOf, j-1, j+1) {
		return false
	}
	if i > 0 && sentOf[i-1] == sentOf[i] && toks[i-1].capital && !claimed[i-1] && adjacent(text, toks[i-1], toks[i]) &&
		sentenceStart(toks, sentOf, i-1) && !commonWords[toks[i-1].key] {
		return false
	}
	if j < len(toks) && sentOf[j] == sentOf[i] && toks[j].capital && !claimed[j] && adjacent(text, toks[j-1], toks[j]) && !facility(toks, j) {
		return false
	}
	if sentenceStart(toks, sentOf, i) && j-i == 1 {
		return false // "Kerry said", "Hope was": too often not a place
	}
	return true
}

// languageAfter, joined by a hyphen to a name, make it a language's.
var languageAfter = setOf(`speaking`)

// nameParticles join the words of one name in Spanish, Portuguese,
// Italian and French place names, and those of the Philippines.
var nameParticles = setOf(`del de do da dos das di du des della`)

// particleJoined reports capitalised words toks[a] and toks[b] joined by
// one lower-case particle between them ("Lanao del Sur").
func particleJoined(text string, toks []token, sentOf []int, a, b int) bool {
	if a < 0 || b >= len(toks) || b != a+2 || sentOf[a] != sentOf[b] {
		return false
	}
	p := toks[a+1]
	return toks[a].capital && toks[b].capital && !p.capital && nameParticles[p.key] &&
		adjacent(text, toks[a], p) && adjacent(text, p, toks[b])
}

// roadWords after two names joined by a hyphen make them the ends of a
// road: "the Kirkuk-Daquq road", "the Aleppo-Latakia highway".
var roadWords = setOf(`road highway motorway route`)

// roadBetween reports a one-word name toks[i:j] that is one end of a
// road named for the two towns it joins ("on the Kirkuk-Daquq road"):
// a place, not the word of a longer name.
func roadBetween(text string, toks []token, sentOf []int, i, j int) bool {
	if j-i != 1 {
		return false
	}
	hyphen := func(a int) bool { // toks[a] and toks[a+1] joined by a hyphen
		return a >= 0 && a+1 < len(toks) && sentOf[a] == sentOf[a+1] && toks[a+1].start == toks[a].end+1 && text[toks[a].end] == '-'
	}
	road := func(k int) bool { return k < len(toks) && sentOf[k] == sentOf[i] && roadWords[toks[k].key] }
	return hyphen(i) && toks[i+1].capital && road(i+2) || hyphen(i-1) && toks[i-1].capital && road(i+1)
}

// wordOfLongerName reports a name that a capitalised word before it,
// not a month, a day or a sentence's first word, makes part of a longer
// name ("John Kerry", "Ain Zara").
func wordOfLongerName(text string, toks []token, sentOf []int, claimed []bool, i int) bool {
	return i > 0 && sentOf[i-1] == sentOf[i] && toks[i-1].capital && !claimed[i-1] &&
		adjacent(text, toks[i-1], toks[i]) && !isMonthOrDay(toks[i-1].key) && !sentenceStart(toks, sentOf, i-1)
}

// settlementNouns after a name make it an adjective of a town.
var settlementNouns = setOf(`city port town village coast`)

// districtWords are the words that follow a quarter's name in a city
// ("the Al-Thawra area", "Karari locality", "the Salaam neighbourhood").
var districtWords = setOf(`area district neighbourhood neighborhood quarter locality suburb`)

// facilityWords after a town's name make a site of the town ("Khartoum
// International Airport", "Nasser Hospital"): the name is still the town.
var facilityWords = setOf(`airport airbase hospital university stadium port seaport`)

// facility reports a facility's name starting at toks[j]: a facility
// word, or "International" before one.
func facility(toks []token, j int) bool {
	if toks[j].key == "international" && j+1 < len(toks) {
		j++
	}
	return facilityWords[toks[j].key] || localArea(toks, j)
}

// localArea reports a local government's designation starting at
// toks[j]: "Wase Local Government Area", "Bokkos LGA" (Nigeria's
// second-level areas, each named for its seat), "Mindat Township". The name before it is
// still the town, as before an airport.
func localArea(toks []token, j int) bool {
	switch toks[j].key {
	case "lga", "township", "tehsil", "district", "division", "subdivision":
		// "Mindat Township", "Kulachi Tehsil", "Bannu District": a
		// second- or third-level area named for its seat.
		return true
	case "local":
		return j+1 < len(toks) && toks[j+1].key == "government"
	}
	return false
}

// adjacent reports whether two tokens are separated only by spaces or a
// hyphen (not by punctuation that ends a name).
func adjacent(text string, a, b token) bool {
	between := text[a.end:b.start]
	return strings.Trim(between, " -") == "" && !strings.Contains(between, "\n")
}

func isMonthOrDay(k string) bool {
	switch k {
	case "january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "sept", "jan", "feb", "mar", "apr", "jun", "jul",
		"aug", "sep", "oct", "nov", "dec", "monday", "tuesday",
		"wednesday", "thursday", "friday", "saturday", "sunday":
		return true
	}
	return false
}

// countryContext ranks the countries an article is about, its subject
// first: the country of its dateline ("GANJA, Azerbaijan -") weighs
// most, then countries named as places, committed places and regions
// (unambiguous names), towns that only one country has by that name
// (not by another spelling), and last the
// state actors and demonyms it names. A bare actor name weighs least:
// "Russian" officials in an article about Donetsk do not make it a
// Russian town. The country the headline names (headline, when not
// nil, returns it: headlineCountry) weighs as a country the text names
// when the text names none itself.
func (x *Extractor) countryContext(text string, hits []placeHit, acts []ActorMention, headline func() string) []string {
	score := map[string]int{}
	// A tie for the subject goes to the country the text gave a point
	// first (its dateline, then its earliest name), not to the first
	// code in the alphabet.
	first := map[string]int{}
	add := func(c string, n, at int) {
		if _, ok := first[c]; !ok {
			first[c] = at
		}
		score[c] += n
	}
	g := x.Gazetteer
	if c := x.datelineCountry(text); c != "" {
		add(c, 6, -1)
	}
	named := namedRegions(g, hits)
	namesCountry := false
	for _, h := range hits {
		if h.loose || h.thing {
			continue // a name spelt otherwise, or a landform's or a make's, says nothing of the article's country
		}
		key, _ := nameKey(h.text)
		// "Uri" in a report that names Kashmir is the Kashmiri town, not
		// the Swiss canton of that name: a town inside a region the
		// article names by another word speaks for the region's country.
		if c := townInNamedRegion(g, h, key, named); c != "" {
			add(c, 2, h.start)
			continue
		}
		var committed, country, region *Place
		one, regions := "", ""
		var ownTowns []string // the countries of towns that bear the name as their own
		for _, id := range h.cands {
			p := &g.places[id]
			if p.Kind == KindTown && primaryKey(p) == key {
				ownTowns = append(ownTowns, p.Country)
			}
			switch {
			case p.Committed && committed == nil:
				committed = p
			case p.Kind == KindCountry && country == nil:
				country = p
			case p.Kind == KindRegion && region == nil:
				region = p
			}
			if p.Kind == KindRegion && regions == "" {
				regions = p.Country
			} else if p.Kind == KindRegion && regions != p.Country {
				regions = "-"
			}
			// A town named only by one of its other spellings says
			// nothing of the article's country: "Suani" is also a
			// Belgian town's, "Ashraf" a person's name and an Iranian
			// town's.
			if p.Kind == KindTown && primaryKey(p) != key {
				continue
			}
			if one == "" {
				one = p.Country
			} else if one != p.Country {
				one = "-"
			}
		}
		switch {
		case committed != nil:
			add(committed.Country, 2, h.start)
		case country != nil:
			add(country.Country, 3, h.start)
			namesCountry = true
		// "Beni" is the Congolese town by its own name and a Bolivian
		// department by another: such a name says nothing of the
		// article's country.
		// "Plateau State" is Nigeria's state and, by the word the
		// gazetteer adds to every region, Benin's Plateau department: a
		// name shared by regions of several countries says nothing of
		// the article's, as a town's shared name does not.
		case region != nil && regions != "-" && (len(ownTowns) == 0 || slices.Contains(ownTowns, region.Country)):
			add(region.Country, 2, h.start)
		case one != "-" && one != "":
			add(one, 1, h.start)
		}
	}
	// The country the headline names weighs as a named country when the
	// text names none by its own name.
	if headline != nil && !namesCountry {
		if c := headline(); c != "" {
			add(c, 3, -1)
		}
	}
	for _, m := range acts {
		if m.How == HowDemonym {
			add(m.Country, 1, m.Start)
			continue
		}
		if act, ok := x.Actors.Get(m.Actor); ok && act.Country != "" {
			add(act.Country, 1, m.Start)
		}
	}
	out := make([]string, 0, len(score))
	for c := range score {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if score[out[i]] != score[out[j]] {
			return score[out[i]] > score[out[j]]
		}
		return out[i] < out[j]
	})
	// The subject: among the countries tied for the most points, the one
	// given a point first.
	for k := 1; k < len(out) && score[out[k]] == score[out[0]]; k++ {
		if first[out[k]] < first[out[0]] {
			out[0], out[k] = out[k], out[0]
		}
	}
	return out
}

// headlineCountry returns the one country a headline names by its own
// name where something happens ("8 dead in Philippines convoy
// attack"), read as the text's places are; "" when it names none or
// several. The headline is not part of the text whose places are
// found, but it says what the report is about.
func (x *Extractor) headlineCountry(title string) string {
	if title == "" {
		return ""
	}
	toks := tokenize(title)
	sentOf := make([]int, len(toks))
	claimed := make([]bool, len(toks))
	x.findActors(title, toks, sentOf, claimed)
	country := ""
	for _, h := range x.findPlaces(title, toks, sentOf, claimed) {
		// Only a country named where something happens ("… in
		// Philippines convoy attack"): "Russia to open Aleppo corridors"
		// names an actor.
		if h.loose || h.compass || h.i == 0 || !headlineIn[toks[h.i-1].key] {
			continue
		}
		key, _ := nameKey(h.text)
		for _, id := range h.cands {
			if p := &x.Gazetteer.places[id]; p.Kind == KindCountry && primaryKey(p) == key {
				if country != "" && country != p.Country {
					return ""
				}
				country = p.Country
			}
		}
	}
	return country
}

// headlineIn are the words before a country a headline names as where
// something happens.
var headlineIn = setOf(`in across near off inside throughout`)

// namedRegions maps every first-level region a hit may name ("Kashmir")
// to the key of the name that named it.
func namedRegions(g *Gazetteer, hits []placeHit) map[[2]string]string {
	out := map[[2]string]string{}
	for _, h := range hits {
		if h.loose {
			continue
		}
		key, _ := nameKey(h.text)
		for _, id := range h.cands {
			if p := &g.places[id]; p.Kind == KindRegion && p.Admin1 != "" {
				out[[2]string{p.Country, p.Admin1}] = key
			}
		}
	}
	return out
}

// townInNamedRegion returns the country of a town named by its own name
// (key) that lies in a region another name of the article names, when
// the name also denotes places elsewhere; else "".
func townInNamedRegion(g *Gazetteer, h placeHit, key string, named map[[2]string]string) string {
	if len(h.cands) < 2 {
		return ""
	}
	for _, id := range h.cands {
		p := &g.places[id]
		if p.Kind != KindTown || primaryKey(p) != key {
			continue
		}
		if by, ok := named[[2]string{p.Country, p.Admin1}]; ok && by != key {
			return p.Country
		}
	}
	return ""
}

// datelineRe reads a wire report's dateline: "KRAMATORSK, Ukraine (Wire)
// - ", "SANAA, Yemen - ", "KHARTOUM - ", "CAIRO/GAZA, July 16 (Reuters)
// – "; datelineAgencyRe one written in
// ordinary case, which the agency's name in brackets marks: "Khartoum,
// June 28 (IANS)", "New Delhi (Sputnik): ", or an agency copy's with
// the wire and its day in brackets and no dash: "MOSCOW (Daily Wire /
// Agency - 04th May, 2021)".
var (
	datelineRe       = regexp.MustCompile(`^([A-Z][A-Z'’ ./-]+[A-Z])(?:, ([A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?|[A-Z][\p{L}'’ .-]+?))?\s*(?:\([^)\n]{1,60}\))?\s*(?:[-–—]+|:)\s*`)
	datelineAgencyRe = regexp.MustCompile(`^([A-Z][\p{L}'’.-]+(?: [A-Z][\p{L}'’.-]+){0,3})(?:, ([A-Z][\p{L}'’ .-]+?|[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?))?\s*\([A-Z](?:[^)\n]{0,40}|[^)\n]{0,60}\b(?:19|20)\d\d)\)\s*[-–—:]*\s*`)
)

// datelineColonRe reads a dateline of a city in ordinary case and a
// colon, as South Asian and Gulf papers print an agency's copy:
// "Beirut: Syrian forces shelled …", "Sidon (Lebanon): An Israeli drone
// …". The words a page prints before a colon that are no place ("Note:",
// "Watch:", "Also read:") are not datelines (notColonDateline).
var datelineColonRe = regexp.MustCompile(`^([A-Z][\p{L}'’.-]+(?: [A-Z][\p{L}'’.-]+){0,2})(?:\s*\(([A-Z][^)\n]{1,30})\))?:\s+[A-Z"“]`)

var notColonDateline = setOf(`note update updated editor watch read also photo photos video videos warning breaking live source sources credit caption disclaimer correction advertisement listen share follow related more summary`)

// colonDateline is datelineColonRe's match, the capital that opens the
// sentence left out, or nil for a word that is no place.
func colonDateline(text string) []string {
	m := datelineColonRe.FindStringSubmatch(text)
	if m == nil || notColonDateline[strings.ToLower(strings.Fields(m[1])[0])] {
		return nil
	}
	_, size := utf8.DecodeLastRuneInString(m[0])
	m[0] = m[0][:len(m[0])-size]
	return m
}

// datelineDayRe reads a dateline that gives only the day: "Sunday,
// October 06, 2024 - ", "6 October 2024 – ".
var datelineDayRe = regexp.MustCompile(`^()()(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? )?(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8},? \d{4})\s*[-–—]+\s*`)

// bylineRe is a byline paragraph before the dateline: "By Staff
// Reporter".
var bylineRe = regexp.MustCompile(`^By [^\n]{1,60}\n\s*`)

// dateline returns the submatches of the article's dateline (the whole,
// from the start of the text, the place, its country or the day), or
// nil. A byline before it is part of it: "By Staff Reporter / ADDIS
// ABABA – (AGENCY) – ".
// headlineBeforeRe is a headline, or a line of a page's furniture, set
// before the dateline: a short paragraph that ends without a full stop.
var headlineBeforeRe = regexp.MustCompile(`^[^\n]{1,160}[^.\n]\n\s*`)

// stampBeforeRe is a line of a page's furniture that may end with a
// full stop: its byline or the time it was posted or updated ("By A
// Reporter, The Agency", "Posted May 18, 2024 3:59 pm.").
var stampBeforeRe = regexp.MustCompile(`^(?:By|Posted|Updated|Last [Uu]pdated|Published)\b[^\n]{1,100}\n\s*`)

// datelineAt returns the offset and the submatches of the article's
// dateline: at the start of the text, or after at most two short
// paragraphs that end without a full stop, the headline a page repeats
// before its first paragraph ("Israeli drone strikes car … \n\nBEIRUT,
// May 23 (Agency) -- "). The page's byline and the times it was
// posted and updated may stand between them as well, and do not count
// as paragraphs (stampBeforeRe). After a headline only a dateline of
// capitals or one that names its agency counts, not a bare day.
func datelineAt(text string) (int, []string) {
	if m := dateline(text); m != nil {
		return 0, m
	}
	at, heads := 0, 0
	for heads < 2 {
		h := stampBeforeRe.FindString(text[at:])
		if h == "" {
			h = headlineBeforeRe.FindString(text[at:])
			heads++
		}
		if h == "" {
			return 0, nil
		}
		at += len(h)
		for _, re := range []*regexp.Regexp{datelineRe, datelineAgencyRe} {
			if m := re.FindStringSubmatch(text[at:]); m != nil {
				return at, m
			}
		}
		if m := colonDateline(text[at:]); m != nil {
			return at, m
		}
	}
	return 0, nil
}

func dateline(text string) []string {
	by := bylineRe.FindString(text)
	rest := text[len(by):]
	for _, re := range []*regexp.Regexp{datelineRe, datelineAgencyRe, datelineDayRe} {
		if m := re.FindStringSubmatch(rest); m != nil {
			m[0] = by + m[0]
			return m
		}
	}
	if m := colonDateline(rest); m != nil {
		m[0] = by + m[0]
		return m
	}
	return nil
}

// datelineCountry returns the country of the dateline of the article's
// first paragraph, or "".
func (x *Extractor) datelineCountry(text string) string {
	_, m := datelineAt(text)
	if m == nil {
		return ""
	}
	first := m[1]
	if i := strings.LastIndexByte(first, '/'); i >= 0 {
		first = first[i+1:] // "CAIRO/GAZA": the last is where it is about
	}
	for _, name := range []string{m[2], first} {
		ps := x.Gazetteer.Lookup(name) // most likely first
		for _, p := range ps {
			if p.Kind == KindCountry {
				return p.Country
			}
		}
		// A dateline names its city by the city's own name: "ISLAMABAD"
		// is Pakistan's capital, not Chattogram, which GeoNames also
		// calls Islamabad among its other names and which is larger.
		key, _ := nameKey(name)
		for _, p := range ps {
			if primaryKey(&p) == key {
				return p.Country
			}
		}
		if len(ps) > 0 {
			return ps[0].Country
		}
	}
	return ""
}

// resolvePlaces picks, for every hit, the place it most likely denotes:
// a committed entry; else one in a country of the article's context
// (the most populous there); else the most populous anywhere, but only
// when it is large enough to be named in foreign news (a capital, or
// 100,000 inhabitants) and otherwise none: a village in another country
// that shares a word with the text is noise.
func (x *Extractor) resolvePlaces(text string, toks []token, hits []placeHit, countries []string) []PlaceMention {
	g := x.Gazetteer
	inContext := map[string]bool{}
	for _, c := range countries {
		inContext[c] = true
	}
	rank := map[string]int{}
	for i, c := range countries {
		rank[c] = i
	}
	var out []PlaceMention
	var others [][]int32 // per mention of out: the other plausible places of its name
	for _, h := range hits {
		// The best candidate: a committed entry; else one in the
		// article's countries, the subject's first, named by its own
		// name before an alternate name, then the most populous; else a
		// capital or a place of 100,000 or more anywhere; else none (a
		// village elsewhere that shares a word with the text is noise).
		key, _ := nameKey(h.text)
		best, bestTier, bestRank, bestAlt := int32(-1), 9, 0, false
		var plausible []int32
		for _, id := range h.cands {
			p := &g.places[id]
			alt := primaryKey(p) != key
			r, in := rank[p.Country]
			tier := 9
			switch {
			case h.thing && !in && !p.Committed:
				// "the X peninsula", "an X car": a town abroad of
				// the name is no place of a report that names its
				// country in no other way; a landform or a make is
				// meant.
				continue
			case h.loose && (!in || r > 0):
				continue // another spelling counts only in the article's own country
			case h.loose:
				tier, alt = 3, true
				if p.Committed || p.Kind != KindTown || p.Population >= 50000 {
					tier = 1
				}
			case p.Committed:
				// Of two committed places, the one named by its own name
				// ("Gaza City" is the city, not the Strip that took the
				// city's GeoNames names as its own).
				tier, r = 0, 0
				if alt {
					r = 1
				}
			case in && (!alt || p.Population >= 50000 || p.Kind != KindTown):
				// A town's other spelling counts as much as its own name
				// when it is large ("Mykolaiv" is the port city of
				// 480,000, not the small town spelt so).
				tier = 1
			case (p.Capital || p.Population >= 100000 || p.Kind == KindCountry) && !alt:
				tier, r = 2, 0
			case in:
				tier = 3
			default:
				continue // an alternate name of a place outside the article's countries is noise
			}
			if p.Kind == KindTown || p.Kind == KindSite || p.Kind == KindArea {
				plausible = append(plausible, id)
			}
			if best < 0 || tier < bestTier || tier == bestTier && (r < bestRank || r == bestRank && ownNameBefore(p, &g.places[best], alt, bestAlt)) {
				best, bestTier, bestRank, bestAlt = id, tier, r, alt
			}
		}
		if best < 0 {
			continue
		}
		// "Ain Zara" in a Libyan report is a suburb of Tripoli, not the
		// Syrian village Zara: a committed name inside a longer one
		// denotes itself only in the article's subject country.
		if h.inName && g.places[best].Committed && (len(countries) == 0 || g.places[best].Country != countries[0]) {
			continue
		}
		how := placeHows[bestTier]
		if bestTier == 1 && bestRank == 0 || bestTier == 3 && bestRank == 0 {
			how = HowSubjectCountry
		}
		switch {
		case h.loose:
			how += ", " + HowSpelling
		case bestAlt:
			how += ", " + HowAlternateName
		}
		p := g.places[best]
		// "the settlements of Aghdam, Aghjabadi, Goranboy and Tartar": a
		// bare name that is a region's only by the region's other name
		// and a town's that is the seat of that region is the town; "the
		// Tartar district" or "Tartar region" is the region.
		if p.Kind == KindRegion && bestAlt && (h.j >= len(toks) || !regionWords[toks[h.j].key] && !districtWords[toks[h.j].key]) {
			for _, id := range h.cands {
				if t := g.places[id]; t.Kind == KindTown && t.Seat && t.Country == p.Country && t.Admin1 == p.Admin1 {
					p, how = t, HowSubjectCountry+", "+HowAlternateName
					if bestRank != 0 {
						how = HowContextCountry + ", " + HowAlternateName
					}
					break
				}
			}
		}
		// "The assailants crossed over from Niger": a bare name that is a
		// country's own name and a region's only by the region's other
		// name ("Niger State", "Niger" for short) is the country, in
		// whichever country's report; "Niger State" or "Niger state" is
		// the region.
		if p.Kind == KindRegion && bestAlt && (h.j >= len(toks) || !regionWords[toks[h.j].key] && !districtWords[toks[h.j].key]) {
			for _, id := range h.cands {
				if c := g.places[id]; c.Kind == KindCountry && primaryKey(&c) == key {
					p, how = c, HowLargePlace
					break
				}
			}
		}
		// "the Al-Thawra area in Karari locality": a name followed by a
		// city's district word is a quarter of a city of the article's
		// subject country, not a small town, or one named by another
		// spelling, of that name abroad.
		if len(countries) > 0 && p.Country != countries[0] && p.Kind == KindTown && (bestAlt || p.Population < 50000) &&
			h.j < len(toks) && districtWords[toks[h.j].key] && !toks[h.j].capital && adjacent(text, toks[h.j-1], toks[h.j]) {
			continue
		}
		// "the Houthi-held Red Sea city", "Yemen's Red Sea port": a
		// region known by another name, used as an adjective of a town,
		// is no place of its own.
		if p.Kind == KindRegion && bestAlt && h.j < len(toks) && settlementNouns[toks[h.j].key] && !toks[h.j].capital {
			continue
		}
		// "the provinces of Daraa, Quneitra and Sweida", "Idlib and Hama
		// provinces": a seat named in a list of regions is its region.
		if p.Kind == KindTown && p.Seat && p.Admin1 != "" && regionList(text, h.start, h.end) {
			if r, ok := g.Region(p.Country, p.Admin1); ok {
				p = r
			}
		}

		// "southern Lebanon" is Lebanon's South Governorate when the
		// country has one region so named.
		if k := h.i - 1; p.Kind == KindCountry && k >= 0 && (!toks[k].capital || h.compass) && compassWords[toks[k].key] && adjacent(text, toks[k], toks[h.i]) {
			if r, ok := g.CompassRegion(p.Country, toks[k].key); ok {
				p, how = r, HowCompass
			}
		}
		m := PlaceMention{Start: h.start, End: h.end, Text: h.text, Sentence: h.sentence, Place: p, How: how}
		// "near Homs and Hama": the second town is near too.
		coordinatedNear := false
		if n := len(out); n > 0 && out[n-1].Sentence == h.sentence && out[n-1].GeoPrecision == truce.GeoNear && out[n-1].Place.Kind == KindTown {
			between := strings.TrimSpace(text[out[n-1].End:h.start])
			coordinatedNear = between == "and" || between == "," || between == ", and" || between == "or"
		}
		switch p.Kind {
		case KindCountry, KindRegion:
			m.GeoPrecision = truce.GeoRegion
		case KindArea, KindSite:
			// A base or a crossing is not a populated place: as ACLED
			// codes it, the event is near the town it belongs to.
			m.GeoPrecision = truce.GeoNear
		default:
			m.GeoPrecision = truce.GeoTown
			if coordinatedNear || nearWords(text, toks, h.i, h.j) {
				m.GeoPrecision = truce.GeoNear
			}
		}
		out = append(out, m)
		others = append(others, plausible)
	}
	nearOthers(g, text, out, others)
	inNamedRegion(g, out, others)
	homonymWithin(g, text, out, others)
	enclosed(g, text, out)
	heldByPossessive(g, text, out)
	return out
}

// heldByPossessive puts a town told after a region's possessive
// ("Jharkhand's X district") in that region: at its homonym
// there, the most populous, or, when the gazetteer has none, at the
// region itself, since the town chosen elsewhere is another place of
// the name.
func heldByPossessive(g *Gazetteer, text string, out []PlaceMention) {
	for i := 1; i < len(out); i++ {
		r, m := out[i-1], &out[i]
		if r.Sentence != m.Sentence || r.Place.Kind != KindRegion || r.Place.Admin1 == "" || m.Place.Kind != KindTown || m.Place.Committed ||
			m.Place.Country == r.Place.Country && m.Place.Admin1 == r.Place.Admin1 || !possessiveJoin.MatchString(text[r.End:m.Start]) {
			continue
		}
		var best *Place
		for _, p := range g.Lookup(m.Text) {
			if p.Kind == KindTown && p.Country == r.Place.Country && p.Admin1 == r.Place.Admin1 && (best == nil || p.Population > best.Population) {
				best = &p
			}
		}
		if best != nil {
			m.Place, m.How = *best, HowEnclosing
			continue
		}
		m.Place, m.GeoPrecision, m.How = r.Place, max(m.GeoPrecision, r.GeoPrecision), HowEnclosing
	}
}

// ownNameBefore orders two candidates of one name as likely as each
// other (same tier, same country rank): a country or first-level region
// named by its own name goes before a town — "northern Colombia" is
// the country, not the Huila town of Colombia; "Sinaloa" the state, not
// a hamlet of Chiapas; "Mexico" the country, not the capital that has it
// as another name — except a town inside that region, its seat of the
// same name ("Tillabéri"), and a national capital by its own name
// ("Djibouti"); otherwise placeBefore (committed, then the most
// populous), as GeoNames gives countries and regions no population.
func ownNameBefore(p, best *Place, alt, bestAlt bool) bool {
	owns := func(a *Place, aAlt bool, t *Place) bool {
		if aAlt || t.Kind != KindTown || t.Capital && primaryKey(t) == primaryKey(a) {
			return false
		}
		switch a.Kind {
		case KindCountry:
			return true
		case KindRegion:
			return a.Country != t.Country || a.Admin1 == "" || a.Admin1 != t.Admin1
		}
		return false
	}
	switch {
	case owns(p, alt, best):
		return true
	case owns(best, bestAlt, p):
		return false
	}
	return placeBefore(*p, *best)
}

// inNamedRegion puts a town at its homonym in a first-level region the
// article names, when the one chosen lies in none of the regions the
// article names in that country: "Gorodishche" in a report on Kursk
// region is the Kursk village, not a larger town of the name elsewhere
// in Russia. Among several such homonyms, the most populous.
func inNamedRegion(g *Gazetteer, out []PlaceMention, others [][]int32) {
	named := map[[2]string]bool{}
	for _, m := range out {
		if m.Place.Kind == KindRegion && m.Place.Admin1 != "" {
			named[[2]string{m.Place.Country, m.Place.Admin1}] = true
		}
	}
	if len(named) == 0 {
		return
	}
	for i := range out {
		m := &out[i]
		if m.Place.Committed || m.Place.Kind != KindTown || len(others[i]) < 2 || named[[2]string{m.Place.Country, m.Place.Admin1}] {
			continue
		}
		best := int32(-1)
		for _, id := range others[i] {
			p := &g.places[id]
			if p.Kind != KindTown || p.Country != m.Place.Country || !named[[2]string{p.Country, p.Admin1}] {
				continue
			}
			if best < 0 || p.Population > g.places[best].Population {
				best = id
			}
		}
		if best >= 0 {
			m.Place, m.How = g.places[best], HowNearOthers
		}
	}
}

// homonymWithin puts a town told with the place that holds it ("in
// Cawayan town, Masbate", "Timba, in the department of Cauca") at its
// homonym there when the one chosen is elsewhere: a homonym in the
// holding region, or within 80 km of the holding town, and the nearest
// such, whatever the sizes.
func homonymWithin(g *Gazetteer, text string, out []PlaceMention, others [][]int32) {
	for i := 0; i+1 < len(out); i++ {
		m, y := &out[i], out[i+1]
		if m.Sentence != y.Sentence || m.Place.Committed || m.Place.Kind != KindTown || len(others[i]) < 2 || !enclosingRe.MatchString(text[m.End:y.Start]) {
			continue
		}
		inside := func(p *Place) (float64, bool) {
			d := distanceKm(p.Lat, p.Lon, y.Place.Lat, y.Place.Lon)
			switch y.Place.Kind {
			case KindRegion:
				return d, p.Country == y.Place.Country && p.Admin1 == y.Place.Admin1
			case KindTown:
				return d, p.Country == y.Place.Country && d <= 80
			}
			return d, false
		}
		if _, ok := inside(&m.Place); ok {
			continue
		}
		best, bestD := -1, math.Inf(1)
		for _, id := range others[i] {
			p := &g.places[id]
			if p.Kind != KindTown {
				continue
			}
			if d, ok := inside(p); ok && d < bestD {
				best, bestD = int(id), d
			}
		}
		if best >= 0 {
			m.Place, m.How = g.places[best], HowNearOthers
		}
	}
}

// enclosingRe joins a place to the district or region it is said to be
// in: "the village of Agdam in the Khojavend District", "Masala, Beni
// territory", "Shahpur and Kirni sectors of Poonch district".
//
// The place may be a post or a camp ("the X camp in Kano State's Gaya
// area") or a district ("the X district of Y").
var enclosingRe = regexp.MustCompile(`(?i)^(?:\s+and\s+[\w'’-]+)?(?:\s+(?:sectors?|villages?|areas?|belts?|towns?|city|municipality|camps?|bases?|barracks|posts?|outposts?|checkpoints?|districts?|count(?:y|ies)|LGAs?|local government areas?|tehsils?|divisions?))?(?:,\s*(?:in\s+)?|\s+(?:in|of)\s+)(?:the\s+)?$`)

// seatRegionWord follows a seat's name to name its first-level region:
// "Ukraine's Zaporizhzhia region" where the region is not found by that
// spelling of its own.
var seatRegionWord = regexp.MustCompile(`^\s+(?:region|province|oblast|governorate|department)\b`)

// regionOfBefore ends the words before a region's name: "the state of",
// "the southwestern state of", "province of".
var regionOfBefore = regexp.MustCompile(`(?i)\b(state|province|region|governorate|department|oblast|prefecture|county)\s+of\s+$`)

// provinceOf are the words of regionOfBefore that name the region even
// when the town of the name is its seat: "the western province of
// Kunduz" is the province, as "Kunduz province" is.
var provinceOf = setOf(`state province governorate department`)

// seatRegions turns a seat named before its region's word in lower case
// into that region. It runs after strayTowns, so that a word read as a
// seat far away does not become a region that stays.
func seatRegions(g *Gazetteer, text string, out []PlaceMention) {
	for i := range out {
		m := &out[i]
		// "the southwestern state of Guerrero": the state, not the town
		// of Chihuahua of that name; "the western province of Kunduz"
		// the province, not its seat (but "the region of Kherson" keeps
		// the city, which is in it).
		if m.Place.Kind != KindTown {
			continue
		}
		if of := regionOfBefore.FindStringSubmatch(text[max(0, m.Start-40):m.Start]); of != nil {
			province := provinceOf[strings.ToLower(of[1])]
			for _, r := range g.Lookup(m.Text) {
				if r.Kind == KindRegion && r.Country == m.Place.Country && (province || r.Admin1 != admin1Of(g, m.Place)) {
					m.Place, m.GeoPrecision = r, truce.GeoRegion
					break
				}
			}
			continue
		}
		if !m.Place.Seat || !seatRegionWord.MatchString(text[m.End:]) {
			continue
		}
		if r, ok := g.Region(m.Place.Country, admin1Of(g, m.Place)); ok {
			m.Place, m.GeoPrecision = r, truce.GeoRegion
		}
	}
}

// capitalOfBefore ends the text before a region or country whose
// capital is meant: "the capital of ", "the capital of the southern
// state of "; capitalAfter follows one: "'s capital", "’s provincial
// capital". A summer or former capital is another town.
var (
	capitalOfBefore = regexp.MustCompile(`(?i)\bthe\s+(?:(?:provincial|regional|state)\s+)?capital\s+of\s+(?:the\s+(?:[\w'’-]+\s+){0,2}?(?:region|province|state|governorate|department|county|oblast|prefecture)\s+of\s+)?$`)
	capitalAfter    = regexp.MustCompile(`^['’]s\s+(?:(?:provincial|regional|state)\s+)?capital\b`)
)

// possessiveAfter follows a name in the possessive.
var possessiveAfter = regexp.MustCompile(`^['’]s\s`)

// capitalsNamed turns a region or country named as the place whose
// capital is meant into that capital: "a market in Sindh's capital" is
// in Karachi, "shells fell on the capital of the eastern province of X"
// on X's seat, not somewhere in X.
func capitalsNamed(g *Gazetteer, text string, out []PlaceMention) {
	for i := range out {
		m := &out[i]
		if m.Place.Kind != KindRegion && m.Place.Kind != KindCountry {
			continue
		}
		if !capitalAfter.MatchString(text[m.End:]) && !capitalOfBefore.MatchString(text[max(0, m.Start-80):m.Start]) {
			continue
		}
		// "the capital of Nigeria's Borno state": a country in the
		// possessive names the region whose capital is meant, not its
		// own.
		if !capitalAfter.MatchString(text[m.End:]) && possessiveAfter.MatchString(text[m.End:]) {
			continue
		}
		if seat, ok := g.SeatOf(m.Place); ok {
			m.Place, m.GeoPrecision = seat, truce.GeoTown
		}
	}
}

// admin1Of is a town's first-level code; for a seat of the committed
// list, which has none ("Hodeidah"), that of the GeoNames seat of the
// same country within 10 km of it. (A scan of the gazetteer: only a
// committed seat before its region's word asks.)
func admin1Of(g *Gazetteer, p Place) string {
	if p.Admin1 != "" || !p.Committed {
		return p.Admin1
	}
	for i := range g.places {
		q := &g.places[i]
		if q.Seat && !q.Committed && q.Kind == KindTown && q.Country == p.Country && q.Admin1 != "" && distanceKm(p.Lat, p.Lon, q.Lat, q.Lon) <= 10 {
			return q.Admin1
		}
	}
	return ""
}

// possessiveJoin is a possessive's ending between a country and the
// region of it that follows.
var possessiveJoin = regexp.MustCompile(`^['’]s\s+$`)

// districtWordRe follows (or is part of) the name of an enclosing place:
// "the Khojavend District", "Kunduz province".
var districtWordRe = regexp.MustCompile(`(?i)^[^,;.]*?\b(?:district|region|province|territory|governorate|county|sector|oblast|rayon|state)\b`)

// enclosed puts a town where the article says it is: when the place
// chosen for "X in the Y district" is not in Y (another region, or more
// than 30 km from a town Y), X is a village the gazetteer lacks that
// shares a name with a place elsewhere, and the event is given Y, the
// nearest enclosing place the article names, at Y's precision.
func enclosed(g *Gazetteer, text string, out []PlaceMention) {
	for i := 0; i+1 < len(out); i++ {
		m, y := &out[i], out[i+1]
		between, ofRegion := text[m.End:y.Start], false
		// "the village of Bilenke, in Ukraine's Zaporizhzhia region":
		// the country's possessive stands before the enclosing region.
		if y.Place.Kind == KindCountry && i+2 < len(out) && out[i+2].Sentence == y.Sentence && possessiveJoin.MatchString(text[y.End:out[i+2].Start]) {
			between, y = text[m.End:y.Start], out[i+2]
		} else if z := i + 2; y.Place.Kind == KindRegion && z < len(out) && out[z].Sentence == y.Sentence && possessiveJoin.MatchString(text[y.End:out[z].Start]) &&
			out[z].Place.Kind == KindTown && out[z].Place.Country == y.Place.Country && out[z].Place.Admin1 == y.Place.Admin1 {
			// "the X camp in Kano State's Gaya area": so does a
			// region's before a town of it, the nearest place that
			// holds X.
			between, y, ofRegion = text[m.End:y.Start], out[z], true
		}
		// "barangay San Miguel, Las Navas": a village told by its word,
		// then a comma and its town, is in that town.
		district := ofRegion || districtWordRe.MatchString(text[y.Start:min(len(text), y.End+12)])
		village := !district && y.Place.Kind == KindTown && strings.TrimSpace(between) == "," && villageWordBefore.MatchString(text[max(0, m.Start-16):m.Start])
		// "the X district of southern Y", "the X neighbourhood of Y": a
		// part of the town Y named with its word is in Y.
		// Not when Y is the seat of a region that holds X: "the X
		// district in southern Y" may name Y's region.
		part := !district && !village && y.Place.Kind == KindTown && townPartWord.MatchString(between) && !seatOfRegionOf(g, m.Place, y.Place)
		if m.Sentence != y.Sentence || m.Place.Committed || m.Place.Kind != KindTown || !part && (!enclosingRe.MatchString(between) || !district && !village) {
			continue // "Novoselivka, Balakliia and Izium" is a list
		}
		// "in Ukraine's Zaporizhzhia region" is the region, not its seat:
		// read so before asking whether X lies in it, since a town of
		// the region ("Orikhiv in the Zaporizhzhia region") may well be
		// more than 30 km from the region's seat and is still in it.
		if y.Place.Kind == KindTown && y.Place.Seat && y.Place.Admin1 != "" && seatRegionWord.MatchString(text[y.End:]) {
			if r, ok := g.Region(y.Place.Country, y.Place.Admin1); ok {
				y.Place, y.GeoPrecision = r, truce.GeoRegion
			}
		}
		switch y.Place.Kind {
		case KindRegion:
			if m.Place.Country == y.Place.Country && m.Place.Admin1 == y.Place.Admin1 {
				continue
			}
		case KindTown:
			if distanceKm(m.Place.Lat, m.Place.Lon, y.Place.Lat, y.Place.Lon) <= 30 {
				continue
			}
			// "the village of Varvarivka, Chuhuiv district": a district
			// named by its seat may reach 60 km from it; a homonym of
			// the village in the seat's region and that near is the one
			// meant, before the seat itself.
			if !village {
				if h, ok := homonymNear(g, m, y.Place, 60); ok {
					m.Place, m.How = h, HowEnclosing
					continue
				}
			}
		default:
			continue
		}
		m.Place, m.GeoPrecision, m.How = y.Place, max(m.GeoPrecision, y.GeoPrecision), HowEnclosing
	}
}

// seatOfRegionOf reports whether y is the seat of the first-level
// region that holds x (a committed seat may carry no region of its
// own: it is matched by where it lies).
func seatOfRegionOf(g *Gazetteer, x, y Place) bool {
	if !y.Seat || x.Country != y.Country || x.Admin1 == "" {
		return false
	}
	if x.Admin1 == y.Admin1 {
		return true
	}
	r, ok := g.Region(x.Country, x.Admin1)
	if !ok {
		return false
	}
	s, ok := g.SeatOf(r)
	return ok && distanceKm(s.Lat, s.Lon, y.Lat, y.Lon) <= 10
}

// townPartWord stands between a part of a town and the town: "(the X)
// district of southern (Y)", "neighbourhood of", "suburb in".
var townPartWord = regexp.MustCompile(`(?i)^\s+(?:district|neighbou?rhood|suburb|quarter|borough|sector|township|ward|commune|barrio|colonia)\s+(?:of|in)\s+(?:the\s+)?(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?$`)

// villageWordBefore ends the words that name a village before its name:
// "barangay", "the village of", "tambon".
var villageWordBefore = regexp.MustCompile(`(?i)\b(?:barangay|brgy\.?|tambon|village of|hamlet of)\s+$`)

// homonymNear is the town of m's name nearest to the town y, in y's
// country and first-level region, within km of it.
func homonymNear(g *Gazetteer, m *PlaceMention, y Place, km float64) (Place, bool) {
	var best Place
	bestD := math.Inf(1)
	for _, p := range g.Lookup(m.Text) {
		if p.Kind != KindTown || p.Country != y.Country || y.Admin1 == "" || p.Admin1 != y.Admin1 {
			continue
		}
		if d := distanceKm(p.Lat, p.Lon, y.Lat, y.Lon); d <= km && d < bestD {
			best, bestD = p, d
		}
	}
	return best, !math.IsInf(bestD, 1)
}

// nearOthers moves a mention to a homonym near the article's other
// places when the place chosen for it is far from all of them: a town
// named beside two others of one district is that district's town, not
// a place of the same name 300 km away, whatever their sizes. Only
// towns, sites and areas move, and only to a place plausible by the
// rules above (in the article's countries, or large). A town listed
// with others ("the towns of Martakert, Martuni and Hadrut") is held to
// its list: more than 100 km from the list's other towns, it gives way
// to a homonym within 50 km of one of them and at most half as far.
func nearOthers(g *Gazetteer, text string, out []PlaceMention, others [][]int32) {
	nearest := func(lat, lon float64, self string) float64 {
		d := math.Inf(1)
		for _, o := range out {
			if k := o.Place.Kind; k == KindCountry || k == KindRegion {
				continue
			}
			if ok, _ := nameKey(o.Text); ok == self {
				continue
			}
			d = math.Min(d, distanceKm(lat, lon, o.Place.Lat, o.Place.Lon))
		}
		return d
	}
	for i := range out {
		m := &out[i]
		if len(others[i]) < 2 || m.Place.Committed || m.Place.Kind == KindCountry || m.Place.Kind == KindRegion {
			continue
		}
		self, _ := nameKey(m.Text)
		here := nearest(m.Place.Lat, m.Place.Lon, self)
		if list := listedWith(text, out, i); len(list) > 0 {
			here = math.Inf(1)
			for _, o := range list {
				here = math.Min(here, distanceKm(m.Place.Lat, m.Place.Lon, o.Lat, o.Lon))
			}
			if here <= 100 {
				continue
			}
			for _, id := range others[i] {
				p := &g.places[id]
				d := math.Inf(1)
				for _, o := range list {
					d = math.Min(d, distanceKm(p.Lat, p.Lon, o.Lat, o.Lon))
				}
				if d <= 50 && d*2 < here {
					m.Place = *p
					m.How = HowNearOthers
					break
				}
			}
			continue
		}
		if math.IsInf(here, 1) || here <= 150 {
			continue
		}
		for _, id := range others[i] {
			p := &g.places[id]
			if d := nearest(p.Lat, p.Lon, self); d <= 50 && d*4 < here {
				m.Place = *p
				m.How = HowNearOthers
				break
			}
		}
	}
}

// listedWith returns the other towns of the list out[i] stands in (its
// neighbours in one sentence joined by commas, "and" or "or"), or nil.
func listedWith(text string, out []PlaceMention, i int) []Place {
	joined := func(a, b int) bool {
		return out[a].Sentence == out[b].Sentence && out[a].Place.Kind == KindTown && out[b].Place.Kind == KindTown &&
			listJoin.MatchString(strings.TrimSpace(text[out[a].End:out[b].Start]))
	}
	lo, hi := i, i
	for lo > 0 && joined(lo-1, lo) {
		lo--
	}
	for hi+1 < len(out) && joined(hi, hi+1) {
		hi++
	}
	// "the highway between Stanislav and Oleksandrivka" names one place.
	if strings.HasSuffix(lowerInPlace(strings.TrimSpace(text[max(0, out[lo].Start-12):out[lo].Start])), "between") {
		return nil
	}
	var list []Place
	for k := lo; k <= hi; k++ {
		if k != i {
			list = append(list, out[k].Place)
		}
	}
	return list
}

var (
	regionListBefore = regexp.MustCompile(`(?i)\b(?:provinces|governorates|regions) of (?:[\w'’ -]+, )*(?:[\w'’ -]+,? and )?$`)
	regionListAfter  = regexp.MustCompile(`(?i)^(?:, [\w'’ -]+)*(?:,? and [\w'’ -]+)? (?:provinces|governorates)\b`)
)

// regionList reports a name inside a list of regions.
func regionList(text string, start, end int) bool {
	return regionListBefore.MatchString(text[max(0, start-80):start]) ||
		regionListAfter.MatchString(text[end:min(len(text), end+80)])
}

// nearWords reports words around a town's name that place an event near
// it rather than in it: "near", "outside", "on the outskirts of", "north
// of", "20 km from", "the countryside of", "rural", "Aleppo countryside".
func nearWords(text string, toks []token, i, j int) bool {
	before := lowerInPlace(text[max(0, toks[i].start-40):toks[i].start])
	before = strings.TrimRight(before, " -")
	for _, w := range []string{" near", " outside", "outskirts of", " north of", " south of", " east of",
		" west of", "northeast of", "northwest of", "southeast of", "southwest of", " km from", "kilometres from",
		"kilometers from", "miles from", " close to", "countryside of", " rural", "edge of", " around",
		" km of", "kilometres of", "kilometers of", "vicinity of", "road to", "road from", "near the town of",
		"countryside around", "outside the town of", "outside the city of", "near the city of", "near the village of"} {
		if strings.HasSuffix(" "+before, w) {
			return true
		}
	}
	after := lowerInPlace(text[toks[j-1].end:min(len(text), toks[j-1].end+16)])
	for _, w := range []string{" countryside", "'s countryside", "’s countryside", " outskirts", "'s outskirts", "’s outskirts", " suburbs", "'s suburbs"} {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}

// inDateline reports whether the text at offset start is part of the
// article's dateline.
func (ex *Extraction) inDateline(start int) bool {
	return start >= ex.datelineStart && start < ex.dateline
}

// fileCaptionRe opens a paragraph that is an agency's caption of an
// archive photograph: "FILE - In this …", "FILE PHOTO: …".
var fileCaptionRe = regexp.MustCompile(`^(?:FILE\s*[-–—]\s|FILE PHOTO\b|\(?FILE PHOTO\)?\s)`)

// blankSpans returns text with the bytes of spans made spaces (line
// breaks kept), every offset where it was.
func blankSpans(text string, spans [][2]int) string {
	if len(spans) == 0 {
		return text
	}
	b := []byte(text)
	for _, sp := range spans {
		for i := sp[0]; i < sp[1] && i < len(b); i++ {
			if b[i] != '\n' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// photoCredit ends a line that is a photograph's caption: the agency's
// credit ("… Handout via REUTERS", "REUTERS/Alaa Al-Marjani", "(AP
// Photo/Felipe Dana)", "AFP via Getty Images", "/AFP"). News pages keep
// their captions among the paragraphs; what a caption tells is told by
// the report (or is another day's picture).
var photoCredit = regexp.MustCompile(`(?:\bvia (?:REUTERS|Reuters|AFP|AP|Getty Images)|\bREUTERS/[A-Z][\w.'’ -]{1,40}|\(AP Photo(?:/[^)]{1,60})?\)|/AFP|\bAFP via Getty Images)\s*$`)

// fileCaptions returns the byte spans of the paragraphs of text (parted
// by a blank line) that fileCaptionRe opens, and of the lines that end
// with a photograph's credit.
func fileCaptions(text string) [][2]int {
	var out [][2]int
	if strings.Contains(text, "FILE") {
		out = spansWhere(text, "\n\n", func(p string) bool { return fileCaptionRe.MatchString(strings.TrimLeft(p, " \t\n")) })
	}
	if strings.Contains(text, "REUTERS") || strings.Contains(text, "AFP") || strings.Contains(text, "AP Photo") || strings.Contains(text, "via ") {
		out = append(out, spansWhere(text, "\n", func(line string) bool {
			return photoCredit.MatchString(line[max(0, len(line)-80):]) // a credit is short: read the line's end
		})...)
		slices.SortFunc(out, func(a, b [2]int) int { return a[0] - b[0] })
	}
	return out
}

// spansWhere returns the byte spans of the parts of text, parted by sep,
// that keep says to keep.
func spansWhere(text, sep string, keep func(string) bool) [][2]int {
	var out [][2]int
	for at := 0; at < len(text); {
		end := strings.Index(text[at:], sep)
		if end < 0 {
			end = len(text)
		} else {
			end += at
		}
		if keep(text[at:end]) {
			out = append(out, [2]int{at, end})
		}
		at = end + len(sep)
	}
	return out
}
