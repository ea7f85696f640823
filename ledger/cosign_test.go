package ledger

import (
	"context"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	fnote "github.com/transparency-dev/formats/note"
	fproof "github.com/transparency-dev/formats/proof"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func newCosigner(t *testing.T, name string, at time.Time) (*Cosigner, *CosignatureVerifier) {
	t.Helper()
	skey, vkey, err := GenerateCosignerKey(name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewCosigner(skey, func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewCosignatureVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	if s.VerifierKey() != vkey {
		t.Fatalf("verifier key %q, generated %q", s.VerifierKey(), vkey)
	}
	return s, v
}

// TestCosignatureInterop checks our cosignatures with
// transparency-dev/formats' cosignature/v1 verifier, and theirs with ours.
func TestCosignatureInterop(t *testing.T) {
	m, _ := newMemLog(t, 10)
	msg, _ := m.ReadCheckpoint(context.Background())
	at := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	s, v := newCosigner(t, "witness.invalid/w1", at)
	line, err := s.SignatureLine(noteTextOf(msg))
	if err != nil {
		t.Fatal(err)
	}
	cosigned := AppendSignatures(msg, []string{line})
	fv, err := fnote.NewVerifierForCosignatureV1(v.Key())
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open(cosigned, note.VerifierList(fv))
	if err != nil || len(n.Sigs) != 1 {
		t.Fatalf("formats' verifier refuses our cosignature: %v", err)
	}
	if ts, err := CosignatureTime(n.Sigs[0]); err != nil || !ts.Equal(at) {
		t.Fatalf("timestamp %v %v, want %v", ts, err, at)
	}
	// A cosignature by formats' signer verifies with ours.
	skey, vkey, _ := GenerateCosignerKey("witness.invalid/w2")
	fs, err := fnote.NewSignerForCosignatureV1(skey)
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := note.Sign(&note.Note{Text: string(noteTextOf(msg))}, fs)
	if err != nil {
		t.Fatal(err)
	}
	ov, _ := NewCosignatureVerifier(vkey)
	if _, err := note.Open(theirs, note.VerifierList(ov)); err != nil {
		t.Fatalf("our verifier refuses formats' cosignature: %v", err)
	}
	// A different time in the signed message does not verify.
	if ov.Verify(noteTextOf(msg), make([]byte, 72)) {
		t.Fatal("a zero signature verified")
	}
}

func TestPolicy(t *testing.T) {
	m, _ := newMemLog(t, 3)
	msg, _ := m.ReadCheckpoint(context.Background())
	at := time.Unix(1_800_000_000, 0)
	s1, v1 := newCosigner(t, "w1", at)
	s2, v2 := newCosigner(t, "w2", at)
	_, v3 := newCosigner(t, "w3", at)
	l1, _ := s1.SignatureLine(noteTextOf(msg))
	l2, _ := s2.SignatureLine(noteTextOf(msg))
	cosigned := AppendSignatures(msg, []string{l1, l2})
	all := Policy{Witnesses: []*CosignatureVerifier{v1, v2, v3}}
	if _, err := all.CheckCosignatures(cosigned); err == nil || !strings.Contains(err.Error(), "witness w3 has not cosigned") {
		t.Fatalf("all of 3 with two cosignatures: %v", err)
	}
	two := Policy{Witnesses: []*CosignatureVerifier{v1, v2, v3}, Threshold: 2}
	if got, err := two.CheckCosignatures(cosigned); err != nil || len(got) != 2 {
		t.Fatalf("2 of 3: %v %v", got, err)
	}
	// A broken cosignature is named as such.
	bad := strings.Replace(string(cosigned), l1[len(l1)-10:], "AAAAAAAAA\n", 1)
	var pe *PolicyError
	if _, err := two.CheckCosignatures([]byte(bad)); !errors.As(err, &pe) || len(pe.Invalid) != 1 || pe.Invalid[0] != "w1" {
		t.Fatalf("broken cosignature: %v", err)
	}
}

func TestAddCheckpointRoundTrip(t *testing.T) {
	a := AddCheckpoint{Old: 20, Proof: []Hash{{1}, {2}}, Note: []byte("o\n3\nAAAA\n\n— o x\n")}
	b, err := ParseAddCheckpoint(a.Marshal())
	if err != nil || b.Old != 20 || len(b.Proof) != 2 || b.Proof[1] != (Hash{2}) || string(b.Note) != string(a.Note) {
		t.Fatalf("round trip: %+v %v", b, err)
	}
	for _, bad := range []string{"", "old 01\n\n", "old -1\n\n", "old 3\nnot-a-hash\n\n", "old 3\n", "new 3\n\n"} {
		if _, err := ParseAddCheckpoint([]byte(bad)); err == nil {
			t.Errorf("ParseAddCheckpoint(%q) accepted", bad)
		}
	}
}

// TestCheckAddCheckpoint runs the witness's decisions on a log and a fork
// of it signed with the same key.
func TestCheckAddCheckpoint(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemLog(t, 5)
	vkey := verifierKeyOf(t, m)
	skeyless := m.signer
	known := map[string]*WitnessedLog{m.signer.Name(): {Key: vkey}}
	accept := func(req AddCheckpoint) {
		t.Helper()
		cp, _, err := CheckAddCheckpoint(known, req)
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		wl := known[cp.Origin]
		wl.Size, wl.Hash = cp.Size, cp.Hash
	}
	status := func(req AddCheckpoint) int {
		t.Helper()
		_, _, err := CheckAddCheckpoint(known, req)
		var we *WitnessError
		if !errors.As(err, &we) {
			t.Fatalf("want a refusal, got %v", err)
		}
		return we.Status
	}
	msg5, _ := m.ReadCheckpoint(ctx)
	accept(AddCheckpoint{Old: 0, Note: msg5})
	// A fork: same key, different fifth entry.
	f := &memLog{signer: skeyless}
	f.append(t, m.entries[:4]...)
	f.append(t, []byte(`{"forged":true}`))
	fmsg5, _ := f.ReadCheckpoint(ctx)
	if got := status(AddCheckpoint{Old: 5, Note: fmsg5}); got != 409 {
		t.Fatalf("same size, other root: %d, want 409", got)
	}
	f.append(t, []byte(`{"more":1}`))
	fmsg6, _ := f.ReadCheckpoint(ctx)
	proof, _ := tlog.ProveTree(6, 5, tlog.HashReaderFunc(f.read))
	if got := status(AddCheckpoint{Old: 5, Proof: proof, Note: fmsg6}); got != 422 {
		t.Fatalf("forked growth: %d, want 422", got)
	}
	if got := status(AddCheckpoint{Old: 0, Note: fmsg6}); got != 409 {
		t.Fatalf("wrong old size: %d, want 409", got)
	}
	if got := status(AddCheckpoint{Old: 7, Note: fmsg6}); got != 400 {
		t.Fatalf("old beyond the checkpoint: %d, want 400", got)
	}
	// An unknown origin is 404, another key's signature 403.
	osk, _, _ := note.GenerateKey(rand.Reader, "truce.invalid/other")
	osigner, _ := note.NewSigner(osk)
	other := &memLog{signer: osigner}
	other.append(t, []byte(`{}`))
	omsg, _ := other.ReadCheckpoint(ctx)
	if got := status(AddCheckpoint{Old: 0, Note: omsg}); got != 404 {
		t.Fatalf("unknown log: %d", got)
	}
	sk, _, _ := note.GenerateKey(rand.Reader, m.signer.Name())
	impostor, _ := note.NewSigner(sk)
	f.signer = impostor
	imsg, _ := f.ReadCheckpoint(ctx)
	if got := status(AddCheckpoint{Old: 5, Note: imsg}); got != 403 {
		t.Fatalf("unknown key: %d", got)
	}
	// The honest log's growth is accepted.
	m.append(t, []byte(`{"next":1}`), []byte(`{"next":2}`))
	msg7, _ := m.ReadCheckpoint(ctx)
	proof, _ = tlog.ProveTree(7, 5, tlog.HashReaderFunc(m.read))
	accept(AddCheckpoint{Old: 5, Proof: proof, Note: msg7})
	accept(AddCheckpoint{Old: 7, Note: msg7})
}

func verifierKeyOf(t *testing.T, m *memLog) string {
	t.Helper()
	// newMemLog does not keep its vkey: make a fresh key pair instead.
	skey, vkey, _ := note.GenerateKey(rand.Reader, m.signer.Name())
	s, _ := note.NewSigner(skey)
	m.signer = s
	return vkey
}

// TestReceipt checks a receipt, and that changing any one of its bytes
// makes it fail.
func TestReceipt(t *testing.T) {
	ctx := context.Background()
	m, _ := newMemLog(t, 300)
	vkey := verifierKeyOf(t, m)
	lv, _ := note.NewVerifier(vkey)
	msg, _ := m.ReadCheckpoint(ctx)
	at := time.Unix(1_800_000_000, 0)
	s1, v1 := newCosigner(t, "w1", at)
	s2, v2 := newCosigner(t, "w2", at)
	l1, _ := s1.SignatureLine(noteTextOf(msg))
	l2, _ := s2.SignatureLine(noteTextOf(msg))
	msg = AppendSignatures(msg, []string{l1, l2})
	proof, err := tlog.ProveRecord(300, 257, tlog.HashReaderFunc(m.read))
	if err != nil {
		t.Fatal(err)
	}
	r := Receipt{Index: 257, Entry: m.entries[257], Proof: proof, Checkpoint: msg}
	data := r.Marshal()
	pol := Policy{Witnesses: []*CosignatureVerifier{v1, v2}}
	if _, res, err := VerifyReceipt(data, lv, pol); err != nil || len(res.Cosigners) != 2 {
		t.Fatalf("receipt: %v", err)
	}
	// formats' tlog-proof reader reads it the same way.
	var fp fproof.TLogProof
	if err := fp.Unmarshal(data); err != nil || fp.Index != 257 || string(fp.ExtraData) != string(m.entries[257]) || len(fp.Hashes) != len(proof) {
		t.Fatalf("formats reads the receipt as %+v: %v", fp, err)
	}
	for i := range data {
		for _, delta := range []byte{1, 0x80} {
			bad := append([]byte(nil), data...)
			bad[i] ^= delta
			if _, _, err := VerifyReceipt(bad, lv, pol); err == nil {
				t.Fatalf("the receipt verifies with byte %d (%q) changed by %#x", i, data[i], delta)
			}
		}
	}
}

// FuzzParseAddCheckpoint checks that every request the parser accepts
// encodes back to the same bytes: one spelling per request.
func FuzzParseAddCheckpoint(f *testing.F) {
	f.Add([]byte("old 0\n\no\n1\nAAAA\n\n— o x\n"))
	f.Add(AddCheckpoint{Old: 20, Proof: []Hash{{1}, {2}}, Note: []byte("o\n3\nAAAA\n\n— o x\n")}.Marshal())
	f.Add([]byte("old 01\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseAddCheckpoint(b)
		if err != nil {
			return
		}
		if got := a.Marshal(); string(got) != string(b) {
			t.Fatalf("%q parses, and encodes back as %q", b, got)
		}
	})
}

// FuzzParseReceipt checks the same of receipts, and that parsing never
// panics.
func FuzzParseReceipt(f *testing.F) {
	cp := Checkpoint{Origin: "o", Size: 3}.Marshal()
	f.Add(Receipt{Index: 1, Entry: []byte(`{"i":1}`), Proof: []Hash{{1}, {2}}, Checkpoint: append(cp, "\n— o AAAAAQ==\n"...)}.Marshal())
	f.Add([]byte("c2sp.org/tlog-proof@v1\nindex 0\n\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseReceipt(b)
		if err != nil {
			return
		}
		if got := r.Marshal(); string(got) != string(b) {
			t.Fatalf("%q parses, and encodes back as %q", b, got)
		}
	})
}
