package ingest

import (
	"slices"
	"testing"

	"github.com/truce-center/truce"
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
	"country:BJ\tBenin\tBJ\t\tPCLI\t0\t9.5\t2.25\t\tBeninese\n" +
	"4\tBeni\tCD\t19\tPPLA2\t230000\t0.49\t29.47\t\t\n" +
	"country:CD\tDemocratic Republic of the Congo\tCD\t\tPCLI\t0\t-2.9\t23.6\tDR Congo|Congo\tCongolese\n" +
	"5\tIdlib\tSY\t08\tPPLA\t100000\t35.93\t36.63\t\t\n" +
	"country:SY\tSyria\tSY\t\tPCLI\t0\t35.0\t38.0\t\tSyrian\n" +
	"6\tAfgooye\tSO\t14\tPPLA2\t80000\t2.14\t45.12\t\t\n" +
	"region:SO.14\tLower Shabelle\tSO\t14\tADM1\t0\t1.90\t44.60\tShabeellaha Hoose|Lower Shabelle province\t\n" +
	"country:SO\tSomalia\tSO\t\tPCLI\t0\t6.0\t46.0\t\tSomali\n" +
	"7\tPaletwa\tMM\t01\tPPLA3\t10000\t21.30\t92.85\t\t\n" +
	"country:MM\tMyanmar\tMM\t\tPCLI\t0\t21.0\t96.0\t\tBurmese\n" +
	"8\tGaza City\tPS\tGZ\tPPLA\t590000\t31.50\t34.46\tGaza\t\n" +
	"9\tDeir al-Balah\tPS\tGZ\tPPLA2\t75000\t31.42\t34.35\t\t\n" +
	"region:PS.GZ\tGaza Strip\tPS\tGZ\tADM1\t0\t31.40\t34.38\tGaza Strip\t\n" +
	"country:PS\tPalestine\tPS\t\tPCLI\t0\t31.9\t35.2\t\tPalestinian\n" +
	"country:IL\tIsrael\tIL\t\tPCLI\t0\t31.5\t34.8\t\tIsraeli\n"

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

// A report without a date line is still written after the days it
// names and on the day its address carries: a war's start "in April
// 2023" told in a page filed under 2024/06 is background, not an act,
// and neither is an act its sentence leaves to that month; a truce that
// took effect months before the latest day the text names is the one
// the news is measured against.
func TestBackgroundWithoutADateLine(t *testing.T) {
	x := testExtractor(t, twentyfirstTSV)
	a := Article{
		URL:  "https://news.example/2024/06/rsf-attack-village.html",
		Text: "The RSF began fighting the army in April 2023 after disputes over the integration of the two forces. Activists accused it of using heavy artillery against civilians in the town.",
	}
	if evs := x.Extract(a).Events; len(evs) != 0 {
		t.Errorf("page of June 2024: got %d events (%s …), want none: the war began in April 2023", len(evs), evs[0].Trigger)
	}
	a = Article{Text: "The truce between the two sides took effect on November 27, 2024. On January 29, 2025, shelling killed two people in El Obeid, medics said."}
	for _, ev := range x.Extract(a).Events {
		if ev.SubEventType == truce.Agreement {
			t.Errorf("agreement dated %s coded: it is two months before the shelling the report tells", ev.Date.Label())
		}
	}
	for url, want := range map[string]string{
		"https://english.news.example/africa/20220811/cdac2a8/c.html": "2022-08-11",
		"https://www.paper.example/index.php/2022/10/18/gunmen-kill/": "2022-10-18",
		"https://www.paper.example/2024/06/a-story.html":              "2024-06-01",
		"https://paper.example/?p=97766":                              "0001-01-01",
	} {
		if got := reportFloor(&Extraction{Article: Article{URL: url}}).Format("2006-01-02"); got != want {
			t.Errorf("%s: floor %s, want %s", url, got, want)
		}
	}
}

// "These rebels", "the rebels" after the article named its group are
// that group: the hostages were taken by the ADF the lede named, not by
// some rebels of the country.
func TestTheseRebelsAreTheGroupNamedBefore(t *testing.T) {
	x := testExtractor(t, twentysecondTSV)
	rebels := func(text string) string {
		ex := x.Extract(Article{Published: day(2022, 11, 21), Text: text})
		for _, m := range slices.Backward(ex.Actors) {
			if m.Text == "rebels" {
				return m.Actor
			}
		}
		t.Fatalf("no rebels in %q: %+v", text, ex.Actors)
		return ""
	}
	if got := rebels("Suspected ADF rebels made a new attack near Beni on Sunday. Dozens of people were taken hostage by these rebels, local officials said."); got != "Allied Democratic Forces" {
		t.Errorf("these rebels: %q, want the ADF named before", got)
	}
	// Rebels right after the group's name are its head noun.
	if got := rebels("Suspected ADF (Allied Democratic Forces) rebels made a new attack near Beni on Sunday."); got != "Allied Democratic Forces" {
		t.Errorf("ADF (…) rebels: %q, want the ADF", got)
	}
	// The nearest rebels before are the ones meant: unnamed, they stay
	// unnamed, though a group was named before them.
	if got := rebels("ADF fighters left the town near Beni on Sunday and other rebels took it. Dozens of people were taken hostage by the rebels, local officials said."); got == "Allied Democratic Forces" {
		t.Errorf("the rebels after other rebels: %q, want the unnamed ones", got)
	}
	// With no group named before, rebels stay the country's rebels.
	if got := rebels("Gunmen made a new attack near Beni in Congo on Sunday. Dozens of people were taken hostage by the rebels, local officials said."); got != "Opposition rebels (Democratic Republic of Congo)" {
		t.Errorf("the rebels, no group named: %q, want the country's rebels", got)
	}
}

// "Regime shelling" is the state's forces' shelling, as "regime forces"
// are they. And a sentence that adds victims in two places, each with
// its toll ("Three more … in the town of X and five others in the
// village of Y"), tells two acts, each with its place and toll, neither
// of them the act told before. A sentence with a trigger of its own
// splits the same way.
func TestRegimeShellingAndOthersInAVillage(t *testing.T) {
	x := testExtractor(t, twentysecondTSV)
	evs := events(t, x, "2019-05-30", "Three people were killed in regime shelling of the village of Kafr Tun in northwest Syria on Wednesday. Three more civilians were killed in attacks in the town of Tal Wardi and five others in the village of Umm Jalal south of Idlib, the monitor added.")
	if len(evs) != 3 {
		t.Fatalf("got %d events, want 3 (Kafr Tun, Tal Wardi, Umm Jalal): %+v", len(evs), evs)
	}
	for i, want := range []struct {
		village string
		toll    int
	}{{"Kafr Tun", 3}, {"Tal Wardi", 3}, {"Umm Jalal", 5}} {
		if ev := evs[i]; ev.Village != want.village || ev.Fatalities != want.toll || ev.Actor1 != "Military Forces of Syria" {
			t.Errorf("event %d: village %q, toll %d, actor1 %q; want %q, %d, the Syrian forces", i, ev.Village, ev.Fatalities, ev.Actor1, want.village, want.toll)
		}
	}
}

func TestOthersInAVillageAfterATrigger(t *testing.T) {
	x := testExtractor(t, twentysecondTSV)
	evs := events(t, x, "2019-05-30", "Regime shelling killed three people in the town of Tal Wardi and five others in the village of Umm Jalal south of Idlib on Wednesday, the monitor said.")
	if len(evs) != 2 || evs[0].Village != "Tal Wardi" || evs[0].Fatalities != 3 || evs[1].Village != "Umm Jalal" || evs[1].Fatalities != 5 || evs[1].Actor1 != evs[0].Actor1 {
		t.Fatalf("got %+v, want Tal Wardi (3) and Umm Jalal (5)", evs)
	}
}

// A raid by an armed group on a military base is a clash with the troops
// who hold it; and "It took place in X province, on the outskirts of
// the town of Y", in a sentence of its own, places the raid told before
// at the town.
func TestRaidOnABaseTookPlaceNearTheTown(t *testing.T) {
	x := testExtractor(t, twentysecondTSV)
	evs := events(t, x, "2020-03-02", "A night raid by al-Shabaab fighters on an army base in southern Somalia left at least nine people dead on Sunday, officials said. Four soldiers were among the dead, a commander said. It took place in Lower Shabelle province, on the outskirts of the farming town of Afgooye.")
	if len(evs) != 1 {
		t.Fatalf("got %d events, want the raid: %+v", len(evs), evs)
	}
	if ev := evs[0]; ev.SubEventType != truce.ArmedClash || ev.Actor1 != "Al-Shabaab" || ev.Fatalities != 9 {
		t.Errorf("got %s by %q, %d killed; want an armed clash by al-Shabaab, nine killed", ev.SubEventType, ev.Actor1, ev.Fatalities)
	}
	if ev := evs[0]; ev.Place == nil || ev.Place.Place.Name != "Afgooye" {
		t.Errorf("placed at %+v, want Afgooye, named after the province", ev.Place)
	}
}

// How a raid began ("The attack started with a car bomb at the gate")
// and a base held "briefly" during it are the raid told again, not acts
// of their own.
func TestHowTheRaidBeganAndABaseHeldBriefly(t *testing.T) {
	x := testExtractor(t, twentysecondTSV)
	evs := events(t, x, "2020-03-02", "A night raid by al-Shabaab fighters on an army base near Afgooye left at least nine people dead on Sunday, officials said. The attack started with a car bomb at the gate of the base, a commander said. The group said it captured the base briefly, taking weapons and vehicles.")
	if len(evs) != 1 || evs[0].SubEventType != truce.ArmedClash {
		for _, ev := range evs {
			t.Logf("%s %q", ev.SubEventType, ev.Trigger)
		}
		t.Fatalf("got %d events, want the raid alone", len(evs))
	}
}

// "The army launched airstrikes after rebels assaulted a border post
// near Paletwa on Sunday": the assault the strikes answered is an act of
// its own, first, and the strikes, with no day or place of their own,
// have its. A strike "a day after" an assault is measured against it
// and not split, even when only the assault names its day.
func TestTheAssaultTheStrikesAnswered(t *testing.T) {
	x := testExtractor(t, twentysecondTSV)
	evs := events(t, x, "2024-05-21", "Junta forces launched air attacks after fighters of the Arakan Army assaulted a border guard post near Paletwa on Sunday, residents said.")
	if len(evs) != 2 {
		t.Fatalf("got %d events, want the assault and the air attacks: %+v", len(evs), evs)
	}
	if evs[0].SubEventType != truce.ArmedClash || evs[0].Actor1 != "Arakan Army" || evs[1].SubEventType != truce.AirDroneStrike {
		t.Errorf("got %s by %q then %s; want the Arakan Army's clash, then the air attacks", evs[0].SubEventType, evs[0].Actor1, evs[1].SubEventType)
	}
	for _, ev := range evs {
		if ev.Place == nil || ev.Place.Place.Name != "Paletwa" || ev.Date == nil || ev.Date.Label() != "2024-05-19" {
			t.Errorf("%s: placed %+v, dated %+v; want Paletwa, 2024-05-19", ev.SubEventType, ev.Place, ev.Date)
		}
	}
	// An assault long before the report is background, and so is the
	// answer that has its day: no event (and no second clause placed
	// where a first, dropped, would have been).
	if evs := events(t, x, "2024-05-21", "Junta forces launched air attacks after fighters of the Arakan Army assaulted a border guard post near Paletwa on March 3."); len(evs) != 0 {
		t.Errorf("an assault of March 3 told on May 21: got %+v, want no event", evs)
	}
	evs = events(t, x, "2024-05-21", "Junta jets bombed villages near Paletwa, a day after fighters of the Arakan Army assaulted a border guard post on Sunday, residents said.")
	if len(evs) != 1 || evs[0].SubEventType != truce.AirDroneStrike {
		t.Errorf("a day after: got %+v, want the bombing alone", evs)
	}
}

// The month a war ended ("the civil war … that concluded in November
// 2020") is history: in a report with no date line it dates none of
// the acts told after it, which are left undated rather than dated
// three years back.
func TestTheMonthAWarEndedDatesNoAct(t *testing.T) {
	x := testExtractor(t, twentyfirstTSV)
	ex := x.Extract(Article{Text: "The militia once fought beside the army in the civil war that concluded in November 2020. Fighting continued on the outskirts of El Obeid, residents said."})
	if len(ex.Events) != 1 {
		t.Fatalf("got %d events, want the fighting: %+v", len(ex.Events), ex.Events)
	}
	if d := ex.Events[0].Date; d != nil {
		t.Errorf("the fighting dated %s, want no date: November 2020 is when the war ended", d.Label())
	}
}

// A lede's toll that the acts told after it add up to ("More than 40
// … killed in Israeli airstrikes on two homes", then 31 in one town and
// 12 in another) is their sum, not an act of its own; the strike named
// again with its toll ("The Gaza City strike killed 31 people") gives
// that toll to the strike told before; "a strike flattened the home of
// …" is a strike; and "killing him and at least 11 others" is twelve.
func TestALedeThatSumsTwoStrikes(t *testing.T) {
	x := testExtractor(t, twentysecondTSV)
	evs := events(t, x, "2023-12-23", "More than 40 Palestinians were killed in Israeli airstrikes on two homes in the Gaza Strip, medics said on Saturday. "+
		"On Friday, airstrikes destroyed two homes, one in Gaza City and the other in Deir al-Balah. "+
		"The Gaza City strike killed 31 people from one family, a civil defence spokesman said. "+
		"He gave the names of the heads of households. "+
		"Later on Friday, a strike flattened the Deir al-Balah home of a local teacher, killing him and at least 11 others, hospital officials said.")
	if len(evs) != 2 {
		for _, ev := range evs {
			t.Logf("%s %d %q", ev.SubEventType, ev.Fatalities, ev.Trigger)
		}
		t.Fatalf("got %d events, want the two strikes", len(evs))
	}
	for i, want := range []struct {
		town string
		toll int
	}{{"Gaza City", 31}, {"Deir al-Balah", 12}} {
		if ev := evs[i]; ev.Place == nil || ev.Place.Place.Name != want.town || ev.Fatalities != want.toll || ev.Actor1 != "Military Forces of Israel" {
			t.Errorf("strike %d: %+v, %d killed, by %q; want %s, %d, Israel's forces", i, ev.Place, ev.Fatalities, ev.Actor1, want.town, want.toll)
		}
	}
}
