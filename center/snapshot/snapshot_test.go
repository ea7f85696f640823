package snapshot

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
)

var update = flag.Bool("update", false, "rewrite the fuzz target's seed corpus in testdata/fuzz/FuzzDecode")

// testCodec writes tables of a few of the domain's types (terms hold a
// map) and the index's objects.
func testCodec(t testing.TB) *Codec {
	t.Helper()
	x, err := NewCodec([]string{"notification", "site", "terms"},
		[]reflect.Type{reflect.TypeFor[truce.Notification](), reflect.TypeFor[truce.Site](), reflect.TypeFor[truce.Terms]()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func parse(t testing.TB, s string) geo.Geometry {
	t.Helper()
	g, errs := geo.Parse([]byte(s), "geometry", geo.DefaultLimits())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return g
}

// sample is a little of everything: lists nil and empty, times in UTC,
// in a fixed zone and zero, raw geometry, a map, parsed geometry with
// rings and densified edges, disclosed volumes.
func sample(t testing.TB) (Source, map[string]any) {
	t.Helper()
	at := time.Date(2016, 9, 14, 3, 0, 0, 500, time.UTC)
	point := json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`)
	objs := map[string]any{
		"ntf_1": &truce.Notification{ID: "ntf_1", Kind: "strike", Party: "pty_3", State: "submitted",
			// Geometries of every form: kept as given, and kept parsed.
			Volumes: []truce.Volume{{Geometry: truce.NewGeoJSON(point), RadiusM: 500, Altitude: truce.Altitude{MaxM: 9000}, Start: truce.InstantOf(at), End: truce.InstantOf(at.Add(time.Hour))},
				{Geometry: truce.NewGeoJSON(json.RawMessage(`{"coordinates":[37.1,36.2],"type":"Point"}`)), Start: truce.InstantOf(at), End: truce.InstantOf(at.Add(time.Hour))},
				{Geometry: truce.NewGeoJSON(json.RawMessage(`{"coordinates":[[37.1,36.2],[37.2,36.25]],"type":"LineString"}`)), WidthM: 100, Start: truce.InstantOf(at), End: truce.InstantOf(at.Add(time.Hour))},
				{Geometry: truce.NewGeoJSON(json.RawMessage(`{"coordinates":[[[37,36],[37.1,36],[37.1,36.1],[37,36]]],"type":"Polygon"}`)), Start: truce.InstantOf(at), End: truce.InstantOf(at.Add(time.Hour))},
				{Geometry: truce.NewGeoJSON(json.RawMessage(`{"coordinates":[[[[37,36],[37.1,36],[37.1,36.1],[37,36]]],[[[38,36],[38.1,36],[38.1,36.1],[38,36]],[[38.01,36.01],[38.05,36.01],[38.05,36.05],[38.01,36.01]]]],"type":"MultiPolygon"}`)), Start: truce.InstantOf(at), End: truce.InstantOf(at.Add(time.Hour))},
				{Start: truce.InstantOf(at), End: truce.InstantOf(at.Add(time.Hour))}},
			Conflicts: truce.NewConflictList([]truce.Conflict{{Rule: "strike-near-protected-site", With: truce.ConflictWith{Type: "site", Category: "hospital", Area: point}, Overlap: truce.Window{Start: truce.InstantOf(at), End: truce.InstantOf(at.Add(time.Hour))}},
				{Rule: "flight-separation", With: truce.ConflictWith{Type: "notification", ID: "ntf_2", Kind: "flight", Party: "pty_5"}, Volume: 1, Overlap: truce.Window{Start: truce.InstantOf(at), End: truce.InstantOf(at.Add(time.Minute))}},
				{Rule: "r", With: truce.ConflictWith{Type: "notification", Kind: "flight", Area: point, AreaBufferM: 250}, Overlap: truce.Window{Start: truce.InstantOf(at.In(time.FixedZone("AST", 3*3600))), End: truce.InstantOf(at)}}}),
			MustAcknowledgeRef: &[]string{"pty_5"}, CreatedAt: truce.InstantOf(at), LogIndex: 12,
			// A time in another zone: kept with its zone.
			Acknowledgements: []truce.NotificationAck{{Party: "pty_5", At: at.In(time.FixedZone("AST", 3*3600))}}},
		"ntf_2": &truce.Notification{ID: "ntf_2", Kind: "flight", Party: "pty_5", State: "cancelled", Title: "ünïcode ✈"},
		"sit_1": &truce.Site{ID: "sit_1", Category: "hospital", Owner: "pty_3", Geometry: truce.NewGeoJSON(point), SiteCoarse: &truce.SiteCoarse{Coarse: truce.NewGeoJSON(json.RawMessage{})}, BufferM: 300, Disclosure: "hidden", RecipientsRef: &[]string{}},
		"trm_1": &truce.Terms{ID: "trm_1", Rules: truce.Rules{Notifications: map[string]truce.KindRule{"strike": {}, "flight": {}}}, Actors: map[string][]string{"pty_3": {"a", "b"}, "pty_5": nil}},
	}
	index := sampleIndex(t, at, point)
	ix := conflict.New(conflict.Settings{})
	if err := ix.Load(index); err != nil {
		t.Fatal(err)
	}
	slab, trees := ix.Freeze()
	src := Source{
		Header: Header{Size: 42, Root: [32]byte{1, 2, 3}, Last: at},
		Index:  slab,
		Trees:  trees,
		Nonces: &Nonces{Keys: []string{"k1 n1", "k1 n2", "k2 n1"}, Created: []int64{1700000000, 1700000005, 1700000009}},
		Each: func(fn func(kind, id string, obj any) error) error {
			for _, k := range []struct{ kind, id string }{{"notification", "ntf_1"}, {"notification", "ntf_2"}, {"site", "sit_1"}, {"terms", "trm_1"}} {
				if err := fn(k.kind, k.id, objs[k.id]); err != nil {
					return err
				}
			}
			return nil
		},
	}
	return src, objs
}

func sampleIndex(t testing.TB, at time.Time, point json.RawMessage) []conflict.Object {
	poly := parse(t, `{"type":"Polygon","coordinates":[[[30,30],[38,30],[38,36],[30,36],[30,30]],[[33,33],[34,33],[34,34],[33,33]]]}`)
	return []conflict.Object{
		{Type: conflict.Zone, ID: "zon_1", Party: "pty_1", Kind: "no-strike", Active: true,
			Restricts: conflict.Restrictions{Parties: []string{"pty_3"}, Activities: []string{"strike"}},
			Volumes:   []conflict.Volume{{Footprint: geo.Footprint{Geometry: poly}, Altitude: conflict.AllAltitudes, Window: conflict.Window{Start: at}}},
			Disclosed: []conflict.Volume{{Footprint: geo.Footprint{Geometry: poly, BufferM: 10}, Altitude: conflict.AllAltitudes}}},
		{Type: conflict.Notification, ID: "ntf_1", Party: "pty_3", Kind: "strike", Active: true, SeenBy: []string{"pty_5"},
			Volumes: []conflict.Volume{{Footprint: geo.Footprint{Geometry: parse(t, string(point)), BufferM: 500}, Altitude: conflict.Band{MaxM: 9000}, Window: conflict.Window{Start: at, End: at.Add(time.Hour)}}}},
	}
}

func encodeBytes(t testing.TB, x *Codec, src Source) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := x.writeTo(&buf, src); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sourceOf writes back what a snapshot read.
func sourceOf(s *Snapshot) Source {
	return Source{Header: s.Header, Index: s.Index, Trees: s.Trees, Nonces: s.Nonces, Each: func(fn func(kind, id string, obj any) error) error {
		for _, t := range s.Tables {
			for i, id := range t.IDs {
				if err := fn(t.Kind, id, t.Objs[i]); err != nil {
					return err
				}
			}
		}
		return nil
	}}
}

// TestRoundTrip: what Write writes, Read reads back equal, lists nil or
// empty as they were, times in their zones; the file has mode 0600; and
// written again it is the same bytes.
func TestRoundTrip(t *testing.T) {
	x := testCodec(t)
	src, objs := sample(t)
	path := filepath.Join(t.TempDir(), "snapshot")
	left := path + ".123.tmp" // as a write cut short leaves it
	if err := os.WriteFile(left, []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := x.Write(path, src)
	if _, err := os.Stat(left); err == nil {
		t.Error("the temporary file a write cut short left is still there")
	}
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Size() != n || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the file: %v, %v (wrote %d)", fi, err, n)
	}
	snap, err := x.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Size != 42 || snap.Root != src.Root || !snap.Last.Equal(src.Last) {
		t.Errorf("header %+v", snap.Header)
	}
	got := 0
	for _, tb := range snap.Tables {
		for i, id := range tb.IDs {
			got++
			if !reflect.DeepEqual(tb.Objs[i], objs[id]) {
				t.Errorf("%s %s:\n got %+v\nwant %+v", tb.Kind, id, tb.Objs[i], objs[id])
			}
		}
	}
	if got != len(objs) {
		t.Errorf("%d objects read, want %d", got, len(objs))
	}
	if !reflect.DeepEqual(snap.Index, src.Index) || !reflect.DeepEqual(snap.Trees, src.Trees) {
		t.Errorf("index objects:\n got %+v\nwant %+v", snap.Index, src.Index)
	}
	if !reflect.DeepEqual(snap.Nonces, src.Nonces) {
		t.Errorf("nonces: got %+v, want %+v", snap.Nonces, src.Nonces)
	}
	if _, err := conflict.Thaw(conflict.Settings{}, snap.Index, snap.Trees); err != nil {
		t.Errorf("the index read back does not thaw: %v", err)
	}
	ntf := snap.Tables[0].Objs[0].(*truce.Notification)
	if ntf.Acknowledgements == nil || ntf.Terms() != nil || cap(ntf.MustAcknowledge()) != len(ntf.MustAcknowledge()) {
		t.Errorf("lists: acknowledgements %#v, terms %#v, must acknowledge cap %d", ntf.Acknowledgements, ntf.Terms(), cap(ntf.MustAcknowledge()))
	}
	if name, off := ntf.Acknowledgements[0].At.Zone(); name != "AST" || off != 3*3600 {
		t.Errorf("zone %s %d", name, off)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if again := encodeBytes(t, x, sourceOf(snap)); !bytes.Equal(again, b) {
		t.Error("written again, the snapshot is other bytes")
	}
}

// TestRefused: every truncation and every changed byte is refused (or,
// with its checksum set right, decodes to something that writes back
// the same), never a panic; a snapshot of other types or another
// version is refused as such.
func TestRefused(t *testing.T) {
	x := testCodec(t)
	src, _ := sample(t)
	good := encodeBytes(t, x, src)
	for n := range len(good) {
		if _, err := x.Decode(good[:n]); !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrChecksum) {
			t.Fatalf("truncated at %d: %v", n, err)
		}
	}
	for i := range len(good) - 4 {
		b := bytes.Clone(good)
		b[i] ^= 0x5a
		if _, err := x.Decode(b); err == nil {
			t.Fatalf("byte %d changed: decoded", i)
		}
		decodeOrRefuse(t, x, withChecksum(b))
	}
	other, err := NewCodec([]string{"notification"}, []reflect.Type{reflect.TypeFor[truce.Notification]()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Decode(good); !errors.Is(err, ErrVersion) {
		t.Errorf("read by a codec of other types: %v", err)
	}
	b := bytes.Clone(good)
	binary.LittleEndian.PutUint32(b[8:], Version+1)
	if _, err := x.Decode(withChecksum(b)); !errors.Is(err, ErrVersion) {
		t.Errorf("another version: %v", err)
	}
	if _, err := NewCodec([]string{"x"}, []reflect.Type{reflect.TypeFor[struct{ F func() }]()}); err == nil {
		t.Error("a type holding a function was planned")
	}
}

func withChecksum(b []byte) []byte {
	if len(b) >= 4 {
		binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], castagnoli))
	}
	return b
}

// decodeOrRefuse decodes b: a refusal must name one of the reasons; a
// snapshot that decodes must write back as bytes that decode to the same.
func decodeOrRefuse(t *testing.T, x *Codec, b []byte) {
	t.Helper()
	snap, err := x.Decode(b)
	if err != nil {
		if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrChecksum) && !errors.Is(err, ErrVersion) {
			t.Fatalf("refused without a reason: %v", err)
		}
		return
	}
	once := encodeBytes(t, x, sourceOf(snap))
	// The index read back is either taken or refused, never a panic.
	if ix, err := conflict.Thaw(conflict.Settings{}, slices.Clone(snap.Index), snap.Trees); err == nil {
		ix.Check(conflict.Candidate{Kind: "strike", Volumes: sampleIndex(t, time.Date(2016, 9, 14, 3, 0, 0, 0, time.UTC), json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`))[1].Volumes})
	} else if !errors.Is(err, conflict.ErrThaw) {
		t.Fatalf("thawed: %v", err)
	}
	again, err := x.Decode(once)
	if err != nil {
		t.Fatalf("written back, refused: %v", err)
	}
	if twice := encodeBytes(t, x, sourceOf(again)); !bytes.Equal(once, twice) {
		t.Fatal("written back twice, other bytes")
	}
}

// FuzzDecode: the reader of snapshot files never panics, never
// allocates more than a bounded multiple of its input, and refuses what
// it cannot read with a reason. The checksum of each input is set right
// first, so that the fuzzer's changes reach the decoder.
func FuzzDecode(f *testing.F) {
	x := testCodec(f)
	src, _ := sample(f)
	f.Add(encodeBytes(f, x, src))
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeOrRefuse(t, x, withChecksum(b))
	})
}

// TestSeedCorpus keeps the fuzz target's committed seeds: snapshots of
// the sample, of nothing, and of the sample's index alone (-update
// rewrites them).
func TestSeedCorpus(t *testing.T) {
	x := testCodec(t)
	src, _ := sample(t)
	seeds := map[string][]byte{
		"sample":     encodeBytes(t, x, src),
		"empty":      encodeBytes(t, x, Source{}),
		"index-only": encodeBytes(t, x, Source{Header: src.Header, Index: src.Index, Trees: src.Trees}),
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzDecode")
	for name, b := range seeds {
		path := filepath.Join(dir, name)
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		have, err := os.ReadFile(path)
		if err != nil || string(have) != body {
			t.Errorf("seed %s is not what this build writes (go test ./center/snapshot -run TestSeedCorpus -update): %v", name, err)
		}
	}
}
