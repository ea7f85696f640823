package ingest

import (
	"testing"
)

// Rules of the seventh pass, from the extra events, places and
// perpetrators of the eighth real batch, counted by cause
// (BENCHMARKS.md): each case fails without its rule.

// The day a truce began dates the truce, not the violence told around
// it: a retelling after "the truce that came into effect on April 2" is
// the attack of the lede, and "clashes have continued" since a
// ceasefire declared on a day is the war spoken of. The day a truce was
// broken is the violation's, and an agreement keeps its own day.
func TestTruceDayDatesNoViolence(t *testing.T) {
	tsv := "1\tTaiz\tYE\t25\tPPLA\t615000\t13.58\t44.02\t\t\n"
	x := testExtractor(t, tsv)
	for _, c := range []struct {
		text  string
		dates []string // of the events, in order
	}{
		{"Rebel artillery shelled houses in Taiz on Saturday, killing a boy. Residents say the truce that came into effect on April 2 has brought them nothing. The latest rebel mortar attack angered the city.", []string{"2022-07-23"}},
		{"Despite a ceasefire declared on April 2, clashes have continued between the army and rebel militias.", nil},
		{"Rebel gunmen violated the truce on Saturday when they shelled Taiz.", []string{"2022-07-23"}},
		{"The two sides agreed to a ceasefire on Saturday.", []string{"2022-07-23"}},
	} {
		evs := events(t, x, "2022-07-25", c.text)
		var got []string
		for _, ev := range evs {
			d := "-"
			if ev.Date != nil {
				d = ev.Date.Label()
			}
			got = append(got, d)
		}
		if len(got) != len(c.dates) {
			t.Errorf("%q: events dated %v, want %v", c.text, got, c.dates)
			continue
		}
		for k := range got {
			if got[k] != c.dates[k] {
				t.Errorf("%q: events dated %v, want %v", c.text, got, c.dates)
				break
			}
		}
	}
}

// A day more than two weeks before the report is background told for
// context, not its news; two weeks before still counts.
func TestLongPastDayIsBackground(t *testing.T) {
	tsv := "1\tTaiz\tYE\t25\tPPLA\t615000\t13.58\t44.02\t\t\n"
	x := testExtractor(t, tsv)
	for _, c := range []struct {
		text string
		n    int
	}{
		{"Rebel mortars hit houses in Taiz on Saturday, wounding two. The rebels launched a large attack on army positions with mortars and artillery on June 2.", 1},
		{"Rebel mortars hit houses in Taiz on Saturday, wounding two. The rebels launched a large attack on army positions with mortars and artillery on July 11.", 2},
	} {
		if evs := events(t, x, "2022-07-25", c.text); len(evs) != c.n {
			t.Errorf("%q: %d events, want %d", c.text, len(evs), c.n)
		}
	}
}

// A total since an earlier event and a summary of the year are no
// event of their own, nor the toll of the event told before.
func TestTotalsSinceThenAndTheYear(t *testing.T) {
	tsv := "1\tTaiz\tYE\t25\tPPLA\t615000\t13.58\t44.02\t\t\n"
	x := testExtractor(t, tsv)
	for _, text := range []string{
		"Rebel mortars hit houses in Taiz on Saturday, wounding two. Since then, six civilians have been killed in rebel shelling of the city.",
		"Rebel mortars hit houses in Taiz on Saturday, wounding two. Officials said rebel drone strikes on the city were very heavy in 2022.",
	} {
		evs := events(t, x, "2022-07-25", text)
		if len(evs) != 1 || evs[0].Fatalities != 0 {
			t.Errorf("%q: %d events (first: toll %d), want 1 with no death", text, len(evs), evs[0].Fatalities)
		}
	}
}

// An agreement that violence undermines, or a precedent of one, is not
// news of an agreement.
func TestAgreementUndermined(t *testing.T) {
	x := testExtractor(t, "")
	for _, text := range []string{
		"The escalation shows that the rebels intended to undermine the agreement signed recently.",
		"The escalation shows that the rebels intended to break the deal, as they did with the Stockholm agreement.",
	} {
		if evs := events(t, x, "2019-02-24", text); len(evs) != 0 {
			t.Errorf("%q: %d events (%s), want none", text, len(evs), evs[0].SubEventType)
		}
	}
	if evs := events(t, x, "2019-02-24", "The two sides reached a breakthrough agreement on Sunday."); len(evs) != 1 {
		t.Errorf("a breakthrough agreement: %d events, want 1", len(evs))
	}
}

// A generic term followed by a country's name is that country's ("the
// Armed Forces of Armenia"), whatever the article's subject.
func TestGenericTermOfACountry(t *testing.T) {
	tsv := "1\tTartar\tAZ\t57\tPPLA\t19000\t40.34\t46.93\t\t\n" +
		"country:AZ\tAzerbaijan\tAZ\t\tPCLI\t0\t40.5\t47.5\t\tAzerbaijani\n" +
		"country:AM\tArmenia\tAM\t\tPCLI\t0\t40.2\t45.0\t\tArmenian\n"
	x := testExtractor(t, tsv)
	checkActor1(t, x, "2020-11-08", []actorCase{
		{"Azerbaijan's prosecutors said that on Sunday the Armed Forces of Armenia shelled Tartar, in Azerbaijan, wounding a man.", "Military Forces of Armenia"},
		{"Azerbaijan's prosecutors said that on Sunday the armed forces shelled Tartar, in Azerbaijan, wounding a man.", "Military Forces of Azerbaijan"},
	})
}

// A speaker named after the act ("said X, a spokesperson for exiled
// Y, or Z"; "the council of Y (Z) said") is no perpetrator.
func TestSpeakersAfterTheAct(t *testing.T) {
	tsv := "1\tTripoli\tLY\t34\tPPLC\t1150000\t32.89\t13.19\t\t\n" +
		"country:LY\tLibya\tLY\t\tPCLI\t0\t27.0\t17.0\t\tLibyan\n"
	x := testExtractor(t, tsv)
	checkActor1(t, x, "2020-04-13", []actorCase{
		{"In Tripoli, a rocket hit a house and one child was killed, the Emergency Council under the Health Ministry of the Government of National Accord (GNA) said in a statement.", ""},
		{"On Wednesday evening, airstrikes on Tripoli caused heavy civilian casualties, said Ali Omar, a spokesperson for exiled National Unity Government, or NUG.", ""},
	})
}

// The actor whose positions were hit is no perpetrator.
func TestOwnerOfTargetedPositions(t *testing.T) {
	tsv := "1\tTaiz\tYE\t25\tPPLA\t615000\t13.58\t44.02\t\t\n" +
		"country:YE\tYemen\tYE\t\tPCLI\t0\t15.5\t47.5\t\tYemeni\n"
	x := testExtractor(t, tsv)
	checkActor1(t, x, "2019-02-24", []actorCase{
		{"On Sunday, mortar shells fell on the positions of the national army east of Taiz.", ""},
		{"On Sunday, the national army shelled positions east of Taiz.", "Military Forces of Yemen"},
	})
}

// The first event of a report, told in its lede without a day, happened
// on the day of the report: wire ledes tell the day's news.
func TestUndatedLedeIsTheReportsDay(t *testing.T) {
	tsv := "1\tTaiz\tYE\t25\tPPLA\t615000\t13.58\t44.02\t\t\n"
	x := testExtractor(t, tsv)
	evs := events(t, x, "2019-02-24", "Rebel militias continued shelling houses in the district of Taiz, killing two civilians.")
	if len(evs) == 0 || evs[0].Date == nil || evs[0].Date.Label() != "2019-02-24" {
		t.Fatalf("%d events, the first undated or of another day; want it dated 2019-02-24", len(evs))
	}
}

// A town that is only the last words of a longer name is another place:
// a neighbourhood of Tripoli whose name ends in a Syrian village's (of
// the committed list) is not that village, 2,000 km off; a sentence
// opening on where it happened ("In Ain Zara, …") names a village the
// gazetteer lacks.
func TestTownEndingALongerName(t *testing.T) {
	tsv := "1\tTripoli\tLY\t34\tPPLC\t1150000\t32.89\t13.19\t\t\n" +
		"country:LY\tLibya\tLY\t\tPCLI\t0\t27.0\t17.0\t\tLibyan\n"
	x := testExtractor(t, tsv)
	evs := events(t, x, "2020-04-13", "Rockets fell on the south of Tripoli, Libya's capital, on Sunday night. In Ain Zara, a rocket hit a house and one child was killed.")
	var village bool
	for _, ev := range evs {
		if ev.Place != nil && ev.Place.Place.Country != "LY" {
			t.Errorf("%q placed in %s (%s)", ev.Trigger, ev.Place.Place.Name, ev.Place.Place.Country)
		}
		village = village || ev.Village == "Ain Zara"
	}
	if !village {
		t.Errorf("no event names the village Ain Zara")
	}
}

// Of two committed places, the one named by its own name wins: "Gaza
// City" is the city even when the Strip took the GeoNames names of
// "Gaza" as its own.
func TestCommittedOwnNameFirst(t *testing.T) {
	tsv := "281133\tGaza\tPS\tGZ\tPPLA\t410000\t31.50\t34.47\tGaza City|Ghazzah\t\n"
	x := testExtractor(t, tsv)
	if _, place := oneEvent(t, x, "2024-08-10", "An Israeli air strike on a school in Gaza City killed at least 90 people on Saturday."); place != "Gaza City" {
		t.Errorf("placed in %q, want Gaza City", place)
	}
}

// "Troops resorted to unprovoked firing" is the LoC reports' shelling.
func TestResortedToFiring(t *testing.T) {
	tsv := "1\tKotli\tPK\t06\tPPLA2\t640000\t33.52\t73.90\t\t\n" +
		"country:PK\tPakistan\tPK\t\tPCLI\t0\t30.0\t70.0\t\tPakistani\n" +
		"country:IN\tIndia\tIN\t\tPCLI\t0\t22.0\t79.0\t\tIndian\n"
	x := testExtractor(t, tsv)
	ev, place := oneEvent(t, x, "2019-03-11", "Two civilians were killed on Monday when Indian troops resorted to \"unprovoked\" firing near Kotli, the military said.")
	if ev.SubEventType != "Shelling/artillery/missile attack" || ev.Actor1 != "Military Forces of India" || place != "Kotli" {
		t.Errorf("got %s by %q in %s, want a shelling by Military Forces of India in Kotli", ev.SubEventType, ev.Actor1, place)
	}
}

// The words on a protest's poster are no news of an attack.
func TestPosterWordsAreNoEvent(t *testing.T) {
	x := testExtractor(t, "")
	text := "“The militia keeps committing massacres against civilians,” read one of the posters."
	if evs := events(t, x, "2022-07-25", text); len(evs) != 0 {
		t.Errorf("%q: %d events (%s), want none", text, len(evs), evs[0].SubEventType)
	}
}

// A lede without a place is told again, with its place, in the
// sentences that follow, unless they give a toll of their own.
func TestLedeWithoutPlaceToldAgain(t *testing.T) {
	tsv := "1\tWuntho\tMM\t10\tPPLA3\t10000\t23.89\t95.68\t\t\n" +
		"2\tKhartoum\tSD\t29\tPPLC\t5000000\t15.55\t32.53\t\t\n"
	x := testExtractor(t, tsv)
	for _, c := range []struct {
		text string
		n    int
	}{
		{"Junta airstrikes in the north killed more than 30 civilians, residents said on Thursday. On Wednesday evening, airstrikes on Wuntho township caused heavy civilian casualties, officials said.", 1},
		{"Army warplanes struck targets in the capital for a second day on Sunday. On Saturday, airstrikes on Khartoum killed at least 56 civilians, a doctors' union said.", 2},
	} {
		if evs := events(t, x, "2025-04-10", c.text); len(evs) != c.n {
			t.Errorf("%q: %d events, want %d", c.text, len(evs), c.n)
		}
	}
}

// Armed men loyal to a leader, whatever his title, are the actor known
// as the forces loyal to him.
func TestLoyalToALeader(t *testing.T) {
	tsv := "1\tTripoli\tLY\t34\tPPLC\t1150000\t32.89\t13.19\t\t\n" +
		"country:LY\tLibya\tLY\t\tPCLI\t0\t27.0\t17.0\t\tLibyan\n"
	x := testExtractor(t, tsv)
	checkActor1(t, x, "2020-04-13", []actorCase{
		{"A woman was killed when militias loyal to warlord Khalifa Haftar shelled Tripoli on Sunday.", "Libyan National Army"},
		{"A woman was killed when gunmen loyal to renegade commander Haftar shelled Tripoli on Sunday.", "Libyan National Army"},
	})
}
