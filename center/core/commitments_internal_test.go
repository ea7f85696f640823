package core

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
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

// TestSealedJSON: a sealed record's document, decoded and encoded again,
// is the same bytes, with readers, without and with an empty list (which
// was never written: none, as before); equal lists of readers are one.
func TestSealedJSON(t *testing.T) {
	for doc, want := range map[string]string{
		`{"log_index":878453,"party":"pty_1","readers":["pty_11","pty_13","pty_3"]}`: `{"party":"pty_1","readers":["pty_11","pty_13","pty_3"],"log_index":878453}`,
		`{"log_index":5,"party":"pty_7"}`:                                            `{"party":"pty_7","log_index":5}`,
		`{"log_index":5,"party":"pty_7","readers":[]}`:                               `{"party":"pty_7","log_index":5}`,
		`{"log_index":5,"party":""}`:                                                 `{"party":"","log_index":5}`,
	} {
		var a, b Sealed
		if err := json.Unmarshal([]byte(doc), &a); err != nil {
			t.Fatal(err)
		}
		json.Unmarshal([]byte(doc), &b)
		a.Compact()
		b.Compact()
		if got, _ := json.Marshal(&a); string(got) != want {
			t.Errorf("%s:\n got %s\nwant %s", doc, got, want)
		}
		if a.Readers != b.Readers || (len(a.ReadBy()) > 0) != (a.Readers != nil) {
			t.Errorf("%s: readers %p and %p, not one list", doc, a.Readers, b.Readers)
		}
	}
}
