package ingest

import (
	"testing"

	"github.com/truce-center/truce"
)

// Rules of the twelfth pass, from the thirteenth real batch's errors
// counted by cause (BENCHMARKS.md, "Eleventh pass"): each case fails
// without its rule. The sentences are written for these tests.

const twelfthTSV = "1\tMisrata\tLY\t35\tPPLA\t400000\t32.38\t15.09\t\t\n" +
	"2\tSirte\tLY\t40\tPPLA\t80000\t31.21\t16.59\t\t\n" +
	"3\tBeni\tCD\t11\tPPL\t230000\t0.49\t29.47\t\t\n" +
	"4\tRafah\tPS\t00\tPPLA\t170000\t31.30\t34.25\t\t\n" +
	"5\tAleppo\tSY\t09\tPPLA\t2000000\t36.20\t37.16\t\t\n" +
	"country:LY\tLibya\tLY\t\tPCLI\t0\t27.0\t17.0\t\tLibyan\n" +
	"country:IL\tIsrael\tIL\t\tPCLI\t0\t31.5\t34.8\t\tIsraeli\n" +
	"country:PS\tPalestine\tPS\t\tPCLI\t0\t31.9\t35.2\t\tPalestinian\n" +
	"country:RU\tRussia\tRU\t\tPCLI\t0\t60.0\t100.0\t\tRussian\n"

// Rockets that "rained down on" a town or "also targeted" a place are
// fire from the ground, as rockets that hit or fell are.
func TestRocketsRainedAndTargeted(t *testing.T) {
	wantKind(t, "2020-05-06", truce.Shelling,
		"Three people were hurt on Tuesday when rockets rained down on Misrata, the city council said.",
		"On Tuesday several rockets also targeted the port of Sirte, officials said.")
}

// "hit by Israeli strikes", "killed in Russian strikes": strikes of a
// side named by its adjective are air strikes; a workers' strike is not
// one.
func TestStrikesOfANamedSide(t *testing.T) {
	wantKind(t, "2016-10-12", truce.AirDroneStrike,
		"A school sheltering families in Rafah was hit by Israeli strikes on Thursday night, rescuers said.",
		"Nine people were killed in Russian strikes on Aleppo on Tuesday, a monitor said.")
	x := testExtractor(t, twelfthTSV)
	if evs := events(t, x, "2024-03-08", "Deliveries to Rafah were hit by strikes at the port on Thursday, traders said."); len(evs) != 0 {
		t.Errorf("a workers' strike: got %+v, want no event", evs)
	}
}

// "killed in an earlier attack on the village of X": people killed in
// an attack on a village are an attack, whatever word comes before it.
func TestKilledInAnAttackOnAVillage(t *testing.T) {
	x := testExtractor(t, twelfthTSV)
	ev, _ := oneEvent(t, x, "2021-02-15", "Six farmers were killed in a night attack on the village of Beni on Saturday, the mayor said.")
	if ev.SubEventType != truce.Attack || ev.Fatalities != 6 {
		t.Errorf("got %s killing %d, want an attack killing six", ev.SubEventType, ev.Fatalities)
	}
}

// "a campaign to take control of the city" is an aim; "managed to take
// control of" tells a capture.
func TestAimToTakeControl(t *testing.T) {
	x := testExtractor(t, twelfthTSV)
	if evs := events(t, x, "2020-05-06", "The council blamed the attack on forces that have been waging a campaign to take control of Misrata since last year."); len(evs) != 0 {
		t.Errorf("an aim: got %+v, want no event", evs)
	}
	if ev, _ := oneEvent(t, x, "2020-05-06", "On Tuesday the rebels managed to take control of Sirte after two days of fighting."); ev.SubEventType != truce.NonStateOvertakesTerritory {
		t.Errorf("got %s, want the capture of Sirte", ev.SubEventType)
	}
}

// An act "renewed" the next day is another act, not the one told before
// it at the same place.
func TestRenewedFireIsAnotherAct(t *testing.T) {
	x := testExtractor(t, twelfthTSV)
	checkCounts(t, x, "2020-05-10", []countCase{{"Rockets hit the port of Misrata on Saturday, officials said. " +
		"Dock workers were sent home. The port came under renewed rocket fire on Sunday morning.", 2}})
}

// The first day of a period ("since April") dates nothing told after
// it: an act with no day of its own takes the day told before.
func TestPeriodStartDatesNothing(t *testing.T) {
	x := testExtractor(t, twelfthTSV)
	evs := events(t, x, "2020-05-10", "At least two people were killed when rockets hit Misrata, the council said. "+
		"It blamed Saturday's attack on forces that have besieged the city since April last year. "+
		"The city's hospital asked for blood. "+
		"Dozens of rockets also hit the port of Sirte, the council added.")
	if len(evs) != 2 || evs[1].Date == nil || evs[1].Date.Date.Format("2006-01-02") != "2020-05-09" {
		t.Errorf("got %+v, want two events, the second on 2020-05-09", evs)
	}
}

// wantKind checks that each text, published on day, tells one event of
// the sub-event type sub.
func wantKind(t *testing.T, day, sub string, texts ...string) {
	t.Helper()
	x := testExtractor(t, twelfthTSV)
	for _, s := range texts {
		if ev, _ := oneEvent(t, x, day, s); ev.SubEventType != sub {
			t.Errorf("%q: got %s, want %s", s, ev.SubEventType, sub)
		}
	}
}

// "The bombing caused a fire" after an air strike names that strike: a
// bare act noun with "the" is the act told before of the same event
// type, whatever its weapon.
func TestTheBombingIsTheStrikeToldBefore(t *testing.T) {
	x := testExtractor(t, twelfthTSV)
	checkCounts(t, x, "2024-03-05", []countCase{{"Warplanes struck the market in Rafah on Monday, killing five people, medics said. " +
		"Rescuers worked through the night. Families waited at the hospital. " +
		"The bombing started a large fire in the village.", 1}})
}

// "the shelling was followed by airstrikes that hit areas west of X":
// a reference back to the act told before does not hide the new act of
// another kind the same sentence goes on to tell, placed by the town its
// direction is given from.
func TestReferenceBackThenAnotherAct(t *testing.T) {
	x := testExtractor(t, twelfthTSV)
	evs := events(t, x, "2016-10-12", "Shelling killed three people in Aleppo on Tuesday, a monitor said. "+
		"The monitor said the shelling was followed by air strikes by warplanes that hit areas east of Aleppo.")
	if len(evs) != 2 || evs[1].SubEventType != truce.AirDroneStrike || evs[1].Place == nil || evs[1].Place.Place.Name != "Aleppo" {
		t.Errorf("got %+v, want the shelling, then an air strike near Aleppo", evs)
	}
}

// Background told of earlier days is no news: an act called "recent",
// and "those strikes" that go on about acts told before.
func TestEarlierAndRecentActs(t *testing.T) {
	x := testExtractor(t, twelfthTSV)
	checkCounts(t, x, "2025-05-20", []countCase{
		{"The army has also carried out attacks, including a recent strike on the airport of Misrata.", 0},
		{"Drones struck Misrata on Sunday, killing two. Officials recalled the raids on Sirte in March. " +
			"Those strikes hit the port and a power plant.", 1},
	})
}

// "the GNA statement added": whose statement speaks is a source, not
// the maker of the act it reports.
func TestWhoseStatementSpeaks(t *testing.T) {
	checkActor1(t, testExtractor(t, twelfthTSV), "2020-05-10", []actorCase{
		{"Dozens of rockets also hit the port of Sirte on Saturday, the GNA statement added.", ""},
	})
}
