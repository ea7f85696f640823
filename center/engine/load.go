package engine

import (
	"context"
	"fmt"
	"runtime"
	"sync"
)

// LoadStore installs every object of the store's projection into t and
// returns the log size the objects reflect. Documents are decoded on
// every core while the store is read; one goroutine installs them, in
// chunks, so memory stays bounded by a few chunks. Its errors are the
// store's, or a document that does not decode (not *truce.Error:
// EInternal); on an error t holds part of the projection.
func (t *Tables) LoadStore(ctx context.Context, s Store) (uint64, error) {
	type doc struct {
		kind, id string
		body     []byte
		obj      any
	}
	const chunk = 512
	workers := runtime.GOMAXPROCS(0)
	todo := make(chan []doc, workers)
	done := make(chan []doc, workers)
	var (
		errOnce sync.Once
		loadErr error
	)
	fail := func(err error) { errOnce.Do(func() { loadErr = err }) }
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for docs := range todo {
				for i := range docs {
					d := &docs[i]
					obj, err := t.schema.Decode(d.kind, d.body)
					if err != nil {
						fail(fmt.Errorf("%s %s: %w", d.kind, d.id, err))
					}
					d.obj, d.body = obj, nil
				}
				done <- docs
			}
		})
	}
	installed := make(chan struct{})
	go func() {
		defer close(installed)
		for docs := range done {
			for _, d := range docs {
				if d.obj != nil {
					t.Put(d.kind, d.id, d.obj)
				}
			}
		}
	}()
	batch := make([]doc, 0, chunk)
	size, err := s.Load(ctx, func(kind, id string, body []byte) error {
		batch = append(batch, doc{kind: kind, id: id, body: body})
		if len(batch) == chunk {
			todo <- batch
			batch = make([]doc, 0, chunk)
		}
		return nil
	})
	if len(batch) > 0 {
		todo <- batch
	}
	close(todo)
	wg.Wait()
	close(done)
	<-installed
	if err != nil {
		return 0, err
	}
	return size, loadErr
}
