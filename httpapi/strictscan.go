package httpapi

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/truce-center/truce"
)

// scanJSON is checkJSON for a body that json.Valid accepts: the same
// checks in one pass over the bytes, without a token's allocation per
// number or a path built per value (paths are made only for an error).
// A well-formed body lets it skip the separators' grammar. The fuzz
// target FuzzCheckJSON holds it to checkTokens' answers.
func scanJSON(data []byte, dst reflect.Type) truce.Fields {
	s := scanner{data: data}
	s.value(concrete(dst), nil)
	return s.errs
}

type scanner struct {
	data []byte
	i    int
	errs truce.Fields
	stop bool // too many items: checkTokens stops there
}

// scanFrame is an object or array the scanner is inside of, and how to
// name it: parent's key or index.
type scanFrame struct {
	parent *scanFrame
	object bool
	key    string // in an object: the key whose value is being read
	index  int    // in an array: the item being read
}

// path names the value being read in f (checkTokens' names).
func (f *scanFrame) path() string {
	if f == nil {
		return ""
	}
	if f.object {
		return joinKey(f.parent.path(), f.key)
	}
	return f.parent.path() + "[" + strconv.Itoa(f.index) + "]"
}

func (s *scanner) space() { s.i = skipSpace(s.data, s.i) }

// skipSpace returns the index of the first byte from i on in b that is
// not JSON's white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// value reads one value whose type is typ (nil: unchecked below), in
// frame at.
func (s *scanner) value(typ reflect.Type, at *scanFrame) {
	s.space()
	if s.i >= len(s.data) || s.stop {
		return
	}
	switch s.data[s.i] {
	case '{':
		s.object(typ, at)
	case '[':
		s.array(typ, at)
	case '"':
		raw := s.str()
		if msg := badString(raw); msg != "" {
			s.errs.Add(cmpOr(at.path(), "body"), "%s", msg)
		}
	default:
		// A number or a literal: up to the next separator.
		for s.i < len(s.data) {
			switch s.data[s.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return
			}
			s.i++
		}
	}
}

// str reads a string and returns it with its quotes.
func (s *scanner) str() []byte {
	start := s.i
	s.i++
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '\\':
			s.i += 2
			continue
		case '"':
			s.i++
			return s.data[start:s.i]
		}
		s.i++
	}
	return s.data[start:]
}

func (s *scanner) object(typ reflect.Type, at *scanFrame) {
	var fields map[string]reflect.Type
	var elem reflect.Type
	if typ != nil && typ.Kind() == reflect.Struct {
		fields = fieldsOf(typ)
	} else if typ != nil && typ.Kind() == reflect.Map {
		elem = typ.Elem()
	}
	f := &scanFrame{parent: at, object: true}
	var keys []string
	s.i++ // {
	for !s.stop {
		s.space()
		if s.i >= len(s.data) {
			return
		}
		if s.data[s.i] == '}' {
			s.i++
			return
		}
		if s.data[s.i] == ',' {
			s.i++
			continue
		}
		raw := s.str()
		key := keyOf(raw)
		f.key = strings.ToValidUTF8(key, "\uFFFD")
		if msg := badString(raw); msg != "" {
			s.errs.Add(f.path(), "has a name that %s", msg)
		}
		dup := false
		for _, k := range keys {
			if k == key {
				dup = true
				break
			}
		}
		if dup {
			s.errs.Add(f.path(), "appears more than once in the object")
		}
		keys = append(keys, key)
		vt := elem
		if fields != nil {
			if t, ok := fields[key]; ok {
				vt = t
			} else if name := foldedField(fields, key); name != "" {
				s.errs.Add(f.path(), "is not a known field: names are case-sensitive, and the field is %q", name)
			}
		}
		s.space()
		s.i++ // :
		s.value(concrete(vt), f)
	}
}

func (s *scanner) array(typ reflect.Type, at *scanFrame) {
	var elem reflect.Type
	if typ != nil && (typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array) {
		elem = concrete(typ.Elem())
	}
	structs := elem != nil && elem.Kind() == reflect.Struct
	f := &scanFrame{parent: at}
	s.i++ // [
	for !s.stop {
		s.space()
		if s.i >= len(s.data) {
			return
		}
		switch s.data[s.i] {
		case ']':
			s.i++
			return
		case ',':
			s.i++
			f.index++
			continue
		}
		if f.index == maxObjectItems && structs {
			s.errs.Add(cmpOr(at.path(), "body"), "holds more than %d items", maxObjectItems)
			s.stop = true
			return
		}
		s.value(elem, f)
	}
}

// keyOf returns an object's key as encoding/json decodes it.
func keyOf(raw []byte) string {
	plain := true
	for _, c := range raw[1 : len(raw)-1] {
		if c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(raw[1 : len(raw)-1])
	}
	var k string
	json.Unmarshal(raw, &k)
	return k
}
