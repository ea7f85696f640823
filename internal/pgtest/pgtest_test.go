package pgtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestCluster(t *testing.T) {
	c := Start(t)
	ctx := context.Background()
	dir := c.dir

	// A schema DSN sees only its schema.
	dsn := c.Schema(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var schema, sync, fsync string
	if err := conn.QueryRow(ctx, `SELECT current_schema(), current_setting('synchronous_commit'), current_setting('fsync')`).Scan(&schema, &sync, &fsync); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(dsn, "search_path="+schema) || sync != "on" || fsync != "on" {
		t.Fatalf("schema %q, synchronous_commit %s, fsync %s for %s", schema, sync, fsync, dsn)
	}
	if other := c.Schema(t); other == dsn {
		t.Fatal("two schemas with one DSN")
	}

	// The server runs as an unprivileged user, and asks for a password.
	st, err := os.Stat(filepath.Join(dir, "data", "PG_VERSION"))
	if err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 && fileUID(st) == 0 {
		t.Fatal("the cluster's files belong to root")
	}
	bad := strings.Replace(c.DSN("postgres"), c.password, "wrong", 1)
	if conn, err := pgx.Connect(ctx, bad); err == nil {
		conn.Close(ctx)
		t.Fatal("a wrong password was accepted")
	}

	// PostGIS, where installed, can be used by benchmarks.
	if _, err := os.Stat("/usr/share/postgresql/15/extension/postgis.control"); err == nil {
		db := c.Database(t)
		pc, err := pgx.Connect(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer pc.Close(ctx)
		var v string
		if _, err := pc.Exec(ctx, `CREATE EXTENSION postgis`); err != nil {
			t.Fatal(err)
		}
		if err := pc.QueryRow(ctx, `SELECT postgis_lib_version()`).Scan(&v); err != nil || !strings.HasPrefix(v, "3.") {
			t.Fatalf("postgis %q, %v", v, err)
		}
	}

	// Restart keeps the data; Stop removes the directory.
	if err := c.Restart(); err != nil {
		t.Fatal(err)
	}
	if err := c.Exec(ctx, "postgres", "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("%s is still there after Stop: %v", dir, err)
	}
}

func fileUID(fi os.FileInfo) uint32 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Uid
	}
	return 0
}
