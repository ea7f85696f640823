package sqlite_test

import (
	"context"
	"testing"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/sqlite"
	"github.com/truce-center/truce/storetest"
)

func TestContract(t *testing.T) {
	dirs := map[center.Store]string{}
	open := func(t *testing.T) center.Store {
		dir := t.TempDir()
		s, err := sqlite.Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		dirs[s] = dir
		return s
	}
	again := func(t *testing.T, s center.Store) center.Store {
		o, err := sqlite.Open(context.Background(), dirs[s])
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { o.Close() })
		return o
	}
	storetest.Run(t, open, again)
}
