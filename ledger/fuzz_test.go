package ledger

import (
	"bytes"
	"testing"
)

// The ledger's parsers read what servers and files send; none may panic,
// and whatever they accept must survive a round trip.

func FuzzCanonicalize(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Canonicalize(data)
		if err != nil {
			return
		}
		again, err := Canonicalize(c)
		if err != nil || !bytes.Equal(c, again) {
			t.Fatalf("not a fixed point: %q -> %q -> %q (%v)", data, c, again, err)
		}
	})
}

func FuzzParseTilePath(f *testing.F) {
	f.Fuzz(func(t *testing.T, path string) {
		tile, err := ParseTilePath(path)
		if err != nil {
			return
		}
		if got := tile.Path(); got != path {
			t.Fatalf("ParseTilePath(%q) = %+v, which prints as %q", path, tile, got)
		}
	})
}

func FuzzParseBundle(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := ParseBundle(data)
		if err != nil {
			return
		}
		back, err := MarshalBundle(es)
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("bundle does not round-trip: %v", err)
		}
	})
}

func FuzzParseCheckpoint(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCheckpoint(data)
		if err != nil {
			return
		}
		if _, err := ParseCheckpoint(c.Marshal()); err != nil {
			t.Fatalf("re-marshalled checkpoint does not parse: %v", err)
		}
	})
}
