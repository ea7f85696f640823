package ledger

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// TileHeight is the C2SP tlog-tiles tile height: 2^8 = 256 hashes or
// entries per full tile.
const TileHeight = 8

// TileWidth is the number of hashes or entries in a full tile.
const TileWidth = 1 << TileHeight

// MaxEntrySize is the largest entry an entry bundle can carry: its length
// is a big-endian uint16 (C2SP tlog-tiles, "Log Entries").
const MaxEntrySize = 1<<16 - 1

// Tile names one tile of the C2SP tlog-tiles layout. Level -1 is the
// entry bundle ("tile/entries/..."); Width is 1..256, 256 for a full tile.
type Tile struct {
	Level int
	Index int64
	Width int
}

// IsEntries reports whether t is an entry bundle rather than a hash tile.
func (t Tile) IsEntries() bool { return t.Level < 0 }

// Path returns the tile's path below the log's prefix, e.g.
// "tile/0/x001/234" or "tile/entries/005.p/17".
func (t Tile) Path() string {
	var b strings.Builder
	b.WriteString("tile/")
	if t.IsEntries() {
		b.WriteString("entries")
	} else {
		b.WriteString(strconv.Itoa(t.Level))
	}
	b.WriteByte('/')
	b.WriteString(encodeIndex(t.Index))
	if t.Width < TileWidth {
		fmt.Fprintf(&b, ".p/%d", t.Width)
	}
	return b.String()
}

// encodeIndex writes N in groups of three digits, all but the last
// prefixed with "x", as the spec requires.
func encodeIndex(n int64) string {
	s := fmt.Sprintf("%03d", n%1000)
	for n >= 1000 {
		n /= 1000
		s = fmt.Sprintf("x%03d/%s", n%1000, s)
	}
	return s
}

// ParseTilePath parses a path below the log's prefix, as produced by
// Path. It refuses every other spelling, so that each tile has exactly
// one name.
func ParseTilePath(path string) (Tile, error) {
	rest, ok := strings.CutPrefix(path, "tile/")
	if !ok {
		return Tile{}, errors.New("tile path must start with tile/")
	}
	level, rest, ok := strings.Cut(rest, "/")
	if !ok {
		return Tile{}, errors.New("tile path has no index")
	}
	t := Tile{Width: TileWidth}
	if level == "entries" {
		t.Level = -1
	} else {
		l, err := strconv.Atoi(level)
		if err != nil || !isDigits(level) || l < 0 || l > 63 || strconv.Itoa(l) != level {
			return Tile{}, fmt.Errorf("bad tile level %q", level)
		}
		t.Level = l
	}
	if idx, w, ok := strings.Cut(rest, ".p/"); ok {
		width, err := strconv.Atoi(w)
		if err != nil || !isDigits(w) || width < 1 || width >= TileWidth || strconv.Itoa(width) != w {
			return Tile{}, fmt.Errorf("bad partial tile width %q", w)
		}
		t.Width = width
		rest = idx
	}
	groups := strings.Split(rest, "/")
	var n int64
	for i, g := range groups {
		last := i == len(groups)-1
		if !last {
			if !strings.HasPrefix(g, "x") {
				return Tile{}, fmt.Errorf("bad tile index element %q", g)
			}
			g = g[1:]
		}
		if len(g) != 3 || !isDigits(g) {
			return Tile{}, fmt.Errorf("bad tile index element %q", g)
		}
		d, _ := strconv.Atoi(g)
		if n > (1<<62)/1000 {
			return Tile{}, errors.New("tile index too large")
		}
		n = n*1000 + int64(d)
	}
	if len(groups) > 1 && strings.TrimPrefix(groups[0], "x") == "000" {
		return Tile{}, errors.New("tile index has a leading zero group")
	}
	t.Index = n
	return t, nil
}

// TileData returns the hashes of a hash tile of a tree of size n, read
// through r. It fails if the tree is too small to hold the tile.
func TileData(t Tile, n int64, r HashReader) ([]byte, error) {
	if t.IsEntries() {
		return nil, errors.New("entry bundles are not hash tiles")
	}
	// The tile's last hash covers 2^(8·L) entries per hash.
	span := int64(1) << (uint(t.Level) * TileHeight)
	if (t.Index*TileWidth+int64(t.Width))*span > n {
		return nil, ErrTileBeyondTree
	}
	return tlog.ReadTileData(tlog.Tile{H: TileHeight, L: t.Level, N: t.Index, W: t.Width}, r)
}

// ErrTileBeyondTree is returned for a tile the tree does not yet hold.
var ErrTileBeyondTree = errors.New("tile is beyond the tree")

// MarshalBundle encodes entries as a C2SP entry bundle: each entry a
// big-endian uint16 length followed by its bytes.
func MarshalBundle(entries [][]byte) ([]byte, error) {
	size := 0
	for _, e := range entries {
		size += 2 + len(e)
	}
	out := make([]byte, 0, size)
	for i, e := range entries {
		if len(e) > MaxEntrySize {
			return nil, fmt.Errorf("entry %d is %d bytes, more than a bundle can carry", i, len(e))
		}
		out = binary.BigEndian.AppendUint16(out, uint16(len(e)))
		out = append(out, e...)
	}
	return out, nil
}

// ParseBundle decodes an entry bundle.
func ParseBundle(data []byte) ([][]byte, error) {
	var out [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, errors.New("entry bundle: truncated length")
		}
		n := int(binary.BigEndian.Uint16(data))
		data = data[2:]
		if len(data) < n {
			return nil, errors.New("entry bundle: truncated entry")
		}
		out = append(out, data[:n:n])
		data = data[n:]
	}
	return out, nil
}

func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// CompletedTiles returns the full tiles a log completes when it grows
// from old to n entries: its entry bundles (level -1) and its hash tiles
// of every level, in that order. A full tile never changes, so a store
// may keep each one as bytes once it is complete (see TileSource).
func CompletedTiles(old, n int64) []Tile {
	var out []Tile
	// A tile of level L (-1 and 0 alike cover one entry per slot) is
	// complete once the log holds span·256 entries past its start.
	for level, span := -1, int64(1); span*TileWidth <= n; level++ {
		for k := old / (span * TileWidth); (k+1)*span*TileWidth <= n; k++ {
			out = append(out, Tile{Level: level, Index: k, Width: TileWidth})
		}
		if level >= 0 {
			span *= TileWidth
		}
	}
	return out
}

// TileSource is where a store finds what its full tiles are made of: the
// log of Size entries, the last of which (from Old on) may be in hand as
// Appended, the rest read through Entries; and the stored hashes.
type TileSource struct {
	Size     int64
	Old      int64
	Appended [][]byte
	Entries  func(start, end int64) ([][]byte, error)
	Hashes   HashReader
}

// WriteTiles makes each full tile of tiles (as CompletedTiles lists
// them) and hands its bytes to put: an entry bundle followed by the
// level-0 hash tile of the same entries, and the hash tiles of level 1
// and up. A level-0 tile in tiles is written with its bundle, not on its
// own.
func (src TileSource) WriteTiles(tiles []Tile, put func(Tile, []byte) error) error {
	for _, tl := range tiles {
		switch {
		case tl.Level == 0: // with its bundle
		case tl.IsEntries():
			first := tl.Index * TileWidth
			split := min(max(first, src.Old), first+TileWidth)
			es, err := src.Entries(first, split)
			if err != nil {
				return fmt.Errorf("entries of tile %s: %w", tl.Path(), err)
			}
			if split < first+TileWidth {
				es = append(es, src.Appended[split-src.Old:first+TileWidth-src.Old]...)
			}
			if len(es) != TileWidth {
				return fmt.Errorf("tile %s has %d entries, not %d", tl.Path(), len(es), TileWidth)
			}
			bundle, err := MarshalBundle(es)
			if err != nil {
				return err
			}
			if err := put(tl, bundle); err != nil {
				return err
			}
			// The level-0 tile comes from the stored hashes, as every
			// other hash tile does: the tree, not the entries table,
			// says what was committed, so a bundle made from an entry
			// altered in the store disagrees with it and fails
			// verification.
			tl = Tile{Level: 0, Index: tl.Index, Width: TileWidth}
			fallthrough
		default:
			data, err := TileData(tl, src.Size, src.Hashes)
			if err != nil {
				return err
			}
			if err := put(tl, data); err != nil {
				return err
			}
		}
	}
	return nil
}

// MissingTiles returns the full tiles of a log of n entries that stored
// does not hold, as CompletedTiles orders them; an entry bundle counts
// as missing when it or its level-0 tile is.
func MissingTiles(n int64, stored func(Tile) bool) []Tile {
	var out []Tile
	for _, tl := range CompletedTiles(0, n) {
		switch {
		case tl.Level == 0:
		case tl.IsEntries():
			if !stored(tl) || !stored(Tile{Level: 0, Index: tl.Index, Width: TileWidth}) {
				out = append(out, tl)
			}
		case !stored(tl):
			out = append(out, tl)
		}
	}
	return out
}
