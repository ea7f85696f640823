package core

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/truce-center/truce"
)

// Who calls: bearer tokens (kept hashed) and the member and party a
// token authenticates.

// Caller is an authenticated member and its party, as of the request.
type Caller struct {
	Member truce.Member
	Party  truce.Party
}

// Actor returns the log's record of who acts.
func (c *Caller) Actor() truce.Actor { return truce.Actor{Member: c.Member.ID, Party: c.Party.ID} }

// IsCoordinator reports whether the caller acts for the coordinator.
func (c *Caller) IsCoordinator() bool { return c.Party.Kind == truce.KindCoordinator }

// tokenPrefix marks truce tokens so that secret scanners can find leaked
// ones.
const tokenPrefix = "truce_"

// NewToken returns a fresh bearer token (256 random bits) and its hash.
func NewToken() (token, hash string) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token)
}

func hashToken(token string) string {
	var buf [128]byte // a token's bytes on the stack: every request hashes one
	h := sha256.Sum256(append(buf[:0], token...))
	return hex.EncodeToString(h[:])
}

// Authenticate returns the caller a bearer token belongs to, or an
// EUnauthorized error. Only the token's SHA-256 is looked up, and the
// stored hash is compared in constant time, so neither the map lookup nor
// the comparison leaks the token.
func (c *Center) Authenticate(token string) (*Caller, error) {
	// Built when needed: every request authenticates.
	unauth := func() error { return truce.Errorf(truce.EUnauthorized, "a valid bearer token is required") }
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 100 {
		return nil, unauth()
	}
	h := hashToken(token)
	c.mu.RLock()
	defer c.mu.RUnlock()
	id, ok := memberTokens.Lookup(c.state, h)
	if !ok {
		return nil, unauth()
	}
	m := TMember.Get(c.state, id)
	if m == nil || subtle.ConstantTimeCompare([]byte(m.TokenHash), []byte(h)) != 1 {
		return nil, unauth()
	}
	if m.TokenExpires != nil && !c.now().Before(*m.TokenExpires) {
		return nil, truce.Errorf(truce.EUnauthorized, "the token has expired; ask for a new one")
	}
	p := TParty.Get(c.state, m.PartyID)
	if p == nil {
		return nil, unauth()
	}
	return &Caller{Member: *m, Party: *p}, nil
}

// Caller returns the Caller for a member of the state, or nil.
func (s *State) Caller(memberID string) *Caller {
	m := TMember.Get(s, memberID)
	if m == nil {
		return nil
	}
	p := TParty.Get(s, m.PartyID)
	if p == nil {
		return nil
	}
	return &Caller{Member: *m, Party: *p}
}

// coordinatorID returns the coordinator party's id.
func coordinatorID(v *View) string {
	id := ""
	TParty.Each(v, func(pid string, obj *truce.Party) {
		if obj.Kind == truce.KindCoordinator {
			id = pid
		}
	})
	return id
}
