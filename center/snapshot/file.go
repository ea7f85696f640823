package snapshot

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/conflict"
)

// Version is the snapshot format's version. A file of another version is
// refused (ErrVersion); so is one written for other types (the codec's
// fingerprint), which a change to a stored type or to the index's object
// makes. Version 6: a sealed notification's conflicts are no longer
// held in the state (they are read from its opening), and a snapshot
// of version 5 holds them.
const Version = 6

const magic = "TRUCESNP"

// headerLen: magic, version, fingerprint, size, root, last.
const headerLen = 8 + 4 + 32 + 8 + 32 + 8

// footerLen: the offset of the strings, the checksum.
const footerLen = 8 + 4

// chunkLen is how many objects one chunk holds: chunks are read on every
// core.
const chunkLen = 16384

// The reasons a snapshot is refused; Read's errors wrap one of them.
var (
	ErrVersion  = errors.New("the snapshot is of another format version or was written for other types")
	ErrChecksum = errors.New("the snapshot's checksum does not match its bytes: it is damaged or truncated")
	ErrCorrupt  = errors.New("the snapshot is damaged or truncated")
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Header says what a snapshot reflects: the first Size entries of the
// log, whose tree has root Root, the newest of them dated Last.
type Header struct {
	Size uint64
	Root [32]byte
	Last time.Time
}

// Codec writes and reads snapshots of the projection's tables (each kind
// with the Go type of its objects) and of the conflict index's objects.
type Codec struct {
	c      *codec
	kinds  []string
	types  []reflect.Type
	slots  map[string]int
	index  *node // []conflict.Object
	trees  *node // *conflict.Trees
	nonces *node // *Nonces
	fp     [32]byte
	// strs is how many distinct strings the last snapshot written or
	// read held: the next write's table is made that large at once,
	// not grown by doubling through a million objects' strings.
	strs atomic.Int64
}

// NewCodec plans the codec of the tables: kinds[i]'s objects are *T of
// types[i]. It fails if a type holds what a snapshot cannot (a map, an
// interface, a channel or a function).
func NewCodec(kinds []string, types []reflect.Type) (*Codec, error) {
	all := append(append([]reflect.Type{}, types...), reflect.TypeFor[[]conflict.Object](), reflect.TypeFor[conflict.Trees](), reflect.TypeFor[Nonces]())
	c, err := newCodec(all)
	if err != nil {
		return nil, err
	}
	for _, k := range kinds {
		c.desc.WriteString(k + ";")
	}
	// The numbers a notification's conflicts hold mean names of these
	// tables: other tables, another layout.
	c.desc.WriteString(truce.ConflictTables())
	x := &Codec{c: c, kinds: kinds, types: types, slots: map[string]int{}, fp: c.Fingerprint()}
	for i, k := range kinds {
		x.slots[k] = i
	}
	x.index = c.roots[len(types)].elem // the root is *[]Object
	x.trees = c.roots[len(types)+1]    // *Trees
	x.nonces = c.roots[len(types)+2]   // *Nonces
	return x, nil
}

// Source is what Write writes: the header, every object of the tables
// (Each calls fn for each, as engine.Tables.Each does, grouped by kind),
// the conflict index as Freeze copied it out (its slab and trees) and
// the nonces of signed requests the center remembers.
type Source struct {
	Header
	Each   func(fn func(kind, id string, obj any) error) error
	Index  []conflict.Object
	Trees  *conflict.Trees
	Nonces *Nonces
}

// Nonces are the nonces of signed requests a center remembers so that
// none is accepted twice: each key (as the center makes it from the
// signing key's id and the nonce) with its signature's creation time in
// Unix seconds. A center opened from a snapshot takes them from it and
// reads only the entries after it for more, instead of every entry of
// the signatures' window.
type Nonces struct {
	Keys    []string
	Created []int64
}

// Snapshot is what Read returns.
type Snapshot struct {
	Header
	// Tables holds each kind's objects (a *T of its type) and their ids,
	// in the codec's order of kinds.
	Tables []Table
	Index  []conflict.Object // with room for a sixteenth more (writes after the start)
	Trees  *conflict.Trees   // nil if the snapshot held none
	Nonces *Nonces           // nil if the snapshot held none
}

// Table is one kind's objects.
type Table struct {
	Kind string
	IDs  []string
	Objs []any
}

// Write writes the snapshot to path, mode 0600, through a temporary
// file renamed over it once synced: a crash leaves the old snapshot or
// the new one, never half of one (and the next Write removes the
// temporary file it left). It returns the file's size. One Write at a
// time may use a path.
//
// Its errors are the file system's, or an object whose type is not its
// kind's (a bug).
func (x *Codec) Write(path string, src Source) (int64, error) {
	dir := filepath.Dir(path)
	// What a write cut short left (a crash): one writer at a time uses
	// these names, so none is in use now.
	if old, err := filepath.Glob(path + ".*.tmp"); err == nil {
		for _, o := range old {
			os.Remove(o)
		}
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("writing the snapshot: %w", err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after the rename, there is nothing to remove
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return 0, fmt.Errorf("writing the snapshot: %w", err)
	}
	n, err := x.writeTo(f, src)
	if err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return 0, fmt.Errorf("writing the snapshot: %w", err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("writing the snapshot: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, fmt.Errorf("writing the snapshot: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return n, nil
}

// writeTo writes the snapshot's bytes, its checksum last, and returns
// how many it wrote.
func (x *Codec) writeTo(w io.Writer, src Source) (int64, error) {
	cw := &crcWriter{w: w}
	bw := bufio.NewWriterSize(cw, 256<<10)
	if err := x.encode(bw, src); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("writing the snapshot: %w", err)
	}
	var sum [4]byte
	binary.LittleEndian.PutUint32(sum[:], cw.crc)
	if _, err := w.Write(sum[:]); err != nil {
		return 0, fmt.Errorf("writing the snapshot: %w", err)
	}
	return cw.n + 4, nil
}

type crcWriter struct {
	w   io.Writer
	crc uint32
	n   int64
}

func (c *crcWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.crc = crc32.Update(c.crc, castagnoli, p[:n])
	c.n += int64(n)
	return n, err
}

// encode writes everything but the checksum.
func (x *Codec) encode(w *bufio.Writer, src Source) error {
	var hdr [headerLen]byte
	copy(hdr[:], magic)
	binary.LittleEndian.PutUint32(hdr[8:], Version)
	copy(hdr[12:], x.fp[:])
	binary.LittleEndian.PutUint64(hdr[44:], src.Size)
	copy(hdr[52:], src.Root[:])
	last := int64(math.MinInt64)
	if !src.Last.IsZero() {
		last = src.Last.UnixNano()
	}
	binary.LittleEndian.PutUint64(hdr[84:], uint64(last))
	w.Write(hdr[:])
	off := int64(headerLen)
	put := func(b []byte) {
		w.Write(b)
		off += int64(len(b))
	}
	hint := int(x.strs.Load())
	strs := &strtab{ids: make(map[string]uint32, hint), list: make([]string, 0, hint)}
	// The tables' objects, by kind; then the index.
	byKind := make([][]record, len(x.kinds))
	if src.Each != nil {
		err := src.Each(func(kind, id string, obj any) error {
			i, ok := x.slots[kind]
			if !ok {
				return fmt.Errorf("writing the snapshot: no table %q", kind)
			}
			v := reflect.ValueOf(obj)
			if v.Type() != reflect.PointerTo(x.types[i]) || v.IsNil() {
				return fmt.Errorf("writing the snapshot: %s %s is a %T", kind, id, obj)
			}
			byKind[i] = append(byKind[i], record{id, v.UnsafePointer()})
			return nil
		})
		if err != nil {
			return err
		}
	}
	put(binary.AppendUvarint(nil, uint64(len(x.kinds)+extraSections)))
	e := &encoder{c: x.c, strs: strs, totals: make([]uint64, len(x.c.slabs))}
	var scratch []byte
	for i, kind := range x.kinds {
		recs := byKind[i]
		root := x.c.roots[i]
		scratch = appendName(scratch[:0], kind, (len(recs)+chunkLen-1)/chunkLen)
		put(scratch)
		for len(recs) > 0 {
			n := min(len(recs), chunkLen)
			e.start()
			for _, r := range recs[:n] {
				e.uvarint(uint64(strs.ref(r.id)))
				p := r.p
				e.value(root, unsafe.Pointer(&p))
			}
			scratch = e.finish(scratch[:0], n)
			put(scratch)
			put(e.buf)
			recs = recs[n:]
		}
		byKind[i] = nil
	}
	objs := src.Index
	scratch = appendName(scratch[:0], indexSection, (len(objs)+chunkLen-1)/chunkLen)
	put(scratch)
	for len(objs) > 0 {
		n := min(len(objs), chunkLen)
		e.start()
		for i := range objs[:n] {
			e.value(x.index.elem, unsafe.Pointer(&objs[i]))
		}
		scratch = e.finish(scratch[:0], n)
		put(scratch)
		put(e.buf)
		objs = objs[n:]
	}
	// The trees (their arrays are copied as bytes) and the nonces: each
	// one chunk of one value.
	single := func(name string, n *node, p unsafe.Pointer) {
		scratch = appendName(scratch[:0], name, 1)
		put(scratch)
		e.start()
		e.value(n, p)
		scratch = e.finish(scratch[:0], 1)
		put(scratch)
		put(e.buf)
	}
	trees, nonces := src.Trees, src.Nonces
	single(treesSection, x.trees, unsafe.Pointer(&trees))
	single(noncesSection, x.nonces, unsafe.Pointer(&nonces))
	// The strings, then where they start.
	strOff := off
	scratch = binary.AppendUvarint(scratch[:0], uint64(len(strs.list)))
	for _, s := range strs.list {
		scratch = binary.AppendUvarint(scratch, uint64(len(s)))
	}
	put(scratch)
	for _, s := range strs.list {
		w.WriteString(s)
	}
	x.strs.Store(int64(len(strs.list)))
	var foot [8]byte
	binary.LittleEndian.PutUint64(foot[:], uint64(strOff))
	_, err := w.Write(foot[:])
	return err
}

const (
	indexSection  = "conflict-index"
	treesSection  = "conflict-trees"
	noncesSection = "nonces"
	// extraSections: the index, the trees and the nonces, after the
	// tables.
	extraSections = 3
)

type record struct {
	id string
	p  unsafe.Pointer
}

func appendName(b []byte, name string, chunks int) []byte {
	b = binary.AppendUvarint(b, uint64(len(name)))
	b = append(b, name...)
	return binary.AppendUvarint(b, uint64(chunks))
}

// start begins a chunk.
func (e *encoder) start() {
	e.buf = e.buf[:0]
	clear(e.totals)
}

// finish appends the head of the chunk of n objects as written: n, its
// length, the values each slab gives; its values, e.buf, follow it (not
// copied behind it: the trees' chunk is the largest, 193 MB of the
// 823 MB snapshot of a million objects measured on 2026-12-02).
func (e *encoder) finish(b []byte, n int) []byte {
	var head []byte
	k := 0
	for _, t := range e.totals {
		if t > 0 {
			k++
		}
	}
	head = binary.AppendUvarint(head, uint64(k))
	for s, t := range e.totals {
		if t > 0 {
			head = binary.AppendUvarint(head, uint64(s))
			head = binary.AppendUvarint(head, t)
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	b = binary.AppendUvarint(b, uint64(len(head)+len(e.buf)))
	return append(b, head...)
}

// Read reads and checks the snapshot at path.
//
// Its errors wrap ErrVersion, ErrChecksum or ErrCorrupt, or are the
// file system's (os.ErrNotExist when there is none).
func (x *Codec) Read(path string) (*Snapshot, error) {
	data, done, err := readAll(path)
	if err != nil {
		return nil, err
	}
	defer done()
	return x.Decode(data)
}

// Decode reads a snapshot's bytes, as Read does. The snapshot's strings
// are copied out of data, which the caller may reuse.
func (x *Codec) Decode(data []byte) (*Snapshot, error) {
	if len(data) < headerLen+footerLen || string(data[:8]) != magic {
		return nil, fmt.Errorf("%w: no snapshot header", ErrCorrupt)
	}
	if v := binary.LittleEndian.Uint32(data[8:]); v != Version {
		return nil, fmt.Errorf("%w: format %d, this build reads %d", ErrVersion, v, Version)
	}
	body := data[:len(data)-4]
	if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return nil, ErrChecksum
	}
	if [32]byte(data[12:44]) != x.fp {
		return nil, fmt.Errorf("%w: its types differ from this build's", ErrVersion)
	}
	snap := &Snapshot{}
	snap.Size = binary.LittleEndian.Uint64(data[44:])
	snap.Root = [32]byte(data[52:84])
	if last := int64(binary.LittleEndian.Uint64(data[84:])); last != math.MinInt64 {
		snap.Last = time.Unix(0, last).UTC()
	}
	strOff := binary.LittleEndian.Uint64(body[len(body)-8:])
	if strOff < headerLen || strOff > uint64(len(body)-8) {
		return nil, fmt.Errorf("%w: strings out of place", ErrCorrupt)
	}
	strs, err := readStrings(body[strOff : len(body)-8])
	if err != nil {
		return nil, err
	}
	x.strs.Store(int64(len(strs)))
	// The sections and their chunks, then every chunk decoded on every
	// core.
	type chunk struct {
		section int
		off, n  int // where its objects go in their section's lists, how many
		data    []byte
		err     error
	}
	var chunks []*chunk
	counts := make([]int, len(x.kinds)+extraSections)
	b := body[headerLen:strOff]
	d := &decoder{buf: b}
	nsec := d.uvarint()
	if d.err != nil || nsec != uint64(len(x.kinds)+extraSections) {
		return nil, fmt.Errorf("%w: %d sections", ErrCorrupt, nsec)
	}
	for s := range nsec {
		n := d.uvarint()
		if n > uint64(len(d.buf)) {
			return nil, fmt.Errorf("%w: a section's name", ErrCorrupt)
		}
		name := string(d.buf[:n])
		d.buf = d.buf[n:]
		want := noncesSection
		switch {
		case s < uint64(len(x.kinds)):
			want = x.kinds[s]
		case s == uint64(len(x.kinds)):
			want = indexSection
		case s == uint64(len(x.kinds))+1:
			want = treesSection
		}
		if name != want {
			return nil, fmt.Errorf("%w: section %q where %q belongs", ErrCorrupt, name, want)
		}
		k := d.uvarint()
		if k > uint64(len(d.buf)) {
			return nil, fmt.Errorf("%w: section %s", ErrCorrupt, name)
		}
		for range k {
			objs, n := d.uvarint(), d.uvarint()
			// Every object takes some bytes: a count the chunk cannot
			// hold is a lie, and making room for it would be the harm.
			least := uint64(2) // a table's: its id, and that it is there
			if s == uint64(len(x.kinds)) {
				least = uint64(max(x.index.elem.min, 1))
			}
			if d.err != nil || n > uint64(len(d.buf)) || objs > n/least || s > uint64(len(x.kinds)) && (objs != 1 || k != 1) {
				return nil, fmt.Errorf("%w: section %s", ErrCorrupt, name)
			}
			chunks = append(chunks, &chunk{section: int(s), off: counts[s], n: int(objs), data: d.buf[:n]})
			counts[s] += int(objs)
			d.buf = d.buf[n:]
		}
	}
	if d.err != nil || len(d.buf) != 0 {
		return nil, fmt.Errorf("%w: bytes after the sections", ErrCorrupt)
	}
	// Each section's lists are made at their length once, and each chunk
	// reads into its part of them.
	snap.Tables = make([]Table, len(x.kinds))
	for i, k := range x.kinds {
		snap.Tables[i] = Table{Kind: k, IDs: make([]string, counts[i]), Objs: make([]any, counts[i])}
	}
	if n := counts[len(x.kinds)]; n > 0 {
		snap.Index = make([]conflict.Object, n, n+n/16)
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(chunks); i += workers {
				ch := chunks[i]
				switch {
				case ch.section < len(x.kinds):
					t := &snap.Tables[ch.section]
					ch.err = x.decodeTable(ch.section, ch.data, strs, t.IDs[ch.off:ch.off+ch.n], t.Objs[ch.off:ch.off+ch.n])
				case ch.section == len(x.kinds):
					ch.err = x.decodeIndex(ch.data, strs, snap.Index[ch.off:ch.off+ch.n])
				case ch.section == len(x.kinds)+1:
					snap.Trees, ch.err = x.decodeTrees(ch.data, strs)
				default:
					snap.Nonces, ch.err = x.decodeNonces(ch.data, strs)
				}
				ch.data = nil
			}
		})
	}
	wg.Wait()
	for _, ch := range chunks {
		if ch.err != nil {
			return nil, fmt.Errorf("%w (section %d)", ch.err, ch.section)
		}
	}
	return snap, nil
}

// readStrings reads the table of strings: their count, each one's
// length, then their bytes, which are copied into one block that the
// strings read back point into.
func readStrings(b []byte) ([]string, error) {
	d := &decoder{buf: b}
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.buf)) {
		return nil, fmt.Errorf("%w: the strings", ErrCorrupt)
	}
	lens := make([]uint64, n)
	var total uint64
	for i := range lens {
		lens[i] = d.uvarint()
		total += lens[i]
		if d.err != nil || total > uint64(len(b)) {
			return nil, fmt.Errorf("%w: the strings", ErrCorrupt)
		}
	}
	if total != uint64(len(d.buf)) {
		return nil, fmt.Errorf("%w: the strings", ErrCorrupt)
	}
	block := string(d.buf) // one allocation: every string shares it
	out := make([]string, n)
	off := uint64(0)
	for i, l := range lens {
		out[i] = block[off : off+l]
		off += l
	}
	return out, nil
}

// begin reads a chunk's slab totals and allocates its slabs.
func (x *Codec) begin(data []byte, strs []string) (*decoder, error) {
	d := &decoder{c: x.c, strs: strs, buf: data}
	k := d.uvarint()
	if k > uint64(len(x.c.slabs)) {
		return nil, errCorrupt
	}
	d.base = make([]unsafe.Pointer, len(x.c.slabs))
	d.used = make([]uintptr, len(x.c.slabs))
	d.total = make([]uintptr, len(x.c.slabs))
	var need uint64
	prev := -1
	for range k {
		s, t := d.uvarint(), d.uvarint()
		if d.err != nil || s >= uint64(len(x.c.slabs)) || int(s) <= prev || t == 0 {
			return nil, errCorrupt
		}
		prev = int(s)
		n := x.c.slabs[s]
		per := uint64(n.elem.min)
		if n.op == opRaw {
			per = uint64(n.elem.size)
		}
		// Every value takes bytes of the chunk: a total the chunk
		// cannot hold is a lie, and allocating it would be the harm.
		if t > uint64(len(data)) || t*per > uint64(len(data)) {
			return nil, errCorrupt
		}
		need += t * per
		if need > uint64(len(data)) {
			return nil, errCorrupt
		}
		slab := reflect.MakeSlice(reflect.SliceOf(n.elem.typ), int(t), int(t))
		d.base[s], d.total[s] = slab.UnsafePointer(), uintptr(t)
	}
	return d, nil
}

// done checks that a chunk was read to its end and used every value its
// slabs were said to hold.
func (d *decoder) done() error {
	if d.err != nil || len(d.buf) != 0 {
		return errCorrupt
	}
	for s := range d.used {
		if d.used[s] != d.total[s] {
			return errCorrupt
		}
	}
	return nil
}

func (x *Codec) decodeTable(section int, data []byte, strs []string, ids []string, objs []any) error {
	d, err := x.begin(data, strs)
	if err != nil {
		return err
	}
	root := x.c.roots[section]
	typ := x.types[section]
	for i := range ids {
		ids[i] = d.str()
		var p unsafe.Pointer
		d.value(root, unsafe.Pointer(&p))
		if d.err != nil || p == nil {
			return errCorrupt
		}
		objs[i] = reflect.NewAt(typ, p).Interface()
	}
	return d.done()
}

func (x *Codec) decodeIndex(data []byte, strs []string, objs []conflict.Object) error {
	d, err := x.begin(data, strs)
	if err != nil {
		return err
	}
	for i := range objs {
		d.value(x.index.elem, unsafe.Pointer(&objs[i]))
	}
	return d.done()
}

func (x *Codec) decodeTrees(data []byte, strs []string) (*conflict.Trees, error) {
	d, err := x.begin(data, strs)
	if err != nil {
		return nil, err
	}
	var t *conflict.Trees
	d.value(x.trees, unsafe.Pointer(&t))
	return t, d.done()
}

func (x *Codec) decodeNonces(data []byte, strs []string) (*Nonces, error) {
	d, err := x.begin(data, strs)
	if err != nil {
		return nil, err
	}
	var n *Nonces
	d.value(x.nonces, unsafe.Pointer(&n))
	if n != nil && len(n.Keys) != len(n.Created) {
		return nil, errCorrupt
	}
	return n, d.done()
}
