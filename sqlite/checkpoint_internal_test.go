package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckpointerFoldsTheWAL: commits leave their pages in the WAL, and
// the checkpointer, not the committing writer, copies them into the
// database file once checkpointEvery commits have gathered.
func TestCheckpointerFoldsTheWAL(t *testing.T) {
	s, dir, ran := openFolded(t)
	size := func() int64 {
		fi, err := os.Stat(filepath.Join(dir, FileName))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	body := []byte(`"` + strings.Repeat("x", 16<<10) + `"`)
	for i := range checkpointEvery {
		putCommitted(t, s, fmt.Sprint(i), body)
		if i == checkpointEvery-2 && size() != before {
			t.Fatalf("the database file changed from %d to %d bytes before a checkpoint: the writer checkpointed", before, size())
		}
	}
	if err := <-ran; err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	if grown := size() - before; grown < checkpointEvery*16<<10 {
		t.Fatalf("after the checkpoint the database file grew by %d bytes, want at least %d", grown, checkpointEvery*16<<10)
	}
	// Everything committed reads back.
	var n int
	if err := s.r.QueryRow(`SELECT count(*) FROM objects`).Scan(&n); err != nil || n != checkpointEvery {
		t.Fatalf("objects: %d, %v; want %d", n, err, checkpointEvery)
	}
}

// TestCheckpointerFoldsLargeCommitsSooner: commits that write
// checkpointBytes of rows between them wake the checkpointer before
// checkpointEvery commits have gathered (large group commits would
// otherwise fill the WAL to SQLite's own threshold first, and that
// checkpoint runs inside a commit).
func TestCheckpointerFoldsLargeCommitsSooner(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ran := make(chan error, 1)
	s.checkpointed = func(err error) { ran <- err }
	body := []byte(`"` + strings.Repeat("y", 1<<20) + `"`)
	commits := checkpointBytes/len(body) + 1
	if commits >= checkpointEvery {
		t.Fatalf("%d commits of %d bytes: the test needs fewer than %d", commits, len(body), checkpointEvery)
	}
	for i := range commits {
		select {
		case err := <-ran:
			t.Fatalf("a checkpoint ran after %d commits (%v), before %d bytes were written", i, err, checkpointBytes)
		default:
		}
		putCommitted(t, s, fmt.Sprint(i), body)
	}
	if err := <-ran; err != nil { // the test's own timeout if it never runs
		t.Fatalf("checkpoint after %d commits of %d bytes: %v", commits, len(body), err)
	}
	if s.written.Load() != 0 || s.commits.Load() != 0 {
		t.Fatalf("after the checkpoint began, %d commits and %d bytes counted, want none", s.commits.Load(), s.written.Load())
	}
}

// openFolded opens a store in a new directory whose checkpoints are
// told on ran, with what the migrations left folded into the database
// file, so that what the test's commits do is all the WAL holds.
func openFolded(t *testing.T) (s *Store, dir string, ran chan error) {
	t.Helper()
	dir = t.TempDir()
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ran = make(chan error, 1)
	s.checkpointed = func(err error) { ran <- err }
	if _, err := s.c.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	return s, dir, ran
}

// putCommitted writes one object in a transaction of its own and commits.
func putCommitted(t *testing.T, s *Store, id string, body []byte) {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Put("object", id, body); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestWALStartsOverAfterACheckpoint: when the checkpointer could not
// copy every frame (a reader still needed some, as the writer's next
// commits do in a busy server), the writer copies the rest before its
// next transaction, and SQLite starts the WAL over (the header's
// checkpoint sequence number moves), rather than letting it grow until
// its own checkpoint runs inside a commit.
func TestWALStartsOverAfterACheckpoint(t *testing.T) {
	ctx := context.Background()
	s, dir, ran := openFolded(t)
	sequence := func() []byte {
		b, err := os.ReadFile(filepath.Join(dir, FileName+"-wal"))
		if err != nil || len(b) < 32 {
			t.Fatalf("the WAL's header: %d bytes, %v", len(b), err)
		}
		return b[12:16]
	}
	body := []byte(`"` + strings.Repeat("z", 1<<10) + `"`)
	for i := range 10 {
		putCommitted(t, s, fmt.Sprint("a", i), body)
	}
	// A reader holding the snapshot of the first ten commits: the
	// checkpoint cannot copy the frames committed after it.
	rtx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rtx.QueryRow(`SELECT count(*) FROM objects`).Scan(&n); err != nil || n != 10 {
		t.Fatalf("the reader sees %d objects, %v", n, err)
	}
	// The checkpointer runs after the last of these.
	s.commits.Store(0)
	for i := range checkpointEvery {
		putCommitted(t, s, fmt.Sprint("b", i), body)
	}
	if err := <-ran; err != nil {
		t.Fatalf("checkpoint: %v", err)
	}
	rtx.Rollback()
	before := string(sequence())
	putCommitted(t, s, "c", body)
	if string(sequence()) == before {
		t.Fatal("the commit after a checkpoint appended to the WAL instead of starting it over")
	}
	if err := s.r.QueryRow(`SELECT count(*) FROM objects`).Scan(&n); err != nil || n != 11+checkpointEvery {
		t.Fatalf("objects: %d, %v; want %d", n, err, 11+checkpointEvery)
	}
}
