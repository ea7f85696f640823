package ingest

import (
	"regexp"
	"strconv"
	"strings"
)

var smallNumbers = map[string]int{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}

// vagueNumbers are the counts ACLED records for vague words: "dozens"
// is 12 and "hundreds" 100 (the least the plural can mean is one dozen,
// one hundred); "several", "many" and "a number of" are 10 as ACLED codes
// them. "Scores" follows the dozens rule: one score, 20.
var vagueNumbers = map[string]int{
	"a dozen": 12, "dozens": 12, "dozens of": 12, "scores": 20, "scores of": 20,
	"hundreds": 100, "hundreds of": 100, "thousands": 1000, "thousands of": 1000,
	"several": 10, "many": 10, "a number of": 10, "a handful of": 3, "a few": 3,
}

// wordNumber reads a count written in digits ("1,200"), in words ("three",
// "twenty-one", "a hundred") or vaguely ("dozens"); 0 when it is none.
func wordNumber(s string) int {
	s = lowerInPlace(strings.TrimSpace(s))
	if n, ok := vagueNumbers[s]; ok {
		return n
	}
	if n, err := strconv.Atoi(strings.ReplaceAll(s, ",", "")); err == nil {
		if n < 0 || n > 1000000 {
			return 0
		}
		return n
	}
	total := 0
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == ' ' }) {
		switch part {
		case "hundred":
			if total == 0 {
				total = 1
			}
			total *= 100
			continue
		case "and":
			continue
		}
		n, ok := smallNumbers[part]
		if !ok {
			return 0
		}
		total += n
	}
	return total
}

const numberWord = `\d{1,3}(?:,\d{3})+|\d+|a dozen|dozens(?: of)?|scores(?: of)?|hundreds(?: of)?|thousands(?: of)?|several|a number of|a handful of|a few|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred|one hundred)`

const hedge = `(?:at least |more than |over |some |about |around |nearly |almost |up to |as many as |an estimated |a total of |another |all |between |)`

// fatalityRules read a death toll. Wounded counts are never read: the
// verb must be one of dying.
var fatalityRules = []*regexp.Regexp{
	// "killing 20 people", "killed at least 12 civilians", "left 9 dead"
	regexp.MustCompile(`(?i)\b(?:killing|killed|kills|kill|leaving|left|claimed the lives of|(?:causing|caused|resulting in|resulted in|leading to|led to|announced|confirmed|mourned|reported) the (?:deaths?|martyrdom) of|executed|executing|massacred|shot dead)\s+` + hedge + `(` + numberWord + `)\b(?:\s+(?:people|persons|civilians|children|women|men|fighters|soldiers|militants|rebels|troops|members|aid workers|volunteers|policemen|others|of them|residents|workers|staff|doctors|patients|medics)\b)?`),
	// "20 people were killed", "dozens of civilians died", "12 dead"
	regexp.MustCompile(`(?i)\b` + hedge + `(` + numberWord + `)\s+(?:[\w'-]+\s+){0,3}?(?:were|was|have been|had been|are|being)?\s*(?:killed|dead|died|lost their lives|were slain|fatally shot|shot dead|shot and killed)\b`),
	toDeathRule,
	// "the ambassador was shot dead": one, when no number is given
	regexp.MustCompile(`(?i)\b(?:was|has been|had been) (?:shot dead|killed|assassinated|executed|beheaded|stabbed to death)\b()`),
	// "Five villagers including two women were killed": the total
	// before its part.
	regexp.MustCompile(`(?i)\b` + hedge + `(` + numberWord + `)\s+[\w'-]+,?\s+including\s+[^.;:]{1,60}?\s+(?:were|have been|had been)\s+killed\b`),
	// "Four members of the Hezbollah group were killed", "two fighters
	// of the armed wing of the movement were killed": the group's name
	// may be longer than the three words allowed above.
	regexp.MustCompile(`(?i)\b` + hedge + `(` + numberWord + `)\s+(?:members|fighters|soldiers|militants|officers|commanders|operatives|personnel)\s+of\s+(?:[\w'’-]+\s+){1,6}?(?:were|have been|had been)\s+killed\b`),
	// "the death toll rose to 30", "a toll of 12"
	regexp.MustCompile(`(?i)\b(?:death toll|toll)\s+(?:[\w'’-]+\s+){0,10}?(?:to|of|at|reached|stood at)\s+` + hedge + `(` + numberWord + `)\b`),
}

// fatalityPre are the prefilters of fatalityRules (prefilter.go).
var fatalityPre = prefiltersOf(fatalityRules)

// toDeathRule reads "hundreds of civilians were stabbed or hacked to death".
var toDeathRule = regexp.MustCompile(`(?i)\b` + hedge + `(` + numberWord + `)\s+(?:[\w'-]+\s+){0,5}?(?:hacked|beaten|burned|burnt|stabbed|bludgeoned|shot|starved) to death\b`)

// andMore continues a toll after its first noun: " and six teachers".
var andMore = regexp.MustCompile(`(?i)^ and (` + numberWord + `) (?:people|persons|civilians|children|women|men|fighters|soldiers|militants|rebels|troops|members|aid workers|volunteers|policemen|others|residents|workers|staff|doctors|patients|medics|teachers|students)\b`)

// person is a noun for one person a toll can be made of without a
// number ("a young woman and her two-year-old daughter").
const person = `(?:woman|man|girl|boy|child|baby|infant|toddler|teenager|civilian|soldier|journalist|farmer|mother|father|daughter|son|wife|husband|brother|sister|grandmother|grandfather|doctor|nurse|paramedic|driver|resident|worker|volunteer|policeman|policewoman|officer|fighter|shepherd|fisherman|student|teacher|monk|priest|imam|pastor|cleric|nun|guard|herder|trader|villager|pilgrim|tourist)`

// namedToll reads a toll told as people, not as a number: "killing a
// young woman and her two-year-old daughter" (2), "a man was killed" (1).
var namedToll = regexp.MustCompile(`(?i)\b(?:killing|killed|kills|shot dead)\s+(?:a|an|one)\s+(?:[\w'’-]+\s+){0,2}?` + person + `\b(?:,?\s+(?:and|with)\s+(?:a|an|her|his|their|one)\s+(?:[\w'’-]+\s+){0,2}?` + person + `\b)?|\b(?:a|an)\s+(?:[\w'’-]+\s+){0,2}?` + person + `\b(?:\s+and\s+(?:a|an|her|his|their)\s+(?:[\w'’-]+\s+){0,2}?` + person + `\b)?\s+(?:were|was)\s+killed\b`)

var namedTollPre = prefilterOf(namedToll)

// himAndOthers reads a toll told as one person and the others killed
// with them: "killing him and at least 14 others".
var himAndOthers = regexp.MustCompile(`(?i)\b(?:killing|killed|kills)\s+(?:him|her)\s+and\s+` + hedge + `(` + numberWord + `)\s+others\b`)

// namedCount is how many people a namedToll match names: one, or two
// joined by "and" or "with".
func namedCount(m string) int {
	if twoNamed.MatchString(m) {
		return 2
	}
	return 1
}

var twoNamed = regexp.MustCompile(`(?i)\s(?:and|with)\s`)

// dashAside is an aside set off by dashes: " -- a police officer and
// five rebels -- ", " — including two children — ".
var dashAside = regexp.MustCompile(`\s+(?:--|—|–)\s+[^—–.;]{1,80}?\s+(?:--|—|–)\s+`)

// fatalityCues: every toll the rules read has one of these words.
var fatalityCues = cue("kill dead died lives toll slain execut massacr shot left leaving assassinat behead stabbed death martyr")

// fatalities returns the largest death toll a sentence states, or 0.
// The largest, because news sentences give a total and then its parts
// ("killing 20 people, including 12 aid workers").
func fatalities(sentence string) (int, bool) {
	best, found := 0, false
	if !hasCue(lowerInPlace(sentence), fatalityCues) {
		return 0, false
	}
	// "Six people -- a police officer and five suspected rebels -- were
	// killed": the aside between dashes stands between the toll and its
	// verb.
	if strings.Contains(sentence, "--") || strings.Contains(sentence, "—") || strings.Contains(sentence, "–") {
		sentence = dashAside.ReplaceAllString(sentence, " ")
	}
	folded := indexText(foldCase(sentence))
	for ri, re := range fatalityRules {
		if !fatalityPre[ri].mayMatch(sentence, &folded) {
			continue // a costly pattern: only where it can match
		}
		for _, idx := range re.FindAllStringSubmatchIndex(sentence, -1) {
			m := make([]string, len(idx)/2)
			for k := range m {
				if idx[2*k] >= 0 {
					m[k] = sentence[idx[2*k]:idx[2*k+1]]
				}
			}
			n := wordNumber(m[1])
			// "killing 22 children and six teachers": the parts add up.
			if ri == 0 {
				if more := andMore.FindStringSubmatch(sentence[idx[1]:]); more != nil {
					n += wordNumber(more[1])
				}
			}
			if m[1] == "" {
				n = 1 // a singular death
			}
			if n == 0 && m[1] != "0" {
				continue
			}
			// A year or an hour is not a toll ("killed in 2016").
			if n >= 1900 && n <= 2100 && !strings.Contains(m[0], ",") {
				continue
			}
			found = true
			if n > best {
				best = n
			}
		}
	}
	// "killing him and at least 14 others": the one named and the
	// others.
	if strings.Contains(sentence, " others") {
		if m := himAndOthers.FindStringSubmatch(sentence); m != nil {
			if n := wordNumber(m[1]) + 1; n > 1 && n > best {
				best, found = n, true
			}
		}
	}
	if !found && namedTollPre.mayMatch(sentence, &folded) {
		if m := namedToll.FindString(sentence); m != "" {
			return namedCount(m), true
		}
	}
	return best, found
}
