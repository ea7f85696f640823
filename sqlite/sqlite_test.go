package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/sqlite"
	"github.com/truce-center/truce/storetest"
)

// TestContract runs the store contract on one handle and two, with the
// whole of each hash's prefix in the map of rows and with keys made to
// share prefixes (sqlite.PrefixMasks).
func TestContract(t *testing.T) {
	for _, mask := range sqlite.PrefixMasks {
		t.Run(fmt.Sprintf("prefix%016x", mask), func(t *testing.T) {
			sqlite.NarrowPrefix(t, mask)
			testContract(t)
		})
	}
}

func testContract(t *testing.T) {
	dirs := map[engine.Store]string{}
	open := func(t *testing.T) engine.Store {
		dir := t.TempDir()
		s, err := sqlite.Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		dirs[s] = dir
		return s
	}
	again := func(t *testing.T, s engine.Store) engine.Store {
		o, err := sqlite.Open(context.Background(), dirs[s])
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { o.Close() })
		return o
	}
	storetest.Run(t, open, again)
}

// TestTilesBackfilled: a database whose log completed tiles before the
// store kept them (here: its tiles deleted by hand) has them all stored
// when it is next opened.
func TestTilesBackfilled(t *testing.T) {
	dir := t.TempDir()
	open := func(t *testing.T) engine.Store {
		s, err := sqlite.Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	drop := func(t *testing.T) {
		db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName)+"?_pragma=busy_timeout(30000)")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec(`DELETE FROM tiles`); err != nil {
			t.Fatal(err)
		}
	}
	storetest.RunBackfill(t, open(t), drop, open)
}

// TestLoadManyObjects: Load gives every object with its own kind, id and
// body, across the runs of rows whose ids it keeps together, in the
// order of kind and id.
func TestLoadManyObjects(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for i := range 1000 {
		kind := []string{"a", "b", "c"}[i%3]
		id := fmt.Sprintf("obj_%d%s", i, strings.Repeat("x", i%7))
		body := fmt.Sprintf(`{"n":%d}`, i)
		if err := tx.Put(kind, id, []byte(body)); err != nil {
			t.Fatal(err)
		}
		want[kind+"/"+id] = body
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var last string
	if _, err := s.Load(ctx, func(kind, id string, body []byte) error {
		key := kind + "/" + id
		if key <= last {
			t.Errorf("%s after %s", key, last)
		}
		last = key
		got[key] = string(body)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("loaded %d objects, want %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
}

// TestNewerSchemaRefused: a store migrated by a newer truce (a schema
// version past this build's newest migration) is refused at Open with
// an error naming both versions, and is left as it was; an older
// build's statements would otherwise fail on its tables with SQLite's
// own words (a downgrade after migration 00004 did).
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	path := filepath.Join(dir, sqlite.FileName)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var known int64
	if err := db.QueryRow(`SELECT MAX(version_id) FROM goose_db_version`).Scan(&known); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, known+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = sqlite.Open(ctx, dir)
	want := fmt.Sprintf("schema is version %d, newer than this build's %d", known+1, known)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Open of a newer store: %v, want an error saying %q", err, want)
	}
	db, err = sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM goose_db_version WHERE version_id = ?`, known+1).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the newer store was changed: %d rows of version %d (%v)", n, known+1, err)
	}
}
