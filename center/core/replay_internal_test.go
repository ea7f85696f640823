package core

import (
	"slices"
	"strings"
	"testing"
)

// TestOpeningsNamed: the keys a replay reads ahead are the entry's
// commitments, and the public payloads its "…_ref" members address;
// anything shaped otherwise is not read.
func TestOpeningsNamed(t *testing.T) {
	h := func(c string) string { return "sha256:" + strings.Repeat(c, 64) }
	raw := `{"body":{"sealed":"` + h("a") + `","geometry_ref":"` + h("b") + `","notes":"sha256:` + strings.Repeat("c", 63) + `","x":"` + h("g") + `","y":"` + h("d") + `x"},"last":"` + h("e") + `"}`
	got := openingsNamed([]byte(raw))
	want := []string{h("a"), "public:" + h("b"), h("e")}
	if !slices.Equal(got, want) {
		t.Fatalf("openings named:\n%q\nwant\n%q", got, want)
	}
	if got := openingsNamed([]byte(`"sha256:` + strings.Repeat("f", 64))); got != nil {
		t.Fatalf("an unterminated commitment was read: %q", got)
	}
}
