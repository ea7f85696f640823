package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/sqlite"
)

// populated returns a served center with a few parties and a trust file
// that has pinned its log.
func populated(t *testing.T) (dir string, res members.InitResult, s *server, trust string) {
	t.Helper()
	dir, res = initDir(t)
	s = serve(t, "--data", dir)
	coord := client(t, s.url, res.Token)
	for i := range 6 {
		if err := coord.Post(context.Background(), "/v1/parties", map[string]string{"name": fmt.Sprintf("party %d", i), "kind": "party"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	trust = filepath.Join(t.TempDir(), "trust.json")
	if code, out, errs := verify(t, s.url, trust, res.Token); code != 0 {
		t.Fatalf("first verify: %q %q", out, errs)
	}
	return dir, res, s, trust
}

func openDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName)+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestTamperEditedEntry(t *testing.T) {
	dir, res, s, trust := populated(t)
	db := openDB(t, dir)
	// Rename party 2 inside its log entry, as an insider with the
	// database file might.
	r, err := db.Exec(`UPDATE entries SET data = replace(data, 'party 2', 'party X') WHERE idx = 5`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		t.Fatal("the entry to alter was not found")
	}
	code, _, errs := verify(t, s.url, trust, res.Token)
	if code == 0 || !strings.Contains(errs, "entry 5") || !strings.Contains(errs, "altered") {
		t.Fatalf("verify after editing entry 5: exit %d, %q", code, errs)
	}
}

// TestTamperEditedEntryInACompleteTile: an entry of a complete tile is
// served from the tile stored when it was completed, so an insider who
// edits the entries table changes nothing a verifier reads; the server's
// own audit, `truce log replay`, compares every entry with the leaf hash
// its tree holds and names the altered one, and a rebuild refuses to
// trust such a log over the projection.
func TestTamperEditedEntryInACompleteTile(t *testing.T) {
	dir, res, s, trust := populated(t)
	coord := client(t, s.url, res.Token)
	for i := range 260 {
		if err := coord.Post(context.Background(), "/v1/parties", map[string]string{"name": fmt.Sprintf("filler %d", i), "kind": "observer"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	db := openDB(t, dir)
	if r, err := db.Exec(`UPDATE entries SET data = replace(data, 'party 2', 'party X') WHERE idx = 5`); err != nil {
		t.Fatal(err)
	} else if n, _ := r.RowsAffected(); n != 1 {
		t.Fatal("the entry to alter was not found")
	}
	if code, out, errs := verify(t, s.url, trust, res.Token); code != 0 {
		t.Fatalf("verify reads the tiles as committed and should pass: exit %d %q %q", code, out, errs)
	}
	code, out, _ := run(t, "log", "replay", "--data", dir)
	if code == 0 || !strings.Contains(out, "entry 5: altered in the store") {
		t.Fatalf("replay after editing entry 5 of a complete tile: exit %d, %q", code, out)
	}
	code, _, errs := run(t, "log", "replay", "--rebuild", "--data", dir)
	if code == 0 || !strings.Contains(errs, "entry 5: altered") {
		t.Fatalf("rebuild from an altered log: exit %d, %q", code, errs)
	}
}

func TestTamperDroppedEntries(t *testing.T) {
	dir, res, s, trust := populated(t)
	db := openDB(t, dir)
	var n int64
	db.QueryRow(`SELECT COUNT(*) FROM entries`).Scan(&n)
	keep := n - 2
	if _, err := db.Exec(`DELETE FROM entries WHERE idx >= ?`, keep); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM hashes WHERE idx >= ?`, tlog.StoredHashCount(keep)); err != nil {
		t.Fatal(err)
	}
	code, _, errs := verify(t, s.url, trust, res.Token)
	if code == 0 || !strings.Contains(errs, "shrank") || !strings.Contains(errs, fmt.Sprint(n)) {
		t.Fatalf("verify after dropping entries: exit %d, %q", code, errs)
	}
}

func TestTamperForkedCheckpoint(t *testing.T) {
	dir, res, s, trust := populated(t)
	s.stop()
	// A second history signed with the same key: the center shows one
	// verifier a log that does not extend the one it pinned.
	fork := t.TempDir()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, fork)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, keyFileName)
	signer, err := loadKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	c, err := center.Open(ctx, core.Config{Store: store, Signer: signer})
	if err != nil {
		t.Fatal(err)
	}
	res2, err := c.Init(ctx, res.LogKey, "Coordinator", "coordinator desk")
	if err != nil {
		t.Fatal(err)
	}
	caller, _ := c.Authenticate(res2.Token)
	for i := range 9 {
		if _, err := c.Members().RegisterParty(ctx, caller, members.PartyInput{Name: fmt.Sprintf("other %d", i), Kind: "party"}); err != nil {
			t.Fatal(err)
		}
	}
	c.Close()
	store.Close()
	s2 := serve(t, "--data", fork, "--key", keyFile)
	code, _, errs := verify(t, s2.url, trust, "")
	if code == 0 || !strings.Contains(errs, "consistency check failed") || !strings.Contains(errs, "fork") {
		t.Fatalf("verify against a fork: exit %d, %q", code, errs)
	}
	// The same fork is accepted by a verifier that never saw the first
	// history: only a pin (or a witness) exposes a fork.
	if code, _, errs := verify(t, s2.url, filepath.Join(t.TempDir(), "fresh.json"), ""); code != 0 {
		t.Fatalf("fresh verifier: %q", errs)
	}
}

func TestTamperProjection(t *testing.T) {
	dir, res, s, trust := populated(t)
	// Change the stored projection behind the log's back: replay notices.
	s.stop()
	db := openDB(t, dir)
	if _, err := db.Exec(`UPDATE objects SET body = replace(body, 'party 3', 'party Y') WHERE kind = 'party'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, _ := run(t, "log", "replay", "--data", dir)
	if code == 0 || !strings.Contains(out, "party pty_6") {
		t.Fatalf("replay after editing the projection: exit %d, %q", code, out)
	}
	// And a server started on it shows a state that log verify refuses
	// (without its snapshot: that one is checked against the log's root
	// and would show the log's state, not the drifted projection).
	s2 := serve(t, "--data", dir, "--snapshot", "off")
	code, _, errs := verify(t, s2.url, trust, res.Token)
	if code == 0 || !strings.Contains(errs, "state check failed") || !strings.Contains(errs, "/v1/parties") {
		t.Fatalf("verify with a drifted projection: exit %d, %q", code, errs)
	}
	s2.stop()
	// Rebuilding the projection from the log repairs it.
	code, out, errs = run(t, "log", "replay", "--data", dir, "--rebuild")
	if code != 0 || !strings.Contains(out, "rewrote 1 objects") || !strings.Contains(out, "equals the replay") {
		t.Fatalf("replay --rebuild: exit %d, %q %q", code, out, errs)
	}
	s3 := serve(t, "--data", dir)
	if code, _, errs := verify(t, s3.url, trust, res.Token); code != 0 {
		t.Fatalf("verify after rebuild: %q", errs)
	}
}

// TestCrash kills a server with SIGKILL at random moments while it takes
// concurrent writes, 20 times, and checks after each restart that every
// acknowledged write is there, the log verifies and the replay equals the
// projection.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test is long")
	}
	dir, res := initDir(t)
	trust := filepath.Join(t.TempDir(), "trust.json")
	acked := map[string]uint64{} // party name → log index, for every 2xx
	ctx := context.Background()
	seed := os.Getpid()
	for round := range 20 {
		cmd, url := startChild(t, "--data", dir)
		coord := client(t, url, res.Token)
		// Everything acknowledged before is there, at the same index.
		var parties []struct {
			Name     string `json:"name"`
			LogIndex uint64 `json:"log_index"`
		}
		if err := coord.Get(ctx, "/v1/parties", &parties); err != nil {
			t.Fatal(err)
		}
		have := map[string]uint64{}
		for _, p := range parties {
			have[p.Name] = p.LogIndex
		}
		for name, idx := range acked {
			if got, ok := have[name]; !ok || got != idx {
				t.Fatalf("round %d: acknowledged write %q (index %d) is missing after the crash (got %d, %v)", round, name, idx, got, ok)
			}
		}
		if code, _, errs := verify(t, url, trust, res.Token); code != 0 {
			t.Fatalf("round %d: verify after restart: %s", round, errs)
		}
		// Kill after a pseudo-random number of acknowledgements, while
		// eight writers are still sending.
		killAt := 5 + (seed*7919+round*104729)%60
		type ack struct {
			name string
			idx  uint64
		}
		acks := make(chan ack, 1024)
		stop := make(chan struct{})
		done := make(chan struct{})
		for w := range 8 {
			go func() {
				defer func() { done <- struct{}{} }()
				c := client(t, url, res.Token)
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					name := fmt.Sprintf("r%d-w%d-%d", round, w, i)
					var p struct {
						LogIndex uint64 `json:"log_index"`
					}
					if err := c.Post(ctx, "/v1/parties", map[string]string{"name": name, "kind": "party"}, &p); err != nil {
						return // the server is gone
					}
					acks <- ack{name, p.LogIndex}
				}
			}()
		}
		for n := 0; n < killAt; n++ {
			a := <-acks
			acked[a.name] = a.idx
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		close(stop)
		for range 8 {
			<-done
		}
		close(acks)
		for a := range acks {
			acked[a.name] = a.idx
		}
		// The store, as the killed process left it, replays to its projection.
		store, err := sqlite.Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		diffs, _, err := center.Replay(ctx, store, nil)
		store.Close()
		if err != nil || len(diffs) > 0 {
			t.Fatalf("round %d: replay after SIGKILL: %v %v", round, err, diffs)
		}
	}
	if len(acked) < 20*5 {
		t.Fatalf("only %d writes acknowledged", len(acked))
	}
	t.Logf("%d acknowledged writes survived 20 SIGKILLs", len(acked))
}
