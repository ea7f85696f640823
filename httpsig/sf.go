package httpsig

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// This file is the part of RFC 8941 (Structured Field Values) that
// signatures need: dictionaries whose members are inner lists of strings
// with parameters (Signature-Input) or byte sequences (Signature,
// Content-Digest).

// Param is one parameter of a signature: an integer, a string, a token or
// a boolean, kept in the order it was given because that order is part of
// the signature base.
type Param struct {
	Name string
	Str  string // for strings and tokens
	Int  int64
	Kind byte // 'i' integer, 's' string, 't' token, 'b' boolean true
}

func (p Param) serialize(b *strings.Builder) {
	b.WriteByte(';')
	b.WriteString(p.Name)
	switch p.Kind {
	case 'i':
		b.WriteByte('=')
		b.WriteString(strconv.FormatInt(p.Int, 10))
	case 's':
		b.WriteByte('=')
		b.WriteString(quote(p.Str))
	case 't':
		b.WriteByte('=')
		b.WriteString(p.Str)
	}
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// member is one dictionary member as signatures use them.
type member struct {
	name  string
	items []string // an inner list of strings
	bytes []byte   // a byte sequence
	isSeq bool
	inner bool
	// component parameters are not supported: every item must be bare.
	params []Param
}

type parser struct {
	s string
	i int
}

var errSyntax = errors.New("malformed structured field")

func (p *parser) eof() bool { return p.i >= len(p.s) }

func (p *parser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.s[p.i]
}

func (p *parser) skipSP() {
	for !p.eof() && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *parser) skipOWS() {
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

func isLCAlpha(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool   { return c >= '0' && c <= '9' }

func (p *parser) key() (string, error) {
	start := p.i
	if c := p.peek(); !isLCAlpha(c) && c != '*' {
		return "", fmt.Errorf("%w: a key must start with a lower-case letter at %d", errSyntax, p.i)
	}
	for !p.eof() {
		c := p.s[p.i]
		if isLCAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '*' {
			p.i++
			continue
		}
		break
	}
	return p.s[start:p.i], nil
}

func (p *parser) str() (string, error) {
	if p.peek() != '"' {
		return "", fmt.Errorf("%w: expected a string at %d", errSyntax, p.i)
	}
	p.i++
	var b strings.Builder
	for !p.eof() {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '\\':
			if p.eof() {
				return "", fmt.Errorf("%w: unterminated escape", errSyntax)
			}
			n := p.s[p.i]
			p.i++
			if n != '"' && n != '\\' {
				return "", fmt.Errorf("%w: bad escape", errSyntax)
			}
			b.WriteByte(n)
		case c == '"':
			return b.String(), nil
		case c < 0x20 || c > 0x7e:
			return "", fmt.Errorf("%w: a string may hold only printable ASCII", errSyntax)
		default:
			b.WriteByte(c)
		}
	}
	return "", fmt.Errorf("%w: unterminated string", errSyntax)
}

func (p *parser) token() (string, error) {
	start := p.i
	c := p.peek()
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '*') {
		return "", fmt.Errorf("%w: expected a token at %d", errSyntax, p.i)
	}
	for !p.eof() {
		c := p.s[p.i]
		if isTchar(c) || c == ':' || c == '/' {
			p.i++
			continue
		}
		break
	}
	return p.s[start:p.i], nil
}

func (p *parser) integer() (int64, error) {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	d := p.i
	for !p.eof() && isDigit(p.s[p.i]) {
		p.i++
	}
	if p.i == d || p.i-d > 15 {
		return 0, fmt.Errorf("%w: bad integer at %d", errSyntax, start)
	}
	if p.peek() == '.' {
		return 0, fmt.Errorf("%w: decimals are not used in signatures", errSyntax)
	}
	return strconv.ParseInt(p.s[start:p.i], 10, 64)
}

func (p *parser) byteSeq() ([]byte, error) {
	if p.peek() != ':' {
		return nil, fmt.Errorf("%w: expected a byte sequence at %d", errSyntax, p.i)
	}
	p.i++
	end := strings.IndexByte(p.s[p.i:], ':')
	if end < 0 {
		return nil, fmt.Errorf("%w: unterminated byte sequence", errSyntax)
	}
	b, err := base64.StdEncoding.DecodeString(p.s[p.i : p.i+end])
	if err != nil {
		return nil, fmt.Errorf("%w: byte sequence is not base64", errSyntax)
	}
	p.i += end + 1
	return b, nil
}

func (p *parser) params() ([]Param, error) {
	var out []Param
	for p.peek() == ';' {
		p.i++
		p.skipSP()
		name, err := p.key()
		if err != nil {
			return nil, err
		}
		for _, q := range out {
			if q.Name == name {
				return nil, fmt.Errorf("%w: parameter %q given twice", errSyntax, name)
			}
		}
		prm := Param{Name: name, Kind: 'b'}
		if p.peek() == '=' {
			p.i++
			switch c := p.peek(); {
			case c == '"':
				prm.Kind = 's'
				prm.Str, err = p.str()
			case c == '-' || isDigit(c):
				prm.Kind = 'i'
				prm.Int, err = p.integer()
			case c == '?':
				return nil, fmt.Errorf("%w: boolean parameters are not used in signatures", errSyntax)
			default:
				prm.Kind = 't'
				prm.Str, err = p.token()
			}
			if err != nil {
				return nil, err
			}
		}
		out = append(out, prm)
	}
	return out, nil
}

// dictionary parses a dictionary whose members are inner lists of strings
// or byte sequences.
func parseDictionary(s string) ([]member, error) {
	p := &parser{s: s}
	p.skipSP()
	var out []member
	for !p.eof() {
		name, err := p.key()
		if err != nil {
			return nil, err
		}
		for _, m := range out {
			if m.name == name {
				return nil, fmt.Errorf("%w: member %q given twice", errSyntax, name)
			}
		}
		if p.peek() != '=' {
			return nil, fmt.Errorf("%w: member %q has no value", errSyntax, name)
		}
		p.i++
		m := member{name: name}
		switch p.peek() {
		case '(':
			p.i++
			m.inner = true
			for {
				p.skipSP()
				if p.peek() == ')' {
					p.i++
					break
				}
				item, err := p.str()
				if err != nil {
					return nil, err
				}
				if p.peek() == ';' {
					return nil, fmt.Errorf("%w: component parameters are not supported", errSyntax)
				}
				m.items = append(m.items, item)
				if c := p.peek(); c != ' ' && c != ')' {
					return nil, fmt.Errorf("%w: expected a space or ')' at %d", errSyntax, p.i)
				}
			}
		case ':':
			m.isSeq = true
			if m.bytes, err = p.byteSeq(); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("%w: member %q is neither an inner list nor a byte sequence", errSyntax, name)
		}
		if m.params, err = p.params(); err != nil {
			return nil, err
		}
		out = append(out, m)
		p.skipOWS()
		if p.eof() {
			break
		}
		if p.peek() != ',' {
			return nil, fmt.Errorf("%w: expected ',' at %d", errSyntax, p.i)
		}
		p.i++
		p.skipOWS()
		if p.eof() {
			return nil, fmt.Errorf("%w: trailing comma", errSyntax)
		}
	}
	return out, nil
}

func isTchar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
