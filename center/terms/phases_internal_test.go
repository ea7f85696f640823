package terms

import (
	"fmt"
	"testing"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/ledger"
)

// TestPhaseEntryFits: a phase change of twenty conditions that each
// counted a year of days and thousands of reports still fits one log
// entry, saying how many ids it left out.
func TestPhaseEntryFits(t *testing.T) {
	var sts []truce.ConditionStatus
	for range 20 {
		st := truce.ConditionStatus{Condition: truce.Condition{Type: truce.CondViolations, Zones: []string{"zon_123456", "zon_234567"}, MaxPerDay: 3, Days: 366},
			Met: true, Value: 366, Target: 366}
		for d := range maxDays {
			ids := []string{fmt.Sprintf("rep_%d", 100000+d)}
			st.Days = append(st.Days, truce.DayCount{Day: "2016-09-13", Count: 12, IDs: ids})
		}
		for i := range 5000 {
			st.Counted = append(st.Counted, fmt.Sprintf("rep_%d", 1000000+i))
		}
		sts = append(sts, st)
	}
	out := compact(sts)
	if len(out[0].Days) != entryDays || out[0].Days[0].IDs != nil || len(out[0].Counted) != entryCounted || out[0].Omitted != 5000-entryCounted {
		t.Fatalf("compacted: %d days, %d ids, %d omitted", len(out[0].Days), len(out[0].Counted), out[0].Omitted)
	}
	if len(sts[0].Counted) != 5000 {
		t.Fatal("compact changed its input")
	}
	b, err := ledger.Canonical(phaseBody{Terms: "trm_123456", Version: 99, From: 3, To: 4, Confirm: truce.ConfirmEndorsement, Status: out, Activates: []string{"zon_1", "zon_2"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > ledger.MaxEntrySize-1000 {
		t.Fatalf("a phase change's body is %d bytes; the log takes at most %d", len(b), ledger.MaxEntrySize)
	}
}
