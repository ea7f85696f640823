package core

import "sync"

// recentOpenings keeps what the batches last committed stored beside
// the log (openings, request bodies), up to a budget of bytes, the
// oldest dropped first. The event streams render each entry just after
// its commit, once for each party that sees it, and a strike's event
// carries the conflicts sealed in its opening: kept here, the opening
// is not read back from the store for every stream (at a million
// objects it holds the dozens of objects the strike met). What is read
// is the bytes committed: a batch is added only once its commit holds.
type recentOpenings struct {
	mu    sync.RWMutex
	max   int
	size  int
	byKey map[string][]byte
	order []string // oldest first, from head on
	head  int
}

// defaultRecentOpenings is the budget when the configuration sets none:
// at a million objects a strike's opening is about 10 KB, so it holds
// the openings of the last several hundred strikes.
const defaultRecentOpenings = 8 << 20

// newRecentOpenings returns a cache of max bytes, or nil (none) when max
// is negative; zero means the default.
func newRecentOpenings(max int) *recentOpenings {
	if max < 0 {
		return nil
	}
	if max == 0 {
		max = defaultRecentOpenings
	}
	return &recentOpenings{max: max, byKey: map[string][]byte{}}
}

// add keeps a committed batch's payloads, dropping the oldest beyond
// the budget. A payload larger than a 64th of the budget (an evidence
// file) is not kept: it would push out the openings of many strikes.
func (r *recentOpenings) add(payloads map[string][]byte) {
	if r == nil || len(payloads) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, p := range payloads {
		if _, ok := r.byKey[k]; ok || len(p) > r.max/64 {
			continue
		}
		r.byKey[k] = p
		r.order = append(r.order, k)
		r.size += len(p)
	}
	for r.size > r.max {
		k := r.order[r.head]
		r.order[r.head] = ""
		r.size -= len(r.byKey[k])
		delete(r.byKey, k)
		r.head++
	}
	// The keys dropped are let go once they are half the queue, not at
	// every batch: the writer calls add once per commit.
	if r.head > len(r.order)/2 {
		r.order = append(r.order[:0], r.order[r.head:]...)
		r.head = 0
	}
}

// get returns the payload kept under key.
func (r *recentOpenings) get(key string) ([]byte, bool) {
	if r == nil {
		return nil, false
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	p, ok := r.byKey[key]
	return p, ok
}

// opener is next, answering first from what r keeps.
func (r *recentOpenings) opener(next Opener) Opener {
	if r == nil || next == nil {
		return next
	}
	return func(commitment string) ([]byte, error) {
		if p, ok := r.get(commitment); ok {
			return p, nil
		}
		return next(commitment)
	}
}
