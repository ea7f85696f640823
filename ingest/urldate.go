package ingest

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// When a text carries no publication date, two things on the page often
// still tell it, as htmldate and trafilatura read them: the address
// ("…/2020/03/10/several-killed…", "…/news-20201021-…") and a date line
// at the head of the body ("Tuesday, October 5, 2021", "By Staff | 12
// March 2019"). Either is the day the page was published, to the day; a
// year and a month alone ("/2014/03/") are not a day and give nothing.
// Such a date is weaker than a header's: the extraction says where it
// came from (a warning) and every candidate dated from it is flagged.

// urlDayPath is year, month and day as parts of the path ("/2020/03/10/",
// "/2020-03-10-", "/2020_3_10").
var urlDayPath = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d\d)[/_-](\d{1,2})[/_-](\d{1,2})(?:[/_.-]|$)`)

// urlDayCompact is the same written as eight digits, YYYYMMDD, standing
// alone among other characters ("/news/20201021/", "-20201021-").
var urlDayCompact = regexp.MustCompile(`(?:^|\D)((?:19|20)\d\d)(\d\d)(\d\d)(?:\D|$)`)

// urlDayMonthName is year, month and day with the month as a word, as
// The Guardian and The New Indian Express write their addresses
// ("/2014/aug/08/", "/2019/Mar/21/", "/2023/september/4/"): the month
// is read as the body's date lines read it (monthNamed), its three
// letters or its full name.
var urlDayMonthName = regexp.MustCompile(`(?i)(?:^|[/_-])((?:19|20)\d\d)[/_-]([a-z]{3,9})[/_-](\d{1,2})(?:[/_.-]|$)`)

// DateFromURL returns the day of publication the address u carries in
// its path, and false when it carries none: a year, month and day as
// parts of the path (the month in digits or as a word), or an
// eight-digit YYYYMMDD. The query and the host
// are not read: a query's dates are searches, not the page's.
func DateFromURL(u string) (time.Time, bool) {
	u = strings.TrimSpace(u)
	if u == "" || len(u) > 2048 {
		return time.Time{}, false
	}
	path := u
	if p, err := url.Parse(u); err == nil && (p.Host != "" || p.Path != "") {
		path = p.Path
	} else if i := strings.IndexAny(u, "?#"); i >= 0 {
		path = u[:i]
	}
	if m := urlDayPath.FindStringSubmatch(path); m != nil {
		if t, ok := civilDay(atoi(m[1]), atoi(m[2]), atoi(m[3])); ok {
			return t, true
		}
	}
	if m := urlDayMonthName.FindStringSubmatch(path); m != nil {
		if t, ok := civilDay(atoi(m[1]), monthNamed(m[2]), atoi(m[3])); ok {
			return t, true
		}
	}
	for _, m := range urlDayCompact.FindAllStringSubmatch(path, -1) {
		if t, ok := civilDay(atoi(m[1]), atoi(m[2]), atoi(m[3])); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// urlMonthPath is a year and a month as parts of the path, the day
// absent ("/2019/07/gunmen-attack-village.html", Blogger's addresses).
var urlMonthPath = regexp.MustCompile(`(?:^|/)((?:19|20)\d\d)/(\d\d)/`)

// MonthFromURL returns the month of publication an address carries as
// "/YYYY/MM/" with no day, as its last day: not a day of publication
// (weekdays and "yesterday" cannot count from it), but the year of a
// day the text writes with its month and no year ("on Friday June
// 7th"). False when the address has a whole day or no month.
func MonthFromURL(u string) (time.Time, bool) {
	if _, ok := DateFromURL(u); ok || len(u) > 2048 {
		return time.Time{}, false
	}
	path := u
	if p, err := url.Parse(u); err == nil && p.Path != "" {
		path = p.Path
	}
	m := urlMonthPath.FindStringSubmatch(path)
	if m == nil {
		return time.Time{}, false
	}
	first, ok := civilDay(atoi(m[1]), atoi(m[2]), 1)
	if !ok {
		return time.Time{}, false
	}
	return first.AddDate(0, 1, -1), true
}

// civilDay is the UTC midnight of y-m-d when that is a real day of a
// plausible publication year.
func civilDay(y, m, d int) (time.Time, bool) {
	if y < 1990 || y > 2099 || m < 1 || m > 12 || !validDay(y, m, d) {
		return time.Time{}, false
	}
	return day(y, time.Month(m), d), true
}

// bodyDateLine is a line at the head of a body that holds a date and
// little else: an optional lead ("Published:", "Posted on", "Updated",
// a weekday, a byline's "By X |"), then a day, month and year in words
// ("October 5, 2021", "5 October 2021", "Oct. 5, 2021").
var bodyDateLine = regexp.MustCompile(`(?i)^(?:(?:published|posted|updated|last updated|date)(?: on)?:?\s*|by [^|,]{1,40}[|,–-]\s*)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+((?:19|20)\d\d)|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d))(?:[\s,|–-]+(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)?\s*[|–-]?\s*$`)

// bodyDateNumeric is a line with a numeric day alone ("07/12/2021",
// "Published: 19.12.2018"): read only when the day and the month cannot
// be swapped (one of them is over 12, or both are the same).
var bodyDateNumeric = regexp.MustCompile(`(?i)^(?:(?:published|posted|updated|date)(?: on)?:?\s*)?(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\s*$`)

// DateFromBody returns the day of a date line among the first lines of
// text (the first five non-empty lines, each short): a line that is a
// date and little else, as pages print above or under their headline.
// A date inside a sentence is the event's, not the page's, and is not
// read.
func DateFromBody(text string) (time.Time, bool) {
	seen := 0
	for line := range strings.SplitSeq(text[:min(len(text), 1200)], "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if seen++; seen > 5 {
			break
		}
		if len(line) > 70 {
			continue
		}
		if m := bodyDateLine.FindStringSubmatch(line); m != nil {
			var d, mo, y int
			if m[1] != "" {
				d, mo, y = atoi(m[1]), monthNamed(m[2]), atoi(m[3])
			} else {
				mo, d, y = monthNamed(m[4]), atoi(m[5]), atoi(m[6])
			}
			if t, ok := civilDay(y, mo, d); ok {
				return t, true
			}
			continue
		}
		if m := bodyDateNumeric.FindStringSubmatch(line); m != nil {
			a, b, y := atoi(m[1]), atoi(m[2]), atoi(m[3])
			d, mo := a, b // day first, as most of the world writes it
			if a <= 12 && b > 12 {
				d, mo = b, a
			} else if a <= 12 && b <= 12 && a != b {
				continue // "07/12/2021": 7 December or July 12
			}
			if t, ok := civilDay(y, mo, d); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// monthNamed is the month a word names in full or by its usual
// abbreviation ("October", "Oct", "Sept"), 0 for any other word:
// parseMonth, which reads any word by its first three letters, held to
// the whole word.
func monthNamed(w string) int {
	m := parseMonth(w)
	if m == 0 {
		return 0
	}
	if w = strings.ToLower(w); len(w) == 3 || w == strings.ToLower(m.String()) || m == time.September && w == "sept" {
		return int(m)
	}
	return 0
}
