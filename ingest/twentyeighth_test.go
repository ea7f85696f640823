package ingest

import (
	"testing"
)

// Rules of the twenty-eighth pass, from the errors of the thirtieth and
// thirty-first real batches counted by cause (BENCHMARKS.md). Each test
// fails without its rule; the sentences are written for these tests.

// "Somali's state news agency said": the demonym of the article's own
// country is no place abroad that shares its name.
func TestDemonymIsNoPlaceAbroad(t *testing.T) {
	x := NewExtractor(fullGazetteer(t), DefaultActors())
	text := "Mortar shells killed four civilians in Mogadishu, Somalia, on Thursday, police said. " +
		"On its website, Somali's state news agency said mortar shells had killed two men in a separate attack on Thursday. " +
		"Ethiopia has troops in the country."
	for _, ev := range events(t, x, "2021-03-26", text) {
		if ev.Place != nil && ev.Place.Place.Country == "ET" {
			t.Errorf("an act placed at %s, Ethiopia, from the demonym %q", ev.Place.Place.Name, ev.Place.Text)
		}
	}
}
