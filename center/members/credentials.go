package members

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
)

// Member credentials: token rotation, revocation and expiry, member
// removal, and the member's own Ed25519 key, each a logged act
// (docs/design/credentials.md). Who may: the coordinator for any member,
// a member for the members of its own party; a key only by the member
// itself, signed with that key (proof of possession) or, on rotation,
// with the key it replaces.

// Entry types of this file.
const (
	TypeMemberToken       = "member.token"
	TypeMemberTokenRevoke = "member.token.revoke"
	TypeMemberKeyRevoke   = "member.key.revoke"
	TypeMemberRemove      = "member.remove"
)

// mayManage reports whether caller may change member m's credentials:
// the coordinator for anyone, a member for its own party.
func mayManage(caller *core.Caller, m *truce.Member) bool {
	return caller.IsCoordinator() || caller.Party.ID == m.PartyID
}

// managed returns the member a credential act is about, refusing members
// that do not exist, that the caller may not manage, or that were removed.
func managed(v *core.View, caller *core.Caller, id string) (*truce.Member, error) {
	m := core.TMember.Get(v, id)
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

func checkExpiry(c *core.Center, field string, t *time.Time) (*time.Time, error) {
	if t == nil {
		return nil, nil
	}
	u := t.UTC()
	if !u.After(c.Now()) {
		return nil, truce.Invalid([]truce.FieldError{{Field: field, Message: "must be in the future"}})
	}
	return &u, nil
}

// RotateToken gives member id a new token, which replaces the old one at
// once, optionally with an expiry. Returns ENotFound for a member the
// caller may not manage, EConflict for a removed one, EInvalid for an
// expiry not in the future; and the write errors (package doc).
func (svc MemberService) RotateToken(ctx context.Context, caller *core.Caller, id string, in TokenInput) (*TokenIssued, error) {
	c := svc.C
	exp, err := checkExpiry(c, "expires_at", in.ExpiresAt)
	if err != nil {
		return nil, err
	}
	token, hash := core.NewToken()
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		if _, err := managed(v, caller, id); err != nil {
			return "", nil, err
		}
		return TypeMemberToken, tokenBody{Member: id, TokenHash: hash, ExpiresAt: exp}, nil
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
func (svc MemberService) RevokeToken(ctx context.Context, caller *core.Caller, id string) (uint64, error) {
	c := svc.C
	return memberAct(c, ctx, caller, id, TypeMemberTokenRevoke, nil)
}

// RevokeKey unregisters member id's key: its signed writes are refused
// from then on, and it may enrol a new key with its token.
//
// It returns ENotFound if the member does not exist or the caller may not
// manage it, EConflict if it was removed or has no key, and the write
// errors (package doc).
func (svc MemberService) RevokeKey(ctx context.Context, caller *core.Caller, id string) (uint64, error) {
	c := svc.C
	return memberAct(c, ctx, caller, id, TypeMemberKeyRevoke, func(m *truce.Member) error {
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
func (svc MemberService) Remove(ctx context.Context, caller *core.Caller, id string) (uint64, error) {
	c := svc.C
	return memberAct(c, ctx, caller, id, TypeMemberRemove, nil)
}

func memberAct(c *core.Center, ctx context.Context, caller *core.Caller, id, typ string, check func(m *truce.Member) error) (uint64, error) {
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		m, err := managed(v, caller, id)
		if err != nil {
			return "", nil, err
		}
		if check != nil {
			if err := check(m); err != nil {
				return "", nil, err
			}
		}
		if typ == TypeMemberRemove && lastCoordinatorMember(v, m) {
			return "", nil, truce.Errorf(truce.EConflict, "member %s is the coordinator's last member", id)
		}
		return typ, memberRef{Member: id}, nil
	})
	if err != nil {
		return 0, err
	}
	return e.Index, nil
}

func lastCoordinatorMember(v *core.View, m *truce.Member) bool {
	p := core.TParty.Get(v, m.PartyID)
	if p == nil || p.Kind != truce.KindCoordinator {
		return false
	}
	last := true
	core.TMember.Each(v, func(_ string, obj *truce.Member) {
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
func (svc MemberService) RegisterKey(ctx context.Context, caller *core.Caller, in KeyInput) (*KeyRegistered, error) {
	c := svc.C
	pub, err := core.ParseKey(in.Key)
	if err != nil {
		return nil, truce.Invalid([]truce.FieldError{{Field: "key", Message: err.Error()}})
	}
	if core.SignedFrom(ctx) == nil {
		return nil, truce.Errorf(truce.EUnauthorized, "a key is registered by a request signed with it (RFC 9421)")
	}
	kb := core.KeyBody{Member: caller.Member.ID, Key: base64.RawURLEncoding.EncodeToString(pub), KeyID: core.KeyID(pub)}
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		if _, err := managed(v, caller, caller.Member.ID); err != nil {
			return "", nil, err
		}
		if core.TKey.Get(v, kb.KeyID) != nil {
			return "", nil, &truce.Error{Code: truce.EConflict, Message: "that key was registered before: a key is registered once; make a new one",
				Fields: []truce.FieldError{{Field: "key", Message: "was registered before"}}}
		}
		return core.TypeMemberKey, kb, nil
	})
	if err != nil {
		return nil, err
	}
	return &KeyRegistered{Member: kb.Member, KeyID: kb.KeyID, LogIndex: e.Index}, nil
}

// StillValid reports whether the credential caller authenticated with
// still works: not revoked, rotated, expired, nor its member removed. A
// long-running answer (the event stream) checks it before each event.
func (svc MemberService) StillValid(caller *core.Caller) bool {
	c := svc.C
	ok := false
	c.Read(func(s *core.State) {
		m := core.TMember.Get(s, caller.Member.ID)
		ok = m != nil && m.TokenHash != "" && m.TokenHash == caller.Member.TokenHash &&
			(m.TokenExpires == nil || c.Now().Before(*m.TokenExpires))
	})
	return ok
}

// Key returns the public key registered for a member, for the HTTP
// layer's verification; nil if it has none.
func (svc MemberService) Key(id string) (ed25519.PublicKey, string) {
	c := svc.C
	var key, kid string
	c.Read(func(s *core.State) {
		if m := core.TMember.Get(s, id); m != nil {
			key, kid = m.Key, m.KeyID
		}
	})
	if key == "" {
		return nil, ""
	}
	pub, err := core.ParseKey(key)
	if err != nil {
		return nil, ""
	}
	return pub, kid
}

// changeMember applies a change to a copy of an existing member.
func changeMember(v *core.View, id string, change func(m *truce.Member) error) error {
	old := core.TMember.Get(v, id)
	if old == nil {
		return fmt.Errorf("no member %s", id)
	}
	m := *old
	if err := change(&m); err != nil {
		return err
	}
	core.TMember.Put(v, id, &m)
	return nil
}

// ApplyMemberToken is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyMemberToken(v *core.View, e *truce.Entry, b *tokenBody) error {
	if len(b.TokenHash) != 64 {
		return fmt.Errorf("bad token hash")
	}
	return changeMember(v, b.Member, func(m *truce.Member) error {
		m.TokenHash, m.TokenExpires = b.TokenHash, b.ExpiresAt
		return nil
	})
}

// ApplyMemberTokenRevoke is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyMemberTokenRevoke(v *core.View, e *truce.Entry, b *memberRef) error {
	return changeMember(v, b.Member, func(m *truce.Member) error {
		m.TokenHash, m.TokenExpires = "", nil
		return nil
	})
}

// ApplyMemberKey is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyMemberKey(v *core.View, e *truce.Entry, b *core.KeyBody) error {
	pub, err := core.ParseKey(b.Key)
	if err != nil || core.KeyID(pub) != b.KeyID || b.Member != e.Actor.Member {
		return fmt.Errorf("bad key registration")
	}
	if core.TKey.Get(v, b.KeyID) != nil {
		return fmt.Errorf("key %s is registered twice", b.KeyID)
	}
	core.TKey.Put(v, b.KeyID, &core.KeyRecord{Member: b.Member, LogIndex: e.Index})
	return changeMember(v, b.Member, func(m *truce.Member) error {
		m.Key, m.KeyID, m.KeyRevoked = b.Key, b.KeyID, false
		return nil
	})
}

// ApplyMemberKeyRevoke is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyMemberKeyRevoke(v *core.View, e *truce.Entry, b *memberRef) error {
	return changeMember(v, b.Member, func(m *truce.Member) error {
		m.Key, m.KeyID, m.KeyRevoked = "", "", true
		return nil
	})
}

// ApplyMemberRemove is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyMemberRemove(v *core.View, e *truce.Entry, b *memberRef) error {
	return changeMember(v, b.Member, func(m *truce.Member) error {
		t := e.Time
		m.TokenHash, m.TokenExpires, m.Key, m.KeyID, m.Removed = "", nil, "", "", &t
		return nil
	})
}
