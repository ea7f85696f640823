package core

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/truce-center/truce/internal/strictjson"
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

// TestOpenedValueAgrees: reading an opening's value without decoding the
// opening (openedValue) gives what decoding it as JSON gives, for the
// form openingOf writes, and refuses every other form, which unseal then
// decodes the general way: both roads agree on the value and on failing.
func TestOpenedValueAgrees(t *testing.T) {
	salt := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xfb}, 32)) // holds '+' and '/'
	cases := []struct {
		payload string
		fast    bool // openedValue takes it
	}{
		{`{"salt":"` + salt + `","value":{"a":[1,"x"],"b":null}}`, true},
		{`{"salt":"` + salt + `","value":"}"}`, true},
		{`{"salt":"` + salt + `","value":[]}`, true},
		{`{"salt":"","value":1}`, true},
		{`{"salt":"` + salt + `","value":{"a":1} {"b":2}}`, true}, // not JSON: both fail
		{`{"salt":"` + salt + `","value":{"a":1}`, true},          // cut short: both fail
		{`{"salt":"` + salt + `","value":}`, false},
		{`{"salt":"a\"b","value":1}`, false},
		{`{"salt":"a\u0041","value":1}`, false},
		{`{"value":1,"salt":"` + salt + `"}`, false},
		{`{"salt":"` + salt + `", "value":1}`, false},
		{`{"salt":"` + salt + `","value":1} `, false},
		{` {"salt":"` + salt + `","value":1}`, false},
		{`{"salt":"` + salt + `","value":1,"value":2}`, true}, // found, but no JSON value: decoded the general way (the last key wins)
	}
	for _, tc := range cases {
		_, fast := openedValue([]byte(tc.payload))
		if fast != tc.fast {
			t.Errorf("openedValue(%s) took it: %v, want %v", tc.payload, fast, tc.fast)
		}
		c := commitmentOf([]byte(tc.payload))
		var got, want any
		gotErr := unseal(c, []byte(tc.payload), &got)
		var o opening
		wantErr := json.Unmarshal([]byte(tc.payload), &o)
		if wantErr == nil {
			wantErr = strictjson.Unmarshal(o.Value, &want)
		}
		if (gotErr == nil) != (wantErr == nil) || gotErr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("unseal(%s) = %v, %v; decoding the opening gives %v, %v", tc.payload, got, gotErr, want, wantErr)
		}
	}
}
