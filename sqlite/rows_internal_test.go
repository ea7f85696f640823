package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

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
// 4-byte entries and ones that take 8.
func TestRowIndexAgainstAMap(t *testing.T) {
	for _, tc := range []struct {
		mask  uint64
		first int64
	}{{PrefixMasks[0], 1}, {PrefixMasks[1], 1}, {PrefixMasks[2], 1}, {PrefixMasks[3], 1}, {PrefixMasks[1], 1 << 40}, {PrefixMasks[2], 1 << 40}, {PrefixMasks[3], 1 << 40}} {
		mask := tc.mask
		t.Run(fmt.Sprintf("%016x,%d", mask, tc.first), func(t *testing.T) {
			NarrowPrefix(t, mask)
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
			next := tc.first
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
			if wide := tc.first > 1<<24; wide != (x.opened.wide != nil) {
				t.Fatalf("rows from %d: wide entries %v, want %v", tc.first, !wide, wide)
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
					for _, r := range rows {
						o, _ := hashKey(keyOf[r])
						if prefixOf(o) != prefixOf(h) {
							t.Fatalf("get(%s) gives row %d of %s, another prefix", k, r, keyOf[r])
						}
					}
				}
			}
			verify()
			for range 3000 {
				k := keys[rng.IntN(len(keys))]
				if rng.IntN(3) == 0 {
					x.set(k, -1)
					delete(truth, k)
					continue
				}
				x.set(k, next)
				truth[k], keyOf[next] = next, k
				next++
			}
			verify()
		})
	}
}

// BenchmarkRowsWrittenSinceOpen reports the heap rowIndex takes for each
// hashed row written after the store opened (b.N rows, from an index
// opened empty): 100 bytes a row when such rows were kept by their whole
// hash, about 38 by the prefix (at a million rows).
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
