package httpsig

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Message is what a signature can cover: the request's derived components
// and its header fields. Path is the request target's path as sent
// (already percent-encoded), Query its query string without "?".
type Message struct {
	Method    string
	Authority string // host[:port], lower case
	Scheme    string // for @target-uri; "https" if empty
	Path      string
	Query     string
	Header    http.Header
}

// FromRequest takes the covered parts of a server-side request.
func FromRequest(r *http.Request) *Message {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return &Message{Method: r.Method, Authority: strings.ToLower(r.Host), Scheme: scheme,
		Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Header: r.Header}
}

// Params are a signature's covered components and parameters, in order.
type Params struct {
	Components []string
	Params     []Param
}

// String serializes p as in Signature-Input and the @signature-params line.
func (p *Params) String() string {
	var b strings.Builder
	b.WriteByte('(')
	for i, c := range p.Components {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quote(c))
	}
	b.WriteByte(')')
	for _, q := range p.Params {
		q.serialize(&b)
	}
	return b.String()
}

// Int returns an integer parameter and whether it is there.
func (p *Params) Int(name string) (int64, bool) {
	for _, q := range p.Params {
		if q.Name == name && q.Kind == 'i' {
			return q.Int, true
		}
	}
	return 0, false
}

// Str returns a string parameter, or "".
func (p *Params) Str(name string) string {
	for _, q := range p.Params {
		if q.Name == name && q.Kind == 's' {
			return q.Str
		}
	}
	return ""
}

// Covers reports whether the signature covers component c.
func (p *Params) Covers(c string) bool {
	for _, x := range p.Components {
		if x == c {
			return true
		}
	}
	return false
}

// ParseParams parses a serialized inner list with parameters, as kept in
// a log entry.
func ParseParams(s string) (*Params, error) {
	ms, err := parseDictionary("x=" + s)
	if err != nil {
		return nil, err
	}
	if len(ms) != 1 || !ms[0].inner {
		return nil, fmt.Errorf("%w: not an inner list", errSyntax)
	}
	return checkParams(&Params{Components: ms[0].items, Params: ms[0].params})
}

func checkParams(p *Params) (*Params, error) {
	seen := map[string]bool{}
	for _, c := range p.Components {
		if seen[c] {
			return nil, fmt.Errorf("component %q is covered twice", c)
		}
		seen[c] = true
	}
	for _, q := range p.Params {
		switch q.Name {
		case "created", "expires":
			if q.Kind != 'i' {
				return nil, fmt.Errorf("parameter %s must be an integer", q.Name)
			}
		case "nonce", "keyid", "alg", "tag":
			if q.Kind != 's' {
				return nil, fmt.Errorf("parameter %s must be a string", q.Name)
			}
		}
	}
	return p, nil
}

// Signature is one signature of a request.
type Signature struct {
	Label  string
	Params *Params
	Value  []byte
}

// ErrNoSignature is returned by Parse when the request carries none.
var ErrNoSignature = errors.New("the request carries no Signature-Input and Signature")

// Parse reads the one signature a request carries. Requests with more
// than one signature are refused: truce asks for exactly one.
func Parse(h http.Header) (*Signature, error) {
	in, sig := h.Values("Signature-Input"), h.Values("Signature")
	if len(in) == 0 && len(sig) == 0 {
		return nil, ErrNoSignature
	}
	ins, err := parseDictionary(strings.Join(in, ", "))
	if err != nil {
		return nil, fmt.Errorf("Signature-Input: %w", err)
	}
	sigs, err := parseDictionary(strings.Join(sig, ", "))
	if err != nil {
		return nil, fmt.Errorf("Signature: %w", err)
	}
	if len(ins) != 1 || len(sigs) != 1 {
		return nil, fmt.Errorf("exactly one signature is expected, found %d inputs and %d signatures", len(ins), len(sigs))
	}
	if !ins[0].inner {
		return nil, fmt.Errorf("Signature-Input: %q is not an inner list", ins[0].name)
	}
	if !sigs[0].isSeq || sigs[0].name != ins[0].name {
		return nil, fmt.Errorf("Signature: no byte sequence labelled %q", ins[0].name)
	}
	p, err := checkParams(&Params{Components: ins[0].items, Params: ins[0].params})
	if err != nil {
		return nil, fmt.Errorf("Signature-Input: %w", err)
	}
	return &Signature{Label: ins[0].name, Params: p, Value: sigs[0].bytes}, nil
}

// Base returns the signature base of m for p (RFC 9421 §2.5).
func Base(m *Message, p *Params) ([]byte, error) {
	var b strings.Builder
	for _, c := range p.Components {
		v, err := component(m, c)
		if err != nil {
			return nil, err
		}
		if strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("component %q holds a line break", c)
		}
		b.WriteString(quote(c))
		b.WriteString(": ")
		b.WriteString(v)
		b.WriteByte('\n')
	}
	b.WriteString(`"@signature-params": `)
	b.WriteString(p.String())
	return []byte(b.String()), nil
}

func component(m *Message, c string) (string, error) {
	switch c {
	case "@method":
		return m.Method, nil
	case "@authority":
		return strings.ToLower(m.Authority), nil
	case "@path":
		if m.Path == "" {
			return "/", nil
		}
		return m.Path, nil
	case "@query":
		return "?" + m.Query, nil
	case "@target-uri":
		s := m.Scheme
		if s == "" {
			s = "https"
		}
		u := s + "://" + strings.ToLower(m.Authority) + m.Path
		if m.Query != "" {
			u += "?" + m.Query
		}
		return u, nil
	case "@signature-params":
		return "", errors.New(`"@signature-params" cannot be covered`)
	}
	if strings.HasPrefix(c, "@") {
		return "", fmt.Errorf("derived component %q is not supported", c)
	}
	if c != strings.ToLower(c) {
		return "", fmt.Errorf("component %q must be lower case", c)
	}
	vs := m.Header.Values(c)
	if len(vs) == 0 {
		return "", fmt.Errorf("covered header %q is absent", c)
	}
	trimmed := make([]string, len(vs))
	for i, v := range vs {
		trimmed[i] = strings.TrimSpace(v)
	}
	return strings.Join(trimmed, ", "), nil
}

// Sign signs m with key and returns the Signature-Input and Signature
// header values under label.
func Sign(m *Message, label string, p *Params, key ed25519.PrivateKey) (input, signature string, err error) {
	base, err := Base(m, p)
	if err != nil {
		return "", "", err
	}
	sig := ed25519.Sign(key, base)
	return label + "=" + p.String(), label + "=:" + base64.StdEncoding.EncodeToString(sig) + ":", nil
}

// ErrBadSignature means the signature does not verify with the key.
var ErrBadSignature = errors.New("the signature does not verify")

// Verify checks s over m with pub. It checks the signature alone: the
// caller decides which components must be covered and how fresh created
// must be.
func Verify(m *Message, s *Signature, pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize {
		return errors.New("not an Ed25519 public key")
	}
	if alg := s.Params.Str("alg"); alg != "" && alg != "ed25519" {
		return fmt.Errorf("algorithm %q is not supported", alg)
	}
	base, err := Base(m, s.Params)
	if err != nil {
		return err
	}
	if len(s.Value) != ed25519.SignatureSize || !ed25519.Verify(pub, base, s.Value) {
		return ErrBadSignature
	}
	return nil
}
