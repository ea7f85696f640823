package core

import (
	"context"
	"sync"

	"github.com/truce-center/truce"
)

// Registry is what the features give the kernel (register.go builds the
// center's): for each entry type its applier and its event view, the
// clock's tasks besides Advance, and where publishing finds the
// witnesses. The kernel reaches the features only through it.
type Registry struct {
	Appliers   map[string]Applier
	EventViews map[string]StreamView
	// ticks run on each beat of the clock (RunClock), in order.
	Ticks []Tick
	// witnesses lists the registered witnesses, oldest first.
	Witnesses func(s *State) []truce.Witness
}

// Tick is one of the clock's tasks; what names it in the log when it
// fails.
type Tick struct {
	What string
	Run  func(ctx context.Context, c *Center) error
}

// caches keeps one value per key, made on first use: the state of a
// feature that the kernel's types carry without knowing it (the incident
// grouping on a State, the terms' phase gate on a Center).
type caches struct{ m sync.Map }

func (cs *caches) Get(key any, newValue func() any) any {
	if v, ok := cs.m.Load(key); ok {
		return v
	}
	v, _ := cs.m.LoadOrStore(key, newValue())
	return v
}
