package truce

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// UnmarshalCanonicalEntry decodes raw, one log entry, into e without
// reflection: a replay of a long log decodes every entry, and
// encoding/json's strict decoding was most of its cost. raw MUST be valid
// JSON (the replay checks that it is in canonical form first, which
// validates it). It handles the shapes the center writes — members in
// canonical order, strings without escapes, an integer index — and
// returns false for anything else, e then unspecified: the caller then
// decodes strictly, which gives the same Entry for everything this
// accepts and refuses what this does not know (FuzzUnmarshalCanonicalEntry
// compares the two).
func UnmarshalCanonicalEntry(raw []byte, e *Entry) bool {
	*e = Entry{}
	p := entryParser{b: raw}
	if !p.byte('{') {
		return false
	}
	// Members in canonical (sorted) order, each at most once; all but
	// request are required by the strict decoder's callers, but not by
	// the decoder itself, so none is required here either.
	keys := [...]string{"actor", "body", "index", "request", "time", "type"}
	next := 0
	for first := true; !p.byte('}'); first = false {
		if !first && !p.byte(',') {
			return false
		}
		k, ok := p.str()
		if !ok || !p.byte(':') {
			return false
		}
		for next < len(keys) && keys[next] != k {
			next++
		}
		if next == len(keys) {
			return false // unknown, repeated or out of order
		}
		next++
		switch k {
		case "actor":
			ok = p.actor(&e.Actor)
		case "body":
			start := p.i
			if ok = p.skip(); ok {
				e.Body = append(json.RawMessage(nil), raw[start:p.i]...)
			}
		case "index":
			e.Index, ok = p.uint()
		case "request":
			e.Request = new(SignedRequest)
			ok = p.request(e.Request)
		case "time":
			start := p.i
			if _, ok = p.str(); ok {
				ok = e.Time.UnmarshalJSON(raw[start:p.i]) == nil
			}
		case "type":
			e.Type, ok = p.str()
		}
		if !ok {
			return false
		}
	}
	return p.i == len(raw)
}

type entryParser struct {
	b []byte
	i int
}

func (p *entryParser) byte(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a string of valid UTF-8 without control characters, its
// escapes decoded as encoding/json decodes them; a \u escape of a lone
// surrogate, which encoding/json replaces, is left to the strict decoder.
func (p *entryParser) str() (string, bool) {
	if !p.byte('"') {
		return "", false
	}
	start, ascii := p.i, true
	var buf []byte // the decoded string, once an escape is met
	for ; p.i < len(p.b); p.i++ {
		switch c := p.b[p.i]; {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			if buf != nil {
				return string(append(buf, s...)), true
			}
			return string(s), true
		case c < 0x20:
			return "", false
		case c >= 0x80:
			ascii = false
		case c == '\\':
			if !ascii && !utf8.Valid(p.b[start:p.i]) {
				return "", false
			}
			buf = append(buf, p.b[start:p.i]...)
			r, n := unescape(p.b[p.i:])
			if n == 0 {
				return "", false
			}
			buf = utf8.AppendRune(buf, r)
			p.i += n - 1
			start = p.i + 1
		}
	}
	return "", false
}

// unescape decodes the escape at the start of b, returning the rune and
// the bytes it took, or 0 bytes for one it leaves to the strict decoder.
func unescape(b []byte) (rune, int) {
	if len(b) < 2 {
		return 0, 0
	}
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r := hex4(b[2:])
		switch {
		case r < 0:
			return 0, 0
		case r < 0xd800 || r > 0xdfff:
			return r, 6
		case r < 0xdc00 && len(b) >= 12 && b[6] == '\\' && b[7] == 'u':
			if lo := hex4(b[8:]); lo >= 0xdc00 && lo <= 0xdfff {
				return 0x10000 + (r-0xd800)<<10 + (lo - 0xdc00), 12
			}
		}
	}
	return 0, 0
}

// hex4 reads four hexadecimal digits, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return -1
		}
	}
	return r
}

// uint reads a non-negative integer without leading zeros that fits a
// uint64.
func (p *entryParser) uint() (uint64, bool) {
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	digits := p.b[start:p.i]
	if len(digits) == 0 || (digits[0] == '0' && len(digits) > 1) || p.i < len(p.b) && (p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E') {
		return 0, false
	}
	n, err := strconv.ParseUint(string(digits), 10, 64)
	return n, err == nil
}

// fields reads an object whose members are all strings, with keys in
// strictly increasing order, into the strings field names; field returns
// nil for a key it does not know.
func (p *entryParser) fields(field func(k string) *string) bool {
	if !p.byte('{') {
		return false
	}
	last := ""
	for first := true; !p.byte('}'); first = false {
		if !first && !p.byte(',') {
			return false
		}
		k, ok := p.str()
		if !ok || (!first && k <= last) || !p.byte(':') {
			return false
		}
		last = k
		dst := field(k)
		if dst == nil {
			return false
		}
		if *dst, ok = p.str(); !ok {
			return false
		}
	}
	return true
}

func (p *entryParser) actor(a *Actor) bool {
	return p.fields(func(k string) *string {
		switch k {
		case "member":
			return &a.Member
		case "party":
			return &a.Party
		}
		return nil
	})
}

func (p *entryParser) request(r *SignedRequest) bool {
	return p.fields(func(k string) *string {
		switch k {
		case "body":
			return &r.Body
		case "content_digest":
			return &r.ContentDigest
		case "key_id":
			return &r.KeyID
		case "method":
			return &r.Method
		case "params":
			return &r.Params
		case "path":
			return &r.Path
		case "query":
			return &r.Query
		case "signature":
			return &r.Signature
		}
		return nil
	})
}

// skip passes over one JSON value, which the caller knows to be valid.
func (p *entryParser) skip() bool {
	depth := 0
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case '"':
			p.i++
			for p.i < len(p.b) && p.b[p.i] != '"' {
				if p.b[p.i] == '\\' {
					p.i++
				}
				p.i++
			}
			p.i++
		case '{', '[':
			depth++
			p.i++
		case '}', ']':
			if depth == 0 {
				return false
			}
			depth--
			p.i++
		case ',', ':':
			if depth == 0 {
				return false
			}
			p.i++
		default:
			p.i++
		}
		if depth == 0 && p.i <= len(p.b) && (p.i == len(p.b) || p.b[p.i] == ',' || p.b[p.i] == '}' || p.b[p.i] == ']') {
			return p.i <= len(p.b)
		}
	}
	return false
}
