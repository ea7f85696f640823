package ingest

import (
	"testing"

	"github.com/truce-center/truce"
)

// Rules of the thirty-ninth pass, from the errors of the sixty-second
// to seventy-third real batches (BENCHMARKS.md). Each test fails without
// its rule; the sentences and gazetteer rows are written for these
// tests.

// kurdRows is a small gazetteer of two countries and two towns.
const kurdRows = "country:IR\tIran\tIR\t\tPCLI\t0\t32.0\t53.0\t\tIranian\n" +
	"country:TR\tTurkey\tTR\t\tPCLI\t0\t39.0\t35.0\t\tTurkish\n" +
	"3901\tSanandaj\tIR\t16\tPPLA\t400000\t35.31\t47.00\t\t\n" +
	"3902\tHakkari\tTR\t70\tPPLA\t60000\t37.57\t43.74\t\t\n"

// The Kurdish insurgent groups of Turkey and Iran are named groups of
// their own, by their names and their acronyms.
func TestKurdishInsurgentGroups(t *testing.T) {
	x := testExtractor(t, kurdRows)
	checkActor1(t, x, "2022-05-03", []actorCase{
		{"Fighters of the Kurdistan Free Life Party (PJAK) attacked a border post near Sanandaj on Monday, killing two guards.", "Party of Free Life of Kurdistan"},
		{"PKK militants attacked a gendarmerie post near Hakkari on Monday, killing two soldiers.", "PKK: Kurdistan Workers Party"},
	})
}

// A state's forces that report air strikes killing the armed group they
// fight, with no other hand named, report their own strikes; not when
// civilians are the ones killed (the report may blame another).
func TestOwnStrikesReported(t *testing.T) {
	x := testExtractor(t, kurdRows)
	checkActor1(t, x, "2022-05-03", []actorCase{
		{"Six PKK militants were killed in air strikes on caves outside Hakkari on Monday, according to the Turkish military.", "Military Forces of Turkey"},
		{"Six shepherds were killed in air strikes on caves outside Hakkari on Monday, according to the Turkish military.", ""},
	})
}

// The spent cases of fired rounds found at a scene ("bullet shells",
// "shells from three rifles") are evidence, not shelling; shells fired
// on a town still are.
func TestSpentShellsAreNoShelling(t *testing.T) {
	x := testExtractor(t, kurdRows)
	for _, c := range []struct {
		text string
		want int
	}{
		{"Gunmen shot dead four men at a cafe in Sanandaj on Monday, police said. Investigators picked up spent shells of two calibres by the door.", 0},
		{"Gunmen shot dead four men at a cafe in Sanandaj on Monday, police said. Police collected dozens of empty bullet shells from the pavement.", 0},
		{"Gunmen shot dead four men at a cafe in Sanandaj on Monday, police said. Shells were scattered across the pavement.", 0},
		{"Gunmen shot dead four men at a cafe in Sanandaj on Monday, police said. Later, shells fell on the outskirts of Sanandaj, killing a boy.", 1},
	} {
		n := 0
		for _, ev := range events(t, x, "2022-05-03", c.text) {
			if ev.SubEventType == truce.Shelling {
				n++
			}
		}
		if n != c.want {
			t.Errorf("%q: %d shellings, want %d", c.text, n, c.want)
		}
	}
}

// Armed men who killed people told by any common noun ("five men", "a
// woman", "two young men", "four customers") attacked them.
func TestKilledMenAndCustomers(t *testing.T) {
	x := testExtractor(t, kurdRows)
	checkSubEvents(t, x, "2022-05-03", []subCase{
		{"In Sanandaj on Sunday, gunmen killed three men who were playing cards outside a shop.", "Attack"},
		{"Gunmen killed two young men outside a shop in Sanandaj on Sunday.", "Attack"},
		{"Gunmen killed four customers at a restaurant in Sanandaj on Sunday.", "Attack"},
		{"Gunmen killed a woman near her home in Sanandaj on Sunday.", "Attack"},
	})
}

// People of any common noun killed by armed men were attacked, in the
// passive as in the active.
func TestMenKilledByGunmen(t *testing.T) {
	x := testExtractor(t, kurdRows)
	checkSubEvents(t, x, "2022-05-03", []subCase{
		{"Two men were killed by gunmen outside a shop in Sanandaj on Sunday, police said.", "Attack"},
		{"Three shoppers were killed by gunmen at a market in Sanandaj on Sunday.", "Attack"},
	})
}

// A single gunman is an armed man as gunmen are: unnamed, he is the
// unidentified armed group of the report's country.
func TestLoneGunman(t *testing.T) {
	x := testExtractor(t, kurdRows)
	checkActor1(t, x, "2022-05-03", []actorCase{
		{"A gunman killed two taxi drivers at a rank in Sanandaj on Sunday, police said.", "Unidentified Armed Group (Iran)"},
	})
}

// Fire opened on a place or a person that killed people, or killed the
// one it was opened on, is an attack.
func TestOpenedFireKilling(t *testing.T) {
	x := testExtractor(t, kurdRows)
	checkSubEvents(t, x, "2022-05-03", []subCase{
		{"Gunmen opened fire inside a crowded cafe in Sanandaj on Sunday, killing six people.", "Attack"},
		{"Two gunmen on a motorcycle opened fire on a traffic officer at a junction in Sanandaj on Sunday, killing him.", "Attack"},
	})
}

// A feast or a bloc told by its name ("over Christmas", "the
// Alliance") is no town abroad that GeoNames spells the same.
func TestFeastOrPactIsNoTown(t *testing.T) {
	rows := kurdRows + "3903\tChristmas\tUS\tFL\tPPL\t1100\t28.54\t-81.02\t\t\n" +
		"3904\tAlliance\tUS\tNE\tPPL\t8000\t42.10\t-102.87\t\t\n"
	x := testExtractor(t, rows)
	for _, text := range []string{
		"Gunmen killed four villagers in Iran over Christmas, police said.",
		"Gunmen killed four villagers in Iran on Sunday. The Alliance held talks on the border.",
	} {
		for _, ev := range events(t, x, "2022-05-03", text) {
			if ev.Place != nil && ev.Place.Place.Country == "US" {
				t.Errorf("%q: placed at %s in the United States", text, ev.Place.Text)
			}
		}
	}
}

// A part of a town named with its word ("the X district of southern
// Y") is in that town, not at a homonym of X far away.
func TestDistrictOfATown(t *testing.T) {
	rows := kurdRows + "3905\tSan Pedro\tCR\t08\tPPLC\t300000\t9.93\t-84.05\t\t\n" +
		"country:CR\tCosta Rica\tCR\t\tPCLI\t0\t10.0\t-84.0\t\tCosta Rican\n"
	x := testExtractor(t, rows)
	text := "Two grenades were thrown into a market in the San Pedro neighbourhood of Sanandaj on Sunday, wounding five traders."
	for _, ev := range events(t, x, "2022-05-03", text) {
		if ev.Place == nil || ev.Place.Place.Country != "IR" {
			t.Errorf("%q: placed at %+v, want in Sanandaj", text, ev.Place)
		}
	}
}

// A district "in southern Y", where Y is the seat of a region that
// holds the district's town, stays at that town.
func TestDistrictOfARegionsSeat(t *testing.T) {
	rows := kurdRows + "3906\tMarivan\tIR\t16\tPPL\t90000\t35.52\t46.18\t\t\n"
	x := testExtractor(t, rows)
	text := "A landmine killed a farmer in the Marivan district in western Sanandaj on Sunday, officials said."
	for _, ev := range events(t, x, "2022-05-03", text) {
		if ev.Place == nil || ev.Place.Place.Name != "Marivan" {
			t.Errorf("%q: placed at %+v, want Marivan", text, ev.Place)
		}
	}
}

// An acronym credited in a dateline ("TOWN, May 2, XYZ – ") is the
// agency that wrote the report, not a party to the act, even when an
// armed group goes by the same letters.
func TestDatelineCreditIsNoActor(t *testing.T) {
	x := testExtractor(t, kurdRows)
	ex := extractOn(t, x, "2022-05-03", "Title", "Sanandaj (Kurdistan), May 2, SDF – Gunmen killed four villagers near Sanandaj on Sunday, police said.")
	for _, m := range ex.Actors {
		if m.Text == "SDF" {
			t.Errorf("the dateline's credit read as %q", m.Actor)
		}
	}
}

// Dissidents "from" or "of" a group the list also holds as its
// dissidents are those dissidents, and so is the acronym in brackets.
func TestDissidentsFromTheGroup(t *testing.T) {
	rows := "country:CO\tColombia\tCO\t\tPCLI\t0\t4.0\t-73.0\t\tColombian\n" +
		"3907\tVillavicencio\tCO\t26\tPPLA\t500000\t4.14\t-73.63\t\t\n"
	x := testExtractor(t, rows)
	checkActor1(t, x, "2022-05-03", []actorCase{
		{"Four soldiers were killed near Villavicencio on Sunday in an ambush by dissidents of the Revolutionary Armed Forces of Colombia (FARC), the army said.", "FARC dissidents"},
	})
}
