package core

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/snapshot"
	"github.com/truce-center/truce/httpsig"
)

// Signed acts (docs/design/credentials.md): a member with a key signs
// every act it makes (RFC 9421); the writer admits an act only with a
// fresh signature and an unused nonce, the entry keeps the signed
// request, and a replay checks each signature with the key the member had
// at that point of the log.

// SignatureMaxAge bounds how far a signature's created time may be from
// the center's clock when the act is accepted, and from the entry's time
// when the log is verified. With the nonce, it stops a signed request
// from being replayed.
const SignatureMaxAge = 5 * time.Minute

// unsignedTypes are acts the center records about a member without the
// member asking: a read that showed precise coordinates. They carry the
// member as actor but cannot carry its signature.
var unsignedTypes = map[string]bool{TypeAccess: true}

// KeyID is the id of an Ed25519 public key: hex of the first 16 bytes of
// its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	h := sha256.Sum256(pub)
	return hex.EncodeToString(h[:16])
}

// ParseKey decodes a member's public key (base64url of the 32 bytes, as
// WebCrypto and JWK export it; padding tolerated).
//
// Its error is not a *truce.Error (EInternal to truce.ErrorCode) but a
// message for a field: callers name the field in an EInvalid, as
// RegisterKey does.
func ParseKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.RawURLEncoding.DecodeString(trimPad(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("must be a 32-byte Ed25519 public key in base64url")
	}
	return ed25519.PublicKey(b), nil
}

func trimPad(s string) string {
	for len(s) > 0 && s[len(s)-1] == '=' {
		s = s[:len(s)-1]
	}
	return s
}

type signedKey struct{}

type signedAct struct {
	req  *truce.SignedRequest
	body []byte
}

// WithSignedRequest marks ctx as carrying a write whose HTTP signature the
// caller (the HTTP layer) has verified with the member's key, or with the
// key it enrols; the act's entry will carry it, and the body (see
// InlineBodyMax).
func WithSignedRequest(ctx context.Context, req *truce.SignedRequest, body []byte) context.Context {
	return context.WithValue(ctx, signedKey{}, &signedAct{req: req, body: body})
}

// unsignedCtx is ctx without the signed request: for the center's own
// records made while serving a request (access records), which must not
// take the request's signature, nor spend its nonce, a second time.
func unsignedCtx(ctx context.Context) context.Context {
	return context.WithValue(ctx, signedKey{}, (*signedAct)(nil))
}

func SignedFrom(ctx context.Context) *signedAct {
	s, _ := ctx.Value(signedKey{}).(*signedAct)
	return s
}

// InlineBodyMax is the largest request body an entry carries itself
// (base64): bodies of acts that seal nothing, up to this size, are part
// of the public record, so that anyone verifying the log checks them
// against the signed digest. Larger ones, and those of acts that seal a
// secret, are kept beside the log.
const InlineBodyMax = 2048

// record returns the entry's record of the signed request, with the body
// inline when it may be, and otherwise keeps the body beside the log,
// returning its key (when this batch added it).
func (s *signedAct) record(v *View, b any) (*truce.SignedRequest, string) {
	_, seals := b.(WithPayloads)
	if !seals && len(s.body) <= InlineBodyMax {
		req := *s.req
		req.Body = base64.StdEncoding.EncodeToString(s.body)
		return &req, ""
	}
	k := RequestBodyKey(s.body)
	if v.payloads[k] != nil {
		return s.req, ""
	}
	v.keepPayload(k, s.body)
	return s.req, k
}

// RequestBodyKey is where a signed request's body is kept beside the log:
// "sha256:" and the hex SHA-256 of the body, the same digest the signed
// Content-Digest carries.
func RequestBodyKey(body []byte) string {
	h := sha256.Sum256(body)
	return "sha256:" + hex.EncodeToString(h[:])
}

// admitSigned decides, in the writer, whether an act may be written as
// signed (or unsigned) by its actor: a member with a key must sign every
// act it makes, with that key, at most SignatureMaxAge from now, with a
// nonce the log has not seen. The signature itself was verified by the
// HTTP layer, in parallel; here only what needs the log's order is
// checked.
func (c *Center) admitSigned(v *View, r *writeReq, typ string, b any) error {
	m := TMember.Get(v, r.actor.Member)
	if r.signed == nil {
		if m != nil && m.MustSign() && !unsignedTypes[typ] {
			return truce.Errorf(truce.EUnauthorized, "member %s has enrolled a key: its writes must be signed (RFC 9421)", m.ID)
		}
		return nil
	}
	if m == nil {
		return truce.Errorf(truce.EUnauthorized, "only a member signs its acts")
	}
	want := m.KeyID
	if kb, ok := b.(KeyBody); ok && typ == TypeMemberKey && want == "" {
		want = kb.KeyID // enrolment: signed with the key it registers
	}
	if want == "" || r.signed.req.KeyID != want {
		return truce.Errorf(truce.EUnauthorized, "the request is signed with key %q, which is not member %s's key", r.signed.req.KeyID, m.ID)
	}
	p, err := httpsig.ParseParams(r.signed.req.Params)
	if err != nil {
		return truce.Errorf(truce.EUnauthorized, "signature parameters: %v", err)
	}
	created, _ := p.Int("created")
	now := c.now()
	if d := now.Sub(time.Unix(created, 0)); d > SignatureMaxAge || d < -SignatureMaxAge {
		return truce.Errorf(truce.EUnauthorized, "the signature was created %s, more than %s from the center's time %s", time.Unix(created, 0).UTC().Format(time.RFC3339), SignatureMaxAge, now.Format(time.RFC3339))
	}
	nk := nonceKey(r.signed.req.KeyID, p.Str("nonce"))
	if _, seen := c.nonces[nk]; seen {
		return truce.Errorf(truce.EUnauthorized, "this signed request was already used: a nonce is good once")
	}
	if c.nonces == nil {
		c.nonces = map[string]time.Time{}
	}
	c.nonces[nk] = time.Unix(created, 0) // at once, so that the same batch cannot take it twice
	return nil
}

func nonceKey(keyID, nonce string) string { return keyID + " " + nonce }

// rememberedNonces copies the nonces the center remembers, for a
// snapshot. Like every use of them, it runs in the writer goroutine or
// after the writer stopped.
func (c *Center) rememberedNonces() *snapshot.Nonces {
	n := &snapshot.Nonces{Keys: make([]string, 0, len(c.nonces)), Created: make([]int64, 0, len(c.nonces))}
	for k, t := range c.nonces {
		n.Keys = append(n.Keys, k)
		n.Created = append(n.Created, t.Unix())
	}
	return n
}

// takeNonces remembers the nonces of a snapshot that reflects the first
// size entries; loadNonces then reads only the entries after them. A
// snapshot without nonces (nil) leaves loadNonces to read them all.
func (c *Center) takeNonces(n *snapshot.Nonces, size uint64) {
	if n == nil {
		return
	}
	c.nonces = make(map[string]time.Time, len(n.Keys))
	for i, k := range n.Keys {
		c.nonces[k] = time.Unix(n.Created[i], 0)
	}
	c.noncesKept, c.noncesFrom = len(c.nonces), size
}

// noteNonces remembers the nonces of committed entries, from this node
// or another, and forgets those too old to be accepted again. Only the
// writer goroutine calls it.
func (c *Center) noteNonces(entries []*truce.Entry) {
	if c.nonces == nil {
		c.nonces = map[string]time.Time{}
	}
	for _, e := range entries {
		if e.Request == nil {
			continue
		}
		p, err := httpsig.ParseParams(e.Request.Params)
		if err != nil {
			continue
		}
		created, _ := p.Int("created")
		c.nonces[nonceKey(e.Request.KeyID, p.Str("nonce"))] = time.Unix(created, 0)
	}
	if len(c.nonces) > 2*c.noncesKept+1024 {
		cutoff := c.now().Add(-2 * SignatureMaxAge)
		for k, t := range c.nonces {
			if t.Before(cutoff) {
				delete(c.nonces, k)
			}
		}
		c.noncesKept = len(c.nonces)
	}
}

// actCheck is one signature the replay verifies: the entry, the key and
// what was signed.
type actCheck struct {
	index uint64
	pub   ed25519.PublicKey
	msg   *httpsig.Message
	sig   *httpsig.Signature
}

// checkAct checks, before entry e is applied, that it is signed as the
// log's rules require, with the key its member had at that moment:
// members with a key sign every act they make; the signature covers the
// request's method, path, query and Content-Digest; its created time is
// within SignatureMaxAge of the entry's; its nonce was never used before
// in the log; the request body kept beside the log, when this replay can
// read it, matches the digest. It returns the signature to verify (done
// in parallel by the caller), or nil for an unsigned act.
func (r *Replayer) checkAct(e *truce.Entry) (*actCheck, error) {
	m := TMember.Get(r.v, e.Actor.Member)
	if e.Request == nil {
		if m != nil && m.MustSign() && !unsignedTypes[e.Type] {
			return nil, fmt.Errorf("entry %d (%s): member %s had enrolled key %q but the act is not signed by it", e.Index, e.Type, m.ID, m.KeyID)
		}
		return nil, nil
	}
	q := e.Request
	if m == nil {
		return nil, fmt.Errorf("entry %d (%s): a signed act must be a member's", e.Index, e.Type)
	}
	key, kid := m.Key, m.KeyID
	if kid == "" && e.Type == TypeMemberKey {
		var b KeyBody
		if err := Body(e, &b); err == nil {
			key, kid = b.Key, b.KeyID
		}
	}
	if kid == "" || q.KeyID != kid {
		return nil, fmt.Errorf("entry %d (%s): signed with key %q, but member %s's key at that moment is %q", e.Index, e.Type, q.KeyID, m.ID, kid)
	}
	pub, err := ParseKey(key)
	if err != nil {
		return nil, fmt.Errorf("entry %d (%s): member %s's key: %w", e.Index, e.Type, m.ID, err)
	}
	origin := ""
	if info := TCenter.Get(r.v, "center"); info != nil { // the run's view: entry 0 may be in it
		origin = info.Origin
	}
	check, p, err := prepareAct(e, pub, origin)
	if err != nil {
		return nil, err
	}
	nk := nonceKey(q.KeyID, p.Str("nonce"))
	if first, seen := r.nonces[nk]; seen {
		return nil, fmt.Errorf("entry %d (%s): the signed request's nonce was already used by entry %d: a replayed request", e.Index, e.Type, first)
	}
	r.nonces[nk] = e.Index
	if err := r.checkBody(q); err != nil {
		return nil, fmt.Errorf("entry %d (%s): %w", e.Index, e.Type, err)
	}
	return check, nil
}

// prepareAct checks what an entry's signed request must say — the covered
// components, the key id, a nonce, the log's origin as tag, a created
// time within SignatureMaxAge of the entry's — and returns the signature
// to verify with pub.
func prepareAct(e *truce.Entry, pub ed25519.PublicKey, origin string) (*actCheck, *httpsig.Params, error) {
	q := e.Request
	if q.KeyID != KeyID(pub) {
		return nil, nil, fmt.Errorf("entry %d (%s): signed with key %q, not with key %q", e.Index, e.Type, q.KeyID, KeyID(pub))
	}
	p, err := httpsig.ParseParams(q.Params)
	if err != nil {
		return nil, nil, fmt.Errorf("entry %d (%s): signature parameters: %w", e.Index, e.Type, err)
	}
	for _, c := range []string{"@method", "@path", "@query", "content-digest"} {
		if !p.Covers(c) {
			return nil, nil, fmt.Errorf("entry %d (%s): the signature does not cover %s", e.Index, e.Type, c)
		}
	}
	if p.Str("keyid") != q.KeyID || p.Str("nonce") == "" {
		return nil, nil, fmt.Errorf("entry %d (%s): the signature lacks the entry's keyid or a nonce", e.Index, e.Type)
	}
	if p.Str("tag") != origin {
		return nil, nil, fmt.Errorf("entry %d (%s): the request was signed for the log %q, not for this log %q", e.Index, e.Type, p.Str("tag"), origin)
	}
	created, ok := p.Int("created")
	if d := e.Time.Sub(time.Unix(created, 0)); !ok || d > SignatureMaxAge || d < -SignatureMaxAge {
		return nil, nil, fmt.Errorf("entry %d (%s): signed at %s but logged at %s: a replayed or stale request", e.Index, e.Type,
			time.Unix(created, 0).UTC().Format(time.RFC3339), e.Time.Format(time.RFC3339))
	}
	sig, err := base64.StdEncoding.DecodeString(q.Signature)
	if err != nil {
		return nil, nil, fmt.Errorf("entry %d (%s): the signature is not base64", e.Index, e.Type)
	}
	h := http.Header{}
	h.Set("Content-Digest", q.ContentDigest)
	return &actCheck{index: e.Index, pub: pub,
		msg: &httpsig.Message{Method: q.Method, Path: q.Path, Query: q.Query, Header: h},
		sig: &httpsig.Signature{Params: p, Value: sig}}, p, nil
}

// VerifyActSignature checks, on its own, that entry e of the log origin
// carries a member's signature made with pub (for `truce receipt
// verify`, which has one entry and not the log). Whether pub was the
// member's key at that moment is for the log to say.
//
// Its errors are not *truce.Error (EInternal to truce.ErrorCode): each
// says, naming the entry, why it does not verify — no signature, a key
// other than pub, missing covered components, keyid or nonce, another
// log's tag, a created time more than SignatureMaxAge from the entry's,
// or a signature that does not verify.
func VerifyActSignature(e *truce.Entry, pub ed25519.PublicKey, origin string) error {
	if e.Request == nil {
		return fmt.Errorf("entry %d (%s) carries no member signature", e.Index, e.Type)
	}
	check, _, err := prepareAct(e, pub, origin)
	if err != nil {
		return err
	}
	return verifyActs([]*actCheck{check})
}

// checkBody checks the request body, carried by the entry or kept beside
// the log (when this replay can read it), against the signed digest.
func (r *Replayer) checkBody(q *truce.SignedRequest) error {
	hexDigest, err := digestHex(q.ContentDigest)
	if err != nil {
		return err
	}
	if q.Body != "" {
		b, err := base64.StdEncoding.DecodeString(q.Body)
		if err != nil || httpsig.CheckContentDigest(q.ContentDigest, b) != nil {
			return fmt.Errorf("the request body the entry carries does not match the signed Content-Digest")
		}
		return nil
	}
	if r.v.Base.opener == nil {
		return nil
	}
	b, err := r.v.Base.opener("sha256:" + hexDigest)
	if err != nil || b == nil {
		return err
	}
	if httpsig.CheckContentDigest(q.ContentDigest, b) != nil {
		return fmt.Errorf("the request body kept beside the log does not match the signed Content-Digest")
	}
	return nil
}

// digestHex returns the hex SHA-256 of a "sha-256=:…:" Content-Digest.
func digestHex(field string) (string, error) {
	v, ok := strings.CutPrefix(field, "sha-256=:")
	if v, ok2 := strings.CutSuffix(v, ":"); ok && ok2 {
		if b, err := base64.StdEncoding.DecodeString(v); err == nil && len(b) == sha256.Size {
			return hex.EncodeToString(b), nil
		}
	}
	return "", fmt.Errorf("the Content-Digest %q is not one sha-256 digest", field)
}

// verifyActs verifies signatures on every core; the first failure, in
// log order, names its entry.
func verifyActs(checks []*actCheck) error {
	if len(checks) == 0 {
		return nil
	}
	errs := make([]error, len(checks))
	workers := min(runtime.GOMAXPROCS(0), len(checks))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(checks); i += workers {
				c := checks[i]
				if err := httpsig.Verify(c.msg, c.sig, c.pub); err != nil {
					errs[i] = fmt.Errorf("entry %d: the member's signature does not verify: %w", c.index, err)
				}
			}
		}()
	}
	wg.Wait()
	return firstErr(errs)
}

func firstErr(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// loadNonces remembers the nonces of the entries of the last two
// signature windows before the writer starts, so that a request signed
// just before a restart cannot be replayed just after it. A center
// opened from its snapshot has those of the entries the snapshot
// reflects already (takeNonces), and reads only the entries after it.
func (c *Center) loadNonces(ctx context.Context) error {
	size := c.state.LogSize
	if size == 0 {
		return nil
	}
	cutoff := c.state.Last.Add(-2 * SignatureMaxAge)
	const chunk = 256
	for end := size; end > c.noncesFrom; {
		start := max(end-min(end, chunk), c.noncesFrom)
		raws, err := c.Store.Entries(ctx, start, end)
		if err != nil {
			return fmt.Errorf("reading recent entries: %w", err)
		}
		var entries []*truce.Entry
		older := false
		for _, raw := range raws {
			// Only the time and the signed request are needed: the
			// entries are committed, so neither their canonical form nor
			// their body is checked again here (a replay does that).
			var e struct {
				Time    time.Time            `json:"time"`
				Request *truce.SignedRequest `json:"request"`
			}
			if err := json.Unmarshal(raw, &e); err != nil {
				return fmt.Errorf("reading recent entries: %w", err)
			}
			older = older || e.Time.Before(cutoff)
			entries = append(entries, &truce.Entry{Time: e.Time, Request: e.Request})
		}
		c.noteNonces(entries)
		if older {
			return nil
		}
		end = start
	}
	return nil
}

// KeyRecord is who registered a key, and in which entry.
type KeyRecord struct {
	Member   string `json:"member"`
	LogIndex uint64 `json:"log_index"`
}

// TypeMemberKey is the entry that registers a member's key; a replay
// checks its signature with the key it registers (checkAct).
const TypeMemberKey = "member.key"

// KeyBody is the body of a member.key entry.
type KeyBody struct {
	Member string `json:"member"`
	Key    string `json:"key"`
	KeyID  string `json:"key_id"`
}
