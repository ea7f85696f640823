package httpapi

import (
	"strconv"
	"unicode/utf8"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/notifications"
)

// decodeNotificationFast reads the body of POST /v1/notifications and
// POST /v1/deconflict in one pass, when it is written the plain way:
// only the fields' own names, each once; strings without escapes;
// geometries of "type" and "coordinates" alone; no null. It returns
// false for anything else, which the general road (checkJSON, then
// encoding/json) reads and, if it must, refuses with its field errors;
// what it accepts, the general road decodes to the same value
// (FuzzDecodeNotificationFast).
//
// Why: these are the bodies a center reads most, thousands a second
// from every party's planning tools, and the general road passes over
// each body three times and allocates 43 times for a strike's (8.6–12.2
// µs against 1.0 on the reference machine: BenchmarkDecodeNotification,
// docs/performance.md).
func decodeNotificationFast(data []byte) (notifications.NotificationInput, bool) {
	r := fastReader{b: data}
	var in notifications.NotificationInput
	ok := r.fields(func(key []byte) (bit uint8, ok bool) {
		switch string(key) {
		case "kind":
			in.Kind, ok = r.str()
			return 1, ok
		case "title":
			in.Title, ok = r.str()
			return 2, ok
		case "urgent":
			in.Urgent, ok = r.boolean()
			return 4, ok
		case "volumes":
			return 8, r.volumes(&in.Volumes)
		}
		return 0, false
	})
	r.space()
	if !ok || r.i != len(r.b) {
		return notifications.NotificationInput{}, false
	}
	return in, true
}

// fastReader reads the plain JSON decodeNotificationFast accepts.
type fastReader struct {
	b []byte
	i int
}

func (r *fastReader) space() { r.i = skipSpace(r.b, r.i) }

// next skips white space and reads c if it comes next.
func (r *fastReader) next(c byte) bool {
	r.space()
	if r.i < len(r.b) && r.b[r.i] == c {
		r.i++
		return true
	}
	return false
}

// fields reads an object of at most eight known keys: field is called
// with each key once the reader is past its colon, reads the value and
// says which key it was (a bit of its own) and whether the value was
// read. An unknown key (ok false) or one given twice stops the reading.
func (r *fastReader) fields(field func(key []byte) (bit uint8, ok bool)) bool {
	if !r.next('{') {
		return false
	}
	if r.next('}') {
		return true
	}
	var seen uint8
	for {
		key, ok := r.rawString()
		if !ok || !r.next(':') {
			return false
		}
		bit, ok := field(key[1 : len(key)-1])
		if !ok || seen&bit != 0 {
			return false
		}
		seen |= bit
		if r.next(',') {
			continue
		}
		return r.next('}')
	}
}

// rawString reads a string with its quotes. One with an escape, a byte
// below U+0020 (not JSON) or bytes that are not UTF-8 is not read.
func (r *fastReader) rawString() ([]byte, bool) {
	if !r.next('"') {
		return nil, false
	}
	start := r.i - 1
	for j := r.i; j < len(r.b); j++ {
		switch c := r.b[j]; {
		case c == '"':
			if !utf8.Valid(r.b[start+1 : j]) {
				return nil, false
			}
			r.i = j + 1
			return r.b[start:r.i], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

func (r *fastReader) str() (string, bool) {
	raw, ok := r.rawString()
	if !ok {
		return "", false
	}
	return string(raw[1 : len(raw)-1]), true
}

func (r *fastReader) boolean() (bool, bool) {
	r.space()
	rest := r.b[r.i:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		r.i += 4
		return true, true
	case len(rest) >= 5 && string(rest[:5]) == "false":
		r.i += 5
		return false, true
	}
	return false, false
}

// numberText reads a number by JSON's grammar and returns its text.
func (r *fastReader) numberText() ([]byte, bool) {
	r.space()
	start, b := r.i, r.b
	digits := func() bool {
		from := r.i
		for r.i < len(b) && b[r.i] >= '0' && b[r.i] <= '9' {
			r.i++
		}
		return r.i > from
	}
	if r.i < len(b) && b[r.i] == '-' {
		r.i++
	}
	switch {
	case r.i < len(b) && b[r.i] == '0':
		r.i++
	case !digits():
		return nil, false
	}
	if r.i < len(b) && b[r.i] == '.' {
		r.i++
		if !digits() {
			return nil, false
		}
	}
	if r.i < len(b) && (b[r.i] == 'e' || b[r.i] == 'E') {
		r.i++
		if r.i < len(b) && (b[r.i] == '+' || b[r.i] == '-') {
			r.i++
		}
		if !digits() {
			return nil, false
		}
	}
	return b[start:r.i], true
}

// number reads a number as encoding/json reads one into a float64; one
// out of a float64's range is not read.
func (r *fastReader) number() (float64, bool) {
	text, ok := r.numberText()
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(text), 64)
	return f, err == nil
}

// volumes reads the array of volumes (an empty array is an empty list,
// as encoding/json makes it). As many as the general road refuses are
// not read.
func (r *fastReader) volumes(out *[]truce.Volume) bool {
	if !r.next('[') {
		return false
	}
	vs := []truce.Volume{}
	if !r.next(']') {
		for {
			if len(vs) >= maxObjectItems {
				return false
			}
			vs = append(vs, truce.Volume{})
			if !r.volume(&vs[len(vs)-1]) {
				return false
			}
			if r.next(',') {
				continue
			}
			if !r.next(']') {
				return false
			}
			break
		}
	}
	*out = vs
	return true
}

func (r *fastReader) volume(v *truce.Volume) bool {
	return r.fields(func(key []byte) (bit uint8, ok bool) {
		switch string(key) {
		case "geometry":
			return 1, r.geometry(&v.Geometry)
		case "radius_m":
			v.RadiusM, ok = r.number()
			return 2, ok
		case "width_m":
			v.WidthM, ok = r.number()
			return 4, ok
		case "altitude":
			return 8, r.altitude(&v.Altitude)
		case "start":
			return 16, r.instant(&v.Start)
		case "end":
			return 32, r.instant(&v.End)
		}
		return 0, false
	})
}

func (r *fastReader) altitude(a *truce.Altitude) bool {
	return r.fields(func(key []byte) (bit uint8, ok bool) {
		switch string(key) {
		case "min_m":
			a.MinM, ok = r.number()
			return 1, ok
		case "max_m":
			a.MaxM, ok = r.number()
			return 2, ok
		}
		return 0, false
	})
}

// instant reads a time as encoding/json does: the string, quotes and
// all, given to Instant's own reading.
func (r *fastReader) instant(t *truce.Instant) bool {
	raw, ok := r.rawString()
	return ok && t.UnmarshalJSON(raw) == nil
}

// geometry reads a GeoJSON object of "type" and "coordinates" alone
// (positions nested at most four deep) and gives its bytes to GeoJSON's
// own reading, as encoding/json does.
func (r *fastReader) geometry(g *truce.GeoJSON) bool {
	r.space()
	start := r.i
	ok := r.fields(func(key []byte) (bit uint8, ok bool) {
		switch string(key) {
		case "type":
			_, ok = r.rawString()
			return 1, ok
		case "coordinates":
			return 2, r.positions(0)
		}
		return 0, false
	})
	return ok && g.UnmarshalJSON(r.b[start:r.i]) == nil
}

// positions reads an array of numbers or of such arrays, depth arrays
// deep already.
func (r *fastReader) positions(depth int) bool {
	if depth == 4 || !r.next('[') {
		return false
	}
	if r.next(']') {
		return true
	}
	for {
		r.space()
		if r.i < len(r.b) && r.b[r.i] == '[' {
			if !r.positions(depth + 1) {
				return false
			}
		} else if _, ok := r.numberText(); !ok {
			return false
		}
		if r.next(',') {
			continue
		}
		return r.next(']')
	}
}
