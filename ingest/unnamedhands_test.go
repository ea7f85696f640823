package ingest

import "testing"

// An attack, a clash, a planted bomb or an abduction whose report names
// no perpetrator is the unidentified armed group's of the country where
// it took place, or the one group of that country the report names
// twice and alone, marked as inferred; a landmine, old ordnance and an
// air strike are not given one (unnamedHands).
func TestUnnamedHands(t *testing.T) {
	x := testExtractor(t, "184775\tMandera\tKE\t35\tPPLA\t87000\t3.94\t41.86\t\t\n"+
		"country:KE\tKenya\tKE\t\tPCLI\t0\t0.5\t37.9\t\tKenyan\n"+
		"country:SO\tSomalia\tSO\t\tPCLI\t0\t6.0\t47.0\t\tSomali\n"+
		"57289\tBeledweyne\tSO\t05\tPPLA\t62000\t4.74\t45.20\t\t\n")
	const day = "2024-03-05"
	for _, c := range []struct {
		text, actor1 string
		inferred     bool
	}{
		{"A bomb exploded under a minibus near Mandera on Monday, killing four passengers.", "Unidentified Armed Group (Kenya)", true},
		{"Two teachers were shot dead at a school near Mandera on Monday, police said.", "Unidentified Armed Group (Kenya)", true},
		{"Two engineers were abducted from their camp near Mandera on Monday, police said.", "Unidentified Armed Group (Kenya)", true},
		{"Gunmen shot dead two teachers near Mandera on Monday, police said.", "Unidentified Armed Group (Kenya)", false},
		{"Two herders were killed when their cart struck a landmine near Mandera on Monday.", "", false},
		{"Three children were killed on Monday by an unexploded mortar round near Mandera.", "", false},
		{"An air strike hit a market near Mandera on Monday, killing three traders.", "", false},
		// One group of the country named twice by its own name, and
		// no other: the act is that group's.
		{"A roadside bomb struck a minibus near Beledweyne on Monday, killing four passengers. Officials said Al-Shabaab fighters had been seen on the road, and that Al-Shabaab holds villages nearby.", "Al-Shabaab", true},
		// Two groups named: neither is given it.
		{"A roadside bomb struck a minibus near Beledweyne on Monday, killing four passengers. Officials said Al-Shabaab fighters had been seen on the road, and that Al-Shabaab and the Islamic State hold villages nearby.", "Unidentified Armed Group (Somalia)", true},
	} {
		ev, _ := oneEvent(t, x, day, c.text)
		if ev.Actor1 != c.actor1 || ev.Actor1Inferred != c.inferred {
			t.Errorf("%q: actor1 %q (inferred %v), want %q (inferred %v)", c.text, ev.Actor1, ev.Actor1Inferred, c.actor1, c.inferred)
		}
	}
}

// "Congo" alone is the Democratic Republic of Congo, as the wire
// services write it after a first full mention; the Republic of Congo is
// named so, or Congo-Brazzaville. Both by ACLED's names.
func TestCongoIsTheDRCongo(t *testing.T) {
	x := NewExtractor(fullGazetteer(t), DefaultActors())
	for _, c := range []struct{ text, actor1 string }{
		{"Gunmen killed 12 villagers near Beni in eastern Congo on Sunday, officials said.", "Unidentified Armed Group (Democratic Republic of Congo)"},
		{"Gunmen killed 12 villagers near Dolisie in the Republic of Congo on Sunday, officials said.", "Unidentified Armed Group (Republic of Congo)"},
	} {
		ev, _ := oneEvent(t, x, "2024-03-05", c.text)
		if ev.Actor1 != c.actor1 {
			t.Errorf("%q: actor1 %q, want %q", c.text, ev.Actor1, c.actor1)
		}
	}
}
