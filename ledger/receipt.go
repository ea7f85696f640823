package ledger

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// receiptHeader is the first line of a C2SP tlog-proof.
const receiptHeader = "c2sp.org/tlog-proof@v1"

// Receipt is a C2SP tlog-proof: an entry's index, its inclusion proof in
// a checkpointed tree, and the checkpoint with the witnesses'
// cosignatures. truce puts the entry itself in the proof's extra data, so
// that a receipt says what was logged as well as that it was.
type Receipt struct {
	Index      int64
	Entry      []byte // the entry's bytes (the "extra" line)
	Proof      []Hash // RFC 6962 inclusion proof, leaf's sibling first
	Checkpoint []byte // the signed note, verbatim
}

// Marshal encodes the receipt in its one canonical form.
func (r Receipt) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString(receiptHeader + "\n")
	if r.Entry != nil {
		b.WriteString("extra " + base64.StdEncoding.EncodeToString(r.Entry) + "\n")
	}
	fmt.Fprintf(&b, "index %d\n", r.Index)
	for _, h := range r.Proof {
		b.WriteString(base64.StdEncoding.EncodeToString(h[:]) + "\n")
	}
	b.WriteByte('\n')
	b.Write(r.Checkpoint)
	return b.Bytes()
}

// ParseReceipt decodes a receipt. It accepts only the canonical form
// Marshal produces (base64 has several spellings of the same bytes; a
// receipt has one), so no byte of a receipt can change without the
// receipt changing meaning or failing to parse.
func ParseReceipt(data []byte) (Receipt, error) {
	var r Receipt
	rest := data
	next := func() (string, bool) {
		line, after, ok := bytes.Cut(rest, []byte("\n"))
		if !ok {
			return "", false
		}
		rest = after
		return string(line), true
	}
	if l, ok := next(); !ok || l != receiptHeader {
		return r, fmt.Errorf("receipt: the first line must be %q", receiptHeader)
	}
	l, ok := next()
	if !ok {
		return r, errors.New("receipt: truncated")
	}
	if e, isExtra := strings.CutPrefix(l, "extra "); isExtra {
		b, err := base64.StdEncoding.DecodeString(e)
		if err != nil || base64.StdEncoding.EncodeToString(b) != e {
			return r, errors.New("receipt: the extra line is not canonical base64")
		}
		r.Entry = b
		if l, ok = next(); !ok {
			return r, errors.New("receipt: truncated")
		}
	}
	s, ok := strings.CutPrefix(l, "index ")
	n, err := strconv.ParseInt(s, 10, 64)
	if !ok || err != nil || n < 0 || strconv.FormatInt(n, 10) != s {
		return r, fmt.Errorf("receipt: bad index line %q", l)
	}
	r.Index = n
	for {
		l, ok := next()
		if !ok {
			return r, errors.New("receipt: no empty line before the checkpoint")
		}
		if l == "" {
			break
		}
		if len(r.Proof) == 64 {
			return r, errors.New("receipt: more than 64 proof hashes")
		}
		h, err := decodeHash(l)
		if err != nil {
			return r, fmt.Errorf("receipt: proof line %d: %w", len(r.Proof)+1, err)
		}
		r.Proof = append(r.Proof, h)
	}
	r.Checkpoint = rest
	if err := canonicalNote(r.Checkpoint); err != nil {
		return r, fmt.Errorf("receipt: %w", err)
	}
	if !bytes.Equal(r.Marshal(), data) {
		return r, errors.New("receipt: not in canonical form")
	}
	return r, nil
}

// canonicalNote checks that every signature line of a note is spelled in
// canonical base64 and appears once.
func canonicalNote(msg []byte) error {
	i := bytes.LastIndex(msg, []byte("\n\n"))
	if i < 0 || len(msg) == 0 || msg[len(msg)-1] != '\n' {
		return errors.New("the checkpoint is not a signed note")
	}
	seen := map[string]bool{}
	for _, l := range strings.SplitAfter(string(msg[i+2:]), "\n") {
		if l == "" {
			continue
		}
		rest, _ := strings.CutPrefix(l, "— ")
		_, sig, _ := strings.Cut(strings.TrimSuffix(rest, "\n"), " ")
		b, err := base64.StdEncoding.DecodeString(sig)
		if err != nil || base64.StdEncoding.EncodeToString(b) != sig {
			return fmt.Errorf("signature line %q is not canonical base64", strings.TrimSuffix(l, "\n"))
		}
		if seen[l] {
			return fmt.Errorf("signature line %q appears twice", strings.TrimSuffix(l, "\n"))
		}
		seen[l] = true
	}
	return nil
}

// ReceiptResult is what a verified receipt shows.
type ReceiptResult struct {
	Checkpoint Checkpoint
	Cosigners  []string // witnesses whose cosignatures verified
}

// VerifyReceipt checks a receipt offline: the checkpoint's signature by
// the log's key, the witnesses' cosignatures against the policy, and the
// inclusion of the entry (which the receipt MUST carry) at its index.
func VerifyReceipt(data []byte, logKey note.Verifier, p Policy) (Receipt, ReceiptResult, error) {
	r, err := ParseReceipt(data)
	if err != nil {
		return r, ReceiptResult{}, err
	}
	cp, _, err := Open(r.Checkpoint, logKey)
	if err != nil {
		return r, ReceiptResult{}, fmt.Errorf("receipt: %w", err)
	}
	cosigners, err := p.CheckCosignatures(r.Checkpoint)
	if err != nil {
		return r, ReceiptResult{}, fmt.Errorf("receipt: %w", err)
	}
	if r.Entry == nil {
		return r, ReceiptResult{}, errors.New("receipt: it does not carry the entry")
	}
	if r.Index >= cp.Size {
		return r, ReceiptResult{}, fmt.Errorf("receipt: entry %d is beyond the checkpoint's %d entries", r.Index, cp.Size)
	}
	if err := tlog.CheckRecord(r.Proof, cp.Size, cp.Hash, r.Index, LeafHash(r.Entry)); err != nil {
		return r, ReceiptResult{}, fmt.Errorf("receipt: entry %d is not in the tree of size %d: %w", r.Index, cp.Size, err)
	}
	return r, ReceiptResult{Checkpoint: cp, Cosigners: cosigners}, nil
}
