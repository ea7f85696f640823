package httpsig

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// The request and key of RFC 9421 Appendix B.2 (B.1.4's Ed25519 test key,
// given there as a JWK: x is the public key, d the seed).
const (
	rfcSeed   = "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU"
	rfcPublic = "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs"
	rfcInput  = `sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"`
	rfcSig    = `sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:`
	rfcBase   = `"date": Tue, 20 Apr 2021 02:07:55 GMT
"@method": POST
"@path": /foo
"@authority": example.com
"content-type": application/json
"content-length": 18
"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"`
)

func rfcRequest() *Message {
	h := http.Header{}
	h.Set("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
	h.Set("Content-Type", "application/json")
	h.Set("Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:")
	h.Set("Content-Length", "18")
	return &Message{Method: "POST", Authority: "example.com", Path: "/foo", Query: "param=Value&Pet=dog", Header: h}
}

func b64url(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRFC9421B26 checks the RFC's own Ed25519 example: the signature base
// we build is byte for byte the RFC's, its signature verifies with the
// public key, and signing with the seed gives the RFC's signature
// (Ed25519 is deterministic).
func TestRFC9421B26(t *testing.T) {
	m := rfcRequest()
	h := http.Header{}
	h.Set("Signature-Input", strings.TrimPrefix(rfcInput, ""))
	h.Set("Signature", rfcSig)
	s, err := Parse(h)
	if err != nil {
		t.Fatal(err)
	}
	base, err := Base(m, s.Params)
	if err != nil {
		t.Fatal(err)
	}
	if string(base) != rfcBase {
		t.Fatalf("signature base:\n%s\nwant:\n%s", base, rfcBase)
	}
	pub := ed25519.PublicKey(b64url(t, rfcPublic))
	if err := Verify(m, s, pub); err != nil {
		t.Fatalf("the RFC's signature does not verify: %v", err)
	}
	key := ed25519.NewKeyFromSeed(b64url(t, rfcSeed))
	in, sig, err := Sign(m, "sig-b26", s.Params, key)
	if err != nil {
		t.Fatal(err)
	}
	if in != rfcInput || sig != rfcSig {
		t.Fatalf("signing gave\n%s\n%s\nwant the RFC's\n%s\n%s", in, sig, rfcInput, rfcSig)
	}
	// The RFC's Content-Digest: sha-512 of its 18-byte body.
	body := []byte(`{"hello": "world"}`)
	if err := CheckContentDigest(m.Header.Get("Content-Digest"), body); err != nil {
		t.Fatalf("the RFC's Content-Digest: %v", err)
	}
	// Any change to a covered part breaks it.
	for name, change := range map[string]func(m *Message){
		"method":    func(m *Message) { m.Method = "PUT" },
		"path":      func(m *Message) { m.Path = "/bar" },
		"authority": func(m *Message) { m.Authority = "example.org" },
		"header":    func(m *Message) { m.Header.Set("Content-Length", "19") },
	} {
		t.Run(name, func(t *testing.T) {
			m := rfcRequest()
			change(m)
			if err := Verify(m, s, pub); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("verify after changing the %s: %v, want ErrBadSignature", name, err)
			}
		})
	}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(nil)
	body := []byte(`{"kind":"strike"}`)
	m := &Message{Method: "POST", Authority: "127.0.0.1:8080", Path: "/v1/notifications", Header: http.Header{}}
	m.Header.Set("Content-Digest", ContentDigest(body))
	p := &Params{Components: []string{"@method", "@path", "@query", "content-digest"}, Params: []Param{
		{Name: "created", Kind: 'i', Int: 1700000000},
		{Name: "nonce", Kind: 's', Str: "abc"},
		{Name: "keyid", Kind: 's', Str: "k1"},
		{Name: "alg", Kind: 's', Str: "ed25519"},
	}}
	in, sig, err := Sign(m, "truce", p, key)
	if err != nil {
		t.Fatal(err)
	}
	m.Header.Set("Signature-Input", in)
	m.Header.Set("Signature", sig)
	s, err := Parse(m.Header)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(m, s, pub); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Params.Int("created"); c != 1700000000 || s.Params.Str("nonce") != "abc" || s.Params.Str("keyid") != "k1" {
		t.Fatalf("parameters: %+v", s.Params)
	}
	q, err := ParseParams(s.Params.String())
	if err != nil || q.String() != p.String() {
		t.Fatalf("ParseParams(%q) = %v, %v", s.Params.String(), q, err)
	}
	if err := CheckContentDigest(m.Header.Get("Content-Digest"), body); err != nil {
		t.Fatal(err)
	}
	if err := CheckContentDigest(m.Header.Get("Content-Digest"), []byte(`{"kind":"flight"}`)); !errors.Is(err, ErrDigestMismatch) {
		t.Fatalf("changed body: %v", err)
	}
	m.Query = "x=1"
	if err := Verify(m, s, pub); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("changed query: %v", err)
	}
	other, _, _ := ed25519.GenerateKey(nil)
	m.Query = ""
	if err := Verify(m, s, other); !errors.Is(err, ErrBadSignature) {
		t.Fatalf("other key: %v", err)
	}
}

func TestParseRefuses(t *testing.T) {
	for name, c := range map[string][2]string{
		"none":              {"", ""},
		"two signatures":    {`a=("@method");created=1, b=("@method");created=1`, `a=:AA==:, b=:AA==:`},
		"labels differ":     {`a=("@method")`, `b=:AA==:`},
		"not base64":        {`a=("@method")`, `a=:!!:`},
		"unterminated":      {`a=("@method"`, `a=:AA==:`},
		"bad created":       {`a=("@method");created="x"`, `a=:AA==:`},
		"duplicate param":   {`a=("@method");created=1;created=2`, `a=:AA==:`},
		"duplicate comp":    {`a=("@method" "@method")`, `a=:AA==:`},
		"component params":  {`a=("content-digest";sf)`, `a=:AA==:`},
		"trailing comma":    {`a=("@method"),`, `a=:AA==:`},
		"upper case label":  {`A=("@method")`, `A=:AA==:`},
		"signature is list": {`a=("@method")`, `a=("x")`},
	} {
		t.Run(name, func(t *testing.T) {
			h := http.Header{}
			if c[0] != "" {
				h.Set("Signature-Input", c[0])
			}
			if c[1] != "" {
				h.Set("Signature", c[1])
			}
			if _, err := Parse(h); err == nil {
				t.Fatalf("Parse(%q, %q) accepted it", c[0], c[1])
			}
		})
	}
}

func TestContentDigestRefuses(t *testing.T) {
	for _, f := range []string{"", "md5=:AA==:", "sha-256=AA", "sha-256=:AA==:", "sha-256=:" + strings.Repeat("A", 43) + "=:"} {
		if err := CheckContentDigest(f, []byte("x")); err == nil {
			t.Errorf("CheckContentDigest(%q) accepted", f)
		}
	}
}
