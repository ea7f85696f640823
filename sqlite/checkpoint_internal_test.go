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
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ran := make(chan error, 1)
	s.checkpointed = func(err error) { ran <- err }
	size := func() int64 {
		fi, err := os.Stat(filepath.Join(dir, FileName))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	// Fold what the migrations left, so that the file's size below is
	// moved by the commits alone.
	if _, err := s.c.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	before := size()
	body := []byte(`"` + strings.Repeat("x", 16<<10) + `"`)
	for i := range checkpointEvery {
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Put("object", fmt.Sprint(i), body); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
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
