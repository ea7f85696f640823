package httpapi

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/truce-center/truce"
)

// The answer of POST /v1/deconflict, written by hand into a pooled
// buffer: the commonest question of a running server (issue 17 item 4)
// should not pay for reflection, a time value's allocations and a
// response sent in chunks. The bytes are those writeJSON would send
// (FuzzAppendDeconflict holds the two together); anything this encoder
// does not write exactly as encoding/json does — a string it would
// escape, a time it would refuse, a float in exponent form — sends the
// answer through writeJSON instead.

var answerBufs = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// maxPooledAnswer: a buffer grown past this (an answer naming many large
// areas) is left to the collector rather than kept.
const maxPooledAnswer = 64 << 10

// writeDeconflict writes res as writeJSON would, with its length.
func writeDeconflict(w http.ResponseWriter, res DeconflictResult) {
	bp := answerBufs.Get().(*[]byte)
	b, ok := appendDeconflict((*bp)[:0], res)
	if !ok {
		writeJSON(w, http.StatusOK, res)
	} else {
		h := w.Header()
		setJSON(h)
		h.Set("Content-Length", strconv.Itoa(len(b)))
		w.WriteHeader(http.StatusOK)
		w.Write(b)
	}
	if cap(b) <= maxPooledAnswer {
		*bp = b[:0]
		answerBufs.Put(bp)
	}
}

// appendDeconflict appends res as encoding/json encodes it (HTML left
// unescaped, a newline after), or reports false if it cannot promise the
// same bytes.
func appendDeconflict(b []byte, res DeconflictResult) ([]byte, bool) {
	if res.Conflicts == nil {
		return append(b, "{\"conflicts\":null}\n"...), true
	}
	b = append(b, `{"conflicts":[`...)
	ok := true
	for i := range res.Conflicts {
		if i > 0 {
			b = append(b, ',')
		}
		c := &res.Conflicts[i]
		b = append(b, `{"rule":`...)
		b, ok = appendString(b, c.Rule, ok)
		b = append(b, `,"with":{"type":`...)
		w := &c.With
		b, ok = appendString(b, w.Type, ok)
		for _, f := range [...]struct {
			key, v string
		}{{`,"id":`, w.ID}, {`,"name":`, w.Name}, {`,"kind":`, w.Kind}, {`,"category":`, w.Category}, {`,"party":`, w.Party}} {
			if f.v != "" {
				b = append(b, f.key...)
				b, ok = appendString(b, f.v, ok)
			}
		}
		if len(w.Area) > 0 {
			// As encoding/json writes a RawMessage: compacted.
			b = append(b, `,"area":`...)
			buf := bytes.NewBuffer(b)
			if json.Compact(buf, w.Area) != nil {
				return b, false
			}
			b = buf.Bytes()
		}
		if w.AreaBufferM != 0 {
			b = append(b, `,"area_buffer_m":`...)
			b, ok = appendFloat(b, w.AreaBufferM, ok)
		}
		b = append(b, `},"volume":`...)
		b = strconv.AppendInt(b, int64(c.Volume), 10)
		b = append(b, `,"overlap":{"start":`...)
		b, ok = appendTime(b, c.Overlap.Start.Time(), ok)
		b = append(b, `,"end":`...)
		b, ok = appendTime(b, c.Overlap.End.Time(), ok)
		b = append(b, "}}"...)
		if !ok {
			return b, false
		}
	}
	return append(b, "]}\n"...), true
}

// appendString appends s quoted if it needs no escape (printable ASCII
// but the quote and the backslash, or valid UTF-8 beyond ASCII other
// than U+2028 and U+2029, which encoding/json escapes); else ok turns
// false.
func appendString(b []byte, s string, ok bool) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			return b, false
		}
		if c >= utf8.RuneSelf {
			if !utf8.ValidString(s[i:]) {
				return b, false
			}
			for _, r := range s[i:] {
				if r < 0x20 || r == '"' || r == '\\' || r == '\u2028' || r == '\u2029' {
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

// appendTime appends t as time.Time's MarshalJSON does (RFC 3339 with
// nanoseconds, years 0–9999 only; ok turns false otherwise).
func appendTime(b []byte, t time.Time, ok bool) ([]byte, bool) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, false
	}
	if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
		return b, false // MarshalJSON refuses a zone offset of a day or more
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), ok
}

// appendFloat appends f as encoding/json writes a float64 in the range
// it writes without an exponent; ok turns false outside it.
func appendFloat(b []byte, f float64, ok bool) ([]byte, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, false
	}
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		return b, false
	}
	return strconv.AppendFloat(b, f, 'f', -1, 64), ok
}

// A notification's answer and a list of them carry their conflicts
// spliced in by hand (truce.AppendNotificationJSON): a strike at a
// million objects answers with the ~46 conflicts it met, and
// encoding/json's second reading of them was 10 µs of its answer's 15
// (docs/performance.md, "Item 3 again on a new machine"). The bytes are
// those writeJSON would send (TestWriteNotificationsAsWriteJSON,
// truce.FuzzAppendNotificationJSON).

// writeNotification writes n as writeJSON would.
func writeNotification(w http.ResponseWriter, status int, n *truce.Notification) {
	writeAnswer(w, status, func(b []byte, scratch *bytes.Buffer) []byte {
		return truce.AppendNotificationJSON(b, scratch, n, false)
	})
}

// writeNotificationList writes ns as writeJSON would, in pieces as it is
// encoded rather than whole.
func writeNotificationList(w http.ResponseWriter, status int, ns []truce.Notification) {
	writeAnswer(w, status, func(b []byte, scratch *bytes.Buffer) []byte {
		if ns == nil {
			return append(b, "null"...)
		}
		b = append(b, '[')
		for i := range ns {
			if i > 0 {
				b = append(b, ',')
			}
			b = truce.AppendNotificationJSON(b, scratch, &ns[i], false)
			if len(b) >= maxPooledAnswer/2 {
				w.Write(b)
				b = b[:0]
			}
		}
		return append(b, ']')
	})
}

// writeAnswer writes writeJSON's headers and status, then what appendTo
// appends to a pooled buffer (and writes itself), and writeJSON's
// closing newline.
func writeAnswer(w http.ResponseWriter, status int, appendTo func(b []byte, scratch *bytes.Buffer) []byte) {
	setJSON(w.Header())
	w.WriteHeader(status)
	bp := answerBufs.Get().(*[]byte)
	var scratch bytes.Buffer
	b := appendTo((*bp)[:0], &scratch)
	w.Write(append(b, '\n'))
	if cap(b) <= maxPooledAnswer {
		*bp = b[:0]
		answerBufs.Put(bp)
	}
}
