package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Keys that are hashes. A sealed record is an object whose id is its
// commitment, and the commitment's opening is a payload under the same
// key: a SHA-256 hash, so a table ordered by it takes every new row at
// a random place. At a million objects each such insert dirtied a page
// of its own (4 KiB of WAL, and often a read), two per strike, where
// rows that are appended share the table's last page. So the store
// appends them (payloads and hashed_objects, migration 00004), with no
// index on the key, and keeps the key-to-row map here, in memory: about
// 40 bytes a row. It is read from the tables when the store opens and
// kept up with what this handle commits; what other handles on the same
// file commit it reads at the start of each write transaction (under
// the write lock) and when a payload is not found. Row numbers are never
// reused (AUTOINCREMENT), so the rows after the last one read are all
// that can be new.

// hashKey returns the digest a key names when the key is a hash, written
// "sha256:" and 64 lower-case hex digits (migration 00004 moves the
// objects whose ids have this form, and only those).
func hashKey(s string) (h [32]byte, ok bool) {
	x, ok := strings.CutPrefix(s, "sha256:")
	if !ok || len(x) != 64 {
		return h, false
	}
	for i := range len(x) {
		if c := x[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return h, false
		}
	}
	hex.Decode(h[:], []byte(x))
	return h, true
}

// rowIndex maps keys to row numbers: a hash by its 32 bytes, any other
// key (public:…, evidence:…) as it is. The hashes read when the store
// opened are a sorted array (40 bytes a row; a map of them took 92 at a
// million objects, its tables rounded up to powers of two); those
// written since, a map.
type rowIndex struct {
	opened []hashRow // by hash; n < 0: deleted since
	hashes map[[32]byte]int64
	other  map[string]int64
}

type hashRow struct {
	h [32]byte
	n int64
}

// find returns the position of h in opened, if it is there.
func (x *rowIndex) find(h [32]byte) (int, bool) {
	return slices.BinarySearchFunc(x.opened, h, func(r hashRow, h [32]byte) int { return bytes.Compare(r.h[:], h[:]) })
}

func (x *rowIndex) get(key string) (int64, bool) {
	h, ok := hashKey(key)
	if !ok {
		n, ok := x.other[key]
		return n, ok
	}
	if n, ok := x.hashes[h]; ok {
		return n, true
	}
	if i, ok := x.find(h); ok && x.opened[i].n >= 0 {
		return x.opened[i].n, true
	}
	return 0, false
}

// open fills an empty index with the rows read when the store opened,
// given in row order (of two rows of a key, the later wins).
func (x *rowIndex) open(keys []string, rows []int64) {
	x.hashes, x.other = map[[32]byte]int64{}, map[string]int64{}
	var hs []hashRow
	for i, k := range keys {
		if h, ok := hashKey(k); ok {
			hs = append(hs, hashRow{h, rows[i]})
		} else {
			x.other[k] = rows[i]
		}
	}
	slices.SortStableFunc(hs, func(a, b hashRow) int { return bytes.Compare(a.h[:], b.h[:]) })
	// Keep the last row of each hash.
	out := hs[:0]
	for i, r := range hs {
		if i+1 < len(hs) && hs[i+1].h == r.h {
			continue
		}
		out = append(out, r)
	}
	x.opened = slices.Clip(out)
}

// set records key at row n, or forgets key when n < 0.
func (x *rowIndex) set(key string, n int64) {
	if x.hashes == nil {
		x.open(nil, nil)
	}
	h, hashed := hashKey(key)
	switch {
	case hashed:
		if i, ok := x.find(h); ok {
			x.opened[i].n = n
		} else if n >= 0 {
			x.hashes[h] = n
		} else {
			delete(x.hashes, h)
		}
	case n < 0:
		delete(x.other, key)
	default:
		x.other[key] = n
	}
}

// objectKey is how a hashed object is named in rowIndex and in a
// transaction's changes: its kind, a zero byte, its id.
func objectKey(kind, id string) string { return kind + "\x00" + id }

// rows is the store's map of its appended rows. Guarded by Store.mu.
type rows struct {
	payloads rowIndex
	objects  map[string]*rowIndex // by kind
	// The highest row numbers read into the maps.
	payloadsSeen, objectsSeen int64
}

func (r *rows) object(kind, id string) (int64, bool) {
	x := r.objects[kind]
	if x == nil {
		return 0, false
	}
	return x.get(id)
}

func (r *rows) setObject(kind, id string, n int64) {
	x := r.objects[kind]
	if x == nil {
		if r.objects == nil {
			r.objects = map[string]*rowIndex{}
		}
		x = &rowIndex{}
		r.objects[kind] = x
	}
	x.set(id, n)
}

// payloadRow returns the row of the payload under key, if this handle
// has seen it.
func (s *Store) payloadRow(key string) (int64, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rows.payloads.get(key)
}

// objectRow returns the row of a hashed object, if this handle has seen
// it (it may since have been deleted by another handle).
func (s *Store) objectRow(kind, id string) (int64, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rows.object(kind, id)
}

type rowsQuerier interface {
	QueryContext(ctx context.Context, args ...any) (*sql.Rows, error)
}

// queryText runs a statement's text on q (a *sql.DB or *sql.Tx).
type queryText struct {
	q    querier
	text string
}

func (qt queryText) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return qt.q.QueryContext(ctx, qt.text, args...)
}

// readNewPayloads reads into the map the payloads written after the last
// row it holds, with newPayloads (stmtNewPayloads, on some connection).
func (s *Store) readNewPayloads(ctx context.Context, newPayloads rowsQuerier) error {
	s.mu.RLock()
	after := s.rows.payloadsSeen
	s.mu.RUnlock()
	rs, err := newPayloads.QueryContext(ctx, after)
	if err != nil {
		return fmt.Errorf("reading new payloads' keys: %w", err)
	}
	defer rs.Close()
	type row struct {
		n   int64
		key string
	}
	var got []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.n, &r.key); err != nil {
			return fmt.Errorf("reading new payloads' keys: %w", err)
		}
		got = append(got, r)
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("reading new payloads' keys: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	first := s.rows.payloads.hashes == nil
	if first {
		keys, ns := make([]string, len(got)), make([]int64, len(got))
		for i, r := range got {
			keys[i], ns[i] = r.key, r.n
		}
		s.rows.payloads.open(keys, ns)
	}
	for _, r := range got {
		// A payload is never deleted nor stored twice: the row only
		// confirms what the map may already hold.
		if !first {
			s.rows.payloads.set(r.key, r.n)
		}
		s.rows.payloadsSeen = max(s.rows.payloadsSeen, r.n)
	}
	return nil
}

// readNewObjects reads into the map the hashed objects written after the
// last row it holds, with newHashed (stmtNewHashed). Only the writer
// calls it, holding the write lock (or at Open): deletions by other
// handles are not read, and the writer checks each row it finds here.
func (s *Store) readNewObjects(ctx context.Context, newHashed rowsQuerier) error {
	s.mu.RLock()
	after := s.rows.objectsSeen
	s.mu.RUnlock()
	rs, err := newHashed.QueryContext(ctx, after)
	if err != nil {
		return fmt.Errorf("reading new hashed objects: %w", err)
	}
	defer rs.Close()
	type row struct {
		n        int64
		kind, id string
	}
	var got []row
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.n, &r.kind, &r.id); err != nil {
			return fmt.Errorf("reading new hashed objects: %w", err)
		}
		got = append(got, r)
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("reading new hashed objects: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	first := s.rows.objects == nil
	if first {
		ids, ns := map[string][]string{}, map[string][]int64{}
		for _, r := range got {
			ids[r.kind], ns[r.kind] = append(ids[r.kind], r.id), append(ns[r.kind], r.n)
		}
		s.rows.objects = map[string]*rowIndex{}
		for kind := range ids {
			x := &rowIndex{}
			x.open(ids[kind], ns[kind])
			s.rows.objects[kind] = x
		}
	}
	for _, r := range got { // in row order: a later row of a key wins
		if !first {
			s.rows.setObject(r.kind, r.id, r.n)
		}
		s.rows.objectsSeen = max(s.rows.objectsSeen, r.n)
	}
	return nil
}

// installRows makes a committed transaction's rows known.
func (s *Store) installRows(payloads, objects map[string]int64) {
	if len(payloads) == 0 && len(objects) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, n := range payloads {
		s.rows.payloads.set(k, n)
		s.rows.payloadsSeen = max(s.rows.payloadsSeen, n)
	}
	for k, n := range objects {
		kind, id, _ := strings.Cut(k, "\x00")
		s.rows.setObject(kind, id, n)
		s.rows.objectsSeen = max(s.rows.objectsSeen, n)
	}
}

// putHashed writes an object whose id is a hash: updated or deleted in
// its row, or appended.
func (t *txn) putHashed(kind, id string, body []byte) error {
	k := objectKey(kind, id)
	n, ok := t.objects[k]
	if !ok {
		n, ok = t.s.objectRow(kind, id)
	}
	if ok && n >= 0 {
		var (
			res sql.Result
			err error
		)
		if body == nil {
			res, err = t.stmt(stmtDeleteHashed).ExecContext(t.ctx, n)
		} else {
			res, err = t.stmt(stmtUpdateHashed).ExecContext(t.ctx, body, n)
		}
		if err != nil {
			return err
		}
		if c, err := res.RowsAffected(); err != nil {
			return err
		} else if c == 1 {
			if body == nil {
				t.note(&t.objects, k, -1)
			}
			return nil
		}
		// Another handle deleted the row since this one read it.
	}
	if body == nil {
		t.note(&t.objects, k, -1)
		return nil
	}
	res, err := t.stmt(stmtPutHashed).ExecContext(t.ctx, kind, id, body)
	if err != nil {
		return err
	}
	if n, err = res.LastInsertId(); err != nil {
		return err
	}
	t.note(&t.objects, k, n)
	return nil
}

// note records a row the transaction wrote (n < 0: a row it deleted),
// for installRows after the commit.
func (t *txn) note(m *map[string]int64, key string, n int64) {
	if *m == nil {
		*m = map[string]int64{}
	}
	(*m)[key] = n
}
