package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/truce-center/truce"
)

// Villages the gazetteer lacks. Reports name the village a strike hit
// ("the village of Yaroun", "Beit Lif village", "the Al-Awaini
// neighbourhood") whether or not GeoNames lists it. Such a name is kept
// as an UnlistedPlace, so that the event is placed in the district,
// region or near the town its sentence also names, or else left unplaced
// and flagged with the village's name; and two strikes at two different
// unlisted villages stay two events.

// UnlistedPlace is a village or neighbourhood that the article names as
// a place and the gazetteer does not have.
type UnlistedPlace struct {
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Text     string `json:"text"`
	Sentence int    `json:"sentence"`
}

// A name: capitalised words, with the Arabic article and hyphens
// between them ("Khillet al-Diraz", "Burj Qalaouiyeh", "Al-Awaini"),
// also before the first ("the town of al-Mansouri").
const unlistedName = `((?:(?:al|el|ad|ash|as|at|az|ez|ed|an|ar)-)?\p{Lu}[\p{L}'’]*(?:(?:[ -](?:al|el|ad|ash|as|at|az|ez|ed|an|ar|ul)-|[ -])\p{Lu}[\p{L}'’]*){0,3})`

var (
	// "the village of Yaroun", "the villages of Toulin and Burj
	// Qalaouiyeh", "the town of Kabkabiya".
	unlistedOfRe = regexp.MustCompile(`\b(?:villages?|towns?|hamlets?|neighbou?rhoods?|settlements?) of (?:the )?` + unlistedName + `(?:,? and ` + unlistedName + `)?`)
	// "Beit Lif village", "the Al-Awaini neighborhood", "the Khillet
	// al-Diraz area".
	unlistedBeforeRe = regexp.MustCompile(unlistedName + ` (?:village|neighbou?rhood|area|hamlet)\b`)
	// "in Fungzai community": a community told where something happened
	// (not "the Druze community", a people).
	unlistedCommunityRe = regexp.MustCompile(`\b(?:in|at|near|of) ` + unlistedName + ` community\b`)
	// "between Aainata and Bint Jbeil", "a road between Beit Lif and
	// Srebbine".
	unlistedBetweenRe = regexp.MustCompile(`\bbetween (?:the villages of )?` + unlistedName + ` and ` + unlistedName)
	// "In Ain Zara, a rocket hit a house": a sentence that opens on
	// where it happened.
	unlistedOpeningRe = regexp.MustCompile(`(?:^|[.!?]\s+|\n)In ` + unlistedName + `, `)
	// "at Pissele, near Bourzanga", "in Kubwat in the Mangu area": a
	// name where something happened, told with the town it is in or
	// near; read before a town the gazetteer has (unlistedNearTown).
	unlistedNearTownRe = regexp.MustCompile(`\b(?:in|at|near|on|villages? (?:were|are|of|include|including)) ` + unlistedName + `(?:(?:,| and) ` + unlistedName + `)?(?:,\s*|\s+)(?:near|in|outside)\s+(?:the\s+)?$`)
)

// findUnlisted returns the names of villages the text gives as places
// that are not among the places found nor an actor's name, in the order
// of the text.
func findUnlisted(ex *Extraction) []UnlistedPlace {
	text := ex.Article.Text
	var out []UnlistedPlace
	seen := map[int]bool{}
	add := func(start, end int) {
		if start < 0 || seen[start] || ex.inDateline(start) {
			return
		}
		// A name the gazetteer or the actor list knows is no unlisted
		// village: it overlaps a mention. But a town that is only the
		// name's last words is another place ("In Ain Zara," is no
		// Zara): it is dropped, unless the words before it say which
		// part of it ("East Jerusalem", "Old Aleppo").
		for _, a := range ex.Actors {
			if a.Start < end && start < a.End {
				return
			}
		}
		var suffix []int // the towns that are only the name's last words
		for k, p := range ex.Places {
			if !(p.Start < end && start < p.End) {
				continue
			}
			// "the Kashmir neighbourhood" of a Sudanese town is no
			// region of India: a region or a country named as a
			// neighbourhood or a village is one the gazetteer lacks.
			if p.Start == start && p.End == end && (p.Place.Kind == KindRegion || p.Place.Kind == KindCountry) && neighbourhoodAfter(text[end:]) {
				suffix = append(suffix, k)
				continue
			}
			if p.Start <= start || p.End < end || p.Place.Kind != KindTown || partWords(text[start:p.Start]) {
				return
			}
			suffix = append(suffix, k)
		}
		for n, k := range suffix {
			ex.Places = append(ex.Places[:k-n], ex.Places[k-n+1:]...)
		}
		name := text[start:end]
		if k, _ := nameKey(name); commonWords[k] || isMonthOrDay(k) || compassWords[k] {
			return
		}
		seen[start] = true
		out = append(out, UnlistedPlace{Start: start, End: end, Text: name, Sentence: sentenceAt(ex.Sentences, start)})
	}
	for _, r := range []struct {
		re   *regexp.Regexp
		cues []string
	}{
		{unlistedOfRe, []string{"village", "town", "hamlet", "neighbo", "settlement"}},
		{unlistedBeforeRe, []string{" village", " neighbo", " area", " hamlet"}},
		{unlistedCommunityRe, []string{" community"}},
		{unlistedBetweenRe, []string{"between "}},
		{unlistedOpeningRe, []string{"In "}},
	} {
		if !hasCue(text, r.cues) {
			continue // the costly pattern only where its words occur
		}
		for _, m := range r.re.FindAllStringSubmatchIndex(text, -1) {
			for k := 2; k+1 < len(m); k += 2 {
				add(m[k], m[k+1])
			}
		}
	}
	// A name before a town of the article's country, joined to it by
	// "near" or "in" ("at Pissele, near Bourzanga"): a village the
	// gazetteer lacks, placed near that town (placeUnlisted).
	if len(ex.Countries) > 0 {
		for _, p := range ex.Places {
			if p.Place.Kind != KindTown || p.Place.Country != ex.Countries[0] || p.Start < 8 {
				continue
			}
			if c := text[p.Start-1]; c != ' ' && c != '\n' {
				continue
			}
			before := text[max(0, p.Start-80):p.Start]
			if !strings.HasSuffix(before, "near ") && !strings.HasSuffix(before, "in ") && !strings.HasSuffix(before, "outside ") && !strings.HasSuffix(before, "the ") {
				continue
			}
			// The costly pattern only where a capitalised word comes
			// before the joining word.
			if !capitalisedBeforeJoin(before) {
				continue
			}
			if m := unlistedNearTownRe.FindStringSubmatchIndex(before); m != nil {
				off := p.Start - len(before)
				for k := 2; k+1 < len(m); k += 2 {
					if m[k] >= 0 {
						add(off+m[k], off+m[k+1])
					}
				}
			}
		}
	}
	// In the order of the text.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// capitalisedBeforeJoin reports text that ends with a capitalised word,
// a comma or a space, then "in", "near" or "outside" and perhaps "the":
// where a village's name may stand before its town.
func capitalisedBeforeJoin(before string) bool {
	s := strings.TrimSuffix(before, "the ")
	for _, j := range []string{"near ", "in ", "outside "} {
		if strings.HasSuffix(s, j) {
			s = strings.TrimRight(s[:len(s)-len(j)], " ,")
			i := strings.LastIndexAny(s, " \n")
			w := s[i+1:]
			if w == "" {
				return false
			}
			r, _ := utf8.DecodeRuneInString(w)
			return unicode.IsUpper(r)
		}
	}
	return false
}

// neighbourhoodAfter reports a name followed by the noun of a
// neighbourhood or a village: " neighbourhood", " village".
func neighbourhoodAfter(after string) bool {
	for _, n := range []string{" neighbourhood", " neighborhood", " village", " quarter"} {
		if strings.HasPrefix(after, n) {
			return true
		}
	}
	return false
}

// partWords reports words before a town's name that name a part of it
// ("East", "Old", "Greater"), or none at all.
func partWords(before string) bool {
	if strings.Contains(before, "'s ") || strings.Contains(before, "’s ") {
		return true // "Azerbaijan’s Gazakh": whose town, not a longer name
	}
	for _, w := range strings.Fields(before) {
		if k, _ := nameKey(w); !compassWords[k] && !cityParts[k] {
			return false
		}
	}
	return true
}

// cityParts name a part of a town before its name.
var cityParts = setOf(`old new greater upper lower inner outer downtown`)

// sentenceAt returns the index of the sentence holding offset at.
func sentenceAt(ss []Sentence, at int) int {
	for i, s := range ss {
		if at < s.End {
			return i
		}
	}
	return len(ss) - 1
}

// unlistedIn returns the unlisted village of [from, to): the first after
// the trigger, else the first; "" when there is none.
func unlistedIn(ex *Extraction, trigger, from, to int) string {
	first := ""
	for _, u := range ex.Unlisted {
		if u.Start < from || u.End > to {
			continue
		}
		if u.Start >= trigger {
			return u.Text
		}
		if first == "" {
			first = u.Text
		}
	}
	return first
}

// placeUnlisted places an event at an unlisted village: near the town
// its sentence names (GeoNear), in the district or region it names
// (GeoRegion); a country is too coarse, and the event is left unplaced
// (and flagged with the village's name).
func placeUnlisted(ev *Event, village string) {
	ev.Village = village
	if ev.Place == nil {
		return
	}
	switch ev.Place.Place.Kind {
	case KindCountry:
		ev.Place = nil
		return
	case KindTown:
		if strings.EqualFold(ev.Place.Text, village) {
			return
		}
		ev.Place.GeoPrecision = max(ev.Place.GeoPrecision, truce.GeoNear)
	}
	ev.Place.How = HowUnlisted + " (" + village + ")"
}

// villageTownAfter joins a village's name to the town it is in or near:
// "Kubwat and Fungzai in the Mangu Local Government Area", "Rijiya
// village in Gusau", "at Pissele, near Bourzanga", "Gidan Halilu
// village of Birnin Magaji". The town's mention must follow at once.
var villageTownAfter = regexp.MustCompile(`^(?:\s+(?:villages?|communit(?:y|ies)|hamlets?|areas?|settlements?))?(?:,\s*|\s+)(?:(?:which|that) (?:is|lies) (?:located )?)?(?:in|near|of|outside)\s+(?:the\s+)?$`)

// townOfVillage returns, for each village the article names, the town
// of the article's country that one of its mentions names it with
// (villageTownAfter), or with which it is listed ("Kubwat and Fungzai in
// the Mangu …" gives Mangu to both).
func townOfVillage(ex *Extraction) map[string]*PlaceMention {
	if len(ex.Unlisted) == 0 || len(ex.Countries) == 0 {
		return nil
	}
	text := ex.Article.Text
	var out map[string]*PlaceMention
	for i, u := range ex.Unlisted {
		// The first place after the name, in its sentence.
		end := u.End
		// "Kubwat and Fungzai in …": a village listed before another
		// takes the town named after the list.
		if i+1 < len(ex.Unlisted) && ex.Unlisted[i+1].Sentence == u.Sentence {
			if between := text[u.End:ex.Unlisted[i+1].Start]; strings.TrimSpace(between) == "and" || strings.TrimSpace(between) == "," || strings.TrimSpace(between) == ", and" {
				end = ex.Unlisted[i+1].End
			}
		}
		for k := range ex.Places {
			p := &ex.Places[k]
			if p.Start < end {
				continue
			}
			if p.Sentence != u.Sentence || p.Start-end > 60 {
				break
			}
			if p.Place.Kind == KindTown && p.Place.Country == ex.Countries[0] && villageTownAfter.MatchString(text[end:p.Start]) {
				key, _ := nameKey(u.Text)
				if out == nil {
					out = map[string]*PlaceMention{}
				}
				if _, ok := out[key]; !ok {
					out[key] = p
				}
			}
			break
		}
	}
	return out
}

// villageAtItsTown places an act at a village the gazetteer lacks, left
// unplaced or placed only in a region or a country, near the town the
// article names the village with (townOfVillage), marked as the
// district's placement is (placeUnlisted): near that town.
func villageAtItsTown(ex *Extraction, evs []Event) {
	towns := townOfVillage(ex)
	if towns == nil {
		return
	}
	for k := range evs {
		ev := &evs[k]
		if ev.Village == "" || ev.Place != nil && ev.Place.Place.Kind == KindTown {
			continue
		}
		key, _ := nameKey(ev.Village)
		t, ok := towns[key]
		if !ok || ev.Place != nil && !inside(t.Place, ev.Place) {
			continue
		}
		c := *t
		ev.Place = &c
		placeUnlisted(ev, ev.Village)
	}
}
