package core

import (
	"testing"

	"github.com/truce-center/truce/conflict"
)

// TestSameCandidate: a check begun for a candidate answers only for the
// same check: the same volumes (by their slice), kind, party, identity
// and separations.
func TestSameCandidate(t *testing.T) {
	vols := []conflict.Volume{{}, {}}
	a := conflict.Candidate{ID: "", Kind: "flight", Party: "pty_1", Volumes: vols, SeparationHorizontalM: 5000, SeparationVerticalM: 300}
	if b := a; !sameCandidate(&a, &b) {
		t.Fatal("a copy is not the same candidate")
	}
	for name, change := range map[string]func(c *conflict.Candidate){
		"separation":          func(c *conflict.Candidate) { c.SeparationHorizontalM = 8000 },
		"vertical separation": func(c *conflict.Candidate) { c.SeparationVerticalM = 0 },
		"kind":                func(c *conflict.Candidate) { c.Kind = "strike" },
		"party":               func(c *conflict.Candidate) { c.Party = "pty_2" },
		"id":                  func(c *conflict.Candidate) { c.ID = "ntf_3" },
		"volumes":             func(c *conflict.Candidate) { c.Volumes = append([]conflict.Volume(nil), vols...) },
		"fewer volumes":       func(c *conflict.Candidate) { c.Volumes = vols[:1] },
		"precise":             func(c *conflict.Candidate) { c.Precise = func(*conflict.Object) bool { return true } },
		"no exact":            func(c *conflict.Candidate) { c.NoExact = true },
	} {
		b := a
		change(&b)
		if sameCandidate(&a, &b) {
			t.Errorf("another %s is the same candidate", name)
		}
	}
	var none *precheck
	if _, ok := none.answer(nil, a); ok {
		t.Error("no precheck answered")
	}
}
