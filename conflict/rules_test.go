package conflict

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce/geo"
)

var t0 = time.Date(2016, 9, 14, 0, 0, 0, 0, time.UTC)

func at(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }

func win(h0, h1 float64) Window { return Window{at(h0), at(h1)} }

func point(t testing.TB, lon, lat float64) geo.Geometry {
	t.Helper()
	g, err := geo.NewPoint(geo.LonLat{Lon: lon, Lat: lat})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func line(t testing.TB, pts ...geo.LonLat) geo.Geometry {
	t.Helper()
	g, err := geo.NewLineString(pts...)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func box(t testing.TB, w, s, e, n float64) geo.Geometry {
	t.Helper()
	g, err := geo.NewPolygon(geo.Limits{MaxAreaKm2: 1e9}, []geo.LonLat{{Lon: w, Lat: s}, {Lon: e, Lat: s}, {Lon: e, Lat: n}, {Lon: w, Lat: n}, {Lon: w, Lat: s}})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// offset returns the point m metres from p along bearing brg on the
// sphere package geo measures on.
func offset(p geo.LonLat, brg, m float64) geo.LonLat {
	phi, lam, th, d := p.Lat*math.Pi/180, p.Lon*math.Pi/180, brg*math.Pi/180, m/geo.EarthRadiusM
	phi2 := math.Asin(math.Sin(phi)*math.Cos(d) + math.Cos(phi)*math.Sin(d)*math.Cos(th))
	lam2 := lam + math.Atan2(math.Sin(th)*math.Sin(d)*math.Cos(phi), math.Cos(d)-math.Sin(phi)*math.Sin(phi2))
	return geo.LonLat{Lon: math.Mod(lam2*180/math.Pi+540, 360) - 180, Lat: phi2 * 180 / math.Pi}
}

func vol(g geo.Geometry, buf float64, alt Band, w Window) Volume {
	return Volume{Footprint: geo.Footprint{Geometry: g, BufferM: buf}, Altitude: alt, Window: w}
}

const (
	partyA = "party-a"
	partyB = "party-b"
	unHum  = "un-humanitarian"
)

// summary renders conflicts compactly for comparison.
func summary(cs []Conflict) string {
	var parts []string
	for _, c := range cs {
		s := fmt.Sprintf("%s:%s/%s#%d@%d", c.Rule, c.With.Type, c.With.ID, c.OtherVolume, c.Volume)
		if !c.Overlap.Start.IsZero() || !c.Overlap.End.IsZero() {
			s += fmt.Sprintf("[%s,%s)", c.Overlap.Start.Sub(t0), c.Overlap.End.Sub(t0))
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestRules(t *testing.T) {
	aleppo := geo.LonLat{Lon: 37.16, Lat: 36.2}
	zoneBox := box(t, 37.1, 36.15, 37.2, 36.25)
	ground := Band{0, 0}
	strikeBand := Band{0, 9000}
	zoneObj := func(id, kind string, active bool, r Restrictions, alt Band, w Window) Object {
		return Object{Type: Zone, ID: id, Party: "un", Kind: kind, Active: active, Restricts: r,
			Volumes: []Volume{vol(zoneBox, 0, alt, w)}}
	}
	restrictA := Restrictions{Parties: []string{partyA}, Activities: []string{Strike, Flight}}
	day := win(0, 24)
	hospital := Object{Type: Site, ID: "hospital", Party: unHum, Kind: "hospital", Active: true,
		Volumes: []Volume{vol(point(t, 37.3, 36.3), 300, AllAltitudes, win(-100, 1000))}}
	// A convoy route along a parallel, 1,000 m wide (500 m each side).
	route := line(t, geo.LonLat{Lon: 37.3, Lat: 36.1}, geo.LonLat{Lon: 37.45, Lat: 36.1})
	convoy := Object{Type: Notification, ID: "convoy", Party: unHum, Kind: HumanitarianMovement, Active: true,
		Volumes: []Volume{vol(route, 500, ground, win(6, 10))}}
	north := func(m float64) geo.LonLat { return offset(geo.LonLat{Lon: 37.375, Lat: 36.1}, 0, m) }
	parallelTo := func(m float64) geo.Geometry {
		a, b := offset(geo.LonLat{Lon: 37.3, Lat: 36.1}, 0, m), offset(geo.LonLat{Lon: 37.45, Lat: 36.1}, 0, m)
		return line(t, a, b)
	}
	flightA := Object{Type: Notification, ID: "flight-a", Party: partyA, Kind: Flight, Active: true,
		Volumes: []Volume{vol(line(t, geo.LonLat{Lon: 36.5, Lat: 35.5}, geo.LonLat{Lon: 36.5, Lat: 36.5}), 0, Band{3000, 4000}, win(2, 4))}}
	east := func(m float64) geo.Geometry {
		a, b := offset(geo.LonLat{Lon: 36.5, Lat: 35.5}, 90, m), offset(geo.LonLat{Lon: 36.5, Lat: 36.5}, 90, m)
		return line(t, a, b)
	}
	strikeObj := Object{Type: Notification, ID: "strike-a", Party: partyA, Kind: Strike, Active: true,
		Volumes: []Volume{vol(point(t, 36.8, 35.8), 2000, strikeBand, win(3, 5))}}

	tests := []struct {
		name    string
		objects []Object
		cand    Candidate
		want    string
	}{
		{"strike in no-strike zone restricting the party",
			[]Object{zoneObj("z", NoStrike, true, restrictA, AllAltitudes, day)},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 500, strikeBand, win(3, 4))}},
			"strike-in-no-strike-zone:zone/z#0@0[3h0m0s,4h0m0s)"},
		{"strike in no-strike zone restricting another party",
			[]Object{zoneObj("z", NoStrike, true, Restrictions{Parties: []string{partyB}}, AllAltitudes, day)},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 500, strikeBand, win(3, 4))}},
			""},
		{"strike in no-strike zone restricting every party",
			[]Object{zoneObj("z", NoStrike, true, Restrictions{Parties: []string{Any}}, AllAltitudes, day)},
			Candidate{Party: partyB, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 500, strikeBand, win(3, 4))}},
			"strike-in-no-strike-zone:zone/z#0@0[3h0m0s,4h0m0s)"},
		{"strike in an inactive no-strike zone",
			[]Object{zoneObj("z", NoStrike, false, restrictA, AllAltitudes, day)},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 500, strikeBand, win(3, 4))}},
			""},
		{"strike window touching the zone's start",
			[]Object{zoneObj("z", NoStrike, true, restrictA, AllAltitudes, win(4, 24))},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 500, strikeBand, win(3, 4))}},
			""},
		{"strike window touching the zone's end",
			[]Object{zoneObj("z", NoStrike, true, restrictA, AllAltitudes, win(0, 3))},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 500, strikeBand, win(3, 4))}},
			""},
		{"strike window overlapping the zone's end by a second",
			[]Object{zoneObj("z", NoStrike, true, restrictA, AllAltitudes, Window{t0, at(3).Add(time.Second)})},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 500, strikeBand, win(3, 4))}},
			"strike-in-no-strike-zone:zone/z#0@0[3h0m0s,3h0m1s)"},
		{"strike radius short of the zone",
			[]Object{zoneObj("z", NoStrike, true, restrictA, AllAltitudes, day)},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(func() geo.Geometry {
				p := offset(geo.LonLat{Lon: 37.2, Lat: 36.2}, 90, 1000)
				return point(t, p.Lon, p.Lat)
			}(), 970, strikeBand, win(3, 4))}}, // short by more than the padding (geo.SphereLimit)
			""},
		{"strike radius reaching the zone",
			[]Object{zoneObj("z", NoStrike, true, restrictA, AllAltitudes, day)},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(func() geo.Geometry {
				p := offset(geo.LonLat{Lon: 37.2, Lat: 36.2}, 90, 1000)
				return point(t, p.Lon, p.Lat)
			}(), 1020, strikeBand, win(3, 4))}},
			"strike-in-no-strike-zone:zone/z#0@0[3h0m0s,4h0m0s)"},
		{"altitude bands meeting at one value",
			[]Object{zoneObj("z", NoStrike, true, restrictA, Band{9000, 15000}, day)},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 500, strikeBand, win(3, 4))}},
			"strike-in-no-strike-zone:zone/z#0@0[3h0m0s,4h0m0s)"},
		{"altitude bands a metre apart",
			[]Object{zoneObj("z", NoStrike, true, restrictA, Band{9001, 15000}, day)},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 500, strikeBand, win(3, 4))}},
			""},
		{"strike outside a hospital's buffer",
			[]Object{hospital},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(func() geo.Geometry {
				p := offset(geo.LonLat{Lon: 37.3, Lat: 36.3}, 200, 1000)
				return point(t, p.Lon, p.Lat)
			}(), 680, strikeBand, win(3, 4))}},
			""},
		{"strike within a hospital's buffer",
			[]Object{hospital},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(func() geo.Geometry {
				p := offset(geo.LonLat{Lon: 37.3, Lat: 36.3}, 200, 1000)
				return point(t, p.Lon, p.Lat)
			}(), 720, strikeBand, win(3, 4))}},
			"strike-near-protected-site:site/hospital#0@0[3h0m0s,4h0m0s)"},
		{"strike on a convoy route during its window",
			[]Object{convoy},
			Candidate{Party: partyB, Kind: Strike, Volumes: []Volume{vol(point(t, 37.4, 36.1), 100, strikeBand, win(7, 8))}},
			"strike-on-humanitarian-movement:notification/convoy#0@0[7h0m0s,8h0m0s)"},
		{"strike on a convoy route after its window",
			[]Object{convoy},
			Candidate{Party: partyB, Kind: Strike, Volumes: []Volume{vol(point(t, 37.4, 36.1), 100, strikeBand, win(10, 11))}},
			""},
		{"convoy notified over a notified strike",
			[]Object{{Type: Notification, ID: "s", Party: partyB, Kind: Strike, Active: true,
				Volumes: []Volume{vol(point(t, 37.4, 36.1), 100, strikeBand, win(7, 8))}}},
			Candidate{Party: unHum, Kind: HumanitarianMovement, Volumes: []Volume{vol(route, 500, ground, win(6, 10))}},
			"strike-on-humanitarian-movement:notification/s#0@0[7h0m0s,8h0m0s)"},
		{"ground movement in a corridor just wider than the distance",
			[]Object{convoy},
			Candidate{Party: partyB, Kind: GroundMovement, Volumes: []Volume{vol(parallelTo(1000), 520, ground, win(5, 7))}},
			"ground-movement-on-humanitarian-movement:notification/convoy#0@0[6h0m0s,7h0m0s)"},
		{"ground movement in a corridor just narrower than the distance",
			[]Object{convoy},
			Candidate{Party: partyB, Kind: GroundMovement, Volumes: []Volume{vol(parallelTo(1000), 460, ground, win(5, 7))}}, // short by more than the padding
			""},
		{"ground movement at a point north of the route",
			[]Object{convoy},
			Candidate{Party: partyB, Kind: GroundMovement, Volumes: []Volume{vol(func() geo.Geometry { p := north(700); return point(t, p.Lon, p.Lat) }(), 210, ground, win(5, 7))}},
			"ground-movement-on-humanitarian-movement:notification/convoy#0@0[6h0m0s,7h0m0s)"},
		{"flight of a restricted party in a no-fly zone",
			[]Object{zoneObj("nf", NoFly, true, restrictA, Band{0, 15000}, day)},
			Candidate{Party: partyA, Kind: Flight, Volumes: []Volume{vol(line(t, geo.LonLat{Lon: 37.0, Lat: 36.2}, geo.LonLat{Lon: 37.3, Lat: 36.2}), 0, Band{5000, 6000}, win(1, 2))}},
			"flight-in-no-fly-zone:zone/nf#0@0[1h0m0s,2h0m0s)"},
		{"flight of an unrestricted party in a no-fly zone",
			[]Object{zoneObj("nf", NoFly, true, restrictA, Band{0, 15000}, day)},
			Candidate{Party: partyB, Kind: Flight, Volumes: []Volume{vol(line(t, geo.LonLat{Lon: 37.0, Lat: 36.2}, geo.LonLat{Lon: 37.3, Lat: 36.2}), 0, Band{5000, 6000}, win(1, 2))}},
			""},
		{"flight above a no-fly zone's ceiling",
			[]Object{zoneObj("nf", NoFly, true, restrictA, Band{0, 15000}, day)},
			Candidate{Party: partyA, Kind: Flight, Volumes: []Volume{vol(line(t, geo.LonLat{Lon: 37.0, Lat: 36.2}, geo.LonLat{Lon: 37.3, Lat: 36.2}), 0, Band{15001, 16000}, win(1, 2))}},
			""},
		{"flights closer than the separation minima",
			[]Object{flightA},
			Candidate{Party: partyB, Kind: Flight, Volumes: []Volume{vol(east(9000), 0, Band{4200, 5000}, win(3, 6))}},
			"flight-separation:notification/flight-a#0@0[3h0m0s,4h0m0s)"},
		{"flights exactly the vertical minimum apart",
			[]Object{flightA},
			Candidate{Party: partyB, Kind: Flight, Volumes: []Volume{vol(east(9000), 0, Band{4305, 5000}, win(3, 6))}},
			""},
		{"flights further apart than the horizontal minimum",
			[]Object{flightA},
			Candidate{Party: partyB, Kind: Flight, Volumes: []Volume{vol(east(9500), 0, Band{3500, 3600}, win(3, 6))}},
			""},
		{"flights of the same party",
			[]Object{flightA},
			Candidate{Party: partyA, Kind: Flight, Volumes: []Volume{vol(east(9000), 0, Band{3500, 3600}, win(3, 6))}},
			""},
		{"flights in touching windows",
			[]Object{flightA},
			Candidate{Party: partyB, Kind: Flight, Volumes: []Volume{vol(east(1000), 0, Band{3500, 3600}, win(4, 6))}},
			""},
		{"flight through another party's strike",
			[]Object{strikeObj},
			Candidate{Party: partyB, Kind: Flight, Volumes: []Volume{vol(line(t, geo.LonLat{Lon: 36.5, Lat: 35.8}, geo.LonLat{Lon: 37.0, Lat: 35.8}), 0, Band{3000, 3000}, win(4, 6))}},
			"flight-through-strike:notification/strike-a#0@0[4h0m0s,5h0m0s)"},
		{"strike under another party's flight",
			[]Object{{Type: Notification, ID: "f", Party: partyB, Kind: Flight, Active: true,
				Volumes: []Volume{vol(line(t, geo.LonLat{Lon: 36.5, Lat: 35.8}, geo.LonLat{Lon: 37.0, Lat: 35.8}), 0, Band{3000, 3000}, win(4, 6))}}},
			Candidate{Party: partyA, Kind: Strike, Volumes: strikeObj.Volumes},
			"flight-through-strike:notification/f#0@0[4h0m0s,5h0m0s)"},
		{"flight in a de-escalation zone restricting flights",
			[]Object{zoneObj("de", DeEscalation, true, Restrictions{Parties: []string{partyA}, Activities: []string{Flight}}, AllAltitudes, day)},
			Candidate{Party: partyA, Kind: Flight, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 0, Band{500, 800}, win(1, 2))}},
			"activity-in-de-escalation-zone:zone/de#0@0[1h0m0s,2h0m0s)"},
		{"strike in a de-escalation zone restricting only flights",
			[]Object{zoneObj("de", DeEscalation, true, Restrictions{Parties: []string{partyA}, Activities: []string{Flight}}, AllAltitudes, day)},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 0, strikeBand, win(1, 2))}},
			""},
		{"combat flight over an opposition area",
			[]Object{zoneObj("opp", OppositionArea, true, Restrictions{Parties: []string{partyA}, Activities: []string{Flight, Strike}}, AllAltitudes, day)},
			Candidate{Party: partyA, Kind: Flight, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 1000, Band{3000, 6000}, win(1, 2))}},
			"activity-in-opposition-area:zone/opp#0@0[1h0m0s,2h0m0s)"},
		{"ground movement in a security belt",
			[]Object{zoneObj("belt", SecurityBelt, true, Restrictions{Parties: []string{Any}, Activities: []string{GroundMovement}}, AllAltitudes, day)},
			Candidate{Party: partyB, Kind: GroundMovement, Volumes: []Volume{vol(point(t, aleppo.Lon, aleppo.Lat), 100, ground, win(1, 2))}},
			"activity-in-security-belt:zone/belt#0@0[1h0m0s,2h0m0s)"},
		{"re-checking a stored notification ignores itself",
			[]Object{flightA},
			Candidate{ID: "flight-a", Party: partyB, Kind: Flight, Volumes: flightA.Volumes},
			""},
		{"several volumes and rules, in order",
			[]Object{hospital, convoy, zoneObj("z", NoStrike, true, restrictA, AllAltitudes, day)},
			Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{
				vol(point(t, 37.4, 36.1), 100, strikeBand, win(7, 8)),
				vol(point(t, 37.3, 36.3), 10, strikeBand, win(7, 8)),
				vol(point(t, aleppo.Lon, aleppo.Lat), 10, strikeBand, win(7, 8)),
			}},
			"strike-on-humanitarian-movement:notification/convoy#0@0[7h0m0s,8h0m0s) " +
				"strike-near-protected-site:site/hospital#0@1[7h0m0s,8h0m0s) " +
				"strike-in-no-strike-zone:zone/z#0@2[7h0m0s,8h0m0s)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ix := New(Settings{})
			for _, o := range tc.objects {
				if err := ix.Upsert(o); err != nil {
					t.Fatal(err)
				}
			}
			got := summary(ix.Check(tc.cand))
			if got != tc.want {
				t.Errorf("conflicts\n got %q\nwant %q", got, tc.want)
			}
			if b := summary(bruteForce(ix.Settings(), tc.cand, tc.objects)); b != got {
				t.Errorf("brute force disagrees: %q", b)
			}
		})
	}
}

func TestRuleTable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range DefaultRules {
		if r.ID == "" || r.Description == "" || len(r.Kinds) == 0 {
			t.Errorf("rule %+v is incomplete", r)
		}
		if seen[r.ID] {
			t.Errorf("rule id %s twice", r.ID)
		}
		seen[r.ID] = true
		if r.Symmetric && r.Other != Notification {
			t.Errorf("%s: only notification rules can be symmetric", r.ID)
		}
	}
	for _, id := range []string{"strike-in-no-strike-zone", "strike-near-protected-site", "strike-on-humanitarian-movement",
		"ground-movement-on-humanitarian-movement", "flight-in-no-fly-zone", "flight-separation", "activity-in-de-escalation-zone"} {
		if !seen[id] {
			t.Errorf("the issue's rule %s is missing", id)
		}
	}
}

func TestUpsertRemove(t *testing.T) {
	ix := New(Settings{})
	site := Object{Type: Site, ID: "s", Party: unHum, Kind: "school", Active: true,
		Volumes: []Volume{vol(point(t, 37, 36), 200, AllAltitudes, Window{})}}
	if err := ix.Upsert(site); err != nil {
		t.Fatal(err)
	}
	cand := Candidate{Party: partyA, Kind: Strike, Volumes: []Volume{vol(point(t, 37, 36), 10, Band{0, 1}, win(0, 1))}}
	if got := summary(ix.Check(cand)); got != "strike-near-protected-site:site/s#0@0[0s,1h0m0s)" {
		t.Fatalf("open-ended site: %q", got)
	}
	// Moving the site away replaces it.
	site.Volumes = []Volume{vol(point(t, 38, 36), 200, AllAltitudes, Window{})}
	if err := ix.Upsert(site); err != nil {
		t.Fatal(err)
	}
	if got := ix.Check(cand); len(got) != 0 || ix.Len() != 1 || ix.Volumes() != 1 {
		t.Fatalf("after moving: %v, len %d", got, ix.Len())
	}
	site.Active = false
	if err := ix.Upsert(site); err != nil {
		t.Fatal(err)
	}
	if n, trees := ix.items(); ix.Len() != 0 || n != 0 || trees != 0 {
		t.Fatalf("an inactive object must leave the index: %d objects, %d items in %d time slices", ix.Len(), n, trees)
	}
	ix.Remove("nothing")
	bad := []Object{
		{Type: Site, Active: true},
		{Type: "bridge", ID: "x", Active: true},
		{Type: Site, ID: "x", Active: true, Volumes: []Volume{{}}},
		{Type: Site, ID: "x", Active: true, Volumes: []Volume{vol(point(t, 1, 1), 0, Band{5, 1}, win(0, 1))}},
		{Type: Site, ID: "x", Active: true, Volumes: []Volume{vol(point(t, 1, 1), 0, Band{0, 1}, win(1, 1))}},
	}
	for i, o := range bad {
		if err := ix.Upsert(o); err == nil {
			t.Errorf("bad object %d accepted", i)
		}
	}
}

// bruteForce is the oracle: every rule against every volume of every
// object, with the same exact predicate and no index.
func bruteForce(s Settings, c Candidate, objects []Object) []Conflict {
	s = s.withDefaults()
	var out []Conflict
	for oi := range objects {
		out = Judge(s, &c, &objects[oi], out)
	}
	sortConflicts(out, s.Rules)
	return slices.Clip(out)
}
