package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// token is one word of a text with its byte offsets. Hyphens split words
// ("al-Nusra" is two tokens) so that transliterations written with and
// without hyphens ("Deir ez-Zor", "Dayr az Zawr") meet in one key.
type token struct {
	start, end int    // byte offsets into the text
	raw        string // text[start:end]
	key        string // folded: lower case, no diacritics or apostrophes
	capital    bool   // starts with an upper-case letter
	allCaps    bool   // every letter is upper case and there are at least two
	num        bool   // all digits
}

// isApostrophe reports the marks that transliterations use for ayn and
// hamza, and the typographic quotes that replace them.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʿ', 'ʾ', '`', 'ʻ', 'ʼ', '´':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenize splits text into word tokens. A word is a run of letters and
// digits with apostrophes inside it ("Dar'a", "Hay'at"); a trailing
// possessive "'s" is left out of the word so that "Aleppo's" matches
// "Aleppo". Dots inside abbreviations ("U.N.") are kept in the word.
func tokenize(text string) []token {
	var toks []token
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		end := i + size
		j := end
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if isWordRune(r2) {
				j += s2
				end = j
				continue
			}
			// An apostrophe or a dot continues the word only when a
			// letter follows (so "U.N." keeps its dots, a final period
			// does not join the word).
			if isApostrophe(r2) || (r2 == '.' && end-start <= 2) {
				if j+s2 < len(text) {
					r3, _ := utf8.DecodeRuneInString(text[j+s2:])
					if isWordRune(r3) {
						j += s2
						continue
					}
					if r2 == '.' && isAbbrevDot(text[start:j]) {
						j += s2
						end = j
						continue
					}
				}
			}
			break
		}
		word := text[start:end]
		// Possessive: drop a final 's or ’s.
		if n := len(word); n > 2 {
			last, _ := utf8.DecodeLastRuneInString(word[:n-1])
			if (word[n-1] == 's' || word[n-1] == 'S') && isApostrophe(last) {
				end -= 1 + utf8.RuneLen(last)
				word = text[start:end]
			}
		}
		toks = append(toks, newToken(word, start, end))
		i = j
		if i <= start {
			i = start + size
		}
	}
	return toks
}

// isAbbrevDot reports whether w followed by a dot is a dotted
// abbreviation such as "U.N" or "U.S" (letters separated by dots).
func isAbbrevDot(w string) bool {
	return strings.Contains(w, ".") && len(w) <= 6
}

func newToken(word string, start, end int) token {
	t := token{start: start, end: end, raw: word, key: fold(word)}
	r, _ := utf8.DecodeRuneInString(word)
	t.capital = unicode.IsUpper(r)
	letters, upper, digits := 0, 0, 0
	for _, r := range word {
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case unicode.IsDigit(r):
			digits++
		}
	}
	t.allCaps = letters >= 2 && upper == letters
	t.num = digits > 0 && letters == 0
	return t
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// fold returns the matching key of a word or phrase: lower case, without
// diacritics, apostrophes or dots, with hyphens and runs of spaces as one
// space. "Ḩamāh" and "Hamah" fold alike, and so do "Dar‘ā" and "Dara".
func fold(s string) string {
	if !isASCII(s) {
		s = norm.NFD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), isApostrophe(r), r == '.':
			continue
		case r == '-' || r == '‐' || r == '–' || unicode.IsSpace(r) || r == '_' || r == ',':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch r {
		case 'ı':
			r = 'i'
		case 'ł', 'Ł':
			r = 'l'
		case 'ø', 'Ø':
			r = 'o'
		case 'đ', 'Đ':
			r = 'd'
		case 'ß':
			b.WriteString("ss")
			continue
		case 'æ', 'Æ':
			b.WriteString("ae")
			continue
		case 'œ', 'Œ':
			b.WriteString("oe")
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// nameKey is the index key of a name and its number of words: the keys
// of its tokens joined by single spaces, as foldTokens would give, but
// computed without tokenizing (loading 135,000 names must be fast).
func nameKey(s string) (string, int) {
	f := fold(s)
	var b strings.Builder
	b.Grow(len(f))
	n := 0
	word := false
	for _, r := range f {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !word {
				if n > 0 {
					b.WriteByte(' ')
				}
				n++
				word = true
			}
			b.WriteRune(r)
			continue
		}
		word = false
	}
	return b.String(), n
}

// foldTokens folds a phrase into the keys of its tokens, the form the
// matchers index.
func foldTokens(s string) []string {
	toks := tokenize(s)
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = t.key
	}
	return keys
}

// lowerInPlace is strings.ToLower that keeps every byte where it was: a rune
// whose lower case is written in another number of bytes (the Kelvin
// sign, 'İ', 'Ⱥ') stays as it is. The extractor reads a sentence's lower
// case with offsets found in the sentence itself, and an article is
// outside input: with strings.ToLower, forty Kelvin signs before a
// trigger moved every offset and Extract panicked.
func lowerInPlace(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); r != utf8.RuneError && utf8.RuneLen(l) == n {
			b = utf8.AppendRune(b, l)
		} else {
			b = append(b, s[i:i+n]...) // and a byte that is not UTF-8 stays one byte
		}
		i += n
	}
	return string(b)
}
