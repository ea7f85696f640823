package benchstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/internal/benchstore"
	"github.com/truce-center/truce/sqlite"
)

// TestBuildReplays builds a small store and replays its log: the state
// the log rebuilds is the stored projection, object for object, and
// every object of the mix was written.
func TestBuildReplays(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "store")
	const n = 400
	info, err := benchstore.Build(ctx, dir, n, t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, k := range []string{"site", "zone", "strike", "flight", "ground-movement", "humanitarian-movement", "report"} {
		if info.Counts[k] == 0 {
			t.Errorf("no %s in %v", k, info.Counts)
		}
		total += info.Counts[k]
	}
	if total != n {
		t.Errorf("%d objects counted, want %d", total, n)
	}
	// 3 entries of init, 6 parties and 6 members, one per object.
	if want := uint64(3 + 12 + n); info.Entries != want {
		t.Errorf("%d entries, want %d", info.Entries, want)
	}
	again, err := benchstore.Load(dir)
	if err != nil || again.Entries != info.Entries || len(again.Parties) != 6 {
		t.Fatalf("Load: %+v, %v", again, err)
	}
	s, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	diffs, size, err := center.Replay(ctx, s, nil)
	if err != nil || len(diffs) > 0 || size != info.Entries {
		t.Fatalf("replay: %v, %d entries, differences %v", err, size, diffs)
	}
}
