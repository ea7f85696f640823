package truce

import (
	"bytes"
	"encoding/json"
	"slices"
)

// AppendNotificationJSON appends n as encoding/json encodes it — with
// HTML escaped as json.Marshal does, or left as an Encoder with
// SetEscapeHTML(false) leaves it — without the newline an Encoder adds.
// The notification without its conflicts goes through encoding/json
// (in scratch, which it resets), its conflicts are spliced in by hand
// (ConflictList.AppendJSON) at its top-level member: encoding/json reads
// a Marshaler's output a second time to check and compact it, and a
// strike at a million objects meets ~46 objects. When the conflicts
// cannot be written so, or hold what escaping would change, the whole
// notification goes through encoding/json. It appends nothing when
// encoding/json refuses n.
func AppendNotificationJSON(b []byte, scratch *bytes.Buffer, n *Notification, escapeHTML bool) []byte {
	m := *n
	m.Conflicts = ConflictList{} // null
	if out, ok := encodeJSON(scratch, &m, escapeHTML); ok {
		if at := memberValue(out, `"conflicts":`); at >= 0 && bytes.HasPrefix(out[at:], []byte("null")) {
			start := len(b)
			b = slices.Grow(b, len(out)+256*n.Conflicts.Len()) // once, not as the records come
			b = append(b, out[:at]...)
			mid := len(b)
			if b, ok = n.Conflicts.AppendJSON(b); ok && (!escapeHTML || !escapable(b[mid:])) {
				return append(b, out[at+len("null"):]...)
			}
			b = b[:start]
		}
	}
	out, _ := encodeJSON(scratch, n, escapeHTML)
	return append(b, out...)
}

// encodeJSON encodes v into scratch and returns the bytes without the
// newline, or false when encoding/json refuses it.
func encodeJSON(scratch *bytes.Buffer, v any, escapeHTML bool) ([]byte, bool) {
	scratch.Reset()
	enc := json.NewEncoder(scratch)
	enc.SetEscapeHTML(escapeHTML)
	if enc.Encode(v) != nil {
		return nil, false
	}
	return bytes.TrimSuffix(scratch.Bytes(), []byte("\n")), true
}

// escapable reports whether b holds a byte encoding/json changes when it
// escapes HTML in a Marshaler's output: <, > or &, or U+2028 or U+2029.
func escapable(b []byte) bool {
	for i, c := range b {
		switch c {
		case '<', '>', '&':
			return true
		case 0xE2: // U+2028 and U+2029 are E2 80 A8 and E2 80 A9
			if i+2 < len(b) && b[i+1] == 0x80 && b[i+2]&^1 == 0xA8 {
				return true
			}
		}
	}
	return false
}

// memberValue returns where the value of key (quoted, with its colon)
// begins among the members of the JSON object b, not in one nested in
// it nor in a string, or -1.
func memberValue(b []byte, key string) int {
	depth := 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			if depth == 1 && bytes.HasPrefix(b[i:], []byte(key)) {
				return i + len(key)
			}
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		}
	}
	return -1
}
