package core

import (
	"context"
	"testing"

	"github.com/truce-center/truce"
)

// TestNoViewNoEvent: an entry type with no registered event view reaches
// no one, not even the coordinator (the safe default for a feature that
// forgets to register one).
func TestNoViewNoEvent(t *testing.T) {
	reg := &Registry{EventViews: map[string]StreamView{}}
	c := &Center{state: NewState(reg), reg: reg}
	coord := &Caller{Party: truce.Party{ID: "pty_1", Kind: truce.KindCoordinator}}
	r := &streamRenderer{c: c, caller: coord}
	for _, typ := range []string{TypeCenterInit, "zone.unregistered-example"} {
		if _, ok, _ := r.Render(context.Background(), &truce.Entry{Index: 5, Type: typ, Body: []byte(`{}`)}); ok {
			t.Errorf("%s was rendered as an event", typ)
		}
	}
}
