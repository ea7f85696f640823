package core

import (
	"encoding/json"
	"testing"
)

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
