package benchstore_test

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"testing"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/conflict/benchdata"
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

// TestRequestsAway: the strikes RequestsAway draws are Requests' strikes,
// every position moved benchstore.AwayLon degrees of longitude, outside
// the box the mix is drawn in.
func TestRequestsAway(t *testing.T) {
	info := &benchstore.Info{}
	near, away := info.Requests(64, true), info.RequestsAway(64)
	lons := func(body []byte) []float64 {
		var in struct {
			Kind    string `json:"kind"`
			Volumes []struct {
				Geometry json.RawMessage `json:"geometry"`
			} `json:"volumes"`
		}
		if err := json.Unmarshal(body, &in); err != nil || in.Kind != "strike" || len(in.Volumes) != 1 {
			t.Fatalf("%s: %v", body, err)
		}
		var g struct {
			Coordinates any `json:"coordinates"`
		}
		if err := json.Unmarshal(in.Volumes[0].Geometry, &g); err != nil {
			t.Fatal(err)
		}
		var out []float64
		var walk func(x any)
		walk = func(x any) {
			a, _ := x.([]any)
			if len(a) >= 2 {
				if lon, ok := a[0].(float64); ok {
					out = append(out, lon)
					return
				}
			}
			for _, y := range a {
				walk(y)
			}
		}
		walk(g.Coordinates)
		return out
	}
	for i := range near {
		a, b := lons(near[i].Body), lons(away[i].Body)
		if len(a) == 0 || len(a) != len(b) {
			t.Fatalf("request %d: %d positions near, %d away", i, len(a), len(b))
		}
		for j := range a {
			if math.Abs(b[j]-(a[j]+benchstore.AwayLon)) > 1e-9 || b[j] >= benchdata.MiddleEast.Box.MinLon {
				t.Fatalf("request %d, position %d: longitude %v near, %v away", i, j, a[j], b[j])
			}
		}
	}
}
