package ledger

import (
	"fmt"
	"testing"
)

// wrongForm writes a canonical form that is not encoding/json's road's.
type wrongForm struct {
	A int `json:"a"`
}

func (w wrongForm) AppendCanonical(b []byte) ([]byte, bool) { return append(b, `{"a":2}`...), true }

// rightForm writes the road's form, or declines for a negative A.
type rightForm struct {
	A int `json:"a"`
}

func (r rightForm) AppendCanonical(b []byte) ([]byte, bool) {
	if r.A < 0 {
		return b, false
	}
	return fmt.Appendf(b, `{"a":%d}`, r.A), true
}

// TestCanonicalChecksHandWrittenForms: under go test, a value that writes
// its own canonical form is checked against encoding/json's road, and one
// that declines takes that road.
func TestCanonicalChecksHandWrittenForms(t *testing.T) {
	for _, v := range []rightForm{{1}, {-3}} {
		got, err := Canonical(v)
		if err != nil || string(got) != fmt.Sprintf(`{"a":%d}`, v.A) {
			t.Errorf("%v: %s, %v", v, got, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a hand-written form unlike encoding/json's road was not caught")
		}
	}()
	Canonical(wrongForm{1})
}
