package publish_test

import (
	"context"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/publish"
	"github.com/truce-center/truce/ledger"
	"github.com/truce-center/truce/sqlite"
)

// logOf returns a SQLite store holding n entries (their content does not
// matter to publishing) and the key that signs its checkpoints.
func logOf(t *testing.T, n int) (engine.Store, note.Signer, note.Verifier) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/publish")
	signer, _ := note.NewSigner(skey)
	verifier, _ := note.NewVerifier(vkey)
	appendTo(t, s, n)
	return s, signer, verifier
}

// appendTo commits n more entries to s.
func appendTo(t *testing.T, s engine.Store, n int) {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var raws [][]byte
	for i := range n {
		raw, _ := ledger.Canonical(map[string]any{"index": int(tx.Size()) + i, "type": "test.entry"})
		raws = append(raws, raw)
	}
	hashes, err := ledger.AppendHashes(int64(tx.Size()), raws, engine.HashFunc(tx.ReadHashes))
	if err == nil {
		err = tx.Append(raws, hashes)
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestCheckpointFollowsTheLog: checkpoints made as the log grows (the
// tree head read through the frontier the log keeps) sign the tree the
// store holds at each size.
func TestCheckpointFollowsTheLog(t *testing.T) {
	ctx := context.Background()
	s, signer, verifier := logOf(t, 300)
	l := newLog(t, s, signer)
	for _, more := range []int{0, 1, 1, 211, 64, 1000, 3} {
		appendTo(t, s, more)
		size, err := s.Size(ctx)
		if err != nil {
			t.Fatal(err)
		}
		msg, cp, err := l.Checkpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ledger.TreeHash(int64(size), engine.HashFunc(func(idx []int64) ([]ledger.Hash, error) { return s.ReadHashes(ctx, idx) }))
		if err != nil {
			t.Fatal(err)
		}
		if cp.Size != int64(size) || cp.Hash != want {
			t.Fatalf("checkpoint at %d entries: size %d, head %v; want %v", size, cp.Size, cp.Hash, want)
		}
		if _, _, err := ledger.Open(msg, verifier); err != nil {
			t.Fatal(err)
		}
	}
}

func newLog(t *testing.T, s engine.Store, signer note.Signer, ws ...truce.Witness) *publish.Log {
	l := publish.New(publish.Config{Store: s, Signer: signer, Witnesses: func() []truce.Witness { return ws },
		Settings: func() publish.Settings { return publish.Settings{Quorum: 1, Timeout: time.Second, Retry: time.Hour} }})
	t.Cleanup(l.Stop)
	return l
}

// TestReceiptProvesAnEntryWithoutWitnesses: with no witness registered
// every checkpoint is final; a receipt verifies offline against the
// center's key, and the tiles, proofs and receipts of what the tree does
// not hold are ENotFound.
func TestReceiptProvesAnEntryWithoutWitnesses(t *testing.T) {
	ctx := context.Background()
	s, signer, verifier := logOf(t, 300)
	l := newLog(t, s, signer)
	msg, cp, err := l.Checkpoint(ctx)
	if err != nil || cp.Size != 300 {
		t.Fatalf("checkpoint: size %d, %v", cp.Size, err)
	}
	if _, _, err := ledger.Open(msg, verifier); err != nil {
		t.Fatalf("the checkpoint does not verify with the center's key: %v", err)
	}
	again, _, _ := l.Checkpoint(ctx)
	if string(again) != string(msg) {
		t.Fatal("the same tree was signed into different bytes")
	}
	published, err := l.Published(ctx)
	if err != nil || string(published) != string(msg) {
		t.Fatalf("with no witness the published checkpoint is not the newest one: %v", err)
	}
	r, err := l.Receipt(ctx, 257)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := ledger.VerifyReceipt(r, verifier, ledger.Policy{})
	if err != nil || got.Index != 257 {
		t.Fatalf("the receipt of entry 257 does not verify: %v", err)
	}
	bundle, err := l.Tile(ctx, ledger.Tile{Level: -1, Index: 0, Width: 256})
	if err != nil {
		t.Fatal(err)
	}
	if entries, err := ledger.ParseBundle(bundle); err != nil || len(entries) != 256 {
		t.Fatalf("the first bundle: %d entries, %v", len(entries), err)
	}
	for name, err := range map[string]error{
		"receipt": func() error { _, err := l.Receipt(ctx, 300); return err }(),
		"bundle":  func() error { _, err := l.Tile(ctx, ledger.Tile{Level: -1, Index: 1, Width: 256}); return err }(),
		"tile":    func() error { _, err := l.Tile(ctx, ledger.Tile{Level: 1, Index: 1, Width: 256}); return err }(),
		"proof":   func() error { _, err := l.InclusionProof(ctx, 300, 300); return err }(),
	} {
		if truce.ErrorCode(err) != truce.ENotFound {
			t.Errorf("%s beyond the tree: %v, want ENotFound", name, err)
		}
	}
}

// TestFinalWaitsForTheWitnesses: with a witness registered that never
// answers, no checkpoint is final: Final gives up with EUnavailable when
// its context ends, and the report names the witness as behind.
func TestFinalWaitsForTheWitnesses(t *testing.T) {
	s, signer, _ := logOf(t, 10)
	_, wkey, _ := note.GenerateKey(nil, "witness.invalid/w")
	l := newLog(t, s, signer, truce.Witness{PartyID: "pty_2", Name: "witness.invalid/w", Key: wkey, URL: "http://127.0.0.1:1"})
	behind, err := l.Offer(context.Background())
	if err != nil || behind != 1 {
		t.Fatalf("offer: %d behind, %v", behind, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := l.Final(ctx, 5); truce.ErrorCode(err) != truce.EUnavailable {
		t.Fatalf("final with no cosignature: %v, want EUnavailable", err)
	}
	rep := l.Report()
	if len(rep.Witnesses) != 1 || rep.Witnesses[0].LastError == "" || rep.Final != 0 || rep.Latest != 10 {
		t.Fatalf("report: %+v", rep)
	}
}

// countingSigner counts the notes it signs.
type countingSigner struct {
	note.Signer
	signed int
}

func (c *countingSigner) Sign(msg []byte) ([]byte, error) {
	c.signed++
	return c.Signer.Sign(msg)
}

// TestOfferWithoutWitnessesSignsNothing: the loop offers after every
// commit; with no witness registered a round makes no checkpoint (no
// signature, no tree head read), while a checkpoint asked for is still
// signed, and a round with a witness registered signs one.
func TestOfferWithoutWitnessesSignsNothing(t *testing.T) {
	ctx := context.Background()
	s, signer, verifier := logOf(t, 10)
	cs := &countingSigner{Signer: signer}
	l := newLog(t, s, cs)
	for range 3 {
		if behind, err := l.Offer(ctx); err != nil || behind != 0 {
			t.Fatalf("offer with no witness: %d behind, %v", behind, err)
		}
	}
	if cs.signed != 0 {
		t.Fatalf("three rounds with no witness signed %d checkpoints; want none", cs.signed)
	}
	msg, cp, err := l.Checkpoint(ctx)
	if err != nil || cp.Size != 10 || cs.signed != 1 {
		t.Fatalf("checkpoint: size %d, %d signed, %v", cp.Size, cs.signed, err)
	}
	if _, _, err := ledger.Open(msg, verifier); err != nil {
		t.Fatal(err)
	}
	_, wkey, _ := note.GenerateKey(nil, "witness.invalid/w")
	cw := &countingSigner{Signer: signer}
	lw := newLog(t, s, cw, truce.Witness{PartyID: "pty_2", Name: "witness.invalid/w", Key: wkey, URL: "http://127.0.0.1:1"})
	if behind, err := lw.Offer(ctx); err != nil || behind != 1 || cw.signed != 1 {
		t.Fatalf("offer to a witness: %d behind, %d signed, %v", behind, cw.signed, err)
	}
}
