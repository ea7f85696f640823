package benchstore

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

// Streams opens n event streams (GET /v1/events at base, from now on),
// one for each seat of the store in turn — the coordinator, then the six
// parties — each read by its own goroutine as a browser's EventSource
// reads it, as each party's web application keeps one open while it
// works. stop closes them and returns how many events they were sent.
//
// Its error is the first stream's that could not be opened (a request
// that failed, or an answer that is not 200); those opened are closed.
func (i *Info) Streams(base string, n int) (stop func() (events int64), err error) {
	seats := append([]Seat{i.Coordinator}, i.Parties...)
	ctx, cancel := context.WithCancel(context.Background())
	var (
		count atomic.Int64
		wg    sync.WaitGroup
	)
	stop = func() int64 {
		cancel()
		wg.Wait()
		return count.Load()
	}
	for k := range n {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/v1/events", nil)
		req.Header.Set("Authorization", "Bearer "+seats[k%len(seats)].Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			stop()
			return nil, fmt.Errorf("opening event stream %d: %w", k, err)
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			stop()
			return nil, fmt.Errorf("opening event stream %d: %s", k, resp.Status)
		}
		wg.Go(func() {
			defer resp.Body.Close()
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(make([]byte, 64<<10), 16<<20)
			for sc.Scan() {
				if bytes.HasPrefix(sc.Bytes(), []byte("id:")) {
					count.Add(1)
				}
			}
		})
	}
	return stop, nil
}
