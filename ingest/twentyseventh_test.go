package ingest

import (
	"testing"

	"github.com/truce-center/truce"
)

// Rules of the twenty-seventh pass, from the errors of the twenty-ninth
// real batch counted by cause (BENCHMARKS.md). Each test fails without
// its rule; the sentences are written for these tests.

const twentyseventhTSV = "911\tKunduz\tAF\t24\tPPLA\t260000\t36.73\t68.86\t\t\n" +
	"region:AF.24\tKunduz Province\tAF\t24\tADM1\t0\t36.80\t68.80\tKunduz\t\n" +
	"country:AF\tAfghanistan\tAF\t\tPCLI\t0\t33.0\t65.0\t\tAfghan\n" +
	"912\tJos\tNG\t49\tPPLA\t900000\t9.93\t8.89\t\t\n" +
	"country:NG\tNigeria\tNG\t\tPCLI\t0\t9.0\t8.0\t\tNigerian\n"

// "The Taliban killed 13 police", "Bandits killed nine villagers": an
// armed actor as the subject of "killed", with the people it killed as
// the object, tells an act though no weapon or act noun is named.
// Killing police, soldiers or fighters is a clash, anyone else an
// attack; a running toll or a second telling of an act is none.
func TestArmedSubjectKilled(t *testing.T) {
	x := testExtractor(t, twentyseventhTSV)
	for _, c := range []struct{ text, sub, actor1 string }{
		{"The Taliban killed 13 police in an attack on a checkpoint early Monday in Kunduz province, an official said.", truce.ArmedClash, "Taliban"},
		{"Taliban fighters killed six soldiers near Kunduz on Monday.", truce.ArmedClash, "Taliban"},
		{"Bandits killed nine villagers near Jos on Monday, police said.", truce.Attack, "Unidentified Armed Group (Nigeria)"},
		{"Gunmen have killed 12 people in Jos, residents said on Monday.", truce.Attack, "Unidentified Armed Group (Nigeria)"},
	} {
		ev, _ := oneEvent(t, x, "2024-03-05", c.text)
		if ev.SubEventType != c.sub || ev.Actor1 != c.actor1 {
			t.Errorf("%q: %s by %q, want %s by %q", c.text, ev.SubEventType, ev.Actor1, c.sub, c.actor1)
		}
	}
	for _, text := range []string{
		"The Taliban have killed thousands of people in Kunduz since 2001.",
		"Gunmen have killed more than 300 people in Jos.",
	} {
		if evs := events(t, x, "2024-03-05", text); len(evs) != 0 {
			t.Errorf("%q: %d events, want none (a running toll)", text, len(evs))
		}
	}
}

// "An Israeli drone strike hit a car in south Lebanon", then "the latest
// strike on Saturday hit a car in the Naqoura area": the act told again
// with the town, inside the region it was placed in, is placed at the
// town; a town in another region, or a sentence that does not point
// back, leaves it where it was.
func TestRetoldWithTheTown(t *testing.T) {
	x := testExtractor(t, "913\tNaqoura\tLB\t06\tPPL\t25000\t33.12\t35.14\t\t\n"+
		"914\tTripoli\tLB\t09\tPPLA\t230000\t34.44\t35.85\t\t\n"+
		"region:LB.06\tSouth Governorate\tLB\t06\tADM1\t0\t33.40\t35.33\tSouth Lebanon\t\n"+
		"country:LB\tLebanon\tLB\t\tPCLI\t0\t33.9\t35.9\t\tLebanese\n")
	lede := "An Israeli drone strike hit a car in South Lebanon on Saturday morning, killing three men, officials said. "
	checkPlaces(t, x, "2024-03-02", []placeCase{
		{lede + "The state news agency said the latest strike on Saturday hit a car in the Naqoura area.", "Naqoura"},
		{lede + "The state news agency said the latest strike on Saturday hit a car near Tripoli.", "South Governorate"},
		{lede + "Residents of Naqoura said they had heard aircraft all night.", "South Governorate"},
	})
}

// "Malakand district's Havildar Muhammad Zahid … was martyred during the
// exchange of fire": the home district told before a soldier's rank is
// not where he fell; with no other place the act is unplaced.
func TestHomeDistrictOfTheFallen(t *testing.T) {
	x := testExtractor(t, "915\tMalakand\tPK\t02\tPPL\t20000\t34.57\t71.93\t\t\n"+
		"916\tBannu\tPK\t02\tPPLA2\t50000\t32.99\t70.60\t\t\n"+
		"country:PK\tPakistan\tPK\t\tPCLI\t0\t30.0\t70.0\t\tPakistani\n")
	checkPlaces(t, x, "2025-03-16", []placeCase{
		{"The Pakistani army said that Malakand district's Sepoy Ali Khan was shot dead by militants on Saturday.", "-"},
		{"The Pakistani army said that Malakand district's Sepoy Ali Khan was shot dead by militants near Bannu on Saturday.", "Bannu"},
		{"The Pakistani army said that militants shot dead a soldier in Malakand district's Dargai area on Saturday.", "Malakand"},
	})
}

// Unnamed fighters told as "jihadists", "insurgents", "terrorists",
// "attackers", "raiders" or "militiamen", or an act told as "a suspected
// jihadist attack", are an unidentified armed group of the article's
// country, as "gunmen" and "militants" were (ACLED's convention).
func TestUnnamedJihadistsAndInsurgents(t *testing.T) {
	x := testExtractor(t, "917\tGao\tML\t07\tPPLA\t90000\t16.27\t-0.04\t\t\n"+
		"country:ML\tMali\tML\t\tPCLI\t0\t17.0\t-4.0\t\tMalian\n")
	checkActor1(t, x, "2020-03-20", []actorCase{
		{"About 30 Malian soldiers were killed on Thursday in a suspected jihadist attack on their camp near Gao, the army said.", "Unidentified Armed Group (Mali)"},
		{"Jihadists attacked an army camp near Gao on Thursday, killing 12 soldiers.", "Unidentified Armed Group (Mali)"},
	})
}

// A photograph's caption that ends with the agency's credit ("…
// Handout via REUTERS") tells no act of its own, and does not run into
// the report's first sentence when it has no full stop.
func TestCaptionWithCredit(t *testing.T) {
	x := testExtractor(t, "918\tKherson\tUA\t08\tPPLA\t280000\t46.64\t32.61\t\t\n"+
		"country:UA\tUkraine\tUA\t\tPCLI\t0\t49.0\t32.0\t\tUkrainian\n"+
		"country:RU\tRussia\tRU\t\tPCLI\t0\t61.5\t99.0\t\tRussian\n")
	text := "Debris lies in a yard after shelling in Kherson, Ukraine, in this picture released on December 3, 2023. Regional Administration/Handout via REUTERS\n" +
		"A man walks past a house damaged by shelling in Kherson, Ukraine, in this picture released on December 3, 2023. Regional Administration/Handout via REUTERS\n" +
		"KYIV - A woman was killed during Russian shelling of Kherson on Sunday, officials said."
	ev, place := oneEvent(t, x, "2023-12-04", text)
	if ev.Actor1 != "Military Forces of Russia" || place != "Kherson" || ev.Date == nil || ev.Date.Label() != "2023-12-03" || ev.Fatalities != 1 {
		t.Errorf("%q: %s at %s by %q, toll %d, dated %v; want the Sunday's shelling at Kherson by Russia, 1 killed", text, ev.SubEventType, place, ev.Actor1, ev.Fatalities, ev.Date)
	}
}

// "Four civilians were killed in Idlib from rockets fired by the army":
// rockets or missiles told with who fired them are shelling.
func TestRocketsFiredBy(t *testing.T) {
	x := testExtractor(t, "919\tIdlib\tSY\t08\tPPLA\t160000\t35.93\t36.63\t\t\n"+
		"country:SY\tSyria\tSY\t\tPCLI\t0\t35.0\t38.0\t\tSyrian\n")
	for _, text := range []string{
		"At least four civilians were killed in Idlib on Thursday from rockets fired by the Syrian army, rescuers said.",
		"Two children were wounded in Idlib on Thursday by missiles launched by government forces.",
	} {
		ev, place := oneEvent(t, x, "2023-10-27", text)
		if ev.SubEventType != truce.Shelling || place != "Idlib" || ev.Actor1 != "Military Forces of Syria" {
			t.Errorf("%q: %s at %s by %q; want shelling at Idlib by the Syrian army", text, ev.SubEventType, place, ev.Actor1)
		}
	}
}
