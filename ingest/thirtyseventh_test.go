package ingest

import (
	"slices"
	"testing"
)

// Rules of the thirty-seventh pass, from the errors of the sixty-second
// to sixty-fifth real batches (BENCHMARKS.md). Each test fails without
// its rule; the sentences and gazetteer rows are written for these
// tests.

// extractTitled extracts one report with its headline.
func extractTitled(t *testing.T, x *Extractor, headline, body string) *Extraction {
	t.Helper()
	return extractOn(t, x, "2019-05-06", headline, body)
}

// A people's name that several countries of the file give theirs is the
// people of the country with the most people in the file's towns, not
// of the first country listed: French forces are France's, not the
// French Southern and Antarctic Lands'.
func TestSharedDemonymMostPeople(t *testing.T) {
	x := testExtractor(t, "country:TF\tFrench Southern and Antarctic Lands\tTF\t\tPCLI\t0\t-49.25\t69.17\t\tFrench\n"+
		"country:FR\tFrance\tFR\t\tPCLI\t0\t46.0\t2.0\t\tFrench\n"+
		"country:MP\tNorthern Mariana Islands\tMP\t\tPCLI\t0\t15.2\t145.75\t\tAmerican\n"+
		"country:US\tUnited States\tUS\t\tPCLI\t0\t38.0\t-97.0\t\tAmerican\n"+
		"3701\tPort-aux-Français\tTF\t\tPPLC\t45\t-49.35\t70.22\t\t\n"+
		"3702\tLyonnais\tFR\t84\tPPL\t5000\t45.7\t4.8\t\t\n"+
		"3703\tSaipan\tMP\t\tPPLC\t48000\t15.21\t145.75\t\t\n"+
		"3704\tAmes\tUS\tIA\tPPL\t66000\t42.03\t-93.62\t\t\n")
	for word, want := range map[string]string{"French": "FR", "American": "US"} {
		if got, _ := x.Gazetteer.Demonym(word); got != want {
			t.Errorf("Demonym(%q) = %q, want %q", word, got, want)
		}
	}
	ex := extractTitled(t, x, "Strike in the desert", "French forces carried out an air strike on Sunday, a French army source said.")
	for _, m := range ex.Actors {
		if m.Country != "FR" {
			t.Errorf("%q read as %s (%s), want France's", m.Text, m.Actor, m.Country)
		}
	}
}

// Names joined by a lower-case particle ("Lanao del Sur", "Mato Grosso
// do Sul") are one longer name: when the gazetteer does not hold it,
// neither part is a place of its own.
func TestParticleJoinsOneName(t *testing.T) {
	x := testExtractor(t, "country:PH\tPhilippines\tPH\t\tPCLI\t0\t13.0\t122.0\t\tFilipino\n"+
		"country:OM\tOman\tOM\t\tPCLI\t0\t21.0\t57.0\t\tOmani\n"+
		"region:OM.04\tJanub ash Sharqiyah\tOM\t04\tADM1\t0\t22.57\t59.53\tSur\t\n"+
		"3711\tSur\tOM\t04\tPPLA\t71000\t22.57\t59.53\t\t\n"+
		"3712\tLanao\tPH\t07\tPPL\t2900\t11.26\t124.02\t\t\n"+
		"3713\tMarawi\tPH\t14\tPPLA2\t200000\t8.0\t124.29\t\t\n")
	ex := extractTitled(t, x, "Convoy ambushed", "Gunmen ambushed an army convoy in Lanao del Sur province on Sunday, killing eight soldiers near Marawi, the military said.")
	var names []string
	for _, p := range ex.Places {
		names = append(names, p.Text)
		if p.Place.Country == "OM" {
			t.Errorf("%q placed in Oman (%s)", p.Text, p.Place.Name)
		}
	}
	if slices.Contains(names, "Lanao") || !slices.Contains(names, "Marawi") {
		t.Errorf("places %q, want Marawi alone", names)
	}
}

// "the English-speaking regions": a language before "-speaking", not a
// town of that name.
func TestLanguageIsNoPlace(t *testing.T) {
	x := testExtractor(t, "country:CM\tCameroon\tCM\t\tPCLI\t0\t6.0\t12.0\t\tCameroonian\n"+
		"3721\tEnglish\tUS\tIN\tPPLA2\t630\t38.33\t-86.46\t\t\n"+
		"3722\tBamenda\tCM\t07\tPPLA\t400000\t5.96\t10.15\t\t\n")
	for _, body := range []string{
		"Gunmen kidnapped 79 pupils from a school on Sunday. The conflict has caused thousands to flee the two English-speaking regions.",
		"Separatists killed two soldiers near Bamenda on Sunday. The conflict has caused thousands to flee the two English-speaking regions.",
	} {
		ex := extractTitled(t, x, "School attacked", body)
		for _, p := range ex.Places {
			if p.Text == "English" {
				t.Errorf("%q placed at %s, %s", p.Text, p.Place.Name, p.Place.Country)
			}
		}
	}
}

// A headline that names a country where something happened ("8 dead in
// Philippines convoy attack") says what country the report is about
// when its text names none by its own name; a country the headline
// names otherwise ("Aid from Angola arrives after convoy attack") does
// not.
func TestHeadlineCountry(t *testing.T) {
	x := testExtractor(t, "country:PH\tPhilippines\tPH\t\tPCLI\t0\t13.0\t122.0\t\tFilipino\n"+
		"country:AO\tAngola\tAO\t\tPCLI\t0\t-12.5\t18.5\t\tAngolan\n"+
		"3731\tMulondo\tAO\t09\tPPL\t0\t-15.64\t15.2\t\t\n"+
		"3732\tMarawi\tPH\t14\tPPLA2\t200000\t8.0\t124.29\t\t\n")
	ex := extractTitled(t, x, "8 dead in Philippines convoy attack",
		"Rebels attacked an army convoy near Mulondo on Sunday, killing eight soldiers, a military spokesman said.")
	if len(ex.Countries) == 0 || ex.Countries[0] != "PH" {
		t.Errorf("countries %q, want the Philippines first", ex.Countries)
	}
	for _, m := range ex.Actors {
		if m.Actor == "Military Forces of Angola" {
			t.Errorf("%q read as %s", m.Text, m.Actor)
		}
	}
	ex = extractTitled(t, x, "Aid from Angola arrives after convoy attack",
		"Rebels attacked an army convoy near Marawi on Sunday, killing eight soldiers, a military spokesman said.")
	if len(ex.Countries) == 0 || ex.Countries[0] != "PH" {
		t.Errorf("countries %q, want the Philippines first", ex.Countries)
	}
}

// A people's name of two or three words ("Sri Lankan", "South
// Sudanese", "Papua New Guinean") before a noun of force names that
// country's forces, not those of a country whose people's name is its
// last word (Sudan, Guinea).
func TestDemonymOfSeveralWords(t *testing.T) {
	x := testExtractor(t, "country:LK\tSri Lanka\tLK\t\tPCLI\t0\t7.0\t81.0\t\tSri Lankan\n"+
		"country:SS\tSouth Sudan\tSS\t\tPCLI\t0\t7.0\t30.0\t\tSouth Sudanese\n"+
		"country:SD\tSudan\tSD\t\tPCLI\t0\t15.0\t30.0\t\tSudanese\n"+
		"country:PG\tPapua New Guinea\tPG\t\tPCLI\t0\t-6.0\t147.0\t\tPapua New Guinean\n"+
		"country:GN\tGuinea\tGN\t\tPCLI\t0\t11.0\t-10.0\t\tGuinean\n")
	for text, want := range map[string]string{
		"Sri Lankan troops killed 45 rebels on Friday, officials said.":       "Sri Lanka",
		"South Sudanese soldiers killed ten cattle raiders on Sunday.":        "South Sudan",
		"Papua New Guinean soldiers shot dead three gunmen on Monday.":        "Papua New Guinea",
		"Sudanese soldiers killed ten fighters on Sunday, the ministry said.": "Sudan",
	} {
		ex := extractTitled(t, x, "Clashes", text)
		if len(ex.Actors) == 0 || ex.Actors[0].Actor != "Military Forces of "+want {
			t.Errorf("%q: actors %+v, want the Military Forces of %s first", text, ex.Actors, want)
		}
	}
}
