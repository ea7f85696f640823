package terms

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/internal/strictjson"
)

// FuzzTermsInput: terms from any JSON either pass validation or are
// refused as invalid with every error naming a field; validation never
// panics, and what it accepts is a fixed point (validating again
// changes nothing). The seed corpus is in testdata/fuzz/FuzzTermsInput.
func FuzzTermsInput(f *testing.F) {
	f.Add([]byte(`{"name":"Geneva","endorsers":["pty_1"],"valid":{"start":"2016-09-12T16:00:00Z","end":"2016-10-12T16:00:00Z"},
		"rules":{"parties":{"pty_1":{"strike":{"lead_time":"24h","on_breach":"flag"}}}},
		"phases":[{"name":"one","conditions":[{"type":"violations-at-most","zones":["zon_2"],"max_per_day":0,"days":7}]},{"name":"two"}]}`))
	s := core.NewState(nil) // validation reads tables only
	setup := core.NewView(s)
	core.TParty.Put(setup, "pty_1", &truce.Party{ID: "pty_1", Name: "US", Kind: truce.KindParty})
	core.TZone.Put(setup, "zon_2", &truce.Zone{ID: "zon_2", Disclosure: truce.DisclosurePrecise})
	core.TZone.Put(setup, "zon_3", &truce.Zone{ID: "zon_3", Disclosure: truce.DisclosureHidden})
	setup.InstallBatch()
	f.Fuzz(func(t *testing.T, data []byte) {
		var in TermsInput
		if strictjson.Unmarshal(data, &in) != nil {
			return
		}
		v := core.NewView(s)
		err := validateTerms(v, &in)
		if err != nil {
			te, ok := err.(*truce.Error)
			if !ok || te.Code != truce.EInvalid || len(te.Fields) == 0 {
				t.Fatalf("refused without naming a field: %v", err)
			}
			for _, fe := range te.Fields {
				if fe.Field == "" || fe.Message == "" {
					t.Fatalf("error with no field: %+v", fe)
				}
			}
			return
		}
		before, _ := json.Marshal(in)
		if err := validateTerms(v, &in); err != nil {
			t.Fatalf("accepted terms refused on a second look: %v", err)
		}
		after, _ := json.Marshal(in)
		if string(before) != string(after) {
			t.Fatalf("validation is not a fixed point:\n%s\n%s", before, after)
		}
		// Every duration it accepted parses.
		for _, r := range in.Rules.Notifications {
			for _, d := range []string{r.LeadTime, r.AckWithin} {
				if _, err := time.ParseDuration(d); d != "" && err != nil {
					t.Fatalf("accepted duration %q", d)
				}
			}
		}
	})
}
