package center

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/ledger"
)

// A commitment keeps a secret out of the public log while binding the
// center to it. The log holds "sha256:" + hex(SHA-256(opening)); the
// opening — {"salt": 32 random bytes, "value": the secret} in canonical
// JSON — is stored beside the log (Tx.PutPayload, keyed by the commitment)
// and shown only to those entitled, who can hash it and compare. The salt
// stops anyone from confirming a guess (a hospital's coordinates, a
// message's text) against the public hash.

type opening struct {
	Salt  string          `json:"salt"`
	Value json.RawMessage `json:"value"`
}

// seal returns the commitment to value and the opening to store beside
// the log.
func seal(value any) (commitment string, payload []byte, err error) {
	v, err := ledger.Canonical(value)
	if err != nil {
		return "", nil, fmt.Errorf("sealing: %w", err)
	}
	var salt [32]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return "", nil, fmt.Errorf("sealing: %w", err)
	}
	payload, err = ledger.Canonical(opening{Salt: base64.StdEncoding.EncodeToString(salt[:]), Value: v})
	if err != nil {
		return "", nil, fmt.Errorf("sealing: %w", err)
	}
	return commitmentOf(payload), payload, nil
}

// commitmentOf is the commitment an opening answers to.
func commitmentOf(payload []byte) string {
	h := sha256.Sum256(payload)
	return "sha256:" + hex.EncodeToString(h[:])
}

// unseal checks that payload opens commitment and decodes its value into
// dst.
func unseal(commitment string, payload []byte, dst any) error {
	if commitmentOf(payload) != commitment {
		return fmt.Errorf("the stored opening does not match commitment %s", commitment)
	}
	var o opening
	if err := json.Unmarshal(payload, &o); err != nil {
		return fmt.Errorf("opening %s: %w", commitment, err)
	}
	if err := strictUnmarshal(o.Value, dst); err != nil {
		return fmt.Errorf("opening %s: %w", commitment, err)
	}
	return nil
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

// withPayloads wraps an act's entry body with the openings to store
// beside the log in the same transaction. It encodes as the body alone.
type withPayloads struct {
	body     any
	payloads map[string][]byte
}

func (w withPayloads) MarshalJSON() ([]byte, error) { return json.Marshal(w.body) }

// Opener returns the stored opening of a commitment, or nil if this
// reader has none (a public replay of the log has none of them).
type Opener func(commitment string) ([]byte, error)

// open returns the opening of commitment as the view sees it: the
// batch's own pending openings first, then the state's opener.
func (v *view) open(commitment string) ([]byte, error) {
	if p, ok := v.payloads[commitment]; ok {
		return p, nil
	}
	if v.base.opener == nil {
		return nil, nil
	}
	return v.base.opener(commitment)
}

// openInto opens commitment into dst. It returns false, and no error,
// when the opening is not available to this replay.
func (v *view) openInto(commitment string, dst any) (bool, error) {
	p, err := v.open(commitment)
	if err != nil || p == nil {
		return false, err
	}
	return true, unseal(commitment, p, dst)
}

// Commitment returns the opening of a commitment to a caller entitled to
// it: the coordinator, or the party whose act made it. Everyone else gets
// ENotFound, as if it did not exist.
func (c *Center) Commitment(caller *Caller, commitment string) ([]byte, error) {
	notFound := truce.Errorf(truce.ENotFound, "no commitment %q that you may open", commitment)
	if !validCommitment(commitment) {
		return nil, notFound
	}
	var rec *Sealed
	c.read(func(s *State) { rec, _ = s.get(kindSealed, commitment).(*Sealed) })
	// Without a seal record, the coordinator may read a signed request's
	// body, kept under the same form of key (credentials.go). A seal of no
	// party ("": a notice a replay could not open) is the coordinator's.
	if (rec == nil && !caller.IsCoordinator()) || (rec != nil && !caller.IsCoordinator() && (rec.Party == "" || caller.Party.ID != rec.Party) && !slices.Contains(rec.Readers, caller.Party.ID)) {
		return nil, notFound
	}
	p, err := c.store.Payload(context.Background(), commitment)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, notFound
	}
	return p, nil
}

const kindSealed = "sealed"

func init() {
	registerKind(kindSealed, func() any { return new(Sealed) })
}

// Sealed records, in the projection, who made a commitment: with the
// coordinator, that party may open it, and so may its readers (the
// parties that are shown what it hides, so that their own verification
// can open it).
type Sealed struct {
	Party    string   `json:"party"`
	Readers  []string `json:"readers,omitempty"`
	LogIndex uint64   `json:"log_index"`
}

// recordSeal notes that entry e committed to commitment on behalf of its
// actor's party, readable also by readers. Appliers of acts that seal call
// it.
func (v *view) recordSeal(commitment string, e *truce.Entry, readers ...string) error {
	return v.recordSealOf(commitment, e, e.Actor.Party, readers...)
}

// recordSealOf is recordSeal for a commitment made on behalf of another
// party than the actor's (a notice to an object's owner), or of none
// ("": only the coordinator may open it).
func (v *view) recordSealOf(commitment string, e *truce.Entry, party string, readers ...string) error {
	if !validCommitment(commitment) {
		return fmt.Errorf("malformed commitment %q", commitment)
	}
	if v.get(kindSealed, commitment) != nil {
		return fmt.Errorf("commitment %s is made twice", commitment)
	}
	v.put(kindSealed, commitment, &Sealed{Party: party, Readers: readers, LogIndex: e.Index})
	return nil
}
