package ingest

import (
	"github.com/truce-center/truce"

	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets for every parser of outside input. Their seed corpora are
// in testdata/fuzz/<Target>/ (Go's "go test fuzz v1" files) plus the
// f.Add seeds below; run one with
//
//	go test ./ingest -run='^$' -fuzz=FuzzParseHTML -fuzztime=30s

// quickly fails the fuzz run when f takes longer than a parser of one
// news page ever should: a hang is a bug as much as a panic.
func quickly(t *testing.T, what string, input any, f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s took over 5 s on %q", what, input)
	}
}

// checkArticle asserts what every parser promises: valid UTF-8 out, and
// sentences whose offsets give their text.
func checkArticle(t *testing.T, a Article) {
	if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
		t.Fatalf("invalid UTF-8 out: %q", a.Text)
	}
	for _, s := range Sentences(a.Text) {
		if s.Start < 0 || s.End > len(a.Text) || s.Start > s.End || a.Text[s.Start:s.End] != s.Text {
			t.Fatalf("sentence offsets [%d,%d) wrong for %q", s.Start, s.End, s.Text)
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title><script>x="<p>"</script></head><body><article><h1>H</h1><p>Air strikes hit Idlib on Monday.</p></article></body></html>`))
	f.Add([]byte(`<p>unclosed <b>bold <!-- comment`))
	f.Add([]byte(`<meta property="article:published_time" content="2016-09-20T18:00:00Z"><time datetime="bad">x</time>&amp;&#x41;&bogus;`))
	f.Add([]byte("<div a='1' b=\"2\" c=3 d>text</div><br/><script>never closed"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseHTML(b)
		if err != nil {
			return
		}
		checkArticle(t, a)
	})
}

func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(`<rss version="2.0"><channel><title>M</title><item><title>A</title><link>https://e.org/a</link><pubDate>Tue, 20 Sep 2016 08:00:00 +0000</pubDate><description>&lt;p&gt;Shelling hit Douma.&lt;/p&gt;</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">E</title><link href="https://e.org/e"/><content type="xhtml"><div><p>Clashes.</p></div></content></entry></feed>`))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rdf:RDF xmlns:rdf="x"><item><title>t</title></item></rdf:RDF>`))
	f.Add([]byte(`<rss><channel><item><description><![CDATA[<p>unclosed]]></description>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		arts, err := ParseFeed(b)
		if err != nil {
			return
		}
		for _, a := range arts {
			checkArticle(t, a)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add("a.txt", []byte("Published: 2016-09-20T07:30:00Z\nSource: X\n\nTitle\n\nBody. More body."))
	f.Add("b.html", []byte("<p>Body</p>"))
	f.Add("c.rss", []byte("<rss><channel><item><description>x</description></item></channel></rss>"))
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		var arts []Article
		var err error
		quickly(t, "Parse", b, func() { arts, err = Parse(name, b) })
		if err != nil {
			return
		}
		for _, a := range arts {
			checkArticle(t, a)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"on 19 September 2016", "Sept. 19", "2016-09-19", "on Tuesday", "last week",
		"in February", "the previous day", "overnight", "earlier this month", "31 February 2016", "9999-99-99",
		"from Monday's", "December 31, 1899", "in May 2015"} {
		f.Add(s, int64(1474358400))
	}
	f.Fuzz(func(t *testing.T, s string, unix int64) {
		pub := time.Unix(unix%(1<<34), 0).UTC()
		for _, d := range FindDates(s, pub) {
			if d.Start < 0 || d.End > len(s) || d.Start > d.End || s[d.Start:d.End] != d.Text {
				t.Fatalf("offsets [%d,%d) wrong for %q", d.Start, d.End, d.Text)
			}
			if d.Precision < truce.PrecisionDay || d.Precision > truce.PrecisionMonth {
				t.Fatalf("precision %d", d.Precision)
			}
			if d.From.After(d.To) || d.Date.Before(d.From) || d.Date.After(d.To) {
				t.Fatalf("period %v..%v, date %v", d.From, d.To, d.Date)
			}
		}
	})
}

// FuzzExtract runs the whole extraction on arbitrary text (committed
// gazetteer only): it must never panic, and every offset must hold.
func FuzzExtract(f *testing.F) {
	f.Add("Russian warplanes struck near Dayr az Zawr on Monday, killing dozens of IS fighters. Moscow said so.")
	f.Add("Clashes in Idlib province. Rebels-held al- Bab, U.S.-led coalition's jets; 'Aleppo's' — Sept. 31.")
	f.Add("KYIV (Reuters) -A Sudanese army's drone, Eritrean ballistic missiles; the town. There, blamed forces loyal to the RSF over the past two days in 2012.")
	f.Add("A drone hit the village of Yaroun in the Bint Jbeil district. The army did not comment on the strike in the villages of Toulin and Burj al-Qalaouiyeh, between Aainata and Bint Jbei, nor on the Al-Awaini neighborhood.")
	f.Add(strings.Repeat("\u212A", 40) + " air strike hit Idlib on 3 March, killing 4 people.")
	x := NewExtractor(nil, nil)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			text = strings.ToValidUTF8(text, "?")
		}
		ex := x.Extract(Article{Text: text, Published: time.Date(2016, 9, 20, 8, 0, 0, 0, time.UTC)})
		for _, p := range ex.Places {
			if text[p.Start:p.End] != p.Text {
				t.Fatalf("place offsets")
			}
		}
		for _, u := range ex.Unlisted {
			if text[u.Start:u.End] != u.Text {
				t.Fatalf("unlisted offsets")
			}
		}
		for _, c := range ex.Candidates() {
			if text[c.Citation.Start:c.Citation.End] != c.Citation.Sentence {
				t.Fatalf("citation offsets")
			}
		}
	})
}

// An article is outside input, and some runes change length in lower
// case: the Kelvin sign (3 bytes, 'k' 1), 'İ' (2 bytes, 'i̇' 3), 'Ⱥ' (2,
// 'ⱥ' 3). Offsets found in a sentence must still point into its lower
// case: forty Kelvin signs before a trigger made Extract panic.
func TestTextWhoseLowerCaseIsLonger(t *testing.T) {
	x := NewExtractor(fullGazetteer(t), DefaultActors())
	pub := time.Date(2016, 9, 20, 8, 0, 0, 0, time.UTC)
	for _, pad := range []string{"\u212A", "İ", "Ⱥ", "\xff", "ſ"} {
		for _, n := range []int{1, 7, 40, 300} {
			p := strings.Repeat(pad, n)
			text := p + " air strike hit Idlib on 3 March, killing 4 people. " + p + " Two civilians were killed " + p + " on Monday in shelling of Aleppo."
			ex := x.Extract(Article{Text: text, Published: pub})
			for _, c := range ex.Candidates() {
				if text[c.Citation.Start:c.Citation.End] != c.Citation.Sentence {
					t.Fatalf("%q×%d: citation offsets", pad, n)
				}
			}
		}
	}
	// The lower case keeps every byte in place, and lowers what it can.
	for in, want := range map[string]string{"\u212Aill ABC": "\u212Aill abc", "İdlib": "İdlib", "ÉTAT \xff X": "état \xff x", "Dayr": "dayr"} {
		if got := lowerInPlace(in); got != want || len(got) != len(in) {
			t.Errorf("lowerInPlace(%q) = %q, want %q", in, got, want)
		}
	}
}
