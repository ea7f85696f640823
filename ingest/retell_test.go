package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// Events as news tells them across sentences: a retelling that adds the
// place, the killing a strike caused, the day given in the next
// sentence, a lede in the present perfect; and two events that stay two.
func TestEventsAcrossSentences(t *testing.T) {
	x := NewExtractor(nil, nil)
	for _, c := range []struct {
		name, text string
		want       []string // sub-event type | place | day | toll
	}{
		{"RetellingAddsThePlace",
			"An air strike killed 18 people on Monday, officials said. Shells hit the market in Saraqeb, residents said.",
			[]string{"Air/drone strike | Saraqeb | 2016-09-19 | 18"}},
		{"KillingCausedByTheStrike",
			"Warplanes bombed Saraqeb on Monday, a monitor said. The opposition said the government had deliberately killed civilians when it pounded the market.",
			[]string{"Air/drone strike | Saraqeb | 2016-09-19 | 0"}},
		{"DayInTheNextSentence",
			"Warplanes carried out five air strikes on Saraqeb, a monitor said. The monitor reported the breaches on Sunday.",
			[]string{"Air/drone strike | Saraqeb | 2016-09-18 | 0"}},
		{"PresentPerfectLede",
			"At least three people have been killed by an air strike on a market in Saraqeb, officials said.",
			[]string{"Air/drone strike | Saraqeb | 2016-09-20 | 3"}},
		{"QuoteRetellsTheLedeFarther",
			"Shelling killed six people in Saraqeb on Monday, the council said. Observers said they had come under fire. They left the area. The team returned to its base. \"The rebels shelled Saraqeb on Monday,\" the council said.",
			[]string{"Shelling/artillery/missile attack | Saraqeb | 2016-09-19 | 6"}},
		{"QuoteNamesTheNightBefore",
			"Four civilians have been killed by shelling on Saraqeb, the army said today. Its forces repelled an assault. \"The militia shelled Saraqeb on Monday night,\" the statement said.",
			[]string{"Shelling/artillery/missile attack | Saraqeb | 2016-09-19 | 4", "Armed clash | - | 2016-09-20 | 0"}},
		{"NextSentencesOtherClauseIsNotThePlace",
			"An air strike killed 18 people at a market on Monday, monitors said. The attack came as the army made gains in the capital, Aleppo.",
			[]string{"Air/drone strike | - | 2016-09-19 | 18"}},
		{"TheTruceAViolationBreaks",
			"An air strike killed one person in Saraqeb on Monday despite last year's truce. Warplanes have repeatedly struck the province in violation of the ceasefire agreed in Moscow.",
			[]string{"Air/drone strike | Saraqeb | 2016-09-19 | 1"}},
		{"AnOldAgreementIsBackground",
			"Clashes in Saraqeb killed seven fighters on Monday. The sides agreed to a ceasefire on August 9. They signed a truce on Sunday.",
			[]string{"Armed clash | Saraqeb | 2016-09-19 | 7", "Agreement | - | 2016-09-18 | 0"}},
		{"TwoEventsStayTwo",
			"An air strike hit Saraqeb on Monday, killing five people. Rebels shelled Aleppo on Monday, killing three.",
			[]string{"Air/drone strike | Saraqeb | 2016-09-19 | 5", "Shelling/artillery/missile attack | Aleppo | 2016-09-19 | 3"}},
		{"SameKindElsewhereOrAnotherDayStaysTwo",
			"An air strike hit Saraqeb on Monday, killing five people. Rebels said they fought back. Residents fled. An air strike hit Aleppo on Monday. Another air strike hit Saraqeb on Wednesday.",
			[]string{"Air/drone strike | Saraqeb | 2016-09-19 | 5", "Air/drone strike | Aleppo | 2016-09-19 | 0", "Air/drone strike | Saraqeb | 2016-09-14 | 0"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			arts, err := Parse("a.txt", []byte("Published: 2016-09-20T10:00:00Z\n\nTitle\n\n"+c.text+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ev := range x.Extract(arts[0]).Events {
				place, day := "-", "-"
				if ev.Place != nil {
					place = ev.Place.Place.Name
				}
				if ev.Date != nil {
					day = ev.Date.Label()
				}
				got = append(got, fmt.Sprintf("%s | %s | %s | %d", ev.SubEventType, place, day, ev.Fatalities))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// A town named beside others of one district is that district's town,
// not a larger homonym far away.
func TestHomonymNearTheOtherPlaces(t *testing.T) {
	tsv := strings.Join([]string{
		"1\tNovoselivka\tUA\t07\tPPL\t20000\t46.50000\t30.50000\t\t",
		"2\tNovoselivka\tUA\t07\tPPL\t3000\t49.72000\t36.55000\t\t",
		"3\tBalakliia\tUA\t07\tPPL\t26000\t49.46000\t36.86000\t\t",
		"4\tIzium\tUA\t07\tPPL\t45000\t49.21000\t37.26000\t\t",
	}, "\n") + "\n"
	x := testExtractor(t, tsv)
	for _, c := range []struct {
		text    string
		wantLat float64
		how     string
	}{
		{"ODESA, Ukraine - Russian shelling hit Novoselivka, Balakliia and Izium on Monday, officials said.", 49.72, HowNearOthers},
		{"KYIV, Ukraine - Russian shelling hit Novoselivka on Monday, officials said.", 46.5, HowSubjectCountry}, // nothing near either: the larger
	} {
		arts, err := Parse("a.txt", []byte("Published: 2022-08-02T10:00:00Z\n\nTitle\n\n"+c.text+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		ex := x.Extract(arts[0])
		var got *PlaceMention
		for i := range ex.Places {
			if ex.Places[i].Text == "Novoselivka" {
				got = &ex.Places[i]
			}
		}
		if got == nil || got.Place.Lat != c.wantLat || got.How != c.how {
			t.Errorf("%q: Novoselivka resolved to %+v, want the one at latitude %v, %q", c.text, got, c.wantLat, c.how)
		}
	}
}

// Who did it is named after the act's noun ("artillery fire by the
// RSF"); who speaks through a statement is not the perpetrator.
func TestActorByTheActsNoun(t *testing.T) {
	x := NewExtractor(nil, nil)
	arts, err := Parse("a.txt", []byte("Published: 2025-06-28T10:00:00Z\n\nTitle\n\nThirteen civilians were killed on Friday following heavy artillery fire by the Rapid Support Forces in Omdurman, according to a statement released by the Sudanese army.\n"))
	if err != nil {
		t.Fatal(err)
	}
	evs := x.Extract(arts[0]).Events
	if len(evs) != 1 || evs[0].Actor1 != "Rapid Support Forces" || evs[0].Fatalities != 13 {
		t.Fatalf("events %+v, want one shelling by the Rapid Support Forces killing 13", evs)
	}
}

// A dateline written in ordinary case with the agency in brackets is
// neither the event's place nor its day.
func TestAgencyDateline(t *testing.T) {
	x := NewExtractor(nil, nil)
	for _, c := range []struct{ text, place, day string }{
		{"Damascus, Sept. 20 (Agency) At least 12 people were killed in shelling of Aleppo on Monday, a monitor said.", "Aleppo", "2016-09-19"},
		{"Beirut (Agency): Warplanes struck villages near the border on Monday, residents said.", "-", "2016-09-19"},
		{"DAMASCUS/ALEPPO, Sept. 20 (Agency) – Warplanes struck villages near the border on Monday, residents said.", "-", "2016-09-19"},
		{"DAMASCUS: Warplanes struck villages near the border on Monday, residents said.", "-", "2016-09-19"},
	} {
		ev, place := oneEvent(t, x, "2016-09-20", c.text)
		day := "-"
		if ev.Date != nil {
			day = ev.Date.Label()
		}
		if place != c.place || day != c.day {
			t.Errorf("%q: place %s, day %s; want %s, %s", c.text, place, day, c.place, c.day)
		}
	}
}

// A town found only by another of its spellings does not add its country
// to the article's: "Suani" is a Libyan suburb in the news and, in
// GeoNames, also another spelling of a Belgian town.
func TestOtherSpellingIsNoCountry(t *testing.T) {
	tsv := strings.Join([]string{
		"1\tSoignies\tBE\tWAL\tPPL\t27000\t50.57904\t4.07129\tSuani|Zinnik\t",
		"2\tTripoli\tLY\t77\tPPLC\t1150000\t32.88743\t13.18733\t\t",
	}, "\n") + "\n"
	g, err := NewGazetteer(strings.NewReader(tsv))
	if err != nil {
		t.Fatal(err)
	}
	arts, err := Parse("a.txt", []byte("Published: 2019-04-18T10:00:00Z\n\nTitle\n\nMortars landed on Suani, a suburb of Tripoli, on Wednesday, residents said.\n"))
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExtractor(g, nil).Extract(arts[0])
	for _, c := range ex.Countries {
		if c == "BE" {
			t.Errorf("countries %v: Belgium counted for a Belgian town's other spelling", ex.Countries)
		}
	}
	for _, p := range ex.Places {
		if p.Place.Country == "BE" {
			t.Errorf("place %q resolved to %s, Belgium", p.Text, p.Place.Name)
		}
	}
}

// A strike whose sentence names nobody is by whoever the article's last
// strike was by; another kind of event does not inherit it.
func TestSameHand(t *testing.T) {
	x := NewExtractor(nil, nil)
	arts, err := Parse("a.txt", []byte("Published: 2016-09-20T10:00:00Z\n\nTitle\n\nRussian air strikes killed 12 people in Saraqeb on Monday, a monitor said. Rescuers searched the rubble. An air strike on a house in Aleppo killed four people on Monday. Clashes erupted in Homs on Monday.\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range x.Extract(arts[0]).Events {
		got = append(got, ev.SubEventType+" | "+ev.Actor1)
	}
	want := []string{"Air/drone strike | Military Forces of Russia", "Air/drone strike | Military Forces of Russia", "Armed clash | Unidentified Armed Group (Syria)"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Who speaks for a force is not who fired ("a spokesman for the Indian
// Border Security Force told …"); a capital that declares acts ("since
// Moscow declared a ceasefire"); "south Lebanon" is no town named South
// Lebanon.
func TestSpeakersMetonymsDirections(t *testing.T) {
	tsv := "1\tSouth Lebanon\tUS\tOH\tPPL\t4000\t39.37\t-84.21\t\t\n" +
		"country:PK\tPakistan\tPK\t\tPCLI\t0\t30.0\t70.0\t\tPakistani\n"
	g, err := NewGazetteer(strings.NewReader(tsv))
	if err != nil {
		t.Fatal(err)
	}
	x := NewExtractor(g, nil)
	for _, c := range []struct{ text, actor1, place string }{
		{"Pakistani Rangers fired mortars at border posts on Monday, a spokesman for the Indian Border Security Force told reporters.", "Military Forces of Pakistan", "-"},
		{"Russian airstrikes killed a man on Tuesday, the first such casualty since Moscow declared a ceasefire.", "Military Forces of Russia", "-"},
		{"An Israeli strike on south Lebanon killed one man on Tuesday, the ministry said.", "Military Forces of Israel", "-"},
	} {
		ev, place := oneEvent(t, x, "2019-09-11", c.text)
		if ev.Actor1 != c.actor1 || place != c.place {
			t.Errorf("%q: actor1 %q, place %s; want %q, %s", c.text, ev.Actor1, place, c.actor1, c.place)
		}
	}
}

// oneEvent extracts the one event a text published on day reports, and
// the name of its place ("-" for none).
func oneEvent(t *testing.T, x *Extractor, day, text string) (Event, string) {
	t.Helper()
	arts, err := Parse("a.txt", []byte("Published: "+day+"T10:00:00Z\n\nTitle\n\n"+text+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	evs := x.Extract(arts[0]).Events
	if len(evs) != 1 {
		t.Fatalf("%q: %d events, want 1", text, len(evs))
	}
	if evs[0].Place == nil {
		return evs[0], "-"
	}
	return evs[0], evs[0].Place.Place.Name
}
