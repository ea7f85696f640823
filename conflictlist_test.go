package truce

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
)

// conflictCases are conflicts as the engine and documents give them, and
// the ones a record cannot hold (kept whole).
func conflictCases() map[string]Conflict {
	at := time.Date(2016, 9, 14, 3, 0, 0, 500, time.UTC)
	w := Window{Start: at, End: at.Add(time.Hour)}
	area := json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`)
	return map[string]Conflict{
		"site":              {Rule: "strike-near-protected-site", With: ConflictWith{Type: "site", ID: "sit_1", Name: "Al <Shifa> & co", Category: "hospital", Party: "pty_2"}, Overlap: w},
		"zone":              {Rule: "strike-in-no-strike-zone", With: ConflictWith{Type: "zone", ID: "zon_1", Name: "z", Kind: "no-strike", Party: "pty_2"}, Volume: 3, Overlap: w},
		"notification":      {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "ntf_1", Kind: "flight", Party: "pty_2"}, Volume: 1, Overlap: w},
		"hidden":            {Rule: "strike-near-protected-site", With: ConflictWith{Type: "site", Category: "school", Area: area}, Overlap: w},
		"disclosed":         {Rule: "flight-separation", With: ConflictWith{Type: "notification", Kind: "flight", Party: "pty_3", Area: area, AreaBufferM: 1500.5}, Overlap: w},
		"empty area":        {Rule: "r", With: ConflictWith{Type: "site", Area: json.RawMessage{}}, Overlap: w},
		"nothing":           {},
		"other type":        {Rule: "r", With: ConflictWith{Type: "report", ID: "rep_1"}, Overlap: w},
		"kind and category": {Rule: "r", With: ConflictWith{Type: "site", Kind: "k", Category: "c"}, Overlap: w},
		"zone offset":       {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Overlap: Window{Start: at.In(time.FixedZone("AST", 3*3600)), End: at}},
		"local":             {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Overlap: Window{Start: at, End: at.Local()}},
		"monotonic":         {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Overlap: Window{Start: time.Now(), End: at}},
		"zero time":         {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Overlap: Window{End: at}},
		"far future":        {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Overlap: Window{Start: at, End: time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC)}},
		"large volume":      {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Volume: math.MaxInt32 + 1, Overlap: w},
		"negative":          {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Volume: -1, Overlap: w},
	}
}

// TestConflictListKeepsEveryConflict: every conflict comes back from the
// list equal to the one given, its JSON is the plain list's to the byte
// (with HTML escaped and not), and decoding gives the same list.
func TestConflictListKeepsEveryConflict(t *testing.T) {
	cases := conflictCases()
	var all []Conflict
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			l := NewConflictList([]Conflict{c})
			if got := l.At(0); !reflect.DeepEqual(got, c) {
				t.Fatalf("got %#v\nwant %#v", got, c)
			}
			compact := map[string]bool{"site": true, "zone": true, "notification": true, "hidden": true, "disclosed": true, "empty area": true, "negative": true}
			if whole := l.recs[0].typ == 0; whole == compact[name] {
				t.Errorf("kept whole: %v, want %v", whole, !compact[name])
			}
		})
		all = append(all, c)
	}
	for _, cs := range [][]Conflict{nil, {}, all} {
		l := NewConflictList(cs)
		if got := l.Slice(); !reflect.DeepEqual(got, cs) || l.Len() != len(cs) {
			t.Fatalf("Slice: %#v, want %#v", got, cs)
		}
		for _, escape := range []bool{true, false} {
			type doc struct {
				Conflicts []Conflict   `json:"conflicts"`
				List      ConflictList `json:"list"`
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(escape)
			if err := enc.Encode(doc{cs, l}); err != nil {
				t.Fatal(err)
			}
			var d struct{ Conflicts, List json.RawMessage }
			if err := json.Unmarshal(buf.Bytes(), &d); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(d.Conflicts, d.List) {
				t.Fatalf("escape %v: the list encodes as\n%s\nthe plain list as\n%s", escape, d.List, d.Conflicts)
			}
		}
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		var back ConflictList
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		plain, _ := json.Marshal(cs)
		var want []Conflict
		json.Unmarshal(plain, &want)
		if !reflect.DeepEqual(back, NewConflictList(want)) {
			t.Fatalf("decoded %s into %#v", b, back)
		}
	}
}

// TestConflictRecordIsSmaller holds the record to the size the heap
// figures in docs/performance.md were measured with.
func TestConflictRecordIsSmaller(t *testing.T) {
	if n := reflect.TypeFor[conflictRecord]().Size(); n != 112 {
		t.Errorf("a conflict record is %d bytes, want 112", n)
	}
}
