package conflict_test

import (
	"slices"
	"testing"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/conflict"
)

// TestRulesAreInConflictLists: every rule of the engine is one that a
// notification's stored conflicts (truce.ConflictList) hold as a number;
// a rule missing there would make each of its conflicts five times
// larger in memory, not wrong.
func TestRulesAreInConflictLists(t *testing.T) {
	for _, r := range conflict.DefaultRules {
		if !slices.Contains(truce.ConflictRules(), r.ID) {
			t.Errorf("rule %s is not in truce's conflictRules", r.ID)
		}
	}
}
