package ingest

import (
	"testing"

	"github.com/truce-center/truce"
)

// Rules of the thirteenth pass, from the fourteenth real batch's errors
// counted by cause (BENCHMARKS.md, "Twelfth pass"): each case fails
// without its rule. The sentences are written for these tests.

const thirteenthTSV = "1\tCairo\tEG\t11\tPPLC\t9000000\t30.04\t31.24\t\t\n" +
	"2\tSirte\tLY\t40\tPPLA\t80000\t31.21\t16.59\t\t\n" +
	"3\tOmdurman\tSD\t03\tPPLA2\t2400000\t15.64\t32.48\t\t\n" +
	"5\tKupiansk\tUA\t07\tPPLA2\t27000\t49.71\t37.62\t\t\n" +
	"6\tUri\tIN\t12\tPPL\t20000\t34.08\t74.05\t\t\n" +
	"7\tMasisi\tCD\t11\tPPL\t10000\t-1.40\t28.81\t\t\n" +
	"country:LY\tLibya\tLY\t\tPCLI\t0\t27.0\t17.0\t\tLibyan\n" +
	"country:EG\tEgypt\tEG\t\tPCLI\t0\t26.0\t30.0\t\tEgyptian\n" +
	"country:SD\tSudan\tSD\t\tPCLI\t0\t15.0\t30.0\t\tSudanese\n" +
	"country:SY\tSyria\tSY\t\tPCLI\t0\t35.0\t38.0\t\tSyrian\n" +
	"country:UA\tUkraine\tUA\t\tPCLI\t0\t49.0\t32.0\t\tUkrainian\n" +
	"country:RU\tRussia\tRU\t\tPCLI\t0\t60.0\t100.0\t\tRussian\n" +
	"country:IN\tIndia\tIN\t\tPCLI\t0\t22.0\t79.0\t\tIndian\n" +
	"country:PK\tPakistan\tPK\t\tPCLI\t0\t30.0\t70.0\t\tPakistani\n"

// An agency copy's dateline with the wire and its day in brackets and
// no dash ("CAIRO (Gulf Daily Wire News / Agency - 12th May, 2021)") names where
// the report was filed: the act told in the lede is at the place it
// names, or abroad.
func TestAgencyDatelineWithDayInBrackets(t *testing.T) {
	const lede = "CAIRO (Gulf Daily Wire News / Agency - 12th May, 2021) "
	if m := dateline(lede + "One man was killed."); m == nil || len(m[0]) != len(lede) {
		t.Errorf("dateline %q, want %q", m, lede)
	}
	x := testExtractor(t, thirteenthTSV)
	ev, _ := oneEvent(t, x, "2021-05-12", "CAIRO (Gulf Daily Wire News / Agency - 12th May, 2021) Two people were killed when rockets hit the port of Sirte, the Libyan authorities said on Wednesday.")
	if ev.Place == nil || ev.Place.Place.Name != "Sirte" {
		t.Errorf("got place %+v, want Sirte", ev.Place)
	}
	ev, _ = oneEvent(t, x, "2021-05-12", "CAIRO (Gulf Daily Wire News / Agency - 12th May, 2021) Two Libyan civilians were killed by rocket fire on Wednesday, the Libyan authorities said.")
	if ev.Place != nil && ev.Place.Place.Name == "Cairo" {
		t.Errorf("the act is abroad: got the dateline's Cairo, want Libya or no place")
	}
}

// A neighbourhood named with a city's district words ("the al-Manshiya
// area in Karari locality ... of Omdurman") is in that city's country,
// not a homonym abroad (the committed Syrian village Manshiyeh, spelt
// so among its other names).
func TestDistrictOfACityNotAForeignHomonym(t *testing.T) {
	x := testExtractor(t, thirteenthTSV)
	ev, _ := oneEvent(t, x, "2024-08-23", "At least two people were killed on Thursday in RSF shelling that targeted the al-Manshiya area in Karari locality and the northern countryside of Omdurman, a medical source said.")
	if ev.Place == nil || ev.Place.Place.Country != "SD" {
		t.Errorf("got place %+v, want a place in Sudan (Omdurman)", ev.Place)
	}
}

// Acts told in words no rule read: a side that "violated the ceasefire
// in X sector" fought there; an army that "fired on houses and fields"
// in a village shelled it; people "killed ... by rebels" in villages
// were attacked.
func TestActsToldAsViolationsAndFiring(t *testing.T) {
	wantKindIn(t, thirteenthTSV, "2019-03-02", truce.ArmedClash,
		"Pakistan violated the ceasefire in Uri sector on Friday evening, an army spokesman said.")
	wantKindIn(t, thirteenthTSV, "2022-10-20", truce.Shelling,
		"On October 19 the Russian forces fired on houses and fields in the village of Kupiansk, the governor said.")
	wantKindIn(t, thirteenthTSV, "2023-04-27", truce.Attack,
		"Officials said on Wednesday that residents from two villages in Masisi territory were killed over several days by rebels from the M23 group.")
}

// "had resorted to firing ... on Tuesday as well": an act told in the
// pluperfect with a day of its own is another act on that day, not
// background merged into the report's.
func TestPluperfectActWithItsOwnDay(t *testing.T) {
	x := testExtractor(t, thirteenthTSV)
	evs := events(t, x, "2019-02-23", "Pakistan troops fired mortar shells at Indian posts in Uri sector on Saturday, officials said. "+
		"The Pakistan army had resorted to unprovoked firing along the border in Uri sector on Tuesday as well.")
	days := map[string]bool{}
	for _, e := range evs {
		if e.Date != nil {
			days[e.Date.Date.Format("2006-01-02")] = true
		}
	}
	if !days["2019-02-19"] || !days["2019-02-23"] {
		t.Errorf("got %d events on %v, want Saturday's and Tuesday's", len(evs), days)
	}
}

// wantKindIn checks that each text, published on day, tells one event
// of the sub-event type sub, with the gazetteer tsv.
func wantKindIn(t *testing.T, tsv, day, sub string, texts ...string) {
	t.Helper()
	x := testExtractor(t, tsv)
	for _, s := range texts {
		if ev, _ := oneEvent(t, x, day, s); ev.SubEventType != sub {
			t.Errorf("%q: got %s, want %s", s, ev.SubEventType, sub)
		}
	}
}

// "killed by rebels from the M23 group": the group named after the
// generic noun is the perpetrator, not the country's rebels.
func TestGenericNounFromAGroup(t *testing.T) {
	checkActor1(t, testExtractor(t, thirteenthTSV), "2023-04-27", []actorCase{
		{"Officials said on Wednesday that villagers in Masisi territory were killed last week by rebels from the M23 group.", "M23"},
	})
}
