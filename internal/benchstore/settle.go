package benchstore

import "time"

// Settle waits for a server just started to finish its start-up: at
// least min, then until it uses less than 5 % of a core over half a
// second, or max has passed; it returns how long it waited. cpu is the
// server's CPU time in seconds so far.
//
// At 1,000,000 objects a server that has begun to answer still has
// seconds of work left from its open: the collection of the heap it
// built, the return of the memory that building freed. Strikes written
// meanwhile share the cores with it, which an empty store's do not, so a
// comparison of the two waits for both to settle.
func Settle(cpu func() float64, min, max time.Duration) time.Duration {
	t0 := time.Now()
	time.Sleep(min)
	for time.Since(t0) < max {
		c0 := cpu()
		time.Sleep(500 * time.Millisecond)
		if cpu()-c0 < 0.025 {
			break
		}
	}
	return time.Since(t0)
}
