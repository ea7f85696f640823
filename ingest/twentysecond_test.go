package ingest

import (
	"testing"
)

// Rules of the twenty-second pass, from the errors of the twenty-fourth
// real batch counted by cause (BENCHMARKS.md). Each case fails without
// its rule; the sentences are written for these tests.

const twentysecondTSV = "1\tKanam\tNG\t49\tPPLA2\t0\t9.55\t9.80\t\t\n" +
	"2\tJos\tNG\t49\tPPLA\t800000\t9.93\t8.89\t\t\n" +
	"3\tPobè\tBJ\t17\tPPLA\t50000\t7.08\t2.67\tPobe\t\n" +
	"region:BJ.PL\tPlateau Department\tBJ\t17\tADM1\t0\t6.93\t2.66\tPlateau|Plateau state|Plateau region\t\n" +
	"region:NG.PL\tPlateau\tNG\t49\tADM1\t0\t9.35\t9.31\tPlateau state|Plateau region\t\n" +
	"country:NG\tNigeria\tNG\t\tPCLI\t0\t10.0\t8.0\t\tNigerian\n" +
	"country:BJ\tBenin\tBJ\t\tPCLI\t0\t9.5\t2.25\t\tBeninese\n"

// "Plateau State" is Nigeria's state and, by the word the gazetteer
// adds to every region, Benin's Plateau department too: a name that
// regions of two countries share says nothing of the article's country,
// and the Nigerian town named beside it decides. The town named before
// "Local Government Area" is the area's seat, and places the act.
func TestStateOfTheArticlesCountry(t *testing.T) {
	x := testExtractor(t, twentysecondTSV)
	ev := onlyEvent(t, x, "2023-05-16", "Gunmen on Monday attacked a farming village in Kanam Local Government Area of Plateau State, killing six people, the police said.")
	if ev.Place == nil || ev.Place.Place.Name != "Kanam" {
		t.Fatalf("placed at %+v, want Kanam, the area's seat", ev.Place)
	}
	ex := x.Extract(Article{Title: "Attack in Plateau", Published: day(2023, 5, 16), Text: "Gunmen attacked a village of Plateau State on Monday, killing six people, the police said. The police spokesman in Jos said officers were sent to the area."})
	if len(ex.Countries) == 0 || ex.Countries[0] != "NG" {
		t.Fatalf("countries %v, want Nigeria first", ex.Countries)
	}
	for _, p := range ex.Places {
		if p.Text == "Plateau State" && p.Place.Country != "NG" {
			t.Errorf("Plateau State placed in %s, want Nigeria's state", p.Place.Country)
		}
	}
}
