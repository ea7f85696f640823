package ledger

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// Canonical returns the RFC 8785 (JSON Canonicalization Scheme) encoding
// of v, which is first encoded with encoding/json.
//
// Why JCS and not encoding/json's output: the log commits to bytes, and a
// verifier written in another language must be able to rebuild exactly the
// same bytes from the same values. JCS fixes key order (UTF-16 code units),
// number formatting (ECMAScript's shortest round-trip form) and string
// escaping, where encoding/json keeps struct order and escapes <, > and &.
//
// A value that writes its own canonical form (CanonicalAppender) is
// asked first; when it says it cannot, or for any other value, v is
// encoded with encoding/json and canonicalised. Under `go test` both
// roads are taken for such a value and must give the same bytes
// (checkAppenders): the whole test suite checks the hand-written forms
// against the general one.
func Canonical(v any) ([]byte, error) {
	if a, ok := v.(CanonicalAppender); ok {
		if b, ok := a.AppendCanonical(nil); ok {
			if checkAppenders() {
				mustAgree(v, b)
			}
			return b, nil
		}
	}
	return canonicalOf(v)
}

// canonicalOf is Canonical by encoding/json, whatever v is.
func canonicalOf(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding json: %w", err)
	}
	return Canonicalize(raw)
}

// checkAppenders says whether Canonical checks each hand-written form
// against encoding/json's road: under `go test`, but not while
// benchmarks run (-test.bench), which measure what a server runs.
func checkAppenders() bool {
	if !testing.Testing() {
		return false
	}
	f := flag.Lookup("test.bench")
	return f == nil || f.Value.String() == ""
}

// mustAgree panics when b is not the canonical form encoding/json's
// road gives for v: a hand-written form that differs is a bug that
// would change what the log commits to.
func mustAgree(v any, b []byte) {
	want, err := canonicalOf(v)
	if err != nil || !bytes.Equal(b, want) {
		panic(fmt.Sprintf("ledger: %T writes its canonical form as %s, encoding/json's road gives %s (%v)", v, b, want, err))
	}
}

// CanonicalAppender is a value that writes its RFC 8785 form itself,
// without encoding/json's reflection and a second pass over its bytes
// (the lists of conflicts a strike seals, dozens of records at a million
// objects). AppendCanonical appends it to b, or reports false when it
// cannot promise the bytes Canonical's general road gives (then b is
// not used).
type CanonicalAppender interface {
	AppendCanonical(b []byte) ([]byte, bool)
}

// AppendString appends s as a canonical JSON string, or reports false
// when s is not valid UTF-8 (encoding/json would write U+FFFD for its
// bad bytes).
func AppendString(b []byte, s string) ([]byte, bool) {
	if !utf8.ValidString(s) {
		return b, false
	}
	return appendString(b, s), true
}

// AppendCanonical appends the canonical form of v, through Canonical.
func AppendCanonical(b []byte, v any) ([]byte, error) {
	c, err := Canonical(v)
	if err != nil {
		return b, err
	}
	return append(b, c...), nil
}

// Canonicalize re-encodes one JSON text in RFC 8785 form. It refuses
// invalid JSON, invalid UTF-8, duplicate object keys, and numbers that
// are not finite IEEE 754 doubles.
//
// It scans the bytes itself rather than walking encoding/json's tokens:
// every write and every replayed entry passes through here, and the token
// API allocates for each value.
func Canonicalize(data []byte) ([]byte, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("json is not valid utf-8")
	}
	sc := scanner{data: data, out: make([]byte, 0, len(data))}
	sc.skipSpace()
	if err := sc.value(0); err != nil {
		return nil, err
	}
	sc.skipSpace()
	if sc.pos != len(sc.data) {
		return nil, errors.New("json has data after the first value")
	}
	return sc.out, nil
}

// maxDepth bounds nesting, so hostile input cannot exhaust the stack.
const maxDepth = 1000

type scanner struct {
	data []byte
	pos  int
	out  []byte
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) errorf(format string, args ...any) error {
	return fmt.Errorf("json at byte %d: %s", s.pos, fmt.Sprintf(format, args...))
}

func (s *scanner) value(depth int) error {
	if depth > maxDepth {
		return s.errorf("nested too deeply")
	}
	if s.pos >= len(s.data) {
		return s.errorf("unexpected end")
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object(depth)
	case c == '[':
		s.pos++
		s.out = append(s.out, '[')
		s.skipSpace()
		if s.pos < len(s.data) && s.data[s.pos] == ']' {
			s.pos++
			s.out = append(s.out, ']')
			return nil
		}
		for {
			s.skipSpace()
			if err := s.value(depth + 1); err != nil {
				return err
			}
			s.skipSpace()
			if s.pos >= len(s.data) {
				return s.errorf("unterminated array")
			}
			switch s.data[s.pos] {
			case ',':
				s.pos++
				s.out = append(s.out, ',')
			case ']':
				s.pos++
				s.out = append(s.out, ']')
				return nil
			default:
				return s.errorf("expected , or ] in array")
			}
		}
	case c == '"':
		str, err := s.str()
		if err != nil {
			return err
		}
		s.out = appendString(s.out, str)
		return nil
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.errorf("unexpected character %q", s.data[s.pos])
}

func (s *scanner) literal(lit string) error {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(lit)) {
		return s.errorf("invalid literal")
	}
	s.pos += len(lit)
	s.out = append(s.out, lit...)
	return nil
}

// member is one member of an object being canonicalised: its key, and
// where it was written ("key":value) in the output.
type member struct {
	key        string
	start, end int
}

// object writes an object's members to the output as they come; when
// their keys arrive in canonical order, as they do when the input is
// already canonical (every entry a replay reads), that is all. Otherwise
// it then rewrites the members in order.
func (s *scanner) object(depth int) error {
	s.pos++ // {
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.out = append(s.out, '{', '}')
		return nil
	}
	open := len(s.out)
	s.out = append(s.out, '{')
	var buf [8]member
	members := buf[:0]
	sorted := true
	for {
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return s.errorf("expected a string key")
		}
		key, err := s.str()
		if err != nil {
			return err
		}
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return s.errorf("expected : after key")
		}
		s.pos++
		s.skipSpace()
		if len(members) > 0 {
			s.out = append(s.out, ',')
			sorted = sorted && lessUTF16(members[len(members)-1].key, key)
		}
		m := member{key: key, start: len(s.out)}
		s.out = appendString(s.out, key)
		s.out = append(s.out, ':')
		if err := s.value(depth + 1); err != nil {
			return err
		}
		m.end = len(s.out)
		members = append(members, m)
		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.errorf("unterminated object")
		}
		if s.data[s.pos] == ',' {
			s.pos++
			continue
		}
		if s.data[s.pos] != '}' {
			return s.errorf("expected , or } in object")
		}
		s.pos++
		break
	}
	if !sorted {
		// RFC 8785 §3.2.3: sort by the UTF-16 code units of the keys.
		slices.SortStableFunc(members, func(a, b member) int {
			switch {
			case lessUTF16(a.key, b.key):
				return -1
			case lessUTF16(b.key, a.key):
				return 1
			}
			return 0
		})
		for i := 1; i < len(members); i++ {
			if members[i].key == members[i-1].key {
				return fmt.Errorf("json object has duplicate key %q", members[i].key)
			}
		}
		written := slices.Clone(s.out[open+1:])
		out := s.out[:open+1]
		for i, m := range members {
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, written[m.start-open-1:m.end-open-1]...)
		}
		s.out = out
	}
	s.out = append(s.out, '}')
	return nil
}

// lessUTF16 orders strings by their UTF-16 code units. It differs from
// byte order only when one of them has a character above U+FFFF where the
// other has one from U+E000 to U+FFFF.
func lessUTF16(a, b string) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		ra, na := utf8.DecodeRuneInString(a[i:])
		rb, nb := utf8.DecodeRuneInString(b[j:])
		if ra != rb {
			ua, ub := utf16Units(ra), utf16Units(rb)
			if ua[0] != ub[0] {
				return ua[0] < ub[0]
			}
			return ua[1] < ub[1]
		}
		i += na
		j += nb
	}
	return len(a) < len(b)
}

func utf16Units(r rune) [2]uint16 {
	if r >= 0x10000 {
		r1, r2 := utf16.EncodeRune(r)
		return [2]uint16{uint16(r1), uint16(r2)}
	}
	return [2]uint16{uint16(r), 0}
}

// str reads a JSON string at s.pos and returns its value.
func (s *scanner) str() (string, error) {
	s.pos++ // "
	start := s.pos
	// Fast path: no escapes.
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		if c == '"' {
			v := string(s.data[start:s.pos])
			s.pos++
			return v, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		s.pos++
	}
	var b []byte
	b = append(b, s.data[start:s.pos]...)
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return string(b), nil
		case c < 0x20:
			return "", s.errorf("control character in string")
		case c == '\\':
			if s.pos+1 >= len(s.data) {
				return "", s.errorf("unterminated escape")
			}
			e := s.data[s.pos+1]
			s.pos += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := s.hex4()
				if !ok {
					return "", s.errorf("bad \\u escape")
				}
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
						s.pos += 2
						if r2, ok = s.hex4(); !ok {
							return "", s.errorf("bad \\u escape")
						}
					}
					r = utf16.DecodeRune(r, r2)
					if r == utf8.RuneError {
						return "", s.errorf("unpaired surrogate in string")
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", s.errorf("bad escape \\%c", e)
			}
		default:
			b = append(b, c)
			s.pos++
		}
	}
	return "", s.errorf("unterminated string")
}

func (s *scanner) hex4() (rune, bool) {
	if s.pos+4 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[s.pos : s.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	s.pos += 4
	return r, true
}

// number reads a JSON number (RFC 8259 grammar) and writes its canonical
// form.
func (s *scanner) number() error {
	start := s.pos
	d := s.data
	if d[s.pos] == '-' {
		s.pos++
	}
	digits := func() int {
		n := 0
		for s.pos < len(d) && d[s.pos] >= '0' && d[s.pos] <= '9' {
			s.pos++
			n++
		}
		return n
	}
	if s.pos < len(d) && d[s.pos] == '0' {
		s.pos++
	} else if digits() == 0 {
		return s.errorf("bad number")
	}
	if s.pos < len(d) && d[s.pos] == '.' {
		s.pos++
		if digits() == 0 {
			return s.errorf("bad number")
		}
	}
	if s.pos < len(d) && (d[s.pos] == 'e' || d[s.pos] == 'E') {
		s.pos++
		if s.pos < len(d) && (d[s.pos] == '+' || d[s.pos] == '-') {
			s.pos++
		}
		if digits() == 0 {
			return s.errorf("bad number")
		}
	}
	lit := string(d[start:s.pos])
	// Integers that are exact doubles print as themselves: skip the float
	// round trip for the common case.
	if isSmallInt(lit) {
		if lit == "-0" {
			lit = "0"
		}
		s.out = append(s.out, lit...)
		return nil
	}
	c, err := canonNumber(lit)
	if err != nil {
		return err
	}
	s.out = append(s.out, c...)
	return nil
}

// isSmallInt reports whether lit is an integer literal below 2^53 in
// magnitude and without a redundant form.
func isSmallInt(lit string) bool {
	t := strings.TrimPrefix(lit, "-")
	if t == "" || len(t) > 15 || (len(t) > 1 && t[0] == '0') {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

// appendString writes s as RFC 8785 §3.2.2.2 says: only ", \ and control
// characters are escaped, with the short forms where JSON has them.
func appendString(out []byte, s string) []byte {
	out = append(out, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		out = append(out, s[start:i]...)
		switch c {
		case '"':
			out = append(out, '\\', '"')
		case '\\':
			out = append(out, '\\', '\\')
		case '\b':
			out = append(out, '\\', 'b')
		case '\f':
			out = append(out, '\\', 'f')
		case '\n':
			out = append(out, '\\', 'n')
		case '\r':
			out = append(out, '\\', 'r')
		case '\t':
			out = append(out, '\\', 't')
		default:
			out = fmt.Appendf(out, `\u%04x`, c)
		}
		start = i + 1
	}
	out = append(out, s[start:]...)
	return append(out, '"')
}

// canonNumber formats a JSON number as ECMAScript's Number.prototype.toString
// does (RFC 8785 §3.2.2.3).
func canonNumber(s string) (string, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", fmt.Errorf("json number %s is not a finite double", s)
	}
	return FormatNumber(f), nil
}

// FormatNumber formats f as ECMAScript does: the shortest decimal that
// round-trips, in exponent form only below 1e-6 or from 1e21.
func FormatNumber(f float64) string {
	if f == 0 {
		return "0" // also for -0
	}
	neg := f < 0
	if neg {
		f = -f
	}
	// Shortest round-trip digits and decimal exponent.
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddddde±xx
	mant, expStr, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expStr)
	n := exp + 1 // position of the decimal point relative to digits
	k := len(digits)
	var out string
	switch {
	case k <= n && n <= 21:
		out = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		out = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		out = "0." + strings.Repeat("0", -n) + digits
	default:
		sign := "+"
		if n-1 < 0 {
			sign = "-"
		}
		x := n - 1
		if x < 0 {
			x = -x
		}
		if k == 1 {
			out = digits + "e" + sign + strconv.Itoa(x)
		} else {
			out = digits[:1] + "." + digits[1:] + "e" + sign + strconv.Itoa(x)
		}
	}
	if neg {
		return "-" + out
	}
	return out
}
