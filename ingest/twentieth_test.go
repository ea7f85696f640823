package ingest

import "testing"

// Rules of the twentieth pass, from the errors of the twenty-second
// real batch counted by cause (BENCHMARKS.md). Each case fails without
// its rule; the sentences are written for these tests.

const twentiethTSV = "1\tCairo\tEG\t11\tPPLC\t9000000\t30.06\t31.25\t\t\n" +
	"2\tMisrata\tLY\t58\tPPLA\t400000\t32.38\t15.09\t\t\n" +
	"3\tTripoli\tLY\t77\tPPLC\t1100000\t32.89\t13.19\t\t\n" +
	"4\tZliten\tLY\t58\tPPL\t100000\t32.47\t14.57\t\t\n" +
	"region:LY.MI\tMisrata District\tLY\t58\tADM1\t0\t31.5\t15.0\tMisrata region|Misrata district\t\n" +
	"country:LY\tLibya\tLY\t\tPCLI\t0\t27.0\t17.0\t\tLibyan\n" +
	"country:EG\tEgypt\tEG\t\tPCLI\t0\t27.0\t30.0\t\tEgyptian\n" +
	"country:TR\tTurkey\tTR\t\tPCLI\t0\t39.0\t35.0\t\tTurkish\n"

// A page may set its byline and the times it was posted and updated,
// lines that end with a full stop, between the headline and the
// dateline: the dateline is still where the report was filed, not the
// place of the act its lede tells.
func TestDatelineAfterBylineAndStamps(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2024-05-18", "Gunmen fight in a port town, two dead\n\nBy A Staff Writer, The Agency\n\nPosted May 18, 2024 1:10 pm.\n\nLast Updated May 18, 2024 2:05 pm.\n\nCAIRO (Agency) — Clashes between two armed groups shook a port town in eastern Libya on Saturday, killing two men, officials said.")
	if len(evs) != 1 {
		t.Fatalf("got %d events (%+v), want one", len(evs), evs)
	}
	if p := evs[0].Place; p != nil && p.Place.Name == "Cairo" {
		t.Errorf("placed at the dateline's Cairo")
	}
}

// "The latest bout of violence broke out … in the town of X" goes on
// about the act told before and places it, even with a sentence between
// them that adds only a toll.
func TestLatestBoutOfViolencePlacesTheLede(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2024-05-18", "Clashes between two armed groups shook a port town in eastern Libya on Saturday, officials said. At least two civilians were killed. The latest bout of violence broke out at dawn in the town of Misrata, health officials said.")
	if len(evs) != 1 {
		t.Fatalf("got %d events (%+v), want one", len(evs), evs)
	}
	if p := evs[0].Place; p == nil || p.Place.Name != "Misrata" {
		t.Errorf("placed at %+v, want Misrata", p)
	}
	// Only a toll may stand between them: after "Cairo blamed the
	// militia", "The attack followed a strike on Misrata" does not place
	// the lede's act.
	evs = events(t, x, "2024-05-18", "Shelling of a port town in eastern Libya on Saturday killed 24 people, officials said. Cairo blamed the militia for it. The attack followed a drone strike on Misrata on Friday, in which nine people died.")
	if len(evs) == 0 || evs[0].Place != nil && evs[0].Place.Place.Name == "Misrata" {
		t.Errorf("got %+v, want the shelling not placed at Misrata", evs)
	}
}

// The gas is written in lower case; "Sarin" capitalised is a name, here
// a town's, and fighters travelling from it were struck by a drone, not
// by a chemical weapon. The gas in lower case, or capitalised before
// "gas", stays a chemical weapon.
func TestSarinTheTownIsNoGas(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2021-10-26", "Two fighters driving from the town of Sarin to Misrata were attacked by a drone on Tuesday, the group said.")
	if len(evs) != 1 || evs[0].SubEventType != "Air/drone strike" {
		t.Errorf("got %+v, want one drone strike", evs)
	}
	for _, text := range []string{
		"Rockets loaded with sarin struck a town near Misrata on Tuesday, killing 80 people, doctors said.",
		"Sarin gas killed 80 people in a town near Misrata on Tuesday, doctors said.",
	} {
		if evs := events(t, x, "2017-04-04", text); len(evs) != 1 || evs[0].SubEventType != "Chemical weapon" {
			t.Errorf("%q: got %+v, want one chemical attack", text, evs)
		}
	}
}

// The side named in the trigger's own words did the act, whoever the
// sentence's subject is: the fighters of a group "were attacked by a
// Turkish drone", its members "were killed in an alleged Turkish air
// strike".
func TestSideInTheTriggerIsActor1(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	wantOneActBy(t, x, "2021-10-26", "Military Forces of Turkey",
		"Two Syrian Democratic Forces fighters driving to Misrata were attacked by a Turkish drone on Tuesday.",
		"Four members of the Syrian Democratic Forces armed group were killed in an alleged Turkish airstrike in northern Libya on Thursday, security sources told a news agency.",
		// Of two sides joined by "and", the first named is actor1, as
		// before.
		"Turkish and Egyptian warplanes struck targets near Misrata on Tuesday, officials said.",
		// A side named inside the trigger's words, not as its head, is
		// its object.
		"Turkish troops crossed the border on Wednesday and drove Islamic State out of a town near Misrata within hours.")
}

// wantOneActBy checks that each text, published on day, tells one act
// whose actor1 is actor.
func wantOneActBy(t *testing.T, x *Extractor, day, actor string, texts ...string) {
	t.Helper()
	for _, text := range texts {
		if evs := events(t, x, day, text); len(evs) != 1 || evs[0].Actor1 != actor {
			t.Errorf("%q: got %+v, want one act by %s", text, evs, actor)
		}
	}
}

// "Invaders" and "occupiers" after a country's adjective are its forces,
// as "troops" are: the words of the attacked side's own press.
func TestInvadersAreTheForces(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	wantOneActBy(t, x, "2023-02-06", "Military Forces of Turkey",
		"On Monday morning, Turkish invaders hit several villages near Misrata with artillery.",
		"Turkish occupiers shelled a village near Misrata on Monday, wounding two farmers.")
}

// A place that "came under enemy fire" was shelled, as one that came
// under heavy fire was.
func TestCameUnderEnemyFire(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2023-02-06", "According to the mayor, a suburb of Misrata came under enemy fire on Monday that wounded two farmers.")
	if len(evs) != 1 || evs[0].SubEventType != "Shelling/artillery/missile attack" {
		t.Errorf("got %+v, want one shelling", evs)
	}
}

// A toll may name the group its dead belonged to at length before the
// verb: "Four members of the X armed group were killed".
func TestTollOfMembersOfAGroup(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2024-05-09", "Four members of the Syrian Democratic Forces armed group were killed in an alleged Turkish airstrike near Misrata on Thursday.")
	if len(evs) != 1 || evs[0].Fatalities != 4 {
		t.Errorf("got %+v, want one act that killed four", evs)
	}
}

// A group that "announced the deaths of three of its fighters" in an act
// gives the act's toll, as "caused the deaths of" does.
func TestAnnouncedTheDeathsOf(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2021-10-26", "The group announced the deaths of three of its fighters in a Turkish drone strike near Misrata on Tuesday.")
	if len(evs) != 1 || evs[0].Fatalities != 3 {
		t.Errorf("got %+v, want one act that killed three", evs)
	}
}

// The names of the dead listed after "its fighters," are people's, even
// when a nom de guerre is made of a town's name (here two towns of the
// committed list): the act is not placed by them.
func TestNamesListedAreNoPlaces(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2021-10-26", "A Kurdish-led group in northern Syria announced the deaths of two of its fighters, Baran Qamishlo and Rojda Kobani, in a Turkish drone strike on Tuesday.")
	if len(evs) != 1 {
		t.Fatalf("got %d events (%+v), want one", len(evs), evs)
	}
	if p := evs[0].Place; p != nil {
		t.Errorf("placed at %s by a fighter's name", p.Place.Name)
	}
}

// "… and a separate air raid killed another six" is an act of its own,
// though of the first clause's kind; and a lede that gave the sum of the
// two tolls keeps the part of the act it told first.
func TestSeparateRaidIsItsOwnAct(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2024-10-25", "Air strikes hit two houses near Misrata on Friday, killing at least 11 people, rescuers said. Eight people died in a strike that hit the house of one family, and a separate air raid killed another three, a spokesman said.")
	if len(evs) != 2 {
		t.Fatalf("got %d events (%+v), want two", len(evs), evs)
	}
	if evs[0].Fatalities != 8 || evs[1].Fatalities != 3 {
		t.Errorf("tolls %d and %d, want 8 and 3", evs[0].Fatalities, evs[1].Fatalities)
	}
}

// "A similar strike" told after an act is another act of its kind and by
// its hand: not an air strike because the word is "strike".
func TestSimilarStrikeIsLikeTheLast(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2025-06-10", "Turkish artillery shelled a market near Misrata on Tuesday, killing three traders. The shelling follows a similar strike on June 2 that damaged a clinic in the town.")
	if len(evs) != 2 {
		t.Fatalf("got %d events (%+v), want two", len(evs), evs)
	}
	if ev := evs[1]; ev.SubEventType != "Shelling/artillery/missile attack" || ev.Actor1 != "Military Forces of Turkey" {
		t.Errorf("the similar strike is %s by %q, want shelling by Turkey's forces", ev.SubEventType, ev.Actor1)
	}
}

// "A group-claimed attack" names who acted: the name joined to "claimed"
// by a hyphen is an adjective, not a speaker reporting the act.
func TestGroupClaimedAttackIsTheGroups(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	wantOneActBy(t, x, "2024-05-08", "Hezbollah",
		"A soldier was killed on Wednesday in a Hezbollah-claimed mortar attack on an army post near Misrata.")
}

// Militants who "attacked a police detachment" or "an army patrol"
// fought the state's forces, as when they attacked a post.
func TestAttackedADetachment(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	for _, text := range []string{
		"Militants attacked a border police detachment near Misrata on Monday night, which left three policemen dead.",
		"On Sunday, gunmen attacked an army patrol outside Misrata.",
	} {
		if evs := events(t, x, "2020-08-24", text); len(evs) != 1 || evs[0].SubEventType != "Armed clash" {
			t.Errorf("%q: got %+v, want one armed clash", text, evs)
		}
	}
}

// Two towns joined by a hyphen before "road" or "highway" are the ends
// of the road, each a place, not the words of one longer name.
func TestRoadBetweenTwoTowns(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2020-08-24", "Gunmen ambushed a convoy on the Misrata-Tripoli highway on Monday, killing two drivers.")
	if len(evs) != 1 || evs[0].Place == nil || evs[0].Place.Place.Name != "Misrata" {
		t.Fatalf("got %+v, want one act at Misrata", evs)
	}
}

// "The latest drone attack came a day after two farmers were wounded by
// mortar fire": the subject goes back to the act told before; the act
// told after "after" is the news of the sentence, of its own kind.
func TestCameADayAfterTellsTheOtherAct(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2022-02-15", "A Turkish drone struck a car in Misrata on Tuesday, killing two men. The latest drone attack came a day after two farmers near Tripoli were wounded by mortar fire, officials said.")
	if len(evs) != 2 {
		t.Fatalf("got %d events (%+v), want two", len(evs), evs)
	}
	if ev := evs[1]; ev.SubEventType != "Shelling/artillery/missile attack" {
		t.Errorf("the second act is %s (%q), want the mortar fire's shelling", ev.SubEventType, ev.Trigger)
	}
}

// The act told after "came a day after", with no day of its own, was
// the day before the act the sentence measures it against.
func TestADayAfterDatesTheDayBefore(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2024-05-09", "A Turkish drone struck a car near Misrata on Thursday, killing four men. The strike came a day after a soldier was killed in a mortar attack on an army post near Tripoli.")
	if len(evs) != 2 || evs[1].Date == nil {
		t.Fatalf("got %+v, want two dated acts", evs)
	}
	if got := evs[1].Date.Label(); got != "2024-05-08" {
		t.Errorf("the mortar attack is dated %s, want 2024-05-08, the day before Thursday", got)
	}
}

// "South of the city" goes back to the city the sentences before name,
// not to the dateline's, where the report was filed, unless no other is
// named.
func TestTheCityIsNotTheDatelines(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2022-02-15", "CAIRO: Fighting raged outside Misrata on Monday, officials said. Government troops seized control of two villages south of the city, a commander said.")
	for _, ev := range evs {
		if ev.Place != nil && ev.Place.Place.Name == "Cairo" {
			t.Errorf("%s (%q) placed at the dateline's Cairo", ev.SubEventType, ev.Trigger)
		}
	}
}

// Fighting at a place and, in the next sentence, the capture of ground
// there by one of its sides, the same day, are one battle, coded by the
// change of hands, with the fighting's toll.
func TestCaptureEndsTheFight(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2022-02-15", "At least 30 militiamen were killed in heavy fighting with government forces outside Misrata on Monday, officials said. Government troops seized control of a ridge near Misrata after killing dozens of militiamen, a commander said.")
	if len(evs) != 1 {
		t.Fatalf("got %d events (%+v), want one battle", len(evs), evs)
	}
	if ev := evs[0]; ev.SubEventType != "Government regains territory" || ev.Fatalities != 30 {
		t.Errorf("got %s with toll %d, want the government's capture with the fighting's 30", ev.SubEventType, ev.Fatalities)
	}
}

// A town hit, "wounding with shrapnel" a man, was shelled: the
// fragments tell what no weapon named does.
func TestShrapnelTellsTheShelling(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2023-02-08", "At around noon, the enemy hit the town of Misrata, wounding with shrapnel a 40-year-old driver.")
	if len(evs) != 1 || evs[0].SubEventType != "Shelling/artillery/missile attack" {
		t.Errorf("got %+v, want one shelling", evs)
	}
}

// A lede's shelling of "several towns and villages" of a region, then
// two towns of that region shelled that day, is the sum of those two:
// one event a town, each by the lede's hand.
func TestLedeSumsTheTownsShelled(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2023-02-07", "On Tuesday morning, Turkish troops hit several towns and villages in Misrata region with artillery. According to the governor, the town of Zliten came under enemy fire that wounded two farmers. At around noon, the attackers hit the city of Misrata, wounding with shrapnel a driver.")
	if len(evs) != 2 {
		t.Fatalf("got %d events (%+v), want the two towns'", len(evs), evs)
	}
	for _, ev := range evs {
		if ev.Place == nil || ev.Place.Place.Kind != KindTown || ev.Actor1 != "Military Forces of Turkey" {
			t.Errorf("%q: placed at %+v by %q, want a town, by Turkey's forces", ev.Trigger, ev.Place, ev.Actor1)
		}
	}
}

// "A missile and a drone packed with explosives, fired by the group,
// hit" a quarter: the missile is named first, and the act is the
// missile fire the sentence tells, as with "missiles and drones".
func TestAMissileAndADroneHit(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	evs := events(t, x, "2022-02-15", "Officials said on Tuesday that a missile and a drone loaded with explosives, fired by the militia, hit a crowded quarter of Misrata.")
	if len(evs) != 1 || evs[0].SubEventType != "Shelling/artillery/missile attack" {
		t.Errorf("got %+v, want one missile attack", evs)
	}
}

// "Such strikes have killed or wounded hundreds since early last year"
// sums up a period, as "since the start of the war" does: no act.
func TestSinceLastYearIsARunningTotal(t *testing.T) {
	x := testExtractor(t, twentiethTSV)
	wantEvents(t, x, []eventCount{
		{"2022-02-15", "Militia strikes on Misrata have killed or wounded hundreds of civilians since early last year.", 0},
		{"2022-02-15", "Rocket attacks on Misrata have killed dozens since last month, officials said.", 0},
	})
}
