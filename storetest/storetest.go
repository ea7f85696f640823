// Package storetest is the contract every engine.Store MUST meet, as one
// suite that runs against each implementation (SQLite always, PostgreSQL
// in CI). A store that passes it can carry a center; a behaviour that is
// not tested here is not part of the contract.
package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/ledger"
)

// Run runs the suite. open returns a new, empty store each time it is
// called; openAgain, if not nil, opens a second handle on the same
// database as the store passed to it (another process's view).
func Run(t *testing.T, open func(t *testing.T) engine.Store, openAgain func(t *testing.T, s engine.Store) engine.Store) {
	t.Run("Empty", func(t *testing.T) { testEmpty(t, open(t)) })
	t.Run("AppendAndRead", func(t *testing.T) { testAppend(t, open(t)) })
	t.Run("Rollback", func(t *testing.T) { testRollback(t, open(t)) })
	t.Run("Objects", func(t *testing.T) { testObjects(t, open(t)) })
	t.Run("Payloads", func(t *testing.T) { testPayloads(t, open(t)) })
	t.Run("KeysThatAreHashes", func(t *testing.T) { testHashKeys(t, open(t), nil) })
	t.Run("LargePayloadWithItsEntry", func(t *testing.T) { testLargePayload(t, open(t)) })
	t.Run("SerializedWriters", func(t *testing.T) { testSerialized(t, open(t), nil) })
	t.Run("StoredTiles", func(t *testing.T) { testStoredTiles(t, open(t)) })
	if openAgain != nil {
		t.Run("SerializedAcrossHandles", func(t *testing.T) {
			s := open(t)
			testSerialized(t, s, openAgain(t, s))
		})
		t.Run("KeysThatAreHashesAcrossHandles", func(t *testing.T) {
			s := open(t)
			testHashKeys(t, s, openAgain(t, s))
		})
	}
}

func testEmpty(t *testing.T, s engine.Store) {
	ctx := context.Background()
	n, err := s.Size(ctx)
	if err != nil || n != 0 {
		t.Fatalf("Size of an empty store = %d, %v", n, err)
	}
	size, err := s.Load(ctx, func(kind, id string, body []byte) error {
		return fmt.Errorf("unexpected object %s %s", kind, id)
	})
	if err != nil || size != 0 {
		t.Fatalf("Load = %d, %v", size, err)
	}
	es, err := s.Entries(ctx, 0, 0)
	if err != nil || len(es) != 0 {
		t.Fatalf("Entries(0,0) = %v, %v", es, err)
	}
	if _, err := s.Entries(ctx, 0, 1); err == nil {
		t.Fatal("Entries beyond the log succeeded")
	}
}

// appendN appends n entries through one transaction, with real hashes.
func appendN(t *testing.T, s engine.Store, n int, tag string) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var es [][]byte
	for i := range n {
		es = append(es, fmt.Appendf(nil, `{"tag":%q,"i":%d}`, tag, int(tx.Size())+i))
	}
	rows, err := ledger.AppendHashes(int64(tx.Size()), es, reader(tx.ReadHashes))
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Append(es, rows); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

type reader func([]int64) ([]ledger.Hash, error)

func (r reader) ReadHashes(idx []int64) ([]ledger.Hash, error) { return r(idx) }

func testAppend(t *testing.T, s engine.Store) {
	ctx := context.Background()
	appendN(t, s, 3, "a")
	appendN(t, s, 300, "b")
	n, err := s.Size(ctx)
	if err != nil || n != 303 {
		t.Fatalf("Size = %d, %v; want 303", n, err)
	}
	es, err := s.Entries(ctx, 2, 5)
	if err != nil || len(es) != 3 || !bytes.Equal(es[0], []byte(`{"tag":"a","i":2}`)) || !bytes.Equal(es[2], []byte(`{"tag":"b","i":4}`)) {
		t.Fatalf("Entries(2,5) = %q, %v", es, err)
	}
	// The stored hashes make the same tree as the entries.
	all, err := s.Entries(ctx, 0, n)
	if err != nil {
		t.Fatal(err)
	}
	root, err := ledger.TreeHash(int64(n), reader(func(idx []int64) ([]ledger.Hash, error) { return s.ReadHashes(ctx, idx) }))
	if err != nil {
		t.Fatal(err)
	}
	var mem []ledger.Hash
	memReader := reader(func(idx []int64) ([]ledger.Hash, error) {
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
	want, _ := ledger.TreeHash(int64(n), memReader)
	if root != want {
		t.Fatal("the stored hashes do not make the tree of the stored entries")
	}
	// Duplicate and missing hash indexes are handled.
	hs, err := s.ReadHashes(ctx, []int64{5, 1, 5})
	if err != nil || hs[0] != hs[2] || hs[0] != mem[5] || hs[1] != mem[1] {
		t.Fatalf("ReadHashes with a repeat: %v", err)
	}
	if _, err := s.ReadHashes(ctx, []int64{1 << 40}); err == nil {
		t.Fatal("ReadHashes of a missing index succeeded")
	}
}

func testRollback(t *testing.T, s engine.Store) {
	ctx := context.Background()
	appendN(t, s, 2, "kept")
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Append([][]byte{[]byte(`{"dropped":1}`)}, nil); err != nil {
		t.Fatal(err)
	}
	tx.Put("party", "p1", []byte(`{"x":1}`))
	tx.PutPayload("k", []byte("v"))
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	n, _ := s.Size(ctx)
	p, _ := s.Payload(ctx, "k")
	objects := 0
	s.Load(ctx, func(string, string, []byte) error { objects++; return nil })
	if n != 2 || p != nil || objects != 0 {
		t.Fatalf("after rollback: size %d, payload %q, %d objects", n, p, objects)
	}
	// The lock is free again.
	appendN(t, s, 1, "after")
}

func testObjects(t *testing.T, s engine.Store) {
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx.Append([][]byte{[]byte(`{}`)}, mustHashes(t, tx, [][]byte{[]byte(`{}`)}))
	for _, o := range []struct{ kind, id, body string }{{"party", "a", `{"v":1}`}, {"party", "b", `{"v":2}`}, {"member", "a", `{"v":3}`}} {
		if err := tx.Put(o.kind, o.id, []byte(o.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Put("party", "a", []byte(`{"v":4}`)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Put("party", "b", nil); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	size, err := s.Load(ctx, func(kind, id string, body []byte) error {
		got[kind+"/"+id] = string(body)
		return nil
	})
	if err != nil || size != 1 || len(got) != 2 || got["party/a"] != `{"v":4}` || got["member/a"] != `{"v":3}` {
		t.Fatalf("Load = %d %v %v", size, got, err)
	}
}

// end commits tx, or rolls it back.
func end(t *testing.T, tx engine.Tx, commit bool) {
	t.Helper()
	err := tx.Rollback
	if commit {
		err = tx.Commit
	}
	if err := err(); err != nil {
		t.Fatal(err)
	}
}

func mustHashes(t *testing.T, tx engine.Tx, es [][]byte) []ledger.HashRow {
	rows, err := ledger.AppendHashes(int64(tx.Size()), es, reader(tx.ReadHashes))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func testPayloads(t *testing.T, s engine.Store) {
	ctx := context.Background()
	tx, _ := s.Begin(ctx)
	tx.PutPayload("sha256:x", []byte("first"))
	tx.PutPayload("sha256:x", []byte("second"))
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	p, err := s.Payload(ctx, "sha256:x")
	if err != nil || string(p) != "first" {
		t.Fatalf("Payload = %q, %v; the first write must stay", p, err)
	}
	if p, err := s.Payload(ctx, "none"); p != nil || err != nil {
		t.Fatalf("missing payload = %q, %v", p, err)
	}
}

// testLargePayload stores a public payload of several megabytes (a
// precise shape of 100,000 vertices kept beside the log) with the entry
// that names it: after a rollback neither is there, after a commit both
// are, byte for byte.
func testLargePayload(t *testing.T, s engine.Store) {
	ctx := context.Background()
	data := make([]byte, 4<<20)
	for i := range data {
		data[i] = byte('0' + i*7%10)
	}
	ref := ledger.PayloadRef(data)
	key := "public:" + ref
	entry := []byte(`{"geometry_ref":"` + ref + `"}`)
	for _, commit := range []bool{false, true} {
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Append([][]byte{entry}, mustHashes(t, tx, [][]byte{entry})); err != nil {
			t.Fatal(err)
		}
		if err := tx.PutPayload(key, data); err != nil {
			t.Fatal(err)
		}
		end(t, tx, commit)
		n, _ := s.Size(ctx)
		p, err := s.Payload(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !commit && (n != 0 || p != nil):
			t.Fatalf("after rollback: %d entries, payload of %d bytes", n, len(p))
		case commit && (n != 1 || ledger.CheckPayload(ref, p) != nil):
			t.Fatalf("after commit: %d entries, payload of %d bytes that does not match its address", n, len(p))
		}
	}
}

// testSerialized runs writers on one or two handles at once: every
// transaction must see the ones committed before it, so the log has no
// gap and no position is written twice.
func testSerialized(t *testing.T, s, other engine.Store) {
	if other == nil {
		other = s
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		st := s
		if w%2 == 1 {
			st = other
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				ctx := context.Background()
				tx, err := st.Begin(ctx)
				if err != nil {
					errs <- err
					return
				}
				e := [][]byte{fmt.Appendf(nil, `{"w":%d,"at":%d}`, w, tx.Size())}
				rows, err := ledger.AppendHashes(int64(tx.Size()), e, reader(tx.ReadHashes))
				if err == nil {
					err = tx.Append(e, rows)
				}
				if err == nil {
					err = tx.Commit()
				} else {
					tx.Rollback()
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	ctx := context.Background()
	n, _ := s.Size(ctx)
	if n != 80 {
		t.Fatalf("size %d after 80 serialized appends", n)
	}
	es, err := s.Entries(ctx, 0, n)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range es {
		if !bytes.Contains(e, fmt.Appendf(nil, `"at":%d}`, i)) {
			t.Fatalf("entry %d was written believing the log had another size: %s", i, e)
		}
	}
}

// testStoredTiles checks, for a store that keeps full tiles
// (engine.TileStore), that each one is stored once complete, with the
// bytes the tile has when computed from the entries and stored hashes,
// and that no partial tile is stored. Appends of uneven sizes cross tile
// boundaries inside and between transactions, past the first full tile
// of level 1 (65,536 entries).
func testStoredTiles(t *testing.T, s engine.Store) {
	ts, ok := s.(engine.TileStore)
	if !ok {
		t.Skip("the store does not keep tiles")
	}
	ctx := context.Background()
	for _, n := range []int{3, 300, 253, 4000} {
		appendN(t, s, n, "t")
	}
	size, err := s.Size(ctx)
	for ; err == nil && size < ledger.TileWidth*ledger.TileWidth+300; size, err = s.Size(ctx) {
		appendN(t, s, 9999, "t")
	}
	if err != nil {
		t.Fatal(err)
	}
	if levels := checkTiles(t, s, size); levels != [3]int{int(size) / ledger.TileWidth, int(size) / ledger.TileWidth, 1} {
		t.Fatalf("full tiles of levels -1, 0, 1: %v", levels)
	}
	last := int64(size) / ledger.TileWidth
	for _, tl := range []ledger.Tile{{Level: -1, Index: last, Width: int(size % ledger.TileWidth)}, {Level: -1, Index: last, Width: ledger.TileWidth}, {Level: 1, Index: 1, Width: ledger.TileWidth}} {
		if got, err := ts.StoredTile(ctx, tl); err != nil || got != nil {
			t.Fatalf("tile %s (not complete) is stored: %v", tl.Path(), err)
		}
	}
}

// checkTiles checks that every full tile of the log's size entries is
// stored, with the bytes computed from its entries and stored hashes, and
// returns how many there are of levels -1, 0 and 1.
func checkTiles(t *testing.T, s engine.Store, size uint64) [3]int {
	t.Helper()
	ctx := context.Background()
	ts := s.(engine.TileStore)
	hashes := reader(func(idx []int64) ([]ledger.Hash, error) { return s.ReadHashes(ctx, idx) })
	full := ledger.CompletedTiles(0, int64(size))
	var levels [3]int
	for _, tl := range full {
		got, err := ts.StoredTile(ctx, tl)
		if err != nil || got == nil {
			t.Fatalf("tile %s: %v (stored: %v)", tl.Path(), err, got != nil)
		}
		var want []byte
		if tl.IsEntries() {
			es, err := s.Entries(ctx, uint64(tl.Index)*ledger.TileWidth, uint64(tl.Index+1)*ledger.TileWidth)
			if err != nil {
				t.Fatal(err)
			}
			want, err = ledger.MarshalBundle(es)
			if err != nil {
				t.Fatal(err)
			}
		} else if want, err = ledger.TileData(tl, int64(size), hashes); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("tile %s as stored differs from the tile computed", tl.Path())
		}
		levels[tl.Level+1]++
	}
	return levels
}

// Backfiller is a store that stores, when opened, the full tiles of a
// log that completed them before the store kept tiles.
type Backfiller interface {
	engine.TileStore
	BackfillTiles(ctx context.Context) (int, error)
}

// RunBackfill checks that a store whose log has no stored tiles (a
// database made before the store kept them) stores every full tile when
// it is opened again, with the bytes it would have stored on append, and
// that opening it once more writes none. drop deletes the stored tiles of
// s; reopen opens a new handle on the same database.
func RunBackfill(t *testing.T, s engine.Store, drop func(t *testing.T), reopen func(t *testing.T) engine.Store) {
	appendN(t, s, 3*ledger.TileWidth+10, "b")
	drop(t)
	if got, err := s.(engine.TileStore).StoredTile(context.Background(), ledger.Tile{Level: -1, Index: 0, Width: ledger.TileWidth}); err != nil || got != nil {
		t.Fatalf("a dropped tile is still stored (%v)", err)
	}
	again := reopen(t)
	if levels := checkTiles(t, again, 3*ledger.TileWidth+10); levels != [3]int{3, 3, 0} {
		t.Fatalf("full tiles of levels -1, 0, 1 after reopening: %v", levels)
	}
	if n, err := again.(Backfiller).BackfillTiles(context.Background()); err != nil || n != 0 {
		t.Fatalf("a second backfill wrote %d tiles (%v), want none", n, err)
	}
}

// HashKey returns a key in the form of a commitment ("sha256:" and 64
// hex digits) made from seed: the form of a sealed record's id and of its
// opening's payload key, which a store may keep apart from other keys.
func HashKey(seed string) string {
	h := sha256.Sum256([]byte(seed))
	return "sha256:" + hex.EncodeToString(h[:])
}

// testHashKeys writes objects and payloads whose keys are hashes (and a
// few that are not) through one handle and, when other is not nil,
// rewrites, deletes and reads them through another opened before
// them: each key names one object and one payload whichever handle
// wrote it, a payload's first write stays, and nothing a rolled back
// transaction wrote is found.
func testHashKeys(t *testing.T, s, other engine.Store) {
	if other == nil {
		other = s
	}
	ctx := context.Background()
	write := func(st engine.Store, commit bool, fn func(tx engine.Tx)) {
		t.Helper()
		tx, err := st.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		fn(tx)
		end(t, tx, commit)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{}     // kind/id → body
	payloads := map[string]string{} // key → data
	write(s, true, func(tx engine.Tx) {
		for i := range 40 {
			id := HashKey(fmt.Sprint("sealed ", i))
			must(tx.Put("sealed", id, fmt.Appendf(nil, `{"i":%d}`, i)))
			want["sealed/"+id] = fmt.Sprintf(`{"i":%d}`, i)
			must(tx.PutPayload(id, fmt.Appendf(nil, "opening %d", i)))
			payloads[id] = fmt.Sprintf("opening %d", i)
		}
		// The same id under another kind is another object.
		id := HashKey("sealed 0")
		must(tx.Put("other", id, []byte(`{"other":true}`)))
		want["other/"+id] = `{"other":true}`
		// Written, rewritten and deleted in one transaction.
		gone := HashKey("gone")
		must(tx.Put("sealed", gone, []byte(`{"v":1}`)))
		must(tx.Put("sealed", gone, []byte(`{"v":2}`)))
		must(tx.Put("sealed", gone, nil))
		// A key in upper case is not of the form; a payload key with a
		// prefix neither.
		upper := "sha256:" + strings.ToUpper(HashKey("upper")[7:])
		must(tx.Put("sealed", upper, []byte(`{"upper":1}`)))
		want["sealed/"+upper] = `{"upper":1}`
		must(tx.PutPayload("public:"+HashKey("p"), []byte("public")))
		payloads["public:"+HashKey("p")] = "public"
	})
	// A rolled back transaction leaves nothing, and its keys stay free.
	dropped := HashKey("dropped")
	write(other, false, func(tx engine.Tx) {
		must(tx.Put("sealed", dropped, []byte(`{"dropped":1}`)))
		must(tx.PutPayload(dropped, []byte("dropped")))
		must(tx.Put("sealed", HashKey("sealed 1"), nil))
	})
	// The other handle rewrites, deletes and adds; a payload written
	// again keeps its first bytes.
	write(other, true, func(tx engine.Tx) {
		id := HashKey("sealed 2")
		must(tx.Put("sealed", id, []byte(`{"rewritten":2}`)))
		want["sealed/"+id] = `{"rewritten":2}`
		id = HashKey("sealed 3")
		must(tx.Put("sealed", id, nil))
		delete(want, "sealed/"+id)
		must(tx.PutPayload(HashKey("sealed 4"), []byte("again")))
		must(tx.PutPayload("public:"+HashKey("p"), []byte("again")))
		must(tx.Put("sealed", dropped, []byte(`{"kept":1}`)))
		want["sealed/"+dropped] = `{"kept":1}`
		must(tx.PutPayload(dropped, []byte("kept")))
		payloads[dropped] = "kept"
	})
	// The first handle, after the other's writes: deletes what the other
	// rewrote, writes again what the other deleted.
	write(s, true, func(tx engine.Tx) {
		id := HashKey("sealed 2")
		must(tx.Put("sealed", id, nil))
		delete(want, "sealed/"+id)
		id = HashKey("sealed 3")
		must(tx.Put("sealed", id, []byte(`{"back":3}`)))
		want["sealed/"+id] = `{"back":3}`
		must(tx.PutPayload(dropped, []byte("third")))
	})
	for _, st := range []engine.Store{s, other} {
		got := map[string]string{}
		_, err := st.Load(ctx, func(kind, id string, body []byte) error {
			k := kind + "/" + id
			if _, dup := got[k]; dup {
				return fmt.Errorf("%s loaded twice", k)
			}
			got[k] = string(body)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Load:\n got %v\nwant %v", got, want)
		}
		for k, v := range payloads {
			if p, err := st.Payload(ctx, k); err != nil || string(p) != v {
				t.Fatalf("Payload(%s) = %q, %v; want %q", k, p, err, v)
			}
		}
		for _, k := range []string{HashKey("none"), "sha256:", "none", "public:" + HashKey("none")} {
			if p, err := st.Payload(ctx, k); p != nil || err != nil {
				t.Fatalf("Payload(%s) = %q, %v; want none", k, p, err)
			}
		}
	}
}
