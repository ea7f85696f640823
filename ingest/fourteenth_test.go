package ingest

import (
	"testing"

	"github.com/truce-center/truce"
)

// Rules of the fourteenth pass (BENCHMARKS.md, "Fourteenth pass"), from
// the fifteenth real batch's errors counted by cause: the armed groups
// and forces of the Sahel, Nigeria and Somalia, places named in an
// official's title, drones told as a "UAV attack" or explosives dropped
// from a drone. The sentences are written for these tests.

const fourteenthTSV = "1\tBeledweyne\tSO\t07\tPPLA\t60000\t4.74\t45.20\t\t\n" +
	"2\tMonguno\tNG\t08\tPPL\t100000\t12.67\t13.61\t\t\n" +
	"3\tKonduga\tNG\t08\tPPL\t20000\t11.65\t13.42\t\t\n" +
	"4\tBoni\tML\t06\tPPL\t5000\t15.03\t-1.99\t\t\n" +
	"5\tKidal\tML\t08\tPPLA\t25000\t18.44\t1.41\t\t\n" +
	"6\tDjibo\tBF\t78\tPPLA\t60000\t14.10\t-1.63\t\t\n" +
	"7\tGusau\tNG\t57\tPPLA\t200000\t12.16\t6.66\t\t\n" +
	"8\tAnefis\tML\t08\tPPL\t3000\t17.96\t0.55\t\t\n" +
	"country:SO\tSomalia\tSO\t\tPCLI\t0\t6.0\t46.0\t\tSomali\n" +
	"country:NG\tNigeria\tNG\t\tPCLI\t0\t10.0\t8.0\t\tNigerian\n" +
	"country:ML\tMali\tML\t\tPCLI\t0\t17.0\t-4.0\t\tMalian\n" +
	"country:BF\tBurkina Faso\tBF\t\tPCLI\t0\t12.5\t-1.7\t\tBurkinabe\n"

// The armed groups and state forces of the Sahel, Nigeria and Somalia
// are actors by their common names.
func TestSahelAndHornActors(t *testing.T) {
	x := testExtractor(t, fourteenthTSV)
	for _, c := range []struct{ text, want string }{
		{"Al-Shabaab fighters killed five civilians in Beledweyne on Tuesday.", "Al-Shabaab"},
		{"Al-Shabab militants killed five civilians in Beledweyne on Tuesday.", "Al-Shabaab"},
		{"JNIM militants clashed with soldiers in Boni on Sunday.", "JNIM"},
		{"Boko Haram insurgents attacked the village of Konduga on Friday, killing 12 villagers.", "Boko Haram"},
		{"ISWAP fighters clashed with soldiers in Monguno on Monday, the army said.", "Islamic State West Africa Province"},
		{"Malian army drones struck Kidal on Tuesday, killing three people.", "Military Forces of Mali"},
		{"Burkinabe soldiers clashed with jihadists near Djibo on Sunday, the army said.", "Military Forces of Burkina Faso"},
		{"Armed bandits attacked the village of Gusau on Saturday, killing 11 villagers.", "Unidentified Armed Group (Nigeria)"},
	} {
		evs := events(t, x, "2023-11-09", c.text)
		if len(evs) == 0 || evs[0].Actor1 != c.want {
			t.Errorf("%q: events %+v, want actor1 %q", c.text, evs, c.want)
		}
	}
}

// "Somalia's extremist rebel group al-Shabaab": a country's possessive
// before a rebel group says where the group is, and the group named
// right after the generic noun is the actor.
func TestCountryOfARebelGroup(t *testing.T) {
	x := testExtractor(t, fourteenthTSV)
	evs := events(t, x, "2022-09-04", "Somalia's extremist rebel group al-Shabaab fighters raided the central region on Saturday night and killed at least nine civilians, elders said.")
	if len(evs) == 0 || evs[0].Actor1 != "Al-Shabaab" {
		t.Errorf("events %+v, want actor1 Al-Shabaab", evs)
	}
}

// A town named only in an official's title is where the speaker holds
// office: the act is placed by another place of its sentence, and by
// the title's town only when the sentence names no other.
func TestPlaceInAnOfficialsTitle(t *testing.T) {
	x := testExtractor(t, fourteenthTSV)
	if _, at := oneEvent(t, x, "2023-11-09", "In Anefis six people were killed on Tuesday when drones struck a market, the mayor of Kidal told reporters."); at != "Anefis" {
		t.Errorf("the act names its town: placed at %s, want Anefis", at)
	}
	if _, at := oneEvent(t, x, "2023-11-09", "In Anefis six people were killed on Tuesday when drones struck a market, according to the Kidal regional administration."); at != "Anefis" {
		t.Errorf("the title after the town: placed at %s, want Anefis", at)
	}
	if _, at := oneEvent(t, x, "2023-11-09", "The mayor of Kidal says at least eight people were killed in drone strikes around the town on Tuesday."); at != "Kidal" {
		t.Errorf("no other place: placed at %s, want Kidal", at)
	}
}

// "a Russian UAV attack", "dropped explosives from a drone", "attacked
// a man with a drone": air/drone strikes.
func TestDroneToldInOtherWords(t *testing.T) {
	wantKindIn(t, fourteenthTSV, "2024-05-18", truce.AirDroneStrike,
		"A woman was wounded in Anefis on Saturday in a UAV attack, officials said.",
		"Soldiers dropped explosives from a drone on a car in Anefis on Saturday, officials said.",
		"The gunmen killed a farmer near Anefis on Saturday by dropping a grenade from a small drone.",
		"On Saturday the fighters attacked two residents of Anefis with a drone, officials said.")
	x := testExtractor(t, fourteenthTSV)
	ev, _ := oneEvent(t, x, "2024-05-18", "A man was killed in Anefis on Saturday due to a Malian UAV attack.")
	if ev.Actor1 != "Military Forces of Mali" {
		t.Errorf("a demonym before UAV: actor1 %q, want Military Forces of Mali", ev.Actor1)
	}
}
