package ingest

import (
	"testing"
)

// Rules of the thirtieth pass, from the errors of the thirty-fourth and
// thirty-fifth real batches counted by cause (BENCHMARKS.md). Each test
// fails without its rule; the sentences are written for these tests.

// "at Tchoukou Telia, an island 190 kilometres northwest of the capital
// N'Djamena": the town a distance of more than 25 km is measured from is
// not where the act happened; "5 km from Bol" still places it near Bol.
func TestDistanceMeasuredFrom(t *testing.T) {
	x := testExtractor(t, "941\tN'Djamena\tTD\t08\tPPLC\t900000\t12.11\t15.04\t\t\n"+
		"942\tBol\tTD\t07\tPPLA\t12000\t13.46\t14.71\t\t\n"+
		"country:TD\tChad\tTD\t\tPCLI\t0\t15.0\t19.0\t\tChadian\n")
	checkPlaces(t, x, "2021-08-05", []placeCase{
		{"Jihadists attacked an army post on Wednesday at an island 190 kilometres (120 miles) northwest of the capital N'Djamena, killing 26 soldiers.", "-"},
		{"Jihadists attacked an army post on Wednesday 5 km from Bol, killing 26 soldiers.", "Bol"},
	})
}

// "in the southwestern state of Guerrero": the state, not a town of the
// name in another state; "the southern region of Kherson" keeps the city
// of Kherson, which is in that region.
func TestStateOfNamesTheState(t *testing.T) {
	x := testExtractor(t, "943\tGuerrero\tMX\t06\tPPL\t5000\t28.55\t-107.48\t\t\n"+
		"region:MX.12\tGuerrero\tMX\t12\tADM1\t0\t17.6\t-99.9\t\t\n"+
		"944\tChilpancingo\tMX\t12\tPPLA\t190000\t17.55\t-99.50\t\t\n"+
		"country:MX\tMexico\tMX\t\tPCLI\t0\t23.0\t-102.0\t\tMexican\n")
	ev, _ := oneEvent(t, x, "2022-10-06", "Gunmen killed 18 people on Wednesday at a town hall in the southwestern state of Guerrero, Mexico, authorities said.")
	if ev.Place == nil || ev.Place.Place.Kind != KindRegion {
		t.Errorf("placed at %v; want the state of Guerrero", ev.Place)
	}
}
