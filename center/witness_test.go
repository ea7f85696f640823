package center_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/witnesses"
	"github.com/truce-center/truce/ledger"
)

// fakeWitness is a tlog-witness built from the ledger's decision and
// cosigner, served by httptest: the real protocol without the command.
type fakeWitness struct {
	url, key string
	mu       sync.Mutex
	known    map[string]*ledger.WitnessedLog
	signer   *ledger.Cosigner
}

func newFakeWitness(t *testing.T, name string, c *center.Center) *fakeWitness {
	t.Helper()
	skey, vkey, err := ledger.GenerateCosignerKey(name)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := ledger.NewCosigner(skey, func() time.Time { return time.Unix(1_800_000_000, 0) })
	w := &fakeWitness{key: vkey, signer: s, known: map[string]*ledger.WitnessedLog{c.Origin(): {Key: c.Info().LogKey}}}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, err := ledger.ParseAddCheckpoint(body)
		if err != nil {
			http.Error(rw, err.Error(), 400)
			return
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		cp, n, err := ledger.CheckAddCheckpoint(w.known, req)
		var we *ledger.WitnessError
		if errors.As(err, &we) {
			if we.Status == 409 {
				rw.Header().Set("Content-Type", "text/x.tlog.size")
				rw.WriteHeader(409)
				io.WriteString(rw, strconv.FormatInt(we.Size, 10)+"\n")
				return
			}
			http.Error(rw, err.Error(), we.Status)
			return
		}
		wl := w.known[cp.Origin]
		wl.Size, wl.Hash = cp.Size, cp.Hash
		line, _ := w.signer.SignatureLine([]byte(n.Text))
		io.WriteString(rw, line)
	}))
	t.Cleanup(srv.Close)
	w.url = srv.URL
	return w
}

func TestRegisterWitness(t *testing.T) {
	ctx := context.Background()
	tb := newTable(t, core.Settings{})
	w := newFakeWitness(t, "witness.invalid/us", tb.C)
	if _, err := tb.C.RegisterWitness(ctx, tb.US, witnesses.WitnessInput{PartyID: tb.US.Party.ID, Key: w.key, URL: w.url}); truce.ErrorCode(err) != truce.EForbidden {
		t.Fatalf("a party registering its own witness: %v", err)
	}
	// A plain Ed25519 note key (type 0x01) is not a witness's.
	_, plainKey, _ := note.GenerateKey(nil, "witness.invalid/plain")
	bad := []struct {
		in    witnesses.WitnessInput
		field string
	}{
		{witnesses.WitnessInput{PartyID: tb.US.Party.ID, Key: "nonsense", URL: w.url}, "key"},
		{witnesses.WitnessInput{PartyID: tb.US.Party.ID, Key: plainKey, URL: w.url}, "key"},
		{witnesses.WitnessInput{PartyID: tb.US.Party.ID, Key: w.key, URL: "ftp://x"}, "url"},
		{witnesses.WitnessInput{PartyID: tb.US.Party.ID, Key: w.key, URL: "http://x/?q=1"}, "url"},
		{witnesses.WitnessInput{PartyID: "", Key: w.key, URL: w.url}, "party_id"},
		{witnesses.WitnessInput{PartyID: "pty_999", Key: w.key, URL: w.url}, "party_id"},
	}
	before := tb.C.Size()
	for _, b := range bad {
		_, err := tb.C.RegisterWitness(ctx, tb.UN, b.in)
		var te *truce.Error
		if !errors.As(err, &te) || len(te.Fields) == 0 || te.Fields[0].Field != b.field {
			t.Errorf("%+v: %v, want an error on %s", b.in, err, b.field)
		}
	}
	if tb.C.Size() != before {
		t.Fatal("a refused registration changed the log")
	}
	got, err := tb.C.RegisterWitness(ctx, tb.UN, witnesses.WitnessInput{PartyID: tb.US.Party.ID, Key: w.key, URL: w.url})
	if err != nil || got.Name != "witness.invalid/us" || got.LogIndex != before {
		t.Fatalf("registration: %+v %v", got, err)
	}
	// Another party may not use the same key.
	if _, err := tb.C.RegisterWitness(ctx, tb.UN, witnesses.WitnessInput{PartyID: tb.RU.Party.ID, Key: w.key, URL: w.url}); truce.ErrorCode(err) != truce.EConflict {
		t.Fatalf("same key for another party: %v", err)
	}
	// A new registration replaces the party's witness.
	w2 := newFakeWitness(t, "witness.invalid/us-2", tb.C)
	if _, err := tb.C.RegisterWitness(ctx, tb.UN, witnesses.WitnessInput{PartyID: tb.US.Party.ID, Key: w2.key, URL: w2.url}); err != nil {
		t.Fatal(err)
	}
	if ws := tb.C.Witnesses(context.Background()); len(ws) != 1 || ws[0].Key != w2.key {
		t.Fatalf("after replacing: %+v", ws)
	}
	// The registrations replay to the same projection.
	tb.C.Close()
	diffs, _, err := center.Replay(ctx, tb.Store, nil)
	if err != nil || len(diffs) > 0 {
		t.Fatalf("replay: %v %v", err, diffs)
	}
}

// TestFinality drives the offers explicitly: a k-of-n policy makes a
// checkpoint final when k witnesses cosign, an all policy does not while
// one is down, and without witnesses every checkpoint is final.
func TestFinality(t *testing.T) {
	ctx := context.Background()
	deadline := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 200*time.Millisecond) }

	tb := newTable(t, core.Settings{})
	if _, cp, err := tb.C.Log().Final(ctx, tb.C.Size()-1); err != nil || uint64(cp.Size) != tb.C.Size() {
		t.Fatalf("without witnesses: %+v %v", cp, err)
	}
	msg, _ := tb.C.Log().Published(ctx)
	plain, _, _ := tb.C.Log().Checkpoint(ctx)
	if string(msg) != string(plain) {
		t.Fatal("without witnesses /log/checkpoint is not the plain checkpoint")
	}

	for _, quorum := range []int{0, 1} {
		tb := newTable(t, core.Settings{WitnessQuorum: quorum, WitnessRetry: time.Hour})
		up := newFakeWitness(t, "witness.invalid/up", tb.C)
		down := newFakeWitness(t, "witness.invalid/down", tb.C)
		down.url = "http://127.0.0.1:1" // nothing listens there
		for _, r := range []struct {
			who *core.Caller
			w   *fakeWitness
		}{{tb.US, up}, {tb.RU, down}} {
			if _, err := tb.C.RegisterWitness(ctx, tb.UN, witnesses.WitnessInput{PartyID: r.who.Party.ID, Key: r.w.key, URL: r.w.url}); err != nil {
				t.Fatal(err)
			}
		}
		behind, err := tb.C.Log().Offer(ctx)
		if err != nil || behind != 1 {
			t.Fatalf("quorum %d: %d behind, %v", quorum, behind, err)
		}
		rep := tb.C.Log().Report()
		if rep.Witnesses[1].LastError == "" || !strings.Contains(rep.Witnesses[1].LastError, "unreachable") {
			t.Errorf("quorum %d: the down witness's status: %+v", quorum, rep.Witnesses[1])
		}
		msg, _ := tb.C.Log().Published(ctx)
		if !strings.Contains(string(msg), "— witness.invalid/up ") {
			t.Fatalf("quorum %d: published checkpoint without the cosignature: %s", quorum, msg)
		}
		dctx, cancel := deadline()
		_, cp, err := tb.C.Log().Final(dctx, tb.C.Size()-1)
		cancel()
		switch quorum {
		case 1:
			if err != nil || uint64(cp.Size) != tb.C.Size() || rep.Final != cp.Size {
				t.Fatalf("1 of 2 with one up: %+v %v (report %+v)", cp, err, rep)
			}
		case 0:
			// Final stays where the first witness alone made it.
			if truce.ErrorCode(err) != truce.EUnavailable || uint64(rep.Final) >= tb.C.Size() {
				t.Fatalf("all of 2 with one down: %+v %v", cp, err)
			}
		}
	}
}
