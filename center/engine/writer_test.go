package engine_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/ledger"
	"github.com/truce-center/truce/sqlite"
	"golang.org/x/mod/sumdb/tlog"
)

// The writer's batches, seen through a handler that records the acts of
// each batch it installs (acts are numbers; a store of real SQLite).

type pend struct{ acts []int }

func (*pend) Changes() ([]engine.Key, [][]byte, error) { return nil, nil, nil }
func (*pend) Payloads() map[string][]byte              { return nil }

type recorder struct {
	mu      sync.Mutex
	size    uint64
	batches [][]int
	hold    int           // an act whose decision waits for release
	holding chan struct{} // told when the writer holds it
	release chan struct{} // closed to let it go
}

func (h *recorder) Size() uint64                    { return h.size }
func (h *recorder) Batch() *pend                    { return &pend{} }
func (h *recorder) Apply(*pend, *truce.Entry) error { return errors.New("no other process writes") }

func (h *recorder) Decide(b *pend, act int) (*truce.Entry, []byte, error) {
	if act == h.hold && h.release != nil {
		h.holding <- struct{}{}
		<-h.release
	}
	b.acts = append(b.acts, act)
	return &truce.Entry{Index: h.size + uint64(len(b.acts)) - 1}, fmt.Appendf(nil, `{"act":%d}`, act), nil
}

func (h *recorder) Install(b *pend, entries []*truce.Entry) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.size += uint64(len(entries))
	h.batches = append(h.batches, slices.Clone(b.acts))
}

func (h *recorder) seen() [][]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.batches)
}

func newWriter(t *testing.T, maxBatch int, h *recorder) *engine.Writer[int, *pend] {
	t.Helper()
	st, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := engine.NewWriter[int, *pend](engine.WriterConfig{Store: st, MaxBatch: maxBatch, QueueLength: 64}, h)
	t.Cleanup(func() {
		w.Close()
		st.Close()
	})
	return w
}

func seq(from, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = from + i
	}
	return out
}

// TestSubmitAllLargerThanABatch: acts submitted together that are more
// than a batch holds are cut into consecutive batches, in their order.
func TestSubmitAllLargerThanABatch(t *testing.T) {
	h := &recorder{}
	w := newWriter(t, 4, h)
	es, err := w.SubmitAll(context.Background(), seq(0, 10))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range es {
		if e == nil || e.Index != uint64(i) {
			t.Fatalf("entry %d: %+v, want index %d", i, e, i)
		}
	}
	if got, want := h.seen(), [][]int{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("batches %v, want %v", got, want)
	}
}

// TestSubmitAllIsNeverSplit: groups queued while the writer decides
// another batch are taken whole: a group that does not fit in the batch
// being made waits, whole, for the next one, and no act of another
// group comes between its acts.
func TestSubmitAllIsNeverSplit(t *testing.T) {
	h := &recorder{hold: 100, holding: make(chan struct{}, 1), release: make(chan struct{})}
	w := newWriter(t, 4, h)
	ctx := context.Background()
	var wg sync.WaitGroup
	submit := func(acts []int, waiting int) {
		wg.Go(func() {
			if _, err := w.SubmitAll(ctx, acts); err != nil {
				t.Error(err)
			}
		})
		for w.QueueLen() < waiting { // queued behind the batch the writer holds
			runtime.Gosched()
		}
	}
	wg.Go(func() {
		if _, err := w.Submit(ctx, 100); err != nil {
			t.Error(err)
		}
	})
	<-h.holding
	submit(seq(0, 3), 3)
	submit(seq(10, 3), 6)
	submit(seq(20, 1), 7)
	close(h.release)
	wg.Wait()
	want := [][]int{{100}, {0, 1, 2}, {10, 11, 12, 20}}
	if got := h.seen(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("batches %v, want %v", got, want)
	}
}

// countingStore counts the stored hashes its write transactions read.
type countingStore struct {
	engine.Store
	reads int // the writer's goroutine only
}

type countingTx struct {
	engine.Tx
	s *countingStore
}

func (s *countingStore) Begin(ctx context.Context) (engine.Tx, error) {
	tx, err := s.Store.Begin(ctx)
	if err != nil {
		return nil, err
	}
	return countingTx{tx, s}, nil
}

func (tx countingTx) ReadHashes(idx []int64) ([]ledger.Hash, error) {
	tx.s.reads += len(idx)
	return tx.Tx.ReadHashes(idx)
}

// TestWriterKeepsTheTreesFrontier: a writer taking 600 acts one batch at
// a time reads each stored hash it needs from the store once at most
// (the frontier it keeps answers the rest; one read a level, where it
// read one for about every other act before), and the hashes it wrote
// are the tree's: recomputed from the log's entries, they match every
// stored one.
func TestWriterKeepsTheTreesFrontier(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cs := &countingStore{Store: st}
	h := &recorder{}
	w := engine.NewWriter[int, *pend](engine.WriterConfig{Store: cs, MaxBatch: 64, QueueLength: 64}, h)
	for i := range 600 {
		if i%100 == 99 {
			// A group of acts: one batch of many entries.
			if _, err := w.SubmitAll(ctx, seq(1000*i, 37)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Submit(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	if len(h.seen()) < 600 {
		t.Fatalf("%d batches; the test wants one an act", len(h.seen()))
	}
	if cs.reads > 12 {
		t.Errorf("the writer read %d stored hashes from the store over %d entries; want at most one a level", cs.reads, h.size)
	}
	n, err := st.Size(ctx)
	if err != nil {
		t.Fatal(err)
	}
	raws, err := st.Entries(ctx, 0, n)
	if err != nil {
		t.Fatal(err)
	}
	var want []ledger.Hash
	read := tlog.HashReaderFunc(func(idx []int64) ([]ledger.Hash, error) {
		out := make([]ledger.Hash, len(idx))
		for i, x := range idx {
			out[i] = want[x]
		}
		return out, nil
	})
	for i, raw := range raws {
		rows, err := ledger.AppendHashes(int64(i), [][]byte{raw}, read)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			want = append(want, r.Hash)
		}
	}
	idx := make([]int64, len(want))
	for i := range idx {
		idx[i] = int64(i)
	}
	got, err := st.ReadHashes(ctx, idx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatal("the stored hashes differ from the tree of the log's entries")
	}
}
