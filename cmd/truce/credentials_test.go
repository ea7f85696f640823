package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/httpsig"
	"github.com/truce-center/truce/internal/httprec"
	"github.com/truce-center/truce/ledger"
)

// signedMember registers a party and a member through the coordinator,
// gives the member a key and returns its signing client and id.
func signedMember(t *testing.T, url string, coord *httpapi.Client, party string) (cl *httpapi.Client, id, pub string) {
	t.Helper()
	ctx := context.Background()
	var p truce.Party
	if err := coord.Post(ctx, "/v1/parties", members.PartyInput{Name: party, Kind: "party"}, &p); err != nil {
		t.Fatal(err)
	}
	var m members.MemberCreated
	if err := coord.Post(ctx, "/v1/parties/"+p.ID+"/members", members.MemberInput{Name: "ops"}, &m); err != nil {
		t.Fatal(err)
	}
	cl = client(t, url, m.Token)
	pk, key, _ := ed25519.GenerateKey(nil)
	cl.SignWith(key)
	if _, err := cl.Enrol(ctx); err != nil {
		t.Fatal(err)
	}
	return cl, m.ID, base64.RawURLEncoding.EncodeToString(pk)
}

// sendMessage has cl send a hotline message to the coordinator and
// returns its entry's index.
func sendMessage(t *testing.T, cl *httpapi.Client, subject string) uint64 {
	t.Helper()
	var out struct {
		LogIndex uint64 `json:"log_index"`
	}
	in := map[string]any{"to": []string{"coordinator"}, "priority": "routine", "subject": subject, "body": "text of " + subject}
	if err := cl.Post(context.Background(), "/v1/messages", in, &out); err != nil {
		t.Fatal(err)
	}
	return out.LogIndex
}

// rewriteLog replaces the log of a stopped center's SQLite file with
// what change makes of its entries, and recomputes every Merkle hash, as
// an operator holding the database and the center's key could: the
// center then signs checkpoints of the rewritten tree, so only the
// members' own signatures can tell.
func rewriteLog(t *testing.T, dir string, change func(entries []truce.Entry) []truce.Entry) {
	t.Helper()
	db := openDB(t, dir)
	rows, err := db.Query(`SELECT data FROM entries ORDER BY idx`)
	if err != nil {
		t.Fatal(err)
	}
	var entries []truce.Entry
	for rows.Next() {
		var raw []byte
		rows.Scan(&raw)
		var e truce.Entry
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	rows.Close()
	entries = change(entries)
	var raws [][]byte
	for _, e := range entries {
		raw, err := ledger.Canonical(e)
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, raw)
	}
	hashes, err := ledger.AppendHashes(0, raws, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx, _ := db.Begin()
	tx.Exec(`DELETE FROM entries`)
	tx.Exec(`DELETE FROM hashes`)
	for i, raw := range raws {
		if _, err := tx.Exec(`INSERT INTO entries (idx, data) VALUES (?, ?)`, i, raw); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range hashes {
		if _, err := tx.Exec(`INSERT INTO hashes (idx, hash) VALUES (?, ?)`, h.Index, h.Hash[:]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// originOf returns the log's origin, from its first entry.
func originOf(t *testing.T, init truce.Entry) string {
	var b struct{ Origin string }
	if err := json.Unmarshal(init.Body, &b); err != nil || b.Origin == "" {
		t.Fatalf("the first entry's origin: %s %v", init.Body, err)
	}
	return b.Origin
}

// TestLogVerifyMemberSignatures: an act signed by member A verifies; the
// same entry with its signed request changed, its signature replaced by
// member B's, replayed later, or written "as" A by an operator who has
// the center's key but not A's, fails `truce log verify`, which names
// the entry.
func TestLogVerifyMemberSignatures(t *testing.T) {
	var rotation uint64 // a public act of A's: its body is in the entry
	setup := func(t *testing.T) (dir string, res members.InitResult, a, b uint64) {
		dir, res = initDir(t)
		s := serve(t, "--data", dir)
		coord := client(t, s.url, res.Token)
		clA, idA, _ := signedMember(t, s.url, coord, "Party A")
		clB, _, _ := signedMember(t, s.url, coord, "Party B")
		a = sendMessage(t, clA, "from A")
		b = sendMessage(t, clB, "from B")
		sendMessage(t, clA, "later from A")
		var issued members.TokenIssued
		if err := clA.Post(context.Background(), "/v1/members/"+idA+"/token", members.TokenInput{}, &issued); err != nil {
			t.Fatal(err)
		}
		rotation = issued.LogIndex
		s.stop()
		return dir, res, a, b
	}
	check := func(t *testing.T, dir string, res members.InitResult, token string, want ...string) {
		t.Helper()
		s := serve(t, "--data", dir)
		defer s.stop()
		// A fresh trust file: the operator shows the rewritten log to a
		// verifier that has not pinned the honest one.
		code, out, errs := verify(t, s.url, filepath.Join(t.TempDir(), "trust.json"), token)
		if len(want) == 0 {
			if code != 0 {
				t.Fatalf("verify: exit %d %q %q", code, out, errs)
			}
			return
		}
		for _, w := range want {
			if code == 0 || !strings.Contains(errs, w) {
				t.Fatalf("verify: exit %d, %q; want it to say %q", code, errs, w)
			}
		}
	}
	t.Run("SignedActVerifies", func(t *testing.T) {
		dir, res, _, _ := setup(t)
		check(t, dir, res, "")
		check(t, dir, res, res.Token) // the coordinator also checks the request bodies
	})
	t.Run("SignedDigestChanged", func(t *testing.T) {
		dir, res, a, _ := setup(t)
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			es[a].Request.ContentDigest = httpsig.ContentDigest([]byte(`{"subject":"something else"}`))
			return es
		})
		check(t, dir, res, "", fmt.Sprintf("entry %d", a), "does not verify")
	})
	t.Run("RequestBodyChanged", func(t *testing.T) {
		dir, res, a, _ := setup(t)
		var key string
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			h, _ := strings.CutPrefix(es[a].Request.ContentDigest, "sha-256=:")
			raw, _ := base64.StdEncoding.DecodeString(strings.TrimSuffix(h, ":"))
			key = fmt.Sprintf("sha256:%x", raw)
			return es
		})
		db := openDB(t, dir)
		r, err := db.Exec(`UPDATE payloads SET data = replace(data, 'from A', 'from Z') WHERE key = ?`, key)
		if n, _ := r.RowsAffected(); err != nil || n != 1 {
			t.Fatalf("the request body to alter was not found: %v", err)
		}
		check(t, dir, res, res.Token, fmt.Sprintf("entry %d", a), "does not match the signed Content-Digest")
	})
	t.Run("PublicRequestBodyChanged", func(t *testing.T) {
		dir, res, _, _ := setup(t)
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			if es[rotation].Request.Body == "" {
				t.Fatalf("entry %d does not carry its request body", rotation)
			}
			es[rotation].Request.Body = base64.StdEncoding.EncodeToString([]byte(`{"expires_at":"2030-01-01T00:00:00Z"}`))
			return es
		})
		// Checked by anyone, with no token: the body is in the entry.
		check(t, dir, res, "", fmt.Sprintf("entry %d", rotation), "does not match the signed Content-Digest")
	})
	t.Run("SignatureOfAnotherMember", func(t *testing.T) {
		dir, res, a, b := setup(t)
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			es[a].Request = es[b].Request
			return es
		})
		check(t, dir, res, "", fmt.Sprintf("entry %d", a), "signed with key")
	})
	t.Run("SignatureBytesOfAnotherMember", func(t *testing.T) {
		dir, res, a, b := setup(t)
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			es[a].Request.Signature = es[b].Request.Signature
			return es
		})
		check(t, dir, res, "", fmt.Sprintf("entry %d", a), "does not verify")
	})
	t.Run("SignedForAnotherCenter", func(t *testing.T) {
		dir, res, a, _ := setup(t)
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			es[a].Request.Params = strings.Replace(es[a].Request.Params, originOf(t, es[0]), "truce.invalid/elsewhere", 1)
			return es
		})
		check(t, dir, res, "", fmt.Sprintf("entry %d", a), "signed for the log")
	})
	t.Run("ReplayedLater", func(t *testing.T) {
		dir, res, a, _ := setup(t)
		var at int
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			e := es[a]
			e.Index = uint64(len(es))
			e.Time = es[len(es)-1].Time.Add(time.Hour)
			at = len(es)
			return append(es, e)
		})
		check(t, dir, res, "", fmt.Sprintf("entry %d", at), "replayed")
	})
	t.Run("ReplayedAtOnce", func(t *testing.T) {
		dir, res, a, _ := setup(t)
		var at int
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			e := es[a]
			e.Index = uint64(len(es))
			e.Time = es[len(es)-1].Time
			at = len(es)
			return append(es, e)
		})
		check(t, dir, res, "", fmt.Sprintf("entry %d", at), fmt.Sprintf("already used by entry %d", a))
	})
	t.Run("OperatorWritesAsMember", func(t *testing.T) {
		dir, res, a, _ := setup(t)
		var at int
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			e := es[a]
			e.Index, e.Time, e.Request = uint64(len(es)), es[len(es)-1].Time, nil
			at = len(es)
			return append(es, e)
		})
		check(t, dir, res, "", fmt.Sprintf("entry %d", at), "not signed")
	})
	t.Run("OperatorSignsWithOwnKey", func(t *testing.T) {
		dir, res, a, _ := setup(t)
		var at int
		rewriteLog(t, dir, func(es []truce.Entry) []truce.Entry {
			e := es[a]
			q := *e.Request
			// A signature the operator makes with a key of its own,
			// claiming member A's key id.
			_, key, _ := ed25519.GenerateKey(nil)
			p := &httpsig.Params{Components: []string{"@method", "@path", "@query", "content-digest"}, Params: []httpsig.Param{
				{Name: "created", Kind: 'i', Int: es[len(es)-1].Time.Unix()}, {Name: "nonce", Kind: 's', Str: "operator"},
				{Name: "keyid", Kind: 's', Str: q.KeyID}, {Name: "tag", Kind: 's', Str: originOf(t, es[0])}}}
			h := http.Header{}
			h.Set("Content-Digest", q.ContentDigest)
			_, sig, _ := httpsig.Sign(&httpsig.Message{Method: q.Method, Path: q.Path, Header: h}, "truce", p, key)
			q.Params = p.String()
			q.Signature = strings.TrimSuffix(strings.TrimPrefix(sig, "truce=:"), ":")
			e.Index, e.Time, e.Request = uint64(len(es)), es[len(es)-1].Time, &q
			at = len(es)
			return append(es, e)
		})
		check(t, dir, res, "", fmt.Sprintf("entry %d", at), "does not verify")
	})
}

// status returns the HTTP status of GET path with token.
func status(t *testing.T, url, path, token string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", url+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// testPGRevocation: two nodes on one database; a token rotated or
// revoked on one is refused by the other at once — no waiting for the
// store's notification, since each node brings its state up to the log
// before it authenticates.
func testPGRevocation(t *testing.T, dsn string) {
	dir, res := initPG(t, dsn)
	a := serve(t, pgArgs(dsn, nodeDir(t, dir))...)
	b := serve(t, pgArgs(dsn, nodeDir(t, dir))...)
	ctx := context.Background()
	coordA, coordB := client(t, a.url, res.Token), client(t, b.url, res.Token)
	var p truce.Party
	if err := coordA.Post(ctx, "/v1/parties", members.PartyInput{Name: "Party A", Kind: "party"}, &p); err != nil {
		t.Fatal(err)
	}
	var m members.MemberCreated
	if err := coordA.Post(ctx, "/v1/parties/"+p.ID+"/members", members.MemberInput{Name: "ops"}, &m); err != nil {
		t.Fatal(err)
	}
	token := m.Token
	if got := status(t, b.url, "/v1/me", token); got != 200 {
		t.Fatalf("a member registered on node A, at once on node B: %d", got)
	}
	for i := range 10 {
		// Rotate on one node, alternately; the other refuses the old
		// token at its next request.
		by, other := coordA, b.url
		if i%2 == 1 {
			by, other = coordB, a.url
		}
		var issued members.TokenIssued
		if err := by.Post(ctx, "/v1/members/"+m.ID+"/token", members.TokenInput{}, &issued); err != nil {
			t.Fatal(err)
		}
		if got := status(t, other, "/v1/me", token); got != 401 {
			t.Fatalf("round %d: the rotated-out token on the other node: %d", i, got)
		}
		if got := status(t, other, "/v1/me", issued.Token); got != 200 {
			t.Fatalf("round %d: the new token on the other node: %d", i, got)
		}
		token = issued.Token
	}
	if _, err := coordB.Raw(ctx, "DELETE", "/v1/members/"+m.ID+"/token", nil); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{a.url, b.url} {
		if got := status(t, u, "/v1/me", token); got != 401 {
			t.Fatalf("a token revoked on node B, on %s: %d", u, got)
		}
	}
	// A signed write accepted by node A, sent again to node B, is a
	// replay there too: B's writer catches up with the log first.
	rec := &httprec.Recorder{}
	cl, _, _ := signedMember(t, a.url, coordA, "Party B")
	cl.HTTP = &http.Client{Transport: rec}
	sendMessage(t, cl, "once")
	code, body, err := rec.Resend(strings.TrimPrefix(b.url, "http://"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if code != 401 || !bytes.Contains(body, []byte("already used")) {
		t.Fatalf("a signed request accepted by node A, replayed to node B: %d %s", code, body)
	}
	replayPG(t, dsn)
}

// TestMemberCommands: the command line makes a member key, enrols it,
// rotates, revokes and expires tokens and removes a member.
func TestMemberCommands(t *testing.T) {
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	ctx := context.Background()
	coord := client(t, s.url, res.Token)
	var p truce.Party
	if err := coord.Post(ctx, "/v1/parties", members.PartyInput{Name: "Party A", Kind: "party"}, &p); err != nil {
		t.Fatal(err)
	}
	var m members.MemberCreated
	if err := coord.Post(ctx, "/v1/parties/"+p.ID+"/members", members.MemberInput{Name: "ops"}, &m); err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "member.key")
	code, out, errs := run(t, "key", "new", keyFile, "--json")
	var made struct {
		Key   string `json:"key"`
		KeyID string `json:"key_id"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &made) != nil || made.KeyID == "" {
		t.Fatalf("key new: %d %q %q", code, out, errs)
	}
	if code, _, errs := run(t, "key", "new", keyFile); code == 0 || !strings.Contains(errs, "exists") {
		t.Fatalf("key new over an existing file: %d %q", code, errs)
	}
	member := func(args ...string) (int, string, string) {
		return run(t, append(append([]string{"member"}, args...), "--server", s.url)...)
	}
	code, out, errs = member("enrol", "--token", m.Token, "--member-key", keyFile)
	if code != 0 || !strings.Contains(out, made.KeyID) {
		t.Fatalf("member enrol: %d %q %q", code, out, errs)
	}
	// From now on the member's writes must be signed; the CLI signs them.
	msg := map[string]any{"to": []string{"coordinator"}, "priority": "routine", "subject": "s", "body": "b"}
	if err := client(t, s.url, m.Token).Post(ctx, "/v1/messages", msg, nil); truce.ErrorCode(err) != truce.EUnauthorized {
		t.Fatalf("an unsigned write after enrolment: %v", err)
	}
	// The member rotates its own token, signing the act.
	code, out, errs = member("rotate-token", m.ID, "--token", m.Token, "--member-key", keyFile)
	newToken := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(newToken, "truce_") {
		t.Fatalf("member rotate-token: %d %q %q", code, out, errs)
	}
	if status(t, s.url, "/v1/me", m.Token) != 401 || status(t, s.url, "/v1/me", newToken) != 200 {
		t.Fatal("after rotate-token, the old token works or the new one does not")
	}
	// The coordinator gives it a token with an expiry, then revokes it.
	code, out, errs = member("rotate-token", m.ID, "--token", res.Token, "--expires", time.Now().Add(time.Hour).UTC().Format(time.RFC3339), "--json")
	var issued members.TokenIssued
	if code != 0 || json.Unmarshal([]byte(out), &issued) != nil || issued.ExpiresAt == nil {
		t.Fatalf("member rotate-token --expires: %d %q %q", code, out, errs)
	}
	if code, out, errs := member("revoke-token", m.ID, "--token", res.Token); code != 0 || !strings.Contains(out, "token revoked") {
		t.Fatalf("member revoke-token: %d %q %q", code, out, errs)
	}
	if status(t, s.url, "/v1/me", issued.Token) != 401 {
		t.Fatal("a revoked token still works")
	}
	if code, _, errs := member("revoke-key", m.ID, "--token", res.Token); code != 0 {
		t.Fatalf("member revoke-key: %d %q", code, errs)
	}
	if code, out, errs := member("remove", m.ID, "--token", res.Token); code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("member remove: %d %q %q", code, out, errs)
	}
	if code, _, errs := member("rotate-token", m.ID, "--token", res.Token); code == 0 || !strings.Contains(errs, "removed") {
		t.Fatalf("rotate-token of a removed member: %d %q", code, errs)
	}
	s.stop()
	if code, out, errs := run(t, "log", "replay", "--data", dir); code != 0 {
		t.Fatalf("log replay: %d %q %q", code, out, errs)
	}
}

// TestReceiptShowsSigner: `truce receipt verify` says which member signed
// the act and, given the member's public key, checks that signature.
func TestReceiptShowsSigner(t *testing.T) {
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	coord := client(t, s.url, res.Token)
	cl, id, pub := signedMember(t, s.url, coord, "Party A")
	_, _, otherPub := signedMember(t, s.url, coord, "Party B")
	idx := sendMessage(t, cl, "receipt")
	receipt, err := client(t, s.url, "").Raw(context.Background(), "GET", fmt.Sprintf("/v1/receipts/%d", idx), nil)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "entry.tlog-proof")
	if err := os.WriteFile(file, receipt, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "receipt", "verify", file, "--key", res.LogKey)
	if code != 0 || !strings.Contains(out, "signed by member "+id) || !strings.Contains(out, "give --member-key") {
		t.Fatalf("receipt verify: %d %q %q", code, out, errs)
	}
	code, out, errs = run(t, "receipt", "verify", file, "--key", res.LogKey, "--member-key", pub)
	if code != 0 || !strings.Contains(out, "the member's signature verifies") {
		t.Fatalf("receipt verify --member-key: %d %q %q", code, out, errs)
	}
	code, _, errs = run(t, "receipt", "verify", file, "--key", res.LogKey, "--member-key", otherPub)
	if code == 0 || !strings.Contains(errs, fmt.Sprintf("entry %d", idx)) {
		t.Fatalf("receipt verify with another member's key: %d %q", code, errs)
	}
}

// TestDemoActsSigned: the demonstration's scenario is played by members
// that sign every act; the members it prints stay keyless, for a browser
// to enrol its own key.
func TestDemoActsSigned(t *testing.T) {
	url, members := startDemo(t, nil)
	// Entry bundles are length-prefixed entries: their concatenation
	// parses as one.
	entries, err := ledger.ParseBundle(publicLog(t, url))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, b := range entries {
		var e truce.Entry
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(e.Type, "notification.") || strings.HasPrefix(e.Type, "zone.") || strings.HasPrefix(e.Type, "message.") || strings.HasPrefix(e.Type, "report.") {
			if e.Request == nil && !e.Actor.IsCenter() {
				t.Errorf("entry %d (%s) by %s is not signed", e.Index, e.Type, e.Actor.Member)
			}
			kinds[e.Type]++
		}
	}
	if kinds["notification.submit"] == 0 || kinds["message.send"] == 0 {
		t.Fatalf("the scenario's acts: %v", kinds)
	}
	for k, m := range members {
		var me httpapi.Me
		if err := client(t, url, m.Token).Get(context.Background(), "/v1/me", &me); err != nil || me.Member.KeyID != "" {
			t.Errorf("printed member %s: %+v %v", k, me.Member, err)
		}
	}
}
