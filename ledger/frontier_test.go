package ledger

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// TestFrontierAnswersAppends: a writer appending batches of every size
// through a Frontier writes the same stored hashes as one reading the
// store for each, and gets the tree's head through it, while asking the
// store for each stored hash at most once (a subtree of the frontier
// that no batch has met yet). When the log grows behind its back, or a
// commit's outcome is unknown (Reset), it asks the store again and
// still writes the right hashes.
func TestFrontierAnswersAppends(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 3))
	var m memLog
	// The log holds 37 entries before the writer's first batch.
	for i := range 37 {
		m.append(t, []byte(fmt.Sprint("before ", i)))
	}
	var f Frontier
	reads := 0
	asked := map[int64]bool{}
	store := tlog.HashReaderFunc(func(idx []int64) ([]Hash, error) {
		for _, x := range idx {
			if asked[x] {
				t.Fatalf("stored hash %d asked of the store twice", x)
			}
			asked[x] = true
		}
		reads += len(idx)
		return m.read(idx)
	})
	appendBatch := func(k int) []HashRow {
		t.Helper()
		n := int64(len(m.entries))
		es := make([][]byte, k)
		for i := range es {
			es[i] = []byte(fmt.Sprint("entry ", n+int64(i)))
		}
		rows, err := AppendHashes(n, es, f.Reader(n, store))
		if err != nil {
			t.Fatal(err)
		}
		want, err := AppendHashes(n, es, tlog.HashReaderFunc(m.read))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(rows) != fmt.Sprint(want) {
			t.Fatalf("batch at %d: rows through the frontier differ from the store's", n)
		}
		for _, r := range rows {
			m.hashes = append(m.hashes, r.Hash)
		}
		m.entries = append(m.entries, es...)
		return rows
	}
	// checkHead: the tree's head read through f is the store's.
	checkHead := func(f *Frontier) {
		t.Helper()
		n := int64(len(m.entries))
		head, err := TreeHash(n, f.Reader(n, store))
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := TreeHash(n, tlog.HashReaderFunc(m.read)); head != want {
			t.Fatalf("the head of %d entries through the frontier: %v, want %v", n, head, want)
		}
	}
	for batch := range 400 {
		k := 1 + rng.IntN(40)
		if batch%50 == 49 {
			k = 1 + rng.IntN(3000) // a batch crossing many levels
		}
		rows := appendBatch(k)
		f.Advance(int64(len(m.entries)), rows)
		checkHead(&f)
	}
	// Without the frontier each batch would read up to a hash a level.
	if reads > 40 {
		t.Errorf("%d stored hashes read from the store over %d entries; want at most one a level", reads, len(m.entries))
	}
	clear(asked)
	// Another writer appends: the frontier keeps the subtrees still
	// whole, and asks the store for what that entry made (each hash once
	// at most, as before).
	m.append(t, []byte("by another process"))
	before := reads
	rows := appendBatch(5)
	f.Advance(int64(len(m.entries)), rows)
	if reads == before {
		t.Error("after the log grew behind the frontier, the store was not asked")
	}
	// A reader of tree heads told of sizes after commits it did not
	// see, as the publisher is: the head of each, and each stored hash
	// asked of the store once at most.
	var heads Frontier
	clear(asked)
	for range 50 {
		for range 1 + rng.IntN(30) {
			m.append(t, []byte(fmt.Sprint("unseen ", len(m.entries))))
		}
		checkHead(&heads)
	}
	// A commit whose outcome is unknown.
	clear(asked)
	f.Reset()
	f.Reader(int64(len(m.entries)), store) // the writer's next batch
	if f.have != 0 {
		t.Fatal("after Reset the frontier still holds hashes")
	}
	before = reads
	rows = appendBatch(7)
	f.Advance(int64(len(m.entries)), rows)
	if reads == before {
		t.Error("after Reset, the store was not asked")
	}
	before = reads
	rows = appendBatch(9)
	f.Advance(int64(len(m.entries)), rows)
	if reads != before {
		t.Errorf("the batch after a read-back asked the store for %d hashes", reads-before)
	}
}

// TestFrontierReaderDuplicates: a reader asked for the same missing hash
// twice in one call gives it twice and keeps the answers in order.
func TestFrontierReaderDuplicates(t *testing.T) {
	var m memLog
	for i := range 7 {
		m.append(t, []byte(fmt.Sprint(i)))
	}
	var f Frontier
	x := tlog.StoredHashIndex(1, 2) // on the frontier of 7: entries 4 and 5
	y := tlog.StoredHashIndex(0, 3) // not on it
	idx := []int64{x, y, x, y}
	got, err := f.Reader(7, tlog.HashReaderFunc(m.read)).ReadHashes(idx)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := m.read(idx)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if f.have != 1<<1 {
		t.Errorf("kept levels %b, want only level 1", f.have)
	}
}
