package ingest

import (
	"testing"
)

// Rules of the thirty-second pass, from the place errors of batches
// 22–43 counted by cause across all of them (BENCHMARKS.md): places the
// gazetteer lists that the extractor did not choose, villages it lacks
// placed by the town named with them. Each test fails without its rule;
// the sentences are written for these tests.

const thirtysecondTSV = "country:UA\tUkraine\tUA\t\tPCLI\t0\t49.0\t32.0\t\tUkrainian\n" +
	"country:RU\tRussia\tRU\t\tPCLI\t0\t61.5\t99.0\t\tRussian\n" +
	"region:UA.48\tMykolaiv Oblast\tUA\t48\tADM1\t0\t47.3\t31.9\tMykolaiv region\t\n" +
	"3201\tMykolaiv\tUA\t48\tPPLA\t480000\t46.97\t32.00\t\t\n" +
	"3202\tTernivka\tUA\t48\tPPL\t900\t46.81\t31.60\t\t\n"

// A description of the act just told, with a definite subject ("The
// occupiers shelled the village of Ternivka"), names the town of an act
// the lede placed only in its region; and the place where a speaker
// holds office ("the head of the Mykolaiv regional administration")
// is not a place of the sentence's own, so the toll it gives is the
// lede's act's, not a second act's at the speaker's city.
func TestDescriptionNamesTheTown(t *testing.T) {
	x := testExtractor(t, thirtysecondTSV)
	checkPlaces(t, x, "2024-05-13", []placeCase{
		{"Russian forces shelled a village in Mykolaiv region on Sunday. " +
			"According to the head of the Mykolaiv regional administration, two people were killed. " +
			"The occupiers shelled the village of Ternivka of the Shevchenkove community.", "Ternivka"},
		{"Russian forces shelled a village in Mykolaiv region on Sunday. " +
			"The occupiers shelled the village of Ternivka.", "Ternivka"},
	})
}
