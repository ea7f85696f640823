package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/truce-center/truce/ledger"
	"github.com/truce-center/truce/storetest"
)

// TestOldStoreOpens: a store written by the schema before migration
// 00004 (sealed records among the objects, keyed by their commitment;
// payloads under a unique index on their key), with the statements the
// store wrote then, opens, and reads as it did: the same entries and
// stored hashes, the same objects, the same payloads. Written to
// afterwards, its keys keep their meaning: a payload stored again keeps
// its first bytes, a sealed record rewritten stays one record.
func TestOldStoreOpens(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, FileName)+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, mustSub(migrations, "migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// The log: entries and their stored hashes, as Append wrote them.
	var entries [][]byte
	for i := range 300 {
		entries = append(entries, fmt.Appendf(nil, `{"i":%d,"sealed":%q}`, i, storetest.HashKey(fmt.Sprint(i))))
	}
	var mem []ledger.Hash
	hashes, err := ledger.AppendHashes(0, entries, hashReader(func(idx []int64) ([]ledger.Hash, error) {
		out := make([]ledger.Hash, len(idx))
		for i, x := range idx {
			out[i] = mem[x]
		}
		return out, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		exec(`INSERT INTO entries (idx, data) VALUES (?, ?)`, i, e)
	}
	for _, h := range hashes {
		exec(`INSERT INTO hashes (idx, hash) VALUES (?, ?)`, h.Index, h.Hash[:])
	}
	// The objects and payloads, with the old statements.
	objects := map[string]string{}
	payloads := map[string]string{}
	put := func(kind, id, body string) {
		exec(`INSERT INTO objects (kind, id, body) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body`, kind, id, []byte(body))
		objects[kind+"/"+id] = body
	}
	putPayload := func(key, data string) {
		exec(`INSERT INTO payloads (key, data) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, []byte(data))
		if _, ok := payloads[key]; !ok {
			payloads[key] = data
		}
	}
	for i := range 300 {
		c := storetest.HashKey(fmt.Sprint(i))
		put("sealed", c, fmt.Sprintf(`{"log_index":%d,"party":"pty_1"}`, i))
		putPayload(c, fmt.Sprintf(`{"salt":"s%d","value":{}}`, i))
		put("notification", fmt.Sprintf("ntf_%d", i), fmt.Sprintf(`{"id":"ntf_%d","sealed":%q}`, i, c))
	}
	put("party", "pty_1", `{"name":"us"}`)
	putPayload("public:"+storetest.HashKey("shape"), "a shape")
	putPayload("evidence:"+storetest.HashKey("photo"), "a photo")
	putPayload(storetest.HashKey("0"), "stored again") // kept the first
	db.Close()

	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	check := func(when string) {
		t.Helper()
		size, err := s.Size(ctx)
		if err != nil || size != uint64(len(entries)) {
			t.Fatalf("%s: size %d, %v", when, size, err)
		}
		got, err := s.Entries(ctx, 0, size)
		if err != nil || !slices.EqualFunc(got, entries, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Fatalf("%s: the entries differ (%v)", when, err)
		}
		idx := make([]int64, len(hashes))
		for i, h := range hashes {
			idx[i] = h.Index
		}
		hs, err := s.ReadHashes(ctx, idx)
		if err != nil {
			t.Fatal(err)
		}
		for i, h := range hashes {
			if hs[i] != h.Hash {
				t.Fatalf("%s: stored hash %d differs", when, h.Index)
			}
		}
		loaded := map[string]string{}
		if _, err := s.Load(ctx, func(kind, id string, body []byte) error {
			if _, dup := loaded[kind+"/"+id]; dup {
				return fmt.Errorf("%s/%s loaded twice", kind, id)
			}
			loaded[kind+"/"+id] = string(body)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(loaded, objects) {
			t.Fatalf("%s: Load returns %d objects, not the %d written (or not as written)", when, len(loaded), len(objects))
		}
		for k, v := range payloads {
			if p, err := s.Payload(ctx, k); err != nil || string(p) != v {
				t.Fatalf("%s: Payload(%s) = %q, %v; want %q", when, k, p, err, v)
			}
		}
	}
	check("after the migration")
	// The sealed records left the ordered table for the appended one.
	var inObjects, appended int
	s.r.QueryRow(`SELECT count(*) FROM objects WHERE kind = 'sealed'`).Scan(&inObjects)
	s.r.QueryRow(`SELECT count(*) FROM hashed_objects`).Scan(&appended)
	if inObjects != 0 || appended != 300 {
		t.Fatalf("%d sealed records left in objects, %d in hashed_objects", inObjects, appended)
	}

	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := storetest.HashKey("7")
	for _, err := range []error{
		tx.PutPayload(c, []byte("a second opening")),
		tx.Put("sealed", c, []byte(`{"log_index":7,"party":"pty_2"}`)),
		tx.Put("sealed", storetest.HashKey("8"), nil),
		tx.Put("sealed", storetest.HashKey("new"), []byte(`{"log_index":300}`)),
		tx.PutPayload(storetest.HashKey("new"), []byte("new opening")),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	objects["sealed/"+c] = `{"log_index":7,"party":"pty_2"}`
	delete(objects, "sealed/"+storetest.HashKey("8"))
	objects["sealed/"+storetest.HashKey("new")] = `{"log_index":300}`
	payloads[storetest.HashKey("new")] = "new opening"
	check("after a write")
	// A record read when the store opened, deleted, then written again.
	if tx, err = s.Begin(ctx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Put("sealed", storetest.HashKey("8"), []byte(`{"log_index":8,"again":true}`)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	objects["sealed/"+storetest.HashKey("8")] = `{"log_index":8,"again":true}`
	check("written again")
	s.Close()
	if s, err = Open(ctx, dir); err != nil {
		t.Fatal(err)
	}
	check("opened again")
}

type hashReader func([]int64) ([]ledger.Hash, error)

func (f hashReader) ReadHashes(idx []int64) ([]ledger.Hash, error) { return f(idx) }
