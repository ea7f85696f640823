package center

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/truce-center/truce"
)

// Member credentials: token rotation, revocation and expiry, member
// removal, and the member's own Ed25519 key, each a logged act
// (docs/design/credentials.md). Who may: the coordinator for any member,
// a member for the members of its own party; a key only by the member
// itself, signed with that key (proof of possession) or, on rotation,
// with the key it replaces.

// Entry types of this file.
const (
	typeMemberToken       = "member.token"
	typeMemberTokenRevoke = "member.token.revoke"
	typeMemberKeyRevoke   = "member.key.revoke"
	typeMemberRemove      = "member.remove"
)

// mayManage reports whether caller may change member m's credentials:
// the coordinator for anyone, a member for its own party.
func mayManage(caller *Caller, m *truce.Member) bool {
	return caller.IsCoordinator() || caller.Party.ID == m.PartyID
}

// managed returns the member a credential act is about, refusing members
// that do not exist, that the caller may not manage, or that were removed.
func managed(v *view, caller *Caller, id string) (*truce.Member, error) {
	m := tMember.Get(v, id)
	if m == nil || (!mayManage(caller, m) && caller.Member.ID != id) {
		return nil, truce.Errorf(truce.ENotFound, "no member %q that you may manage", id)
	}
	if m.Removed != nil {
		return nil, truce.Errorf(truce.EConflict, "member %s was removed", id)
	}
	return m, nil
}

// TokenInput is the body of POST /v1/members/{id}/token.
type TokenInput struct {
	// ExpiresAt, if set, is when the new token stops working; it must be
	// in the future.
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// TokenIssued is the answer to a token rotation: the only time the new
// token is shown.
type TokenIssued struct {
	Member    string     `json:"member"`
	Token     string     `json:"token"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	LogIndex  uint64     `json:"log_index"`
}

type tokenBody struct {
	Member    string     `json:"member"`
	TokenHash string     `json:"token_sha256"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

type memberRef struct {
	Member string `json:"member"`
}

func checkExpiry(c *Center, field string, t *time.Time) (*time.Time, error) {
	if t == nil {
		return nil, nil
	}
	u := t.UTC()
	if !u.After(c.now()) {
		return nil, truce.Invalid([]truce.FieldError{{Field: field, Message: "must be in the future"}})
	}
	return &u, nil
}

// RotateToken gives member id a new token, which replaces the old one at
// once, optionally with an expiry. Returns ENotFound for a member the
// caller may not manage, EConflict for a removed one, EInvalid for an
// expiry not in the future; and the write errors (package doc).
func (svc MemberService) RotateToken(ctx context.Context, caller *Caller, id string, in TokenInput) (*TokenIssued, error) {
	c := svc.c
	exp, err := checkExpiry(c, "expires_at", in.ExpiresAt)
	if err != nil {
		return nil, err
	}
	token, hash := newToken()
	e, err := c.write(ctx, caller.Actor(), func(v *view) (string, any, error) {
		if _, err := managed(v, caller, id); err != nil {
			return "", nil, err
		}
		return typeMemberToken, tokenBody{Member: id, TokenHash: hash, ExpiresAt: exp}, nil
	})
	if err != nil {
		return nil, err
	}
	return &TokenIssued{Member: id, Token: token, ExpiresAt: exp, LogIndex: e.Index}, nil
}

// RevokeToken makes member id's token stop working at once, on every
// node (each checks the projection, kept current from the log). The
// member keeps its key, if any, and acts again once given a new token.
//
// It returns ENotFound if the member does not exist or the caller may not
// manage it (the coordinator, a member of its party, or itself),
// EConflict if it was removed, and the write errors (package doc).
func (svc MemberService) RevokeToken(ctx context.Context, caller *Caller, id string) (uint64, error) {
	c := svc.c
	return memberAct(c, ctx, caller, id, typeMemberTokenRevoke, nil)
}

// RevokeKey unregisters member id's key: its signed writes are refused
// from then on, and it may enrol a new key with its token.
//
// It returns ENotFound if the member does not exist or the caller may not
// manage it, EConflict if it was removed or has no key, and the write
// errors (package doc).
func (svc MemberService) RevokeKey(ctx context.Context, caller *Caller, id string) (uint64, error) {
	c := svc.c
	return memberAct(c, ctx, caller, id, typeMemberKeyRevoke, func(m *truce.Member) error {
		if m.KeyID == "" {
			return truce.Errorf(truce.EConflict, "member %s has no key", id)
		}
		return nil
	})
}

// Remove removes member id: its token and key stop working at
// once; its acts stay in the log. The coordinator's last member cannot be
// removed.
//
// It returns ENotFound if the member does not exist or the caller may not
// manage it, EConflict if it was removed already or is the coordinator's
// last member, and the write errors (package doc).
func (svc MemberService) Remove(ctx context.Context, caller *Caller, id string) (uint64, error) {
	c := svc.c
	return memberAct(c, ctx, caller, id, typeMemberRemove, nil)
}

func memberAct(c *Center, ctx context.Context, caller *Caller, id, typ string, check func(m *truce.Member) error) (uint64, error) {
	e, err := c.write(ctx, caller.Actor(), func(v *view) (string, any, error) {
		m, err := managed(v, caller, id)
		if err != nil {
			return "", nil, err
		}
		if check != nil {
			if err := check(m); err != nil {
				return "", nil, err
			}
		}
		if typ == typeMemberRemove && lastCoordinatorMember(v, m) {
			return "", nil, truce.Errorf(truce.EConflict, "member %s is the coordinator's last member", id)
		}
		return typ, memberRef{Member: id}, nil
	})
	if err != nil {
		return 0, err
	}
	return e.Index, nil
}

func lastCoordinatorMember(v *view, m *truce.Member) bool {
	p := tParty.Get(v, m.PartyID)
	if p == nil || p.Kind != truce.KindCoordinator {
		return false
	}
	last := true
	tMember.Each(v, func(_ string, obj *truce.Member) {
		if o := obj; o.ID != m.ID && o.PartyID == m.PartyID && o.Removed == nil {
			last = false
		}
	})
	return last
}

// KeyInput is the body of POST /v1/me/key.
type KeyInput struct {
	Key string `json:"key"` // base64url Ed25519 public key
}

// KeyRegistered is the answer to a key's registration.
type KeyRegistered struct {
	Member   string `json:"member"`
	KeyID    string `json:"key_id"`
	LogIndex uint64 `json:"log_index"`
}

// RegisterKey registers the caller's own public key, or replaces it. The
// request MUST be signed: with the new key on first enrolment (which
// proves the member holds it), with the current key on rotation. Returns
// EInvalid for a malformed key, EConflict for a key registered before (by
// any member, this one included) or for a removed member, EUnauthorized
// for a request not signed as required; and the write errors (package
// doc).
func (svc MemberService) RegisterKey(ctx context.Context, caller *Caller, in KeyInput) (*KeyRegistered, error) {
	c := svc.c
	pub, err := ParseKey(in.Key)
	if err != nil {
		return nil, truce.Invalid([]truce.FieldError{{Field: "key", Message: err.Error()}})
	}
	if signedFrom(ctx) == nil {
		return nil, truce.Errorf(truce.EUnauthorized, "a key is registered by a request signed with it (RFC 9421)")
	}
	kb := keyBody{Member: caller.Member.ID, Key: base64.RawURLEncoding.EncodeToString(pub), KeyID: KeyID(pub)}
	e, err := c.write(ctx, caller.Actor(), func(v *view) (string, any, error) {
		if _, err := managed(v, caller, caller.Member.ID); err != nil {
			return "", nil, err
		}
		if tKey.Get(v, kb.KeyID) != nil {
			return "", nil, &truce.Error{Code: truce.EConflict, Message: "that key was registered before: a key is registered once; make a new one",
				Fields: []truce.FieldError{{Field: "key", Message: "was registered before"}}}
		}
		return typeMemberKey, kb, nil
	})
	if err != nil {
		return nil, err
	}
	return &KeyRegistered{Member: kb.Member, KeyID: kb.KeyID, LogIndex: e.Index}, nil
}

// StillValid reports whether the credential caller authenticated with
// still works: not revoked, rotated, expired, nor its member removed. A
// long-running answer (the event stream) checks it before each event.
func (svc MemberService) StillValid(caller *Caller) bool {
	c := svc.c
	ok := false
	c.read(func(s *State) {
		m := tMember.Get(s, caller.Member.ID)
		ok = m != nil && m.TokenHash != "" && m.TokenHash == caller.Member.TokenHash &&
			(m.TokenExpires == nil || c.now().Before(*m.TokenExpires))
	})
	return ok
}

// Key returns the public key registered for a member, for the HTTP
// layer's verification; nil if it has none.
func (svc MemberService) Key(id string) (ed25519.PublicKey, string) {
	c := svc.c
	var key, kid string
	c.read(func(s *State) {
		if m := tMember.Get(s, id); m != nil {
			key, kid = m.Key, m.KeyID
		}
	})
	if key == "" {
		return nil, ""
	}
	pub, err := ParseKey(key)
	if err != nil {
		return nil, ""
	}
	return pub, kid
}

// changeMember applies a change to a copy of an existing member.
func changeMember(v *view, id string, change func(m *truce.Member) error) error {
	old := tMember.Get(v, id)
	if old == nil {
		return fmt.Errorf("no member %s", id)
	}
	m := *old
	if err := change(&m); err != nil {
		return err
	}
	tMember.Put(v, id, &m)
	return nil
}

func applyMemberToken(v *view, e *truce.Entry, b *tokenBody) error {
	if len(b.TokenHash) != 64 {
		return fmt.Errorf("bad token hash")
	}
	return changeMember(v, b.Member, func(m *truce.Member) error {
		m.TokenHash, m.TokenExpires = b.TokenHash, b.ExpiresAt
		return nil
	})
}

func applyMemberTokenRevoke(v *view, e *truce.Entry, b *memberRef) error {
	return changeMember(v, b.Member, func(m *truce.Member) error {
		m.TokenHash, m.TokenExpires = "", nil
		return nil
	})
}

func applyMemberKey(v *view, e *truce.Entry, b *keyBody) error {
	pub, err := ParseKey(b.Key)
	if err != nil || KeyID(pub) != b.KeyID || b.Member != e.Actor.Member {
		return fmt.Errorf("bad key registration")
	}
	if tKey.Get(v, b.KeyID) != nil {
		return fmt.Errorf("key %s is registered twice", b.KeyID)
	}
	tKey.Put(v, b.KeyID, &KeyRecord{Member: b.Member, LogIndex: e.Index})
	return changeMember(v, b.Member, func(m *truce.Member) error {
		m.Key, m.KeyID, m.KeyRevoked = b.Key, b.KeyID, false
		return nil
	})
}

func applyMemberKeyRevoke(v *view, e *truce.Entry, b *memberRef) error {
	return changeMember(v, b.Member, func(m *truce.Member) error {
		m.Key, m.KeyID, m.KeyRevoked = "", "", true
		return nil
	})
}

func applyMemberRemove(v *view, e *truce.Entry, b *memberRef) error {
	return changeMember(v, b.Member, func(m *truce.Member) error {
		t := e.Time
		m.TokenHash, m.TokenExpires, m.Key, m.KeyID, m.Removed = "", nil, "", "", &t
		return nil
	})
}
