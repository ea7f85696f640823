package conflict_test

import (
	"fmt"
	"time"

	"github.com/truce-center/truce/conflict"
	"github.com/truce-center/truce/geo"
)

// A protected site and a no-strike zone are indexed; a strike notified
// next to the hospital, inside the zone, conflicts with both.
func ExampleIndex_Check() {
	ix := conflict.New(conflict.Settings{})
	t0 := time.Date(2016, 9, 14, 0, 0, 0, 0, time.UTC)
	month := conflict.Window{Start: t0, End: t0.AddDate(0, 1, 0)}

	hospital, _ := geo.NewPoint(geo.LonLat{Lon: 37.16, Lat: 36.21})
	_ = ix.Upsert(conflict.Object{Type: conflict.Site, ID: "site-1", Party: "un", Kind: "hospital", Active: true,
		Volumes: []conflict.Volume{{Footprint: geo.Footprint{Geometry: hospital, BufferM: 300},
			Altitude: conflict.AllAltitudes, Window: month}}})

	area, _ := geo.NewPolygon(geo.Limits{}, []geo.LonLat{{Lon: 37.1, Lat: 36.15}, {Lon: 37.2, Lat: 36.15}, {Lon: 37.2, Lat: 36.25}, {Lon: 37.1, Lat: 36.25}, {Lon: 37.1, Lat: 36.15}})
	_ = ix.Upsert(conflict.Object{Type: conflict.Zone, ID: "zone-1", Party: "un", Kind: conflict.NoStrike, Active: true,
		Restricts: conflict.Restrictions{Parties: []string{"party-a"}},
		Volumes:   []conflict.Volume{{Footprint: geo.Footprint{Geometry: area}, Altitude: conflict.AllAltitudes, Window: month}}})

	target, _ := geo.NewPoint(geo.LonLat{Lon: 37.163, Lat: 36.212})
	for _, c := range ix.Check(conflict.Candidate{Party: "party-a", Kind: conflict.Strike,
		Volumes: []conflict.Volume{{Footprint: geo.Footprint{Geometry: target, BufferM: 200},
			Altitude: conflict.Band{MinM: 0, MaxM: 9000},
			Window:   conflict.Window{Start: t0.Add(3 * time.Hour), End: t0.Add(4 * time.Hour)}}}}) {
		fmt.Println(c.Rule, c.With.Type, c.With.ID, c.Volume, c.Overlap.Start.Format("15:04"), c.Overlap.End.Format("15:04"))
	}
	// Output:
	// strike-in-no-strike-zone zone zone-1 0 03:00 04:00
	// strike-near-protected-site site site-1 0 03:00 04:00
}
