package engine

import (
	"iter"
	"reflect"
	"strconv"
	"unsafe"
)

// objMap is one table's installed objects by id. The center's ids are a
// prefix and the number of the entry that made the object ("ntf_1234"),
// dense enough in every large table (a million objects of a few kinds
// made by a million entries) that a list indexed by the number, holding
// each object's pointer, takes 8 bytes an id where a map[string]any took
// about 70 (its slots of 32 bytes, grown by doubling, and the id). Ids of
// another form, and numbers too far past those held, are kept in an
// idMap (about 37 bytes an id).
//
// An object is in one place: a number in the list's range whose slot is
// empty may be in the map (put there before the list grew to it); a put
// into the list removes it from the map.
type objMap struct {
	prefix string           // the ids the list holds: prefix + a number without leading zero
	typ    unsafe.Pointer   // the type of the objects the list holds (every object of a table has one)
	list   []unsafe.Pointer // by number; nil: none
	n      int              // the non-nil slots of list
	other  idMap            // every other id
}

// eface is the layout of an interface value of an empty interface: what
// the list stores is its data word, for a pointer type the pointer itself.
type eface struct{ typ, data unsafe.Pointer }

// listSlack is how far past four slots an object the list may reach: a
// table whose ids are denser than a quarter of the numbers has them all
// in its list.
const listSlack = 1 << 16

// number returns the number of a listed id: the id of the form the list
// holds, and its number below a billion.
func (m *objMap) number(id string) (int, bool) {
	if m.prefix == "" || len(id) <= len(m.prefix) || id[:len(m.prefix)] != m.prefix {
		return 0, false
	}
	return decimal(id[len(m.prefix):])
}

// decimal reads a decimal number of at most nine digits without leading
// zero.
func decimal(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 || s[0] == '0' && len(s) > 1 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// learn takes the prefix and type of the list from the first listable
// object put, while the list is empty.
func (m *objMap) learn(id string, obj any) {
	if m.n > 0 || m.prefix != "" {
		return
	}
	cut := -1
	for i := len(id) - 1; i >= 0; i-- {
		if id[i] == '_' {
			cut = i + 1
			break
		}
	}
	if cut <= 0 {
		return
	}
	if _, ok := decimal(id[cut:]); !ok {
		return
	}
	if isPointer(obj) {
		m.prefix, m.typ = id[:cut], (*eface)(unsafe.Pointer(&obj)).typ
	}
}

// isPointer reports whether obj is a non-nil pointer: its interface's
// data word is the pointer, which the list keeps.
func isPointer(obj any) bool {
	t := reflect.TypeOf(obj)
	return t != nil && t.Kind() == reflect.Pointer && reflect.ValueOf(obj).UnsafePointer() != nil
}

func (m *objMap) get(id string) any {
	if k, ok := m.number(id); ok && k < len(m.list) {
		if p := m.list[k]; p != nil {
			var obj any
			*(*eface)(unsafe.Pointer(&obj)) = eface{m.typ, p}
			return obj
		}
	}
	obj, _ := m.other.get(id)
	return obj
}

// set puts obj (not nil) under id.
func (m *objMap) set(id string, obj any) {
	m.learn(id, obj)
	e := (*eface)(unsafe.Pointer(&obj))
	if k, ok := m.number(id); ok && e.typ == m.typ && e.data != nil && m.fit(k) {
		if m.list[k] == nil {
			m.n++
		}
		m.list[k] = e.data
		m.other.del(id)
		return
	}
	if k, ok := m.number(id); ok && k < len(m.list) && m.list[k] != nil {
		m.list[k] = nil
		m.n--
	}
	m.other.set(id, obj)
}

// fit reports whether number k has a slot in the list, growing it (by a
// quarter at least) when k is within reach.
func (m *objMap) fit(k int) bool {
	if k < len(m.list) {
		return true
	}
	if k >= 4*(m.n+1)+listSlack {
		return false
	}
	grown := make([]unsafe.Pointer, max(k+1, len(m.list)+len(m.list)/4+1024))
	copy(grown, m.list)
	m.list = grown
	return true
}

// reserve makes room in the list for the ids of a load at once, as far
// as it reaches.
func (m *objMap) reserve(ids []string, objs []any) {
	if len(ids) == 0 {
		return
	}
	m.learn(ids[0], objs[0])
	top, rest := -1, 0
	limit := 4*(m.n+len(ids)) + listSlack
	for _, id := range ids {
		k, ok := m.number(id)
		if !ok || k >= limit {
			rest++
		} else if k > top {
			top = k
		}
	}
	if top >= len(m.list) {
		grown := make([]unsafe.Pointer, top+1)
		copy(grown, m.list)
		m.list = grown
	}
	if rest > 0 {
		m.other.grow(rest) // an array of entries at its size, not grown by a quarter at a time
	}
}

func (m *objMap) del(id string) {
	if k, ok := m.number(id); ok && k < len(m.list) && m.list[k] != nil {
		m.list[k] = nil
		m.n--
		return
	}
	m.other.del(id)
}

func (m *objMap) len() int { return m.n + m.other.len() }

// all yields every object: the list's in the order of their numbers,
// then the map's in no order.
func (m *objMap) all() iter.Seq2[string, any] {
	return func(yield func(string, any) bool) {
		for k, p := range m.list {
			if p == nil {
				continue
			}
			var obj any
			*(*eface)(unsafe.Pointer(&obj)) = eface{m.typ, p}
			if !yield(m.prefix+strconv.Itoa(k), obj) {
				return
			}
		}
		for _, e := range m.other.ents {
			if !yield(e.id, e.obj) {
				return
			}
		}
	}
}

// values yields every object, as all does, without their ids.
func (m *objMap) values() iter.Seq[any] {
	return func(yield func(any) bool) {
		for _, p := range m.list {
			if p == nil {
				continue
			}
			var obj any
			*(*eface)(unsafe.Pointer(&obj)) = eface{m.typ, p}
			if !yield(obj) {
				return
			}
		}
		for _, e := range m.other.ents {
			if !yield(e.obj) {
				return
			}
		}
	}
}

// clone copies the list and the map; the objects are shared.
func (m *objMap) clone() *objMap {
	out := *m
	out.list = append([]unsafe.Pointer(nil), m.list...)
	out.other = m.other.clone()
	return &out
}
