package center

import (
	"context"
	"time"

	"github.com/truce-center/truce"
)

// RunClock writes the acts of the center's clock every
// Settings.EscalationEvery until ctx ends: alerts for unacknowledged
// urgent and flash messages (Tick), and expiries and executions
// (Advance). Failures are logged; the next tick tries again.
func (c *Center) RunClock(ctx context.Context) {
	t := time.NewTicker(c.Settings().EscalationEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := c.Hotline().Tick(ctx); err != nil && ctx.Err() == nil && truce.ErrorCode(err) != truce.EUnavailable {
				c.log.Error("writing escalation alerts", "err", err)
			}
			if err := c.Advance(ctx); err != nil && ctx.Err() == nil && truce.ErrorCode(err) != truce.EUnavailable {
				c.log.Error("writing the clock's acts", "err", err)
			}
			if err := c.Terms().AdvancePhases(ctx); err != nil && ctx.Err() == nil && truce.ErrorCode(err) != truce.EUnavailable {
				c.log.Error("writing the terms' phase changes", "err", err)
			}
		}
	}
}
