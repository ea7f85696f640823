package conflict

import (
	"math/rand/v2"
	"sync"
	"testing"
)

// TestConcurrentReadersAndWriter runs checks while one writer upserts
// and removes; with -race it shows the locking contract holds.
func TestConcurrentReadersAndWriter(t *testing.T) {
	g := &gen{t: t, rng: rand.New(rand.NewPCG(11, 12))}
	ix := New(Settings{})
	var objs []Object
	for i := 0; i < 300; i++ {
		objs = append(objs, g.object(idOf(i)))
	}
	var cands []Candidate
	for i := 0; i < 50; i++ {
		cands = append(cands, g.candidate())
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for round := 0; round < 3; round++ {
			for i, o := range objs {
				if err := ix.Upsert(o); err != nil {
					t.Error(err)
					return
				}
				if i%5 == 0 {
					ix.Remove(o.ID)
				}
			}
		}
	}()
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 100; k++ {
				ix.Check(cands[(k+r)%len(cands)])
				_ = ix.Len()
			}
		}()
	}
	wg.Wait()
	want := 0
	for i, o := range objs {
		if o.Active && i%5 != 0 {
			want++
		}
	}
	if ix.Len() != want {
		t.Errorf("%d objects, want %d", ix.Len(), want)
	}
}
