package core

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/internal/strictjson"
	"github.com/truce-center/truce/ledger"
)

// A commitment keeps a secret out of the public log while binding the
// center to it. The log holds "sha256:" + hex(SHA-256(opening)); the
// opening — {"salt": 32 random bytes, "value": the secret} in canonical
// JSON — is stored beside the log (engine.Tx.PutPayload, keyed by the commitment)
// and shown only to those entitled, who can hash it and compare. The salt
// stops anyone from confirming a guess (a hospital's coordinates, a
// message's text) against the public hash.

type opening struct {
	Salt  string          `json:"salt"`
	Value json.RawMessage `json:"value"`
}

// Seal returns the commitment to value and the opening to store beside
// the log.
//
// Its errors are not *truce.Error (EInternal): value does not encode, or
// no randomness could be read.
func Seal(value any) (commitment string, payload []byte, err error) {
	v, err := ledger.Canonical(value)
	if err != nil {
		return "", nil, fmt.Errorf("sealing: %w", err)
	}
	var salt [32]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return "", nil, fmt.Errorf("sealing: %w", err)
	}
	payload = openingOf(salt[:], v)
	return commitmentOf(payload), payload, nil
}

// openingOf is the canonical JSON of opening{salt, v} for a value v
// already in canonical JSON, written out rather than encoded and
// canonicalised again (which read every byte of v twice more): its two
// keys are in canonical order, and base64 needs no escaping.
func openingOf(salt, v []byte) []byte {
	const head, mid = `{"salt":"`, `","value":`
	b := make([]byte, 0, len(head)+base64.StdEncoding.EncodedLen(len(salt))+len(mid)+len(v)+1)
	b = append(b, head...)
	b = base64.StdEncoding.AppendEncode(b, salt)
	b = append(b, mid...)
	b = append(b, v...)
	return append(b, '}')
}

// commitmentOf is the commitment an opening answers to.
func commitmentOf(payload []byte) string {
	h := sha256.Sum256(payload)
	return "sha256:" + hex.EncodeToString(h[:])
}

// unseal checks that payload opens commitment and decodes its value into
// dst, a pointer to a zero value.
func unseal(commitment string, payload []byte, dst any) error {
	if commitmentOf(payload) != commitment {
		return fmt.Errorf("the stored opening does not match commitment %s", commitment)
	}
	// The value read in place decodes as dst only if it is one JSON
	// value; then the opening is the object {"salt", "value"} holding it,
	// and decoding the opening would give the same bytes. Anything else
	// is decoded the general way, into dst made zero again.
	if value, ok := openedValue(payload); ok {
		if r, ok := dst.(CanonicalReader); ok && r.ReadCanonical(value) {
			return nil
		}
		if strictjson.Unmarshal(value, dst) == nil {
			return nil
		}
		reflect.ValueOf(dst).Elem().SetZero()
	}
	var o opening
	if err := json.Unmarshal(payload, &o); err != nil {
		return fmt.Errorf("opening %s: %w", commitment, err)
	}
	if err := strictjson.Unmarshal(o.Value, dst); err != nil {
		return fmt.Errorf("opening %s: %w", commitment, err)
	}
	return nil
}

// CanonicalReader is a sealed value that reads itself from the canonical
// form Seal wrote, without encoding/json (which scans the bytes twice
// before it decodes them): the writer opens every strike's seal as it
// applies the strike. ReadCanonical reports false for anything it does
// not read as a strict decoder would, and leaves the value to it.
type CanonicalReader interface {
	ReadCanonical(value []byte) bool
}

// openedValue returns the value of an opening in the form openingOf
// writes it, which every opening Seal made has: the bytes between the
// salt and the closing brace, found without decoding the whole opening
// as JSON first (at a million objects a strike's opening carries the
// dozens of objects it met, and the writer opens it as it applies the
// entry). ok is false for any other form: unseal decodes it the general
// way, as it does a value found here that is not one JSON value.
func openedValue(payload []byte) (value []byte, ok bool) {
	const head, mid = `{"salt":"`, `","value":`
	rest, ok := bytes.CutPrefix(payload, []byte(head))
	if !ok {
		return nil, false
	}
	end := bytes.IndexByte(rest, '"')
	if end < 0 || !isBase64(rest[:end]) {
		return nil, false
	}
	rest, ok = bytes.CutPrefix(rest[end:], []byte(mid))
	if !ok || len(rest) < 2 || rest[len(rest)-1] != '}' {
		return nil, false
	}
	return rest[:len(rest)-1], true
}

// isBase64 reports whether b holds only the standard base64 alphabet and
// padding (so no escape in a JSON string).
func isBase64(b []byte) bool {
	for _, c := range b {
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/' || c == '=') {
			return false
		}
	}
	return true
}

// validCommitment reports whether s has the form of a commitment.
func validCommitment(s string) bool {
	h, ok := strings.CutPrefix(s, "sha256:")
	if !ok || len(h) != 64 {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}

// WithPayloads wraps an act's entry body with the openings to store
// beside the log in the same transaction. It encodes as the body alone.
type WithPayloads struct {
	Body     any
	Payloads map[string][]byte
}

// MarshalJSON encodes the body alone: the payloads go beside the log.
//
// Its error is the body's encoding error (EInternal).
func (w WithPayloads) MarshalJSON() ([]byte, error) { return json.Marshal(w.Body) }

// Opener returns the stored opening of a commitment, or nil if this
// reader has none (a public replay of the log has none of them).
type Opener func(commitment string) ([]byte, error)

// open returns the opening of commitment as the view sees it: the
// batch's own pending openings first, then the state's opener.
func (v *View) open(commitment string) ([]byte, error) {
	if p, ok := v.payloads[commitment]; ok {
		return p, nil
	}
	if p, ok := v.opened[commitment]; ok {
		return p, nil
	}
	if v.Base.opener == nil {
		return nil, nil
	}
	return v.Base.opener(commitment)
}

// OpenInto opens commitment into dst. It returns false, and no error,
// when the opening is not available to this replay.
//
// Its errors are not *truce.Error (EInternal): the opener's failure, or
// an opening that does not match its commitment or does not decode into
// dst.
func (v *View) OpenInto(commitment string, dst any) (bool, error) {
	return openWith(v.open, commitment, dst)
}

// Commitment returns the opening of a commitment to a caller entitled to
// it: the coordinator, or the party whose act made it. Everyone else gets
// ENotFound, as if it did not exist.
//
// It also returns ENotFound for a malformed commitment or one whose
// opening this store does not hold, and the store's error, as EInternal,
// if reading it fails.
func (c *Center) Commitment(caller *Caller, commitment string) ([]byte, error) {
	notFound := truce.Errorf(truce.ENotFound, "no commitment %q that you may open", commitment)
	if !validCommitment(commitment) {
		return nil, notFound
	}
	var rec *Sealed
	c.Read(func(s *State) { rec = tSealed.Get(s, commitment) })
	// Without a seal record, the coordinator may read a signed request's
	// body, kept under the same form of key (credentials.go). A seal of no
	// party ("": a notice a replay could not open) is the coordinator's.
	if (rec == nil && !caller.IsCoordinator()) || (rec != nil && !caller.IsCoordinator() && (rec.Party == "" || caller.Party.ID != rec.Party) && !slices.Contains(rec.ReadBy(), caller.Party.ID)) {
		return nil, notFound
	}
	p, err := c.Store.Payload(context.Background(), commitment)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, notFound
	}
	return p, nil
}

// Sealed records, in the projection, who made a commitment: with the
// coordinator, that party may open it, and so may its readers (the
// parties that are shown what it hides, so that their own verification
// can open it).
type Sealed struct {
	Party string `json:"party"`
	// Readers is nil for none, else the list kept for every equal one
	// (truce.InternListRef): 8 bytes, not 24, in half a million records
	// at a million objects. Its JSON is the list's, and none for nil, as
	// it was for an empty list.
	Readers  *[]string `json:"readers,omitempty"`
	LogIndex uint64    `json:"log_index"`
}

// ReadBy returns the record's readers (nil for none).
func (s *Sealed) ReadBy() []string {
	if s.Readers == nil {
		return nil
	}
	return *s.Readers
}

// Compact shares the record's party and readers with other records'
// (engine.Compacter: half a million records at a million objects).
func (s *Sealed) Compact() {
	s.Party = truce.Intern(s.Party)
	s.ShareLists()
}

// ShareLists makes the record's readers the array kept for equal lists
// (truce.InternList), as truce.Notification.ShareLists does.
func (s *Sealed) ShareLists() { s.Readers = truce.InternListRef(s.ReadBy()) }

// RecordSeal notes that entry e committed to commitment on behalf of its
// actor's party, readable also by readers. Appliers of acts that seal call
// it.
//
// Its error is not a *truce.Error (EInternal): the commitment is not well
// formed or was recorded before.
func (v *View) RecordSeal(commitment string, e *truce.Entry, readers ...string) error {
	return v.RecordSealOf(commitment, e, e.Actor.Party, readers...)
}

// RecordSealOf is recordSeal for a commitment made on behalf of another
// party than the actor's (a notice to an object's owner), or of none
// ("": only the coordinator may open it).
//
// Its error is RecordSeal's (EInternal).
func (v *View) RecordSealOf(commitment string, e *truce.Entry, party string, readers ...string) error {
	if !validCommitment(commitment) {
		return fmt.Errorf("malformed commitment %q", commitment)
	}
	if tSealed.Get(v, commitment) != nil {
		return fmt.Errorf("commitment %s is made twice", commitment)
	}
	tSealed.Put(v, commitment, &Sealed{Party: party, Readers: truce.InternListRef(readers), LogIndex: e.Index})
	return nil
}

// Public payloads. A public part of an entry too large to carry inline
// (the geometry of a precise shape of many vertices) is kept beside the
// log under its SHA-256 address (ledger.PayloadRef), stored in the same
// transaction as the entry and served to anyone at /log/payload/<hex>.
// The store key is the address with a "public:" prefix, so that the
// public endpoint can never serve an opening or an evidence file.

func publicKey(ref string) string { return "public:" + ref }

// BesideLog returns how an entry carries public bytes: inline when they
// are at most ledger.MaxInline bytes; otherwise by address, with the
// payload to store beside the log.
func BesideLog(data []byte) (inline json.RawMessage, ref string, payloads map[string][]byte) {
	if len(data) <= ledger.MaxInline {
		return data, "", nil
	}
	ref = ledger.PayloadRef(data)
	return nil, ref, map[string][]byte{publicKey(ref): data}
}

// Carry returns body as an act's entry body, with the payloads to store
// beside the log if there are any.
func Carry(body any, payloads map[string][]byte) any {
	if len(payloads) == 0 {
		return body
	}
	return WithPayloads{Body: body, Payloads: payloads}
}

// openPublic returns the public payload an entry refers to, checked
// against its address. Unlike a sealed part, a public payload is
// readable by every replay: one it cannot read fails the replay.
func (v *View) openPublic(ref string) (json.RawMessage, error) {
	p, err := v.open(publicKey(ref))
	if err != nil {
		return nil, fmt.Errorf("reading payload %s: %w", ref, err)
	}
	if p == nil {
		return nil, fmt.Errorf("payload %s is missing", ref)
	}
	if err := ledger.CheckPayload(ref, p); err != nil {
		return nil, err
	}
	return p, nil
}

// PublicPayload returns the public payload at an address, to anyone: the
// entry that refers to it is public. It returns ENotFound for an address
// that is malformed or that no entry of this center refers to, and the
// store's error, as EInternal, if reading it fails.
func (c *Center) PublicPayload(ctx context.Context, ref string) ([]byte, error) {
	if _, err := ledger.ParsePayloadRef(ref); err != nil {
		return nil, truce.Errorf(truce.ENotFound, "%v", err)
	}
	p, err := c.Store.Payload(ctx, publicKey(ref))
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, truce.Errorf(truce.ENotFound, "no payload %s", ref)
	}
	return p, nil
}

// PublicOpener is how a replay outside the center (truce log verify)
// reads public payloads, given a function that fetches one by address;
// every other key is left to open, which may be nil.
func PublicOpener(fetch func(ref string) ([]byte, error), open Opener) Opener {
	return func(key string) ([]byte, error) {
		if ref, ok := strings.CutPrefix(key, "public:"); ok {
			return fetch(ref)
		}
		if open == nil {
			return nil, nil
		}
		return open(key)
	}
}

// PublicPart returns a public part of an entry that besideLog made:
// inline, or read and checked from beside the log.
//
// Its errors are not *truce.Error (EInternal): a part both inline and by
// address, or a payload missing or not matching its address.
func (v *View) PublicPart(inline json.RawMessage, ref string) (json.RawMessage, error) {
	switch {
	case ref == "":
		return inline, nil
	case len(inline) > 0:
		return nil, fmt.Errorf("a part is both inline and at %s", ref)
	}
	return v.openPublic(ref)
}

// Secret is the sealed part of a zone or site.
type Secret struct {
	Name     string          `json:"name,omitempty"`
	Geometry json.RawMessage `json:"geometry"`
	// A zone's altitude band and a site's buffer are sealed too: an
	// answer must never depend on them for a party that may not see the
	// object precisely (older entries carried them in public).
	Altitude *truce.Altitude `json:"altitude,omitempty"`
	BufferM  float64         `json:"buffer_m,omitempty"`
}
