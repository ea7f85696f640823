package ingest

import "testing"

// Rules of the thirty-eighth pass, from the errors of the sixty-second
// to sixty-ninth real batches (BENCHMARKS.md). Each test fails without
// its rule; the sentences and gazetteer rows are written for these
// tests.

// somaliRows is a small gazetteer of one country and two towns.
const somaliRows = "country:SO\tSomalia\tSO\t\tPCLI\t0\t6.0\t48.0\t\tSomali\n" +
	"3801\tBaidoa\tSO\t03\tPPLA\t130000\t3.11\t43.65\t\t\n" +
	"3802\tBeledweyne\tSO\t07\tPPLA\t60000\t4.74\t45.20\t\t\n"

// A claim of responsibility that names what it is for reaches the act
// it claims four or five sentences on, when no act is told in between:
// reports tell the scene and the wounded before the claim.
func TestClaimNamedAfterTheScene(t *testing.T) {
	x := testExtractor(t, somaliRows)
	body := "A car bomb exploded at a police post in Baidoa on Monday, killing four officers. " +
		"Witnesses said windows shattered across the district. " +
		"Smoke could be seen from the main market for an hour. " +
		"Ambulances took the wounded to the regional hospital. " +
		"Police sealed off the road until the evening. " +
		"Al-Shabaab claimed responsibility for the bombing."
	checkActor1(t, x, "2021-03-02", []actorCase{{body, "Al-Shabaab"}})
}
