package ingest

import (
	"testing"
)

// Rules of the twenty-ninth pass, from the errors of the thirty-second
// and thirty-third real batches counted by cause (BENCHMARKS.md). Each
// test fails without its rule; the sentences are written for these
// tests.

// "said Ernest Bonang, a federal lawmaker", then "Bonang said": a
// person's family name is no town abroad spelt the same.
func TestPersonIsNoPlace(t *testing.T) {
	x := testExtractor(t, "935\tBonang\tID\t07\tPPL\t50000\t-6.66\t111.47\t\t\n"+
		"936\tBangui\tCF\t18\tPPLC\t900000\t4.36\t18.55\t\t\n"+
		"country:CF\tCentral African Republic\tCF\t\tPCLI\t0\t7.0\t21.0\t\tCentral African\n"+
		"country:ID\tIndonesia\tID\t\tPCLI\t0\t-5.0\t120.0\t\tIndonesian\n")
	arts, err := Parse("a.txt", []byte("Published: 2023-12-23T10:00:00Z\n\nNews\n\nRebels killed 20 people in a village of the Central African Republic on Thursday, said Ernest Bonang, a federal lawmaker. "+
		"The attackers burned down houses, Bonang said.\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range x.Extract(arts[0]).Places {
		if p.Place.Country == "ID" {
			t.Errorf("%q read as %s, Indonesia", p.Text, p.Place.Name)
		}
	}
}

// "Four jawans of the state's armed force and two of its police were
// killed in an IED blast": forces named within the subject of a passive
// harm are the harmed, never the bomb's maker; "Rebels attacked the post
// and two soldiers were killed" keeps the rebels.
func TestForcesInTheHarmedSubject(t *testing.T) {
	x := NewExtractor(fullGazetteer(t), DefaultActors())
	checkActor1(t, x, "2018-05-21", []actorCase{
		{"Four jawans of the Chhattisgarh Armed Force and two jawans of the Chhattisgarh Police's District Force were killed on Sunday in an IED blast near Cholnar in Dantewada district.", "Unidentified Armed Group (India)"},
		{"Rebels attacked a police post in Dantewada, India, on Sunday and two policemen were killed.", "Opposition rebels (India)"},
	})
}

// "A Ukrainian drone attacked the village of Otradnoye in the Belgorod
// region": a town found only by another transliteration, 1,000 km from
// the report's other towns of its country, is not the village; the act
// is left unplaced rather than put there.
func TestFarAlternateIsNotTheVillage(t *testing.T) {
	x := testExtractor(t, "937\tOtradnyy\tRU\t65\tPPL\t50127\t53.38\t51.35\tOtradnoye\t\n"+
		"938\tBelgorod\tRU\t09\tPPLA\t390000\t50.61\t36.58\t\t\n"+
		"country:RU\tRussia\tRU\t\tPCLI\t0\t61.5\t99.0\t\tRussian\n")
	for _, ev := range events(t, x, "2024-10-14", "A Ukrainian drone attacked the village of Otradnoye near Belgorod in Russia on Sunday, killing a woman, the governor said.") {
		if ev.Place != nil && ev.Place.Place.Name == "Otradnyy" {
			t.Errorf("placed at Otradnyy, 1,000 km from Belgorod")
		}
	}
}

// "At least 25 people were killed in an attack by rebels in Beni
// territory", then the ADF named again and again: the country's generic
// rebels are the group the report names most; with two groups named as
// often they stay generic.
func TestRebelsOfTheReport(t *testing.T) {
	x := NewExtractor(fullGazetteer(t), DefaultActors())
	lede := "At least 25 people were killed in an attack on Thursday by rebels in the Democratic Republic of the Congo's Beni territory, officials said. "
	checkActor1(t, x, "2021-01-01", []actorCase{
		{lede + "ADF rebels have killed hundreds in the region. Residents blamed the ADF for the attack, and the army said it was tracking the ADF.", "Allied Democratic Forces"},
		{lede + "The ADF and the CODECO militia are both active in the region.", "Opposition rebels (Democratic Republic of Congo)"},
	})
}
