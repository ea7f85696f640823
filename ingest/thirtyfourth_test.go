package ingest

import (
	"testing"

	"github.com/truce-center/truce"
)

// Rules of the thirty-fourth pass, from the errors of the fiftieth to
// fifty-fifth real batches counted by cause across batches
// (BENCHMARKS.md). Each test fails without its rule; the sentences are
// written for these tests.

const thirtyfourthTSV = "country:PH\tPhilippines\tPH\t\tPCLI\t0\t12.0\t122.0\t\tFilipino|Philippine\n" +
	"region:PH.06\tWestern Visayas\tPH\t06\tADM1\t0\t10.7\t122.5\t\t\n" +
	"3401\tKabankalan\tPH\t06\tPPL\t180000\t9.99\t122.81\t\t\n" +
	"3402\tHimamaylan\tPH\t06\tPPL\t100000\t10.10\t122.87\t\t\n"

// A clash its sentence calls an encounter is the forces': whoever fell,
// and whether or not the sentence names the forces in a form the list
// knows, the state's forces are actor1 and the rebels actor2.
func TestEncounterIsTheForces(t *testing.T) {
	x := testExtractor(t, thirtyfourthTSV)
	checkActor1(t, x, "2023-05-10", []actorCase{
		{"A rebel of the New People's Army was killed in an encounter with the army near Kabankalan on Tuesday.", "Military Forces of the Philippines"},
		{"Three soldiers were killed in an encounter with New People's Army guerrillas near Himamaylan on Tuesday.", "Military Forces of the Philippines"},
		{"Two suspected members of the New People's Army were killed in an encounter with the 47th Infantry Battalion near Kabankalan on Tuesday.", "Military Forces of the Philippines"},
	})
}

// A fight that "ensued" is the act told before it going on, whatever
// town or day its sentence names besides: one clash, not two.
func TestFightThatEnsued(t *testing.T) {
	x := testExtractor(t, thirtyfourthTSV)
	checkCounts(t, x, "2023-05-10", []countCase{
		{"A soldier was killed in a clash with New People's Army rebels near Kabankalan on Tuesday. The patrol had been sent after villagers reported armed men. A firefight ensued that lasted for half an hour, the army office in Himamaylan said.", 1},
		{"Two rebels were killed in a clash with soldiers near Kabankalan on Tuesday. A gun battle immediately ensued on Wednesday when the troops found their camp, the army said.", 1},
	})
}

// Grenades named among other arms ("armed with rifles and grenades", "a
// cache of rifles, ammunition and rocket-propelled grenades") are what
// attackers carried or what was found, not a grenade attack; a grenade
// thrown alone still is one.
func TestGrenadesAmongArms(t *testing.T) {
	x := testExtractor(t, thirtyfourthTSV)
	for _, c := range []struct {
		text    string
		grenade bool
	}{
		{"Gunmen armed with rifles and grenades stormed a police post near Kabankalan on Tuesday, killing two officers.", false},
		{"Troops found a cache of rifles, ammunition and rocket-propelled grenades near Kabankalan on Tuesday.", false},
		{"A man threw a grenade at a police post near Kabankalan on Tuesday, wounding two officers.", true},
	} {
		got := false
		for _, ev := range events(t, x, "2023-05-10", c.text) {
			got = got || ev.SubEventType == truce.Grenade
		}
		if got != c.grenade {
			t.Errorf("%q: grenade attack %v, want %v", c.text, got, c.grenade)
		}
	}
}

// What a side does as a habit ("frequently carries out airstrikes",
// "continues to claim bombings across the country") is the war it
// wages, not an act of a day; a habit told in an aside before an act
// ("who often hide in the hills, were struck", "who often raid
// villages, attacked") leaves the act.
func TestHabitIsNoAct(t *testing.T) {
	x := testExtractor(t, thirtyfourthTSV)
	checkCounts(t, x, "2023-05-10", []countCase{
		{"The army frequently carries out ground operations, airstrikes and artillery bombardments in the hills near Kabankalan.", 0},
		{"The group continues to claim bombings across the country, mostly in markets.", 0},
		{"The rebels, who often hide in the hills near Kabankalan, were struck by an airstrike on Tuesday.", 1},
		{"The rebels, who often raid villages near Kabankalan, attacked a police post on Tuesday, killing two officers.", 1},
	})
}

// Soldiers "reported dead" or "dead" after a bomb are those it hit, as
// soldiers "killed" by it were: never the bomb's maker.
func TestForcesReportedDead(t *testing.T) {
	x := testExtractor(t, thirtyfourthTSV)
	for _, text := range []string{
		"At least ten soldiers are reported dead after a roadside bomb exploded near Kabankalan on Tuesday.",
		"Four soldiers were dead after a roadside bomb went off near Himamaylan on Tuesday, the police said.",
	} {
		for _, ev := range events(t, x, "2023-05-10", text) {
			if ev.Actor1 == "Military Forces of the Philippines" {
				t.Errorf("%q: actor1 %q, the soldiers the bomb hit", text, ev.Actor1)
			}
		}
	}
}
