package httpapi_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/httpsig"
	"github.com/truce-center/truce/internal/httprec"
)

var credStart = time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC)

func memberID(t *testing.T, f *fixture, token string) string {
	t.Helper()
	var me httpapi.Me
	f.do(t, "GET", "/v1/me", token, "", 200, &me)
	return me.Member.ID
}

func replayEqual(t *testing.T, f *fixture) {
	t.Helper()
	diffs, _, err := center.Replay(context.Background(), f.store, nil)
	if err != nil || len(diffs) != 0 {
		t.Fatalf("replay of the log: %v %v", err, diffs)
	}
}

// TestTokenRevocationRotationExpiry: tokens are rotated, revoked and
// expired, and members removed, by the coordinator or by the member's own
// party, each as a logged act that counts at once.
func TestTokenRevocationRotationExpiry(t *testing.T) {
	clk := centertest.NewClock(credStart)
	f := newFixture(t, clk)
	mid := memberID(t, f, f.party)
	var other struct{ ID string }
	f.do(t, "POST", "/v1/parties", f.coord, `{"name":"Syria","kind":"party"}`, 201, &other)
	var om members.MemberCreated
	f.do(t, "POST", "/v1/parties/"+other.ID+"/members", f.coord, `{"name":"ops"}`, 201, &om)

	t.Run("AnotherPartyMayNot", func(t *testing.T) {
		before := f.c.Size()
		f.do(t, "DELETE", "/v1/members/"+mid+"/token", om.Token, "", 404, nil)
		f.do(t, "POST", "/v1/members/"+mid+"/token", om.Token, `{}`, 404, nil)
		f.do(t, "DELETE", "/v1/members/"+mid, om.Token, "", 404, nil)
		if f.c.Size() != before {
			t.Fatal("a refused act was logged")
		}
	})
	var issued members.TokenIssued
	t.Run("PartyRotatesItsOwn", func(t *testing.T) {
		before := f.c.Size()
		f.do(t, "POST", "/v1/members/"+mid+"/token", f.party, `{}`, 201, &issued)
		if issued.LogIndex != before || !strings.HasPrefix(issued.Token, "truce_") {
			t.Fatalf("rotation answer %+v at log size %d", issued, before)
		}
		f.do(t, "GET", "/v1/me", f.party, "", 401, nil)
		f.do(t, "GET", "/v1/me", issued.Token, "", 200, nil)
	})
	t.Run("CoordinatorRevokes", func(t *testing.T) {
		var li httpapi.LogIndex
		f.do(t, "DELETE", "/v1/members/"+mid+"/token", f.coord, "", 200, &li)
		f.do(t, "GET", "/v1/me", issued.Token, "", 401, nil)
		f.do(t, "GET", "/v1/zones", issued.Token, "", 401, nil)
		var ms []members.MemberView
		f.do(t, "GET", "/v1/parties/"+f.pid+"/members", f.coord, "", 200, &ms)
		if len(ms) != 1 || ms[0].Access != "revoked" {
			t.Fatalf("members after revocation: %+v", ms)
		}
	})
	t.Run("Expiry", func(t *testing.T) {
		body := f.do(t, "POST", "/v1/members/"+mid+"/token", f.coord, `{"expires_at":"2016-09-12T11:00:00Z"}`, 400, nil)
		if !bytes.Contains(body, []byte(`"field":"expires_at"`)) {
			t.Fatalf("an expiry in the past: %s", body)
		}
		f.do(t, "POST", "/v1/members/"+mid+"/token", f.coord, `{"expires_at":"2016-09-12T13:00:00Z"}`, 201, &issued)
		f.do(t, "GET", "/v1/me", issued.Token, "", 200, nil)
		clk.Set(credStart.Add(time.Hour - time.Nanosecond))
		f.do(t, "GET", "/v1/me", issued.Token, "", 200, nil)
		clk.Set(credStart.Add(time.Hour))
		body = f.do(t, "GET", "/v1/me", issued.Token, "", 401, nil)
		if !bytes.Contains(body, []byte("expired")) {
			t.Fatalf("expired token: %s", body)
		}
		var m members.MemberCreated
		f.do(t, "POST", "/v1/parties/"+f.pid+"/members", f.coord, `{"name":"night desk","token_expires_at":"2016-09-12T14:00:00Z"}`, 201, &m)
		f.do(t, "GET", "/v1/me", m.Token, "", 200, nil)
		clk.Set(credStart.Add(2 * time.Hour))
		f.do(t, "GET", "/v1/me", m.Token, "", 401, nil)
	})
	t.Run("Removal", func(t *testing.T) {
		f.do(t, "POST", "/v1/members/"+mid+"/token", f.coord, `{}`, 201, &issued)
		f.do(t, "DELETE", "/v1/members/"+mid, f.coord, "", 200, nil)
		f.do(t, "GET", "/v1/me", issued.Token, "", 401, nil)
		f.do(t, "POST", "/v1/members/"+mid+"/token", f.coord, `{}`, 409, nil)
		coord := memberID(t, f, f.coord)
		body := f.do(t, "DELETE", "/v1/members/"+coord, f.coord, "", 409, nil)
		if !bytes.Contains(body, []byte("last member")) {
			t.Fatalf("removing the coordinator's last member: %s", body)
		}
	})
	replayEqual(t, f)
}

// resend sends the recorder's last request again to the same server,
// with body instead if not nil.
func resend(t *testing.T, r *httprec.Recorder, host string, body []byte) (int, []byte) {
	t.Helper()
	code, b, err := r.Resend(host, body)
	if err != nil {
		t.Fatal(err)
	}
	return code, b
}

const credMessage = `{"to":["coordinator"],"priority":"routine","subject":"fuel convoy","body":"at the checkpoint"}`

// TestSignedWrites: once a member enrols a key, every write must be
// signed with it; stale, replayed, re-bodied and foreign signatures are
// refused; the log carries the signature and the replay verifies it with
// the key of each moment.
// signingClient is a client of f's ordinary party that signs its writes
// with a fresh key at clk's time, its requests recorded.
func signingClient(t *testing.T, f *fixture, clk *centertest.Clock) (*httpapi.Client, *httprec.Recorder, ed25519.PrivateKey) {
	t.Helper()
	rec := &httprec.Recorder{}
	cl, err := httpapi.NewClient(f.srv.URL, f.party)
	if err != nil {
		t.Fatal(err)
	}
	cl.HTTP = &http.Client{Transport: rec}
	_, key, _ := ed25519.GenerateKey(nil)
	cl.SignWith(key)
	cl.SignAt(clk.Now)
	return cl, rec, key
}

func TestSignedWrites(t *testing.T) {
	clk := centertest.NewClock(credStart)
	f := newFixture(t, clk)
	ctx := context.Background()
	cl, rec, key1 := signingClient(t, f, clk)
	var msg json.RawMessage = []byte(credMessage)

	if err := cl.Post(ctx, "/v1/messages", msg, nil); truce.ErrorCode(err) != truce.EUnauthorized {
		t.Fatalf("a write signed with a key never enrolled: %v", err)
	}
	reg, err := cl.Enrol(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reg.KeyID != cl.KeyID() {
		t.Fatalf("enrolled %+v, client key %s", reg, cl.KeyID())
	}
	t.Run("UnsignedRefused", func(t *testing.T) {
		body := f.do(t, "POST", "/v1/messages", f.party, credMessage, 401, nil)
		if !bytes.Contains(body, []byte("signature")) {
			t.Fatalf("unsigned write: %s", body)
		}
	})
	var sent struct {
		ID       string `json:"id"`
		LogIndex uint64 `json:"log_index"`
	}
	if err := cl.Post(ctx, "/v1/messages", msg, &sent); err != nil {
		t.Fatal(err)
	}
	t.Run("EntryCarriesSignature", func(t *testing.T) {
		raws, err := f.store.Entries(ctx, sent.LogIndex, sent.LogIndex+1)
		if err != nil {
			t.Fatal(err)
		}
		var e truce.Entry
		json.Unmarshal(raws[0], &e)
		if e.Request == nil || e.Request.KeyID != reg.KeyID || e.Request.Method != "POST" || e.Request.Path != "/v1/messages" {
			t.Fatalf("entry %d: %+v", sent.LogIndex, e.Request)
		}
		kept, err := f.store.Payload(ctx, core.RequestBodyKey(rec.Body))
		if err != nil || !bytes.Equal(kept, rec.Body) || e.Request.ContentDigest != httpsig.ContentDigest(rec.Body) {
			t.Fatalf("the request body beside the log: %q %v", kept, err)
		}
	})
	t.Run("ReplayedRefused", func(t *testing.T) {
		before := f.c.Size()
		code, body := resend(t, rec, "", nil)
		if code != 401 || !bytes.Contains(body, []byte("already used")) {
			t.Fatalf("replayed request: %d %s", code, body)
		}
		if f.c.Size() != before {
			t.Fatal("a replayed request was logged")
		}
	})
	t.Run("OtherBodyRefused", func(t *testing.T) {
		code, body := resend(t, rec, "", []byte(strings.Replace(credMessage, "fuel", "ammunition", 1)))
		if code != 400 || !bytes.Contains(body, []byte(`"field":"Content-Digest"`)) {
			t.Fatalf("signed headers with another body: %d %s", code, body)
		}
	})
	t.Run("StaleRefused", func(t *testing.T) {
		cl.SignAt(func() time.Time { return clk.Now().Add(-core.SignatureMaxAge - time.Second) })
		defer cl.SignAt(clk.Now)
		if err := cl.Post(ctx, "/v1/messages", msg, nil); truce.ErrorCode(err) != truce.EUnauthorized || !strings.Contains(err.Error(), "stale") {
			t.Fatalf("a stale signature: %v", err)
		}
	})
	t.Run("ForeignKeyRefused", func(t *testing.T) {
		// Another key, claiming the member's key id.
		_, key2, _ := ed25519.GenerateKey(nil)
		req, _ := http.NewRequest("POST", f.srv.URL+"/v1/messages", strings.NewReader(credMessage))
		req.Header.Set("Authorization", "Bearer "+f.party)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Content-Digest", httpsig.ContentDigest([]byte(credMessage)))
		p := &httpsig.Params{Components: []string{"@method", "@path", "@query", "content-digest"}, Params: []httpsig.Param{
			{Name: "created", Kind: 'i', Int: clk.Now().Unix()}, {Name: "nonce", Kind: 's', Str: "n-foreign"},
			{Name: "keyid", Kind: 's', Str: reg.KeyID}, {Name: "tag", Kind: 's', Str: f.c.Origin()}}}
		in, sig, _ := httpsig.Sign(&httpsig.Message{Method: "POST", Path: "/v1/messages", Header: req.Header}, "truce", p, key2)
		req.Header.Set("Signature-Input", in)
		req.Header.Set("Signature", sig)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 401 || !bytes.Contains(b, []byte("does not verify")) {
			t.Fatalf("a signature by another key: %d %s", resp.StatusCode, b)
		}
	})
	t.Run("RotateThenRevoke", func(t *testing.T) {
		old := &httprec.Recorder{}
		clOld, _ := httpapi.NewClient(f.srv.URL, f.party)
		clOld.HTTP = &http.Client{Transport: old}
		clOld.SignWith(key1)
		clOld.SignAt(clk.Now)
		_, key2, _ := ed25519.GenerateKey(nil)
		if _, err := cl.RotateKey(ctx, key2); err != nil {
			t.Fatal(err)
		}
		if err := clOld.Post(ctx, "/v1/messages", msg, nil); truce.ErrorCode(err) != truce.EUnauthorized {
			t.Fatalf("the old key after rotation: %v", err)
		}
		if err := cl.Post(ctx, "/v1/messages", msg, nil); err != nil {
			t.Fatalf("the new key: %v", err)
		}
		mid := memberID(t, f, f.party)
		f.do(t, "DELETE", "/v1/members/"+mid+"/key", f.coord, "", 200, nil)
		if err := cl.Post(ctx, "/v1/messages", msg, nil); truce.ErrorCode(err) != truce.EUnauthorized {
			t.Fatalf("a revoked key: %v", err)
		}
		// Nor does the member fall back to unsigned writes, nor enrol the
		// revoked key again.
		f.do(t, "POST", "/v1/messages", f.party, credMessage, 401, nil)
		if _, err := cl.Enrol(ctx); truce.ErrorCode(err) != truce.EConflict {
			t.Fatalf("enrolling a revoked key again: %v", err)
		}
		_, key3, _ := ed25519.GenerateKey(nil)
		cl.SignWith(key3)
		cl.SignAt(clk.Now)
		if _, err := cl.Enrol(ctx); err != nil {
			t.Fatal(err)
		}
		if err := cl.Post(ctx, "/v1/messages", msg, nil); err != nil {
			t.Fatal(err)
		}
		// A signed DELETE (an empty body's digest): the member revokes its
		// own token.
		if _, err := cl.Raw(ctx, "DELETE", "/v1/members/"+mid+"/token", nil); err != nil {
			t.Fatalf("a signed DELETE: %v", err)
		}
		f.do(t, "GET", "/v1/me", f.party, "", 401, nil)
	})
	// The replay checks every act's signature with the key of its moment.
	replayEqual(t, f)
}

// TestReplayAfterRestart: a signed request accepted just before the
// center restarts is still refused as a replay just after.
func TestReplayAfterRestart(t *testing.T) {
	clk := centertest.NewClock(credStart)
	f := newFixture(t, clk)
	ctx := context.Background()
	cl, rec, _ := signingClient(t, f, clk)
	if _, err := cl.Enrol(ctx); err != nil {
		t.Fatal(err)
	}
	if err := cl.Post(ctx, "/v1/messages", json.RawMessage(credMessage), nil); err != nil {
		t.Fatal(err)
	}
	f.srv.Close()
	f.c.Close()
	c, err := center.Open(ctx, f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	srv := httptest.NewServer(httpapi.New(c, nil))
	defer srv.Close()
	clk.Set(credStart.Add(time.Minute))
	before := c.Size()
	code, body := resend(t, rec, strings.TrimPrefix(srv.URL, "http://"), nil)
	if code != 401 || !bytes.Contains(body, []byte("already used")) || c.Size() != before {
		t.Fatalf("a request replayed after a restart: %d %s", code, body)
	}
}

// TestReplayAfterRestartFromSnapshot: as TestReplayAfterRestart, for a
// center opened from its snapshot, which holds the nonces it remembered
// and reads only the entries after it for more: a request signed before
// the snapshot and one signed after it are both refused when replayed.
func TestReplayAfterRestartFromSnapshot(t *testing.T) {
	clk := centertest.NewClock(credStart)
	snap := filepath.Join(t.TempDir(), "snapshot")
	f := newFixtureWith(t, func(cfg *core.Config) { cfg.Clock = clk; cfg.Snapshot = snap })
	ctx := context.Background()
	cl, rec, key := signingClient(t, f, clk)
	if _, err := cl.Enrol(ctx); err != nil {
		t.Fatal(err)
	}
	if err := cl.Post(ctx, "/v1/messages", json.RawMessage(credMessage), nil); err != nil {
		t.Fatal(err)
	}
	before := *rec // signed before the snapshot
	f.srv.Close()
	f.c.Close() // writes the snapshot
	older, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	reopen := func(log *bytes.Buffer) (*center.Center, *httptest.Server) {
		cfg := f.cfg
		if log != nil {
			cfg.Logger = slog.New(slog.NewTextHandler(log, nil))
		}
		c, err := center.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(httpapi.New(c, nil))
		t.Cleanup(func() { srv.Close(); c.Close() })
		return c, srv
	}
	// One more signed write, then the older snapshot put back: that
	// write's entry comes after the snapshot the next open reads.
	c, srv := reopen(nil)
	cl2, err := httpapi.NewClient(srv.URL, f.party)
	if err != nil {
		t.Fatal(err)
	}
	cl2.HTTP = &http.Client{Transport: rec}
	cl2.SignWith(key)
	cl2.SignAt(clk.Now)
	if err := cl2.Post(ctx, "/v1/messages", json.RawMessage(credMessage), nil); err != nil {
		t.Fatal(err)
	}
	after := *rec
	srv.Close()
	c.Close()
	if err := os.WriteFile(snap, older, 0o600); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	c, srv = reopen(&log)
	if !strings.Contains(log.String(), "opened from the snapshot") {
		t.Fatalf("the center did not open from its snapshot:\n%s", log.String())
	}
	clk.Set(credStart.Add(time.Minute))
	size := c.Size()
	for name, r := range map[string]*httprec.Recorder{"before the snapshot": &before, "after the snapshot": &after} {
		code, body := resend(t, r, strings.TrimPrefix(srv.URL, "http://"), nil)
		if code != 401 || !bytes.Contains(body, []byte("already used")) || c.Size() != size {
			t.Errorf("a request signed %s replayed after a restart: %d %s", name, code, body)
		}
	}
}

// TestRevocationEndsEventStream: an event stream opened before its token
// was revoked ends before it delivers anything more.
//
// The stream is read as it comes, and the token revoked only once the
// stream has delivered the act before it: the stream checks the token
// when it takes each event, so a stream that lags may end before it has
// sent events older than the revocation (its client resumes them with a
// new token and Last-Event-ID), and only what follows the revocation is
// sure never to be sent.
func TestRevocationEndsEventStream(t *testing.T) {
	f := newFixture(t)
	mid := memberID(t, f, f.party)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", f.srv.URL+"/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+f.party)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /v1/events: %v %v", resp, err)
	}
	defer resp.Body.Close()
	lines := make(chan string)
	go func() {
		defer close(lines) // the server ended the stream
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
	}()
	// Before: a party registered reaches the stream.
	f.do(t, "POST", "/v1/parties", f.coord, `{"name":"Before revocation","kind":"party"}`, 201, nil)
	for seen := false; !seen; {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("the stream ended before it delivered the act before the revocation")
			}
			seen = strings.Contains(l, "Before revocation")
		case <-ctx.Done():
			t.Fatal("the act before the revocation never reached the stream")
		}
	}
	f.do(t, "DELETE", "/v1/members/"+mid+"/token", f.coord, "", 200, nil)
	f.do(t, "POST", "/v1/parties", f.coord, `{"name":"After revocation","kind":"party"}`, 201, nil)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return // ended, and nothing of after the revocation
			}
			if strings.Contains(l, "After revocation") {
				t.Fatalf("the stream of a revoked token delivered: %s", l)
			}
		case <-ctx.Done():
			t.Fatal("the stream of a revoked token did not end")
		}
	}
}
