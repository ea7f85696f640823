package core

import (
	"bytes"
	"encoding/base64"
	"testing"

	"github.com/truce-center/truce/ledger"
)

// TestOpeningIsCanonical: the opening written out by openingOf is, byte
// for byte, the canonical JSON of the opening, for values of every shape
// (strings that need escaping, nested objects, unicode), and Seal's
// opening answers to its commitment and reads back.
func TestOpeningIsCanonical(t *testing.T) {
	values := []any{
		"plain",
		"quotes \" and <tags> & \\ and \u2028 and é",
		map[string]any{"b": 1, "a": []any{1.5, "x", nil, true}, "é": map[string]any{"z": "y"}},
		[]int{},
		nil,
	}
	salts := [][]byte{make([]byte, 32), bytes.Repeat([]byte{0xff}, 32), []byte("0123456789abcdefghijklmnopqrstuv")}
	for _, value := range values {
		v, err := ledger.Canonical(value)
		if err != nil {
			t.Fatal(err)
		}
		for _, salt := range salts {
			want, err := ledger.Canonical(opening{Salt: base64.StdEncoding.EncodeToString(salt), Value: v})
			if err != nil {
				t.Fatal(err)
			}
			if got := openingOf(salt, v); !bytes.Equal(got, want) {
				t.Fatalf("openingOf(%x, %s) = %s, want %s", salt, v, got, want)
			}
		}
		c, payload, err := Seal(value)
		if err != nil {
			t.Fatal(err)
		}
		var back any
		if err := unseal(c, payload, &back); err != nil {
			t.Fatalf("unseal %s: %v", payload, err)
		}
	}
}
