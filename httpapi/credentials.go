package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpsig"
)

// Member credentials (docs/design/credentials.md): the routes that
// rotate, revoke and expire tokens, remove members and register keys,
// and the check of RFC 9421 signatures on writes.

func init() { addRoutes(credentialRoutes) }

// LogIndex is the answer to an act that makes nothing new.
type LogIndex struct {
	LogIndex uint64 `json:"log_index"`
}

func credentialRoutes() []route {
	done := func(do func(c *center.Center, r *http.Request, caller *core.Caller, id string) (uint64, error)) func(*Server, http.ResponseWriter, *http.Request) error {
		return act(http.StatusOK, func(c *center.Center, r *http.Request, caller *core.Caller, id string, _ struct{}) (LogIndex, error) {
			i, err := do(c, r, caller, id)
			return LogIndex{LogIndex: i}, err
		})
	}
	return []route{
		{Method: "POST", Path: "/v1/me/key", Summary: "Register or rotate the caller's Ed25519 key; the request is signed with the new key (first time) or the current one",
			Request: members.KeyInput{}, Response: members.KeyRegistered{}, Status: http.StatusCreated,
			Handle: act(http.StatusCreated, func(c *center.Center, r *http.Request, caller *core.Caller, _ string, in members.KeyInput) (*members.KeyRegistered, error) {
				return c.Members().RegisterKey(r.Context(), caller, in)
			})},
		{Method: "POST", Path: "/v1/members/{id}/token", Summary: "Give a member a new token (shown once), replacing the old one; optional expiry (coordinator, or the member's party)",
			Request: members.TokenInput{}, Response: members.TokenIssued{}, Status: http.StatusCreated, Handle: (*Server).rotateToken},
		{Method: "DELETE", Path: "/v1/members/{id}/token", Summary: "Revoke a member's token at once (coordinator, or the member's party)",
			Response: LogIndex{}, Handle: done(func(c *center.Center, r *http.Request, caller *core.Caller, id string) (uint64, error) {
				return c.Members().RevokeToken(r.Context(), caller, id)
			})},
		{Method: "DELETE", Path: "/v1/members/{id}/key", Summary: "Revoke a member's key (coordinator, or the member's party)",
			Response: LogIndex{}, Handle: done(func(c *center.Center, r *http.Request, caller *core.Caller, id string) (uint64, error) {
				return c.Members().RevokeKey(r.Context(), caller, id)
			})},
		{Method: "DELETE", Path: "/v1/members/{id}", Summary: "Remove a member: its token and key stop working at once (coordinator, or the member's party)",
			Response: LogIndex{}, Handle: done(func(c *center.Center, r *http.Request, caller *core.Caller, id string) (uint64, error) {
				return c.Members().Remove(r.Context(), caller, id)
			})},
	}
}

func (s *Server) rotateToken(w http.ResponseWriter, r *http.Request) error {
	var in members.TokenInput
	if r.ContentLength != 0 {
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	t, err := s.c.Members().RotateToken(r.Context(), callerOf(r), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store") // the token is in the body
	writeJSON(w, http.StatusCreated, t)
	return nil
}

// signedComponents are what every signed write must cover.
var signedComponents = []string{"@method", "@path", "@query", "content-digest"}

// maxSignedBody bounds what is read to check a signed body's digest:
// the largest body any route takes (evidence files).
const maxSignedBody = 16 << 20

// isWrite reports whether a request may change state: everything but GET
// and HEAD. Members with a key sign all of them.
func isWrite(r *http.Request) bool { return r.Method != http.MethodGet && r.Method != http.MethodHead }

// verifySigned checks the RFC 9421 signature of a write. A member with a
// key must sign every write with it; a member without one may sign only
// the registration of its first key, with that key. On success the
// returned request carries the signature and the body for the log, and
// its body can be read again by the handler.
func (s *Server) verifySigned(r *http.Request, caller *core.Caller) (*http.Request, error) {
	sig, err := httpsig.Parse(r.Header)
	if errors.Is(err, httpsig.ErrNoSignature) {
		if caller.Member.MustSign() {
			return nil, truce.Errorf(truce.EUnauthorized, "member %s has enrolled a key: every write must carry an RFC 9421 signature made with it", caller.Member.ID)
		}
		return r, nil
	}
	if err != nil {
		return nil, truce.Errorf(truce.EUnauthorized, "the signature headers are malformed: %v", err)
	}
	for _, c := range signedComponents {
		if !sig.Params.Covers(c) {
			return nil, truce.Errorf(truce.EUnauthorized, "the signature must cover %s", strings.Join(signedComponents, ", "))
		}
	}
	created, ok := sig.Params.Int("created")
	nonce, keyID := sig.Params.Str("nonce"), sig.Params.Str("keyid")
	if !ok || nonce == "" || len(nonce) > 128 || keyID == "" {
		return nil, truce.Errorf(truce.EUnauthorized, "the signature needs created, nonce (at most 128 characters) and keyid parameters")
	}
	if tag := sig.Params.Str("tag"); tag != s.c.Origin() {
		return nil, truce.Errorf(truce.EUnauthorized, "the signature's tag must be this center's log origin %q (from /v1/health), not %q", s.c.Origin(), tag)
	}
	if d := s.c.Now().Sub(time.Unix(created, 0)); d > core.SignatureMaxAge || d < -core.SignatureMaxAge {
		return nil, truce.Errorf(truce.EUnauthorized, "the signature is stale: created %s, the center's time is %s", time.Unix(created, 0).UTC().Format(time.RFC3339), s.c.Now().Format(time.RFC3339))
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxSignedBody+1))
	if err != nil {
		return nil, truce.Errorf(truce.EInvalid, "reading the body: %v", err)
	}
	if len(body) > maxSignedBody {
		return nil, truce.Errorf(truce.ETooLarge, "the body is larger than %d bytes", maxSignedBody)
	}
	digest := r.Header.Get("Content-Digest")
	if digest != httpsig.ContentDigest(body) {
		return nil, &truce.Error{Code: truce.EInvalid, Message: "the body does not match its Content-Digest",
			Fields: []truce.FieldError{{Field: "Content-Digest", Message: "must be sha-256=:<base64 of the body's SHA-256>:"}}}
	}
	pub, kid := s.c.Members().Key(caller.Member.ID)
	if kid == "" && r.Method == http.MethodPost && r.URL.Path == "/v1/me/key" {
		// Enrolment: the request proves possession of the key it registers.
		var in members.KeyInput
		if json.Unmarshal(body, &in) == nil {
			if p, err := core.ParseKey(in.Key); err == nil {
				pub, kid = p, core.KeyID(p)
			}
		}
	}
	if kid == "" || keyID != kid {
		return nil, truce.Errorf(truce.EUnauthorized, "the request is signed with key %q, which is not the caller's key", keyID)
	}
	if err := httpsig.Verify(httpsig.FromRequest(r), sig, pub); err != nil {
		return nil, truce.Errorf(truce.EUnauthorized, "the signature does not verify: %v", err)
	}
	req := &truce.SignedRequest{KeyID: kid, Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		ContentDigest: digest, Params: sig.Params.String(), Signature: base64.StdEncoding.EncodeToString(sig.Value)}
	r = r.WithContext(core.WithSignedRequest(r.Context(), req, body))
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return r, nil
}
