package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of an article's text. Start and End are byte
// offsets into Article.Text, half-open, so Text[Start:End] == Text; the
// span never begins or ends with white space.
type Sentence struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// abbreviations end with a dot that does not end a sentence. Kept short
// and specific to news prose: titles, months, military ranks, and the
// designations that stand before a place's name in Philippine reports
// ("Brgy. Tabu", "Bgy. Poblacion": barangay).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true,
	"lt": true, "col": true, "maj": true, "capt": true, "sgt": true, "cpl": true,
	"st": true, "rev": true, "sen": true, "rep": true, "gov": true, "pres": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"no": true, "vs": true, "etc": true, "approx": true,
	"brgy": true, "bgy": true,
}

// Sentences splits text into sentences. A sentence ends at '.', '!' or
// '?' (with any closing quotes or brackets after it) followed by white
// space and then an upper-case letter, a digit or an opening quote, unless
// the word before the dot is a known abbreviation ("Sept.", "U.S.",
// "Gen.") or a single initial; a line break followed by an empty line, or
// a line without final punctuation (a headline), also ends one.
func Sentences(text string) []Sentence {
	var out []Sentence
	start := 0
	emit := func(end int) {
		s, e := trimSpan(text, start, end)
		if e > s {
			out = append(out, Sentence{Start: s, End: e, Text: text[s:e]})
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			// A blank line, or a line that ends without punctuation
			// (a headline, a dateline, a list item), ends the sentence.
			line := strings.TrimSpace(text[start:i])
			next := i + size
			blank := next < len(text) && (text[next] == '\n' || text[next] == '\r')
			if line != "" && (blank || !endsWithPunct(line) && !wrapped(text, i, next)) {
				emit(i)
			}
			i = next
			continue
		case r == '.' || r == '!' || r == '?':
			j := i + size
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if r2 == '"' || r2 == '’' || r2 == '”' || r2 == ')' || r2 == '\'' || r2 == '»' {
					j += s2
					continue
				}
				break
			}
			if j >= len(text) {
				i = j
				continue
			}
			r2, _ := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(r2) {
				// "the end of Eid al-Adha.The officials said": a space
				// lost after the dot, and a new sentence all the same.
				if r == '.' && j == i+size && missingSpace(text, i) {
					emit(j)
				}
				i = j
				continue
			}
			k := j
			for k < len(text) {
				r3, s3 := utf8.DecodeRuneInString(text[k:])
				if !unicode.IsSpace(r3) {
					break
				}
				k += s3
			}
			if k >= len(text) {
				i = k
				continue
			}
			r3, _ := utf8.DecodeRuneInString(text[k:])
			opener := unicode.IsUpper(r3) || unicode.IsDigit(r3) || r3 == '"' || r3 == '“' || r3 == '‘' || r3 == '\'' || r3 == '(' ||
				listMark(r3) && strings.Contains(text[j:k], "\n") // "… seven others.\n- On May 20, …": a list item
			if opener && (r != '.' || !abbreviationBefore(text, i)) {
				emit(j)
			}
			i = j
			continue
		}
		i += size
	}
	emit(len(text))
	return out
}

// listMark opens an item of a list: "- On May 17, …", "• Two …".
func listMark(r rune) bool {
	return r == '-' || r == '•' || r == '–' || r == '—' || r == '*' || r == '·'
}

// joiningWords end a line that a hard wrap broke inside a sentence.
var joiningWords = setOf(`a an the of in on at to for from by with and or but early late near`)

// wrapped reports a line break at i that a hard wrap put inside a
// sentence: the next line opens in lower case ("in the early / hours of
// Thursday") or the line ends with an article, a preposition or a
// conjunction ("the region of / Artibonite"). A headline ends with
// neither.
func wrapped(text string, i, next int) bool {
	if next < len(text) {
		if r, _ := utf8.DecodeRuneInString(text[next:]); unicode.IsLower(r) {
			return true
		}
	}
	lineStart := strings.LastIndexByte(text[:i], '\n') + 1
	words := strings.Fields(text[lineStart:i])
	return len(words) > 3 && joiningWords[strings.ToLower(words[len(words)-1])]
}

// missingSpace reports a sentence's dot at i with no space after it: a
// word of three letters or more that is no abbreviation before it, and a
// capitalised word of two letters or more after it ("al-Adha.The"); not
// "U.S.Army", "St.Petersburg" or a domain ("rt.com").
func missingSpace(text string, i int) bool {
	if abbreviationBefore(text, i) {
		return false
	}
	n := 0
	for j := i; j > 0 && n < 3; n++ {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= size
	}
	if n < 3 {
		return false
	}
	r1, s1 := utf8.DecodeRuneInString(text[i+1:])
	r2, _ := utf8.DecodeRuneInString(text[i+1+s1:])
	return unicode.IsUpper(r1) && unicode.IsLower(r2)
}

func endsWithPunct(line string) bool {
	r, _ := utf8.DecodeLastRuneInString(line)
	return strings.ContainsRune(".!?:;,\"”’)", r)
}

// abbreviationBefore reports whether the word ending at the dot at i is
// an abbreviation or an initial.
func abbreviationBefore(text string, i int) bool {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		j -= size
	}
	word := text[j:i]
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r) // an initial: "John F. Kerry"
	}
	if strings.Contains(word, ".") {
		return true // a dotted abbreviation: "U.S.", "U.N."
	}
	return abbreviations[strings.ToLower(word)]
}

func trimSpan(text string, s, e int) (int, int) {
	for s < e {
		r, size := utf8.DecodeRuneInString(text[s:])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	for e > s {
		r, size := utf8.DecodeLastRuneInString(text[s:e])
		if !unicode.IsSpace(r) {
			break
		}
		e -= size
	}
	return s, e
}
