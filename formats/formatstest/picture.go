// Package formatstest holds what the format adapters' tests share: one
// picture with one of each thing they draw.
package formatstest

import (
	"encoding/json"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/formats"
)

// Day returns an hour of 13 September 2016, UTC.
func Day(h int) time.Time { return time.Date(2016, 9, 13, h, 0, 0, 0, time.UTC) }

// Picture holds one of each thing the exports draw: a zone with a hole,
// a zone seen only as its coarse cover (two parts), a site whose name
// needs escaping, a notification with a point and a route volume, a
// verified and an unverified report.
func Picture() *formats.Picture {
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	return &formats.Picture{
		Title:      "test picture",
		PartyNames: map[string]string{"pty_1": "UN", "pty_2": "Russian Federation"},
		Zones: []truce.Zone{
			{ID: "zon_1", Version: 2, Name: "Castello Road corridor", Kind: "corridor", Owner: "pty_1", State: truce.ZoneActive,
				Disclosure: "precise", Valid: truce.Window{Start: truce.InstantOf(Day(0)), End: truce.InstantOf(Day(23))}, Altitude: &truce.Altitude{MaxM: 3000},
				Geometry: truce.NewGeoJSON(raw(`{"type":"Polygon","coordinates":[[[37.1,36.2],[37.2,36.2],[37.2,36.3],[37.1,36.2]],[[37.15,36.22],[37.17,36.22],[37.17,36.24],[37.15,36.22]]]}`))},
			{ID: "zon_2", Version: 1, Kind: "no-strike", Owner: "pty_2", State: truce.ZoneProposed, Disclosure: "coarse",
				Valid:  truce.Window{Start: truce.InstantOf(Day(1)), End: truce.InstantOf(Day(20))},
				Coarse: truce.NewGeoJSON(raw(`{"type":"MultiPolygon","coordinates":[[[[37,36],[37.1,36],[37.1,36.1],[37,36]]],[[[37.2,36],[37.3,36],[37.3,36.1],[37.2,36]]]]}`))},
		},
		Sites: []truce.Site{{ID: "sit_1", Name: "Field hospital <A&B>", Category: "hospital", Owner: "pty_1", State: truce.SiteActive,
			BufferM: 300, Disclosure: "precise", Valid: truce.Window{Start: truce.InstantOf(Day(0)), End: truce.InstantOf(Day(23))},
			Geometry: truce.NewGeoJSON(raw(`{"type":"Point","coordinates":[37.16,36.21]}`))}},
		Notifications: []truce.Notification{{ID: "ntf_1", Kind: "strike", Title: "Strike", Party: "pty_2", State: truce.NotificationObjected,
			Volumes: []truce.Volume{
				{Geometry: truce.NewGeoJSON(raw(`{"type":"Point","coordinates":[37.1,36.25]}`)), RadiusM: 500, Altitude: truce.Altitude{MaxM: 9000}, Start: truce.InstantOf(Day(3)), End: truce.InstantOf(Day(4))},
				{Geometry: truce.NewGeoJSON(raw(`{"type":"LineString","coordinates":[[37.1,36.25],[37.2,36.3]]}`)), WidthM: 1000, Start: truce.InstantOf(Day(4)), End: truce.InstantOf(Day(5))},
			}}},
		Reports: []truce.Report{{ID: "rep_1", Party: "pty_1", OccurredAt: Day(19), Location: raw(`{"type":"Point","coordinates":[36.92,36.16]}`),
			Place: "Urum al-Kubra", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", Fatalities: 20,
			Status: truce.ReportVerified},
			{ID: "rep_2", Party: "pty_2", OccurredAt: Day(20), Location: raw(`{"type":"Point","coordinates":[36.93,36.17]}`),
				EventType: "Battles", SubEventType: "Armed clash", Status: truce.ReportSubmitted}},
	}
}
