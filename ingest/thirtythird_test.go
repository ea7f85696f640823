package ingest

import (
	"testing"
	"time"

	"github.com/truce-center/truce"
)

// Rules of the thirty-third pass, from the errors of the fiftieth and
// fifty-first real batches counted by cause (BENCHMARKS.md). Each test
// fails without its rule; the sentences are written for these tests.

const thirtythirdTSV = "country:IN\tIndia\tIN\t\tPCLI\t0\t22.0\t79.0\t\tIndian\n" +
	"region:IN.17\tManipur\tIN\t17\tADM1\t0\t24.7\t93.9\t\t\n" +
	"3301\tImphal\tIN\t17\tPPLA\t250000\t24.81\t93.94\t\t\n" +
	"3302\tChurachandpur\tIN\t17\tPPL\t90000\t24.33\t93.68\t\t\n"

// Armed men who "came under attack" fought: an armed clash, whose maker
// is the side the attack came from, never the subject attacked. A place
// that came under attack is still shelled.
func TestArmedMenUnderAttack(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	for _, c := range []struct {
		text, sub, actor1 string
	}{
		{"Police and local volunteers drove towards the hills near Churachandpur on Friday, but they came under heavy attack from militants.", truce.ArmedClash, "Unidentified Armed Group (India)"},
		{"An army patrol came under attack near Churachandpur on Friday, officials said.", truce.ArmedClash, "Unidentified Armed Group (India)"},
		{"The rebel leader was driving to Churachandpur on Friday when he came under attack.", truce.ArmedClash, "Unidentified Armed Group (India)"},
		{"The town of Churachandpur came under attack on Friday, officials said.", truce.Shelling, ""},
	} {
		ev, _ := oneEvent(t, x, "2023-07-16", c.text)
		if ev.SubEventType != c.sub || c.actor1 != "" && ev.Actor1 != c.actor1 {
			t.Errorf("%q: %s by %q, want %s by %q", c.text, ev.SubEventType, ev.Actor1, c.sub, c.actor1)
		}
	}
}

// Manipur's ethnic militias go by ACLED's names: "Kuki militants" are
// the Kuki Ethnic Militia, "Meitei gunmen" the Meitei one, not an
// unidentified group (whose act a retelling by the forces would give
// to the forces).
func TestManipurMilitias(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	checkActor1(t, x, "2023-07-16", []actorCase{
		{"Kuki militants attacked a police post near Churachandpur on Friday, officials said.", "Kuki Ethnic Militia (India)"},
		{"Meitei gunmen attacked a village near Churachandpur on Friday, killing two residents.", "Meitei Ethnic Militia (India)"},
		{"Soldiers came under heavy attack from Kuki militants near Churachandpur on Friday. The soldiers retaliated, and a gun battle followed.", "Kuki Ethnic Militia (India)"},
	})
}

// A report stamped at midnight east of Greenwich ("T00:00:00+05:30",
// still the day before in UTC) counts its weekdays and "yesterday" from
// its own day.
func TestPublishedInItsOwnZone(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	for _, c := range []struct{ stamp, text, want string }{
		{"2025-03-16T00:00:00+05:30", "A suicide bomber struck a police convoy near Imphal on Sunday, killing five officers.", "2025-03-16"},
		{"2025-03-16T00:00:00+05:30", "Gunmen attacked a village near Imphal yesterday, killing two residents.", "2025-03-15"},
		{"2025-03-15T22:00:00-05:00", "Gunmen attacked a village near Imphal on Saturday, killing two residents.", "2025-03-15"},
	} {
		arts, err := Parse("a.txt", []byte("Published: "+c.stamp+"\n\nTitle\n\n"+c.text+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		evs := x.Extract(arts[0]).Events
		if len(evs) != 1 || evs[0].Date == nil || evs[0].Date.Date.Format(time.DateOnly) != c.want {
			t.Errorf("%s %q: %+v, want one event on %s", c.stamp, c.text, evs, c.want)
		}
	}
}

// A toll and a town told of another year ("carried out a raid in 2022
// on the barracks in X, killing 14") after the act of the day are
// background, as an act told in another year is: no second act.
func TestTollOfAnotherYear(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	evs := events(t, x, "2025-03-16", "A suicide bomber struck a police convoy near Imphal on Sunday, killing five officers. "+
		"The same unit had carried out a large raid in 2022 on the police headquarters in Churachandpur, killing 14 officers.")
	if len(evs) != 1 || evs[0].Place == nil || evs[0].Place.Place.Name != "Imphal" {
		t.Errorf("%d events (%+v), want the bombing at Imphal alone", len(evs), evs)
	}
}

// Past the lede, a sentence dated only by a week or a month over
// ("Last week, gunmen torched …") tells the earlier act that led to the
// news, not news of its own; one told with its day is news.
func TestLastWeekIsBackground(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	lede := "Police raided a camp in Churachandpur on Tuesday, killing four gunmen, officials said. Officials said the raid lasted four hours. "
	checkCounts(t, x, "2023-03-08", []countCase{
		{lede + "Last week, gunmen torched dozens of houses in Imphal after two officers were shot.", 1},
		{lede + "Gunmen torched dozens of houses in Imphal last month, officials said.", 1},
		{lede + "On Monday, gunmen torched dozens of houses in Imphal, officials said.", 2},
	})
}

// "The group claimed responsibility." in the sentence after an act no
// one was named for gives that act the group, as "claimed
// responsibility for the attack" did.
func TestBareClaimOfResponsibility(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	ev, _ := oneEvent(t, x, "2025-03-16", "A suicide bomber rammed a car into a police convoy near Imphal on Sunday, killing five officers. "+
		"The Kuki militants claimed responsibility.")
	if ev.Actor1 != "Kuki Ethnic Militia (India)" {
		t.Errorf("actor1 %q, want the group that claimed the bombing", ev.Actor1)
	}
}

// A ceasefire only planned or offered ("announced its plan to declare
// a unilateral ceasefire", "is ready to sign a truce") is no agreement;
// one declared is.
func TestPlannedCeasefireIsNoAgreement(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	checkCounts(t, x, "2017-03-31", []countCase{
		{"The rebels' party had announced its plan to declare a unilateral ceasefire before the end of the month.", 0},
		{"The militia said on Friday it was ready to sign a truce with the government in Imphal.", 0},
		{"The militia declared a unilateral ceasefire in Imphal on Friday.", 1},
	})
}

// Those attacked in the passive are not the attackers, also when the
// subject holds a place set off by commas or the harm is a blast or an
// ambush; and the agent after "by a group of" is the attacker.
func TestAttackedInThePassive(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	checkActor1(t, x, "2023-07-16", []actorCase{
		{"A team of army rangers was blasted by a roadside bomb near Imphal on Friday while on patrol.", "Unidentified Armed Group (India)"},
		{"Six army rangers in Churachandpur District, Manipur, were ambushed while on patrol on Friday.", "Unidentified Armed Group (India)"},
		{"Six army rangers were ambushed by a group of Kuki militants near Imphal on Friday.", "Kuki Ethnic Militia (India)"},
	})
}

// A toll and a town told of a day well before the act just told ("were
// killed in attack on a hotel in X on January 31" after mortars fired
// on Friday, February 5) are an earlier act, not a second act of the
// same kind; a toll of the same day in another town still is one.
func TestTollOfAnEarlierDay(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	lede := "Militants fired several mortar rounds at Imphal on Friday, February 5, killing two people. "
	checkCounts(t, x, "2021-02-07", []countCase{
		{lede + "At least five people were killed at a hotel in Churachandpur on January 31 by the same group.", 1},
		{lede + "At least five people were killed in Churachandpur on Friday, February 5, officials said.", 2},
	})
}

// Checkpoints targeted with no owner named, when those killed are the
// forces, were fought over (an armed clash by the group that targeted
// them); targeted with no one killed, they stay a plan or a charge.
func TestCheckpointsTargeted(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	text := "The Kuki militants targeted several checkpoints near Churachandpur on Sunday night, killing three members of the security forces."
	ev, _ := oneEvent(t, x, "2023-07-17", text)
	if ev.SubEventType != truce.ArmedClash || ev.Actor1 != "Kuki Ethnic Militia (India)" {
		t.Errorf("%q: %s by %q, want an armed clash by the militia", text, ev.SubEventType, ev.Actor1)
	}
	checkCounts(t, x, "2023-07-17", []countCase{{"The militants targeted several checkpoints near Churachandpur, officials said.", 0}})
}

// An ambush that the next sentences tell was a bomb's ("the bomb left
// a crater", "their truck hit a landmine") is a remote explosive, one
// act with the explosion told again; an ambush with no bomb named stays
// a clash.
func TestAmbushByBomb(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	checkSubEvents(t, x, "2023-07-17", []subCase{
		{"Six army rangers were ambushed by militants near Churachandpur on Monday while on patrol. Investigators found fragments of a home-made bomb on the road.", truce.RemoteExplosive},
		{"Soldiers were killed in an ambush by militants near Churachandpur on Monday. The soldiers died when their truck hit a landmine and caught fire.", truce.RemoteExplosive},
		{"Six army rangers were ambushed by militants near Churachandpur on Monday while on patrol. Two of them were wounded by gunfire.", truce.ArmedClash},
	})
}

// Two strikes each told as a new one ("an airstrike"), on days their
// own sentences name, are two acts, though a day apart and by one hand.
func TestTwoStrikesToldAsNew(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	checkCounts(t, x, "2024-02-20", []countCase{
		{"A farmer was killed on Tuesday night in an airstrike carried out by army aircraft on the village of Kangpat in Manipur, residents said. " +
			"Yesterday, the Indian air force carried out an airstrike on militant camps in the hills north of Imphal.", 2},
	})
}

// A raid that killed armed men among others ("killing five people,
// including a gunman") met armed resistance: an armed clash. A raid
// that killed only civilians stays an attack.
func TestArmedAmongTheDead(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	checkSubEvents(t, x, "2023-03-08", []subCase{
		{"Soldiers raided a camp in Churachandpur on Tuesday, killing at least five people, including a gunman wanted for an earlier shooting.", truce.ArmedClash},
		{"Soldiers raided a camp in Churachandpur on Tuesday, killing at least five people, including a teacher.", truce.Attack},
	})
}

// A town named in an aside that recalls something else (", which
// triggered a rampage against the village of X,") is no place of the
// sentence's own: the toll it tells is not a second act there.
func TestTownInAnAside(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	checkCounts(t, x, "2023-03-08", []countCase{
		{"Soldiers raided a camp in Churachandpur on Tuesday, killing five people. " +
			"Officials said the gunman suspected of the killings at a checkpoint, which set off a rampage against the nearby village of Imphal, had been killed by soldiers on Tuesday.", 1},
		{"Soldiers raided a camp in Churachandpur on Tuesday, killing five people. " +
			"Officials said two more people had been killed by soldiers in Imphal on Tuesday.", 2},
	})
}

// A device that "the attack involved" (or "the blast was caused by") is
// the weapon of the act told before, not a second act.
func TestWeaponTheAttackUsed(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	checkCounts(t, x, "2025-03-16", []countCase{
		{"A suicide attacker rammed a car into a police convoy near Imphal on Sunday, killing five officers. " +
			"The Kuki militants claimed responsibility. The group said its unit carried out the assault early Sunday on the highway near Imphal. " +
			"The state has seen years of unrest between the communities. " +
			"In a statement, the group said the attack involved a vehicle-borne improvised explosive device that destroyed one bus.", 1},
	})
}

// "In the latest assaults, the army killed 20 people in X": a killing
// with no weapon, told as the newest of the strikes just told, is one
// of those strikes.
func TestTheLatestOfTheStrikes(t *testing.T) {
	x := testExtractor(t, thirtythirdTSV)
	evs := events(t, x, "2025-04-21", "Army airstrikes on villages across Manipur killed 30 people over three days, residents said. "+
		"The army has denied targeting civilians. The state government has called for talks. "+
		"In the latest assaults, the army killed 20 people in Churachandpur on Friday.")
	for _, ev := range evs {
		if ev.SubEventType == truce.Attack {
			t.Errorf("%q: an attack, want the strike it was", ev.Trigger)
		}
	}
}
