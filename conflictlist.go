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
// million conflicts, and a Conflict is 168 bytes of headers (eight
// strings, a raw value, two times) most of which a conflict leaves
// empty. Its JSON is exactly that of the []Conflict it was made from
// (null for a nil list, [] for an empty one), in documents, answers and
// the schema alike; a reader takes the conflicts out with At or Slice.
//
// Like every installed object's lists, a ConflictList is never changed
// in place: a notification that changes gets a new one.
type ConflictList struct {
	recs []conflictRecord
}

// conflictRecord is one conflict in 56 bytes instead of 168: the
// other object's type, the rule and the other object's kind or category
// (a conflict names at most one of them) as numbers into fixed tables
// (conflictTypes, conflictRules, conflictWords), the other object's id
// and party as the numbers of the center's ids ("sit_1234", "pty_5"),
// the overlap as nanoseconds since 1970 in UTC, and what few conflicts
// carry — a disclosed area and its buffer — behind a pointer. A conflict
// the record cannot hold exactly (another type, a rule or word not in
// the tables, an id or party of another form, both a kind and a
// category, a zero time, a volume beyond int32) is kept whole behind that pointer.
type conflictRecord struct {
	name       string
	start, end int64
	more       *conflictMore
	volume     int32
	id, party  uint32 // the numbers of the id and party, when flags say so
	rule, word uint8  // indexes into conflictRules and conflictWords
	typ        uint8  // an index into conflictTypes; 0 with more.whole
	flags      uint8  // recCategory, recID, recParty
}

// The flags of a conflictRecord.
const (
	recCategory = 1 << iota // word is the category, not the kind
	recID                   // the other object has an id: its type's prefix and id
	recParty                // it names a party: "pty_" and party
)

// conflictMore is what few conflicts have.
type conflictMore struct {
	area        json.RawMessage
	areaBufferM float64
	whole       *Conflict // the conflict itself, when the record cannot hold it
}

// conflictTypes are the types of object a conflict can name (the
// conflict engine's); index 0 is none of them.
var conflictTypes = [...]string{"", "zone", "site", "notification"}

// conflictIDPrefixes are the prefixes of the ids of each type's objects,
// by the index of the type in conflictTypes.
var conflictIDPrefixes = [...]string{"", "zon_", "sit_", "ntf_"}

// conflictRules are the conflict engine's rules (package conflict,
// whose test checks that every rule it has is here) and conflictWords
// the kinds of activity and zone and the site categories, by the
// numbers records hold: index 0 is the empty string. A snapshot holds
// those numbers, so the tables are part of its layout
// (ConflictTables); an entry is added at the end, never moved.
var (
	conflictRules = [...]string{"", "strike-in-no-strike-zone", "strike-near-protected-site", "strike-on-humanitarian-movement",
		"ground-movement-on-humanitarian-movement", "flight-in-no-fly-zone", "flight-separation", "flight-through-strike",
		"activity-in-de-escalation-zone", "activity-in-security-belt", "activity-in-corridor", "activity-in-opposition-area",
		"activity-in-designated-group-area"}
	conflictWords = [...]string{"", "strike", "flight", "ground-movement", "humanitarian-movement",
		"de-escalation", "no-strike", "no-fly", "security-belt", "corridor", "opposition-area", "designated-group-area",
		"hospital", "school", "aid-office", "warehouse", "camp", "water", "power", "other"}
)

// ConflictRules lists the rules a ConflictList holds compactly: a
// conflict of another rule is kept whole (larger, still exact).
func ConflictRules() []string { return conflictRules[1:] }

// ConflictTables describes the tables whose numbers a ConflictList's
// records hold in memory: a snapshot of memory written by a build with
// other tables is refused.
func ConflictTables() string {
	return strings.Join(conflictTypes[:], ",") + ";" + strings.Join(conflictIDPrefixes[:], ",") + ";" +
		strings.Join(conflictRules[:], ",") + ";" + strings.Join(conflictWords[:], ",") + ";pty_"
}

// indexOf is the index of s in names, or -1.
func indexOf(names []string, s string) int {
	for i, n := range names {
		if n == s {
			return i
		}
	}
	return -1
}

// idNumber reads the number of an id of prefix ("sit_1234": 1234): a
// decimal number without leading zero that fits in 32 bits.
func idNumber(id, prefix string) (uint32, bool) {
	digits, ok := strings.CutPrefix(id, prefix)
	if !ok || len(digits) == 0 || len(digits) > 10 || digits[0] == '0' && len(digits) > 1 {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 32)
	return uint32(n), err == nil
}

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
		// The tables' names and the ids' prefixes need no escape.
		b = append(b, `{"rule":"`...)
		b = append(b, conflictRules[r.rule]...)
		b = append(b, `","with":{"type":"`...)
		b = append(b, conflictTypes[r.typ]...)
		b = append(b, '"')
		if r.flags&recID != 0 {
			b = append(b, `,"id":"`...)
			b = append(b, conflictIDPrefixes[r.typ]...)
			b = strconv.AppendUint(b, uint64(r.id), 10)
			b = append(b, '"')
		}
		if r.name != "" {
			b = append(b, `,"name":`...)
			b, ok = appendJSONString(b, r.name, ok)
		}
		if r.word != 0 {
			if r.flags&recCategory != 0 {
				b = append(b, `,"category":"`...)
			} else {
				b = append(b, `,"kind":"`...)
			}
			b = append(b, conflictWords[r.word]...)
			b = append(b, '"')
		}
		if r.flags&recParty != 0 {
			b = append(b, `,"party":"pty_`...)
			b = strconv.AppendUint(b, uint64(r.party), 10)
			b = append(b, '"')
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
		strs = append(strs, &r.name)
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
	r := conflictRecord{name: w.Name, volume: int32(c.Volume)}
	word := w.Kind
	if w.Category != "" {
		word, r.flags = w.Category, recCategory
	}
	typ, rule, wordAt := indexOf(conflictTypes[:], w.Type), indexOf(conflictRules[:], c.Rule), indexOf(conflictWords[:], word)
	okID, okParty := true, true
	if typ > 0 && w.ID != "" {
		r.id, okID = idNumber(w.ID, conflictIDPrefixes[typ])
		r.flags |= recID
	}
	if w.Party != "" {
		r.party, okParty = idNumber(w.Party, "pty_")
		r.flags |= recParty
	}
	// The overlap's instants, but for a zero one (kept whole, as it
	// was written: its JSON is not a time the records' writer writes).
	start, okStart := c.Overlap.Start.UnixNano(), !c.Overlap.Start.IsZero()
	end, okEnd := c.Overlap.End.UnixNano(), !c.Overlap.End.IsZero()
	if typ <= 0 || rule < 0 || wordAt < 0 || !okID || !okParty || !okStart || !okEnd || (w.Kind != "" && w.Category != "") ||
		c.Volume < math.MinInt32 || c.Volume > math.MaxInt32 {
		whole := *c
		return conflictRecord{more: &conflictMore{whole: &whole}}
	}
	r.typ, r.rule, r.word = uint8(typ), uint8(rule), uint8(wordAt)
	r.start, r.end = start, end
	if w.Area != nil || w.AreaBufferM != 0 {
		r.more = &conflictMore{area: w.Area, areaBufferM: w.AreaBufferM}
	}
	return r
}

func (r *conflictRecord) conflict() Conflict {
	if r.typ == 0 {
		return *r.more.whole
	}
	c := Conflict{Rule: conflictRules[r.rule], Volume: int(r.volume),
		With:    ConflictWith{Type: conflictTypes[r.typ], Name: r.name},
		Overlap: Window{Start: instantOfNanos(r.start), End: instantOfNanos(r.end)}}
	if r.flags&recID != 0 {
		c.With.ID = conflictIDPrefixes[r.typ] + strconv.FormatUint(uint64(r.id), 10)
	}
	if r.flags&recParty != 0 {
		c.With.Party = "pty_" + strconv.FormatUint(uint64(r.party), 10)
	}
	if r.flags&recCategory != 0 {
		c.With.Category = conflictWords[r.word]
	} else {
		c.With.Kind = conflictWords[r.word]
	}
	if m := r.more; m != nil {
		c.With.Area, c.With.AreaBufferM = m.area, m.areaBufferM
	}
	return c
}
