package sqlite_test

import (
	"context"
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
