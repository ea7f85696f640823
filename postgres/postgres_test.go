package postgres_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/internal/pgtest"
	"github.com/truce-center/truce/ledger"
	"github.com/truce-center/truce/postgres"
	"github.com/truce-center/truce/storetest"
)

// cluster is one PostgreSQL server for the package's tests; each test
// gets a schema of its own.
var cluster pgtest.Lazy

func TestMain(m *testing.M) {
	code := m.Run()
	if err := cluster.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}

func open(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	c := cluster.Get(t)
	dsns := map[engine.Store]string{}
	fresh := func(t *testing.T) engine.Store {
		dsn := c.Schema(t)
		s := open(t, dsn)
		dsns[s] = dsn
		return s
	}
	again := func(t *testing.T, s engine.Store) engine.Store {
		return open(t, dsns[s])
	}
	storetest.Run(t, fresh, again)
}

// TestTilesBackfilled: a database whose log completed tiles before the
// store kept them (here: its tiles deleted by hand) has them all stored
// when it is next opened.
func TestTilesBackfilled(t *testing.T) {
	dsn := cluster.Get(t).Schema(t)
	drop := func(t *testing.T) {
		conn, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(context.Background(), `DELETE FROM tiles`); err != nil {
			t.Fatal(err)
		}
	}
	storetest.RunBackfill(t, open(t, dsn), drop, func(t *testing.T) engine.Store { return open(t, dsn) })
}

// TestOpenTwiceAtOnce starts several stores on one empty schema at the
// same moment, as nodes started together do: the migrations run once.
func TestOpenTwiceAtOnce(t *testing.T) {
	dsn := cluster.Get(t).Schema(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

func TestNoSchema(t *testing.T) {
	dsn := cluster.Get(t).DSN("postgres") + "&search_path=does_not_exist"
	if _, err := postgres.Open(context.Background(), dsn); err == nil || !strings.Contains(err.Error(), "search_path") {
		t.Fatalf("Open without a schema: %v", err)
	}
}

// appendOne appends one entry through s.
func appendOne(t *testing.T, s engine.Store) {
	t.Helper()
	tx, err := s.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	e := [][]byte{fmt.Appendf(nil, `{"at":%d}`, tx.Size())}
	rows, err := ledger.AppendHashes(int64(tx.Size()), e, hashReader(tx.ReadHashes))
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Append(e, rows); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

type hashReader func([]int64) ([]ledger.Hash, error)

func (r hashReader) ReadHashes(idx []int64) ([]ledger.Hash, error) { return r(idx) }

// received reports whether ch delivers a signal within d.
func received(ch <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case _, ok := <-ch:
		return ok
	case <-t.C:
		return false
	}
}

// drain empties ch of a pending signal.
func drain(ch <-chan struct{}) {
	select {
	case <-ch:
	default:
	}
}

// TestChanges checks the Notifier: a commit on one handle signals the
// listener of another; a rollback, a commit in another schema and the
// listening handle's own commit do not; and the listener survives its connection being killed.
func TestChanges(t *testing.T) {
	c := cluster.Get(t)
	dsn := c.Schema(t)
	a, b := open(t, dsn), open(t, dsn)
	other := open(t, c.Schema(t))
	ctx, cancel := context.WithCancel(context.Background())
	ch := b.Changes(ctx)
	// The first signal says "listening; catch up".
	if !received(ch, 10*time.Second) {
		t.Fatal("no signal once listening")
	}
	appendOne(t, a)
	if !received(ch, 10*time.Second) {
		t.Fatal("a commit on another handle was not signalled")
	}
	// Nothing committed: nothing to say. (A later commit is then the
	// next signal; a stray one would show up before it in the channel.)
	tx, err := a.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tx.Append([][]byte{[]byte(`{}`)}, nil)
	tx.Rollback()
	appendOne(t, other)
	// Nor are the listening store's own commits: its center has them.
	appendOne(t, b)
	if received(ch, 300*time.Millisecond) {
		t.Fatal("a rollback, another schema's commit or the store's own commit was signalled")
	}
	// Many commits coalesce into at most one pending signal.
	for range 5 {
		appendOne(t, a)
	}
	if !received(ch, 10*time.Second) {
		t.Fatal("commits were not signalled")
	}

	// Kill the listening connection: the store reconnects, signals once
	// (notifications may have been lost meanwhile), then carries on.
	drain(ch)
	conn, err := pgx.Connect(context.Background(), c.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var killed int
	if err := conn.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'truce-listen' AND query = 'LISTEN '||$1`, postgres.Channel).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("killed %d listeners, %v; want 1", killed, err)
	}
	if !received(ch, 10*time.Second) {
		t.Fatal("no signal after the listening connection was killed and re-opened")
	}
	appendOne(t, a)
	if !received(ch, 10*time.Second) {
		t.Fatal("a commit after the reconnection was not signalled")
	}

	// Ending ctx closes the channel.
	cancel()
	if !pgtest.WaitFor(10*time.Second, func() bool {
		select {
		case _, ok := <-ch:
			return !ok
		default:
			return false
		}
	}) {
		t.Fatal("the channel stayed open after ctx ended")
	}
}

// TestAppendOnly checks that the database itself refuses to rewrite the
// log.
func TestAppendOnly(t *testing.T) {
	c := cluster.Get(t)
	dsn := c.Schema(t)
	s := open(t, dsn)
	appendOne(t, s)
	schema := dsn[strings.LastIndex(dsn, "=")+1:]
	for _, q := range []string{
		`UPDATE %s.entries SET data = 'x'`,
		`DELETE FROM %s.entries`,
		`TRUNCATE %s.entries`,
		`DELETE FROM %s.hashes`,
	} {
		err := c.Exec(context.Background(), "postgres", fmt.Sprintf(q, schema))
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if n, err := s.Size(context.Background()); n != 1 || err != nil {
		t.Fatalf("size %d, %v after refused rewrites", n, err)
	}
}

// TestServerRestart restarts PostgreSQL under two open stores: writes
// work again once it is back, and the listener reconnects by itself.
func TestServerRestart(t *testing.T) {
	c := cluster.Get(t)
	dsn := c.Schema(t)
	a, b := open(t, dsn), open(t, dsn)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := b.Changes(ctx)
	if !received(ch, 10*time.Second) {
		t.Fatal("no signal once listening")
	}
	appendOne(t, a)
	if err := c.Restart(); err != nil {
		t.Fatal(err)
	}
	// The reconnection is announced (something may have been missed).
	if !received(ch, 20*time.Second) {
		t.Fatal("no signal after the server came back")
	}
	appendOne(t, a)
	if !received(ch, 10*time.Second) {
		t.Fatal("a commit after the restart was not signalled")
	}
	if n, err := b.Size(context.Background()); n != 2 || err != nil {
		t.Fatalf("size %d, %v after the restart; want 2", n, err)
	}
}

// TestStalledWriterReleasesLock: a handle that begins a write transaction
// and then does nothing (a stalled node) loses its session after the
// idle-in-transaction timeout, and the other handles can write again.
func TestStalledWriterReleasesLock(t *testing.T) {
	dsn := cluster.Get(t).Schema(t) + "&idle_in_transaction_session_timeout=500ms"
	a, b := open(t, dsn), open(t, dsn)
	stalled, err := a.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Rollback()
	done := make(chan struct{})
	go func() {
		defer close(done)
		appendOne(t, b) // waits for the lock until the server ends a's session
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the other handle could not write while a stalled transaction held the lock")
	}
	if err := stalled.Commit(); err == nil {
		t.Fatal("the stalled transaction committed after losing its session")
	}
}

// TestMissingPayloadIsNotAnError guards the read retry: a missing row is
// an answer, not a lost connection.
func TestMissingPayloadIsNotAnError(t *testing.T) {
	s := open(t, cluster.Get(t).Schema(t))
	for range 3 {
		if p, err := s.Payload(context.Background(), "none"); p != nil || err != nil {
			t.Fatalf("Payload(none) = %q, %v", p, err)
		}
	}
	if n := postgres.Resets(s); n != 0 {
		t.Fatalf("%d pool resets for missing payloads", n)
	}
}

// frontier is the Go statement of truce_frontier: the stored-hash
// indexes of the roots of the maximal complete subtrees of a tree of n
// entries.
func frontier(n int64) []int64 {
	var out []int64
	start := int64(0)
	for lvl := 62; lvl >= 0; lvl-- {
		if n>>lvl&1 == 1 {
			out = append(out, tlog.StoredHashIndex(lvl, start>>lvl))
			start += 1 << lvl
		}
	}
	return out
}

func TestFrontierFunction(t *testing.T) {
	dsn := cluster.Get(t).Schema(t)
	open(t, dsn) // migrates
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	sizes := []int64{1<<40 + 12345, 1<<62 - 1, 10_000_000}
	for n := int64(0); n < 1100; n++ {
		sizes = append(sizes, n)
	}
	for _, n := range sizes {
		var got []int64
		if err := conn.QueryRow(context.Background(), `SELECT truce_frontier($1)`, n).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := frontier(n); !slices.Equal(got, want) {
			t.Fatalf("truce_frontier(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestAppendReadsOnlyTheFrontier appends batches of many sizes: every
// hash the Merkle update reads comes from what Begin fetched, and the
// tree is right.
func TestAppendReadsOnlyTheFrontier(t *testing.T) {
	s := open(t, cluster.Get(t).Schema(t))
	ctx := context.Background()
	var all [][]byte
	for round := range 60 {
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var es [][]byte
		for i := range 1 + round%17 {
			es = append(es, fmt.Appendf(nil, `{"r":%d,"i":%d}`, round, i))
		}
		rows, err := ledger.AppendHashes(int64(tx.Size()), es, hashReader(tx.ReadHashes))
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Append(es, rows); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		all = append(all, es...)
	}
	if n := postgres.HashReads(s); n != 0 {
		t.Fatalf("%d hash reads went to the database", n)
	}
	var mem []ledger.Hash
	memReader := hashReader(func(idx []int64) ([]ledger.Hash, error) {
		out := make([]ledger.Hash, len(idx))
		for i, x := range idx {
			out[i] = mem[x]
		}
		return out, nil
	})
	rows, err := ledger.AppendHashes(0, all, memReader)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		mem = append(mem, r.Hash)
	}
	want, _ := ledger.TreeHash(int64(len(all)), memReader)
	got, err := ledger.TreeHash(int64(len(all)), hashReader(func(idx []int64) ([]ledger.Hash, error) { return s.ReadHashes(ctx, idx) }))
	if err != nil || got != want {
		t.Fatalf("tree head %x, %v; want %x", got, err, want)
	}
}
