package ingest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Rules of the fortieth pass, from the errors of the sixty-second to
// seventy-seventh real batches (BENCHMARKS.md). Each test fails without
// its rule; the sentences and gazetteer rows are written for these
// tests.

// sahelRows is a small gazetteer of three countries and a town.
const sahelRows = "country:ML\tMali\tML\t\tPCLI\t0\t17.0\t-4.0\t\tMalian\n" +
	"country:FR\tFrance\tFR\t\tPCLI\t0\t46.0\t2.0\t\tFrench\n" +
	"country:PK\tPakistan\tPK\t\tPCLI\t0\t30.0\t70.0\t\tPakistani\n" +
	"country:AF\tAfghanistan\tAF\t\tPCLI\t0\t33.0\t65.0\t\tAfghan\n" +
	"4001\tMopti\tML\t07\tPPLA\t120000\t14.49\t-4.20\t\t\n" +
	"4002\tMingora\tPK\t02\tPPL\t330000\t34.78\t72.36\t\t\n" +
	"4003\tKunduz\tAF\t24\tPPLA\t260000\t36.73\t68.86\t\t\n"

// "France" in the name of a news agency ("Agence France-Presse",
// "France Presse") is no place: it does not make France the subject of
// a report on Mali, whose unnamed gunmen are Mali's unidentified group.
func TestNewsAgencyIsNoCountry(t *testing.T) {
	x := testExtractor(t, sahelRows)
	checkActor1(t, x, "2021-03-08", []actorCase{
		{"Gunmen killed twelve herders in a village of central Mali on Sunday, a local official told Agence France-Presse. A second official told Agence France-Presse that the village had been burned, and a doctor told France Presse the toll could rise.", "Unidentified Armed Group (Mali)"},
	})
}

// South Sudan's ten states are regions of the gazetteer (the generated
// part has none of them): an act "in Warrap state" is placed there, and
// its unnamed raiders are South Sudan's unidentified group, not an
// unknown country's.
func TestSouthSudanStates(t *testing.T) {
	x := testExtractor(t, "country:SS\tSouth Sudan\tSS\t\tPCLI\t0\t7.0\t30.0\tRepublic of South Sudan\tSouth Sudanese\n")
	evs := events(t, x, "2020-07-29", "Gunmen attacked a village in Jonglei state on Tuesday, killing nine herders and stealing cattle, a county official said.")
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	ev := evs[0]
	if ev.Place == nil || ev.Place.Place.Name != "Jonglei State" {
		t.Errorf("place %v, want Jonglei State", ev.Place)
	}
	if ev.Actor1 != "Unidentified Armed Group (South Sudan)" {
		t.Errorf("actor1 %q, want the unidentified group of South Sudan", ev.Actor1)
	}
}

// The places that share a loose key (one name spelt otherwise) are
// listed in the gazetteer's order, whatever other rows it holds: the
// homonym a misspelt name is read as first no longer changes when an
// unrelated row is added.
func TestLooseIndexKeepsGazetteerOrder(t *testing.T) {
	var b strings.Builder
	spellings := []string{"Harib", "Hareb", "Haareb", "Hariib"}
	for k := range 60 {
		fmt.Fprintf(&b, "%d\t%s\tYE\t%02d\tPPL\t%d\t15.%02d\t45.%02d\t\t\n", 5000+2*k, spellings[k%4], k%20, 1000+k, k, k)
		fmt.Fprintf(&b, "%d\tTown%c%c\tYE\t01\tPPL\t500\t14.%02d\t44.%02d\t\t\n", 5001+2*k, 'a'+k%26, 'a'+k/26, k, k)
	}
	g, err := NewGazetteer(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	key, _ := appendLooseKey(nil, "hareb")
	ids := g.loose.lookup(looseHash(key))
	if len(ids) < 60 {
		t.Fatalf("%d places under the loose key, want 60", len(ids))
	}
	if !slices.IsSorted(ids) {
		t.Errorf("the places of one loose key are out of the gazetteer's order: %v", ids)
	}
}

// A movement told by its parent's name is its branch in the country of
// the act: the Taliban in Pakistan are the Pakistani Taliban, the
// Islamic State in Mali its Sahel Province; the Taliban in Afghanistan,
// and the Afghan Taliban at Pakistan's border, stay the Taliban.
func TestLocalBranchOfAMovement(t *testing.T) {
	x := testExtractor(t, sahelRows)
	checkActor1(t, x, "2021-03-08", []actorCase{
		{"Taliban fighters stormed a police post in Mingora on Sunday, killing four policemen, officials said.", "Tehreek-e-Taliban Pakistan"},
		{"Islamic State fighters attacked an army post near Mopti on Sunday, killing four soldiers, officials said.", "Islamic State Sahel Province"},
		{"Taliban fighters stormed a police post in Kunduz on Sunday, killing four policemen, officials said.", "Taliban"},
		{"Afghan Taliban fighters stormed a border post in Mingora on Sunday, killing four soldiers, officials said.", "Taliban"},
	})
}

// "Alshabaab", one word, is how Kenyan papers often write al-Shabaab.
func TestAlshabaabOneWord(t *testing.T) {
	x := testExtractor(t, "country:KE\tKenya\tKE\t\tPCLI\t0\t0.5\t38.0\t\tKenyan\n4004\tMandera\tKE\t35\tPPLA\t90000\t3.94\t41.86\t\t\n")
	checkActor1(t, x, "2021-03-08", []actorCase{
		{"Gunmen of Alshabaab raided a village in Mandera on Sunday and killed three men, police said.", "Al-Shabaab"},
	})
}

// A side the act was done "in coordination with" or "with the support
// of" helped the one that did it: French troops that struck a camp in
// cooperation with Mali's government did it, not Mali.
func TestSupporterIsNoMaker(t *testing.T) {
	x := testExtractor(t, sahelRows)
	checkActor1(t, x, "2021-03-08", []actorCase{
		{"In cooperation with the Malian government, French troops launched an air strike on a militant camp near Mopti on Sunday, killing six fighters.", "Military Forces of France"},
		{"With the support of the Malian government, French troops launched an air strike on a militant camp near Mopti on Sunday, killing six fighters.", "Military Forces of France"},
	})
}

// A capital named in apposition ("150 miles east of the capital,
// Bamako") is the point a distance is taken from, not where the act
// took place: an act placed by nothing else stays unplaced.
func TestCapitalInAppositionIsAReference(t *testing.T) {
	x := testExtractor(t, sahelRows+"4005\tBamako\tML\t08\tPPLC\t2000000\t12.65\t-8.00\t\t\n")
	for _, text := range []string{
		"A suicide bomber struck an army camp 150 miles east of the capital, Bamako, on Sunday, killing six soldiers.",
		"A suicide bomber struck an army camp 240 km north-east of the city, Bamako, on Sunday, killing six soldiers.",
	} {
		evs := events(t, x, "2021-03-08", text)
		if len(evs) != 1 {
			t.Fatalf("%q: %d events, want 1", text, len(evs))
		}
		if evs[0].Place != nil {
			t.Errorf("%q: placed at %s, want unplaced", text, evs[0].Place.Place.Name)
		}
	}
}

// Armed groups that reports on several borderlands name: Jaish al-Adl
// (Iran's south-east and Pakistan's Balochistan), the Kuki-Chin
// National Army (Bangladesh's Chittagong Hill Tracts), the MFDC
// (Senegal's Casamance), La Familia Michoacana (Mexico).
func TestBorderlandGroups(t *testing.T) {
	x := testExtractor(t, "country:IR\tIran\tIR\t\tPCLI\t0\t32.0\t53.0\t\tIranian\n"+
		"country:BD\tBangladesh\tBD\t\tPCLI\t0\t24.0\t90.0\t\tBangladeshi\n"+
		"4007\tSaravan\tIR\t04\tPPL\t60000\t27.37\t62.33\t\t\n"+
		"4008\tRuma\tBD\t84\tPPL\t20000\t21.93\t92.51\t\t\n")
	checkActor1(t, x, "2021-03-08", []actorCase{
		{"Fighters of Jaish al-Adl ambushed a border patrol near Saravan on Sunday, killing five guards, officials said.", "Jaish al-Adl"},
		{"Fighters of the Kuki-Chin National Army ambushed an army patrol near Ruma on Sunday, killing two soldiers, officials said.", "Kuki-Chin National Army"},
	})
}
