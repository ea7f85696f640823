package geo

import (
	"math"
	"strconv"
)

// fastParts reads the common shape of a geometry in one pass over the
// bytes, without encoding/json's tokens: an object whose members are
// exactly "type" (an accepted type) and "coordinates" (nested arrays of
// finite numbers, each position two or three of them, every position in
// range, no more than lim.MaxVertices), with plain strings and numbers.
// Anything else — another member, a duplicate, an escape, a bad number,
// a position out of range, too many positions, trailing data — returns
// ok false, and the caller parses the slow way, which names the error:
// so the two paths give the same answer for every input (FuzzFastParse).
func fastParts(data []byte, lim Limits) (Type, [][][]LonLat, bool) {
	s := scanner{b: data}
	if !s.byte('{') {
		return TypeInvalid, nil, false
	}
	var (
		t            Type
		parts        [][][]LonLat
		haveT, haveC bool
		want, depth  int
	)
	for i := 0; ; i++ {
		if i > 0 && !s.byte(',') {
			break
		}
		key, ok := s.str()
		if !ok || !s.byte(':') {
			return TypeInvalid, nil, false
		}
		switch string(key) {
		case "type":
			if haveT {
				return TypeInvalid, nil, false
			}
			name, ok := s.str()
			if !ok {
				return TypeInvalid, nil, false
			}
			switch string(name) {
			case "Point":
				t, want = TypePoint, 1
			case "LineString":
				t, want = TypeLineString, 2
			case "Polygon":
				t, want = TypePolygon, 3
			case "MultiPolygon":
				t, want = TypeMultiPolygon, 4
			default:
				return TypeInvalid, nil, false
			}
			haveT = true
		case "coordinates":
			if haveC {
				return TypeInvalid, nil, false
			}
			// The nesting is read as it comes, then checked against the
			// type (which may come after).
			c, d, ok := s.nested(lim.MaxVertices)
			if !ok {
				return TypeInvalid, nil, false
			}
			parts, depth, haveC = c, d, true
		default:
			return TypeInvalid, nil, false
		}
	}
	if !s.byte('}') || !s.end() || !haveT || !haveC {
		return TypeInvalid, nil, false
	}
	if depth != want {
		return TypeInvalid, nil, false
	}
	return t, parts, true
}

// scanner reads JSON bytes: whitespace is skipped before every token.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// byte reads c, the next token.
func (s *scanner) byte(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *scanner) end() bool {
	s.ws()
	return s.i == len(s.b)
}

// str reads a string of printable ASCII without escapes and returns its
// bytes in the input (compared, never kept: no string is made).
func (s *scanner) str() ([]byte, bool) {
	if !s.byte('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		if c == '"' {
			out := s.b[start:s.i]
			s.i++
			return out, true
		}
		if c < 0x20 || c == '\\' || c >= 0x80 {
			return nil, false
		}
		s.i++
	}
	return nil, false
}

// number reads a JSON number (its exact grammar, which ParseFloat is
// wider than) and returns it if it is finite.
func (s *scanner) number() (float64, bool) {
	s.ws()
	start, b, i := s.i, s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return 0, false
	}
	// digits skips one or more digits, or reports there were none.
	digits := func() bool {
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i > d
	}
	if i < len(b) && b[i] == '.' {
		i++
		if !digits() {
			return 0, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if !digits() {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(string(b[start:i]), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	s.i = i
	return v, true
}

// position reads [lon, lat] or [lon, lat, alt], in range.
func (s *scanner) position() (LonLat, bool) {
	var f [3]float64
	n := 0
	for {
		if n == 3 {
			return LonLat{}, false
		}
		v, ok := s.number()
		if !ok {
			return LonLat{}, false
		}
		f[n] = v
		n++
		if !s.byte(',') {
			break
		}
	}
	if !s.byte(']') || n < 2 {
		return LonLat{}, false
	}
	q := LonLat{Lon: f[0], Lat: f[1]}
	if q.Lon < -180 || q.Lon > 180 || q.Lat < -90 || q.Lat > 90 {
		return LonLat{}, false
	}
	return q, true
}

// nested reads the coordinates array: a position (depth 1), an array of
// positions (2), of rings (3) or of polygons (4), as parts: {{{p}}},
// {{line}}, {rings} or the polygons' rings. Empty arrays are left to the
// slow path, which names what they lack.
func (s *scanner) nested(max int) ([][][]LonLat, int, bool) {
	if !s.byte('[') {
		return nil, 0, false
	}
	s.ws()
	if s.i >= len(s.b) {
		return nil, 0, false
	}
	if s.b[s.i] != '[' { // a position
		q, ok := s.position()
		return [][][]LonLat{{{q}}}, 1, ok && max >= 1
	}
	count := 0
	line := func() ([]LonLat, bool) { // after its '['
		var out []LonLat
		ok := s.list(func() bool {
			if count++; count > max {
				return false
			}
			q, ok := s.position()
			out = append(out, q)
			return ok
		})
		return out, ok
	}
	rings := func() ([][]LonLat, bool) { // after its '['
		var out [][]LonLat
		ok := s.list(func() bool {
			l, ok := line()
			out = append(out, l)
			return ok
		})
		return out, ok
	}
	// Look two levels in to tell a line from rings from polygons.
	save := s.i
	s.i++ // the inner '['
	s.ws()
	if s.i >= len(s.b) {
		return nil, 0, false
	}
	inner := s.b[s.i]
	s.i = save
	if inner != '[' { // [[x, y], …]: a line
		l, ok := line()
		return [][][]LonLat{{l}}, 2, ok
	}
	s.i++
	s.ws()
	s.i++ // the second '['
	s.ws()
	if s.i >= len(s.b) {
		return nil, 0, false
	}
	third := s.b[s.i]
	s.i = save
	if third != '[' { // [[[x, y], …], …]: rings
		r, ok := rings()
		return [][][]LonLat{r}, 3, ok
	}
	var out [][][]LonLat // polygons
	ok := s.list(func() bool {
		r, ok := rings()
		out = append(out, r)
		return ok
	})
	return out, 4, ok
}

// list reads "[item, item, …]" after its "[": each item opens with its
// own "[", which list reads before calling item.
func (s *scanner) list(item func() bool) bool {
	for {
		if !s.byte('[') || !item() {
			return false
		}
		if !s.byte(',') {
			return s.byte(']')
		}
	}
}
