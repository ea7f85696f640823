package ingest

import (
	"github.com/truce-center/truce"

	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// DateMention is a date found in a text. From and To are the first and
// last day of the period the words denote (UTC midnights, inclusive);
// Date is the day a report should carry: the middle of the period, so
// that a window of ± half the period around it covers the whole period.
// Precision is PrecisionDay, PrecisionWeek or PrecisionMonth. Start and
// End are byte offsets of the words in the text. Relative is true when
// the date was resolved against the publication time or an earlier date
// ("yesterday", "the previous day").
type DateMention struct {
	Start     int       `json:"start"`
	End       int       `json:"end"`
	Text      string    `json:"text"`
	Date      time.Time `json:"date"`
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Precision int       `json:"time_precision"`
	Relative  bool      `json:"relative"`
	// truce is set on the day a truce began or was declared ("a
	// ceasefire that came into effect April 2"): the day of that
	// agreement, never of an act of violence told around it.
	truce bool
}

// Label is a compact form of the period, used by the labelled tests: the
// day ("2016-09-19") at day precision, "from/to" at week precision, the
// month ("2016-09") at month precision.
func (d DateMention) Label() string {
	switch d.Precision {
	case truce.PrecisionDay:
		return d.Date.Format("2006-01-02")
	case truce.PrecisionWeek:
		return d.From.Format("2006-01-02") + "/" + d.To.Format("2006-01-02")
	default:
		return d.Date.Format("2006-01")
	}
}

const monthNames = `January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?`
const weekdayNames = `Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday`

// dateRules are tried in order at every position; the longest match at a
// position wins and matches do not overlap. Month names and weekdays must
// be capitalised (so that "may" the verb and "march" the verb are not
// dates); the relative phrases are matched in any case.
var dateRules = []struct {
	re   *regexp.Regexp
	kind string
}{
	// (each rule's cues are in dateCues, by kind)
	{regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`), "iso"},
	{regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? (` + monthNames + `)(?:,? (\d{4}))?`), "dmy"},
	{regexp.MustCompile(`\b(` + monthNames + `) (\d{1,2})(?:st|nd|rd|th)?\b(?:,? (\d{4})\b)?`), "mdy"},
	{regexp.MustCompile(`\b(?:(?:early|mid|late|the end of|the beginning of|the start of) ?-?)?(` + monthNames + `),? (\d{4})\b`), "my"},
	{regexp.MustCompile(`\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Ll]ast|[Tt]his|[Bb]y|[Uu]ntil|[Tt]hroughout|[Ff]rom) (?:the (?:start|beginning|end|middle) of |(?:early|mid|late) ?-?)?(January|February|March|April|May|June|July|August|September|October|November|December)\b(?:,? (\d{4})\b)?`), "m"},
	{regexp.MustCompile(`\b(?:(?:[Ll]ast|[Tt]his|[Ee]arly on|[Ll]ate on|[Oo]n|[Ee]arly|[Ll]ate|[Bb]y|[Uu]ntil|[Ss]ince|[Ff]rom|[Nn]ext|[Ss]tarting|[Ss]tarting on|[Ss]tarting from) )?(` + weekdayNames + `)(?:'s)?(?: (?:night|morning|evening|afternoon))?\b`), "weekday"},
	{regexp.MustCompile(`(?i)\b(?:the )?(?:previous|preceding) day\b|\bthe day before\b`), "prevday"},
	{regexp.MustCompile(`(?i)\bthe (?:next|following) day\b|\bthe day after\b`), "nextday"},
	{regexp.MustCompile(`(?i)\b(?:late |early )?yesterday(?: (?:morning|afternoon|evening))?\b|\blast night\b`), "yesterday"},
	{regexp.MustCompile(`(?i)\b(?:earlier |later )?today\b|\bthis (?:morning|afternoon|evening)\b|\btonight\b`), "today"},
	{regexp.MustCompile(`(?i)\bovernight\b`), "overnight"},
	{regexp.MustCompile(`(?i)\b(two|three|four|five|six|2|3|4|5|6) days ago\b`), "daysago"},
	{regexp.MustCompile(`(?i)\b(a|one|two|three|four|five|six|2|3|4|5|6) days? (?:earlier|before)\b`), "daysbefore"},
	{regexp.MustCompile(`(?i)\b(?:earlier|later) (?:this|in the) week\b|\bthis week\b`), "thisweek"},
	{regexp.MustCompile(`(?i)\blast week\b|\bthe previous week\b|\ba week ago\b`), "lastweek"},
	{regexp.MustCompile(`(?i)\b(?:last|this past|over the|at the|on the) weekend\b`), "weekend"},
	{regexp.MustCompile(`(?i)\b(?:earlier|later) this month\b|\bthis month\b`), "thismonth"},
	{regexp.MustCompile(`(?i)\bnext week\b|\bthe following week\b`), "nextweek"},
	{regexp.MustCompile(`(?i)\bnext month\b`), "nextmonth"},
	{regexp.MustCompile(`(?i)\blast month\b|\bthe previous month\b`), "lastmonth"},
}

// datePre are the prefilters of dateRules (prefilter.go).
var datePre = func() []prefilter {
	out := make([]prefilter, len(dateRules))
	for i, r := range dateRules {
		out[i] = prefilterOf(r.re)
	}
	return out
}()

// dateCues are lower-case substrings one of which a match of the rule of
// that kind contains; a text without any skips the rule.
var dateCues = map[string][]string{
	"iso": {"-"}, "dmy": cue("jan feb mar apr may jun jul aug sep oct nov dec"),
	"mdy": cue("jan feb mar apr may jun jul aug sep oct nov dec"), "my": cue("jan feb mar apr may jun jul aug sep oct nov dec"),
	"m": cue("jan feb mar apr may jun jul aug sep oct nov dec"), "weekday": {"day"},
	"prevday": {"day"}, "nextday": {"day"}, "yesterday": cue("yesterday night"), "today": cue("today this tonight"),
	"overnight": {"overnight"}, "daysago": {"ago"}, "daysbefore": cue("earlier before"), "thisweek": {"week"}, "lastweek": {"week"},
	"weekend": {"weekend"}, "thismonth": {"month"}, "lastmonth": {"month"}, "nextweek": {"week"}, "nextmonth": {"month"},
}

var monthByPrefix = map[string]time.Month{
	"jan": time.January, "feb": time.February, "mar": time.March, "apr": time.April,
	"may": time.May, "jun": time.June, "jul": time.July, "aug": time.August,
	"sep": time.September, "oct": time.October, "nov": time.November, "dec": time.December,
}

func parseMonth(s string) time.Month {
	s = lowerInPlace(strings.TrimSuffix(s, "."))
	if len(s) < 3 {
		return 0
	}
	return monthByPrefix[s[:3]]
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// truncDay is the calendar day of t where t was written: a report
// stamped "2025-03-16T00:00:00+05:30" is of 16 March, the day its
// "on Sunday" and "yesterday" count from, though it is still the 15th
// in UTC.
func truncDay(t time.Time) time.Time {
	return day(t.Year(), t.Month(), t.Day())
}

func period(from, to time.Time, prec int) (time.Time, time.Time, time.Time, int) {
	mid := from.AddDate(0, 0, int(to.Sub(from).Hours()/24)/2)
	return mid, from, to, prec
}

// FindDates returns the dates mentioned in text, in order, resolving
// relative ones against published (and "the previous day" against the
// date mentioned before it). When published is zero, only dates that carry
// their year are returned. Dates more than a year after published are
// dropped as misreadings. It never panics, whatever the input.
func FindDates(text string, published time.Time) []DateMention {
	type hit struct {
		start, end int
		kind       string
		sub        []string
	}
	var hits []hit
	lower := lowerInPlace(text)
	cued := make([]bool, len(dateRules))
	for ri, r := range dateRules {
		cued[ri] = hasCue(lower, dateCues[r.kind])
	}
	// No date pattern reads across a line break (TestDatesWithinLines),
	// so each runs on the lines whose words its prefilter lets through:
	// most paragraphs name no month and no weekday. A line keeps its
	// "\n", which \b reads as the whole text does.
	start := 0
	for line := range strings.Lines(text) {
		folded := indexText(foldCase(line))
		for ri, r := range dateRules {
			if !cued[ri] || !datePre[ri].mayMatch(line, &folded) {
				continue
			}
			for _, m := range r.re.FindAllStringSubmatchIndex(line, -1) {
				sub := make([]string, len(m)/2)
				for i := range sub {
					if m[2*i] >= 0 {
						sub[i] = line[m[2*i]:m[2*i+1]]
					}
				}
				hits = append(hits, hit{start + m[0], start + m[1], r.kind, sub})
			}
		}
		start += len(line)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].start != hits[j].start {
			return hits[i].start < hits[j].start
		}
		return hits[i].end-hits[i].start > hits[j].end-hits[j].start
	})
	pub := time.Time{}
	if !published.IsZero() {
		pub = truncDay(published)
	}
	var out []DateMention
	lastEnd := -1
	anchor := pub // the last day-precision date, for "the previous day"
	for _, h := range hits {
		if h.start < lastEnd {
			continue
		}
		d := DateMention{Start: h.start, End: h.end, Text: text[h.start:h.end]}
		ok := resolveDate(&d, h.kind, h.sub, pub, anchor, text[max(0, h.start-80):h.start])
		if !ok {
			continue
		}
		if !pub.IsZero() && d.From.After(pub.AddDate(1, 0, 0)) {
			continue
		}
		lastEnd = h.end
		out = append(out, d)
		if d.Precision == truce.PrecisionDay {
			anchor = d.Date
		}
	}
	return out
}

// WithAddressYear adds to dates, found in a text published on no day
// it states, the days the text writes with their month and no year
// ("on Friday June 7th", "Nov. 3"), in the year of the month its
// address gives (MonthFromURL; the year before for a month after it).
// Weekdays, "yesterday" and the like still count from nothing, and a
// day already found (with its year) is kept.
func WithAddressYear(text string, dates []DateMention, month time.Time) []DateMention {
	out := dates
	for _, d := range FindDates(text, month) {
		if !d.Relative || d.Precision != truce.PrecisionDay || !monthNameIn(d.Text) {
			continue
		}
		taken := false
		for _, e := range dates {
			taken = taken || d.Start < e.End && e.Start < d.End
		}
		if !taken {
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b DateMention) int { return a.Start - b.Start })
	return out
}

// monthNameIn reports a month's name (or its abbreviation) among the
// words of a date mention.
func monthNameIn(text string) bool {
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if parseMonth(w) != 0 {
			return true
		}
	}
	return false
}

// futureRe before a weekday makes it the coming one: "to start at noon on
// Sunday", "will resume on Monday"; "due to" only before a verb ("injured
// due to shelling on Friday" gives a cause, not a plan).
var futureRe = regexp.MustCompile(`(?i)\b(?:to (?:start|begin|take effect|resume|end|expire|meet)|will|is due|are due|due to (?:start|begin|meet|resume|end|expire|take|be|hold|sign|open|arrive|visit|return|vote)|is to|are to|expected to|scheduled|set to|planned)\b[^.;]*$`)

// wentOnRe is a verb of what went on, in the past, before "until
// Monday" in the same clause: the day then is the one it stopped.
var wentOnRe = regexp.MustCompile(`(?i)\b(?:continued|lasted|went on|raged|persisted|kept)\b[^.;]*$`)

func resolveDate(d *DateMention, kind string, sub []string, pub, anchor time.Time, before string) bool {
	relNeeded := func() bool { return pub.IsZero() }
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	// yearFor picks the year of a day or month given without one: the
	// publication year, or the one before when that would put the date
	// after publication (a January article about "December 28").
	yearFor := func(m time.Month, dd int) int {
		y := pub.Year()
		if dd == 0 {
			dd = 1
		}
		if day(y, m, dd).After(pub.AddDate(0, 0, 2)) {
			y--
		}
		return y
	}
	switch kind {
	case "iso":
		y, m, dd := atoi(sub[1]), atoi(sub[2]), atoi(sub[3])
		if !validDay(y, m, dd) {
			return false
		}
		t := day(y, time.Month(m), dd)
		d.Date, d.From, d.To, d.Precision = t, t, t, truce.PrecisionDay
	case "dmy", "mdy":
		var dd int
		var m time.Month
		if kind == "dmy" {
			dd, m = atoi(sub[1]), parseMonth(sub[2])
		} else {
			m, dd = parseMonth(sub[1]), atoi(sub[2])
		}
		y := atoi(sub[3])
		if y == 0 {
			if relNeeded() {
				return false
			}
			y = yearFor(m, dd)
			d.Relative = true
		}
		if m == 0 || !validDay(y, int(m), dd) {
			return false
		}
		t := day(y, m, dd)
		d.Date, d.From, d.To, d.Precision = t, t, t, truce.PrecisionDay
	case "my", "m":
		m := parseMonth(sub[1])
		if m == 0 {
			return false
		}
		y := 0
		if len(sub) > 2 {
			y = atoi(sub[2])
		}
		if y == 0 {
			if relNeeded() {
				return false
			}
			y = yearFor(m, 1)
			if strings.HasPrefix(lowerInPlace(d.Text), "last ") && m == pub.Month() {
				y--
			}
			d.Relative = true
		}
		if y < 1 || y > 9999 {
			return false
		}
		from := day(y, m, 1)
		d.Date, d.From, d.To, d.Precision = period(from, from.AddDate(0, 1, -1), truce.PrecisionMonth)
	case "weekday":
		if relNeeded() {
			return false
		}
		wd := weekdayOf(sub[1])
		back := (int(pub.Weekday()) - int(wd) + 7) % 7
		if back == 0 && strings.HasPrefix(lowerInPlace(d.Text), "last ") {
			back = 7
		}
		t := pub.AddDate(0, 0, -back)
		// "from Monday", "next Monday", "until Monday", "by Monday": the
		// coming one, as agreements announce.
		lower := lowerInPlace(d.Text)
		possessive := strings.Contains(lower, "'s") // "from Tuesday's attack" is past
		future := !possessive && futureRe.MatchString(before)
		for _, p := range []string{"from ", "next ", "until ", "starting ", "by ", ""} {
			if p == "" && !future {
				break
			}
			// "The drones continued to strike until Monday evening":
			// "until" after a verb of what went on is the day it
			// stopped, past, not a deadline to come.
			if p == "until " && strings.HasPrefix(lower, p) && wentOnRe.MatchString(before) {
				break
			}
			if strings.HasPrefix(lower, p) && !possessive {
				fwd := (int(wd) - int(pub.Weekday()) + 7) % 7
				if fwd == 0 && p != "" {
					fwd = 7 // "next Monday" on a Monday; "due to meet on Monday" is today
				}
				t = pub.AddDate(0, 0, fwd)
				break
			}
		}
		d.Date, d.From, d.To, d.Precision, d.Relative = t, t, t, truce.PrecisionDay, true
	case "daysbefore":
		// "Two days earlier": before the last day the text named.
		if anchor.IsZero() {
			return false
		}
		t := anchor.AddDate(0, 0, -max(1, wordNumber(lowerInPlace(sub[1]))))
		d.Date, d.From, d.To, d.Precision, d.Relative = t, t, t, truce.PrecisionDay, true
	case "prevday", "nextday":
		if anchor.IsZero() {
			return false
		}
		t := anchor.AddDate(0, 0, -1)
		if kind == "nextday" {
			t = anchor.AddDate(0, 0, 1)
		}
		d.Date, d.From, d.To, d.Precision, d.Relative = t, t, t, truce.PrecisionDay, true
	case "yesterday", "overnight", "today", "daysago":
		if relNeeded() {
			return false
		}
		back := 0
		switch kind {
		case "yesterday", "overnight":
			// "Overnight" in a story is the night before it was
			// published; the night is dated by the day it began.
			back = 1
		case "daysago":
			back = wordNumber(lowerInPlace(sub[1]))
		}
		t := pub.AddDate(0, 0, -back)
		d.Date, d.From, d.To, d.Precision, d.Relative = t, t, t, truce.PrecisionDay, true
	case "nextweek":
		if relNeeded() {
			return false
		}
		monday := pub.AddDate(0, 0, 7-((int(pub.Weekday())+6)%7))
		d.Date, d.From, d.To, d.Precision = period(monday, monday.AddDate(0, 0, 6), truce.PrecisionWeek)
		d.Relative = true
	case "nextmonth":
		if relNeeded() {
			return false
		}
		first := day(pub.Year(), pub.Month(), 1).AddDate(0, 1, 0)
		d.Date, d.From, d.To, d.Precision = period(first, first.AddDate(0, 1, -1), truce.PrecisionMonth)
		d.Relative = true
	case "thisweek", "lastweek":
		if relNeeded() {
			return false
		}
		monday := pub.AddDate(0, 0, -((int(pub.Weekday()) + 6) % 7))
		from, to := monday, pub
		if kind == "lastweek" {
			from, to = monday.AddDate(0, 0, -7), monday.AddDate(0, 0, -1)
		}
		d.Date, d.From, d.To, d.Precision = period(from, to, truce.PrecisionWeek)
		d.Relative = true
	case "weekend":
		if relNeeded() {
			return false
		}
		back := (int(pub.Weekday()) - int(time.Saturday) + 7) % 7
		if pub.Weekday() == time.Saturday {
			back = 7
		}
		from := pub.AddDate(0, 0, -back)
		d.Date, d.From, d.To, d.Precision = period(from, from.AddDate(0, 0, 1), truce.PrecisionWeek)
		d.Relative = true
	case "thismonth", "lastmonth":
		if relNeeded() {
			return false
		}
		first := day(pub.Year(), pub.Month(), 1)
		from, to := first, pub
		if kind == "lastmonth" {
			from, to = first.AddDate(0, -1, 0), first.AddDate(0, 0, -1)
		}
		d.Date, d.From, d.To, d.Precision = period(from, to, truce.PrecisionMonth)
		d.Relative = true
	default:
		return false
	}
	return true
}

func validDay(y, m, dd int) bool {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || dd < 1 || dd > 31 {
		return false
	}
	return day(y, time.Month(m), dd).Day() == dd
}

func weekdayOf(s string) time.Weekday {
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if strings.EqualFold(s, wd.String()) {
			return wd
		}
	}
	return time.Sunday
}

// ParseDate parses one date expression ("19 September 2016", "Sept. 19",
// "2016-09-19", "last Tuesday", "in February") relative to published,
// and reports whether it found one. The expression may be surrounded by
// other words; the first date found is returned.
func ParseDate(s string, published time.Time) (DateMention, bool) {
	ds := FindDates(s, published)
	if len(ds) == 0 {
		return DateMention{}, false
	}
	return ds[0], true
}

// urlDayRe reads the day or the month a news page's address carries:
// ".../2024/06/sudans-rsf-kills...", ".../2022/10/18/gunmen-kill...",
// ".../20220811/cdac2a8...".
var urlDayRe = regexp.MustCompile(`/((?:19|20)\d\d)(?:/(0[1-9]|1[0-2])(?:/(0[1-9]|[12]\d|3[01]))?|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))/`)

// untilBefore ends the text before a day a truce or a deadline runs to,
// which may be after the report: "extend the ceasefire until February
// 18, 2025".
var untilBefore = regexp.MustCompile(`(?i)\b(?:until|till|to|by|before|deadline of)\s+$`)

// reportFloor is the earliest day the report can have been written,
// what background ("The RSF began fighting the army in April 2023")
// is measured against: its publication day; without one, the day or the
// month its address carries (".../2024/06/..." gives 1 June 2024); else
// the latest day the text names with its year ("On January 27, 2025,
// Lebanon announced …"), not one a truce or deadline runs to. A report
// tells of the days it names as past, so it was written after them; it
// is zero when none is known.
func reportFloor(ex *Extraction) time.Time {
	if !ex.Article.Published.IsZero() {
		return ex.Article.Published
	}
	if m := urlDayRe.FindStringSubmatch(ex.Article.URL); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, d := m[2]+m[4], m[3]+m[5]
		month, _ := strconv.Atoi(mo)
		day := 1
		if d != "" {
			day, _ = strconv.Atoi(d)
		}
		return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	}
	var floor time.Time
	for _, d := range ex.Dates {
		if d.Precision != truce.PrecisionDay || d.Relative || untilBefore.MatchString(ex.Article.Text[max(0, d.Start-14):d.Start]) {
			continue
		}
		if d.Date.After(floor) {
			floor = d.Date
		}
	}
	return floor
}
