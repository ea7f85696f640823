package httpapi

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/truce-center/truce"
)

// maxObjectItems bounds an array of objects that decode into Go structs
// (volumes, sources): far above what the center accepts, far below what
// a 1 MiB body of empty objects would make the decoder allocate.
// Geometry, decoded later and bounded on its own, is not counted.
const maxObjectItems = 1000

// checkJSON reports, field by field, what encoding/json accepts silently
// and the API refuses: a key that matches a field of dst's type only in
// another case ("Name" for "name"), a key given twice in one object (the
// last would win), invalid UTF-8 and lone UTF-16 surrogates (both would
// become U+FFFD). Parties must be able to rely on the log holding what
// they sent, byte for byte in meaning.
//
// It returns nil for a body that is not JSON: the decoder then names the
// syntax error.
func checkJSON(data []byte, dst reflect.Type) truce.Fields {
	if json.Valid(data) {
		return scanJSON(data, dst) // the same answers, several times faster
	}
	return checkTokens(data, dst)
}

// checkTokens is checkJSON token by token (encoding/json's Decoder.Token),
// which also finds where a body stops being JSON.
func checkTokens(data []byte, dst reflect.Type) truce.Fields {
	var (
		errs  truce.Fields
		stack []*jsonFrame
		prev  int64
	)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			return errs // the end, or a syntax error that the decoder names
		}
		raw := data[prev:dec.InputOffset()]
		prev = dec.InputOffset()
		var top *jsonFrame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.wantKey {
			if tok == json.Delim('}') {
				stack = stack[:len(stack)-1]
				valueDone(stack)
				continue
			}
			key, _ := tok.(string)
			path := joinKey(top.path, strings.ToValidUTF8(key, "\uFFFD"))
			if msg := badString(raw); msg != "" {
				errs.Add(path, "has a name that %s", msg)
			}
			if top.keys[key] {
				errs.Add(path, "appears more than once in the object")
			}
			top.keys[key] = true
			top.key, top.keyType, top.wantKey = key, top.elem, false
			if top.fields != nil {
				if t, ok := top.fields[key]; ok {
					top.keyType = t
				} else if name := foldedField(top.fields, key); name != "" {
					errs.Add(path, "is not a known field: names are case-sensitive, and the field is %q", name)
				}
			}
			continue
		}
		if tok == json.Delim(']') {
			stack = stack[:len(stack)-1]
			valueDone(stack)
			continue
		}
		// A value: its path and the type it decodes into.
		path, typ := "", dst
		switch {
		case top == nil:
		case top.object:
			path, typ = joinKey(top.path, top.key), top.keyType
		default:
			if top.index == maxObjectItems && concrete(top.elem) != nil && concrete(top.elem).Kind() == reflect.Struct {
				// Decoding more would cost memory in proportion to a
				// hostile body, for no request a person makes.
				errs.Add(cmpOr(top.path, "body"), "holds more than %d items", maxObjectItems)
				return errs
			}
			path, typ = top.path+"["+strconv.Itoa(top.index)+"]", top.elem
		}
		typ = concrete(typ)
		switch tok {
		case json.Delim('{'):
			f := &jsonFrame{object: true, path: path, keys: map[string]bool{}, wantKey: true}
			if typ != nil && typ.Kind() == reflect.Struct {
				f.fields = fieldsOf(typ)
			} else if typ != nil && typ.Kind() == reflect.Map {
				f.elem = typ.Elem()
			}
			stack = append(stack, f)
			continue
		case json.Delim('['):
			f := &jsonFrame{path: path}
			if typ != nil && (typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array) {
				f.elem = typ.Elem()
			}
			stack = append(stack, f)
			continue
		}
		if _, ok := tok.(string); ok {
			if msg := badString(raw); msg != "" {
				errs.Add(cmpOr(path, "body"), "%s", msg)
			}
		}
		valueDone(stack)
	}
}

// jsonFrame is an object or array that checkJSON is inside of.
type jsonFrame struct {
	object  bool
	path    string
	fields  map[string]reflect.Type // a struct's fields by exact name, nil if not a struct
	elem    reflect.Type            // a map's or an array's element type
	keys    map[string]bool
	key     string       // the key whose value comes next
	keyType reflect.Type // and that value's type
	wantKey bool
	index   int
}

// valueDone moves the innermost open object or array past a value.
func valueDone(stack []*jsonFrame) {
	if len(stack) == 0 {
		return
	}
	f := stack[len(stack)-1]
	if f.object {
		f.wantKey = true
	} else {
		f.index++
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// joinKey names a member of the object at path.
func joinKey(path, key string) string {
	if path == "" {
		return fieldName(key)
	}
	return path + "." + fieldName(key)
}

// badString says what is wrong with the raw JSON string literal that
// ends raw (separators and white space may precede it): invalid UTF-8, or
// a \u escape of half a surrogate pair. It returns "" for a good one.
func badString(raw []byte) string {
	i := bytes.IndexByte(raw, '"')
	if i < 0 || len(raw) < i+2 {
		return ""
	}
	s := raw[i+1 : len(raw)-1]
	if !utf8.Valid(s) {
		return "is not valid UTF-8"
	}
	for j := 0; j < len(s); j++ {
		if s[j] != '\\' || j+1 >= len(s) {
			continue
		}
		if s[j+1] != 'u' {
			j++
			continue
		}
		r := hex4(s[j+2:])
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if j+12 <= len(s) && s[j+6] == '\\' && s[j+7] == 'u' {
				if lo := hex4(s[j+8:]); lo >= 0xDC00 && lo < 0xE000 {
					j += 11
					continue
				}
			}
			return "holds a lone UTF-16 surrogate (" + string(s[j:j+6]) + ")"
		case r >= 0xDC00 && r < 0xE000:
			return "holds a lone UTF-16 surrogate (" + string(s[j:j+6]) + ")"
		}
		j += 5
	}
	return ""
}

// hex4 reads four hex digits, or returns -1.
func hex4(b []byte) int {
	if len(b) < 4 {
		return -1
	}
	n, err := strconv.ParseUint(string(b[:4]), 16, 16)
	if err != nil {
		return -1
	}
	return int(n)
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// concrete returns t without pointers, or nil when t decodes itself (an
// Unmarshaler, json.RawMessage, time.Time) or is an interface: below such
// a value keys are not checked against fields.
func concrete(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() == reflect.Interface {
		return nil
	}
	pt := reflect.PointerTo(t)
	if pt.Implements(unmarshalerType) || pt.Implements(textUnmarshalerType) {
		return nil
	}
	return t
}

var fieldCache sync.Map // reflect.Type → map[string]reflect.Type

// fieldsOf returns the JSON names of a struct's fields, as encoding/json
// decodes them (embedded structs' fields promoted), with their types.
func fieldsOf(t reflect.Type) map[string]reflect.Type {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]reflect.Type)
	}
	m := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(t) {
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" && !strings.HasPrefix(tag, "-,") {
			continue
		}
		if f.Anonymous && name == "" && concrete(f.Type) != nil && concrete(f.Type).Kind() == reflect.Struct {
			continue // its fields are promoted
		}
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if len(f.Index) > 1 {
			if _, taken := m[name]; taken {
				continue // the shallower field wins
			}
		}
		m[name] = f.Type
	}
	fieldCache.Store(t, m)
	return m
}

// foldedField returns the field whose name equals key in another case,
// or "".
func foldedField(fields map[string]reflect.Type, key string) string {
	for name := range fields {
		if strings.EqualFold(name, key) {
			return name
		}
	}
	return ""
}
