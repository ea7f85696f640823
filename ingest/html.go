package ingest

import (
	"html"
	"strings"
	"unicode"
)

// This is a small, forgiving HTML-to-text converter of our own (the
// module has no HTML parser, and a news page needs only its text, title
// and a few meta tags). It never fails on malformed markup: an unclosed
// tag or comment ends the text.

// skipElements hold no article text: their whole content is dropped.
var skipElements = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"svg": true, "iframe": true, "object": true,
	"nav": true, "footer": true, "aside": true, "form": true,
	"button": true, "select": true, "textarea": true, "header": true,
	// Images and their captions ("Enlarge this image", a photo credit):
	// a caption is not a sentence of the report, and a brief must not
	// lead with it.
	"figure": true, "figcaption": true, "picture": true,
}

// rawElements are skipped up to their literal end tag, since their content
// is not markup ("</p>" inside a script does not end anything).
var rawElements = map[string]bool{"script": true, "style": true, "textarea": true, "template": true}

// blockElements end a paragraph: their boundaries become blank lines, so
// that the sentence splitter never joins two paragraphs.
var blockElements = map[string]bool{
	"p": true, "div": true, "br": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "li": true, "ul": true, "ol": true,
	"tr": true, "td": true, "th": true, "table": true, "article": true,
	"section": true, "header": true, "blockquote": true, "pre": true,
	"hr": true, "figcaption": true, "dd": true, "dt": true, "main": true,
	"title": true,
}

type htmlTag struct {
	name    string
	closing bool
	attrs   map[string]string
}

// ParseHTML reads a news page: the title from <h1> (or <title>, or the
// og:title meta tag), the publication time from the article:published_time
// or date meta tags or the first <time datetime>, the source from
// og:site_name, the URL from the canonical link or og:url, and the text of
// the <article> element, or of <body> when there is none, without
// scripts, styles, navigation, headers and footers. Paragraphs are
// separated by blank lines. It never fails on malformed HTML; it returns
// ErrTooLarge for an input over MaxInput.
func ParseHTML(b []byte) (Article, error) {
	if len(b) > MaxInput {
		return Article{}, ErrTooLarge
	}
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	var (
		a                        Article
		all, inArticle           textBuilder
		titleTag, h1             textBuilder
		skip                     []string // stack of skipped elements
		articleDepth, sawArticle int
		inTitle, inH1            bool
		metaTitle                string
	)
	write := func(t string) {
		if inH1 && len(skip) > 0 {
			h1.text(t)
			return
		}
		if len(skip) > 0 {
			return
		}
		if inTitle {
			titleTag.text(t)
			return
		}
		if inH1 {
			h1.text(t)
		}
		all.text(t)
		if articleDepth > 0 {
			inArticle.text(t)
		}
	}
	brk := func() {
		if len(skip) > 0 || inTitle {
			return
		}
		all.paragraph()
		if articleDepth > 0 {
			inArticle.paragraph()
		}
	}
	i := 0
	for i < len(s) {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			write(html.UnescapeString(s[i:]))
			break
		}
		write(html.UnescapeString(s[i : i+lt]))
		i += lt
		switch {
		case strings.HasPrefix(s[i:], "<!--"):
			end := strings.Index(s[i+4:], "-->")
			if end < 0 {
				i = len(s)
				continue
			}
			i += 4 + end + 3
			continue
		case strings.HasPrefix(s[i:], "<!") || strings.HasPrefix(s[i:], "<?"):
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				i = len(s)
				continue
			}
			i += end + 1
			continue
		}
		tag, n, ok := parseTag(s[i:])
		if !ok {
			// A lone '<' is text ("a < b").
			write("<")
			i++
			continue
		}
		i += n
		if tag.closing {
			if tag.name == "h1" {
				inH1 = false // also when the headline sits in a skipped <header>
			}
			if len(skip) > 0 {
				if skip[len(skip)-1] == tag.name {
					skip = skip[:len(skip)-1]
				}
				continue
			}
			switch tag.name {
			case "title":
				inTitle = false
			case "h1":
				inH1 = false
			case "article":
				if articleDepth > 0 {
					articleDepth--
				}
			}
			if blockElements[tag.name] {
				brk()
			}
			continue
		}
		if rawElements[tag.name] && !strings.HasSuffix(strings.TrimSpace(s[i-n:i]), "/>") {
			// Skip to the literal end tag, case-insensitively.
			end := indexFold(s[i:], "</"+tag.name)
			if end < 0 {
				i = len(s)
				continue
			}
			i += end
			if gt := strings.IndexByte(s[i:], '>'); gt >= 0 {
				i += gt + 1
			} else {
				i = len(s)
			}
			continue
		}
		switch tag.name {
		case "meta":
			key := strings.ToLower(firstNonEmpty(tag.attrs["property"], tag.attrs["name"], tag.attrs["itemprop"]))
			val := strings.TrimSpace(html.UnescapeString(tag.attrs["content"]))
			switch key {
			case "og:title", "twitter:title":
				if metaTitle == "" {
					metaTitle = val
				}
			case "article:published_time", "date", "pubdate", "publishdate", "datepublished", "dc.date", "dcterms.created":
				if t, ok := parseTime(val); ok && a.Published.IsZero() {
					a.Published = t
				}
			case "og:site_name", "application-name":
				if a.Source == "" {
					a.Source = val
				}
			case "og:url":
				if a.URL == "" {
					a.URL = val
				}
			}
			continue
		case "link":
			if strings.EqualFold(tag.attrs["rel"], "canonical") && tag.attrs["href"] != "" {
				a.URL = html.UnescapeString(tag.attrs["href"])
			}
			continue
		case "time":
			if t, ok := parseTime(tag.attrs["datetime"]); ok && a.Published.IsZero() {
				a.Published = t
			}
		case "title":
			if len(skip) == 0 {
				inTitle = true
			}
		case "h1":
			// A headline inside a page header is still the headline.
			if (len(skip) == 0 || len(skip) == 1 && skip[0] == "header") && h1.b.Len() == 0 {
				inH1 = true
			}
		case "article":
			articleDepth++
			sawArticle++
		}
		if len(skip) > 0 && tag.name == skip[len(skip)-1] && !selfClosing(tag.name) {
			// A <div> inside a skipped <div>: its end tag must not end the skip.
			skip = append(skip, tag.name)
			continue
		}
		if (skipElements[tag.name] || clutter(tag)) && !selfClosing(tag.name) {
			skip = append(skip, tag.name)
			continue
		}
		if blockElements[tag.name] {
			brk()
		}
	}
	body := all.String()
	if sawArticle > 0 && strings.TrimSpace(inArticle.String()) != "" {
		body = inArticle.String()
	}
	a.Title = firstNonEmpty(collapse(h1.String()), metaTitle, collapse(titleTag.String()))
	// The headline is not part of the body, as for ParseText.
	if a.Title != "" {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(body), a.Title); ok {
			body = rest
		}
	}
	a.Text = strings.TrimSpace(body)
	return a, nil
}

// clutterWords in an element's class or id mark what is not the report
// on pages built of <div>s alone: menus, language lists, share buttons,
// cookie notices, related and most-read links, advertisements, bylines
// and captions. Measured against go-trafilatura in BENCHMARKS.md (item 7).
var clutterWords = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "breadcrumb": true, "breadcrumbs": true,
	"share": true, "sharing": true, "social": true, "related": true, "cookie": true, "cookies": true,
	"consent": true, "banner": true, "newsletter": true, "subscribe": true, "subscription": true,
	"promo": true, "advert": true, "advertisement": true, "ad": true, "ads": true, "sponsored": true,
	"sidebar": true, "comments": true, "comment": true, "footer": true, "foot": true, "langs": true,
	"language": true, "languages": true, "byline": true, "caption": true, "credit": true, "tags": true,
	"toolbar": true, "pagination": true, "popular": true, "trending": true, "recommended": true,
	"mostread": true, "outbrain": true, "taboola": true,
}

// clutter reports an element whose class or id names page clutter. The
// page's own containers (<body>, <main>, <article>) are never clutter.
func clutter(tag htmlTag) bool {
	switch tag.name {
	case "html", "body", "main", "article", "h1":
		return false
	}
	attrs := tag.attrs["class"] + " " + tag.attrs["id"]
	if strings.TrimSpace(attrs) == "" {
		return false
	}
	lower := strings.ToLower(attrs)
	if strings.Contains(lower, "most-read") || strings.Contains(lower, "most_read") {
		return true
	}
	for _, w := range strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if clutterWords[w] {
			return true
		}
	}
	return false
}

func selfClosing(name string) bool {
	switch name {
	case "br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr":
		return true
	}
	return false
}

// parseTag reads the tag at the start of s (which begins with '<') and
// returns it with its length in bytes; ok is false when s does not start
// a tag.
func parseTag(s string) (htmlTag, int, bool) {
	var t htmlTag
	i := 1
	if i < len(s) && s[i] == '/' {
		t.closing = true
		i++
	}
	st := i
	for i < len(s) && (isASCIILetter(s[i]) || (i > st && (s[i] >= '0' && s[i] <= '9' || s[i] == '-' || s[i] == ':'))) {
		i++
	}
	if i == st {
		return t, 0, false
	}
	t.name = strings.ToLower(s[st:i])
	t.attrs = map[string]string{}
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '/') {
			i++
		}
		if i >= len(s) {
			return t, len(s), true
		}
		if s[i] == '>' {
			return t, i + 1, true
		}
		ks := i
		for i < len(s) && s[i] != '=' && s[i] != '>' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '/' {
			i++
		}
		key := strings.ToLower(s[ks:i])
		if i < len(s) && s[i] == '=' {
			i++
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return t, len(s), true
				}
				t.attrs[key] = s[i+1 : i+1+end]
				i += end + 2
			} else {
				vs := i
				for i < len(s) && s[i] != '>' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' {
					i++
				}
				t.attrs[key] = s[vs:i]
			}
		} else if key != "" {
			t.attrs[key] = ""
		}
		if i == ks { // no progress: a stray character
			i++
		}
	}
	return t, len(s), true
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func indexFold(s, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], sub) {
			return i
		}
	}
	return -1
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// collapse turns every run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// textBuilder accumulates text with HTML's white-space rules: runs of
// white space are one space, paragraphs are separated by one blank line.
type textBuilder struct {
	b       strings.Builder
	space   bool // a space is pending
	newPara bool // a paragraph break is pending
}

func (tb *textBuilder) text(t string) {
	for _, r := range t {
		if unicode.IsSpace(r) {
			tb.space = true
			continue
		}
		if tb.b.Len() > 0 {
			if tb.newPara {
				tb.b.WriteString("\n\n")
			} else if tb.space {
				tb.b.WriteByte(' ')
			}
		}
		tb.newPara, tb.space = false, false
		tb.b.WriteRune(r)
	}
}

func (tb *textBuilder) paragraph() { tb.newPara = true }

func (tb *textBuilder) String() string { return tb.b.String() }
