package center

// SetEventHistoryWindow sets how many entries' versions the event history
// keeps (historyWindow), before any stream renders.
func SetEventHistoryWindow(c *Center, n uint64) { c.hist.window = n }
