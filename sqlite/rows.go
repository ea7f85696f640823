package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math/bits"
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
// index on the key, and keeps the key-to-row map here, in memory. It is
// read from the tables when the store opens and kept up with what this
// handle commits; what other handles on the same file commit it reads
// at the start of each write transaction (under the write lock) and
// when a payload is not found. Row numbers are never reused
// (AUTOINCREMENT), so the rows after the last one read are all that can
// be new.
//
// The rows read at open are kept by a prefix of their hash, not the
// whole of it (hashRows: about 4 bytes a row, where (hash, row) took
// 40): a lookup gives every row whose hash has the key's prefix, and
// the statement that reads, updates or deletes the row names the full
// key as well as the row, so that a row of another key with the same
// prefix is passed over. Two keys share a prefix rarely (27 bits of the
// hash at half a million rows: about one lookup in 250 of a key not
// stored meets a row of another key); when they do, the answer is the
// same, one read slower. The rows written since are kept by the hash's
// first 8 bytes in a map (about 38 bytes of heap a row, where the whole
// hash took 100) until they are an eighth of those packed; then they
// are packed with them (rowIndex.pack), so that a server that runs for
// months holds ~4 bytes a row as one just opened does (4.2 B a row
// over a million rows written, BenchmarkRowsWrittenSinceOpen; 37.7 B
// when they stayed in the map until the next open).

// hashKey returns the digest a key names when the key is a hash, written
// "sha256:" and 64 lower-case hex digits (migration 00004 moves the
// objects whose ids have this form, and only those).
func hashKey(s string) (h [32]byte, ok bool) {
	x, ok := strings.CutPrefix(s, "sha256:")
	if !ok || len(x) != 64 {
		return h, false
	}
	for i := range h {
		hi, ok1 := hexDigit(x[2*i])
		lo, ok2 := hexDigit(x[2*i+1])
		if !ok1 || !ok2 {
			return [32]byte{}, false
		}
		h[i] = hi<<4 | lo
	}
	return h, true
}

// hashKeyPrefix is prefixOf the digest a key names when the key is a
// hash (as hashKey says), decoding only the digits of the prefix.
func hashKeyPrefix(s string) (uint64, bool) {
	x, ok := strings.CutPrefix(s, "sha256:")
	if !ok || len(x) != 64 {
		return 0, false
	}
	var p uint64
	for i := range 16 {
		p = p<<4 | uint64(hexValue[x[i]])
	}
	bad := byte(0)
	for i := range len(x) {
		bad |= hexValue[x[i]]
	}
	if bad >= 16 {
		return 0, false
	}
	return p & prefixMask, true
}

// hexDigit is a lower-case hexadecimal digit's value.
func hexDigit(c byte) (byte, bool) {
	v := hexValue[c]
	return v, v < 16
}

// hexValue is each byte's value as a lower-case hexadecimal digit, 0xff
// for a byte that is none (a table: a key's 64 digits are read for
// every row at open).
var hexValue = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c - '0'
	}
	for c := byte('a'); c <= 'f'; c++ {
		t[c] = c - 'a' + 10
	}
	return t
}()

// prefixMask is applied to a hash's first 8 bytes before hashRows uses
// them. Tests narrow it to make different keys share a prefix.
var prefixMask = ^uint64(0)

func prefixOf(h [32]byte) uint64 { return binary.BigEndian.Uint64(h[:8]) & prefixMask }

// hashRows holds the rows of keys that are hashes read at open, by the
// first bits of their hash: a bucket (a bucket for every 16-32 rows) for
// the first `bits`, and in it an entry for each row, the row number in
// its low rowBits bits (enough for the highest row read) and above them
// a tag of the prefix's next bits, as many as the entry has left;
// ascending by tag. An entry is 4 bytes while the rows fit in 24 bits (a tag of
// 8 bits or more), else 8.
type hashRows struct {
	top                    int64 // the highest row
	bits, rowBits, tagBits uint8
	start                  []uint32 // bucket b's entries are [start[b], start[b+1])
	narrow                 []uint32
	wide                   []uint64
}

func (r *hashRows) bucketTag(h [32]byte) (b, t uint64) { return r.bucketTagOf(prefixOf(h)) }

func (r *hashRows) bucketTagOf(p uint64) (b, t uint64) {
	if r.bits > 0 {
		b = p >> (64 - r.bits)
	}
	return b, p << r.bits >> (64 - r.tagBits)
}

// prefixRow is a row by its hash's prefix, of which only the first bits
// may be known (the rest zero).
type prefixRow struct {
	p uint64
	n int64
}

// build fills r with rs, sorted by prefix, every row number above 0, of
// whose prefixes the first known bits are known: buckets and tags use
// no more bits than that (a row packed again from r keeps what r knew,
// and fewer bits only give a key more rows of other keys to pass over).
func (r *hashRows) build(rs []prefixRow, known uint8) {
	var top int64
	for _, e := range rs {
		top = max(top, e.n)
	}
	r.init(len(rs), top, known)
	for i, e := range rs {
		r.put(i, e.p, e.n)
	}
	r.finish()
}

// init makes r empty, sized for n rows up to row top, sorted by the
// first known bits of their prefixes; put fills it in that order and
// finish closes it.
func (r *hashRows) init(n int, top int64, known uint8) {
	r.top = top
	r.bits = min(uint8(bits.Len(uint(n)>>5)), known)
	r.rowBits = uint8(bits.Len64(uint64(top)))
	r.start = make([]uint32, 1<<r.bits+1)
	r.narrow, r.wide = nil, nil
	if r.rowBits <= 24 {
		r.tagBits = 32 - r.rowBits
		r.narrow = make([]uint32, n)
	} else {
		r.tagBits = min(64-r.rowBits, 64-r.bits)
		r.wide = make([]uint64, n)
	}
	r.tagBits = min(r.tagBits, known-r.bits)
}

// put sets r's i-th row: the row n under prefix p.
func (r *hashRows) put(i int, p uint64, n int64) {
	b, t := r.bucketTagOf(p)
	r.start[b+1]++
	if x := t<<r.rowBits | uint64(n); r.narrow != nil {
		r.narrow[i] = uint32(x)
	} else {
		r.wide[i] = x
	}
}

func (r *hashRows) finish() {
	for b := 1; b < len(r.start); b++ {
		r.start[b] += r.start[b-1]
	}
}

// len is how many rows r holds.
func (r *hashRows) len() int { return len(r.narrow) + len(r.wide) }

// known is how many of the prefix's first bits r tells rows apart by.
func (r *hashRows) known() uint8 {
	if len(r.start) == 0 {
		return 64
	}
	return r.bits + r.tagBits
}

// row returns r's i-th row, in order of prefix, with the bits of its
// prefix that r knows; b is the bucket of the row before (0 at first),
// advanced to the row's own.
func (r *hashRows) row(i int, b *int) (p uint64, n int64) {
	for uint32(i) >= r.start[*b+1] {
		*b++
	}
	var e uint64
	if r.narrow != nil {
		e = uint64(r.narrow[i])
	} else {
		e = r.wide[i]
	}
	if r.bits > 0 {
		p = uint64(*b) << (64 - r.bits)
	}
	if r.tagBits > 0 {
		p |= e >> r.rowBits << (64 - r.bits - r.tagBits)
	}
	return p, int64(e & (1<<r.rowBits - 1))
}

// find appends to out the rows whose hash has h's prefix.
func (r *hashRows) find(h [32]byte, out []int64) []int64 {
	if len(r.start) == 0 {
		return out
	}
	b, t := r.bucketTag(h)
	lo, hi := r.start[b], r.start[b+1]
	if r.narrow != nil {
		return findTag(r.narrow[lo:hi], t, r.rowBits, out)
	}
	return findTag(r.wide[lo:hi], t, r.rowBits, out)
}

// findTag appends to out the rows of the entries of es, sorted, whose
// tag is t.
func findTag[E uint32 | uint64](es []E, t uint64, rowBits uint8, out []int64) []int64 {
	i, _ := slices.BinarySearch(es, E(t<<rowBits))
	for ; i < len(es) && uint64(es[i])>>rowBits == t; i++ {
		out = append(out, int64(uint64(es[i])&(1<<rowBits-1)))
	}
	return out
}

// rowIndex maps keys to row numbers: a hash by a prefix of it, in the
// packed rows (hashRows: those read when the store opened, and those
// written since once packed) or in a map of the rows written since the
// last pack (recent: 8 bytes of the hash, where the whole of it took
// 100 bytes of heap a row), or by its 32 bytes when such a row meets
// another under the same prefix (exact); any other key (public:…,
// evidence:…) as it is.
//
// A deleted row is not forgotten by prefix: it can only be given for a
// key whose prefix it shares, and the statement that reads it names the
// key and finds nothing (row numbers are never reused). So a key's
// candidates are its own row, if any, and rows of keys that share its
// prefix, some of them deleted; a key has one live row at most (an
// object is updated in its row), and the rows in the maps are given
// before the packed ones.
type rowIndex struct {
	opened hashRows
	recent map[uint64]int64   // by prefixOf: a row written since the store opened
	exact  map[[32]byte]int64 // written since, when recent held the prefix already
	other  map[string]int64
}

// get appends to out the rows that may hold key: exact (the one row of
// key) when it is not a hash or is held by its 32 bytes, else the rows
// whose hash has key's prefix, newest first, for the caller to tell
// apart by their keys.
func (x *rowIndex) get(key string, out []int64) (rows []int64, exact bool) {
	h, ok := hashKey(key)
	if !ok {
		if n, ok := x.other[key]; ok {
			out = append(out, n)
		}
		return out, true
	}
	if n, ok := x.exact[h]; ok {
		if n >= 0 {
			out = append(out, n)
		}
		return out, true
	}
	if n, ok := x.recent[prefixOf(h)]; ok {
		out = append(out, n)
	}
	return x.opened.find(h, out), false
}

// open fills an empty index with the rows read when the store opened,
// given in row order (of two rows of a key, the later wins).
func (x *rowIndex) open(keys []string, rows []int64) {
	x.recent, x.exact, x.other = map[uint64]int64{}, map[[32]byte]int64{}, map[string]int64{}
	// The hashed keys by prefix, sorted by prefix, key and row: 16 bytes
	// a row to sort (a sort of (hash, row), 40 bytes, took 0.9 s at a
	// million rows; a stable one 1.2 s).
	type keyRow struct {
		p uint64
		i int // in keys and rows
	}
	ks := make([]keyRow, 0, len(keys))
	for i, k := range keys {
		if p, ok := hashKeyPrefix(k); ok {
			ks = append(ks, keyRow{p, i})
		} else {
			x.other[k] = rows[i]
		}
	}
	slices.SortFunc(ks, func(a, b keyRow) int {
		if c := cmp.Compare(a.p, b.p); c != 0 {
			return c
		}
		if c := strings.Compare(keys[a.i], keys[b.i]); c != 0 {
			return c
		}
		return cmp.Compare(rows[a.i], rows[b.i])
	})
	// Keep the last row of each hash; a row number hashRows cannot hold
	// (none: row numbers start at 1) goes to the exact map.
	out := make([]prefixRow, 0, len(ks))
	for j, r := range ks {
		switch n := rows[r.i]; {
		case j+1 < len(ks) && ks[j+1].p == r.p && keys[ks[j+1].i] == keys[r.i]:
		case n <= 0:
			h, _ := hashKey(keys[r.i])
			x.exact[h] = n
		default:
			out = append(out, prefixRow{r.p, n})
		}
	}
	x.opened.build(out, 64)
}

// packFloor is the fewest rows written since the open that are packed
// with the rest (tests lower it).
var packFloor = 4096

// packDue says whether the rows written since the open are many enough
// to pack: an eighth of those packed, so that each row is packed again
// a few times at most, and the map holds a small part of the rows.
func (x *rowIndex) packDue() bool {
	return len(x.recent)+len(x.exact) >= max(packFloor, x.opened.len()/8)
}

// pack moves the rows written since the store opened, held in maps, into
// hashRows with the rows read at open: about 4 bytes a row where the
// maps take 38 (the maps are made anew: a Go map does not give back its
// memory when emptied). The new rows are sorted, then merged in order
// with the packed ones straight into the new entries (no copy of the
// rows beside them), under the store's lock and on the committing
// writer's path: a pause of ~40 ms at a million rows (BenchmarkPack),
// once every eighth more rows — at a million objects, every ~25,000
// strikes. Rows held by their whole hash for want of a row number
// (n ≤ 0) stay in the map.
func (x *rowIndex) pack() {
	add := make([]prefixRow, 0, len(x.recent)+len(x.exact))
	for p, n := range x.recent {
		add = append(add, prefixRow{p, n})
	}
	keep := map[[32]byte]int64{}
	for h, n := range x.exact {
		if n > 0 {
			add = append(add, prefixRow{prefixOf(h), n})
		} else {
			keep[h] = n
		}
	}
	slices.SortFunc(add, func(a, b prefixRow) int { return cmp.Compare(a.p, b.p) })
	// The packed rows and the new ones, merged in order of prefix
	// straight into the new entries.
	old := &x.opened
	top := old.top
	for _, e := range add {
		top = max(top, e.n)
	}
	var next hashRows
	next.init(old.len()+len(add), top, old.known())
	i, j, b := 0, 0, 0
	for k := range old.len() + len(add) {
		if i < old.len() {
			if p, n := old.row(i, &b); j == len(add) || p <= add[j].p {
				next.put(k, p, n)
				i++
				continue
			}
		}
		next.put(k, add[j].p, add[j].n)
		j++
	}
	next.finish()
	x.opened = next
	x.recent, x.exact = map[uint64]int64{}, keep
}

// set records key at row n, or forgets key when n < 0 (a hash's rows
// given by prefix are left: see rowIndex).
func (x *rowIndex) set(key string, n int64) {
	if x.recent == nil {
		x.open(nil, nil)
	}
	h, hashed := hashKey(key)
	if !hashed {
		if n < 0 {
			delete(x.other, key)
		} else {
			x.other[key] = n
		}
		return
	}
	if n < 0 {
		delete(x.exact, h)
		return
	}
	p := prefixOf(h)
	switch m, ok := x.recent[p]; {
	case !ok:
		x.recent[p] = n
	case m != n:
		// Another key's row under the prefix, or this key's deleted one:
		// which, the map cannot tell.
		x.exact[h] = n
	}
	if x.packDue() {
		x.pack()
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

func (r *rows) object(kind, id string, out []int64) []int64 {
	x := r.objects[kind]
	if x == nil {
		return out
	}
	out, _ = x.get(id, out)
	return out
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

// payloadRows appends to out the rows that may hold the payload under
// key, of those this handle has seen (see rowIndex.get).
func (s *Store) payloadRows(key string, out []int64) (rows []int64, exact bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rows.payloads.get(key, out)
}

// objectRows appends to out the rows that may hold a hashed object, of
// those this handle has seen (it may since have been deleted by another
// handle).
func (s *Store) objectRows(kind, id string, out []int64) []int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rows.object(kind, id, out)
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
	first := s.rows.payloads.recent == nil
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
// its row, or appended. The statements name the row and the key, so a
// row of another key that shares the prefix is left alone.
func (t *txn) putHashed(kind, id string, body []byte) error {
	k := objectKey(kind, id)
	var buf [4]int64
	ns := buf[:0]
	if n, ok := t.objects[k]; ok {
		ns = append(ns, n)
	} else {
		ns = t.s.objectRows(kind, id, ns)
	}
	for _, n := range ns {
		if n < 0 {
			continue
		}
		var (
			res sql.Result
			err error
		)
		if body == nil {
			res, err = t.stmt(stmtDeleteHashed).ExecContext(t.ctx, n, kind, id)
		} else {
			res, err = t.stmt(stmtUpdateHashed).ExecContext(t.ctx, body, n, kind, id)
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
		// Another key's row, or another handle deleted the row since
		// this one read it.
	}
	if body == nil {
		t.note(&t.objects, k, -1)
		return nil
	}
	res, err := t.stmt(stmtPutHashed).ExecContext(t.ctx, kind, id, body)
	if err != nil {
		return err
	}
	n, err := res.LastInsertId()
	if err != nil {
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
