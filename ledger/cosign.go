package ledger

// Witness cosignatures (C2SP tlog-cosignature, cosignature/v1 with
// Ed25519), the body of a C2SP tlog-witness add-checkpoint request, the
// witness's decision on it, and policies over cosignatures.
//
// Why our own signer rather than transparency-dev/formats' one: that
// signer reads the wall clock, and truce injects time everywhere (a
// cosignature's timestamp is part of what it signs). The tests check our
// cosignatures with formats' verifier, so the two implementations keep
// each other honest.

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// algCosignatureV1 is the signed-note key type of an Ed25519
// cosignature/v1 key.
const algCosignatureV1 = 0x04

// GenerateCosignerKey returns a new cosignature/v1 Ed25519 key pair named
// name, as signed-note key strings: the private skey
// ("PRIVATE+KEY+name+hash+base64(0x04‖seed)") and the verifier vkey
// ("name+hash+base64(0x04‖public key)").
func GenerateCosignerKey(name string) (skey, vkey string, err error) {
	if !validKeyName(name) {
		return "", "", fmt.Errorf("witness name %q must be non-empty UTF-8 without spaces or '+'", name)
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", "", err
	}
	pk := append([]byte{algCosignatureV1}, pub...)
	h := keyHash(name, pk)
	skey = fmt.Sprintf("PRIVATE+KEY+%s+%08x+%s", name, h, base64.StdEncoding.EncodeToString(append([]byte{algCosignatureV1}, priv.Seed()...)))
	vkey = fmt.Sprintf("%s+%08x+%s", name, h, base64.StdEncoding.EncodeToString(pk))
	return skey, vkey, nil
}

// Cosigner signs checkpoints as a witness: cosignature/v1, a timestamp
// from Now followed by an Ed25519 signature. It is a note.Signer.
type Cosigner struct {
	name string
	hash uint32
	key  ed25519.PrivateKey
	// Now tells the time a cosignature is dated with.
	Now func() time.Time
}

// NewCosigner parses a cosignature/v1 private key as GenerateCosignerKey
// makes it. now tells the time; nil means the system clock.
func NewCosigner(skey string, now func() time.Time) (*Cosigner, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(skey), "PRIVATE+KEY+")
	if !ok {
		return nil, errors.New("not a signed-note private key")
	}
	name, rest, _ := strings.Cut(rest, "+")
	hash16, key64, _ := strings.Cut(rest, "+")
	key, err := base64.StdEncoding.DecodeString(key64)
	if err != nil || len(hash16) != 8 || !validKeyName(name) || len(key) != 1+ed25519.SeedSize || key[0] != algCosignatureV1 {
		return nil, errors.New("not a cosignature/v1 Ed25519 private key")
	}
	priv := ed25519.NewKeyFromSeed(key[1:])
	pk := append([]byte{algCosignatureV1}, priv.Public().(ed25519.PublicKey)...)
	h := keyHash(name, pk)
	if fmt.Sprintf("%08x", h) != hash16 {
		return nil, errors.New("the private key's hash does not match its key")
	}
	if now == nil {
		now = time.Now
	}
	return &Cosigner{name: name, hash: h, key: priv, Now: now}, nil
}

// Name returns the witness's name.
func (s *Cosigner) Name() string { return s.name }

// KeyHash returns the signed-note key hash.
func (s *Cosigner) KeyHash() uint32 { return s.hash }

// VerifierKey returns the witness's verifier key (vkey).
func (s *Cosigner) VerifierKey() string {
	pk := append([]byte{algCosignatureV1}, s.key.Public().(ed25519.PublicKey)...)
	return fmt.Sprintf("%s+%08x+%s", s.name, s.hash, base64.StdEncoding.EncodeToString(pk))
}

// Sign returns timestamp ‖ Ed25519(cosignature/v1 message) over a note's
// text.
func (s *Cosigner) Sign(text []byte) ([]byte, error) {
	t := s.Now().Unix()
	if t < 0 {
		return nil, errors.New("cosigning: the clock is before 1970")
	}
	m, err := cosignedMessage(uint64(t), text)
	if err != nil {
		return nil, err
	}
	sig := binary.BigEndian.AppendUint64(make([]byte, 0, 8+ed25519.SignatureSize), uint64(t))
	return append(sig, ed25519.Sign(s.key, m)...), nil
}

// SignatureLine cosigns a checkpoint note's text and returns the note
// signature line ("— name base64\n") to append to the note.
func (s *Cosigner) SignatureLine(text []byte) (string, error) {
	sig, err := s.Sign(text)
	if err != nil {
		return "", err
	}
	full := binary.BigEndian.AppendUint32(nil, s.hash)
	return "— " + s.name + " " + base64.StdEncoding.EncodeToString(append(full, sig...)) + "\n", nil
}

// cosignedMessage is what a cosignature/v1 signs: a header line, the
// time line, then the checkpoint note's text.
func cosignedMessage(t uint64, text []byte) ([]byte, error) {
	if _, err := ParseCheckpoint(text); err != nil {
		return nil, fmt.Errorf("cosigning: %w", err)
	}
	return fmt.Appendf(nil, "cosignature/v1\ntime %d\n%s", t, text), nil
}

// CosignatureVerifier checks cosignature/v1 Ed25519 signatures of one
// witness. It is a note.Verifier.
type CosignatureVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
	vkey string
}

// NewCosignatureVerifier parses a witness's verifier key. Only Ed25519
// cosignature/v1 keys (type 0x04) are accepted: a plain Ed25519 note key
// signs without a timestamp and would not be a witness's.
func NewCosignatureVerifier(vkey string) (*CosignatureVerifier, error) {
	vkey = strings.TrimSpace(vkey)
	name, rest, _ := strings.Cut(vkey, "+")
	hash16, key64, _ := strings.Cut(rest, "+")
	key, err := base64.StdEncoding.DecodeString(key64)
	if err != nil || len(hash16) != 8 || !validKeyName(name) || len(key) != 1+ed25519.PublicKeySize ||
		base64.StdEncoding.EncodeToString(key) != key64 {
		return nil, fmt.Errorf("%q is not a witness verifier key (name+hash+base64)", vkey)
	}
	if key[0] != algCosignatureV1 {
		return nil, fmt.Errorf("witness key %q is of type %#02x, not a cosignature/v1 Ed25519 key (0x04)", name, key[0])
	}
	h := keyHash(name, key)
	if fmt.Sprintf("%08x", h) != hash16 {
		return nil, fmt.Errorf("witness key %q: the hash %s does not match the key", name, hash16)
	}
	return &CosignatureVerifier{name: name, hash: h, key: ed25519.PublicKey(key[1:]), vkey: vkey}, nil
}

// Name returns the witness's name.
func (v *CosignatureVerifier) Name() string { return v.name }

// KeyHash returns the signed-note key hash.
func (v *CosignatureVerifier) KeyHash() uint32 { return v.hash }

// Key returns the verifier key it was made from.
func (v *CosignatureVerifier) Key() string { return v.vkey }

// Verify checks a cosignature (timestamp ‖ signature) over a note's text.
func (v *CosignatureVerifier) Verify(text, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	m, err := cosignedMessage(binary.BigEndian.Uint64(sig), text)
	if err != nil {
		return false
	}
	return ed25519.Verify(v.key, m, sig[8:])
}

// CosignatureTime returns the time a verified cosignature is dated.
func CosignatureTime(s note.Signature) (time.Time, error) {
	b, err := base64.StdEncoding.DecodeString(s.Base64)
	if err != nil || len(b) != 4+8+ed25519.SignatureSize {
		return time.Time{}, errors.New("not a cosignature/v1 signature")
	}
	return time.Unix(int64(binary.BigEndian.Uint64(b[4:])), 0).UTC(), nil
}

func keyHash(name string, key []byte) uint32 {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte("\n"))
	h.Write(key)
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func validKeyName(name string) bool {
	return name != "" && utf8.ValidString(name) && strings.IndexFunc(name, unicode.IsSpace) < 0 && !strings.Contains(name, "+")
}

// AddCheckpoint is the body of a C2SP tlog-witness add-checkpoint
// request: the size the client believes the witness last cosigned, a
// consistency proof from that size, and the signed checkpoint.
type AddCheckpoint struct {
	Old   int64
	Proof []Hash
	Note  []byte
}

// maxProofLines is the most consistency proof lines a request may carry.
const maxProofLines = 63

// Marshal encodes the request body.
func (a AddCheckpoint) Marshal() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "old %d\n", a.Old)
	for _, h := range a.Proof {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.Write(a.Note)
	return b.Bytes()
}

// ParseAddCheckpoint decodes an add-checkpoint request body. It refuses
// every spelling Marshal would not produce.
func ParseAddCheckpoint(body []byte) (AddCheckpoint, error) {
	var a AddCheckpoint
	line, rest, ok := bytes.Cut(body, []byte("\n"))
	if !ok {
		return a, errors.New("add-checkpoint: no old size line")
	}
	s, ok := strings.CutPrefix(string(line), "old ")
	n, err := strconv.ParseInt(s, 10, 64)
	if !ok || err != nil || n < 0 || strconv.FormatInt(n, 10) != s {
		return a, fmt.Errorf("add-checkpoint: bad old size line %q", line)
	}
	a.Old = n
	for {
		line, rest, ok = bytes.Cut(rest, []byte("\n"))
		if !ok {
			return a, errors.New("add-checkpoint: no empty line before the checkpoint")
		}
		if len(line) == 0 {
			break
		}
		if len(a.Proof) == maxProofLines {
			return a, errors.New("add-checkpoint: more than 63 consistency proof lines")
		}
		h, err := decodeHash(string(line))
		if err != nil {
			return a, fmt.Errorf("add-checkpoint: proof line %d: %w", len(a.Proof)+1, err)
		}
		a.Proof = append(a.Proof, h)
	}
	a.Note = rest
	return a, nil
}

// decodeHash decodes a base64 SHA-256 hash in its one canonical spelling.
func decodeHash(s string) (Hash, error) {
	var h Hash
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != len(h) || base64.StdEncoding.EncodeToString(b) != s {
		return h, fmt.Errorf("%q is not a base64 SHA-256 hash", s)
	}
	copy(h[:], b)
	return h, nil
}

// WitnessError is a witness's refusal of a checkpoint, with the HTTP
// status C2SP tlog-witness gives it.
type WitnessError struct {
	Status int   // 400, 403, 404, 409 or 422
	Size   int64 // with 409: the size the witness last cosigned
	Err    error
	// Evidence is set when the log signed a checkpoint that contradicts
	// the one the witness cosigned: a proof of misbehaviour worth keeping.
	Evidence bool
}

func (e *WitnessError) Error() string { return e.Err.Error() }

// WitnessedLog is what a witness remembers of one log: its key and the
// last checkpoint it cosigned (size 0 and no note before the first).
type WitnessedLog struct {
	Key  string `json:"key"`  // the log's note verifier key
	Size int64  `json:"size"` // size of the last cosigned checkpoint
	Hash Hash   `json:"hash"` // its root hash
	Note string `json:"checkpoint,omitempty"`
}

// CheckAddCheckpoint decides an add-checkpoint request as C2SP
// tlog-witness requires, for a witness that knows the logs in known (by
// origin). On success it returns the checkpoint to cosign; the caller
// MUST record it as the log's new state, atomically with the check,
// before answering. It never accepts a checkpoint that is not
// consistent with the one last cosigned.
func CheckAddCheckpoint(known map[string]*WitnessedLog, req AddCheckpoint) (Checkpoint, *note.Note, error) {
	fail := func(status int, format string, args ...any) (Checkpoint, *note.Note, error) {
		return Checkpoint{}, nil, &WitnessError{Status: status, Err: fmt.Errorf(format, args...)}
	}
	text := noteTextOf(req.Note)
	origin, _, _ := bytes.Cut(text, []byte("\n"))
	wl := known[string(origin)]
	if wl == nil {
		return fail(404, "unknown log %q", origin)
	}
	v, err := note.NewVerifier(wl.Key)
	if err != nil {
		return fail(404, "the witness's key for %q is unusable: %v", origin, err)
	}
	n, err := note.Open(req.Note, note.VerifierList(v))
	if err != nil {
		return fail(403, "the checkpoint is not signed by the log's key: %v", err)
	}
	cp, err := ParseCheckpoint([]byte(n.Text))
	if err != nil {
		return fail(400, "%v", err)
	}
	if req.Old > cp.Size {
		return fail(400, "old size %d is larger than the checkpoint's size %d", req.Old, cp.Size)
	}
	if req.Old != wl.Size {
		return Checkpoint{}, nil, &WitnessError{Status: 409, Size: wl.Size,
			Err: fmt.Errorf("old size %d is not %d, the size last cosigned", req.Old, wl.Size)}
	}
	switch {
	case req.Old == cp.Size:
		if len(req.Proof) != 0 {
			return fail(422, "a proof between equal sizes must be empty")
		}
		if cp.Hash != wl.Hash && cp.Size > 0 {
			return Checkpoint{}, nil, &WitnessError{Status: 409, Size: wl.Size, Evidence: true,
				Err: fmt.Errorf("fork: the checkpoint of size %d has root %x, the one cosigned has %x", cp.Size, cp.Hash[:], wl.Hash[:])}
		}
	case req.Old == 0:
		if len(req.Proof) != 0 {
			return fail(422, "the proof from size 0 must be empty")
		}
	default:
		if err := tlog.CheckTree(req.Proof, cp.Size, cp.Hash, req.Old, wl.Hash); err != nil {
			return Checkpoint{}, nil, &WitnessError{Status: 422, Evidence: true,
				Err: fmt.Errorf("fork: the tree of size %d does not extend the tree of size %d this witness cosigned: %v", cp.Size, req.Old, err)}
		}
	}
	return cp, n, nil
}

// noteTextOf returns a signed note's text, up to the blank line before
// its signatures.
func noteTextOf(msg []byte) []byte {
	if i := bytes.LastIndex(msg, []byte("\n\n")); i >= 0 {
		return msg[:i+1]
	}
	return msg
}

// ParseSignatureLines parses a witness's answer: one or more note
// signature lines, each "— name base64\n".
func ParseSignatureLines(b []byte) ([]string, error) {
	if len(b) == 0 || b[len(b)-1] != '\n' {
		return nil, errors.New("cosignature lines must end in a newline")
	}
	var out []string
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if l == "" {
			continue
		}
		rest, ok := strings.CutPrefix(l, "— ")
		name, sig, ok2 := strings.Cut(strings.TrimSuffix(rest, "\n"), " ")
		if !ok || !ok2 || !validKeyName(name) || sig == "" {
			return nil, fmt.Errorf("malformed signature line %q", strings.TrimSuffix(l, "\n"))
		}
		out = append(out, l)
	}
	return out, nil
}

// Policy says which witnesses must cosign a checkpoint: Threshold of
// Witnesses (Threshold 0 means all of them). With no witnesses it holds
// for every checkpoint.
type Policy struct {
	Witnesses []*CosignatureVerifier
	Threshold int
}

// String describes the policy, e.g. "all of 3 witnesses" or "2 of 3
// witnesses".
func (p Policy) String() string {
	if p.Threshold == 0 || p.Threshold == len(p.Witnesses) {
		return fmt.Sprintf("all of %d witnesses", len(p.Witnesses))
	}
	return fmt.Sprintf("%d of %d witnesses", p.Threshold, len(p.Witnesses))
}

// need returns how many cosignatures the policy needs.
func (p Policy) need() int {
	if p.Threshold == 0 {
		return len(p.Witnesses)
	}
	return p.Threshold
}

// PolicyError says which witnesses did not cosign.
type PolicyError struct {
	Size    int64
	Policy  string
	Missing []string // names of witnesses without a valid cosignature
	Invalid []string // names of witnesses whose cosignature does not verify
}

func (e *PolicyError) Error() string {
	var why []string
	for _, n := range e.Invalid {
		why = append(why, fmt.Sprintf("the cosignature of witness %s does not verify", n))
	}
	for _, n := range e.Missing {
		why = append(why, fmt.Sprintf("witness %s has not cosigned it", n))
	}
	return fmt.Sprintf("the checkpoint of size %d does not satisfy the witness policy (%s): %s", e.Size, e.Policy, strings.Join(why, "; "))
}

// CheckCosignatures checks the witnesses' cosignatures on a signed
// checkpoint note against the policy and returns the names of those that
// cosigned. A cosignature by a known witness that does not verify counts
// as missing and is named. Signatures by other keys are ignored.
func (p Policy) CheckCosignatures(msg []byte) ([]string, error) {
	text := noteTextOf(msg)
	cp, err := ParseCheckpoint(text)
	if err != nil {
		return nil, err
	}
	var ok []string
	pe := &PolicyError{Size: cp.Size, Policy: p.String()}
	for _, w := range p.Witnesses {
		// One witness at a time, so that one bad cosignature does not
		// hide the others.
		n, err := note.Open(msg, note.VerifierList(w))
		var inv *note.InvalidSignatureError
		switch {
		case errors.As(err, &inv):
			pe.Invalid = append(pe.Invalid, w.Name())
		case err == nil && len(n.Sigs) > 0:
			ok = append(ok, w.Name())
		default:
			pe.Missing = append(pe.Missing, w.Name())
		}
	}
	if len(ok) < p.need() {
		return ok, pe
	}
	return ok, nil
}

// AppendSignatures adds signature lines to a signed note, skipping lines
// it already has, and returns the new note.
func AppendSignatures(msg []byte, lines []string) []byte {
	out := slices.Clone(msg)
	for _, l := range lines {
		if !bytes.Contains(msg, []byte(l)) {
			out = append(out, l...)
		}
	}
	return out
}
