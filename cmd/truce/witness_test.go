package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	fwitness "github.com/transparency-dev/formats/witness"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/center/witnesses"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/ledger"
	"github.com/truce-center/truce/sqlite"
	"github.com/truce-center/truce/witness"
)

// runningWitness is `truce witness` run in process.
type runningWitness struct {
	url, key, dir string
	cancel        context.CancelFunc
	done          chan int
}

// startWitness runs `truce witness` on port 0 with its data in dir.
func startWitness(t *testing.T, dir string, args ...string) *runningWitness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	w := &runningWitness{dir: dir, cancel: cancel, done: make(chan int, 1)}
	var out bytes.Buffer
	m := &Main{Stdout: &out, Stderr: io.Discard, Ready: func(u string) { ready <- u }, Clock: witnessClock{}}
	go func() {
		w.done <- m.Run(ctx, append([]string{"witness", "--addr", "127.0.0.1:0", "--data", dir, "--log-level", "error"}, args...))
	}()
	select {
	case w.url = <-ready:
	case code := <-w.done:
		t.Fatalf("witness exited with %d before listening: %s", code, out.String())
	}
	skey, err := witness.ReadKey(filepath.Join(dir, witness.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	s, err := ledger.NewCosigner(skey, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.key = s.VerifierKey()
	t.Cleanup(w.stop)
	return w
}

// witnessClock is the witnesses' injected clock: every cosignature is
// dated witnessTime.
type witnessClock struct{}

var witnessTime = time.Date(2016, 9, 12, 16, 0, 0, 0, time.UTC)

func (witnessClock) Now() time.Time { return witnessTime }

func (w *runningWitness) stop() {
	if w.cancel != nil {
		w.cancel()
		<-w.done
		w.cancel = nil
	}
}

func (w *runningWitness) name() string { n, _, _ := strings.Cut(w.key, "+"); return n }

// postWait posts body as JSON with "Truce-Wait: final" and returns the
// status, the Truce-Final header and the decoded answer.
func postWait(t *testing.T, base, token, path string, body any) (int, string, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Truce-Wait", "final")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, resp.Header.Get("Truce-Final"), out
}

// registerWitness registers a party and its witness on the center at
// base and waits until a checkpoint covering the registration is final.
func registerWitness(t *testing.T, base, token, party string, w *runningWitness) {
	t.Helper()
	var p struct {
		ID string `json:"id"`
	}
	if err := client(t, base, token).Post(context.Background(), "/v1/parties", map[string]string{"name": party, "kind": "party"}, &p); err != nil {
		t.Fatal(err)
	}
	code, final, out := postWait(t, base, token, "/v1/witnesses", witnesses.WitnessInput{PartyID: p.ID, Key: w.key, URL: w.url})
	if code != http.StatusCreated {
		t.Fatalf("registering witness: %d %v", code, out)
	}
	idx := uint64(out["log_index"].(float64))
	if n, err := strconv.ParseUint(final, 10, 64); err != nil || n <= idx {
		t.Fatalf("registration of entry %d answered with Truce-Final %q", idx, final)
	}
}

// forkCenter opens, in process, a second history signed with the key in
// keyFile, as a center that lies would: its own init and parties.
func forkCenter(t *testing.T, keyFile, logKey string, parties int) (*center.Center, *core.Caller, string) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	signer, err := loadKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := center.Open(ctx, core.Config{Store: store, Signer: signer})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Init(ctx, logKey, "Coordinator", "coordinator desk")
	if err != nil {
		t.Fatal(err)
	}
	caller, _ := c.Authenticate(res.Token)
	for i := range parties {
		if _, err := c.Members().RegisterParty(ctx, caller, members.PartyInput{Name: fmt.Sprintf("forged %d", i), Kind: "party"}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(httpapi.New(c, nil))
	t.Cleanup(func() {
		srv.Close()
		c.Close()
		store.Close()
	})
	return c, caller, srv.URL
}

func registerIn(t *testing.T, c *center.Center, caller *core.Caller, party string, w *runningWitness) {
	t.Helper()
	p, err := c.Members().RegisterParty(context.Background(), caller, members.PartyInput{Name: party, Kind: "party"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RegisterWitness(context.Background(), caller, witnesses.WitnessInput{PartyID: p.ID, Key: w.key, URL: w.url}); err != nil {
		t.Fatal(err)
	}
}

// TestWitnessForkedHistory: the center shows one history to witness W1
// and another, signed with the same key, to W2. W1 refuses the second
// history, and `log verify` with a strict policy fails against it naming
// W1 — even for a verifier that never saw the first history.
func TestWitnessForkedHistory(t *testing.T) {
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	w1 := startWitness(t, t.TempDir(), "--log-key", res.LogKey, "--name", "witness.invalid/one")
	w2 := startWitness(t, t.TempDir(), "--log-key", res.LogKey, "--name", "witness.invalid/two")

	// History A, cosigned by W1.
	registerWitness(t, s.url, res.Token, "Party One", w1)
	code, final, _ := postWait(t, s.url, res.Token, "/v1/parties", map[string]string{"name": "Party Two", "kind": "party"})
	if code != http.StatusCreated || final == "" || final == "pending" {
		t.Fatalf("write with Truce-Wait: %d %q", code, final)
	}
	trustA := filepath.Join(t.TempDir(), "trust.json")
	if code, out, errs := run(t, "log", "verify", "--server", s.url, "--trust", trustA, "--witness", w1.key); code != 0 {
		t.Fatalf("verify history A: %q %q", out, errs)
	}
	var cp []byte
	cp, err := client(t, s.url, "").ReadCheckpoint(context.Background())
	if err != nil || !strings.Contains(string(cp), "— witness.invalid/one ") {
		t.Fatalf("/log/checkpoint carries no cosignature by W1: %q %v", cp, err)
	}
	// A witness policy we did not write (transparency-dev/formats, Sigsum's
	// policy format) is satisfied by the served checkpoint too.
	fpol, err := fwitness.ParsePolicy([]byte("witness one " + w1.key + " " + w1.url + "\nquorum one\n"))
	if err != nil || !fpol.Satisfied(cp) {
		t.Fatalf("formats' policy over W1 is not satisfied by %q: %v", cp, err)
	}
	s.stop()

	// History B: same key, other entries, both witnesses registered.
	c, _, urlB := forkCenterWithWitnesses(t, filepath.Join(dir, keyFileName), res.LogKey, w1, w2)
	behind, err := c.Log().Offer(context.Background())
	if err != nil || behind != 1 {
		t.Fatalf("offering history B: %d witnesses behind, %v; want W1 alone refusing", behind, err)
	}
	rep := c.Log().Report()
	for _, st := range rep.Witnesses {
		switch st.Name {
		case w1.name():
			if !strings.Contains(st.LastError, "another history") {
				t.Errorf("W1 on history B: %q, want a refusal", st.LastError)
			}
		case w2.name():
			if st.LastError != "" || st.CosignedSize == nil || *st.CosignedSize != rep.Latest {
				t.Errorf("W2 on history B: %+v, want it to cosign size %d", st, rep.Latest)
			}
		}
	}
	// W1 kept the contradicting checkpoint as evidence.
	if ev, _ := os.ReadDir(filepath.Join(w1.dir, witness.EvidenceDir)); len(ev) == 0 {
		t.Error("W1 kept no evidence of the fork")
	}

	// A strict verifier fails, naming W1: with the keys given, and with
	// the keys trusted on first use from the center's own list.
	code, _, errs := run(t, "log", "verify", "--server", urlB, "--trust", filepath.Join(t.TempDir(), "t.json"), "--witness", w1.key, "--witness", w2.key)
	if code == 0 || !strings.Contains(errs, "witness check failed") || !strings.Contains(errs, "witness witness.invalid/one has not cosigned") {
		t.Fatalf("strict verify of history B: exit %d, %q", code, errs)
	}
	if strings.Contains(errs, "witness.invalid/two has not") {
		t.Fatalf("W2 cosigned history B but is named: %q", errs)
	}
	code, _, errs = run(t, "log", "verify", "--server", urlB, "--trust", filepath.Join(t.TempDir(), "t.json"))
	if code == 0 || !strings.Contains(errs, "witness witness.invalid/one has not cosigned") {
		t.Fatalf("verify of history B with the listed witnesses: exit %d, %q", code, errs)
	}
	// 1 of 2 is satisfied by W2 alone: a policy is the verifier's choice.
	if code, _, errs := run(t, "log", "verify", "--server", urlB, "--trust", filepath.Join(t.TempDir(), "t.json"),
		"--witness", w1.key, "--witness", w2.key, "--witness-policy", "1"); code != 0 {
		t.Fatalf("1-of-2 verify of history B: %q", errs)
	}
	// The verifier that pinned history A refuses B on its own, too.
	if code, _, errs := run(t, "log", "verify", "--server", urlB, "--trust", trustA); code == 0 || !strings.Contains(errs, "fork") {
		t.Fatalf("verify of B with A's pin: exit %d, %q", code, errs)
	}
}

func forkCenterWithWitnesses(t *testing.T, keyFile, logKey string, ws ...*runningWitness) (*center.Center, *core.Caller, string) {
	c, caller, url := forkCenter(t, keyFile, logKey, 6)
	for i, w := range ws {
		registerIn(t, c, caller, fmt.Sprintf("Forged party %d", i), w)
	}
	return c, caller, url
}

// addCheckpoint posts a tlog-witness request and returns the status and
// body.
func addCheckpoint(t *testing.T, url string, req ledger.AddCheckpoint) (int, string) {
	t.Helper()
	// No kept-alive connections: the witness restarts on the same port.
	cl := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := cl.Post(url+"/add-checkpoint", "text/plain", bytes.NewReader(req.Marshal()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusConflict && resp.Header.Get("Content-Type") != "text/x.tlog.size" {
		t.Errorf("409 with Content-Type %q", resp.Header.Get("Content-Type"))
	}
	return resp.StatusCode, string(b)
}

// TestWitnessRestart restarts a witness mid-stream: it keeps the
// checkpoint it cosigned, goes on cosigning the honest log from there,
// and still refuses a history inconsistent with it.
func TestWitnessRestart(t *testing.T) {
	ctx := context.Background()
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	wdir := t.TempDir()
	// The first start reads the log key from the center (trust on first use).
	w := startWitness(t, wdir, "--server", s.url, "--name", "witness.invalid/restart")
	addr := strings.TrimPrefix(w.url, "http://")
	if st, err := os.Stat(filepath.Join(wdir, witness.KeyFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("witness key file: %v %v", st, err)
	}
	registerWitness(t, s.url, res.Token, "Party One", w)
	cp, err := client(t, s.url, "").ReadCheckpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := ledger.ParseCheckpoint(noteText(cp))
	if err != nil {
		t.Fatal(err)
	}
	code, body := addCheckpoint(t, w.url, ledger.AddCheckpoint{Old: 0, Note: cp})
	if code != http.StatusConflict || body != fmt.Sprintf("%d\n", signed.Size) {
		t.Fatalf("old size 0 before the restart: %d %q, want 409 %d", code, body, signed.Size)
	}

	// Restart, with neither --server nor --log-key: the state knows the log.
	w.stop()
	w = startWitness(t, wdir, "--addr", addr)
	code, body = addCheckpoint(t, w.url, ledger.AddCheckpoint{Old: 0, Note: cp})
	if code != http.StatusConflict || body != fmt.Sprintf("%d\n", signed.Size) {
		t.Fatalf("old size 0 after the restart: %d %q, want 409 %d", code, body, signed.Size)
	}
	// Resubmitting the same checkpoint is cosigned again.
	code, body = addCheckpoint(t, w.url, ledger.AddCheckpoint{Old: signed.Size, Note: cp})
	if code != http.StatusOK || !strings.HasPrefix(body, "— witness.invalid/restart ") {
		t.Fatalf("same checkpoint again: %d %q", code, body)
	}
	// The cosignature verifies with the witness's key and is dated by
	// the injected clock.
	wv, _ := ledger.NewCosignatureVerifier(w.key)
	n, err := note.Open(ledger.AppendSignatures(cp, []string{body}), note.VerifierList(wv))
	if err != nil || len(n.Sigs) != 1 {
		t.Fatalf("the witness's answer does not verify: %v", err)
	}
	if ts, err := ledger.CosignatureTime(n.Sigs[0]); err != nil || !ts.Equal(witnessTime) {
		t.Fatalf("cosignature dated %v (%v), want the injected %v", ts, err, witnessTime)
	}
	// The honest log grows and the restarted witness cosigns it.
	code, final, _ := postWait(t, s.url, res.Token, "/v1/parties", map[string]string{"name": "Party Two", "kind": "party"})
	grown, _ := strconv.ParseInt(final, 10, 64)
	if code != http.StatusCreated || grown <= signed.Size {
		t.Fatalf("write after the restart: %d, Truce-Final %q", code, final)
	}

	// Restart again, then a history inconsistent with the one cosigned.
	w.stop()
	w = startWitness(t, wdir, "--addr", addr)
	fc, caller, _ := forkCenter(t, filepath.Join(dir, keyFileName), res.LogKey, 12)
	registerIn(t, fc, caller, "Forged party", w)
	if behind, err := fc.Log().Offer(ctx); err != nil || behind != 1 {
		t.Fatalf("offering the fork: %d behind, %v", behind, err)
	}
	if st := fc.Log().Report().Witnesses[0]; !strings.Contains(st.LastError, "refused (422)") {
		t.Fatalf("the fork's offer: %+v, want a 422 refusal", st)
	}
	// The refusal changed nothing, across one more restart — with the
	// center unreachable, which must not keep a witness down.
	w.stop()
	w = startWitness(t, wdir, "--addr", addr, "--server", "http://127.0.0.1:1")
	code, body = addCheckpoint(t, w.url, ledger.AddCheckpoint{Old: 0, Note: cp})
	if code != http.StatusConflict || body != fmt.Sprintf("%d\n", grown) {
		t.Fatalf("after refusing the fork: %d %q, want 409 %d", code, body, grown)
	}
	// A malformed request is 400; an unknown log's checkpoint 404.
	if code, _ := addCheckpoint(t, w.url, ledger.AddCheckpoint{Old: -1, Note: cp}); code != http.StatusBadRequest {
		t.Errorf("malformed request: %d", code)
	}
	other := strings.Replace(string(cp), res.LogKey[:strings.Index(res.LogKey, "+")], "truce.invalid/other", 1)
	if code, _ := addCheckpoint(t, w.url, ledger.AddCheckpoint{Old: 0, Note: []byte(other)}); code != http.StatusNotFound {
		t.Errorf("unknown log: %d", code)
	}
	// And the honest center goes on being cosigned.
	if code, final, _ := postWait(t, s.url, res.Token, "/v1/parties", map[string]string{"name": "Party Three", "kind": "party"}); code != http.StatusCreated || final == "pending" || final == "" {
		t.Fatalf("write after refusing the fork: %d %q", code, final)
	}
}

// noteText returns a signed note's text.
func noteText(msg []byte) []byte {
	i := bytes.LastIndex(msg, []byte("\n\n"))
	return msg[:i+1]
}

// TestReceiptOffline fetches a receipt for an entry cosigned by two
// witnesses, verifies it offline, and checks that changing any one byte
// of it makes `truce receipt verify` fail.
func TestReceiptOffline(t *testing.T) {
	ctx := context.Background()
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	w1 := startWitness(t, t.TempDir(), "--log-key", res.LogKey, "--name", "witness.invalid/r1")
	w2 := startWitness(t, t.TempDir(), "--log-key", res.LogKey, "--name", "witness.invalid/r2")
	registerWitness(t, s.url, res.Token, "Party One", w1)
	registerWitness(t, s.url, res.Token, "Party Two", w2)
	code, final, out := postWait(t, s.url, res.Token, "/v1/parties", map[string]string{"name": "Receipt holder", "kind": "party"})
	if code != http.StatusCreated || final == "pending" {
		t.Fatalf("write: %d %q", code, final)
	}
	idx := uint64(out["log_index"].(float64))
	receipt, err := client(t, s.url, "").Raw(ctx, "GET", fmt.Sprintf("/v1/receipts/%d", idx), nil)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "entry.tlog-proof")
	os.WriteFile(file, receipt, 0o600)
	args := []string{"receipt", "verify", file, "--key", res.LogKey, "--witness", w1.key, "--witness", w2.key}
	code, stdout, errs := run(t, args...)
	want := fmt.Sprintf("receipt verified: entry %d (party.register", idx)
	if code != 0 || !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, "cosigned by witness.invalid/r1, witness.invalid/r2") {
		t.Fatalf("receipt verify: %d %q %q", code, stdout, errs)
	}
	// Offline means offline: the center is gone.
	s.stop()
	if code, _, errs := run(t, args...); code != 0 {
		t.Fatalf("receipt verify without the center: %q", errs)
	}
	// Without the center's key nothing is checked.
	if code, _, _ := run(t, "receipt", "verify", file); code == 0 {
		t.Fatal("receipt verify without --key succeeded")
	}
	// Another center's key fails.
	_, other := initDir(t)
	if code, _, errs := run(t, "receipt", "verify", file, "--key", other.LogKey); code == 0 || !strings.Contains(errs, "receipt check failed") {
		t.Fatalf("receipt verify with another key: %d %q", code, errs)
	}
	for i := range receipt {
		bad := bytes.Clone(receipt)
		bad[i] ^= 0x01
		os.WriteFile(file, bad, 0o600)
		if code, _, _ := run(t, args...); code == 0 {
			t.Fatalf("the receipt still verifies with byte %d (%q) changed", i, receipt[i])
		}
	}
}

// TestVerifyWaitsForAFinalCheckpoint: with a witness registered, the
// checkpoint served trails the state by an offer round. A write is made
// while the witness holds its answer, so the checkpoint served is one
// entry behind what the API shows; `truce log verify --token` then asks
// for the receipt of the last entry its answers reflect, which the center
// gives once a checkpoint covering it is final. The witness is let go
// when, and only when, that receipt is asked for: the check passes at its
// first run, at the size of the answers, with the cosignature.
func TestVerifyWaitsForAFinalCheckpoint(t *testing.T) {
	ctx := context.Background()
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	w := startWitness(t, t.TempDir(), "--log-key", res.LogKey, "--name", "witness.invalid/gated")
	// The witness behind a gate: while hold is set, its answers wait
	// until the channel it holds is closed.
	var hold atomic.Pointer[chan struct{}]
	wurl, err := url.Parse(w.url)
	if err != nil {
		t.Fatal(err)
	}
	wproxy := httputil.NewSingleHostReverseProxy(wurl)
	gated := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if ch := hold.Load(); ch != nil {
			<-*ch
		}
		wproxy.ServeHTTP(rw, r)
	}))
	defer gated.Close()
	behind := *w
	behind.url = gated.URL
	registerWitness(t, s.url, res.Token, "Witnessing party", &behind)

	release := make(chan struct{})
	hold.Store(&release)
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	coord := client(t, s.url, res.Token)
	if err := coord.Post(ctx, "/v1/parties", map[string]string{"name": "written while the witness waits", "kind": "observer"}, nil); err != nil {
		t.Fatal(err)
	}
	var h httpapi.Health
	if err := coord.Get(ctx, "/v1/health", &h); err != nil {
		t.Fatal(err)
	}
	msg, err := coord.ReadCheckpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	served, err := ledger.ParseCheckpoint(noteText(msg))
	if err != nil || uint64(served.Size) != h.LogSize-1 {
		t.Fatalf("the checkpoint served has %d entries (%v), the state %d: it should trail by the entry the witness holds", served.Size, err, h.LogSize)
	}

	curl, err := url.Parse(s.url)
	if err != nil {
		t.Fatal(err)
	}
	cproxy := httputil.NewSingleHostReverseProxy(curl)
	var asked atomic.Value
	front := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/receipts/") && asked.CompareAndSwap(nil, r.URL.Path) {
			close(release)
		}
		cproxy.ServeHTTP(rw, r)
	}))
	defer front.Close()
	code, out, errs := verify(t, front.URL, filepath.Join(t.TempDir(), "trust.json"), res.Token)
	if code != 0 || errs != "" || out != fmt.Sprintf("verified %d entries\n", h.LogSize) {
		t.Fatalf("verify while the checkpoint trails: %d %q %q; want %d entries verified", code, out, errs, h.LogSize)
	}
	if got, want := asked.Load(), fmt.Sprintf("/v1/receipts/%d", h.LogSize-1); got != want {
		t.Fatalf("verify asked for %v, want %s", got, want)
	}
}
