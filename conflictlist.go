package truce

import (
	"bytes"
	"encoding/json"
	"github.com/truce-center/truce/ledger"
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
	if b, ok := l.appendJSON(make([]byte, 0, 256*len(l.recs)), false); ok {
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

// AppendJSON appends l as encoding/json writes it inside a value it
// encodes with HTML left unescaped — MarshalJSON's bytes, compacted —
// or reports false when it cannot promise those bytes (then b holds
// part of it). A writer that splices it into its own output saves
// encoding/json's second reading of MarshalJSON's output, which is most
// of what a list of many conflicts costs it.
func (l ConflictList) AppendJSON(b []byte) ([]byte, bool) {
	if l.recs == nil {
		return append(b, "null"...), true
	}
	return l.appendJSON(b, true)
}

// appendJSON appends l as encoding/json encodes its conflicts with HTML
// left unescaped, or reports false. Disclosed areas are appended as they
// are kept, or compacted as encoding/json compacts a RawMessage when
// compact is set.
func (l ConflictList) appendJSON(b []byte, compact bool) ([]byte, bool) {
	return l.appendRecords(b, func(b []byte, r *conflictRecord) ([]byte, bool) {
		ok := true
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
				if !compact {
					b = append(b, m.area...)
				} else {
					buf := bytes.NewBuffer(b)
					if json.Compact(buf, m.area) != nil {
						return b, false
					}
					b = buf.Bytes()
				}
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
		return b, ok
	})
}

// appendRecords appends l's records as a JSON array, each written by
// one, or reports false when a conflict is kept whole or one does.
func (l ConflictList) appendRecords(b []byte, one func([]byte, *conflictRecord) ([]byte, bool)) ([]byte, bool) {
	b = append(b, '[')
	for i := range l.recs {
		r := &l.recs[i]
		if r.typ == 0 {
			return b, false
		}
		if i > 0 {
			b = append(b, ',')
		}
		var ok bool
		if b, ok = one(b, r); !ok {
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

// UnmarshalJSON decodes a list of conflicts; one in the canonical form
// the center writes is read without encoding/json (ParseCanonicalConflicts).
func (l *ConflictList) UnmarshalJSON(b []byte) error {
	if p, ok := ParseCanonicalConflicts(b); ok {
		*l = p
		return nil
	}
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

// AppendCanonical appends l in RFC 8785 form (ledger.CanonicalAppender):
// the bytes ledger.Canonical gives for the []Conflict it holds, written
// from the records with the keys in canonical order. It reports false
// for a list it cannot write so (a conflict kept whole, a name that is
// not valid UTF-8, a disclosed area that does not canonicalise, a buffer
// that is not a finite number).
func (l ConflictList) AppendCanonical(b []byte) ([]byte, bool) {
	if l.recs == nil {
		return append(b, "null"...), true
	}
	return l.appendRecords(b, func(b []byte, r *conflictRecord) ([]byte, bool) {
		// Keys in UTF-16 order: overlap, rule, volume, with; end before
		// start; area, area_buffer_m, category, id, kind, name, party,
		// type. The tables' names and the ids need no escape.
		b = append(b, `{"overlap":{"end":"`...)
		b = time.Unix(0, r.end).UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","start":"`...)
		b = time.Unix(0, r.start).UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, `"},"rule":"`...)
		b = append(b, conflictRules[r.rule]...)
		b = append(b, `","volume":`...)
		b = strconv.AppendInt(b, int64(r.volume), 10)
		b = append(b, `,"with":{`...)
		if m := r.more; m != nil {
			if len(m.area) > 0 {
				area, err := ledger.Canonicalize(m.area)
				if err != nil {
					return b, false
				}
				b = append(b, `"area":`...)
				b = append(b, area...)
				b = append(b, ',')
			}
			if f := m.areaBufferM; f != 0 {
				if math.IsNaN(f) || math.IsInf(f, 0) {
					return b, false
				}
				b = append(b, `"area_buffer_m":`...)
				b = append(b, ledger.FormatNumber(f)...)
				b = append(b, ',')
			}
		}
		if r.word != 0 && r.flags&recCategory != 0 {
			b = append(b, `"category":"`...)
			b = append(b, conflictWords[r.word]...)
			b = append(b, `",`...)
		}
		if r.flags&recID != 0 {
			b = append(b, `"id":"`...)
			b = append(b, conflictIDPrefixes[r.typ]...)
			b = strconv.AppendUint(b, uint64(r.id), 10)
			b = append(b, `",`...)
		}
		if r.word != 0 && r.flags&recCategory == 0 {
			b = append(b, `"kind":"`...)
			b = append(b, conflictWords[r.word]...)
			b = append(b, `",`...)
		}
		if r.name != "" {
			b = append(b, `"name":`...)
			var ok bool
			if b, ok = ledger.AppendString(b, r.name); !ok {
				return b, false
			}
			b = append(b, ',')
		}
		if r.flags&recParty != 0 {
			b = append(b, `"party":"pty_`...)
			b = strconv.AppendUint(b, uint64(r.party), 10)
			b = append(b, `",`...)
		}
		b = append(b, `"type":"`...)
		b = append(b, conflictTypes[r.typ]...)
		return append(b, `"}}`...), true
	})
}

// ParseCanonicalConflicts reads a list of conflicts in the form
// AppendCanonical writes (RFC 8785), as a decoder of []Conflict would
// read it into NewConflictList: the writer opens each strike's seal as
// it applies it, and at a million objects that seal lists dozens of
// conflicts. ok is false for anything else, which the caller decodes the
// general way.
func ParseCanonicalConflicts(data []byte) (l ConflictList, ok bool) {
	l, n, ok := ParseCanonicalConflictsPrefix(data)
	return l, ok && n == len(data)
}

// ParseCanonicalConflictsPrefix is ParseCanonicalConflicts of the list at
// the start of data, with the length of its bytes.
func ParseCanonicalConflictsPrefix(data []byte) (l ConflictList, n int, ok bool) {
	l, p, ok := parseCanonicalConflicts(data)
	return l, p.pos, ok
}

func parseCanonicalConflicts(data []byte) (l ConflictList, p canonParser, ok bool) {
	p = canonParser{data: data}
	if p.lit("null") {
		return ConflictList{}, p, true
	}
	if !p.lit("[") {
		return ConflictList{}, p, false
	}
	recs := make([]conflictRecord, 0, bytes.Count(data, []byte(`{"overlap":`)))
	for i := 0; !p.lit("]"); i++ {
		if i > 0 && !p.lit(",") {
			return ConflictList{}, p, false
		}
		var c Conflict
		var start, end time.Time
		var rule, typ []byte
		ok := p.lit(`{"overlap":{"end":`) && p.time(&end) && p.lit(`,"start":`) && p.time(&start) &&
			p.lit(`},"rule":`) && p.str(&rule) && p.lit(`,"volume":`) && p.int(&c.Volume) && p.lit(`,"with":{`)
		if !ok {
			return ConflictList{}, p, false
		}
		w := &c.With
		if p.lit(`"area":`) {
			if !p.raw(&w.Area) || !p.lit(",") {
				return ConflictList{}, p, false
			}
		}
		if p.lit(`"area_buffer_m":`) {
			if !p.float(&w.AreaBufferM) || !p.lit(",") {
				return ConflictList{}, p, false
			}
		}
		// The optional strings, in their order; the tables' names are
		// taken from the tables.
		opt := func(key string, dst *string, table []string) bool {
			var s []byte
			if !p.lit(key) {
				return true
			}
			if !p.str(&s) || !p.lit(",") {
				return false
			}
			*dst = tableString(table, s)
			return true
		}
		if !opt(`"category":`, &w.Category, conflictWords[:]) || !opt(`"id":`, &w.ID, nil) || !opt(`"kind":`, &w.Kind, conflictWords[:]) ||
			!opt(`"name":`, &w.Name, nil) || !opt(`"party":`, &w.Party, nil) {
			return ConflictList{}, p, false
		}
		if !p.lit(`"type":`) || !p.str(&typ) || !p.lit("}}") {
			return ConflictList{}, p, false
		}
		c.Rule, w.Type = tableString(conflictRules[:], rule), tableString(conflictTypes[:], typ)
		c.Overlap = Window{Start: InstantOf(start), End: InstantOf(end)}
		recs = append(recs, recordOf(&c))
	}
	return ConflictList{recs: recs}, p, true
}

// tableString is s as a string, the table's own when it holds it (no
// copy for the names every conflict repeats).
func tableString(table []string, s []byte) string {
	for _, t := range table {
		if t == string(s) {
			return t
		}
	}
	return string(s)
}

// canonParser reads the canonical JSON ParseCanonicalConflicts accepts.
type canonParser struct {
	data []byte
	pos  int
}

// lit consumes lit if the input goes on with it.
func (p *canonParser) lit(lit string) bool {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(lit)) {
		return false
	}
	p.pos += len(lit)
	return true
}

// str reads a string as a decoder does: one with no escape and valid
// UTF-8 as its bytes, any other through encoding/json.
func (p *canonParser) str(s *[]byte) bool {
	if !p.lit(`"`) {
		return false
	}
	start, plain := p.pos, true
	for ; p.pos < len(p.data); p.pos++ {
		switch c := p.data[p.pos]; {
		case c == '"':
			p.pos++
			if *s = p.data[start : p.pos-1]; plain && utf8.Valid(*s) {
				return true
			}
			var v string
			if json.Unmarshal(p.data[start-1:p.pos], &v) != nil {
				return false
			}
			*s = []byte(v)
			return true
		case c == '\\':
			plain = false
			p.pos++
		case c < 0x20:
			return false
		}
	}
	return false
}

// raw reads one JSON object whole, as a json.RawMessage is decoded (a
// copy of its bytes, from its opening brace to its closing one).
func (p *canonParser) raw(m *json.RawMessage) bool {
	start, depth, inString := p.pos, 0, false
	if !bytes.HasPrefix(p.data[p.pos:], []byte("{")) {
		return false
	}
	for ; p.pos < len(p.data); p.pos++ {
		c := p.data[p.pos]
		switch {
		case inString:
			if c == '\\' {
				p.pos++
			} else if c == '"' {
				inString = false
			}
			continue
		case c == '"':
			inString = true
			continue
		case c == '{' || c == '[':
			depth++
			continue
		case c == '}' || c == ']':
			depth--
		}
		if depth == 0 {
			p.pos++ // the closing brace
			break
		}
	}
	if depth != 0 || p.pos > len(p.data) || !json.Valid(p.data[start:p.pos]) {
		return false
	}
	*m = bytes.Clone(p.data[start:p.pos])
	return true
}

// float reads a JSON number as a decoder reads it into a float64 (by
// encoding/json: few conflicts have one).
func (p *canonParser) float(f *float64) bool {
	start := p.pos
	for p.pos < len(p.data) && strings.IndexByte("0123456789.eE+-", p.data[p.pos]) >= 0 {
		p.pos++
	}
	lit := p.data[start:p.pos]
	return len(lit) > 0 && lit[0] != '+' && json.Unmarshal(lit, f) == nil
}

// int reads an integer of at most nine digits, without leading zero.
func (p *canonParser) int(n *int) bool {
	neg := p.lit("-")
	start := p.pos
	v := 0
	for ; p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9'; p.pos++ {
		v = v*10 + int(p.data[p.pos]-'0')
	}
	digits := p.pos - start
	if digits == 0 || digits > 9 || digits > 1 && p.data[start] == '0' || neg && v == 0 {
		return false
	}
	if neg {
		v = -v
	}
	*n = v
	return true
}

// time reads a quoted time of the form "2006-01-02T15:04:05.999999999Z"
// (RFC 3339 in UTC, what time.Time's encoding writes for UTC), as
// time.Time's decoding reads it; any other form, or a day or hour that
// does not exist, is not read here.
func (p *canonParser) time(t *time.Time) bool {
	var s []byte
	if !p.str(&s) || len(s) < 20 || s[len(s)-1] != 'Z' || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return false
	}
	num := func(b []byte) (int, bool) {
		v := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(s[0:4])
	month, ok2 := num(s[5:7])
	day, ok3 := num(s[8:10])
	hour, ok4 := num(s[11:13])
	minute, ok5 := num(s[14:16])
	sec, ok6 := num(s[17:19])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 {
		return false
	}
	ns := 0
	if frac := s[19 : len(s)-1]; len(frac) > 0 {
		if len(frac) < 2 || len(frac) > 10 || frac[0] != '.' {
			return false
		}
		f, ok := num(frac[1:])
		if !ok {
			return false
		}
		for range 10 - len(frac) {
			f *= 10
		}
		ns = f
	}
	got := time.Date(year, time.Month(month), day, hour, minute, sec, ns, time.UTC)
	// time.Date moves a day or an hour out of its range into the next;
	// parsing refuses it.
	if y, m, d := got.Date(); y != year || int(m) != month || d != day || got.Hour() != hour || got.Minute() != minute || got.Second() != sec {
		return false
	}
	*t = got
	return true
}
