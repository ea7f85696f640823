package ledger

import (
	"bytes"
	"context"
	"testing"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/tlog"
)

// TestCompletedTiles checks that the tiles completed by each growth of a
// log are exactly the full tiles of the larger log that the smaller did
// not hold, and that BundleAndLeafTile's bytes are what ReadTile serves.
func TestCompletedTiles(t *testing.T) {
	full := func(n int64) map[Tile]bool {
		m := map[Tile]bool{}
		for _, tl := range CompletedTiles(0, n) {
			if m[tl] {
				t.Fatalf("tile %s listed twice", tl.Path())
			}
			m[tl] = true
		}
		return m
	}
	if got := len(full(TileWidth*TileWidth + 300)); got != 257+257+1 {
		t.Fatalf("a log of 65,836 entries has %d full tiles, want 515", got)
	}
	for _, step := range [][2]int64{{0, 255}, {0, 256}, {255, 256}, {256, 511}, {300, 70000}, {65535, 65536}, {65536, 65536 + 256}} {
		got := CompletedTiles(step[0], step[1])
		before, after := full(step[0]), full(step[1])
		want := 0
		for tl := range after {
			if !before[tl] {
				want++
			}
		}
		for _, tl := range got {
			if before[tl] || !after[tl] {
				t.Errorf("%d→%d: %s is not newly complete", step[0], step[1], tl.Path())
			}
		}
		if len(got) != want {
			t.Errorf("%d→%d: %d tiles, want %d", step[0], step[1], len(got), want)
		}
	}
	m, _ := newMemLog(t, 600)
	bundle, leaves, err := BundleAndLeafTile(m.entries[256:512])
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	wantB, _ := m.ReadTile(ctx, Tile{Level: -1, Index: 1, Width: TileWidth})
	wantL, _ := TileData(Tile{Level: 0, Index: 1, Width: TileWidth}, 600, tlog.HashReaderFunc(m.read))
	if !bytes.Equal(bundle, wantB) || !bytes.Equal(leaves, wantL) {
		t.Fatal("BundleAndLeafTile differs from the tiles served")
	}
	if _, _, err := BundleAndLeafTile(m.entries[:255]); err == nil {
		t.Fatal("a short tile was accepted")
	}
}

// TestPerfectRoot: the verifier's own subtree hash of a full bundle is
// the tree hash the server's code gives for the same 256 entries, and
// the compact range's.
func TestPerfectRoot(t *testing.T) {
	m, _ := newMemLog(t, 512)
	want, err := TreeHash(256, tlog.HashReaderFunc(m.read))
	if err != nil {
		t.Fatal(err)
	}
	if got := perfectRoot(m.entries[:256]); got != want {
		t.Fatalf("perfectRoot = %x, want %x", got, want)
	}
	// The second bundle, by transparency-dev's compact range over its
	// leaves, has the same root.
	rf := compact.RangeFactory{Hash: rfc6962.DefaultHasher.HashChildren}
	r := rf.NewEmptyRange(256)
	for _, e := range m.entries[256:512] {
		h := LeafHash(e)
		if err := r.Append(h[:], nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := perfectRoot(m.entries[256:512]); len(r.Hashes()) != 1 || !bytes.Equal(r.Hashes()[0], got[:]) {
		t.Fatal("perfectRoot differs from the compact range of the same leaves")
	}
}
