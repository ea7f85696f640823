package members

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
)

// Entry types of this file.
const (
	TypePartyRegister  = "party.register"
	TypeMemberRegister = "member.register"
)

// Fresh is Center.Fresh.
//
// Its errors are Center.Fresh's (EUnavailable, or what Sync returns).
func Fresh(c *core.Center, ctx context.Context) error {
	if _, shared := c.Store.(engine.Notifier); !shared {
		return nil
	}
	size, err := c.Store.Size(ctx)
	if err != nil {
		return truce.Errorf(truce.EUnavailable, "the store is unavailable")
	}
	if size <= c.Size() {
		return nil
	}
	return c.Sync(ctx)
}

// InitResult is what `truce init` prints.
type InitResult struct {
	PartyID  string `json:"party_id"`
	MemberID string `json:"member_id"`
	Token    string `json:"token"`
	LogKey   string `json:"log_key"`
}

type centerInitBody struct {
	Origin string `json:"origin"`
	LogKey string `json:"log_key"`
}

// InitCenter is Center.Init.
//
// Its errors are Center.Init's (EInvalid, EConflict, and the write
// errors).
func InitCenter(c *core.Center, ctx context.Context, logKey, partyName, memberName string) (*InitResult, error) {
	var errs truce.Fields
	partyName, msg := core.CleanName(partyName)
	if msg != "" {
		errs.Add("party_name", "%s", msg)
	}
	memberName, msg = core.CleanName(memberName)
	if msg != "" {
		errs.Add("member_name", "%s", msg)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	_, err := c.Write(ctx, truce.Actor{}, func(v *core.View) (string, any, error) {
		if v.LogSize != 0 {
			return "", nil, truce.Errorf(truce.EConflict, "the center is already initialised (%d entries)", v.LogSize)
		}
		return core.TypeCenterInit, centerInitBody{Origin: c.Signer.Name(), LogKey: logKey}, nil
	})
	if err != nil {
		return nil, err
	}
	party, err := registerParty(c, ctx, truce.Actor{}, PartyInput{Name: partyName, Kind: truce.KindCoordinator})
	if err != nil {
		return nil, err
	}
	mem, err := registerMember(c, ctx, truce.Actor{}, party.ID, MemberInput{Name: memberName})
	if err != nil {
		return nil, err
	}
	return &InitResult{PartyID: party.ID, MemberID: mem.ID, Token: mem.Token, LogKey: logKey}, nil
}

// ApplyCenterInit is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyCenterInit(v *core.View, e *truce.Entry, b *centerInitBody) error {
	if core.TCenter.Get(v, "center") != nil {
		return fmt.Errorf("the center is initialised twice")
	}
	core.TCenter.Put(v, "center", &core.Info{Origin: b.Origin, LogKey: b.LogKey, CreatedAt: e.Time})
	return nil
}

// PartyInput is the body of POST /v1/parties.
type PartyInput struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// RegisterParty registers a party. Only the coordinator may; names are
// unique regardless of case; the coordinator party is made by Init alone.
//
// It returns EForbidden if the caller is not the coordinator, EInvalid
// naming name or kind (a coordinator, or not a party kind), EConflict
// naming name if a party of that name (case folded) exists, and the
// write errors (package doc).
func (svc MemberService) RegisterParty(ctx context.Context, caller *core.Caller, in PartyInput) (*truce.Party, error) {
	c := svc.C
	if !caller.IsCoordinator() {
		return nil, truce.Errorf(truce.EForbidden, "only the coordinator registers parties")
	}
	if in.Kind == truce.KindCoordinator {
		return nil, truce.Invalid([]truce.FieldError{{Field: "kind", Message: "a center has one coordinator party, made by truce init"}})
	}
	return registerParty(c, ctx, caller.Actor(), in)
}

func registerParty(c *core.Center, ctx context.Context, actor truce.Actor, in PartyInput) (*truce.Party, error) {
	var errs truce.Fields
	name, msg := core.CleanName(in.Name)
	if msg != "" {
		errs.Add("name", "%s", msg)
	}
	if !slices.Contains(truce.PartyKinds, in.Kind) {
		errs.Add("kind", "must be one of %s", strings.Join(truce.PartyKinds, ", "))
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	e, err := c.Write(ctx, actor, func(v *core.View) (string, any, error) {
		if v.PartyNamed(name) != "" {
			return "", nil, &truce.Error{Code: truce.EConflict, Message: "a party of that name exists",
				Fields: []truce.FieldError{{Field: "name", Message: "is already registered"}}}
		}
		return TypePartyRegister, PartyInput{Name: name, Kind: in.Kind}, nil
	})
	if err != nil {
		return nil, err
	}
	return partyAt(c, e), nil
}

// partyAt returns the party an entry registered.
func partyAt(c *core.Center, e *truce.Entry) *truce.Party {
	id := partyID(e)
	var p truce.Party
	c.Read(func(s *core.State) { p = *core.TParty.Get(s, id) })
	return &p
}

// partyID derives the party's id from the entry that registers it. Ids
// derived from the log index are unique and need nothing random in the
// applier.
func partyID(e *truce.Entry) string { return fmt.Sprintf("pty_%d", e.Index) }

// ApplyPartyRegister is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyPartyRegister(v *core.View, e *truce.Entry, b *PartyInput) error {
	id := partyID(e)
	if core.TParty.Get(v, id) != nil {
		return fmt.Errorf("party %s exists", id)
	}
	core.TParty.Put(v, id, &truce.Party{ID: id, Name: b.Name, Kind: b.Kind, CreatedAt: e.Time, LogIndex: e.Index})
	return nil
}

// MemberInput is the body of POST /v1/parties/{id}/members.
type MemberInput struct {
	Name string `json:"name"`
	// TokenExpiresAt, if set, is when the member's first token stops
	// working.
	TokenExpiresAt *time.Time `json:"token_expires_at,omitempty"`
}

// MemberCreated is the answer to a member's registration: the only time
// its token is ever shown.
type MemberCreated struct {
	ID       string `json:"id"`
	PartyID  string `json:"party_id"`
	Name     string `json:"name"`
	Token    string `json:"token"`
	LogIndex uint64 `json:"log_index"`
}

type memberBody struct {
	PartyID   string `json:"party_id"`
	Name      string `json:"name"`
	TokenHash string `json:"token_sha256"`
	// TokenExpires is omitted when unset, so entries written before
	// expiries existed keep their canonical form.
	TokenExpires *time.Time `json:"token_expires_at,omitempty"`
}

// Register registers a member of a party and returns its token.
// Only the coordinator may.
//
// It returns EForbidden if the caller is not the coordinator, EInvalid
// naming name or token_expires_at (not in the future), ENotFound if the
// party does not exist, and the write errors (package doc).
func (svc MemberService) Register(ctx context.Context, caller *core.Caller, partyID string, in MemberInput) (*MemberCreated, error) {
	c := svc.C
	if !caller.IsCoordinator() {
		return nil, truce.Errorf(truce.EForbidden, "only the coordinator registers members")
	}
	return registerMember(c, ctx, caller.Actor(), partyID, in)
}

func registerMember(c *core.Center, ctx context.Context, actor truce.Actor, partyID string, in MemberInput) (*MemberCreated, error) {
	name, msg := core.CleanName(in.Name)
	if msg != "" {
		return nil, truce.Invalid([]truce.FieldError{{Field: "name", Message: msg}})
	}
	exp, err := checkExpiry(c, "token_expires_at", in.TokenExpiresAt)
	if err != nil {
		return nil, err
	}
	token, hash := core.NewToken()
	e, err := c.Write(ctx, actor, func(v *core.View) (string, any, error) {
		if core.TParty.Get(v, partyID) == nil {
			return "", nil, truce.Errorf(truce.ENotFound, "no party %q", partyID)
		}
		return TypeMemberRegister, memberBody{PartyID: partyID, Name: name, TokenHash: hash, TokenExpires: exp}, nil
	})
	if err != nil {
		return nil, err
	}
	return &MemberCreated{ID: memberID(e), PartyID: partyID, Name: name, Token: token, LogIndex: e.Index}, nil
}

func memberID(e *truce.Entry) string { return fmt.Sprintf("mbr_%d", e.Index) }

// ApplyMemberRegister is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyMemberRegister(v *core.View, e *truce.Entry, b *memberBody) error {
	if core.TParty.Get(v, b.PartyID) == nil {
		return fmt.Errorf("no party %s", b.PartyID)
	}
	if len(b.TokenHash) != 64 {
		return fmt.Errorf("bad token hash")
	}
	id := memberID(e)
	core.TMember.Put(v, id, &truce.Member{ID: id, PartyID: b.PartyID, Name: b.Name, TokenHash: b.TokenHash, TokenExpires: b.TokenExpires, CreatedAt: e.Time, LogIndex: e.Index})
	return nil
}

// Parties lists every party. Parties are public to members: everyone
// must know who is at the table.
func (svc MemberService) Parties(ctx context.Context, caller *core.Caller) []truce.Party {
	c := svc.C
	var out []truce.Party
	c.ReadSized(ctx, func(s *core.State) { out = ListParties(s) })
	return out
}

func ListParties(s *core.State) []truce.Party {
	out := []truce.Party{}
	for obj := range core.TParty.Values(s) {
		out = append(out, *obj)
	}
	slices.SortFunc(out, func(a, b truce.Party) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
	return out
}

// Party returns one party. Parties are public to members.
//
// It returns ENotFound if there is no such party.
func (svc MemberService) Party(caller *core.Caller, id string) (*truce.Party, error) {
	return core.CopyOf(svc.C, core.TParty, "party", id)
}

// MemberView is a member as the API shows it: never its token hash.
type MemberView struct {
	ID        string    `json:"id"`
	PartyID   string    `json:"party_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	LogIndex  uint64    `json:"log_index"`
	// The state of its credentials (credentials.go), never the secret:
	// "active" while its bearer credential works, "revoked" once it was
	// revoked, "removed" with the member; until when it works; its key's
	// id; when it was removed.
	Access        string     `json:"access,omitempty"`
	AccessExpires *time.Time `json:"access_expires_at,omitempty"`
	KeyID         string     `json:"key_id,omitempty"`
	Removed       *time.Time `json:"removed_at,omitempty"`
}

// List lists a party's members, to the coordinator and to the party
// itself.
//
// It returns ENotFound if the party does not exist, and EForbidden if the
// caller is neither the coordinator nor a member of that party (parties
// are public, so this confirms nothing hidden).
func (svc MemberService) List(ctx context.Context, caller *core.Caller, partyID string) ([]MemberView, error) {
	c := svc.C
	var out []MemberView
	var err error
	c.ReadSized(ctx, func(s *core.State) { out, err = ListMembers(s, caller, partyID) })
	return out, err
}

// ListMembers lists a party's members as caller may see them.
//
// It returns EForbidden unless the caller is the coordinator or a member
// of that party, and ENotFound for a party that does not exist.
func ListMembers(s *core.State, caller *core.Caller, partyID string) ([]MemberView, error) {
	if core.TParty.Get(s, partyID) == nil {
		return nil, truce.Errorf(truce.ENotFound, "no party %q", partyID)
	}
	if !caller.IsCoordinator() && caller.Party.ID != partyID {
		return nil, truce.Errorf(truce.EForbidden, "only the coordinator and the party itself see its members")
	}
	out := []MemberView{}
	for obj := range core.TMember.Values(s) {
		m := obj
		if m.PartyID == partyID {
			out = append(out, MemberView{ID: m.ID, PartyID: m.PartyID, Name: m.Name, CreatedAt: m.CreatedAt, LogIndex: m.LogIndex,
				Access: accessOf(m), AccessExpires: m.TokenExpires, KeyID: m.KeyID, Removed: m.Removed})
		}
	}
	slices.SortFunc(out, func(a, b MemberView) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
	return out, nil
}

func accessOf(m *truce.Member) string {
	switch {
	case m.Removed != nil:
		return "removed"
	case m.TokenHash == "":
		return "revoked"
	}
	return "active"
}

// MemberService is what a center does with members: Center.Members returns it.
type MemberService struct{ C *core.Center }

// partyEvent: everyone at the table sees who joins it (as GET
// /v1/parties does).
func PartyEvent(s *core.State, caller *core.Caller, e *truce.Entry) (any, bool) {
	p := core.TParty.Get(s, partyID(e))
	if p == nil {
		return nil, false
	}
	return p, true
}

// memberEvent: a member's registration, to the coordinator and the
// member's own party (as GET /v1/parties/{id}/members), and never the
// token's hash.
func MemberEvent(s *core.State, caller *core.Caller, e *truce.Entry) (any, bool) {
	m := core.TMember.Get(s, memberID(e))
	if m == nil || (!caller.IsCoordinator() && caller.Party.ID != m.PartyID) {
		return nil, false
	}
	return MemberView{ID: m.ID, PartyID: m.PartyID, Name: m.Name, CreatedAt: m.CreatedAt, LogIndex: m.LogIndex}, true
}
