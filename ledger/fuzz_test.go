package ledger

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The ledger's parsers read what servers and files send; none may panic,
// and whatever they accept must survive a round trip.

// FuzzCanonicalize checks the scanner against encoding/json: whatever
// encoding/json refuses, Canonicalize refuses; whatever Canonicalize
// accepts means the same values to encoding/json before and after, and is
// a fixed point.
func FuzzCanonicalize(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Canonicalize(data)
		var ref any
		refErr := json.Unmarshal(data, &ref)
		if err != nil {
			return // stricter than encoding/json is fine (duplicate keys, lone surrogates, 1e400)
		}
		if refErr != nil {
			t.Fatalf("accepted %q, which encoding/json refuses: %v", data, refErr)
		}
		var back any
		if err := json.Unmarshal(c, &back); err != nil || !reflect.DeepEqual(ref, back) {
			t.Fatalf("%q canonicalised to %q, which means something else (%v)", data, c, err)
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

// FuzzParsePayloadRef: an address from a URL or an entry is either
// refused or is exactly the form PayloadRef makes, and its path never
// leaves payload/.
func FuzzParsePayloadRef(f *testing.F) {
	f.Add(PayloadRef([]byte("x")))
	f.Add("sha256:")
	f.Add("sha256:../../../../etc/passwd")
	f.Fuzz(func(t *testing.T, ref string) {
		h, err := ParsePayloadRef(ref)
		if err != nil {
			return
		}
		if "sha256:"+h != ref || len(h) != 64 {
			t.Fatalf("ParsePayloadRef(%q) accepted %q", ref, h)
		}
		if p, err := PayloadPath(ref); err != nil || strings.Contains(p[len("payload/"):], "/") {
			t.Fatalf("PayloadPath(%q) = %q, %v", ref, p, err)
		}
	})
}
