package truce

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/internal/strictjson"
	"github.com/truce-center/truce/ledger"
)

// conflictCases are conflicts as the engine and documents give them, and
// the ones a record cannot hold (kept whole).
func conflictCases() map[string]Conflict {
	at := time.Date(2016, 9, 14, 3, 0, 0, 500, time.UTC)
	w := Window{Start: InstantOf(at), End: InstantOf(at.Add(time.Hour))}
	area := json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`)
	return map[string]Conflict{
		"site":              {Rule: "strike-near-protected-site", With: ConflictWith{Type: "site", ID: "sit_1", Name: "Al <Shifa> & co", Category: "hospital", Party: "pty_2"}, Overlap: w},
		"zone":              {Rule: "strike-in-no-strike-zone", With: ConflictWith{Type: "zone", ID: "zon_1", Name: "z", Kind: "no-strike", Party: "pty_2"}, Volume: 3, Overlap: w},
		"notification":      {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "ntf_1", Kind: "flight", Party: "pty_2"}, Volume: 1, Overlap: w},
		"hidden":            {Rule: "strike-near-protected-site", With: ConflictWith{Type: "site", Category: "school", Area: area}, Overlap: w},
		"disclosed":         {Rule: "flight-separation", With: ConflictWith{Type: "notification", Kind: "flight", Party: "pty_3", Area: area, AreaBufferM: 1500.5}, Overlap: w},
		"empty area":        {Rule: "strike-near-protected-site", With: ConflictWith{Type: "site", Area: json.RawMessage{}}, Overlap: w},
		"party zero":        {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "ntf_0", Party: "pty_0"}, Overlap: w},
		"largest numbers":   {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "ntf_4294967295", Party: "pty_4294967295"}, Overlap: w},
		"unknown rule":      {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Overlap: w},
		"unknown word":      {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "ntf_1", Kind: "balloon"}, Overlap: w},
		"leading zero":      {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "ntf_01"}, Overlap: w},
		"id of a site":      {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "sit_1"}, Overlap: w},
		"id not a number":   {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "ntf_x"}, Overlap: w},
		"id too large":      {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "ntf_4294967296"}, Overlap: w},
		"party of a form":   {Rule: "flight-separation", With: ConflictWith{Type: "notification", Party: "party-2"}, Overlap: w},
		"bare prefix":       {Rule: "flight-separation", With: ConflictWith{Type: "notification", ID: "ntf_", Party: "pty_"}, Overlap: w},
		"nothing":           {},
		"other type":        {Rule: "r", With: ConflictWith{Type: "report", ID: "rep_1"}, Overlap: w},
		"kind and category": {Rule: "r", With: ConflictWith{Type: "site", Kind: "k", Category: "c"}, Overlap: w},
		"zero time":         {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Overlap: Window{End: InstantOf(at)}},
		"far future":        {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Overlap: Window{Start: InstantOf(at), End: InstantOf(time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC))}},
		"large volume":      {Rule: "r", With: ConflictWith{Type: "site", ID: "sit_1"}, Volume: math.MaxInt32 + 1, Overlap: w},
		"negative":          {Rule: "strike-near-protected-site", With: ConflictWith{Type: "site", ID: "sit_1"}, Volume: -1, Overlap: w},
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
			compact := map[string]bool{"site": true, "zone": true, "notification": true, "hidden": true, "disclosed": true, "empty area": true, "negative": true,
				"party zero": true, "largest numbers": true}
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

// FuzzConflictListJSON: whatever a conflict holds, its list encodes to
// the plain list's bytes (or both fail), with HTML escaped and not, and
// its canonical form and the reading of it are the general road's
// (checkCanonical).
func FuzzConflictListJSON(f *testing.F) {
	for _, c := range conflictCases() {
		f.Add(c.Rule, c.With.Type, c.With.ID, c.With.Name, c.With.Kind, c.With.Category, c.With.Party, []byte(c.With.Area), c.With.AreaBufferM, c.Volume, c.Overlap.Start.UnixNano(), c.Overlap.End.UnixNano())
	}
	f.Add("r\u2028", "site", "<&>", "\xff", "\x01", "é", "\"", []byte(` { "a" : [1, 2] } `), 1e-7, -5, int64(0), int64(1))
	f.Fuzz(func(t *testing.T, rule, typ, id, name, kind, category, party string, area []byte, buf float64, volume int, start, end int64) {
		c := Conflict{Rule: rule, With: ConflictWith{Type: typ, ID: id, Name: name, Kind: kind, Category: category, Party: party, Area: area, AreaBufferM: buf},
			Volume: volume, Overlap: Window{Start: InstantOf(time.Unix(0, start).UTC()), End: InstantOf(time.Unix(0, end).UTC())}}
		cs := []Conflict{c, c}
		l := NewConflictList(cs)
		if !reflect.DeepEqual(l.Slice(), cs) {
			t.Fatalf("Slice: %#v, want %#v", l.Slice(), cs)
		}
		checkCanonical(t, cs)
		for _, escape := range []bool{true, false} {
			encode := func(v any) ([]byte, error) {
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetEscapeHTML(escape)
				err := enc.Encode(v)
				return b.Bytes(), err
			}
			want, werr := encode(cs)
			got, gerr := encode(l)
			if (werr != nil) != (gerr != nil) || !bytes.Equal(got, want) {
				t.Fatalf("escape %v: the list encodes as\n%s (%v)\nthe plain list as\n%s (%v)", escape, got, gerr, want, werr)
			}
		}
	})
}

// TestConflictRecordIsSmaller holds the record to the size the heap
// figures in docs/performance.md were measured with.
func TestConflictRecordIsSmaller(t *testing.T) {
	if n := reflect.TypeFor[conflictRecord]().Size(); n != 56 {
		t.Errorf("a conflict record is %d bytes, want 56", n)
	}
}

// BenchmarkConflictsJSON: what encoding and decoding a strike's conflicts
// costs held as a ConflictList against the plain list (46 conflicts, as
// a strike of the 1M benchmark mix meets).
func BenchmarkConflictsJSON(b *testing.B) {
	cases := conflictCases()
	cs := make([]Conflict, 46)
	for i := range cs {
		cs[i] = cases[[]string{"site", "notification", "disclosed"}[i%3]]
	}
	l := NewConflictList(cs)
	doc, _ := json.Marshal(cs)
	for _, bc := range []struct {
		name string
		v    any
		ptr  any
	}{{"plain", cs, new([]Conflict)}, {"list", l, new(ConflictList)}} {
		b.Run("encode/"+bc.name, func(b *testing.B) {
			for b.Loop() {
				json.Marshal(bc.v)
			}
		})
		b.Run("decode/"+bc.name, func(b *testing.B) {
			for b.Loop() {
				json.Unmarshal(doc, bc.ptr)
			}
		})
	}
	// The canonical form a seal and a stored document take: encoding/json
	// and a second pass (the road before), and written by hand; and read
	// back strictly, or by hand.
	canon, _ := canonicalOfPlain(cs)
	b.Run("canonical/plain", func(b *testing.B) {
		for b.Loop() {
			canonicalOfPlain(cs)
		}
	})
	b.Run("canonical/list", func(b *testing.B) {
		for b.Loop() {
			l.AppendCanonical(nil)
		}
	})
	b.Run("read/strict", func(b *testing.B) {
		for b.Loop() {
			var back []Conflict
			strictjson.Unmarshal(canon, &back)
			NewConflictList(back)
		}
	})
	b.Run("read/hand", func(b *testing.B) {
		for b.Loop() {
			ParseCanonicalConflicts(canon)
		}
	})
}

// TestConflictWordsHoldEveryKind: every kind of activity and zone and
// every site category is a word a conflict record holds as a number.
func TestConflictWordsHoldEveryKind(t *testing.T) {
	for _, list := range [][]string{Activities, ZoneKinds, SiteCategories} {
		for _, w := range list {
			if indexOf(conflictWords[:], w) <= 0 {
				t.Errorf("%q is not in conflictWords", w)
			}
		}
	}
	if len(conflictRules) > 256 || len(conflictWords) > 256 {
		t.Error("a table outgrows the record's byte")
	}
}

// canonicalOfPlain is the canonical form ledger's general road gives for
// the plain list.
func canonicalOfPlain(cs []Conflict) ([]byte, error) {
	raw, err := json.Marshal(cs)
	if err != nil {
		return nil, err
	}
	return ledger.Canonicalize(raw)
}

// checkCanonical: the list's own canonical form is the general road's to
// the byte whenever it gives one, and reading it back without
// encoding/json gives the list a decoder of the plain list gives.
// It returns whether both the writing and the reading were done by hand.
func checkCanonical(t *testing.T, cs []Conflict) (wrote, read bool) {
	t.Helper()
	l := NewConflictList(cs)
	want, werr := canonicalOfPlain(cs)
	got, ok := l.AppendCanonical([]byte("x"))
	if ok {
		if werr != nil || !bytes.Equal(got[1:], want) {
			t.Fatalf("the list writes its canonical form as\n%s\nthe general road gives\n%s (%v)", got[1:], want, werr)
		}
	}
	if werr != nil {
		return ok, false
	}
	p, pok := ParseCanonicalConflicts(want)
	if pok {
		var dec []Conflict
		if err := strictjson.Unmarshal(want, &dec); err != nil {
			t.Fatalf("read by hand, but a strict decoder refuses it: %v\n%s", err, want)
		}
		if w := NewConflictList(dec); !reflect.DeepEqual(p, w) {
			t.Fatalf("read %s\nby hand as %#v\ndecoded as %#v", want, p.Slice(), w.Slice())
		}
	}
	return ok, pok
}

// TestConflictListCanonical: a strike's conflicts are sealed and opened
// by hand (AppendCanonical, ParseCanonicalConflicts) with the bytes and
// the values of the general road; those with no disclosed area, kept as
// records, go by hand both ways.
func TestConflictListCanonical(t *testing.T) {
	var all []Conflict
	for name, c := range conflictCases() {
		t.Run(name, func(t *testing.T) {
			wrote, read := checkCanonical(t, []Conflict{c, c})
			// Written by hand: the conflicts kept as records. Read by
			// hand: all but a volume of ten digits.
			records := map[string]bool{"site": true, "zone": true, "notification": true, "hidden": true, "disclosed": true, "empty area": true, "negative": true,
				"party zero": true, "largest numbers": true}
			other := name == "large volume"
			if wrote != records[name] || read == other {
				t.Errorf("written by hand %v, read by hand %v; want %v, %v", wrote, read, records[name], !other)
			}
		})
		all = append(all, c)
	}
	for _, cs := range [][]Conflict{nil, {}, all} {
		checkCanonical(t, cs)
	}
	if wrote, read := checkCanonical(t, nil); !wrote || !read {
		t.Errorf("null: written by hand %v, read by hand %v", wrote, read)
	}
}

// TestParseCanonicalConflictsRefuses: what the hand reader does not read
// as a decoder would, it leaves to the decoder.
func TestParseCanonicalConflictsRefuses(t *testing.T) {
	const head, tail = `[{"overlap":{"end":"2016-09-14T04:00:00Z","start":`, `},"rule":"flight-separation","volume":0,"with":{"id":"ntf_1","type":"notification"}}]`
	for _, in := range []string{
		head + `"2016-02-30T00:00:00Z"` + tail, // no such day
		head + `"2016-09-14T24:00:00Z"` + tail,
		head + `"2016-12-31T23:59:60Z"` + tail, // a leap second
		head + `"2016-09-14T03:00:00.Z"` + tail,
		head + `"2016-09-14T03:00:00.1234567891Z"` + tail,
		head + `"2016-09-14T03:00:00+00:00"` + tail,
		head + `"2016-09-14 03:00:00Z"` + tail,
		head + `"+016-09-14T03:00:00Z"` + tail,
		` ` + head + `"2016-09-14T03:00:00Z"` + tail,
		head + `"2016-09-14T03:00:00Z"` + tail + ` `,
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"volume":0`, `"volume":01`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"volume":0`, `"volume":-0`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"volume":0`, `"volume":1e2`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"volume":0`, `"volume":1234567890`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"ntf_1"`, "\"ntf\x01\"", 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"ntf_1"`, `"ntf\x"`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"type"`, `"Type"`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"id":"ntf_1","id":"ntf_2",`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"colour":"red",`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"area": {"type":"Point"},`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"area":{"type":"Point"} ,`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"area":{"type":"Point",},`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"area":{"type":"Point"`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"area":[1],`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"area_buffer_m":1.,`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"area_buffer_m":01,`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"area_buffer_m":1e999,`, 1),
		strings.Replace(head+`"2016-09-14T03:00:00Z"`+tail, `"id":"ntf_1",`, `"area_buffer_m":+1,`, 1),
		`[`, `[]]`, `nul`, `null `, `{}`,
	} {
		if _, ok := ParseCanonicalConflicts([]byte(in)); ok {
			t.Errorf("read by hand: %s", in)
		}
	}
	in := head + `"2016-09-14T03:00:00.000000500Z"` + tail
	l, ok := ParseCanonicalConflicts([]byte(in))
	if want := time.Date(2016, 9, 14, 3, 0, 0, 500, time.UTC); !ok || !l.At(0).Overlap.Start.Time().Equal(want) {
		t.Errorf("%s: read %v as %v, want %v", in, ok, l.Slice(), want)
	}
}

// FuzzParseCanonicalConflicts: whatever the bytes, a list the hand
// reader reads is one a strict decoder of []Conflict reads, and as the
// same list.
func FuzzParseCanonicalConflicts(f *testing.F) {
	var all []Conflict
	for _, c := range conflictCases() {
		all = append(all, c)
	}
	for _, cs := range [][]Conflict{nil, {}, all[:1], all} {
		b, _ := canonicalOfPlain(cs)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, ok := ParseCanonicalConflicts(data)
		if !ok {
			return
		}
		var dec []Conflict
		if err := strictjson.Unmarshal(data, &dec); err != nil {
			t.Fatalf("read by hand, but a strict decoder refuses it: %v", err)
		}
		if w := NewConflictList(dec); !reflect.DeepEqual(l, w) {
			t.Fatalf("read by hand as %#v\ndecoded as %#v", l.Slice(), w.Slice())
		}
	})
}
