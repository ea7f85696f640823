package demo

import "time"

// Clock is the demonstration center's clock: it reads a fixed scenario
// time when it is made and advances with real time from there, so that
// the scenario's fixed dates fall where they should (reports in the past,
// notifications in the future) and deadlines and escalations still run
// while someone looks at the demonstration.
type Clock struct {
	start  time.Time
	origin time.Time // with its monotonic reading: wall-clock jumps do not move the scenario
}

// NewClock returns a clock that reads start now.
func NewClock(start time.Time) *Clock {
	return &Clock{start: start.UTC(), origin: time.Now()}
}

// Now returns the scenario time: start plus the real time elapsed since
// NewClock, in UTC.
func (c *Clock) Now() time.Time {
	return c.start.Add(time.Since(c.origin)).UTC()
}
