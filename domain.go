package truce

import (
	"encoding/json"
	"time"
)

// Party kinds (PRODUCT §2). A party's kind decides what its members may do.
const (
	KindCoordinator  = "coordinator"  // runs the center: registers parties, chairs zones, sees everything
	KindParty        = "party"        // a belligerent: notifies activities, endorses zones, acknowledges
	KindHumanitarian = "humanitarian" // notifies protected sites and humanitarian movements
	KindObserver     = "observer"     // files and reviews violation reports
)

// PartyKinds lists every valid party kind, in the order they are documented.
var PartyKinds = []string{KindCoordinator, KindParty, KindHumanitarian, KindObserver}

// Party is an organisation taking part in the center. It is created by the
// coordinator (or by `truce init` for the coordinator itself) and never
// deleted: the log remembers every party that ever acted.
type Party struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	CreatedAt time.Time `json:"created_at"`
	LogIndex  uint64    `json:"log_index"` // the entry that registered it
}

// Member is a person or system acting for a party. It authenticates with
// a bearer token of which the center keeps only the SHA-256 hash.
type Member struct {
	ID        string    `json:"id"`
	PartyID   string    `json:"party_id"`
	Name      string    `json:"name"`
	TokenHash string    `json:"token_sha256"` // hex SHA-256 of the token; the token itself is never stored; "" once revoked
	CreatedAt time.Time `json:"created_at"`
	LogIndex  uint64    `json:"log_index"`
	// TokenExpires, if set, is when the token stops working.
	TokenExpires *time.Time `json:"token_expires_at,omitempty"`
	// Key is the member's Ed25519 public key (base64url, no padding) and
	// KeyID its id; every write of a member with a key must be signed
	// with it (RFC 9421). "" until the member enrols one, and after it is
	// revoked.
	Key   string `json:"key,omitempty"`
	KeyID string `json:"key_id,omitempty"`
	// KeyRevoked is set when its key was revoked: it must enrol a new one
	// before it writes again, and never falls back to unsigned writes.
	KeyRevoked bool `json:"key_revoked,omitempty"`
	// Removed is when the member was removed: it can no longer act, and
	// its acts stay in the log.
	Removed *time.Time `json:"removed_at,omitempty"`
}

// Actor is who performs an act: a member and the party it acts for. The
// zero Actor is the center itself (used by `truce init` and by acts the
// clock causes, such as expiries).
type Actor struct {
	Member string `json:"member,omitempty"`
	Party  string `json:"party,omitempty"`
}

// MustSign reports whether the member's writes must be signed: once it
// has enrolled a key, always.
func (m *Member) MustSign() bool { return m.KeyID != "" || m.KeyRevoked }

// IsCenter reports whether the act is the center's own.
func (a Actor) IsCenter() bool { return a.Member == "" && a.Party == "" }

// Entry is one act in the append-only log. Its canonical JSON encoding is
// the leaf the Merkle tree commits to, so every field here is part of the
// public record: nothing secret may be put in Body (commit to it instead).
type Entry struct {
	Index uint64          `json:"index"` // position in the log, from 0
	Time  time.Time       `json:"time"`  // the center's clock when the act was accepted (UTC)
	Type  string          `json:"type"`  // what kind of act, e.g. "party.register"
	Actor Actor           `json:"actor"`
	Body  json.RawMessage `json:"body"`
	// Request is the member's own signature of the HTTP request that made
	// the act, for members that have a key; nil for acts of the center and
	// of members without one.
	Request *SignedRequest `json:"request,omitempty"`
}

// SignedRequest is what a verifier needs to check, with the member's key
// at that moment, that the member sent the request that made an act: the
// covered parts of the request (RFC 9421 components "@method", "@path",
// "@query", "content-digest"), the signature parameters as signed, and
// the signature. A small body of an act that seals nothing is carried
// too; any other is kept beside the log under its digest, like a
// commitment's opening, since it may hold what not every party may read.
type SignedRequest struct {
	KeyID         string `json:"key_id"`
	Method        string `json:"method"`
	Path          string `json:"path"`
	Query         string `json:"query,omitempty"`
	ContentDigest string `json:"content_digest"` // RFC 9530 field value, sha-256
	Params        string `json:"params"`         // the Signature-Input member's value
	Signature     string `json:"signature"`      // base64 (standard) Ed25519 signature
	// Body is the request body (base64), when the act seals nothing and
	// the body is small; otherwise it is kept beside the log.
	Body string `json:"body,omitempty"`
}

// Clock tells the time. It is injected everywhere time matters so that
// deadlines, escalations and expiries are tested without sleeping.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock, in UTC.
type SystemClock struct{}

// Now returns the current time in UTC.
func (SystemClock) Now() time.Time { return time.Now().UTC() }
