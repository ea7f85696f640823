package ledger

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func TestCanonicalize(t *testing.T) {
	cases := []struct{ in, want string }{
		// RFC 8785 §3.2.3: keys sorted by UTF-16 code units.
		{`{"\u20ac":1,"\r":2,"\ufb33":3,"1":4,"\ud83d\ude00":5,"\u0080":6,"\u00f6":7}`,
			"{\"\\r\":2,\"1\":4,\"\u0080\":6,\"\u00f6\":7,\"\u20ac\":1,\"\U0001F600\":5,\"\ufb33\":3}"},
		{`{ "b" : [ 1 , 2 ], "a" : { "d": null, "c": true } }`, `{"a":{"c":true,"d":null},"b":[1,2]}`},
		// Numbers as ECMAScript prints them (RFC 8785 appendix B).
		{`[0, -0, 1, -1, 4.50, 2e-3, 1e21, 1e20, 1E30, 0.000001, 1e-7, 333333333.33333329, 9007199254740993, -1.5e-10]`,
			`[0,0,1,-1,4.5,0.002,1e+21,100000000000000000000,1e+30,0.000001,1e-7,333333333.3333333,9007199254740992,-1.5e-10]`},
		{`[37.14, 36.18, 0.1, 123456789012345680000]`, `[37.14,36.18,0.1,123456789012345680000]`},
		// Strings: only what must be escaped is.
		{`"<a href=\"x\">&\u00e9\u2028\u001f\n\t\/"`, "\"<a href=\\\"x\\\">&\u00e9\u2028\\u001f\\n\\t/\""},
	}
	for _, tc := range cases {
		got, err := Canonicalize([]byte(tc.in))
		if err != nil {
			t.Fatalf("Canonicalize(%s): %v", tc.in, err)
		}
		if string(got) != tc.want {
			t.Errorf("Canonicalize(%s)\n got %s\nwant %s", tc.in, got, tc.want)
		}
		again, err := Canonicalize(got)
		if err != nil || !bytes.Equal(again, got) {
			t.Errorf("canonical form is not a fixed point: %s -> %s (%v)", got, again, err)
		}
	}
	for _, bad := range []string{`{"a":1,"a":2}`, `[1e400]`, `{"a":1} x`, "\"\xff\"", `{`, ``, `[1,]`} {
		if _, err := Canonicalize([]byte(bad)); err == nil {
			t.Errorf("Canonicalize(%q) accepted invalid input", bad)
		}
	}
}

func TestTilePaths(t *testing.T) {
	cases := []struct {
		tile Tile
		path string
	}{
		{Tile{0, 0, 256}, "tile/0/000"},
		{Tile{0, 1234067, 256}, "tile/0/x001/x234/067"},
		{Tile{2, 5, 17}, "tile/2/005.p/17"},
		{Tile{-1, 0, 3}, "tile/entries/000.p/3"},
		{Tile{-1, 1000, 256}, "tile/entries/x001/000"},
	}
	for _, tc := range cases {
		if got := tc.tile.Path(); got != tc.path {
			t.Errorf("%+v.Path() = %q, want %q", tc.tile, got, tc.path)
		}
		got, err := ParseTilePath(tc.path)
		if err != nil || got != tc.tile {
			t.Errorf("ParseTilePath(%q) = %+v, %v", tc.path, got, err)
		}
	}
	for _, bad := range []string{"tile/0/1", "tile/0/0000", "tile/x/000", "tile/0/001/002", "tile/0/x000/001",
		"tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/007", "tile/64/000", "tile/01/000", "tiles/0/000", "tile/0/"} {
		if _, err := ParseTilePath(bad); err == nil {
			t.Errorf("ParseTilePath(%q) accepted a bad path", bad)
		}
	}
}

func TestBundle(t *testing.T) {
	entries := [][]byte{[]byte(`{"a":1}`), {}, bytes.Repeat([]byte("x"), 300)}
	b, err := MarshalBundle(entries)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseBundle(b)
	if err != nil || len(got) != 3 || !bytes.Equal(got[2], entries[2]) || len(got[1]) != 0 {
		t.Fatalf("round trip: %q %v", got, err)
	}
	if _, err := ParseBundle(b[:len(b)-1]); err == nil {
		t.Error("a truncated bundle was accepted")
	}
	if _, err := MarshalBundle([][]byte{make([]byte, MaxEntrySize+1)}); err == nil {
		t.Error("an oversize entry was bundled")
	}
}

func TestCheckpoint(t *testing.T) {
	skey, vkey, _ := note.GenerateKey(rand.Reader, "truce.invalid/x")
	s, _ := note.NewSigner(skey)
	v, _ := note.NewVerifier(vkey)
	cp := Checkpoint{Origin: "truce.invalid/x", Size: 42, Hash: LeafHash([]byte("x"))}
	msg, err := Sign(cp, s)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := Open(msg, v)
	if err != nil || !got.Equal(cp) {
		t.Fatalf("Open(Sign(cp)) = %+v, %v", got, err)
	}
	// Any changed byte of the body breaks the signature.
	bad := bytes.Replace(msg, []byte("\n42\n"), []byte("\n43\n"), 1)
	if _, _, err := Open(bad, v); err == nil {
		t.Fatal("an altered checkpoint verified")
	}
	// A key for another origin cannot sign it.
	skey2, _, _ := note.GenerateKey(rand.Reader, "other")
	s2, _ := note.NewSigner(skey2)
	if _, err := Sign(cp, s2); err == nil {
		t.Fatal("signed a checkpoint with another origin's key")
	}
	for _, text := range []string{"o\n1\n", "o\n-1\nAAAA\n", "o\n01\n" + strings.Repeat("A", 43) + "=\n", "\n1\n" + strings.Repeat("A", 43) + "=\n", "o\n1\nnot base64\n"} {
		if _, err := ParseCheckpoint([]byte(text)); err == nil {
			t.Errorf("ParseCheckpoint(%q) accepted a bad checkpoint", text)
		}
	}
	if c, err := ParseCheckpoint([]byte("o\n1\n" + strings.Repeat("A", 43) + "=\nextension line\n")); err != nil || c.Size != 1 {
		t.Errorf("an extension line was refused: %v", err)
	}
}

func TestFormatNumberRoundTrips(t *testing.T) {
	for _, f := range []float64{1, 0.5, 1e-6, 1e-7, 123e20, 1e21, 5e-324, 1.7976931348623157e308, 36.2012345678, -179.99999999} {
		s := FormatNumber(f)
		var back float64
		fmt.Sscan(s, &back)
		if back != f {
			t.Errorf("FormatNumber(%v) = %s, reads back as %v", f, s, back)
		}
	}
}

// memLog is a log held in memory, read through the Fetcher interface.
type memLog struct {
	entries [][]byte
	hashes  []Hash
	signer  note.Signer
	mangle  func(t Tile, data []byte) []byte
}

func (m *memLog) append(t *testing.T, es ...[]byte) {
	rows, err := AppendHashes(int64(len(m.entries)), es, tlog.HashReaderFunc(m.read))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Index != int64(len(m.hashes)) {
			t.Fatalf("hash row %d out of order", r.Index)
		}
		m.hashes = append(m.hashes, r.Hash)
	}
	m.entries = append(m.entries, es...)
}

func (m *memLog) read(idx []int64) ([]Hash, error) {
	out := make([]Hash, len(idx))
	for i, x := range idx {
		if x >= int64(len(m.hashes)) {
			return nil, errors.New("no such hash")
		}
		out[i] = m.hashes[x]
	}
	return out, nil
}

func (m *memLog) ReadCheckpoint(context.Context) ([]byte, error) {
	root, err := TreeHash(int64(len(m.entries)), tlog.HashReaderFunc(m.read))
	if err != nil {
		return nil, err
	}
	return Sign(Checkpoint{Origin: m.signer.Name(), Size: int64(len(m.entries)), Hash: root}, m.signer)
}

func (m *memLog) ReadTile(_ context.Context, t Tile) ([]byte, error) {
	var data []byte
	var err error
	if t.IsEntries() {
		start := t.Index * TileWidth
		data, err = MarshalBundle(m.entries[start : start+int64(t.Width)])
	} else {
		data, err = TileData(t, int64(len(m.entries)), tlog.HashReaderFunc(m.read))
	}
	if err == nil && m.mangle != nil {
		data = m.mangle(t, data)
	}
	return data, err
}

func newMemLog(t *testing.T, n int) (*memLog, note.Verifier) {
	skey, vkey, _ := note.GenerateKey(rand.Reader, "truce.invalid/mem")
	s, _ := note.NewSigner(skey)
	v, _ := note.NewVerifier(vkey)
	m := &memLog{signer: s}
	for i := 0; i < n; i += 100 {
		var batch [][]byte
		for j := i; j < min(n, i+100); j++ {
			batch = append(batch, fmt.Appendf(nil, `{"i":%d}`, j))
		}
		m.append(t, batch...)
	}
	return m, v
}

func TestVerify(t *testing.T) {
	ctx := context.Background()
	for _, n := range []int{0, 1, 2, 255, 256, 257, 1000} {
		m, v := newMemLog(t, n)
		var seen int64
		cp, _, err := Verify(ctx, m, v, VerifyOptions{Entry: func(i int64, e []byte) error {
			if i != seen || !bytes.Equal(e, m.entries[i]) {
				return fmt.Errorf("entry %d out of order", i)
			}
			seen++
			return nil
		}})
		if err != nil || cp.Size != int64(n) || seen != int64(n) {
			t.Fatalf("n=%d: %v (size %d, saw %d)", n, err, cp.Size, seen)
		}
		// Without Entry, only the first pass runs: each bundle is read
		// once, and progress reaches the size in pass 1 only.
		var bundles, done int64
		m.mangle = func(t Tile, data []byte) []byte {
			if t.IsEntries() {
				atomic.AddInt64(&bundles, 1)
			}
			return data
		}
		_, _, err = Verify(ctx, m, v, VerifyOptions{Fetches: 3, Progress: func(pass int, d, total int64) {
			if pass != 1 || d < done || total != int64(n) {
				t.Errorf("n=%d: progress %d: %d of %d after %d", n, pass, d, total, done)
			}
			done = d
		}})
		if m.mangle = nil; err != nil || bundles != (int64(n)+255)/256 || done != int64(n) {
			t.Fatalf("n=%d: tree only: %v, %d bundles read, progress %d", n, err, bundles, done)
		}
		// Grow and check consistency with the old checkpoint.
		m.append(t, []byte(`{"more":1}`), []byte(`{"more":2}`))
		if _, _, err := Verify(ctx, m, v, VerifyOptions{Pinned: &cp}); err != nil {
			t.Fatalf("n=%d: consistency after growth: %v", n, err)
		}
	}
}

func TestVerifyFailures(t *testing.T) {
	ctx := context.Background()
	m, v := newMemLog(t, 600)
	pinned, _, err := Verify(ctx, m, v, VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	check := func(name, wantCheck string, wantIndex int64, m *memLog, opts VerifyOptions) {
		t.Helper()
		_, _, err := Verify(ctx, m, v, opts)
		var ve *VerifyError
		if !errors.As(err, &ve) || ve.Check != wantCheck || ve.Index != wantIndex {
			t.Errorf("%s: got %v, want a %s failure at %d", name, err, wantCheck, wantIndex)
		}
	}
	// An entry changed as served.
	m.mangle = func(t Tile, data []byte) []byte {
		if t.IsEntries() && t.Index == 1 {
			return bytes.Replace(data, []byte(`{"i":300}`), []byte(`{"i":301}`), 1)
		}
		return data
	}
	check("altered entry", "inclusion", 300, m, VerifyOptions{})
	// A bundle with an entry missing.
	m.mangle = func(t Tile, data []byte) []byte {
		if t.IsEntries() && t.Index == 2 {
			es, _ := ParseBundle(data)
			out, _ := MarshalBundle(es[1:])
			return out
		}
		return data
	}
	check("short bundle", "inclusion", 512+87, m, VerifyOptions{})
	// A bundle served honestly in the first pass (the tree) and altered
	// in the second (the replay): the entry is refused before it is
	// handed on.
	var reads atomic.Int32
	m.mangle = func(t Tile, data []byte) []byte {
		if t.IsEntries() && t.Index == 1 && reads.Add(1) > 1 {
			return bytes.Replace(data, []byte(`{"i":300}`), []byte(`{"i":301}`), 1)
		}
		return data
	}
	var handed int64
	check("altered in the second pass", "inclusion", 300, m, VerifyOptions{Entry: func(i int64, _ []byte) error {
		handed = i + 1
		return nil
	}})
	if handed != 256 {
		t.Errorf("the second pass handed on %d entries before the altered bundle, want 256", handed)
	}
	m.mangle = nil
	// A checkpoint signed by another key.
	_, other, _ := note.GenerateKey(rand.Reader, "truce.invalid/mem")
	ov, _ := note.NewVerifier(other)
	if _, _, err := Verify(ctx, m, ov, VerifyOptions{}); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Errorf("foreign key: %v", err)
	}
	// A shrunken log.
	small, _ := newMemLog(t, 10)
	small.signer = m.signer
	check("shrunk", "consistency", -1, small, VerifyOptions{Pinned: &pinned})
	// A fork of the same size and of a larger size.
	fork := &memLog{signer: m.signer}
	for i := range 700 {
		fork.append(t, fmt.Appendf(nil, `{"fork":%d}`, i))
	}
	check("fork", "consistency", -1, fork, VerifyOptions{Pinned: &pinned})
	// The entry callback's refusal names the entry.
	check("entry refused", "entry", 7, m, VerifyOptions{Entry: func(i int64, _ []byte) error {
		if i == 7 {
			return errors.New("bad")
		}
		return nil
	}})
}

func TestInclusionProof(t *testing.T) {
	m, _ := newMemLog(t, 1000)
	r := tlog.HashReaderFunc(m.read)
	root, _ := TreeHash(1000, r)
	for _, i := range []int64{0, 1, 255, 256, 999} {
		p, err := InclusionProof(1000, i, r)
		if err != nil {
			t.Fatal(err)
		}
		if err := tlog.CheckRecord(p, 1000, root, i, LeafHash(m.entries[i])); err != nil {
			t.Errorf("entry %d: %v", i, err)
		}
	}
	p, _ := ConsistencyProof(1000, 300, r)
	old, _ := TreeHash(300, r)
	if err := tlog.CheckTree(p, 1000, root, 300, old); err != nil {
		t.Error(err)
	}
}

func TestPayloadRef(t *testing.T) {
	data := []byte(`{"type":"Point","coordinates":[37.16,36.2]}`)
	ref := PayloadRef(data)
	if err := CheckPayload(ref, data); err != nil {
		t.Fatal(err)
	}
	if err := CheckPayload(ref, append([]byte(nil), data[:len(data)-1]...)); err == nil {
		t.Fatal("a truncated payload passes its check")
	}
	if p, err := PayloadPath(ref); err != nil || p != "payload/"+ref[len("sha256:"):] {
		t.Fatalf("PayloadPath = %q, %v", p, err)
	}
	for _, bad := range []string{"", "sha256:", "sha1:" + ref[7:], strings.ToUpper(ref), ref + "0", ref[:len(ref)-1] + "g", "sha256:../../etc/passwd"} {
		if _, err := ParsePayloadRef(bad); err == nil {
			t.Errorf("ParsePayloadRef(%q) accepted", bad)
		}
		if err := CheckPayload(bad, data); err == nil {
			t.Errorf("CheckPayload(%q) accepted", bad)
		}
	}
}
