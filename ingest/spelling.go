package ingest

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Spelling-tolerant lookup. Place names from Arabic, Persian, Russian and
// Ukrainian reach English news in several romanisations: "Bint Jbeil",
// "Bent Jbail" and "Bint Jubayl" are one town; so are "Khan Younis" and
// "Khan Yunis", "Dzhankoi" and "Jankoy", "Ash Shaykh" and "al-Sheikh".
// The loose key of a name keeps what these spellings share: its
// consonants, after the usual pairs of letters are made one (kh and h,
// j, dj, zh and dzh, sh and ch, q and k, th and t ...), without its
// vowels (e/i, ou/u, ay/ei/ai differ most), without doubled letters and
// without the Arabic article (al-, el-, ash-, ad-, ez- ...). Hyphens and
// apostrophes are gone already (fold).
//
// The gazetteer keeps the 64-bit hash of every name's loose key beside
// the place it names, in one sorted array (about 12 bytes a name); a
// name that has no exact match is looked up there, and its candidates
// count only in the article's own countries (see resolvePlaces).

// articleWords are romanisations of the Arabic article, written as a
// word of their own once fold has turned the hyphen into a space.
var articleWords = setOf(`al el ul il ad ed adh ar er as es ash esh at et ath az ez an en`)

// digraph returns the one letter a romanisation's letter pair (or
// triple) at w[i:] stands for, and its length; n is 1 when none starts
// there. "shch" and "sch" are s, "dzh", "zh", "dj" and j are j, "tch"
// and "ch" are c, kh is h, and gh, th, dh, ph and ck are g, t, d, f, k.
func digraph(w string, i int) (byte, int) {
	c := w[i]
	if i+1 >= len(w) {
		return c, 1
	}
	next := w[i+1]
	third := byte(0)
	if i+2 < len(w) {
		third = w[i+2]
	}
	switch {
	case c == 's' && next == 'h' && third == 'c' && i+3 < len(w) && w[i+3] == 'h':
		return 's', 4
	case c == 'd' && next == 'z' && third == 'h':
		return 'j', 3
	case c == 't' && next == 'c' && third == 'h':
		return 'c', 3
	case c == 's' && next == 'c' && third == 'h':
		return 's', 3
	case next == 'h':
		switch c {
		case 'k':
			return 'h', 2
		case 'z':
			return 'j', 2
		case 'p':
			return 'f', 2
		case 'g', 's', 'c', 't', 'd':
			return c, 2
		}
	case c == 'd' && next == 'j':
		return 'j', 2
	case c == 'c' && next == 'k':
		return 'k', 2
	}
	return c, 1
}

// looseWord is the loose key of one folded word: its consonants, with
// the pairs above made one and doubled letters once, and each run of
// vowels as one "a" ("ou", "u", "o" and "ay", "ei", "ai" alike).
func looseWord(w string, b []byte) []byte {
	var last byte
	for i := 0; i < len(w); {
		c, n := digraph(w, i)
		switch c {
		case 'q':
			c = 'k'
		case 'w':
			c = 'v'
			// "Zawr", "Hawsh": after a vowel and before none, a w is
			// the vowel's ("Zor", "Housh").
			if i > 0 && isVowel(w[i-1]) && (i+1 == len(w) || !isVowel(w[i+1])) {
				c = 'a'
			}
		case 'y':
			// A y starts a word as a consonant ("Yaroun") and is a
			// vowel elsewhere ("Bayt", "Jubayl").
			if i > 0 {
				c = 'a'
			}
		case 'e', 'i', 'o', 'u':
			c = 'a'
		}
		i += n
		if c == last {
			continue
		}
		b = append(b, c)
		last = c
	}
	return b
}

func isVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 }

// consonants counts the letters of a loose key other than "a".
func consonants[S string | []byte](s S) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != 'a' && s[i] != ' ' {
			n++
		}
	}
	return n
}

// looseKey is the loose key of a folded, space-separated name key and
// the number of consonants it keeps; "" when the name has too few
// consonants to be told from other names (fewer than three).
func looseKey(key string) (string, int) {
	b, kept := appendLooseKey(nil, key)
	if kept < 3 {
		return "", 0
	}
	return string(b), kept
}

// appendLooseKey appends the loose key of a name key to b, and says how
// many consonants it kept.
func appendLooseKey(b []byte, key string) ([]byte, int) {
	n0 := len(b)
	words := strings.Count(key, " ") + 1
	kept := 0
	for key != "" {
		w, rest, _ := strings.Cut(key, " ")
		key = rest
		if w == "" || words > 1 && articleWords[w] {
			continue
		}
		if len(b) > n0 {
			b = append(b, ' ')
		}
		n := len(b)
		b = looseWord(w, b)
		kept += consonants(b[n:])
	}
	return b, kept
}

// looseHash is FNV-1a over a loose key.
func looseHash[S string | []byte](s S) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// looseIndex maps loose keys' hashes to places: two parallel arrays,
// sorted by hash once the gazetteer is loaded.
type looseIndex struct {
	entries []looseEntry // while loading
	hash    []uint64
	ids     []int32
	buf     []byte
}

type looseEntry struct {
	hash uint64
	id   int32
}

func (l *looseIndex) add(key string, id int32) {
	b, kept := appendLooseKey(l.buf[:0], key)
	l.buf = b
	if kept < 3 {
		return
	}
	h := looseHash(b)
	// A place's spellings often share a loose key ("Bent Jbail", "Bent
	// Jbaïl"): keep one entry for it.
	for k := len(l.entries) - 1; k >= 0 && l.entries[k].id == id; k-- {
		if l.entries[k].hash == h {
			return
		}
	}
	l.entries = append(l.entries, looseEntry{h, id})
}

// seal sorts the index by hash into its two arrays. The places of one
// hash keep the gazetteer's order (committed places first, then as
// loaded), whatever else the gazetteer holds: an unstable sort by hash
// alone reordered them whenever a row was added anywhere, and with them
// the homonym a name spelt otherwise was read as first.
func (l *looseIndex) seal() {
	slices.SortFunc(l.entries, func(a, b looseEntry) int {
		if c := cmp.Compare(a.hash, b.hash); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	l.hash = make([]uint64, len(l.entries))
	l.ids = make([]int32, len(l.entries))
	for i, e := range l.entries {
		l.hash[i], l.ids[i] = e.hash, e.id
	}
	l.entries, l.buf = nil, nil
}

// lookup returns the places whose loose key hashes to h.
func (l *looseIndex) lookup(h uint64) []int32 {
	lo, _ := slices.BinarySearch(l.hash, h)
	hi := lo
	for hi < len(l.hash) && l.hash[hi] == h {
		hi++
	}
	return l.ids[lo:hi]
}

// LookupLoose returns the places a name may denote when spelt otherwise
// ("Bint Jbeil" for GeoNames' "Bent Jbaïl"), most likely first; it does
// not repeat the exact matches of Lookup.
func (g *Gazetteer) LookupLoose(name string) []Place {
	k, _ := nameKey(name)
	lk, _ := looseKey(k)
	if lk == "" {
		return nil
	}
	var out []Place
	for _, id := range g.loose.lookup(looseHash(lk)) {
		if !slices.Contains(g.index[k], id) {
			out = append(out, g.places[id])
		}
	}
	slices.SortStableFunc(out, func(a, b Place) int {
		switch {
		case placeBefore(a, b):
			return -1
		case placeBefore(b, a):
			return 1
		}
		return 0
	})
	return out
}

// looseHits returns the places whose loose key is that of the words
// toks[i:j], when they are written as a name: every word capitalised but
// the article ("Bint Jbeil", "Khillet al-Diraz"; an article other than
// "al" and "el" only when a hyphen joins it to the next word, since "at",
// "as" and "an" are English too), no word a demonym or a common word,
// and at least three consonants kept. words caches each token's loose
// key.
func (x *Extractor) looseHits(text string, toks []token, i, j int, words *[]string) []int32 {
	g := x.Gazetteer
	if len(g.loose.hash) == 0 || !toks[i].capital && j-i == 1 {
		return nil
	}
	if *words == nil {
		*words = make([]string, len(toks))
	}
	var b strings.Builder
	kept := 0
	for k := i; k < j; k++ {
		t := toks[k]
		if articleWords[t.key] && k+1 < j {
			if t.key != "al" && t.key != "el" && text[t.end:toks[k+1].start] != "-" {
				return nil
			}
			continue
		}
		if !t.capital || t.num || commonWords[t.key] {
			return nil
		}
		if _, ok := g.demonyms[t.key]; ok {
			return nil
		}
		if (*words)[k] == "" {
			(*words)[k] = string(looseWord(t.key, nil))
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString((*words)[k])
		kept += consonants((*words)[k])
	}
	if kept < 3 {
		return nil
	}
	// One word spelt otherwise is as often a person's name or an English
	// word: it counts where a place is expected ("at Battal", "the
	// village of Ehsim").
	if j-i == 1 && (i == 0 || !locativeWords[toks[i-1].key] && !settlementNouns[toks[i-1].key]) {
		return nil
	}
	return g.loose.lookup(looseHash(b.String()))
}

// farSpellings drops the places found by another spelling of their name
// that lie more than 50 km from every other town of their country the
// article names: a homonym spelt alike elsewhere in the country
// ("Battal" beside Akhnoor is not Betul, 1,000 km off; Gaza City's
// al-Tuffah is not the West Bank's Taffuh). An article that names no
// other town of the country keeps them.
//
// The dateline ("BEIRUT -") and capitals, named for their governments,
// are not among the towns that count.
func farSpellings(out []PlaceMention, inDateline func(int) bool) []PlaceMention {
	keep := out[:0]
	for i, m := range out {
		if !strings.HasSuffix(m.How, HowSpelling) {
			keep = append(keep, m)
			continue
		}
		nearest, others := nearestOfCountry(out, m, func(k int, o PlaceMention) bool {
			return k != i && !strings.HasSuffix(o.How, HowSpelling) && o.Place.Kind != KindCountry && o.Place.Kind != KindRegion &&
				!inDateline(o.Start) && !o.Place.Capital
		})
		if (!others || nearest <= 50) && !otherCountry(out, m) {
			keep = append(keep, m)
		}
	}
	return keep
}

// nearestOfCountry returns the distance from m to the nearest place of
// out in m's country that counts (by its index and mention), and whether
// any did.
func nearestOfCountry(out []PlaceMention, m PlaceMention, counts func(int, PlaceMention) bool) (float64, bool) {
	nearest, others := math.Inf(1), false
	for k, o := range out {
		if o.Place.Country != m.Place.Country || !counts(k, o) {
			continue
		}
		others = true
		nearest = math.Min(nearest, distanceKm(m.Place.Lat, m.Place.Lon, o.Place.Lat, o.Place.Lon))
	}
	return nearest, others
}

// farAlternates drops the towns under 100,000 people (strayTowns'
// bound) found only by an alternate name or transliteration that lie
// more than 500 km from every other town the article names in their
// country: "Otradnoye", a village of Belgorod region the gazetteer
// lacks, is not the Otradnyy of Samara region, 1,059 km from the Belgorod
// the report names. A town the report names by its own name, or one near
// the others, stays; the act is left unplaced rather than put far off.
func farAlternates(out []PlaceMention, inDateline func(int) bool) []PlaceMention {
	return slices.DeleteFunc(out, func(m PlaceMention) bool {
		if !strings.HasSuffix(m.How, HowAlternateName) || m.Place.Kind != KindTown || m.Place.Committed || m.Place.Population >= 100000 {
			return false
		}
		nearest, others := nearestOfCountry(out, m, func(_ int, o PlaceMention) bool {
			return o.Text != m.Text && o.Place.Kind == KindTown && !inDateline(o.Start)
		})
		return others && nearest > 500
	})
}

// demonymsAbroad drops the places whose word is the demonym of a
// country of the article's, resolved to a place of another country:
// "Somali's state news agency" in a report on Somalia names Somalia's
// agency, not Ethiopia's Somali Region.
func demonymsAbroad(g *Gazetteer, out []PlaceMention, countries []string) []PlaceMention {
	if g == nil {
		return out
	}
	return slices.DeleteFunc(out, func(m PlaceMention) bool {
		c, ok := g.Demonym(m.Text)
		return ok && c != m.Place.Country && slices.Contains(countries, c)
	})
}

// strayTowns drops the GeoNames towns that lie more than 1,000 km from
// every other place the article names and whose country nothing else in
// the article names (no other place, no actor of it): a word read as a
// town far away ("the Tal al-Sultan area of western Rafah" is no Tāl in
// India; a news agency's name is no Chinese village). A town named in an
// article with no other place keeps its chance. Before it is dropped, a
// stray town gives way to a town of the same name in a country whose
// places the article names: "Jenin" in a report on the West Bank is
// GeoNames' Janīn (a small town named so by one of its other spellings),
// not the Polish village of that name that the name alone had put in the
// article's countries.
func strayTowns(g *Gazetteer, out []PlaceMention, acts []ActorMention, actors *Actors) []PlaceMention {
	var moved []int
	for i := range out {
		m := &out[i]
		if m.Place.Committed || m.Place.Kind != KindTown || m.Place.Capital || m.Place.Population >= 100000 || !strayFrom(out, i) || actorOf(acts, actors, m.Place.Country) {
			continue
		}
		if p, ok := homonymNamed(g, out, i); ok {
			m.Place, m.How = p, HowContextCountry+", "+HowAlternateName
			moved = append(moved, i)
		}
	}
	keep := out[:0]
	for i, m := range out {
		if m.Place.Committed || m.Place.Kind != KindTown || m.Place.Capital || m.Place.Population >= 100000 || slices.Contains(moved, i) ||
			!strayFrom(out, i) || actorOf(acts, actors, m.Place.Country) {
			keep = append(keep, m)
		}
	}
	return keep
}

// homonymNamed returns the most populous town spelt as out[i] is in a
// country of another place of out, other than the town out[i] has.
func homonymNamed(g *Gazetteer, out []PlaceMention, i int) (Place, bool) {
	if g == nil {
		return Place{}, false
	}
	for _, p := range g.Lookup(out[i].Text) {
		if p.Kind != KindTown || p.ID == out[i].Place.ID {
			continue
		}
		for k, o := range out {
			if k != i && o.Place.Country == p.Country && o.Place.Kind != KindCountry && !strings.EqualFold(o.Text, out[i].Text) {
				return p, true
			}
		}
	}
	return Place{}, false
}

// strayFrom reports whether out[i] is more than 1,000 km from every
// other place of out (countries aside), at least one, and its country
// is that of no other place named by another word.
func strayFrom(out []PlaceMention, i int) bool {
	m := out[i]
	others := false
	for k, o := range out {
		// The same word named again ("Barza" three times, read once as
		// a Romanian town and once as its commune) is no other place:
		// only another name vouches for the country.
		if k == i || o.Place.ID == m.Place.ID || strings.EqualFold(o.Text, m.Text) {
			continue
		}
		if o.Place.Country == m.Place.Country {
			return false
		}
		if o.Place.Kind == KindCountry {
			continue
		}
		if distanceKm(m.Place.Lat, m.Place.Lon, o.Place.Lat, o.Place.Lon) <= 1000 {
			return false
		}
		others = true
	}
	return others
}

// actorOf reports an actor mention of the country.
func actorOf(acts []ActorMention, actors *Actors, country string) bool {
	for _, m := range acts {
		if m.Country == country {
			return true
		}
		if a, ok := actors.Get(m.Actor); ok && a.Country == country {
			return true
		}
	}
	return false
}

// otherCountry reports a place of another country named just before m
// ("the Myanmar border town of Myawaddy" is not a Thai village spelt
// alike), or a sentence that names countries or regions and nothing of
// m's country.
func otherCountry(out []PlaceMention, m PlaceMention) bool {
	named, own := false, false
	for _, o := range out {
		if o.Sentence != m.Sentence || strings.HasSuffix(o.How, HowSpelling) {
			continue
		}
		region := o.Place.Kind == KindCountry || o.Place.Kind == KindRegion
		if region && o.Place.Country != m.Place.Country && o.End <= m.Start && m.Start-o.End <= 30 {
			return true
		}
		named = named || region
		own = own || o.Place.Country == m.Place.Country
	}
	return named && !own
}
