package ingest

import (
	"github.com/truce-center/truce"

	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseHTML(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>Site | Strike on Idlib</title>
<meta property="article:published_time" content="2016-09-20T18:00:00Z">
<meta property="og:site_name" content="Coastal Times">
<link rel="canonical" href="https://example.org/a">
<script>var x = "<p>not text</p>"; if (a < b) {}</script><style>p{}</style></head>
<body><nav>Home | Damascus</nav><article><h1>Strike on Idlib</h1>
<p>Air strikes hit Idlib on Monday.</p><!-- a comment <p>hidden</p> -->
<p>Five &amp; more people were <b>killed</b>, medics said.</p></article>
<footer>Reporting from Beirut</footer></body></html>`
	a, err := ParseHTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Strike on Idlib" || a.Source != "Coastal Times" || a.URL != "https://example.org/a" {
		t.Errorf("metadata: %+v", a)
	}
	if !a.Published.Equal(time.Date(2016, 9, 20, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("published %v", a.Published)
	}
	want := "Air strikes hit Idlib on Monday.\n\nFive & more people were killed, medics said."
	if a.Text != want {
		t.Errorf("text %q, want %q", a.Text, want)
	}
}

// A headline inside a page header is the title, and it ends at </h1>.
func TestParseHTMLHeaderHeadline(t *testing.T) {
	a, err := ParseHTML([]byte(`<body><header><a href="/">Site</a> <h1>The headline</h1></header><div>Share</div><main><p>Body text.</p></main></body>`))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "The headline" || a.Text != "Share\n\nBody text." {
		t.Errorf("title %q, text %q", a.Title, a.Text)
	}
}

// A page built of <div>s alone: the menus, language list, share buttons,
// cookie notice and related links named by their class or id are left
// out, nested <div>s included; the report's paragraphs stay.
func TestParseHTMLClutterByClass(t *testing.T) {
	page := `<body><div class="top"><ul class="langs"><li>English</li><li>Français</li></ul></div>
<div id="cookie-notice">We use cookies.</div>
<div class="content"><h1>Shelling kills four</h1>
<p>Shelling killed four civilians on Saturday.</p>
<div class="share-tools"><div>Share</div><div>Tweet</div></div>
<p>Monitors will visit on Sunday.</p>
<div class="related"><h3>More stories</h3><div><a>Other news</a></div></div></div>
<div class="ad-slot">Advertisement</div><p>Closing line.</p></body>`
	a, err := ParseHTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := "Shelling killed four civilians on Saturday.\n\nMonitors will visit on Sunday.\n\nClosing line."
	if a.Title != "Shelling kills four" || a.Text != want {
		t.Errorf("title %q, text %q; want %q", a.Title, a.Text, want)
	}
}

func TestParseFeeds(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Monitor</title>
<item><title>One</title><link>https://example.org/1</link><pubDate>Tue, 20 Sep 2016 08:00:00 +0000</pubDate>
<description>&lt;p&gt;Shelling hit Douma.&lt;/p&gt;</description></item>
<item><title>Two</title><guid>https://example.org/2</guid><description>Plain text.</description></item>
</channel></rss>`
	arts, err := ParseFeed([]byte(rss))
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 2 || arts[0].Text != "Shelling hit Douma." || arts[0].Source != "Monitor" ||
		arts[1].URL != "https://example.org/2" || arts[0].Published.IsZero() {
		t.Errorf("rss: %+v", arts)
	}
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><title>Notes</title><entry><title>E</title>
<link href="https://example.org/e"/><updated>2016-09-20T08:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Clashes in Hama.</p></div></content></entry></feed>`
	arts, err = ParseFeed([]byte(atom))
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || arts[0].Text != "Clashes in Hama." || arts[0].URL != "https://example.org/e" {
		t.Errorf("atom: %+v", arts)
	}
	if _, err := ParseFeed([]byte(`<html><body>x</body></html>`)); err != ErrNotArticle {
		t.Errorf("html as feed: %v", err)
	}
}

func TestParseText(t *testing.T) {
	a, err := ParseText([]byte("Published: 2016-09-20T07:30:00Z\nSource: Levant Wire\nURL: https://example.org/x\n\nHeadline here\n\nFirst sentence. Second one.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Headline here" || a.Source != "Levant Wire" || a.Text != "First sentence. Second one." || a.Published.IsZero() {
		t.Errorf("%+v", a)
	}
}

func TestSentences(t *testing.T) {
	text := "U.S. officials met in Geneva on Sept. 9. Gen. Smith said: \"It holds.\" The truce began.\nHeadline without stop\nLast one"
	ss := Sentences(text)
	var got []string
	for _, s := range ss {
		if text[s.Start:s.End] != s.Text {
			t.Errorf("offsets [%d,%d) do not give %q", s.Start, s.End, s.Text)
		}
		got = append(got, s.Text)
	}
	want := []string{"U.S. officials met in Geneva on Sept. 9.", "Gen. Smith said: \"It holds.\"", "The truce began.", "Headline without stop", "Last one"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestDates(t *testing.T) {
	pub := time.Date(2016, 9, 21, 9, 0, 0, 0, time.UTC) // a Wednesday
	cases := []struct{ in, label string }{
		{"on 19 September 2016", "2016-09-19"},
		{"on September 19, 2016", "2016-09-19"},
		{"Sept. 19", "2016-09-19"},
		{"2016-09-19", "2016-09-19"},
		{"on Tuesday", "2016-09-20"},
		{"last Wednesday", "2016-09-14"},
		{"from Monday", "2016-09-26"},
		{"Monday's attack", "2016-09-19"},
		{"yesterday", "2016-09-20"},
		{"overnight", "2016-09-20"},
		{"two days ago", "2016-09-19"},
		{"last week", "2016-09-12/2016-09-18"},
		{"earlier this week", "2016-09-19/2016-09-21"},
		{"in February", "2016-02"},
		{"in December", "2015-12"},
		{"earlier this month", "2016-09"},
		{"last month", "2016-08"},
		{"in May 2015", "2015-05"},
	}
	for _, c := range cases {
		d, ok := ParseDate(c.in, pub)
		if !ok || d.Label() != c.label {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", c.in, d.Label(), ok, c.label)
		}
	}
	for _, in := range []string{"they may leave", "a march to the city", "3,000 people"} {
		if d, ok := ParseDate(in, pub); ok {
			t.Errorf("ParseDate(%q) = %q, want none", in, d.Label())
		}
	}
	// "due to" before a noun is a cause; before a verb, a plan.
	for _, c := range []struct{ in, label string }{
		{"Two were injured due to shelling on Monday.", "2016-09-19"},
		{"The talks are due to resume on Monday.", "2016-09-26"},
	} {
		if ds := FindDates(c.in, pub); len(ds) != 1 || ds[0].Label() != c.label {
			t.Errorf("FindDates(%q) = %+v, want %s", c.in, ds, c.label)
		}
	}
	ds := FindDates("It began on Monday. The previous day was calm.", pub)
	if len(ds) != 2 || ds[1].Label() != "2016-09-18" {
		t.Errorf("previous day: %+v", ds)
	}
	if d, ok := ParseDate("on Tuesday", time.Time{}); ok {
		t.Errorf("relative date without a publication time: %+v", d)
	}
}

func TestFatalities(t *testing.T) {
	cases := []struct {
		in   string
		want int
	}{
		{"killing at least 20 people", 20},
		{"dozens of civilians were killed", 12},
		{"scores of people were killed", 20},
		{"a dozen fighters were killed", 12},
		{"three children died", 3},
		{"twenty-one people were killed", 21},
		{"the death toll rose to 96", 96},
		{"killing 20 people, including 12 aid workers", 20},
		{"killed 22 children and six teachers", 28},
		{"30 people were wounded", 0},
		// Tolls told as people, without a number.
		{"a missile struck a house, killing a young woman and her two-year-old daughter", 2},
		{"the shell hit a car, killing a farmer", 1},
		{"a woman and her son were killed when the shell hit", 2},
		{"causing the death of two civilians", 2},
		{"resulting in the martyrdom of four civilians", 4},
		{"Five villagers including two women were killed in mortar shelling", 5},
		{"killing a dog", 0},
		{"a man was wounded", 0},
	}
	for _, c := range cases {
		if got, _ := fatalities(c.in); got != c.want {
			t.Errorf("fatalities(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestCommittedOnly runs the pure logic on the committed gazetteer alone
// (no generated file needed): aliases, metonyms, precision.
func TestCommittedOnly(t *testing.T) {
	g, err := NewGazetteer(nil)
	if err != nil {
		t.Fatal(err)
	}
	if g.Generated() != 0 || g.Len() < 150 {
		t.Fatalf("committed gazetteer: %d places, %d generated", g.Len(), g.Generated())
	}
	for _, alias := range []string{"Raqqah", "ar-Raqqah", "Halab", "Dayr az Zawr", "Deir al-Zour", "Idleb", "Hims", "Duma"} {
		if ps := g.Lookup(alias); len(ps) == 0 {
			t.Errorf("Lookup(%q) found nothing", alias)
		}
	}
	x := NewExtractor(g, nil)
	a := Article{
		Published: time.Date(2016, 9, 20, 8, 0, 0, 0, time.UTC),
		Text:      "Moscow said Russian warplanes struck near Dayr az Zawr on Monday, killing dozens of IS fighters. The Kremlin denied it. Clashes were reported in Idlib province and Moscow's envoy left. Turkish troops stayed in Turkey.",
	}
	ex := x.Extract(a)
	places := map[string]int{}
	for _, p := range ex.Places {
		places[p.Place.Name] = p.GeoPrecision
	}
	if places["Deir ez-Zor"] != truce.GeoNear || places["Idlib Governorate"] != truce.GeoRegion || places["Turkey"] != truce.GeoRegion {
		t.Errorf("places: %v", places)
	}
	if _, ok := places["Moscow"]; ok {
		t.Errorf("Moscow as a metonym should be an actor: %v", places)
	}
	actors := map[string]bool{}
	for _, m := range ex.Actors {
		actors[m.Actor] = true
	}
	for _, want := range []string{"Government of Russia", "Military Forces of Russia", "Islamic State", "Military Forces of Turkey"} {
		if !actors[want] {
			t.Errorf("actor %q not found: %v", want, actors)
		}
	}
	cs := ex.Candidates()
	if len(cs) == 0 || cs[0].SubEventType != truce.AirDroneStrike || cs[0].Fatalities != 12 || cs[0].Place != "Deir ez-Zor" || cs[0].TimePrecision != truce.PrecisionDay {
		t.Fatalf("candidates: %+v", cs)
	}
	c := cs[0]
	if a.Text[c.Citation.Start:c.Citation.End] != c.Citation.Sentence {
		t.Errorf("citation offsets do not give the sentence")
	}
	if c.Actor1 != "Military Forces of Russia" || c.Actor2 != "Islamic State" || c.Interaction != 28 {
		t.Errorf("actors %q %q %d", c.Actor1, c.Actor2, c.Interaction)
	}
}

func TestActorsAdd(t *testing.T) {
	acts := DefaultActors()
	if err := acts.Add(Actor{Name: "Liwa Fatemiyoun", Category: truce.ExternalForces, Kind: ActorMilitia, Aliases: []string{"Fatemiyoun"}}); err != nil {
		t.Fatal(err)
	}
	if got := acts.Lookup("Fatemiyoun"); len(got) != 1 || got[0].Name != "Liwa Fatemiyoun" {
		t.Errorf("lookup after Add: %+v", got)
	}
	err := acts.Add(Actor{Name: "", Category: 9, Kind: "gang", Aliases: []string{"  "}})
	if err == nil || !strings.Contains(err.Error(), "name") || !strings.Contains(err.Error(), "category") ||
		!strings.Contains(err.Error(), "kind") || !strings.Contains(err.Error(), "aliases[0]") {
		t.Errorf("invalid actor: %v", err)
	}
	if len(acts.Lookup("IS")) != 1 || len(acts.Lookup("is")) != 0 {
		t.Errorf("acronyms must match in their case only")
	}
}

func TestEventTypes(t *testing.T) {
	n := 0
	for typ, subs := range truce.EventTypes {
		for _, s := range subs {
			n++
			if got, ok := truce.EventTypeOf(s); !ok || got != typ || !truce.ValidEvent(typ, s) {
				t.Errorf("%s / %s", typ, s)
			}
		}
	}
	if len(truce.EventTypes) != 6 || n != 25 {
		t.Errorf("%d types, %d sub-types; want 6 and 25", len(truce.EventTypes), n)
	}
	for _, r := range eventRules {
		if _, ok := truce.EventTypeOf(r.sub); !ok {
			t.Errorf("rule for unknown sub-type %q", r.sub)
		}
	}
}

// TestConcurrentAdd extends the actor list while articles are extracted,
// as a center does when an observer adds an actor through the API (run
// with -race).
func TestConcurrentAdd(t *testing.T) {
	x := NewExtractor(nil, nil)
	a := Article{Text: "Fighters of Liwa al-Quds clashed with rebels near Aleppo on Monday.", Published: time.Date(2016, 9, 20, 8, 0, 0, 0, time.UTC)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 50; i++ {
			if err := x.Actors.Add(Actor{Name: fmt.Sprintf("Group %d", i), Category: truce.RebelGroups, Aliases: []string{fmt.Sprintf("Brigade %d", i)}}); err != nil {
				t.Error(err)
				return
			}
		}
		if err := x.Actors.Add(Actor{Name: "Liwa al-Quds", Category: truce.PoliticalMilitias, Kind: ActorMilitia}); err != nil {
			t.Error(err)
		}
	}()
	for i := 0; i < 50; i++ {
		x.Extract(a)
	}
	<-done
	found := false
	for _, m := range x.Extract(a).Actors {
		found = found || m.Actor == "Liwa al-Quds"
	}
	if !found {
		t.Errorf("an actor added at run time is not recognised")
	}
}

// Captions are not the article: a brief once led with "Enlarge this image".
func TestHTMLDropsCaptions(t *testing.T) {
	a, err := ParseHTML([]byte(`<html><body><article><h1>Shelling of Donetsk</h1>
<figure><img src="x.jpg"><figcaption>Enlarge this image. Smoke over the market. Photo: agency</figcaption></figure>
<p>Shells hit a market in Donetsk on Sunday, killing 27 people.</p></article></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "Enlarge") || strings.Contains(a.Text, "Photo:") || !strings.HasPrefix(a.Text, "Shells hit") {
		t.Fatalf("text %q: want the paragraph without the caption", a.Text)
	}
}
