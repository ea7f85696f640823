package ingest

import (
	"testing"
)

// Rules of the thirty-first pass, from the place errors of batches
// 22–39 counted by cause across all of them (BENCHMARKS.md). Each test
// fails without its rule; the sentences are written for these tests.

// A report that names Kursk region and "Gorodishche" means the village
// of Kursk region, not a larger town of the name in another region.
func TestHomonymInTheNamedRegion(t *testing.T) {
	x := testExtractor(t, "951\tGorodishche\tRU\t49\tPPL\t20000\t53.27\t45.70\t\t\n"+
		"952\tGorodishche\tRU\t41\tPPL\t300\t51.61\t35.05\t\t\n"+
		"region:RU.41\tKursk Oblast\tRU\t41\tADM1\t0\t51.7\t36.2\tKursk region\t\n"+
		"country:RU\tRussia\tRU\t\tPCLI\t0\t61.5\t99.0\t\tRussian\n")
	ev, place := oneEvent(t, x, "2024-05-19", "A Ukrainian drone struck a car in the village of Gorodishche in Russia's Kursk region on Saturday, killing a man, the governor said.")
	if place != "Gorodishche" || ev.Place.Place.Admin1 != "41" {
		t.Errorf("placed at %s (admin1 %v); want the Gorodishche of Kursk region", place, ev.Place)
	}
}

// "in a suicide bomb  attack allegedly carried out by Boko Haram": runs
// of spaces in a pasted text are read as one, so the rules that expect
// one space between words still read the act and its maker.
func TestSpacesRunsReadAsOne(t *testing.T) {
	a, err := ParseText([]byte("Published: 2017-08-06\n\nNews\n\nTwelve people were killed on Saturday in a suicide bomb  attack  carried out by Boko Haram militants.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Twelve people were killed on Saturday in a suicide bomb attack carried out by Boko Haram militants."; a.Text != want {
		t.Errorf("text %q, want %q", a.Text, want)
	}
}
