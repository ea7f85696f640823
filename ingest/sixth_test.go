package ingest

import "testing"

// Rules of the sixth pass, from the places and perpetrators the real
// batches 5-7 got wrong, counted by cause (BENCHMARKS.md): each case
// fails without its rule.

// A region known by a name that is no first-level region (Nagorno-
// Karabakh) is a place of the committed list.
func TestNamedRegionsNotInGeoNames(t *testing.T) {
	x := testExtractor(t, "")
	for _, text := range []string{
		"Heavy fighting broke out in Nagorno-Karabakh on Sunday, killing 12 soldiers.",
		"Azerbaijan launched an attack in a southern area of the Karabakh front line on Sunday, killing 12 soldiers.",
	} {
		if _, place := oneEvent(t, x, "2020-10-18", text); place != "Nagorno-Karabakh" {
			t.Errorf("%q: placed in %q, want Nagorno-Karabakh", text, place)
		}
	}
}

// The report's first words say who acted, the next what came of it: an
// act of violence whose sentence names no perpetrator takes the one the
// sentence before names, when that sentence coded no event of its own;
// blame there counts first; a generic term, a target, a truce's broker
// or a speaker there is no perpetrator.
func TestPerpetratorOfTheSentenceBefore(t *testing.T) {
	tsv := "1\tIdlib\tSY\t08\tPPLA\t160000\t35.93\t36.63\t\t\n"
	x := testExtractor(t, tsv)
	checkActor1(t, x, "2020-03-24", []actorCase{
		{"Syrian regime forces struck villages and towns across Idlib late Monday night, local sources said. Farmland in six villages near Idlib burned after two rounds of shelling on Monday.", "Military Forces of Syria"},
		{"The RSF, for its part, accused the Sudanese army of violating the truce on Thursday. \"Our posts came under indiscriminate artillery bombardment on Thursday,\" the RSF said.", "Military Forces of Sudan"},
		// Not from a target, a broker, a speaker or a generic term.
		{"The militia have committed acts of violence against government forces since the truce. Farmland near Idlib burned after two rounds of shelling on Monday.", ""},
		{"A truce was brokered by Russia and Turkey earlier this month. Farmland near Idlib burned after two rounds of shelling on Monday.", ""},
		{"The Russian defence ministry said on Monday that the truce held. Farmland near Idlib burned after two rounds of shelling on Monday.", ""},
		{"Troops were seen near the town on Sunday. Farmland near Idlib burned after two rounds of shelling on Monday.", ""},
	})
}
