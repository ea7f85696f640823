package center

import (
	"github.com/truce-center/truce/center/core"
)

// SetEventHistoryWindow sets how many entries' versions the event history
// keeps (historyWindow), before any stream renders.
func SetEventHistoryWindow(c *core.Center, n uint64) { c.Hist.Window = n }
