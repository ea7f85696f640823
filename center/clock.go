package center

import (
	"context"
	"time"

	"github.com/truce-center/truce"
)

// RunClock calls Advance every Settings.EscalationEvery until ctx ends,
// so that expiries and executions are written as the center's clock
// passes them. Failures are logged; the next tick tries again.
func (c *Center) RunClock(ctx context.Context) {
	t := time.NewTicker(c.Settings().EscalationEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := c.Advance(ctx); err != nil && ctx.Err() == nil && truce.ErrorCode(err) != truce.EUnavailable {
				c.log.Error("writing the clock's acts", "err", err)
			}
		}
	}
}
