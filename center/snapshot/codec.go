package snapshot

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"
	"unsafe"
)

// The codec writes Go values of the types it was built for as bytes and
// reads them back, by plans made once per type with reflection and run
// over raw memory (field offsets), so that reading a million objects
// costs neither reflection nor an allocation per string or list:
//
//   - strings (and byte slices such as json.RawMessage) are references
//     into one table of distinct strings; read back, they point into one
//     block of memory holding them all;
//   - the values of each list of the plan (a notification's volumes, a
//     geometry's vertices, the objects of a table) are cut from one array
//     per chunk of objects (a slab), each list with no spare capacity, so
//     that an append never writes into a neighbour;
//   - lists of values without pointers (vertices, offsets) are copied as
//     bytes.
//
// Unexported fields are written too (geo.Geometry's): the plan is of the
// memory, not of the API. The plans' description is hashed (Fingerprint),
// and a file written for other types is refused.

type op uint8

const (
	opBool op = iota + 1
	opInt
	opUint
	opFloat32
	opFloat64
	opString
	opBytes
	opTime
	opStruct
	opSlice
	opRaw // a slice of values without pointers, copied as bytes
	opPtr
	opArray
	opMap
)

// node is the plan of one type.
type node struct {
	op     op
	typ    reflect.Type
	size   uintptr // of the type
	fields []field // opStruct
	flat   []field // opStruct: its fields with those of nested structs in their place, offsets from it
	elem   *node   // opSlice, opRaw, opPtr, opArray, opMap (its values)
	key    *node   // opMap
	n      int     // opArray: its length
	slab   int     // opSlice, opRaw, opPtr: the slab its values are cut from
	min    int     // the fewest bytes a value's encoding takes (not counting its lists' values)
}

type field struct {
	off  uintptr
	node *node
}

// codec holds the plans of a set of root types.
type codec struct {
	nodes map[reflect.Type]*node
	slabs []*node // by slab number: the node whose values the slab holds (its elem)
	desc  strings.Builder
	roots []*node
}

var timeType = reflect.TypeFor[time.Time]()

// newCodec plans the given types (the values of a snapshot's sections).
// It fails for a type it cannot write: maps, interfaces, channels,
// functions.
func newCodec(types []reflect.Type) (*codec, error) {
	c := &codec{nodes: map[reflect.Type]*node{}}
	for _, t := range types {
		// A root is read into a slab of its own, like a list's values.
		r, err := c.plan(reflect.PointerTo(t), t.String())
		if err != nil {
			return nil, err
		}
		c.roots = append(c.roots, r)
	}
	return c, nil
}

// Fingerprint is the hash of the plans: equal fingerprints, equal layouts.
func (c *codec) Fingerprint() [32]byte { return sha256.Sum256([]byte(c.desc.String())) }

func (c *codec) plan(t reflect.Type, path string) (*node, error) {
	if n, ok := c.nodes[t]; ok {
		fmt.Fprintf(&c.desc, "@%s;", t)
		return n, nil
	}
	n := &node{typ: t, size: t.Size(), slab: -1}
	c.nodes[t] = n
	fmt.Fprintf(&c.desc, "%s/%d(", t, t.Size())
	defer c.desc.WriteString(")")
	n.min = 1
	if t == timeType {
		n.op = opTime
		return n, nil
	}
	switch t.Kind() {
	case reflect.Bool:
		n.op = opBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n.op = opInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n.op = opUint
	case reflect.Float32:
		n.op, n.min = opFloat32, 4
	case reflect.Float64:
		n.op, n.min = opFloat64, 8
	case reflect.String:
		n.op = opString
	case reflect.Struct:
		n.op, n.min = opStruct, 0
		for i := range t.NumField() {
			f := t.Field(i)
			fmt.Fprintf(&c.desc, "%s@%d:", f.Name, f.Offset)
			fn, err := c.plan(f.Type, path+"."+f.Name)
			if err != nil {
				return nil, err
			}
			n.fields = append(n.fields, field{off: f.Offset, node: fn})
			n.min += fn.min
			// A struct inside a struct is planned in full by now (it
			// cannot hold itself): its leaves join this one's.
			if fn.op == opStruct {
				for _, l := range fn.flat {
					n.flat = append(n.flat, field{off: f.Offset + l.off, node: l.node})
				}
			} else {
				n.flat = append(n.flat, field{off: f.Offset, node: fn})
			}
		}
	case reflect.Array:
		n.op, n.n = opArray, t.Len()
		e, err := c.plan(t.Elem(), path+"[]")
		if err != nil {
			return nil, err
		}
		n.elem, n.min = e, e.min*t.Len()
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			n.op = opBytes
			break
		}
		e, err := c.plan(t.Elem(), path+"[]")
		if err != nil {
			return nil, err
		}
		if e.size == 0 || e.min == 0 {
			return nil, fmt.Errorf("snapshot: %s (%s) holds values of no size", path, t)
		}
		n.op, n.elem = opSlice, e
		if flat(t.Elem()) {
			n.op = opRaw
		}
		n.slab = len(c.slabs)
		c.slabs = append(c.slabs, n)
	case reflect.Map:
		k, err := c.plan(t.Key(), path+"{key}")
		if err != nil {
			return nil, err
		}
		e, err := c.plan(t.Elem(), path+"{}")
		if err != nil {
			return nil, err
		}
		n.op, n.key, n.elem = opMap, k, e
	case reflect.Pointer:
		e, err := c.plan(t.Elem(), "*"+path)
		if err != nil {
			return nil, err
		}
		if e.size == 0 || e.min == 0 {
			return nil, fmt.Errorf("snapshot: %s (%s) holds values of no size", path, t)
		}
		n.op, n.elem = opPtr, e
		n.slab = len(c.slabs)
		c.slabs = append(c.slabs, n)
	default:
		return nil, fmt.Errorf("snapshot: %s (%s) is a %s, which a snapshot cannot hold", path, t, t.Kind())
	}
	return n, nil
}

// flat reports whether values of t hold no pointers and no time (whose
// location is a pointer): they are written as their bytes.
func flat(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	case reflect.Array:
		return flat(t.Elem())
	case reflect.Struct:
		if t == timeType {
			return false
		}
		for i := range t.NumField() {
			if !flat(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}

// encoder writes the values of one chunk; strings go to the file's
// table (strs), shared by every chunk.
type encoder struct {
	c      *codec
	strs   *strtab
	buf    []byte
	totals []uint64 // values cut from each slab
}

type strtab struct {
	ids  map[string]uint32
	list []string
}

func (s *strtab) ref(x string) uint32 {
	if id, ok := s.ids[x]; ok {
		return id
	}
	id := uint32(len(s.list))
	s.ids[x] = id
	s.list = append(s.list, x)
	return id
}

func (e *encoder) uvarint(x uint64) { e.buf = binary.AppendUvarint(e.buf, x) }

func (e *encoder) value(n *node, p unsafe.Pointer) {
	switch n.op {
	case opBool:
		if *(*bool)(p) {
			e.buf = append(e.buf, 1)
		} else {
			e.buf = append(e.buf, 0)
		}
	case opInt:
		e.buf = binary.AppendVarint(e.buf, readInt(p, n.size))
	case opUint:
		e.uvarint(readUint(p, n.size))
	case opFloat32:
		e.buf = binary.LittleEndian.AppendUint32(e.buf, math.Float32bits(*(*float32)(p)))
	case opFloat64:
		e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(*(*float64)(p)))
	case opString:
		e.uvarint(uint64(e.strs.ref(*(*string)(p))))
	case opBytes:
		b := *(*[]byte)(p)
		if b == nil {
			e.uvarint(0)
			return
		}
		e.uvarint(1 + uint64(e.strs.ref(string(b))))
	case opTime:
		e.time(*(*time.Time)(p))
	case opStruct:
		for _, f := range n.flat {
			e.value(f.node, unsafe.Add(p, f.off))
		}
	case opArray:
		for i := range n.n {
			e.value(n.elem, unsafe.Add(p, uintptr(i)*n.elem.size))
		}
	case opSlice, opRaw:
		h := (*sliceHeader)(p)
		if h.data == nil {
			e.uvarint(0)
			return
		}
		e.uvarint(uint64(h.len) + 1)
		e.totals[n.slab] += uint64(h.len)
		if n.op == opRaw {
			e.buf = append(e.buf, unsafe.Slice((*byte)(h.data), uintptr(h.len)*n.elem.size)...)
			return
		}
		for i := range h.len {
			e.value(n.elem, unsafe.Add(h.data, uintptr(i)*n.elem.size))
		}
	case opMap:
		m := reflect.NewAt(n.typ, p).Elem()
		if m.IsNil() {
			e.uvarint(0)
			return
		}
		e.uvarint(uint64(m.Len()) + 1)
		keys := m.MapKeys()
		if n.key.typ.Kind() == reflect.String {
			// In order, so that equal maps are equal bytes.
			slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		}
		k, v := reflect.New(n.key.typ).Elem(), reflect.New(n.elem.typ).Elem()
		for _, key := range keys {
			k.Set(key)
			v.Set(m.MapIndex(key))
			e.value(n.key, k.Addr().UnsafePointer())
			e.value(n.elem, v.Addr().UnsafePointer())
		}
	case opPtr:
		q := *(*unsafe.Pointer)(p)
		if q == nil {
			e.buf = append(e.buf, 0)
			return
		}
		e.buf = append(e.buf, 1)
		e.totals[n.slab]++
		e.value(n.elem, q)
	}
}

// Times: 0 zero, 1 UTC, 2 another zone (its name and offset follow),
// then seconds and nanoseconds since 1970.
func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.buf = append(e.buf, 0)
		return
	}
	if name, off := t.Zone(); t.Location() == time.UTC || (name == "UTC" && off == 0) {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 2)
		e.uvarint(uint64(e.strs.ref(name)))
		e.buf = binary.AppendVarint(e.buf, int64(off))
	}
	e.buf = binary.AppendVarint(e.buf, t.Unix())
	e.uvarint(uint64(t.Nanosecond()))
}

type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func readInt(p unsafe.Pointer, size uintptr) int64 {
	switch size {
	case 1:
		return int64(*(*int8)(p))
	case 2:
		return int64(*(*int16)(p))
	case 4:
		return int64(*(*int32)(p))
	}
	return *(*int64)(p)
}

func readUint(p unsafe.Pointer, size uintptr) uint64 {
	switch size {
	case 1:
		return uint64(*(*uint8)(p))
	case 2:
		return uint64(*(*uint16)(p))
	case 4:
		return uint64(*(*uint32)(p))
	}
	return *(*uint64)(p)
}

// errCorrupt is what every malformed byte of a chunk gives.
var errCorrupt = fmt.Errorf("%w: a section's values do not decode", ErrCorrupt)

// decoder reads one chunk's values.
type decoder struct {
	c    *codec
	strs []string
	buf  []byte
	// slabs: each one's start, how many values it holds and how many
	// were cut from it (offsets, not pointers: a pointer one past a
	// slab's end would be a bad pointer to the collector).
	base        []unsafe.Pointer
	used, total []uintptr
	err         error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCorrupt
	}
	d.buf = nil
}

func (d *decoder) uvarint() uint64 {
	if len(d.buf) > 0 && d.buf[0] < 0x80 { // most of them: inline
		x := uint64(d.buf[0])
		d.buf = d.buf[1:]
		return x
	}
	x, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.buf = d.buf[n:]
	return x
}

func (d *decoder) varint() int64 {
	x, n := binary.Varint(d.buf)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.buf = d.buf[n:]
	return x
}

func (d *decoder) byte() byte {
	if len(d.buf) < 1 {
		d.fail()
		return 0
	}
	b := d.buf[0]
	d.buf = d.buf[1:]
	return b
}

func (d *decoder) str() string {
	i := d.uvarint()
	if i >= uint64(len(d.strs)) {
		d.fail()
		return ""
	}
	return d.strs[i]
}

// cut takes k values from slab s, or nil if it has not that many left.
func (d *decoder) cut(s int, k int, size uintptr) unsafe.Pointer {
	if d.base[s] == nil || uintptr(k) > d.total[s]-d.used[s] {
		d.fail()
		return nil
	}
	p := unsafe.Add(d.base[s], d.used[s]*size)
	d.used[s] += uintptr(k)
	return p
}

func (d *decoder) value(n *node, p unsafe.Pointer) {
	if d.err != nil {
		return
	}
	switch n.op {
	case opBool:
		*(*bool)(p) = d.byte() == 1
	case opInt:
		x := d.varint()
		switch n.size {
		case 1:
			*(*int8)(p) = int8(x)
		case 2:
			*(*int16)(p) = int16(x)
		case 4:
			*(*int32)(p) = int32(x)
		default:
			*(*int64)(p) = x
		}
	case opUint:
		x := d.uvarint()
		switch n.size {
		case 1:
			*(*uint8)(p) = uint8(x)
		case 2:
			*(*uint16)(p) = uint16(x)
		case 4:
			*(*uint32)(p) = uint32(x)
		default:
			*(*uint64)(p) = x
		}
	case opFloat32:
		if len(d.buf) < 4 {
			d.fail()
			return
		}
		*(*float32)(p) = math.Float32frombits(binary.LittleEndian.Uint32(d.buf))
		d.buf = d.buf[4:]
	case opFloat64:
		if len(d.buf) < 8 {
			d.fail()
			return
		}
		*(*float64)(p) = math.Float64frombits(binary.LittleEndian.Uint64(d.buf))
		d.buf = d.buf[8:]
	case opString:
		*(*string)(p) = d.str()
	case opBytes:
		i := d.uvarint()
		if i == 0 {
			return
		}
		if i-1 >= uint64(len(d.strs)) {
			d.fail()
			return
		}
		s := d.strs[i-1]
		if len(s) == 0 {
			*(*[]byte)(p) = []byte{}
			return
		}
		*(*[]byte)(p) = unsafe.Slice(unsafe.StringData(s), len(s))
	case opTime:
		*(*time.Time)(p) = d.time()
	case opStruct:
		// The leaves of nested structs too, the commonest read here
		// without a call each.
		for i := range n.flat {
			f := &n.flat[i]
			q := unsafe.Add(p, f.off)
			switch f.node.op {
			case opString:
				*(*string)(q) = d.str()
			case opBool:
				*(*bool)(q) = d.byte() == 1
			case opFloat64:
				if len(d.buf) < 8 {
					d.fail()
					return
				}
				*(*float64)(q) = math.Float64frombits(binary.LittleEndian.Uint64(d.buf))
				d.buf = d.buf[8:]
			case opTime:
				*(*time.Time)(q) = d.time()
			default:
				d.value(f.node, q)
			}
		}
	case opArray:
		for i := range n.n {
			d.value(n.elem, unsafe.Add(p, uintptr(i)*n.elem.size))
		}
	case opSlice, opRaw:
		k := d.uvarint()
		if k == 0 {
			return
		}
		k--
		esize := n.elem.size
		if n.op == opRaw && k > uint64(len(d.buf))/uint64(max(esize, 1)) {
			d.fail()
			return
		}
		if k == 0 {
			// An empty list that is not nil: any non-nil pointer will do,
			// and the slab's start is one.
			*(*sliceHeader)(p) = sliceHeader{data: unsafe.Pointer(&zerobase), len: 0, cap: 0}
			return
		}
		q := d.cut(n.slab, int(k), esize)
		if q == nil {
			return
		}
		if n.op == opRaw {
			nb := uintptr(k) * esize
			copy(unsafe.Slice((*byte)(q), nb), d.buf[:nb])
			d.buf = d.buf[nb:]
		} else {
			for i := range int(k) {
				d.value(n.elem, unsafe.Add(q, uintptr(i)*esize))
			}
		}
		*(*sliceHeader)(p) = sliceHeader{data: q, len: int(k), cap: int(k)}
	case opMap:
		k := d.uvarint()
		if k == 0 {
			return
		}
		k--
		if k > uint64(len(d.buf)) {
			d.fail()
			return
		}
		m := reflect.MakeMapWithSize(n.typ, int(k))
		for range k {
			key, val := reflect.New(n.key.typ), reflect.New(n.elem.typ)
			d.value(n.key, key.UnsafePointer())
			d.value(n.elem, val.UnsafePointer())
			if d.err != nil {
				return
			}
			m.SetMapIndex(key.Elem(), val.Elem())
		}
		if m.Len() != int(k) {
			d.fail() // a key twice
			return
		}
		reflect.NewAt(n.typ, p).Elem().Set(m)
	case opPtr:
		if d.byte() == 0 {
			return
		}
		q := d.cut(n.slab, 1, n.elem.size)
		if q == nil {
			return
		}
		d.value(n.elem, q)
		*(*unsafe.Pointer)(p) = q
	}
}

// zerobase is where empty, non-nil lists point.
var zerobase [8]byte

func (d *decoder) time() time.Time {
	switch d.byte() {
	case 0:
		return time.Time{}
	case 1:
		sec := d.varint()
		nsec := d.uvarint()
		if nsec >= 1e9 {
			d.fail()
		}
		return time.Unix(sec, int64(nsec)).UTC()
	case 2:
		name := d.str()
		off := d.varint()
		sec := d.varint()
		nsec := d.uvarint()
		if nsec >= 1e9 || off < -1e6 || off > 1e6 {
			d.fail()
			return time.Time{}
		}
		return time.Unix(sec, int64(nsec)).In(time.FixedZone(name, int(off)))
	}
	d.fail()
	return time.Time{}
}
