package core

import (
	"encoding/json"
	"testing"

	"github.com/truce-center/truce"
)

// The disclosure rules of needtoknow.go, one case per rule, on the
// functions every read goes through (the HTTP matrix in
// httpapi/disclosure_test.go checks the same rules end to end).

var (
	coordinator = &Caller{Party: truce.Party{ID: "pty_1", Kind: truce.KindCoordinator}}
	owner       = &Caller{Party: truce.Party{ID: "pty_2", Kind: truce.KindParty}}
	other       = &Caller{Party: truce.Party{ID: "pty_3", Kind: truce.KindParty}}
	point       = json.RawMessage(`{"type":"Point","coordinates":[37.16,36.2]}`)
	cells       = json.RawMessage(`{"type":"Polygon","coordinates":[[[37,36],[37.5,36],[37.5,36.5],[37,36.5],[37,36]]]}`)
)

func TestSiteDisclosureRules(t *testing.T) {
	site := func(disclosure string) *truce.Site {
		return &truce.Site{ID: "sit_1", Owner: "pty_2", Disclosure: disclosure, Geometry: truce.NewGeoJSON(point), SiteCoarse: &truce.SiteCoarse{Coarse: truce.NewGeoJSON(cells)}, BufferM: 500,
			Acknowledgements: []truce.Acknowledgement{{Party: "pty_3"}, {Party: "pty_4"}}}
	}
	for _, tc := range []struct {
		rule                    string
		caller                  *Caller
		disclosure              string
		visible, precise, shown bool
	}{
		{"the owner sees its hidden site precisely, and that is not a disclosure", owner, truce.DisclosureHidden, true, true, false},
		{"the coordinator sees a hidden site precisely, and that is recorded", coordinator, truce.DisclosureHidden, true, true, true},
		{"another party does not see a hidden site at all", other, truce.DisclosureHidden, false, false, false},
		{"another party sees a coarse site's cells, never its point or buffer", other, truce.DisclosureCoarse, true, false, false},
		{"another party sees a precise site precisely, and that is recorded", other, truce.DisclosurePrecise, true, true, true},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			got, shown, ok := SiteFor(tc.caller, site(tc.disclosure))
			if ok != tc.visible || VisibleSite(tc.caller, site(tc.disclosure)) != tc.visible {
				t.Fatalf("visible %v, want %v", ok, tc.visible)
			}
			if !ok {
				return
			}
			if precise := !got.Geometry.IsZero() && got.BufferM > 0; precise != tc.precise || shown != tc.shown {
				t.Fatalf("precise %v shown %v, want %v %v", precise, shown, tc.precise, tc.shown)
			}
			if got.Coarse().IsZero() {
				t.Error("the coarse cells are missing")
			}
			if acks := len(got.Acknowledgements); !Entitled(tc.caller, "pty_2") && acks != 1 {
				t.Errorf("a party that is not the owner sees %d acknowledgements, want only its own", acks)
			}
		})
	}
}

func TestZoneDisclosureRules(t *testing.T) {
	zone := func(disclosure string) *truce.Zone {
		return &truce.Zone{ID: "zon_1", Owner: "pty_2", Disclosure: disclosure, Geometry: truce.NewGeoJSON(cells), Coarse: truce.NewGeoJSON(cells), Altitude: &truce.Altitude{MaxM: 3000}}
	}
	for _, tc := range []struct {
		rule             string
		caller           *Caller
		version, current string
		visible, precise bool
	}{
		{"another party sees a precise zone precisely", other, truce.DisclosurePrecise, truce.DisclosurePrecise, true, true},
		{"every version keeps the newest disclosure: an old precise version of a zone now coarse is shown coarse", other, truce.DisclosurePrecise, truce.DisclosureCoarse, true, false},
		{"a version that was hidden stays hidden, whatever came after", other, truce.DisclosureHidden, truce.DisclosurePrecise, false, false},
		{"a coarse version stays coarse when the zone becomes precise", other, truce.DisclosureCoarse, truce.DisclosurePrecise, true, false},
		{"the owner sees every version precisely", owner, truce.DisclosureHidden, truce.DisclosureHidden, true, true},
		{"the coordinator sees every version precisely", coordinator, truce.DisclosureHidden, truce.DisclosureCoarse, true, true},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			got, _, ok := ZoneFor(tc.caller, zone(tc.version), zone(tc.current))
			if ok != tc.visible {
				t.Fatalf("visible %v, want %v", ok, tc.visible)
			}
			if ok && (!got.Geometry.IsZero() || got.Altitude != nil) != tc.precise {
				t.Fatalf("precise geometry or altitude shown: %v, want %v", !got.Geometry.IsZero(), tc.precise)
			}
		})
	}
}

func TestNotificationAudienceRule(t *testing.T) {
	n := &truce.Notification{ID: "ntf_1", Party: "pty_2", MustAcknowledgeRef: &[]string{"pty_4"}}
	for _, tc := range []struct {
		rule   string
		caller *Caller
		sees   bool
	}{
		{"the notifier sees its notification", owner, true},
		{"the coordinator sees every notification", coordinator, true},
		{"a party that must acknowledge sees it", &Caller{Party: truce.Party{ID: "pty_4", Kind: truce.KindParty}}, true},
		{"nobody else sees it, not even that it exists", other, false},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			if got := VisibleNotification(tc.caller, n); got != tc.sees {
				t.Fatalf("sees %v, want %v", got, tc.sees)
			}
		})
	}
}
