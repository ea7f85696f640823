package engine

import (
	"cmp"
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Schema lists the projection's tables and the secondary indexes kept
// over them. A center builds one, explicitly, before it opens a store;
// it is read-only afterwards.
type Schema struct {
	names    []string
	slots    map[string]int
	decode   []func([]byte) (any, error)
	indexes  []indexDef
	byTable  [][]int // the indexes of each table
	derived  int     // how many Derived values are declared
	derivedT [][]int // the Derived values of each table
	types    []reflect.Type
}

type indexDef struct {
	keys func(obj any) []string
}

// NewSchema returns an empty schema.
func NewSchema() *Schema { return &Schema{slots: map[string]int{}} }

// Table is the typed handle of one kind of object in the projection:
// documents of that kind decode into T, and every read through it is
// typed.
type Table[T any] struct {
	slot int
	name string
}

// NewTable adds a table of objects of type T under the kind name that
// stores key their documents by. It panics if the name is taken: tables
// are declared once, at start-up.
func NewTable[T any](s *Schema, name string) Table[T] {
	if _, dup := s.slots[name]; dup {
		panic("engine: table declared twice: " + name)
	}
	slot := len(s.names)
	s.names = append(s.names, name)
	s.slots[name] = slot
	s.decode = append(s.decode, func(b []byte) (any, error) {
		v := new(T)
		if err := json.Unmarshal(b, v); err != nil {
			return nil, err
		}
		if c, ok := any(v).(Compacter); ok {
			c.Compact()
		}
		return v, nil
	})
	s.byTable = append(s.byTable, nil)
	s.derivedT = append(s.derivedT, nil)
	s.types = append(s.types, reflect.TypeFor[T]())
	return Table[T]{slot: slot, name: name}
}

// Kinds returns the tables' kinds and the Go type of each one's objects
// (an object of kind names[i] is a *T of types[i]), in the order they
// were declared: what a snapshot of the tables writes and reads.
func (s *Schema) Kinds() (names []string, types []reflect.Type) {
	return slices.Clone(s.names), slices.Clone(s.types)
}

// Compacter is implemented by a stored type whose decoded form can be
// made smaller once decoded (slices that decoding grew with spare
// capacity): documents loaded into the tables are compacted.
type Compacter interface{ Compact() }

// Name is the kind of the table's objects, as stores know it.
func (t Table[T]) Name() string { return t.name }

// Decode decodes a stored document of the named kind into its table's
// type.
//
// Its errors are not *truce.Error (EInternal to truce.ErrorCode): a kind
// the schema does not declare, or a document that does not decode.
func (s *Schema) Decode(kind string, body []byte) (any, error) {
	slot, ok := s.slots[kind]
	if !ok {
		return nil, fmt.Errorf("unknown object kind %q", kind)
	}
	v, err := s.decode[slot](body)
	if err != nil {
		return nil, fmt.Errorf("decoding %s: %w", kind, err)
	}
	return v, nil
}

// Index is a secondary index of installed objects: a key to the id of
// the object that has it.
type Index struct{ n int }

// NewIndex indexes t's objects by the keys keys returns. A key names at
// most one object; when two have it, the newest installed wins.
func NewIndex[T any](s *Schema, t Table[T], keys func(*T) []string) Index {
	n := len(s.indexes)
	s.indexes = append(s.indexes, indexDef{keys: func(obj any) []string { return keys(obj.(*T)) }})
	s.byTable[t.slot] = append(s.byTable[t.slot], n)
	return Index{n}
}

// Lookup returns the id of the installed object with key.
func (ix Index) Lookup(s Installed, key string) (string, bool) {
	id, ok := s.tables().index[ix.n][key]
	return id, ok
}

// Derived is a value computed from an installed object the first time it
// is asked for, and kept until the object is replaced: stored geometry
// parsed once, not at every read.
type Derived[T, D any] struct {
	n, slot int
	fn      func(*T) D
}

// NewDerived declares a value derived by fn from t's objects. fn must be
// pure: it may run more than once for one object when readers race.
func NewDerived[T, D any](s *Schema, t Table[T], fn func(*T) D) Derived[T, D] {
	n := s.derived
	s.derived++
	s.derivedT[t.slot] = append(s.derivedT[t.slot], n)
	return Derived[T, D]{n: n, slot: t.slot, fn: fn}
}

type derivedVal struct {
	obj any
	val any
}

// Of returns the value derived from obj, the object installed under id:
// computed once, then kept while it stays installed. For any other
// object (a batch's own, or one read before a change) it is computed
// afresh and not kept; so it is when s is nil (a caller that reads each
// object once, such as the index build, keeps nothing in memory). The
// caller holds the tables' read lock, or is their only writer.
func (d Derived[T, D]) Of(s Installed, id string, obj *T) D {
	if s == nil {
		return d.fn(obj)
	}
	t := s.tables()
	m := &t.derived[d.n]
	if v, ok := m.Load(id); ok && v.(derivedVal).obj == any(obj) {
		return v.(derivedVal).val.(D)
	}
	val := d.fn(obj)
	if t.objects[d.slot].get(id) == any(obj) {
		m.Store(id, derivedVal{obj, val})
	}
	return val
}

// Key names one object: its kind and id.
type Key struct{ Kind, ID string }

// Compare orders keys by kind, then id.
func (k Key) Compare(o Key) int { return cmp.Or(cmp.Compare(k.Kind, o.Kind), cmp.Compare(k.ID, o.ID)) }

// Tables hold the installed objects, by kind and id, and the secondary
// indexes over them. Installed objects are immutable: a change installs
// a new pointer, so a reader may keep one.
type Tables struct {
	schema  *Schema
	objects []*objMap
	index   []map[string]string
	derived []sync.Map // id → derivedVal, by Derived
}

// NewTables returns empty tables of the schema.
func NewTables(s *Schema) Tables {
	t := Tables{schema: s, objects: make([]*objMap, len(s.names)), index: make([]map[string]string, len(s.indexes)), derived: make([]sync.Map, s.derived)}
	for i := range t.objects {
		t.objects[i] = &objMap{}
	}
	for i := range t.index {
		t.index[i] = map[string]string{}
	}
	return t
}

// Clone copies the tables' maps; the objects, immutable, are shared.
func (t *Tables) Clone() Tables {
	out := Tables{schema: t.schema, objects: make([]*objMap, len(t.objects)), index: make([]map[string]string, len(t.index)), derived: make([]sync.Map, t.schema.derived)}
	for i, m := range t.objects {
		out.objects[i] = m.clone()
	}
	for i, m := range t.index {
		out.index[i] = maps.Clone(m)
	}
	return out
}

// Reader is what objects are read from: installed tables, or a batch's
// overlay on them.
type Reader interface {
	lookup(slot int, name, id string) any
}

func (t *Tables) lookup(slot int, _, id string) any { return t.objects[slot].get(id) }

// ReaderFunc reads objects through a function: a view of the tables
// other than the installed one (an object as an old entry left it).
type ReaderFunc func(Key) any

func (f ReaderFunc) lookup(_ int, name, id string) any { return f(Key{name, id}) }

// Lookup returns the installed object of kind and id, or nil.
func (t *Tables) Lookup(k Key) any {
	slot, ok := t.schema.slots[k.Kind]
	if !ok {
		return nil
	}
	return t.objects[slot].get(k.ID)
}

// Batch is a batch's overlay, or a type that embeds one.
type Batch interface {
	Reader
	overlay() *Overlay
}

func (o *Overlay) overlay() *Overlay { return o }

// Put installs obj (nil: deletes) under kind and id and keeps the
// indexes in step.
func (t *Tables) Put(kind, id string, obj any) {
	slot, ok := t.schema.slots[kind]
	if !ok {
		panic("engine: no table " + kind)
	}
	m := t.objects[slot]
	for _, n := range t.schema.derivedT[slot] {
		t.derived[n].Delete(id)
	}
	if old := m.get(id); old != nil {
		for _, n := range t.schema.byTable[slot] {
			for _, k := range t.schema.indexes[n].keys(old) {
				if t.index[n][k] == id {
					delete(t.index[n], k)
				}
			}
		}
	}
	if obj == nil {
		m.del(id)
		return
	}
	m.set(id, obj)
	for _, n := range t.schema.byTable[slot] {
		for _, k := range t.schema.indexes[n].keys(obj) {
			t.index[n][k] = id
		}
	}
}

// PutAll installs objs[i] under kind and ids[i], as Put does for each:
// the loading of a snapshot. The kind's map is sized for them at once
// when it is empty. Calls for different kinds may run at once (each
// kind's objects, indexes and derived values are its own); nothing
// else may read or write the tables meanwhile.
func (t *Tables) PutAll(kind string, ids []string, objs []any) {
	slot, ok := t.schema.slots[kind]
	if !ok {
		panic("engine: no table " + kind)
	}
	t.objects[slot].reserve(ids, objs)
	for i, id := range ids {
		t.Put(kind, id, objs[i])
	}
}

// Range yields every installed object of the named kind, in no order.
func (t *Tables) Range(kind string) iter.Seq2[string, any] {
	return func(yield func(string, any) bool) {
		slot, ok := t.schema.slots[kind]
		if !ok {
			return
		}
		for id, obj := range t.objects[slot].all() {
			if !yield(id, obj) {
				return
			}
		}
	}
}

// Each calls fn for every installed object of every kind, in no order.
//
// It stops at fn's first error and returns it unchanged (EInternal
// unless it is a *truce.Error); it has none of its own.
func (t *Tables) Each(fn func(kind, id string, obj any) error) error {
	for slot, m := range t.objects {
		for id, obj := range m.all() {
			if err := fn(t.schema.names[slot], id, obj); err != nil {
				return err
			}
		}
	}
	return nil
}

// Installed is installed tables, or a type that embeds them.
type Installed interface {
	Reader
	tables() *Tables
}

func (t *Tables) tables() *Tables { return t }

// Get returns the object with id as r sees it, or nil.
func (t Table[T]) Get(r Reader, id string) *T {
	o, _ := r.lookup(t.slot, t.name, id).(*T)
	return o
}

// Len is the number of installed objects of the table.
func (t Table[T]) Len(s Installed) int { return s.tables().objects[t.slot].len() }

// All yields every installed object of the table, in no order.
func (t Table[T]) All(s Installed) iter.Seq2[string, *T] {
	return func(yield func(string, *T) bool) {
		for id, obj := range s.tables().objects[t.slot].all() {
			if !yield(id, obj.(*T)) {
				return
			}
		}
	}
}

// Values yields every installed object of the table, in no order: All
// without the ids, which the table does not keep as strings for most
// objects (objMap) and would make one for each.
func (t Table[T]) Values(s Installed) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for obj := range s.tables().objects[t.slot].values() {
			if !yield(obj.(*T)) {
				return
			}
		}
	}
}

// Sorted yields every installed object of the table in id order.
func (t Table[T]) Sorted(s Installed) iter.Seq2[string, *T] {
	return func(yield func(string, *T) bool) {
		m := s.tables().objects[t.slot]
		type idObj struct {
			id  string
			obj any
		}
		objs := make([]idObj, 0, m.len())
		for id, obj := range m.all() {
			objs = append(objs, idObj{id, obj})
		}
		slices.SortFunc(objs, func(a, b idObj) int { return strings.Compare(a.id, b.id) })
		for _, o := range objs {
			if !yield(o.id, o.obj.(*T)) {
				return
			}
		}
	}
}

// Put writes obj under id in the batch.
func (t Table[T]) Put(b Batch, id string, obj *T) { b.overlay().put(Key{t.name, id}, obj) }

// Delete deletes the object with id in the batch.
func (t Table[T]) Delete(b Batch, id string) { b.overlay().put(Key{t.name, id}, nil) }

// Each calls fn for every object of the table as the batch sees it (its
// own changes included), in id order.
func (t Table[T]) Each(b Batch, fn func(id string, obj *T)) {
	o := b.overlay()
	// The ids of the base and of the batch's own writes, sorted, each
	// once: a slice, not a set (the rules in force are read this way for
	// every question).
	var ids []string
	for id := range o.base.objects[t.slot].all() {
		ids = append(ids, id)
	}
	for k := range o.over {
		if k.Kind == t.name {
			ids = append(ids, k.ID)
		}
	}
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		if obj := t.Get(o, id); obj != nil {
			fn(id, obj)
		}
	}
}

// Changed yields the batch's own writes of the table (deletions as nil),
// in the order they were first written.
func (t Table[T]) Changed(b Batch) iter.Seq2[string, *T] {
	o := b.overlay()
	return func(yield func(string, *T) bool) {
		for _, k := range o.order {
			if k.Kind != t.name {
				continue
			}
			obj, _ := o.over[k].(*T)
			if !yield(k.ID, obj) {
				return
			}
		}
	}
}

// Overlay is a batch's changes laid over installed tables: what the
// batch reads sees its own writes, and nothing in it is visible to
// readers of the tables until Install.
type Overlay struct {
	base    *Tables
	over    map[Key]any // nil value: deleted
	order   []Key       // first-write order, for deterministic writes
	journal []Undo      // for dropping one act's changes
}

// Undo is one write of a batch as its journal keeps it: the object
// written and what the batch held for it before (Existed false: the
// batch had not written it, so the base's value was in force).
type Undo struct {
	Key     Key
	Prev    any
	Existed bool
}

// NewOverlay starts an empty batch over base.
func NewOverlay(base *Tables) Overlay {
	return Overlay{base: base} // over is made by the first put
}

func (o *Overlay) lookup(slot int, name, id string) any {
	if obj, ok := o.over[Key{name, id}]; ok {
		return obj
	}
	return o.base.objects[slot].get(id)
}

// Lookup returns the object of kind and id as the batch sees it, or nil.
func (o *Overlay) Lookup(k Key) any {
	if obj, ok := o.over[k]; ok {
		return obj
	}
	slot, ok := o.base.schema.slots[k.Kind]
	if !ok {
		return nil
	}
	return o.base.objects[slot].get(k.ID)
}

func (o *Overlay) put(k Key, obj any) {
	if _, ok := o.base.schema.slots[k.Kind]; !ok {
		panic("engine: no table " + k.Kind)
	}
	if o.over == nil {
		o.over = map[Key]any{}
	}
	prev, existed := o.over[k]
	o.journal = append(o.journal, Undo{k, prev, existed})
	if !existed {
		o.order = append(o.order, k)
	}
	o.over[k] = obj
}

// Mark is the journal's position, to roll back to.
func (o *Overlay) Mark() int { return len(o.journal) }

// Rollback drops the writes made since mark n.
func (o *Overlay) Rollback(n int) {
	for i := len(o.journal) - 1; i >= n; i-- {
		u := o.journal[i]
		if u.Existed {
			o.over[u.Key] = u.Prev
		} else {
			delete(o.over, u.Key)
			o.order = slices.DeleteFunc(o.order, func(k Key) bool { return k == u.Key })
		}
	}
	o.journal = o.journal[:n]
}

// Journal yields the keys written since mark n, in write order, with
// repeats.
func (o *Overlay) Journal(n int) iter.Seq[Key] {
	return func(yield func(Key) bool) {
		for _, u := range o.journal[n:] {
			if !yield(u.Key) {
				return
			}
		}
	}
}

// Undos is the batch's journal, in write order; the caller must not
// change it.
func (o *Overlay) Undos() []Undo { return o.journal }

// Keys are the objects the batch changed, in first-write order.
func (o *Overlay) Keys() []Key { return o.order }

// Install makes the batch's changes the installed tables' own. The
// caller holds whatever lock guards the tables' readers.
func (o *Overlay) Install() {
	for _, k := range o.order {
		o.base.Put(k.Kind, k.ID, o.over[k])
	}
}

// Changes returns the canonical documents to store for the batch's
// changes, in first-write order (nil: delete).
//
// It returns encode's first error, wrapped with the object's kind and id
// (EInternal unless encode returns a *truce.Error).
//
// The documents are encoded on up to GOMAXPROCS goroutines when the batch
// changed enough objects: the writer runs alone, and encoding is most of
// what it does between the decisions and the commit (at a million
// objects a strike's notification carries the dozens of objects it
// met). encode must be safe for concurrent use, as installed objects
// are never changed in place.
func (o *Overlay) Changes(encode func(any) ([]byte, error)) ([]Key, [][]byte, error) {
	bodies := make([][]byte, len(o.order))
	errs := make([]error, len(o.order))
	one := func(i int) {
		if obj := o.over[o.order[i]]; obj != nil {
			bodies[i], errs[i] = encode(obj)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(o.order)/parallelChanges)
	if workers < 2 {
		for i := range o.order {
			if one(i); errs[i] != nil {
				break
			}
		}
	} else {
		// The map is only read here; each goroutine writes its own
		// elements of bodies and errs. The writer's own is one of them.
		var next atomic.Int64
		work := func() {
			for i := int(next.Add(1) - 1); i < len(o.order); i = int(next.Add(1) - 1) {
				one(i)
			}
		}
		var wg sync.WaitGroup
		for range workers - 1 {
			wg.Go(work)
		}
		work()
		wg.Wait()
	}
	for i, err := range errs {
		if err != nil {
			k := o.order[i]
			return nil, nil, fmt.Errorf("encoding %s %s: %w", k.Kind, k.ID, err)
		}
	}
	return o.order, bodies, nil
}

// parallelChanges is how many changed objects each of Changes' goroutines
// must have for it to start one: a goroutine costs about a microsecond,
// a small document a few.
const parallelChanges = 4
