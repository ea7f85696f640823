package ingest

import (
	"strings"
	"testing"
)

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

// Acts the rules did not read: a drone attack, people killed in firing
// by a named force, strikes named by their maker as the subject. Each
// codes one event of its kind with its perpetrator.
func TestActsAsReportersWriteThem(t *testing.T) {
	tsv := "1\tSialkot\tPK\t04\tPPLA2\t470000\t32.49\t74.53\t\t\n" +
		"2\tBelgorod\tRU\t09\tPPLA\t390000\t50.61\t36.58\t\t\n" +
		"3\tTyre\tLB\t04\tPPLA\t60000\t33.27\t35.20\t\t\n" +
		"country:PK\tPakistan\tPK\t\tPCLI\t0\t30.0\t70.0\t\tPakistani\n" +
		"country:IN\tIndia\tIN\t\tPCLI\t0\t22.0\t79.0\t\tIndian\n"
	x := testExtractor(t, tsv)
	for _, c := range []struct{ text, sub, actor1 string }{
		{"A woman and two children were wounded by a drone attack in Belgorod on Sunday, the governor said.", "Air/drone strike", ""},
		{"Pakistani defence sources claimed that a woman and a man were killed in firing by Indian troops near Sialkot on Friday.", "Shelling/artillery/missile attack", "Military Forces of India"},
		{"Three civilians were killed in unprovoked firing by Pakistani soldiers near Sialkot on Friday.", "Shelling/artillery/missile attack", "Military Forces of Pakistan"},
		{"Israeli strikes on two villages near Tyre killed six people on Saturday, the ministry said.", "Air/drone strike", "Military Forces of Israel"},
	} {
		ev, _ := oneEvent(t, x, "2024-12-07", c.text)
		if ev.SubEventType != c.sub || ev.Actor1 != c.actor1 {
			t.Errorf("%q: %s by %q, want %s by %q", c.text, ev.SubEventType, ev.Actor1, c.sub, c.actor1)
		}
	}
	// The target of an attack the sentence before tells is not the
	// perpetrator of the next sentence's act.
	checkActor1(t, x, "2025-04-20", []actorCase{
		{"Officials said there had been a pledge to attack Russia's positions near Belgorod. A woman was wounded by a drone attack in Belgorod on Sunday.", ""},
	})
}

// A sentence that refers back to the town of the lede through words that
// describe it ("the Houthi-held Red Sea city") is placed there.
func TestPlaceReferredToByDescription(t *testing.T) {
	tsv := "1\tHodeidah\tYE\t08\tPPLA\t600000\t14.80\t42.95\t\t\n"
	x := testExtractor(t, tsv)
	text := "The warring parties traded accusations of breaching the truce in Hodeidah. Residents reported shelling late on Tuesday on the eastern outskirts of the Houthi-held port city."
	if _, place := oneEvent(t, x, "2018-12-19", text); place != "Hodeidah" {
		t.Errorf("placed in %q, want Hodeidah", place)
	}
}

// A speaker is known through a day before its verb ("the Russian army
// Sunday said") and through its spokesperson named after it ("Armenian army
// spokeswoman X said"): neither is the perpetrator.
func TestSpeakersThroughDaysAndSpokespeople(t *testing.T) {
	x := testExtractor(t, "")
	checkActor1(t, x, "2020-10-18", []actorCase{
		{"The Russian army Sunday said shelling killed six civilians in Stepanakert.", ""},
		{"Armenian army spokeswoman Shushan Stepanian said shelling killed two civilians in Stepanakert on Sunday.", ""},
	})
}

// A later sentence that says the act told before happened in a town of
// its region ("the village of Suzemka, where the incident occurred")
// places the act there; a town of another region does not.
func TestTownWhereItHappened(t *testing.T) {
	tsv := "region:RU.BRY\tBryansk Oblast\tRU\t10\tADM1\t0\t52.88\t33.25\tBryansk region\t\n" +
		"1\tSuzemka\tRU\t10\tPPL\t9000\t52.32\t34.08\t\t\n" +
		"2\tKursk\tRU\t41\tPPLA\t440000\t51.73\t36.19\t\t\n"
	x := testExtractor(t, tsv)
	checkPlaces(t, x, "2023-04-30", []placeCase{
		{"Four civilians died in Ukrainian shelling on a village in the Bryansk region on Saturday, the governor said. The village of Suzemka, where the incident occurred, is 10 km from the border.", "Suzemka"},
		{"Four civilians died in Ukrainian shelling on a village in the Bryansk region on Saturday, the governor said. The city of Kursk, where the incident occurred, is 10 km from the border.", "Bryansk Oblast"},
	})
}

// A small town more than 1,000 km from every other place of the article,
// whose country nothing else in it names, is a word misread ("the Tal
// al-Sultan area of western Rafah" is no Tāl in India); a capital or a
// city named as a venue, or a town whose country the article names,
// stays.
func TestStrayTowns(t *testing.T) {
	tsv := "1\tTāl\tIN\t35\tPPL\t16000\t23.72\t75.39\tTal\t\n" +
		"2\tRafah\tPS\t\tPPL\t150000\t31.30\t34.24\t\t\n" +
		"3\tHamburg\tDE\t04\tPPLA\t1700000\t53.55\t10.00\t\t\n"
	x := testExtractor(t, tsv)
	arts, err := Parse("a.txt", []byte("Published: 2024-05-27T10:00:00Z\n\nTitle\n\nAn Israeli air strike set fire to tents in the Tal al-Sultan area of western Rafah on Sunday, killing at least 45 people. Leaders met in Hamburg on Monday.\n"))
	if err != nil {
		t.Fatal(err)
	}
	ex := x.Extract(arts[0])
	var names []string
	for _, p := range ex.Places {
		names = append(names, p.Place.Name)
	}
	if got := strings.Join(names, ","); got != "Rafah,Hamburg" {
		t.Errorf("places %s, want Rafah,Hamburg", got)
	}
}
