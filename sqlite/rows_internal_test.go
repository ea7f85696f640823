package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/storetest"
)

// NarrowPrefix makes rowIndex keep only the bits of mask of each hash's
// prefix until the test ends, so that different keys share a prefix.
// Not for parallel tests.
func NarrowPrefix(t *testing.T, mask uint64) {
	old := prefixMask
	prefixMask = mask
	t.Cleanup(func() { prefixMask = old })
}

// PrefixMasks are the masks the tests run under: every key the same
// prefix; the first two bits only (a few buckets, all tags equal); the
// first 20 bits (rows told apart by their tags, some sharing one); the
// whole prefix.
var PrefixMasks = []uint64{0, 0xc000_0000_0000_0000, 0xffff_f000_0000_0000, ^uint64(0)}

// TestSharedPrefixesAfterReopen: keys read at open that share a prefix
// are each found at their own row, and a key not stored is not found,
// through reads, a payload written again, updates and deletions, and
// again after the store is reopened.
func TestSharedPrefixesAfterReopen(t *testing.T) {
	for _, mask := range PrefixMasks {
		t.Run(fmt.Sprintf("%016x", mask), func(t *testing.T) {
			NarrowPrefix(t, mask)
			testSharedPrefixes(t)
		})
	}
}

func testSharedPrefixes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	open := func() *Store {
		t.Helper()
		s, err := Open(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.rowsReady(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	write := func(s *Store, fn func(tx engine.Tx) error) {
		t.Helper()
		tx, err := s.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := fn(tx); err != nil {
			tx.Rollback()
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	const n = 300
	key := func(i int) string { return storetest.HashKey(fmt.Sprint("key ", i)) }
	want := map[string]string{}     // sealed id → body
	payloads := map[string]string{} // key → data
	s := open()
	write(s, func(tx engine.Tx) error {
		for i := range n {
			body := fmt.Sprintf(`{"i":%d}`, i)
			if err := tx.Put("sealed", key(i), []byte(body)); err != nil {
				return err
			}
			want[key(i)] = body
			if err := tx.PutPayload(key(i), fmt.Appendf(nil, "opening %d", i)); err != nil {
				return err
			}
			payloads[key(i)] = fmt.Sprintf("opening %d", i)
		}
		return nil
	})
	s.Close()

	count := func(s *Store, table string) int {
		t.Helper()
		var c int
		if err := s.r.QueryRow(`SELECT count(*) FROM ` + table).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	check := func(s *Store) {
		t.Helper()
		got := map[string]string{}
		if _, err := s.Load(ctx, func(kind, id string, body []byte) error {
			if _, dup := got[id]; dup || kind != "sealed" {
				return fmt.Errorf("%s %s loaded twice or of another kind", kind, id)
			}
			got[id] = string(body)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Load:\n got %v\nwant %v", got, want)
		}
		for k, v := range payloads {
			if p, err := s.Payload(ctx, k); err != nil || string(p) != v {
				t.Fatalf("Payload(%s) = %q, %v; want %q", k, p, err, v)
			}
		}
		for i := n; i < n+50; i++ {
			if _, ok := payloads[key(i)]; ok {
				continue
			}
			if p, err := s.Payload(ctx, key(i)); p != nil || err != nil {
				t.Fatalf("Payload(%s), not stored, = %q, %v", key(i), p, err)
			}
		}
		if c := count(s, "payloads"); c != len(payloads) {
			t.Fatalf("%d payload rows, want %d", c, len(payloads))
		}
		if c := count(s, "hashed_objects"); c != len(want) {
			t.Fatalf("%d hashed_objects rows, want %d", c, len(want))
		}
	}

	s = open()
	defer func() { s.Close() }()
	// The keys read at open share prefixes as the mask says: with no
	// bits kept, every row is a candidate for every key.
	var buf [4]int64
	rows, exact := s.rows.payloads.get(key(7), buf[:0])
	if exact || len(rows) == 0 {
		t.Fatalf("payload rows for a key read at open: %v, exact %v", rows, exact)
	}
	if prefixMask == 0 && len(rows) != n {
		t.Fatalf("with no bits of the prefix kept, %d candidate rows, want %d", len(rows), n)
	}
	check(s)

	// A payload written again keeps its first bytes and adds no row; one
	// not stored, whose prefix rows read at open share, is appended.
	write(s, func(tx engine.Tx) error {
		for i := 0; i < n; i += 7 {
			if err := tx.PutPayload(key(i), []byte("again")); err != nil {
				return err
			}
		}
		for i := n; i < n+10; i++ {
			if err := tx.PutPayload(key(i), fmt.Appendf(nil, "new %d", i)); err != nil {
				return err
			}
			payloads[key(i)] = fmt.Sprintf("new %d", i)
		}
		return nil
	})
	// Updates and deletions go to the key's own row.
	write(s, func(tx engine.Tx) error {
		for i := 0; i < n; i += 3 {
			body := fmt.Appendf(nil, `{"rewritten":%d}`, i)
			if i%2 == 0 {
				body = nil
			}
			if err := tx.Put("sealed", key(i), body); err != nil {
				return err
			}
			if body == nil {
				delete(want, key(i))
			} else {
				want[key(i)] = string(body)
			}
		}
		// Deleting a key never stored touches no row.
		return tx.Put("sealed", key(n+100), nil)
	})
	check(s)
	// Deleted and written again, in a later transaction.
	write(s, func(tx engine.Tx) error {
		body := `{"back":0}`
		want[key(0)] = body
		return tx.Put("sealed", key(0), []byte(body))
	})
	check(s)
	s.Close()
	s = open()
	check(s)
}

// TestRowIndexAgainstAMap: the rows rowIndex gives for a key include the
// key's row, and only rows of keys sharing its prefix, or exactly its row
// when it answers exactly; against a map of every key, over rows read at
// open, written, deleted and written again; with row numbers that take
// 4-byte entries and ones that take 8; with the rows written since the
// open packed with the others as they come (a low floor), and not.
func TestRowIndexAgainstAMap(t *testing.T) {
	for _, tc := range []struct {
		mask  uint64
		first int64
	}{{PrefixMasks[0], 1}, {PrefixMasks[1], 1}, {PrefixMasks[2], 1}, {PrefixMasks[3], 1}, {PrefixMasks[1], 1 << 40}, {PrefixMasks[2], 1 << 40}, {PrefixMasks[3], 1 << 40}} {
		mask := tc.mask
		for _, floor := range []int{packFloor, 64} {
			t.Run(fmt.Sprintf("%016x,%d,pack%d", mask, tc.first, floor), func(t *testing.T) {
				NarrowPrefix(t, mask)
				old := packFloor
				packFloor = floor
				t.Cleanup(func() { packFloor = old })
				testRowIndexAgainstAMap(t, mask, tc.first)
			})
		}
	}
}

func testRowIndexAgainstAMap(t *testing.T, mask uint64, first int64) {
	rng := rand.New(rand.NewPCG(1, uint64(mask)))
	var keys []string
	for i := range 2000 {
		keys = append(keys, storetest.HashKey(fmt.Sprint(i)))
	}
	keys = append(keys, "public:x", "evidence:y")
	truth := map[string]int64{}
	keyOf := map[int64]string{}
	var openKeys []string
	var openRows []int64
	next := first
	for _, k := range keys[:1500] {
		if rng.IntN(10) == 0 {
			continue
		}
		// Some keys twice at open: the later row wins.
		for range 1 + rng.IntN(2) {
			openKeys, openRows = append(openKeys, k), append(openRows, next)
			truth[k], keyOf[next] = next, k
			next++
		}
	}
	var x rowIndex
	x.open(openKeys, openRows)
	if wide := first > 1<<24; wide != (x.opened.wide != nil) {
		t.Fatalf("rows from %d: wide entries %v, want %v", first, !wide, wide)
	}
	verify := func() {
		t.Helper()
		for _, k := range keys {
			var buf [4]int64
			rows, exact := x.get(k, buf[:0])
			n, present := truth[k]
			if exact {
				if present != (len(rows) == 1) || present && rows[0] != n || len(rows) > 1 {
					t.Fatalf("get(%s) = %v exactly; want %d (present %v)", k, rows, n, present)
				}
				continue
			}
			if present && !slices.Contains(rows, n) {
				t.Fatalf("get(%s) = %v, without its row %d", k, rows, n)
			}
			h, _ := hashKey(k)
			// Rows packed are told apart by the prefix's first bits
			// that the packed rows know; the others by the whole of it.
			same := ^uint64(0) << (64 - x.opened.known())
			for _, r := range rows {
				o, _ := hashKey(keyOf[r])
				if (prefixOf(o)^prefixOf(h))&same != 0 {
					t.Fatalf("get(%s) gives row %d of %s, another prefix", k, r, keyOf[r])
				}
			}
		}
	}
	verify()
	packed := x.opened.len()
	for i := range 3000 {
		k := keys[rng.IntN(len(keys))]
		if rng.IntN(3) == 0 {
			x.set(k, -1)
			delete(truth, k)
			continue
		}
		x.set(k, next)
		truth[k], keyOf[next] = next, k
		next++
		if i%500 == 0 {
			verify()
		}
	}
	verify()
	// With a low floor the rows written since the open were
	// packed with the others, several times.
	if packFloor < 1000 && (x.opened.len() <= packed || len(x.recent)+len(x.exact) >= max(packFloor, x.opened.len()/8)) {
		t.Fatalf("after 3,000 writes with packs due every %d rows: %d rows packed (%d at open), %d in the maps", packFloor, x.opened.len(), packed, len(x.recent)+len(x.exact))
	}
}

// TestPackKeepsWhatItKnew: rows packed from an index that knew only the
// first bits of their prefixes are packed by those bits, never by bits
// it did not know: each key still finds its row, through packs that
// would otherwise use more bits.
func TestPackKeepsWhatItKnew(t *testing.T) {
	old := packFloor
	packFloor = 16
	t.Cleanup(func() { packFloor = old })
	var x rowIndex
	var keys []string
	var rows []int64
	for i := range 3000 {
		keys, rows = append(keys, storetest.HashKey(fmt.Sprint(i))), append(rows, int64(i+1))
	}
	x.open(keys[:1000], rows[:1000])
	// As if packed by an index that knew 12 bits.
	var rs []prefixRow
	for i, b := 0, 0; i < x.opened.len(); i++ {
		p, n := x.opened.row(i, &b)
		rs = append(rs, prefixRow{p, n})
	}
	x.opened.build(rs, 12)
	if k := x.opened.known(); k != 12 {
		t.Fatalf("known %d bits, want 12", k)
	}
	for i := 1000; i < len(keys); i++ {
		x.set(keys[i], rows[i])
	}
	if k := x.opened.known(); k > 12 {
		t.Fatalf("after packs, %d bits known of prefixes of which 12 were", k)
	}
	if n := x.opened.len(); n < 2000 || n+len(x.recent)+len(x.exact) != 3000 {
		t.Fatalf("%d rows packed and %d in the maps, of 3,000", n, len(x.recent)+len(x.exact))
	}
	for i, k := range keys {
		var buf [4]int64
		got, _ := x.get(k, buf[:0])
		if !slices.Contains(got, rows[i]) {
			t.Fatalf("get(%s) = %v, without its row %d", k, got, rows[i])
		}
	}
}

// BenchmarkRowsWrittenSinceOpen reports the heap rowIndex takes for each
// hashed row written after the store opened (b.N rows, from an index
// opened empty): 100 bytes a row when such rows were kept by their whole
// hash, about 38 by the prefix in a map (at a million rows), about 4
// since they are packed as they come.
func BenchmarkRowsWrittenSinceOpen(b *testing.B) {
	keys := make([]string, b.N)
	for i := range keys {
		keys[i] = storetest.HashKey(fmt.Sprint(i))
	}
	var x rowIndex
	x.open(nil, nil)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i, k := range keys {
		x.set(k, int64(i+1))
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(b.N), "heap-B/row")
	runtime.KeepAlive(keys)
	var buf [4]int64
	if rows, _ := x.get(keys[b.N-1], buf[:0]); !slices.Contains(rows, int64(b.N)) {
		b.Fatalf("the last key's row is not found: %v", rows)
	}
}

// BenchmarkPack is one pack of the rows written since the open (an
// eighth more) with a million packed rows: the pause it puts on the
// store's lock (pause-ms); and the open that reads a million rows
// (open-ms).
func BenchmarkPack(b *testing.B) {
	const n = 1 << 20
	keys := make([]string, n+n/8)
	rows := make([]int64, len(keys))
	for i := range keys {
		keys[i], rows[i] = storetest.HashKey(fmt.Sprint(i)), int64(i+1)
	}
	old := packFloor
	packFloor = len(keys) // no pack but the benchmark's
	b.Cleanup(func() { packFloor = old })
	var opening, pause time.Duration
	for b.Loop() {
		var x rowIndex
		t0 := time.Now()
		x.open(keys[:n], rows[:n])
		opening += time.Since(t0)
		for i := n; i < len(keys); i++ {
			x.set(keys[i], rows[i])
		}
		runtime.GC()
		t0 = time.Now()
		x.pack()
		pause += time.Since(t0)
	}
	b.ReportMetric(float64(opening.Milliseconds())/float64(b.N), "open-ms")
	b.ReportMetric(float64(pause.Microseconds())/1000/float64(b.N), "pause-ms")
}

// TestHashKeyPrefixAgreesWithHashKey: the prefix read at open from a
// key's first digits is the one hashKey's digest gives, and a key is a
// hash to both or to neither.
func TestHashKeyPrefixAgreesWithHashKey(t *testing.T) {
	good := storetest.HashKey("x")
	keys := []string{good, "public:x", "evidence:y", "sha256:", good[:70], good + "0",
		"sha256:" + strings.ToUpper(good[7:]), good[:70] + "g", good[:8] + "/" + good[9:], "SHA256:" + good[7:]}
	for i := range 20 {
		keys = append(keys, storetest.HashKey(fmt.Sprint(i)))
	}
	for _, k := range keys {
		h, ok1 := hashKey(k)
		p, ok2 := hashKeyPrefix(k)
		if ok1 != ok2 || ok1 && p != prefixOf(h) {
			t.Errorf("%q: hashKey %v (prefix %x), hashKeyPrefix %v (%x)", k, ok1, prefixOf(h), ok2, p)
		}
	}
}
