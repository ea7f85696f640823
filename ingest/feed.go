package ingest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	Description string `xml:"description"`
	Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	PubDate     string `xml:"pubDate"`
	Date        string `xml:"http://purl.org/dc/elements/1.1/ date"`
	Source      string `xml:"source"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
	// XHTML content arrives as elements; keep it as raw markup.
	Inner string `xml:",innerxml"`
}

type atomEntry struct {
	Title     atomText   `xml:"title"`
	Links     []atomLink `xml:"link"`
	ID        string     `xml:"id"`
	Summary   atomText   `xml:"summary"`
	Content   atomText   `xml:"content"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Source    struct {
		Title string `xml:"title"`
	} `xml:"source"`
}

type feedDoc struct {
	XMLName xml.Name
	Title   string      `xml:"title"` // Atom feed title
	Entries []atomEntry `xml:"entry"`
	Items   []rssItem   `xml:"item"` // RSS 1.0 (RDF) keeps items at the root
	Channel struct {
		Title string    `xml:"title"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
}

// ParseFeed reads an RSS 2.0 (or 1.0) or Atom feed and returns one Article
// per item or entry: the title, the text of the fullest body it carries
// (content:encoded or Atom content over description or summary; HTML in
// it is reduced to text as by ParseHTML), the publication time, the
// item's link and, as source, the feed's title (or the item's own
// <source>). Items without text are kept with an empty Text; Parse drops
// them. The XML is read leniently (HTML entities, unclosed tags); it
// returns ErrNotArticle when the root element is not rss, RDF or feed, a
// wrapped XML error when it cannot be read, and ErrTooLarge.
func ParseFeed(b []byte) ([]Article, error) {
	if len(b) > MaxInput {
		return nil, ErrTooLarge
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	// Feeds declare charsets we cannot convert without more modules;
	// read them as UTF-8, which nearly all are.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var doc feedDoc
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("reading feed: %w", err)
	}
	var arts []Article
	switch strings.ToLower(doc.XMLName.Local) {
	case "rss", "rdf":
		source := strings.TrimSpace(doc.Channel.Title)
		items := append(doc.Channel.Items, doc.Items...)
		for _, it := range items {
			a := Article{
				Title:  collapse(htmlText(it.Title)),
				URL:    strings.TrimSpace(firstNonEmpty(it.Link, guidURL(it.GUID))),
				Source: firstNonEmpty(it.Source, source),
			}
			if t, ok := parseTime(firstNonEmpty(it.PubDate, it.Date)); ok {
				a.Published = t
			}
			a.Text = htmlText(firstNonEmpty(it.Content, it.Description))
			arts = append(arts, a)
		}
	case "feed":
		source := collapse(doc.Title)
		for _, e := range doc.Entries {
			a := Article{
				Title:  collapse(atomBody(e.Title)),
				Source: firstNonEmpty(e.Source.Title, source),
			}
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					a.URL = strings.TrimSpace(l.Href)
					break
				}
			}
			if a.URL == "" {
				a.URL = guidURL(e.ID)
			}
			if t, ok := parseTime(firstNonEmpty(e.Published, e.Updated)); ok {
				a.Published = t
			}
			a.Text = firstNonEmpty(atomBody(e.Content), atomBody(e.Summary))
			arts = append(arts, a)
		}
	default:
		return nil, ErrNotArticle
	}
	return arts, nil
}

// atomBody returns the text of an Atom text construct of any type.
func atomBody(t atomText) string {
	switch strings.ToLower(t.Type) {
	case "xhtml":
		return htmlText(t.Inner)
	case "html", "text/html":
		return htmlText(t.Body)
	}
	if strings.ContainsRune(t.Body, '<') {
		return htmlText(t.Body)
	}
	return strings.TrimSpace(t.Body)
}

// htmlText reduces an HTML fragment to its text.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	a, err := ParseHTML([]byte("<body>" + s + "</body>"))
	if err != nil {
		return ""
	}
	// A fragment has no headline; ParseHTML took its first <h1> as one.
	if a.Title != "" && !strings.Contains(a.Text, a.Title) && strings.Contains(s, "<h1") {
		return strings.TrimSpace(a.Title + "\n\n" + a.Text)
	}
	return a.Text
}

func guidURL(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return s
	}
	return ""
}
