package center

import (
	"testing"

	"github.com/truce-center/truce/center/core"
)

// TestRegistryShowsNoInit: the center's first entry, and a type no
// feature registered, have no event view, so the stream shows them to no
// one (core's TestNoViewNoEvent: a type without a view is not rendered).
func TestRegistryShowsNoInit(t *testing.T) {
	for _, typ := range []string{core.TypeCenterInit, "zone.unregistered-example"} {
		if _, ok := features.EventViews[typ]; ok {
			t.Errorf("%s has an event view", typ)
		}
	}
	if _, ok := features.Appliers[core.TypeCenterInit]; !ok {
		t.Error("the center's first entry has no applier")
	}
}
