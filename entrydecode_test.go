package truce_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/ledger"
)

// strict decodes as the replay's slow path does: unknown fields refused,
// nothing after the value.
func strict(raw []byte) (truce.Entry, error) {
	var e truce.Entry
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&e)
	if err == nil && dec.More() {
		err = json.Unmarshal([]byte("x"), &e)
	}
	return e, err
}

// checkFast: on canonical input, whatever UnmarshalCanonicalEntry
// accepts, the strict decoder accepts too, with an equal Entry.
func checkFast(t *testing.T, raw []byte) (accepted bool) {
	t.Helper()
	canon, err := ledger.Canonicalize(raw)
	if err != nil || !bytes.Equal(canon, raw) {
		return false
	}
	var fast truce.Entry
	if !truce.UnmarshalCanonicalEntry(raw, &fast) {
		return false
	}
	slow, err := strict(raw)
	if err != nil {
		t.Fatalf("%s: accepted, but the strict decoder refuses it: %v", raw, err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%s: decoded as %+v, the strict decoder gives %+v", raw, fast, slow)
	}
	return true
}

var entrySeeds = []string{
	`{"actor":{"member":"mbr_2","party":"pty_1"},"body":{"kind":"party","name":"party 7"},"index":7,"time":"2016-09-12T16:00:00.007Z","type":"party.register"}`,
	`{"actor":{},"body":{"log_key":"k","origin":"truce.invalid/x"},"index":0,"time":"2016-09-12T16:00:00Z","type":"center.init"}`,
	`{"actor":{"member":"mbr_4","party":"pty_2"},"body":{"n":[1,2.5,{"a":null}],"text":"é \"q\" \\ \n"},"index":12,"request":{"content_digest":"sha-256=:x:","key_id":"k1","method":"POST","params":"(\"@method\");created=1","path":"/v1/hotline","signature":"c2ln"},"time":"2026-01-01T00:00:00.5+01:00","type":"hotline.send"}`,
	`{"actor":{"party":"pty_1"},"body":null,"index":3,"request":{},"time":"2016-09-12T16:00:00Z","type":"x"}`,
	`{"Index":1}`,
	`{"actor":{"member":"a\u0000"},"index":1}`,
	`{"index":01}`,
	`{"index":1e3}`,
	`{"index":18446744073709551616}`,
	`{"time":"yesterday"}`,
	`{"actor":{"member":"m","role":"x"}}`,
	`{"request":{"path":"/","method":"GET"}}`,
	`{"type":"\u00e9"}`,
	`{"type":"\ud83d\ude00 \ud83d"}`,
	`{}`,
}

// TestUnmarshalCanonicalEntry: the shapes the center writes take the fast
// path, with the strict decoder's result; the others are left to it.
func TestUnmarshalCanonicalEntry(t *testing.T) {
	var fast int
	for _, s := range entrySeeds {
		if checkFast(t, []byte(s)) {
			fast++
		}
	}
	e := truce.Entry{Index: 9, Time: time.Date(2026, 12, 2, 3, 0, 0, 1, time.UTC), Type: "hotline.send",
		Actor: truce.Actor{Member: "mbr_3", Party: "pty_2"}, Body: json.RawMessage(`{"text":"ceasefire at 06:00 — confirm"}`),
		Request: &truce.SignedRequest{KeyID: "k", Method: "POST", Path: "/v1/hotline", ContentDigest: "sha-256=:AAA=:", Params: "p", Signature: "s", Body: "Ym9keQ"}}
	raw, err := ledger.Canonical(e)
	if err != nil {
		t.Fatal(err)
	}
	if !checkFast(t, raw) {
		t.Fatalf("an entry as the center writes it is not on the fast path: %s", raw)
	}
	if fast != 6 {
		t.Fatalf("%d seeds took the fast path, want 6 (the first four, the escaped control character and {})", fast)
	}
}

func FuzzUnmarshalCanonicalEntry(f *testing.F) {
	for _, s := range entrySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkFast(t, raw)
		var e truce.Entry
		truce.UnmarshalCanonicalEntry(raw, &e) // never panics, canonical or not
	})
}
