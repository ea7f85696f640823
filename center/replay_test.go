package center_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/ledger"
)

// TestReplayInRuns: a log replayed in runs handed on with Go (decoded
// while the run before applies) rebuilds what AddAll rebuilds; a run
// that fails stops the replay at the entry before the failure, whether
// the failure shows in Go or in Wait, and nothing after it is applied.
func TestReplayInRuns(t *testing.T) {
	tb := centertest.NewTable(t, core.Settings{})
	tb.Seat(t, "UA", "party")
	raws := tb.Entries(t)
	whole := center.NewReplayer(nil)
	if err := whole.AddAll(raws); err != nil {
		t.Fatal(err)
	}
	inRuns := func(raws [][]byte) (*core.Replayer, error) {
		r := center.NewReplayer(nil)
		for run := range slices.Chunk(raws, 2) {
			if err := r.Go(run); err != nil {
				return r, err
			}
		}
		return r, r.Wait()
	}
	r, err := inRuns(raws)
	if err != nil {
		t.Fatal(err)
	}
	if diffs, err := core.Diff(whole.State(), r.State(), 5); err != nil || len(diffs) != 0 || r.State().Size() != uint64(len(raws)) {
		t.Fatalf("replayed in runs: size %d of %d, differences %v %v", r.State().Size(), len(raws), diffs, err)
	}

	// Entry 5 left out: entry 6 is out of place.
	r, err = inRuns(slices.Concat(raws[:5], raws[6:]))
	if err == nil || !strings.Contains(err.Error(), "entry 6 is at position 5") {
		t.Fatalf("a gap: %v", err)
	}
	if got := r.State().Size(); got != 5 {
		t.Fatalf("after the gap the replay reflects %d entries, want 5", got)
	}
	if again := r.Go(raws[6:]); again == nil || again.Error() != err.Error() {
		t.Fatalf("a run after the failure: %v", again)
	}

	// Entry 5's body refused by its applier (a field it does not know).
	var e truce.Entry
	if err := json.Unmarshal(raws[5], &e); err != nil {
		t.Fatal(err)
	}
	e.Body = json.RawMessage(`{"name":"UA","kind":"party","extra":1}`)
	bad, err := ledger.Canonical(&e)
	if err != nil {
		t.Fatal(err)
	}
	r, err = inRuns(slices.Concat(raws[:5], [][]byte{bad}, raws[6:]))
	if err == nil || !strings.Contains(err.Error(), "applying entry 5") || !strings.Contains(err.Error(), "extra") {
		t.Fatalf("a body refused: %v", err)
	}
	if got := r.State().Size(); got != 5 {
		t.Fatalf("after the refused body the replay reflects %d entries, want 5", got)
	}
}
