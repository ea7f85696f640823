package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/sqlite"
	"github.com/truce-center/truce/storetest"
)

func TestContract(t *testing.T) {
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
