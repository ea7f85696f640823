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
// not hold, and that the tiles a TileSource writes are what ReadTile serves.
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
	ctx := context.Background()
	entries := func(start, end int64) ([][]byte, error) { return m.entries[start:end], nil }
	// Every full tile of 600 entries, with the entries all read, or the
	// last 300 in hand as a store has them when it appends.
	for _, old := range []int64{600, 300} {
		src := TileSource{Size: 600, Old: old, Appended: m.entries[old:600], Entries: entries, Hashes: tlog.HashReaderFunc(m.read)}
		got := map[Tile][]byte{}
		err := src.WriteTiles(CompletedTiles(0, 600), func(tl Tile, data []byte) error {
			got[tl] = data
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 {
			t.Fatalf("old %d: %d tiles written, want 4 (two bundles, two leaf tiles)", old, len(got))
		}
		for tl, data := range got {
			want, err := m.ReadTile(ctx, tl)
			if err != nil || !bytes.Equal(data, want) {
				t.Fatalf("old %d: tile %s differs from the tile served (%v)", old, tl.Path(), err)
			}
		}
	}
	short := TileSource{Size: 600, Old: 600, Entries: func(start, end int64) ([][]byte, error) { return m.entries[start : end-1], nil }, Hashes: tlog.HashReaderFunc(m.read)}
	if err := short.WriteTiles([]Tile{{Level: -1, Index: 0, Width: TileWidth}}, func(Tile, []byte) error { return nil }); err == nil {
		t.Fatal("a short tile was accepted")
	}
	stored := map[Tile]bool{{Level: -1, Index: 0, Width: TileWidth}: true, {Level: 0, Index: 0, Width: TileWidth}: true, {Level: -1, Index: 1, Width: TileWidth}: true}
	if got := MissingTiles(600, func(tl Tile) bool { return stored[tl] }); len(got) != 1 || got[0] != (Tile{Level: -1, Index: 1, Width: TileWidth}) {
		t.Fatalf("missing tiles: %v, want the bundle of tile 1 (its leaf tile is not stored)", got)
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
