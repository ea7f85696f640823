package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Article is one news text to extract from. Text is the body as plain
// text (the title is not part of it); every offset this package reports
// is a byte offset into Text. Published is the publication time that
// relative dates ("yesterday", "on Tuesday") are resolved against; when it
// is zero, relative dates are not resolved. Source names the publisher,
// URL is where the article was found, and Scale is the ACLED source scale
// ("local", "subnational", "national", "regional", "international") when
// the caller knows it.
type Article struct {
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	Published time.Time `json:"published"`
	Source    string    `json:"source"`
	URL       string    `json:"url"`
	Scale     string    `json:"scale,omitempty"`
	// PublishedFrom is where Published was read when the article gave
	// no date of its own: PublishedFromURL (its address) or
	// PublishedFromText (a date line atop its body); "" for a date the
	// article states (a header, a feed's or page's date). Extract sets it.
	PublishedFrom string `json:"published_from,omitempty"`
	// Warnings are what the parser could not read: a date line it does
	// not understand.
	Warnings []string `json:"warnings,omitempty"`
}

// Values of Article.PublishedFrom and Event.DateFrom.
const (
	PublishedFromURL  = "url"
	PublishedFromText = "text"
)

// MaxInput is the largest input the parsers accept, in bytes. News pages
// and feeds are far smaller; the bound keeps a hostile input from
// costing unbounded memory.
const MaxInput = 8 << 20

// ErrTooLarge is returned by the parsers for an input over MaxInput.
var ErrTooLarge = errors.New("input exceeds ingest.MaxInput")

// ErrNotArticle is returned by Parse when the input is none of the formats
// it knows, and by the feed parser for XML that is neither RSS nor Atom.
var ErrNotArticle = errors.New("input is not a text, HTML page or RSS/Atom feed")

// ParseText reads a plain-text article. A first line that is short and has
// no final period is taken as the title; a line "Published: <time>" or
// "Date: <time>" among the first lines (RFC 3339, RFC 1123 or
// 2006-01-02) sets the publication time, "Source: <name>" the source and
// "URL: <address>" the URL; such header lines are not part of Text. The
// text is returned as UTF-8 with invalid bytes replaced.
func ParseText(b []byte) (Article, error) {
	if len(b) > MaxInput {
		return Article{}, ErrTooLarge
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var a Article
	lines := strings.Split(s, "\n")
	body := 0 // index of the first body line
	for i := 0; i < len(lines) && i < 8; i++ {
		line := strings.TrimSpace(lines[i])
		key, val, ok := strings.Cut(line, ":")
		if ok && !strings.Contains(key, " ") {
			switch strings.ToLower(key) {
			case "published", "date":
				if t, ok := parseTime(strings.TrimSpace(val)); ok {
					a.Published = t
					body = i + 1
					continue
				}
				a.Warnings = append(a.Warnings, fmt.Sprintf("line %d: %q is not a time this reader knows (RFC 3339, RFC 1123 or 2006-01-02); it was read as text", i+1, strings.TrimSpace(val)))
			case "source":
				a.Source = strings.TrimSpace(val)
				body = i + 1
				continue
			case "url":
				a.URL = strings.TrimSpace(val)
				body = i + 1
				continue
			case "title":
				a.Title = strings.TrimSpace(val)
				body = i + 1
				continue
			}
		}
		if line == "" && i == body {
			body = i + 1
			continue
		}
		break
	}
	rest := lines[body:]
	for len(rest) > 0 && strings.TrimSpace(rest[0]) == "" {
		rest = rest[1:]
	}
	if a.Title == "" && len(rest) > 1 {
		first := strings.TrimSpace(rest[0])
		if first != "" && utf8.RuneCountInString(first) <= 200 && !strings.HasSuffix(first, ".") {
			a.Title = first
			rest = rest[1:]
		}
	}
	for i, line := range rest {
		rest[i] = spaceRuns.ReplaceAllString(line, " ")
	}
	a.Text = strings.TrimSpace(strings.Join(rest, "\n"))
	return a, nil
}

// spaceRuns are two or more spaces or tabs inside a line: pages pasted
// as text keep them ("a suicide bomb  attack"), where the rules read
// one space between words.
var spaceRuns = regexp.MustCompile(`[ \t]{2,}`)

// timeLayouts are the publication-time formats the parsers accept: those
// of RSS (RFC 822/1123 with and without seconds), Atom (RFC 3339) and of
// HTML meta tags.
var timeLayouts = []string{
	time.RFC3339Nano, time.RFC3339, time.RFC1123Z, time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04 MST",
	"2 Jan 2006 15:04:05 -0700", time.RFC822Z, time.RFC822,
	"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04Z07:00",
	"2006-01-02",
}

func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	// The offset is kept: the day a report was written, which its
	// weekdays count from, is the day of its own zone (truncDay).
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Parse detects the format of b and parses it: an RSS or Atom feed gives
// one Article per item, an HTML page or a plain text one Article. name
// (a file name or URL, may be empty) helps the detection by its extension.
// Articles without text are dropped. It returns ErrTooLarge, or a wrapped
// error for a feed that is not well-formed XML.
func Parse(name string, b []byte) ([]Article, error) {
	if len(b) > MaxInput {
		return nil, ErrTooLarge
	}
	head := bytes.ToLower(bytes.TrimSpace(b[:min(len(b), 1024)]))
	lname := strings.ToLower(name)
	var arts []Article
	switch {
	case bytes.Contains(head, []byte("<rss")) || bytes.Contains(head, []byte("<feed")) ||
		strings.HasSuffix(lname, ".rss") || strings.HasSuffix(lname, ".atom") || strings.HasSuffix(lname, ".xml"):
		fs, err := ParseFeed(b)
		if err != nil {
			return nil, fmt.Errorf("parsing feed %q: %w", name, err)
		}
		arts = fs
	case bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.Contains(head, []byte("<html")) ||
		strings.HasSuffix(lname, ".html") || strings.HasSuffix(lname, ".htm"):
		a, err := ParseHTML(b)
		if err != nil {
			return nil, err
		}
		arts = []Article{a}
	default:
		a, err := ParseText(b)
		if err != nil {
			return nil, err
		}
		arts = []Article{a}
	}
	out := arts[:0]
	for _, a := range arts {
		if strings.TrimSpace(a.Text) != "" {
			if a.URL == "" && strings.Contains(name, "://") {
				a.URL = name
			}
			out = append(out, a)
		}
	}
	return out, nil
}
