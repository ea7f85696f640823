package letter

import (
	"bytes"
	"testing"
	"time"
)

func testLetter() *Letter {
	return &Letter{Origin: "truce.invalid/test", To: "Russian Federation", ToKind: "party",
		From: time.Date(2016, 9, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2016, 9, 14, 0, 0, 0, 0, time.UTC),
		Sites: []Item{{ID: "sit_1", Title: "Field hospital — east (hospital)", Owner: "Aid agency", Where: "Point at 36.21 N, 37.16 E",
			State: "active", Answers: []string{"Russian Federation acknowledged the add"}, Acts: []uint64{3, 5}}},
		Receipts: []Receipt{{Index: 3, Proof: []byte("first receipt\n")}, {Index: 5, Proof: []byte("second receipt\n")}}}
}

func TestReceiptsRoundTrip(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, testLetter()); err != nil {
		t.Fatal(err)
	}
	Write(&b, testLetter())
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of one letter differ")
	}
	got, err := Receipts(a.Bytes())
	if err != nil || len(got) != 2 || string(got[0]) != "first receipt\n" || string(got[1]) != "second receipt\n" {
		t.Fatalf("receipts %q, %v", got, err)
	}
	if _, err := Receipts([]byte("%PDF-1.4 nothing")); err != ErrNotALetter {
		t.Errorf("a PDF without receipts: %v", err)
	}
}

// FuzzReceipts: a file given to `truce receipt verify` is outside input;
// Receipts returns receipts or an error, never panics, and what it
// returns round-trips through a letter.
func FuzzReceipts(f *testing.F) {
	var b bytes.Buffer
	Write(&b, testLetter())
	f.Add(b.Bytes())
	f.Add([]byte("%PDF-1.4\n<< /Type /EmbeddedFile /Length 5 /Filter /FlateDecode /Params << /CheckSum <00000000000000000000000000000000> /Size 3 >> >>\nstream\nabcde"))
	f.Add([]byte("not a pdf"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Receipts(data)
		if err != nil {
			return
		}
		l := &Letter{}
		for i, r := range got {
			l.Receipts = append(l.Receipts, Receipt{Index: uint64(i), Proof: r})
		}
		var again bytes.Buffer
		if err := Write(&again, l); err != nil {
			t.Fatal(err)
		}
		back, err := Receipts(again.Bytes())
		if err != nil || len(back) != len(got) {
			t.Fatalf("%d receipts came back as %d: %v", len(got), len(back), err)
		}
	})
}
