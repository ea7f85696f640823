package truce

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ConflictList is a stored notification's conflicts, held in memory as
// compact records: a store of a million objects holds more than a
// million conflicts, and a Conflict is 200 bytes of headers (eight
// strings, a raw value, two time.Time) most of which a conflict leaves
// empty. Its JSON is exactly that of the []Conflict it was made from
// (null for a nil list, [] for an empty one), in documents, answers and
// the schema alike; a reader takes the conflicts out with At or Slice.
//
// Like every installed object's lists, a ConflictList is never changed
// in place: a notification that changes gets a new one.
type ConflictList struct {
	recs []conflictRecord
}

// conflictRecord is one conflict in 112 bytes instead of 200: the
// other object's type as a number, its kind or category in one field
// (a conflict names at most one of them), the overlap as nanoseconds
// since 1970 in UTC, and what few conflicts carry — a disclosed area
// and its buffer — behind a pointer. A conflict the record cannot hold
// exactly (another type, both a kind and a category, a time that is not
// a plain UTC time within int64 nanoseconds, a volume beyond int32) is
// kept whole behind that pointer.
type conflictRecord struct {
	rule, id, name, party, word string
	start, end                  int64
	more                        *conflictMore
	volume                      int32
	typ                         uint8 // an index into conflictTypes; 0 with more.whole
	category                    bool  // word is the category, not the kind
}

// conflictMore is what few conflicts have.
type conflictMore struct {
	area        json.RawMessage
	areaBufferM float64
	whole       *Conflict // the conflict itself, when the record cannot hold it
}

// conflictTypes are the types of object a conflict can name (the
// conflict engine's); index 0 is none of them.
var conflictTypes = [...]string{"", "zone", "site", "notification"}

// NewConflictList returns the list of cs (nil gives a nil list, empty
// an empty one). cs is not kept.
func NewConflictList(cs []Conflict) ConflictList {
	if cs == nil {
		return ConflictList{}
	}
	recs := make([]conflictRecord, len(cs))
	for i := range cs {
		recs[i] = recordOf(&cs[i])
	}
	return ConflictList{recs: recs}
}

// Len is how many conflicts l holds.
func (l ConflictList) Len() int { return len(l.recs) }

// At returns the i-th conflict; it panics if i is out of range.
func (l ConflictList) At(i int) Conflict { return l.recs[i].conflict() }

// Slice returns l's conflicts in a list of their own (nil for a nil
// list, empty for an empty one).
func (l ConflictList) Slice() []Conflict {
	if l.recs == nil {
		return nil
	}
	out := make([]Conflict, len(l.recs))
	for i := range l.recs {
		out[i] = l.recs[i].conflict()
	}
	return out
}

// MarshalJSON encodes l as encoding/json encodes the []Conflict it
// holds. It leaves HTML unescaped: encoding/json escapes a Marshaler's
// output itself when its encoder does, so that the bytes are those of
// the plain list either way.
//
// It writes the records by hand: encoding/json reads a Marshaler's
// output once more to check and compact it, and a strike's conflicts
// are encoded at every write and answer; a list it cannot promise to
// write as encoding/json does (a string it would escape, a conflict kept
// whole, a float it writes with an exponent) goes through encoding/json.
func (l ConflictList) MarshalJSON() ([]byte, error) {
	if l.recs == nil {
		return []byte("null"), nil
	}
	if b, ok := l.appendJSON(make([]byte, 0, 256*len(l.recs))); ok {
		return b, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(l.Slice()); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// appendJSON appends l as encoding/json encodes its conflicts with HTML
// left unescaped, or reports false.
func (l ConflictList) appendJSON(b []byte) ([]byte, bool) {
	ok := true
	b = append(b, '[')
	for i := range l.recs {
		r := &l.recs[i]
		if r.typ == 0 {
			return b, false
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"rule":`...)
		b, ok = appendJSONString(b, r.rule, ok)
		b = append(b, `,"with":{"type":"`...)
		b = append(b, conflictTypes[r.typ]...)
		b = append(b, '"')
		kind, category := r.word, ""
		if r.category {
			kind, category = "", r.word
		}
		for _, f := range [...]struct{ key, v string }{
			{`,"id":`, r.id}, {`,"name":`, r.name}, {`,"kind":`, kind}, {`,"category":`, category}, {`,"party":`, r.party},
		} {
			if f.v != "" {
				b = append(b, f.key...)
				b, ok = appendJSONString(b, f.v, ok)
			}
		}
		if m := r.more; m != nil {
			if len(m.area) > 0 {
				// As a RawMessage is written: encoding/json compacts it
				// with the rest of this output.
				b = append(b, `,"area":`...)
				b = append(b, m.area...)
			}
			if f := m.areaBufferM; f != 0 {
				if a := math.Abs(f); math.IsNaN(f) || a < 1e-6 || a >= 1e21 {
					return b, false // encoding/json's exponent form, or its error
				}
				b = append(b, `,"area_buffer_m":`...)
				b = strconv.AppendFloat(b, f, 'f', -1, 64)
			}
		}
		b = append(b, `},"volume":`...)
		b = strconv.AppendInt(b, int64(r.volume), 10)
		b = append(b, `,"overlap":{"start":"`...)
		b = time.Unix(0, r.start).UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","end":"`...)
		b = time.Unix(0, r.end).UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, `"}}`...)
		if !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

// appendJSONString appends s quoted if encoding/json writes it with no
// escape when it leaves HTML unescaped (no control character, quote or
// backslash, valid UTF-8, no U+2028 or U+2029); else ok turns false.
func appendJSONString(b []byte, s string, ok bool) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return b, false
		} else if c >= utf8.RuneSelf {
			if !utf8.ValidString(s[i:]) || strings.ContainsRune(s[i:], '\u2028') || strings.ContainsRune(s[i:], '\u2029') {
				return b, false
			}
			for _, r := range s[i:] {
				if r < 0x20 || r == '"' || r == '\\' {
					return b, false
				}
			}
			break
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), ok
}

// UnmarshalJSON decodes a list of conflicts.
func (l *ConflictList) UnmarshalJSON(b []byte) error {
	var cs []Conflict
	if err := json.Unmarshal(b, &cs); err != nil {
		return err
	}
	*l = NewConflictList(cs)
	return nil
}

// compact interns l's strings that recur across notifications and adds
// the others (ids, names, areas) to what its notification packs.
func (l ConflictList) compact(strs []*string, raw []*json.RawMessage) ([]*string, []*json.RawMessage) {
	for i := range l.recs {
		r := &l.recs[i]
		r.rule, r.party, r.word = intern(r.rule), intern(r.party), intern(r.word)
		strs = append(strs, &r.id, &r.name)
		if m := r.more; m != nil {
			raw = append(raw, &m.area)
			if c := m.whole; c != nil {
				c.Rule = intern(c.Rule)
				strs, raw = c.With.compact(strs, raw)
			}
		}
	}
	return strs, raw
}

func recordOf(c *Conflict) conflictRecord {
	w := &c.With
	r := conflictRecord{rule: c.Rule, id: w.ID, name: w.Name, party: w.Party, word: w.Kind, volume: int32(c.Volume)}
	if w.Category != "" {
		r.word, r.category = w.Category, true
	}
	for i, t := range conflictTypes {
		if i > 0 && t == w.Type {
			r.typ = uint8(i)
		}
	}
	start, okStart := utcNanos(c.Overlap.Start)
	end, okEnd := utcNanos(c.Overlap.End)
	if r.typ == 0 || !okStart || !okEnd || (w.Kind != "" && w.Category != "") ||
		c.Volume < math.MinInt32 || c.Volume > math.MaxInt32 {
		whole := *c
		return conflictRecord{more: &conflictMore{whole: &whole}}
	}
	r.start, r.end = start, end
	if w.Area != nil || w.AreaBufferM != 0 {
		r.more = &conflictMore{area: w.Area, areaBufferM: w.AreaBufferM}
	}
	return r
}

// utcNanos returns t as nanoseconds since 1970 if time.Unix(0, n).UTC()
// gives t back exactly (a UTC time without a monotonic reading, within
// int64 nanoseconds): what times decoded from documents, and the
// engine's overlaps, are.
func utcNanos(t time.Time) (int64, bool) {
	if t.Location() != time.UTC {
		return 0, false
	}
	n := t.UnixNano()
	return n, time.Unix(0, n).UTC() == t
}

func (r *conflictRecord) conflict() Conflict {
	if r.typ == 0 {
		return *r.more.whole
	}
	c := Conflict{Rule: r.rule, Volume: int(r.volume),
		With:    ConflictWith{Type: conflictTypes[r.typ], ID: r.id, Name: r.name, Party: r.party},
		Overlap: Window{Start: time.Unix(0, r.start).UTC(), End: time.Unix(0, r.end).UTC()}}
	if r.category {
		c.With.Category = r.word
	} else {
		c.With.Kind = r.word
	}
	if m := r.more; m != nil {
		c.With.Area, c.With.AreaBufferM = m.area, m.areaBufferM
	}
	return c
}
