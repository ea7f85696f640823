package ingest

import (
	"strings"
	"testing"
	"time"
)

// Rules of the fourth pass, from the errors on real articles counted by
// cause (BENCHMARKS.md): each case fails without its rule.

func TestCountryActs(t *testing.T) {
	tsv := "country:PK\tPakistan\tPK\t\tPCLI\t0\t30.0\t70.0\t\tPakistani\n" +
		"country:IN\tIndia\tIN\t\tPCLI\t0\t22.0\t79.0\t\tIndian\n" +
		"country:RU\tRussia\tRU\t\tPCLI\t0\t60.0\t100.0\t\tRussian\n"
	x := testExtractor(t, tsv)
	checkActor1(t, x, "2018-05-23", []actorCase{
		// A country that fires: its forces.
		{"Five civilians were killed today as Pakistan fired long-range mortars at villages near the border.", "Military Forces of Pakistan"},
		{"On Tuesday India has shelled forward posts along the border, the army said.", "Military Forces of India"},
		// A demonym or a possessive before the act's noun.
		{"Two civilians were killed on Monday due to Pakistani shelling along the border.", "Military Forces of Pakistan"},
		{"The town came under heavy shelling on Monday in Russia's assault on the region.", "Military Forces of Russia"},
		// A country that is only a place stays one.
		{"Two people were killed in shelling in Pakistan on Monday.", ""},
	})
}

// actorCase is a text of one event and the perpetrator it names.
type actorCase struct{ text, actor1 string }

// checkActor1 extracts each text's one event, published on day, and
// checks its actor1.
func checkActor1(t *testing.T, x *Extractor, day string, cases []actorCase) {
	t.Helper()
	for _, c := range cases {
		checkField(t, x, day, c.text, "actor1", c.actor1, func(ev Event) string { return ev.Actor1 })
	}
}

// subCase is a text of one event and its sub-event type.
type subCase struct{ text, sub string }

// checkSubEvents extracts each text's one event, published on day, and
// checks its sub-event type.
func checkSubEvents(t *testing.T, x *Extractor, day string, cases []subCase) {
	t.Helper()
	for _, c := range cases {
		checkField(t, x, day, c.text, "sub-event", c.sub, func(ev Event) string { return ev.SubEventType })
	}
}

// checkField extracts text's one event, published on day, and checks
// the field get reads.
func checkField(t *testing.T, x *Extractor, day, text, name, want string, get func(Event) string) {
	t.Helper()
	ev, _ := oneEvent(t, x, day, text)
	if got := get(ev); got != want {
		t.Errorf("%q: %s %q, want %q", text, name, got, want)
	}
}

// testExtractor reads a gazetteer from its lines (the format of the
// generated file) and uses the default actors.
func testExtractor(t *testing.T, tsv string) *Extractor {
	t.Helper()
	g, err := NewGazetteer(strings.NewReader(tsv))
	if err != nil {
		t.Fatal(err)
	}
	return NewExtractor(g, nil)
}

// events extracts the events of a text published on day.
func events(t *testing.T, x *Extractor, day, text string) []Event {
	t.Helper()
	return extractOn(t, x, day, "Title", text).Events
}

// extractOn extracts one report published on day, with its headline.
func extractOn(t *testing.T, x *Extractor, day, headline, text string) *Extraction {
	t.Helper()
	arts, err := Parse("a.txt", []byte("Published: "+day+"T10:00:00Z\n\n"+headline+"\n\n"+text+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return x.Extract(arts[0])
}

func TestFightingSpokenOf(t *testing.T) {
	tsv := "1\tBakhmut\tUA\t14\tPPLA2\t70000\t48.59\t38.00\t\t\n"
	x := testExtractor(t, tsv)
	for _, c := range []struct {
		text string
		want int
	}{
		{"The UN had received reports of fighting in the area between the rebels and local militias.", 0},
		{"The radio station reports that clashes have occurred between regular forces and the militants in some areas.", 0},
		{"The group uses the term for members killed in fighting with the army.", 0},
		{"The talks on Sunday seek a deal to end the fighting between the two sides.", 0},
		// A toll, a day or a town of its own makes it news.
		{"Heavy fighting killed 12 soldiers, officials said.", 1},
		{"Fighting raged on Monday near the front line, officials said.", 1},
		{"Fighting centred on Bakhmut has left many neighbourhoods in the crossfire.", 1},
		{"Clashes broke out south of the town between the rebels and the army, a monitor said.", 1},
	} {
		if evs := events(t, x, "2024-11-02", c.text); len(evs) != c.want {
			t.Errorf("%q: %d events, want %d", c.text, len(evs), c.want)
		}
	}
}

// A quote that names the town of the lede's region, by the same hand,
// tells the lede's event again: one event, in the town.
func TestRetoldInTheRegionsTown(t *testing.T) {
	x := testExtractor(t, "country:IN\tIndia\tIN\t\tPCLI\t0\t22.0\t79.0\t\tIndian\n"+
		"country:PK\tPakistan\tPK\t\tPCLI\t0\t30.0\t70.0\t\tPakistani\n"+
		"IN-12\tJammu and Kashmir\tIN\t12\tADM1\t0\t33.5\t75.0\t\t\n"+
		"1\tArnia\tIN\t12\tPPL\t5000\t32.52\t74.80\t\t\n"+
		"2\tHiranagar\tIN\t12\tPPL\t9000\t32.45\t75.27\t\t\n")
	evs := events(t, x, "2014-10-06", "Five villagers were killed on Monday in mortar shelling by Pakistani troops in Jammu and Kashmir. "+
		"The incident is the worst in years. "+
		`"Pakistani Rangers resorted to heavy shelling of mortars on ten border posts in Arnia on Monday," a spokesman said.`)
	if len(evs) != 1 || evs[0].Place == nil || evs[0].Place.Place.Name != "Arnia" || evs[0].Fatalities != 5 {
		t.Fatalf("events %+v, want one in Arnia with five killed", evs)
	}
	// Told by another hand, or further on, it is another event.
	evs = events(t, x, "2014-10-06", "Five villagers were killed on Monday in mortar shelling by Pakistani troops in Jammu and Kashmir. "+
		"Officials gave no details. Schools were shut. Roads were closed. Shops stayed shut. "+
		`"Mortar shells fired by Pakistani troops landed in Hiranagar on Monday," a resident said.`)
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2", len(evs))
	}
}

// Who was killed is not who killed.
func TestKilledIsNoPerpetrator(t *testing.T) {
	x := testExtractor(t, "country:IL\tIsrael\tIL\t\tPCLI\t0\t31.5\t34.9\t\tIsraeli\n")
	for _, c := range []struct{ text, actor1 string }{
		{"An air strike on Saturday killed two senior Hamas militants, the army said.", ""},
		{"Two people were killed on Saturday in an Israeli air strike, medics said.", "Military Forces of Israel"},
		{"Two people were killed by an Israeli air strike on Saturday, medics said.", "Military Forces of Israel"},
	} {
		if ev, _ := oneEvent(t, x, "2024-08-17", c.text); ev.Actor1 != c.actor1 {
			t.Errorf("%q: actor1 %q, want %q", c.text, ev.Actor1, c.actor1)
		}
	}
}

// A facility named after its town is in the town.
func TestFacilityOfATown(t *testing.T) {
	x := testExtractor(t, "1\tKhartoum\tSD\t29\tPPLC\t1974647\t15.55\t32.53\t\t\n")
	_, place := oneEvent(t, x, "2025-10-24", "Air defences intercepted drones flying over Khartoum International Airport on Friday, witnesses said.")
	if place != "Khartoum" {
		t.Errorf("place %s, want Khartoum", place)
	}
}

// "X in the Y district" where the gazetteer's X is elsewhere: a village
// it lacks, placed in the district the article names.
func TestEnclosingDistrict(t *testing.T) {
	x := testExtractor(t, "country:AZ\tAzerbaijan\tAZ\t\tPCLI\t0\t40.5\t47.5\t\tAzerbaijani\n"+
		"1\tAgdam\tAZ\t04\tPPLA\t28000\t39.99\t46.93\t\t\n"+
		"region:AZ.XVD\tKhojavend District\tAZ\t65\tADM1\t0\t39.66\t47.03\t\t\n"+
		"2\tKhojavend\tAZ\t65\tPPLA\t5000\t39.79\t47.11\t\t\n")
	for _, c := range []struct{ text, place string }{
		{"Gunmen attacked army posts in the village of Agdam in the Khojavend District on Sunday.", "Khojavend District"},
		{"Gunmen attacked army posts in Agdam and Kirni sectors of the Khojavend District on Sunday.", "Khojavend District"},
		// In the district it names, the town stays.
		{"Gunmen attacked army posts in Khojavend, Khojavend District on Sunday.", "Khojavend"},
		{"Gunmen attacked army posts in the town of Agdam on Sunday.", "Agdam"},
	} {
		if _, place := oneEvent(t, x, "2020-12-28", c.text); place != c.place {
			t.Errorf("%q: place %s, want %s", c.text, place, c.place)
		}
	}
}

// "southern Lebanon" is the region named by the compass word, GeoNames'
// though the committed list has other regions of Lebanon.
func TestCompassRegion(t *testing.T) {
	x := testExtractor(t, "region:LB.JA\tSouth Governorate\tLB\t06\tADM1\t0\t33.40\t35.33\t\t\n"+
		"region:LB.BI\tBeqaa Governorate\tLB\t08\tADM1\t0\t33.68\t35.87\t\t\n")
	_, place := oneEvent(t, x, "2025-09-14", "An Israeli drone strike on a car in southern Lebanon killed one person on Sunday.")
	if place != "South Governorate" {
		t.Errorf("place %s, want South Governorate", place)
	}
	if p := x.Gazetteer.Lookup("Beqaa Governorate"); len(p) != 1 || !p[0].Committed {
		t.Errorf("Beqaa Governorate: %+v, want the committed region alone", p)
	}
}

// An act told as the cause, the precedent or the origin of another is
// background, not an event.
func TestBackgroundActs(t *testing.T) {
	noneOf(t, "2014-09-22", func(Event) bool { return true },
		"Residents fled to nearby farms on Sunday to escape the bombardment.",
		"The deaths on Monday came two weeks after an assault on the camps.",
		"The army said it had struck targets on Saturday in an area from which rockets were fired.",
		"The province has seen a lull in air strikes since Sunday.")
}

// noneOf checks that no text published on day gives an event that is.
func noneOf(t *testing.T, day string, is func(Event) bool, texts ...string) {
	t.Helper()
	x := testExtractor(t, "")
	for _, text := range texts {
		for _, ev := range events(t, x, day, text) {
			if is(ev) {
				t.Errorf("%q: an event %s (%q)", text, ev.SubEventType, ev.Trigger)
			}
		}
	}
}

// Past the lede, the present perfect without a day or a toll sums up.
func TestPerfectSumsUp(t *testing.T) {
	x := testExtractor(t, "")
	lede := "An air strike killed 54 people at a market on Monday. Witnesses said the attack came from the air. "
	for _, c := range []struct {
		text string
		want int
	}{
		{lede + "The army has carried out other airstrikes in the region recently.", 1},
		{lede + "The militias have ambushed several army convoys on the roads.", 1},
		{lede + "Two soldiers have been killed by rebel shelling of an army post.", 2},
	} {
		if evs := events(t, x, "2025-03-25", c.text); len(evs) != c.want {
			t.Errorf("%q: %d events, want %d", c.text, len(evs), c.want)
		}
	}
}

// The parties of the ceasefire an event breaks are not its perpetrator.
func TestPartiesOfTheCeasefire(t *testing.T) {
	x := testExtractor(t, "")
	ev, _ := oneEvent(t, x, "2014-09-29", "Shelling killed six people on Sunday, the worst violation yet of the cease-fire between the rebels and government troops.")
	if ev.Actor1 != "" {
		t.Errorf("actor1 %q, want none", ev.Actor1)
	}
}

// A sentence without a day goes on about the event before it, not about
// an earlier day that sentence named in passing.
func TestDayOfTheEventBefore(t *testing.T) {
	x := testExtractor(t, "1\tKhartoum\tSD\t29\tPPLC\t1974647\t15.55\t32.53\t\t\n"+
		"2\tOmdurman\tSD\t29\tPPL\t1200000\t15.64\t32.48\t\t\n")
	evs := events(t, x, "2023-05-26", "Clashes broke out between the army and the rebels in Khartoum on Thursday, despite the truce which took effect late Monday. "+
		"Clashes took place in Omdurman city, witnesses said.")
	if len(evs) != 2 || evs[1].Date == nil || evs[1].Date.Label() != "2023-05-25" {
		t.Fatalf("events %+v, want the second on 2023-05-25", evs)
	}
}

// A region known by another name before "city" or "port" is an
// adjective, not the event's place.
func TestRegionAsAdjective(t *testing.T) {
	x := testExtractor(t, "region:EG.BA\tRed Sea Governorate\tEG\t02\tADM1\t0\t25.0\t34.0\tRed Sea\t\n")
	if _, place := oneEvent(t, x, "2018-12-19", "Residents reported shelling late on Tuesday on the outskirts of the Houthi-held Red Sea city."); place != "-" {
		t.Errorf("place %s, want none", place)
	}
}

// A country whose city is named is no perpetrator.
func TestOwnerOfAPlace(t *testing.T) {
	x := testExtractor(t, "1\tGanja\tAZ\t24\tPPLA\t300000\t40.68\t46.36\t\t\n")
	for _, c := range []struct{ text, actor1 string }{
		{"A missile strike on Saturday hit a residential area of Azerbaijan's second city, Ganja, killing 13 people.", ""},
		{"A missile strike on Saturday hit Ganja, killing 13 people, the worst attack of Armenia's campaign.", "Military Forces of Armenia"},
	} {
		if ev, _ := oneEvent(t, x, "2020-10-18", c.text); ev.Actor1 != c.actor1 {
			t.Errorf("%q: actor1 %q, want %q", c.text, ev.Actor1, c.actor1)
		}
	}
}

// An agreement signed days before the article is the background of its
// violations, not news.
func TestAgreementDaysBefore(t *testing.T) {
	x := testExtractor(t, "")
	text := "Clashes broke out between the army and the rebels on Thursday. On May 20, the army and the rebels signed an agreement on a seven-day truce."
	for _, ev := range events(t, x, "2023-05-26", text) {
		if ev.SubEventType == "Agreement" {
			t.Errorf("an agreement of 2023-05-20 coded as news: %+v", ev)
		}
	}
	if evs := events(t, x, "2023-05-21", text); len(evs) != 2 {
		t.Errorf("%d events the day after the agreement, want the clash and the agreement", len(evs))
	}
}

// An attack launched, or attempted, is a clash.
func TestAttackLaunched(t *testing.T) {
	x := testExtractor(t, "")
	for _, text := range []string{
		"On Sunday morning the enemy launched an attack in the southern direction, the ministry said.",
		"Units made attempts to attack army positions on Sunday night, the ministry said.",
	} {
		if ev, _ := oneEvent(t, x, "2020-10-18", text); ev.SubEventType != "Armed clash" {
			t.Errorf("%q: %s, want an armed clash", text, ev.SubEventType)
		}
	}
}

// An agreement named as the frame of something else is no news of one.
func TestAgreementAsFrame(t *testing.T) {
	noneOf(t, "2020-10-11", func(ev Event) bool { return ev.SubEventType == "Agreement" },
		"Under the terms of the ceasefire deal, only UN peacekeepers should be deployed in the south, which Israel declared on Tuesday.",
		"After reaching an agreement, the ministry announced on Saturday that drones were used.",
		"Shooting was heard minutes after the agreed 6 p.m. onset of the ceasefire on Tuesday.")
}

// "according to" is no accord, and "Nov" in a dateline no town.
func TestAccordingNov(t *testing.T) {
	noneOf(t, "2024-12-11", func(ev Event) bool { return ev.SubEventType == "Agreement" },
		"At least 28 people have been killed since the ceasefire came into force, according to Lebanese figures.")
	x := testExtractor(t, "1\tNov\tTJ\t08\tPPL\t8000\t40.15\t69.37\t\t\n")
	for _, p := range x.Extract(Article{Text: "Gaza, Nov 25: Israeli forces killed three people on Monday.", Published: time.Date(2025, 11, 25, 6, 0, 0, 0, time.UTC)}).Places {
		if p.Text == "Nov" {
			t.Errorf("a town found in the date %q", p.Text)
		}
	}
}
