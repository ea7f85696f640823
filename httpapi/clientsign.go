package httpapi

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpsig"
)

// signer signs a Client's writes with a member's key (RFC 9421), dated by
// the center's clock: the offset from this machine's clock is learnt once
// from /v1/health, so a center running on another clock (the
// demonstration's, a test's) accepts the signatures.
type signer struct {
	key    ed25519.PrivateKey
	once   sync.Once
	offset time.Duration
	origin string // the log's origin, the signature's tag
	err    error
	// now, if set, dates signatures instead (tests).
	now func() time.Time
}

// SignWith makes the client sign every write with key. The key must be
// registered for the client's member (Enrol), except for the enrolment
// itself.
func (c *Client) SignWith(key ed25519.PrivateKey) { c.sign = &signer{key: key} }

// SignAt makes signatures carry now() as their created time (tests that
// replay old requests or run the center on a fake clock).
func (c *Client) SignAt(now func() time.Time) {
	if c.sign != nil {
		c.sign.now = now
	}
}

// KeyID returns the id of the key the client signs with, or "".
func (c *Client) KeyID() string {
	if c.sign == nil {
		return ""
	}
	return core.KeyID(c.sign.key.Public().(ed25519.PublicKey))
}

// created returns the signature's created time and the center's origin,
// read once from /v1/health.
func (c *Client) created(ctx context.Context) (int64, string, error) {
	s := c.sign
	s.once.Do(func() {
		var h Health
		req, err := http.NewRequestWithContext(ctx, "GET", c.Base+"/v1/health", nil)
		if err != nil {
			s.err = err
			return
		}
		resp, err := c.HTTP.Do(req)
		if err != nil {
			s.err = err
			return
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			s.err = fmt.Errorf("reading the center's time: %s", resp.Status)
			return
		}
		if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
			s.err = fmt.Errorf("reading the center's time: %w", err)
			return
		}
		s.offset, s.origin = time.Until(h.Time), h.Origin
	})
	if s.err != nil {
		return 0, "", s.err
	}
	if s.now != nil {
		return s.now().Unix(), s.origin, nil
	}
	return time.Now().Add(s.offset).Unix(), s.origin, nil
}

// signRequest adds Content-Digest, Signature-Input and Signature to a
// write.
func (c *Client) signRequest(ctx context.Context, req *http.Request, body []byte) error {
	created, origin, err := c.created(ctx)
	if err != nil {
		return err
	}
	var n [16]byte
	rand.Read(n[:])
	req.Header.Set("Content-Digest", httpsig.ContentDigest(body))
	p := &httpsig.Params{Components: signedComponents, Params: []httpsig.Param{
		{Name: "created", Kind: 'i', Int: created},
		{Name: "nonce", Kind: 's', Str: base64.RawURLEncoding.EncodeToString(n[:])},
		{Name: "keyid", Kind: 's', Str: c.KeyID()},
		{Name: "alg", Kind: 's', Str: "ed25519"},
		{Name: "tag", Kind: 's', Str: origin},
	}}
	in, sig, err := httpsig.Sign(&httpsig.Message{Method: req.Method, Authority: req.URL.Host, Path: req.URL.EscapedPath(),
		Query: req.URL.RawQuery, Header: req.Header}, "truce", p, c.sign.key)
	if err != nil {
		return err
	}
	req.Header.Set("Signature-Input", in)
	req.Header.Set("Signature", sig)
	return nil
}

// Enrol registers the client's key for its member: the request is signed
// with that key, which proves the member holds it.
func (c *Client) Enrol(ctx context.Context) (*members.KeyRegistered, error) {
	if c.sign == nil {
		return nil, errors.New("the client has no key to enrol")
	}
	var out members.KeyRegistered
	pub := c.sign.key.Public().(ed25519.PublicKey)
	err := c.Post(ctx, "/v1/me/key", members.KeyInput{Key: base64.RawURLEncoding.EncodeToString(pub)}, &out)
	return &out, err
}

// RotateKey registers next as the member's key, in a request signed with
// the current one, and signs with next from then on.
func (c *Client) RotateKey(ctx context.Context, next ed25519.PrivateKey) (*members.KeyRegistered, error) {
	if c.sign == nil {
		return nil, errors.New("the client has no current key")
	}
	var out members.KeyRegistered
	pub := next.Public().(ed25519.PublicKey)
	if err := c.Post(ctx, "/v1/me/key", members.KeyInput{Key: base64.RawURLEncoding.EncodeToString(pub)}, &out); err != nil {
		return nil, err
	}
	c.sign = &signer{key: next, now: c.sign.now, offset: c.sign.offset, origin: c.sign.origin, err: c.sign.err}
	c.sign.once.Do(func() {}) // the center's time and origin are known already
	return &out, nil
}

// NewMemberKey makes a member key and writes it to path as PKCS #8 PEM
// with mode 0600, refusing to replace a file.
func NewMemberKey(path string) (ed25519.PrivateKey, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("writing the key: %w", err)
	}
	if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		f.Close()
		return nil, fmt.Errorf("writing the key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return key, f.Close()
}

// LoadMemberKey reads a key written by NewMemberKey. It refuses a file
// others can read.
func LoadMemberKey(path string) (ed25519.PrivateKey, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reading the member key: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the member key %s has mode %v; it must be readable by its owner only (chmod 600)", path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the member key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("the member key %s is not a PEM private key", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("the member key %s: %w", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the member key %s is not an Ed25519 key", path)
	}
	return key, nil
}
