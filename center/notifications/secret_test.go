package notifications

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/internal/strictjson"
	"github.com/truce-center/truce/ledger"
)

// TestSecretSealedByHand: a strike's secret is written by hand with the
// bytes of encoding/json's road (ledger.Canonical checks it under test,
// and so does this), and its conflicts are read back by hand into the
// list a strict decoder gives, and read strictly when they are not in
// that form.
func TestSecretSealedByHand(t *testing.T) {
	at := truce.InstantOf(time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC))
	w := truce.Window{Start: at, End: truce.InstantOf(at.Time().Add(time.Hour))}
	cs := []truce.Conflict{
		{Rule: "strike-near-protected-site", With: truce.ConflictWith{Type: "site", ID: "sit_7", Name: "Al-Shifa \"main\" <gate>", Category: "hospital", Party: "pty_2"}, Overlap: w},
		{Rule: "flight-separation", With: truce.ConflictWith{Type: "notification", ID: "ntf_12", Kind: "flight", Party: "pty_3"}, Volume: 1, Overlap: w},
	}
	vol := truce.Volume{Geometry: truce.NewGeoJSON([]byte(`{"type":"Point","coordinates":[36.2,37.1]}`)), RadiusM: 500, Start: at, End: w.End}
	for _, title := range []string{"", "Strike on grid 7 & 8 — \u2028 <b>"} {
		s := notificationSecret{Title: title, Volumes: []truce.Volume{vol}, Conflicts: sealedConflicts{truce.NewConflictList(cs)}}
		got, ok := s.AppendCanonical(nil)
		if !ok {
			t.Fatalf("%q: not written by hand", title)
		}
		raw, err := ledger.Canonical(struct {
			Title     string           `json:"title,omitempty"`
			Volumes   []truce.Volume   `json:"volumes"`
			Conflicts []truce.Conflict `json:"conflicts"`
		}{title, s.Volumes, cs})
		if err != nil || string(got) != string(raw) {
			t.Fatalf("%q: written as\n%s\nwant\n%s (%v)", title, got, raw, err)
		}
		var back notificationSecret
		if err := strictjson.Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back.Conflicts.ConflictList, truce.NewConflictList(cs)) || back.Title != title {
			t.Fatalf("read back as %#v", back)
		}
		var byHand notificationSecret
		if !byHand.ReadCanonical(got) {
			t.Fatalf("%q: not read by hand", title)
		}
		if !reflect.DeepEqual(byHand, back) {
			t.Fatalf("read by hand as %#v\nstrictly as %#v", byHand, back)
		}
	}
	var back notificationSecret
	err := strictjson.Unmarshal([]byte(`{"volumes":[],"conflicts":[{"rule":"r","with":{"type":"site"},"volume":0,"overlap":{"start":"2026-12-03T16:00:00Z","end":"2026-12-03T17:00:00Z"},"colour":"red"}]}`), &back)
	if err == nil {
		t.Error("a conflict with a field it does not have was read")
	}
	if err := strictjson.Unmarshal([]byte(`{"volumes":[],"conflicts":null}`), &back); err != nil || back.Conflicts.Len() != 0 || back.Conflicts.Slice() != nil {
		t.Errorf("null conflicts: %v, %#v", err, back.Conflicts)
	}
}

// FuzzSecretReadCanonical: whatever the bytes, a secret read by hand is
// one the strict decoder reads, and as the same value.
func FuzzSecretReadCanonical(f *testing.F) {
	for _, seed := range []string{
		`{"conflicts":[],"volumes":[]}`,
		`{"conflicts":null,"title":"t","volumes":null}`,
		`{"conflicts":[{"overlap":{"end":"2026-12-03T17:00:00Z","start":"2026-12-03T16:00:00Z"},"rule":"flight-separation","volume":1,"with":{"area":{"coordinates":[36.2,37.1],"type":"Point"},"area_buffer_m":1500.5,"kind":"flight","party":"pty_3","type":"notification"}}],"title":"a \"b\"","volumes":[{"altitude":{"max_m":0,"min_m":0},"end":"2026-12-03T17:00:00Z","geometry":{"coordinates":[36.2,37.1],"type":"Point"},"radius_m":500,"start":"2026-12-03T16:00:00Z"}]}`,
		`{"conflicts":[],"conflicts":[],"volumes":[]}`,
		`{"conflicts":[],"Conflicts":null,"volumes":[]}`,
		`{"conflicts":[],"volumes":[],"colour":1}`,
		`{"conflicts":[]}`,
		`{"conflicts":[],}`,
		`{"conflicts":[],"volumes":[]} x`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var byHand notificationSecret
		if !byHand.ReadCanonical(data) {
			return
		}
		var strict notificationSecret
		if err := strictjson.Unmarshal(data, &strict); err != nil {
			t.Fatalf("read by hand, refused strictly: %v", err)
		}
		if !reflect.DeepEqual(byHand, strict) {
			t.Fatalf("read by hand as %#v\nstrictly as %#v", byHand, strict)
		}
	})
}

// TestAppliedSecretPassesOverConflicts: what a center applying a
// notification reads of its opening (appliedSecret) is the title and
// volumes the whole secret holds, the conflicts passed over by their
// brackets and strings alone; and what is not one closed array is
// refused, there and by the strict decoder.
func TestAppliedSecretPassesOverConflicts(t *testing.T) {
	at := truce.InstantOf(time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC))
	w := truce.Window{Start: at, End: truce.InstantOf(at.Time().Add(time.Hour))}
	cs := []truce.Conflict{
		{Rule: "strike-near-protected-site", With: truce.ConflictWith{Type: "site", ID: "sit_7", Name: `a ]} "quoted" \ [{ name`, Category: "hospital", Party: "pty_2"}, Overlap: w},
		{Rule: "flight-separation", With: truce.ConflictWith{Type: "notification", ID: "ntf_12", Kind: "flight", Party: "pty_3", Area: json.RawMessage(`{"coordinates":[[[36,37],[36.1,37],[36.1,37.1],[36,37]]],"type":"Polygon"}`)}, Volume: 1, Overlap: w},
	}
	vol := truce.Volume{Geometry: truce.NewGeoJSON([]byte(`{"type":"Point","coordinates":[36.2,37.1]}`)), RadiusM: 500, Start: at, End: w.End}
	for _, l := range [][]truce.Conflict{nil, cs} {
		for _, title := range []string{"", `Strike ] on "grid" 7`} {
			whole := notificationSecret{Title: title, Volumes: []truce.Volume{vol}, Conflicts: sealedConflicts{truce.NewConflictList(l)}}
			b, ok := whole.AppendCanonical(nil)
			if !ok {
				t.Fatal("not written by hand")
			}
			var byHand, strict appliedSecret
			if !byHand.ReadCanonical(b) {
				t.Fatalf("%s: not read by hand", b)
			}
			var back notificationSecret
			if err := errors.Join(strictjson.Unmarshal(b, &strict), strictjson.Unmarshal(b, &back)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(byHand, strict) || byHand.Title != title || !reflect.DeepEqual(byHand.Volumes, back.Volumes) {
				t.Fatalf("%s: read by hand as %#v\nstrictly as %#v", b, byHand, strict)
			}
		}
	}
	for _, bad := range []string{
		`{"conflicts":[{"a":"]"},"volumes":[]}`,
		`{"conflicts":[{"a":"\"]"}],"volumes":[]`,
		`{"conflicts":[{]},"volumes":[]}`,
		`{"conflicts":[}],"volumes":[]}`,
		`{"conflicts":{},"volumes":[]}`,
		`{"conflicts":[],"volumes":[],"colour":1}`,
		`{"conflicts":[],"conflicts":[],"volumes":[]}`,
		`{"conflicts":[]}`,
		`{"conflicts":[` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `],"volumes":[]}`,
	} {
		var s appliedSecret
		if s.ReadCanonical([]byte(bad)) {
			t.Errorf("%s: read by hand", bad)
		}
	}
}

// FuzzAppliedSecret: whatever the bytes, a secret whose conflicts were
// passed over is, when the bytes are JSON, what the strict decoder
// reads; and every secret read whole by hand is read so too.
func FuzzAppliedSecret(f *testing.F) {
	for _, seed := range []string{
		`{"conflicts":[],"volumes":[]}`,
		`{"conflicts":null,"title":"t","volumes":null}`,
		`{"conflicts":[{"a":"]}\"["}],"title":"x","volumes":[]}`,
		`{"conflicts":[[[{}]]],"volumes":[]}`,
		`{"conflicts":[{]},"volumes":[]}`,
		`{"conflicts":[],"volumes":[],"colour":1}`,
		`{"conflicts":[` + "\"\\\\\"" + `],"volumes":[]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var passed appliedSecret
		read := passed.ReadCanonical(data)
		var whole notificationSecret
		if whole.ReadCanonical(data) && (!read || passed.Title != whole.Title || !reflect.DeepEqual(passed.Volumes, whole.Volumes)) {
			t.Fatalf("read whole as %#v, passing over the conflicts as %#v (%v)", whole, passed, read)
		}
		if !read || !json.Valid(data) {
			return
		}
		var strict appliedSecret
		if err := strictjson.Unmarshal(data, &strict); err != nil {
			t.Fatalf("read by hand, refused strictly: %v", err)
		}
		if !reflect.DeepEqual(passed, strict) {
			t.Fatalf("read by hand as %#v\nstrictly as %#v", passed, strict)
		}
	})
}

// BenchmarkSecretApplied reads the opening of a strike that met 46
// objects (what one meets at a million objects of the benchmark mix) as
// the center applying it did before (whole: its conflicts read by hand)
// and does now (its conflicts passed over).
func BenchmarkSecretApplied(b *testing.B) {
	at := truce.InstantOf(time.Date(2026, 12, 17, 6, 48, 0, 0, time.UTC))
	w := truce.Window{Start: at, End: truce.InstantOf(at.Time().Add(92 * time.Minute))}
	cs := make([]truce.Conflict, 46)
	for i := range cs {
		cs[i] = truce.Conflict{Rule: "strike-near-protected-site", Overlap: w,
			With: truce.ConflictWith{Type: "site", ID: fmt.Sprintf("sit_%d", 120000+i*977), Name: fmt.Sprintf("site o%07d", 118000+i*953), Category: "hospital", Party: "pty_1"}}
	}
	vol := truce.Volume{Geometry: truce.NewGeoJSON([]byte(`{"coordinates":[36.2,37.1],"type":"Point"}`)), RadiusM: 500, Start: at, End: w.End}
	value, ok := notificationSecret{Title: "strike", Volumes: []truce.Volume{vol}, Conflicts: sealedConflicts{truce.NewConflictList(cs)}}.AppendCanonical(nil)
	if !ok {
		b.Fatal("not written by hand")
	}
	b.Run("whole", func(b *testing.B) {
		b.SetBytes(int64(len(value)))
		for b.Loop() {
			var s notificationSecret
			if !s.ReadCanonical(value) {
				b.Fatal("not read")
			}
		}
	})
	b.Run("applied", func(b *testing.B) {
		b.SetBytes(int64(len(value)))
		for b.Loop() {
			var s appliedSecret
			if !s.ReadCanonical(value) {
				b.Fatal("not read")
			}
		}
	})
}
