package ingest

import (
	"github.com/truce-center/truce"
	"github.com/truce-center/truce/internal/unionfind"

	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// Story is a group of articles about the same events. ID is derived from
// the articles it holds (their URLs, or titles and texts when there is no
// URL), so the same group always has the same ID; Title is the title of
// its earliest article.
type Story struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Articles []*Extraction `json:"articles"`
}

// Grouping thresholds. Two articles are linked when they are related
// (worded alike, or the same event in the same places), their similarity
// is at least LinkThreshold, and they were published at most MaxStoryGap
// apart; a story is a connected group of linked articles. Weights, gate
// and threshold were chosen on the labelled set of the tests: a starting
// point, not a measured optimum (see BENCHMARKS.md for how they fared on
// articles written after they were set).
const (
	LinkThreshold = 0.10
	MaxStoryGap   = 4 * 24 * time.Hour
)

// Group extracts every article and groups them into stories. See
// GroupExtractions.
func (x *Extractor) Group(articles []Article) []Story {
	exs := make([]*Extraction, len(articles))
	for i, a := range articles {
		exs[i] = x.Extract(a)
	}
	return GroupExtractions(exs)
}

// GroupExtractions groups extracted articles into stories by what they
// share: the places they name (countries aside), the days their events
// happened, the events themselves (type and place), the actors, and
// their wording (a TF-IDF cosine of title and text). The result is
// deterministic: stories are ordered by their earliest article, articles
// within a story by publication time and then input order.
func GroupExtractions(exs []*Extraction) []Story {
	n := len(exs)
	feats := make([]storyFeatures, n)
	var df documentFrequencies
	for i, ex := range exs {
		feats[i] = featuresOf(ex)
		df.count(&feats[i])
	}
	for i := range feats {
		feats[i].weigh(&df, n)
	}
	sets := unionfind.New(n)
	find := sets.Find
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if related(&feats[i], &feats[j]) && similarity(exs[i], exs[j], &feats[i], &feats[j]) >= LinkThreshold {
				sets.Union(i, j)
			}
		}
	}
	groups := map[int][]int{}
	var roots []int
	for i := 0; i < n; i++ {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}
	var out []Story
	for _, r := range roots {
		idx := groups[r]
		sort.SliceStable(idx, func(a, b int) bool {
			return exs[idx[a]].Article.Published.Before(exs[idx[b]].Article.Published)
		})
		s := Story{}
		h := sha256.New()
		keys := make([]string, len(idx))
		for k, i := range idx {
			s.Articles = append(s.Articles, exs[i])
			keys[k] = articleKey(exs[i].Article)
		}
		sort.Strings(keys)
		for _, k := range keys {
			h.Write([]byte(k))
			h.Write([]byte{0})
		}
		s.ID = "story-" + hex.EncodeToString(h.Sum(nil))[:16]
		s.Title = s.Articles[0].Article.Title
		out = append(out, s)
	}
	sort.SliceStable(out, func(a, b int) bool {
		return out[a].Articles[0].Article.Published.Before(out[b].Articles[0].Article.Published)
	})
	return out
}

// related is the gate before the score: two articles can be one story
// only when they are worded alike (their texts, or their headlines and
// ledes) or report the same event in the same places. Sharing a common
// city and a few actors in the same week is not enough: that is how the
// battle for Aleppo reads every day.
func related(a, b *storyFeatures) bool {
	return cosine(a.words, b.words) >= 0.13 || cosine(a.head, b.head) >= 0.15 ||
		jaccard(a.events, b.events) > 0 && cosine(a.places, b.places) >= 0.6
}

func articleKey(a Article) string {
	if a.URL != "" {
		return a.URL
	}
	h := sha256.Sum256([]byte(a.Title + "\x00" + a.Text))
	return hex.EncodeToString(h[:])
}

// storyFeatures are what grouping compares. Places, actors and words are
// weighted by how rare they are in the collection (TF-IDF, unit length):
// two articles that both name Aleppo, or rebels, share little; two that
// name Masaken Hanano share a lot.
type storyFeatures struct {
	events                map[string]bool
	places, actors, words map[string]float64
	head                  map[string]float64 // words of the title and the first sentence
}

// documentFrequencies count in how many articles each feature occurs.
type documentFrequencies struct{ places, actors, words map[string]int }

func (df *documentFrequencies) count(f *storyFeatures) {
	if df.words == nil {
		df.places, df.actors, df.words = map[string]int{}, map[string]int{}, map[string]int{}
	}
	for k := range f.places {
		df.places[k]++
	}
	for k := range f.actors {
		df.actors[k]++
	}
	for k := range f.words {
		df.words[k]++
	}
}

func featuresOf(ex *Extraction) storyFeatures {
	f := storyFeatures{places: map[string]float64{}, actors: map[string]float64{},
		events: map[string]bool{}, words: map[string]float64{}, head: map[string]float64{}}
	for _, p := range ex.Places {
		if p.Place.Kind != KindCountry {
			f.places[p.Place.ID]++
		}
	}
	for _, a := range ex.Actors {
		if a.Category != truce.Civilians {
			f.actors[a.Actor]++
		}
	}
	for _, ev := range ex.Events {
		if ev.Place != nil {
			f.events[ev.SubEventType+"|"+ev.Place.Place.ID] = true
		}
	}
	for _, t := range tokenize(ex.Article.Title + "\n" + ex.Article.Text) {
		if storyWord(t) {
			f.words[stem(t.key)]++
		}
	}
	head := ex.Article.Title
	if len(ex.Sentences) > 0 {
		head += "\n" + ex.Sentences[0].Text
	}
	for _, t := range tokenize(head) {
		if storyWord(t) {
			f.head[stem(t.key)]++
		}
	}
	return f
}

// newsWords are the vocabulary of every war report: they say nothing
// about which story an article belongs to (the actors and events they
// name are compared as such).
var newsWords = setOf(`kill killed killing kills struck strike strikes striking aircraft warplane warplanes
jets russian syrian turkish american iranian israeli kurdish government rebel rebels forces troops
fighters militants attack attacks attacked group groups people civilians officials official monitoring
observatory media state said says reported according human rights least more than dozens hundreds
including during after before since where which their there would could will have been were being
town city village district province area areas positions monday tuesday wednesday thursday friday
saturday sunday`)

// storyWord reports whether a token counts in the wording of a story.
func storyWord(t token) bool {
	return len(t.key) >= 4 && !t.num && !commonWords[t.key] && !newsWords[t.key]
}

// stem is a crude English suffix stripper, enough for "strikes"/"strike",
// "attacked"/"attack".
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 4 {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

func (f *storyFeatures) weigh(df *documentFrequencies, n int) {
	if df.words == nil {
		df.count(&storyFeatures{})
	}
	tfidf(f.places, df.places, n)
	tfidf(f.actors, df.actors, n)
	tfidf(f.words, df.words, n)
	tfidf(f.head, df.words, n)
}

// tfidf turns term counts into unit-length TF-IDF weights. The IDF is
// smoothed (+1) so that a feature every article has still counts a little.
func tfidf(v map[string]float64, df map[string]int, n int) {
	var norm float64
	for k, tf := range v {
		w := (1 + math.Log(tf)) * (1 + math.Log(float64(1+n)/float64(1+df[k])))
		v[k] = w
		norm += w * w
	}
	norm = math.Sqrt(norm)
	if norm == 0 {
		return
	}
	for k := range v {
		v[k] /= norm
	}
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for k := range a {
		if b[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func cosine(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for k, v := range a {
		s += v * b[k]
	}
	return s
}

// Similarity is the grouping score of two extracted articles, in [0, 1]:
// a weighted sum of the overlap of their places (0.25), events (0.15),
// actors (0.10), wording (0.25) and the wording of their headline and
// first sentence (0.25), or 0 when they were published more than
// MaxStoryGap apart. Dates are not a feature: within the window they
// said little (every article of a busy week shares days), and the window
// already holds the story together in time. Alone, without the other articles of a
// collection, every word weighs alike; GroupExtractions weighs words by
// how rare they are in the collection.
func Similarity(a, b *Extraction) float64 { return similarity(a, b, nil, nil) }

func similarity(a, b *Extraction, fa, fb *storyFeatures) float64 {
	pa, pb := a.Article.Published, b.Article.Published
	if !pa.IsZero() && !pb.IsZero() {
		gap := pa.Sub(pb)
		if gap < 0 {
			gap = -gap
		}
		if gap > MaxStoryGap {
			return 0
		}
	}
	if fa == nil {
		f := featuresOf(a)
		f.weigh(&documentFrequencies{}, 1)
		fa = &f
	}
	if fb == nil {
		f := featuresOf(b)
		f.weigh(&documentFrequencies{}, 1)
		fb = &f
	}
	return 0.25*cosine(fa.places, fb.places) +
		0.15*jaccard(fa.events, fb.events) +
		0.10*cosine(fa.actors, fb.actors) +
		0.25*cosine(fa.words, fb.words) +
		0.25*cosine(fa.head, fb.head)
}

// Quote is a sentence of a source, verbatim: Text == the source's
// Article.Text[Start:End].
type Quote struct {
	Source string `json:"source"`
	URL    string `json:"url"`
	Text   string `json:"text"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

// Fact is one event of a story with the sources that report it.
type Fact struct {
	EventType    string    `json:"event_type"`
	SubEventType string    `json:"sub_event_type"`
	Place        string    `json:"place"`
	Date         string    `json:"date"` // DateMention.Label of the first report
	Occurred     time.Time `json:"occurred_at"`
	Precision    int       `json:"time_precision"`
	Actor1       string    `json:"actor1,omitempty"`
	Actor2       string    `json:"actor2,omitempty"`
	Fatalities   int       `json:"fatalities"` // the lowest toll stated by a source: conservative
	Sources      []Quote   `json:"sources"`    // one sentence per supporting article
}

// Claim is what one source says in a disagreement.
type Claim struct {
	Value string `json:"value"`
	Quote Quote  `json:"quote"`
}

// Disagreement is a fact on which the sources differ: the death toll
// ("fatalities") or who did it ("actor1").
type Disagreement struct {
	Fact   int     `json:"fact"` // index into Brief.Facts
	Field  string  `json:"field"`
	Claims []Claim `json:"claims"`
}

// TimelineEntry is one dated event of the story.
type TimelineEntry struct {
	Date     string    `json:"date"`
	Occurred time.Time `json:"occurred_at"`
	Fact     int       `json:"fact"`
	Quote    Quote     `json:"quote"`
}

// Brief summarises a story extractively: every sentence in it is a
// sentence of one of its articles, quoted with its offsets, and the rest
// is structure (event types, places, dates, counts).
type Brief struct {
	StoryID       string          `json:"story_id"`
	Title         string          `json:"title"`
	Sources       []Source        `json:"sources"`
	Lead          []Quote         `json:"lead"` // the first sentence of each article
	Facts         []Fact          `json:"facts"`
	Disagreements []Disagreement  `json:"disagreements"`
	Timeline      []TimelineEntry `json:"timeline"`
	// Places and Parties are every place and actor the story's articles
	// name, most mentioned first: what a reader needs to see why a fact
	// says what it says.
	Places  []Named `json:"places"`
	Parties []Named `json:"parties"`
}

// Named is a place or an actor of a brief and how many times the
// story's articles name it.
type Named struct {
	Name     string `json:"name"`
	Mentions int    `json:"mentions"`
}

// tally counts names, most mentioned first (then by name).
func tally(names []string) []Named {
	n := map[string]int{}
	for _, s := range names {
		n[s]++
	}
	out := make([]Named, 0, len(n))
	for k, v := range n {
		out = append(out, Named{Name: k, Mentions: v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Mentions != out[j].Mentions {
			return out[i].Mentions > out[j].Mentions
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// MakeBrief builds the brief of a story: its facts are its events, merged
// across articles when they have the same sub-event type, place and
// date; each fact lists the sentence of every article that reports it,
// most-supported facts first; a disagreement is recorded when sources give
// different tolls or name different perpetrators for one fact; the
// timeline orders the facts by date.
func MakeBrief(s Story) Brief {
	b := Brief{StoryID: s.ID, Title: s.Title}
	index := map[string]int{}
	type claimSet struct {
		tolls  map[int][]Quote
		actors map[string][]Quote
	}
	var claims []claimSet
	var places, parties []string
	for _, ex := range s.Articles {
		a := ex.Article
		for _, p := range ex.Places {
			places = append(places, p.Place.Name)
		}
		for _, m := range ex.Actors {
			parties = append(parties, m.Actor)
		}
		b.Sources = append(b.Sources, Source{Name: sourceName(a), URL: a.URL, Scale: a.Scale})
		if len(ex.Sentences) > 0 {
			b.Lead = append(b.Lead, quoteOf(ex, ex.Sentences[0]))
		}
		seen := map[string]bool{} // one quote per article and fact
		for _, ev := range ex.Events {
			if ev.Place == nil || ev.Date == nil {
				continue
			}
			key := ev.SubEventType + "|" + ev.Place.Place.Name + "|" + ev.Date.Date.Format("2006-01-02")
			q := quoteOf(ex, ex.Sentences[ev.Sentence])
			k, ok := index[key]
			if !ok {
				k = len(b.Facts)
				index[key] = k
				b.Facts = append(b.Facts, Fact{
					EventType: ev.EventType, SubEventType: ev.SubEventType, Place: ev.Place.Place.Name,
					Date: ev.Date.Label(), Occurred: ev.Date.Date, Precision: ev.Date.Precision,
					Actor1: ev.Actor1, Actor2: ev.Actor2, Fatalities: -1,
				})
				claims = append(claims, claimSet{tolls: map[int][]Quote{}, actors: map[string][]Quote{}})
			}
			f := &b.Facts[k]
			if ev.FatalitiesStated {
				if f.Fatalities < 0 || ev.Fatalities < f.Fatalities {
					f.Fatalities = ev.Fatalities
				}
				if len(claims[k].tolls[ev.Fatalities]) == 0 || claims[k].tolls[ev.Fatalities][len(claims[k].tolls[ev.Fatalities])-1].URL != q.URL {
					claims[k].tolls[ev.Fatalities] = append(claims[k].tolls[ev.Fatalities], q)
				}
			}
			if ev.Actor1 != "" {
				claims[k].actors[ev.Actor1] = append(claims[k].actors[ev.Actor1], q)
				if f.Actor1 == "" {
					f.Actor1, f.Actor2 = ev.Actor1, ev.Actor2
				}
			}
			if !seen[key] {
				seen[key] = true
				f.Sources = append(f.Sources, q)
			}
		}
	}
	b.Places, b.Parties = tally(places), tally(parties)
	// Most-supported facts first; then by date. Remap claim indexes.
	order := make([]int, len(b.Facts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		fi, fj := b.Facts[order[i]], b.Facts[order[j]]
		if len(fi.Sources) != len(fj.Sources) {
			return len(fi.Sources) > len(fj.Sources)
		}
		return fi.Occurred.Before(fj.Occurred)
	})
	facts := make([]Fact, len(order))
	cl := make([]claimSet, len(order))
	for i, o := range order {
		facts[i], cl[i] = b.Facts[o], claims[o]
		if facts[i].Fatalities < 0 {
			facts[i].Fatalities = 0
		}
	}
	b.Facts = facts
	for i, c := range cl {
		if len(c.tolls) > 1 {
			d := Disagreement{Fact: i, Field: "fatalities"}
			for _, n := range sortedInts(c.tolls) {
				for _, q := range c.tolls[n] {
					d.Claims = append(d.Claims, Claim{Value: fmt.Sprint(n), Quote: q})
				}
			}
			b.Disagreements = append(b.Disagreements, d)
		}
		if len(c.actors) > 1 {
			d := Disagreement{Fact: i, Field: "actor1"}
			names := make([]string, 0, len(c.actors))
			for a := range c.actors {
				names = append(names, a)
			}
			sort.Strings(names)
			for _, a := range names {
				for _, q := range c.actors[a] {
					d.Claims = append(d.Claims, Claim{Value: a, Quote: q})
				}
			}
			b.Disagreements = append(b.Disagreements, d)
		}
	}
	for i, f := range b.Facts {
		b.Timeline = append(b.Timeline, TimelineEntry{Date: f.Date, Occurred: f.Occurred, Fact: i, Quote: f.Sources[0]})
	}
	sort.SliceStable(b.Timeline, func(i, j int) bool { return b.Timeline[i].Occurred.Before(b.Timeline[j].Occurred) })
	return b
}

func sortedInts(m map[int][]Quote) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}

func quoteOf(ex *Extraction, s Sentence) Quote {
	return Quote{Source: sourceName(ex.Article), URL: ex.Article.URL, Text: s.Text, Start: s.Start, End: s.End}
}

// Quotes returns every quote of the brief, so that a caller (or a test)
// can check each against its source.
func (b Brief) Quotes() []Quote {
	var out []Quote
	out = append(out, b.Lead...)
	for _, f := range b.Facts {
		out = append(out, f.Sources...)
	}
	for _, d := range b.Disagreements {
		for _, c := range d.Claims {
			out = append(out, c.Quote)
		}
	}
	for _, t := range b.Timeline {
		out = append(out, t.Quote)
	}
	return out
}

// Markdown renders the brief. Sentences appear only as block quotes of
// their sources, verbatim; everything else is a heading, a label or a
// number.
func (b Brief) Markdown() string {
	var w strings.Builder
	fmt.Fprintf(&w, "# %s\n\n", mdEscape(b.Title))
	names := make([]string, len(b.Sources))
	for i, s := range b.Sources {
		names[i] = mdLink(s.Name, s.URL)
	}
	fmt.Fprintf(&w, "%d sources: %s\n\n", len(b.Sources), strings.Join(names, ", "))
	for _, l := range []struct {
		label string
		names []Named
	}{{"Places named", b.Places}, {"Parties named", b.Parties}} {
		if len(l.names) == 0 {
			continue
		}
		parts := make([]string, len(l.names))
		for i, n := range l.names {
			parts[i] = fmt.Sprintf("%s (%d)", mdEscape(n.Name), n.Mentions)
		}
		fmt.Fprintf(&w, "%s: %s\n\n", l.label, strings.Join(parts, ", "))
	}
	if len(b.Lead) > 0 {
		w.WriteString("## What the sources lead with\n\n")
		for _, q := range b.Lead {
			writeQuote(&w, q, "")
		}
	}
	if len(b.Facts) > 0 {
		w.WriteString("## Key facts\n\n")
		for _, f := range b.Facts {
			fmt.Fprintf(&w, "- **%s** (%s) at %s, %s", f.SubEventType, f.EventType, mdEscape(f.Place), f.Date)
			if f.Actor1 != "" {
				fmt.Fprintf(&w, "; actor: %s", mdEscape(f.Actor1))
			}
			if f.Actor2 != "" {
				fmt.Fprintf(&w, "; against: %s", mdEscape(f.Actor2))
			}
			if f.Fatalities > 0 {
				fmt.Fprintf(&w, "; fatalities (lowest stated): %d", f.Fatalities)
			}
			fmt.Fprintf(&w, "; %d source(s)\n", len(f.Sources))
			for _, q := range f.Sources {
				writeQuote(&w, q, "  ")
			}
		}
		w.WriteString("\n")
	}
	if len(b.Disagreements) > 0 {
		w.WriteString("## Where the sources disagree\n\n")
		for _, d := range b.Disagreements {
			f := b.Facts[d.Fact]
			fmt.Fprintf(&w, "- %s of the %s at %s, %s:\n", d.Field, strings.ToLower(f.SubEventType), mdEscape(f.Place), f.Date)
			for _, c := range d.Claims {
				fmt.Fprintf(&w, "  - %s, says %s:\n", mdEscape(c.Value), mdEscape(c.Quote.Source))
				writeQuote(&w, c.Quote, "    ")
			}
		}
		w.WriteString("\n")
	}
	if len(b.Timeline) > 0 {
		w.WriteString("## Timeline\n\n")
		for _, t := range b.Timeline {
			fmt.Fprintf(&w, "- %s — %s at %s\n", t.Date, b.Facts[t.Fact].SubEventType, mdEscape(b.Facts[t.Fact].Place))
			writeQuote(&w, t.Quote, "  ")
		}
	}
	return w.String()
}

func writeQuote(w *strings.Builder, q Quote, indent string) {
	fmt.Fprintf(w, "%s> %s\n%s> — %s\n\n", indent, q.Text, indent, mdLink(q.Source, q.URL))
}

func mdLink(name, url string) string {
	if url == "" {
		return mdEscape(name)
	}
	return "[" + mdEscape(name) + "](" + strings.ReplaceAll(url, ")", "%29") + ")"
}

// mdEscape keeps names from opening Markdown constructs. Quotes are not
// escaped: they must stay byte-for-byte the source's sentences.
func mdEscape(s string) string {
	r := strings.NewReplacer("*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "`", "\\`", "\n", " ")
	return r.Replace(s)
}

// Brief returns the story's brief (see MakeBrief).
func (s Story) Brief() Brief { return MakeBrief(s) }
