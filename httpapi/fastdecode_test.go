package httpapi

import (
	"reflect"
	"strings"
	"testing"

	"github.com/truce-center/truce/center/notifications"
)

// plainNotificationBodies are bodies as planning tools send them, which
// decodeNotificationFast must read itself.
var plainNotificationBodies = []string{
	`{"kind":"strike","title":"load","urgent":false,"volumes":[{"geometry":{"type":"Point","coordinates":[36.512345,34.123456]},"radius_m":2500,"altitude":{"min_m":0,"max_m":3000},"start":"2026-12-04T21:00:00Z","end":"2026-12-04T23:00:00Z"}]}`,
	`{"kind":"flight","title":"Corridor 4, northbound","volumes":[{"geometry":{"type":"LineString","coordinates":[[36.1,34.1],[36.2,34.2],[36.35,34.3]]},"width_m":5000,"altitude":{"min_m":3000,"max_m":9000},"start":"2026-12-04T21:00:00+02:00","end":"2026-12-04T23:00:00.5Z"}]}`,
	"{\n  \"urgent\": true,\n  \"kind\": \"convoy\",\n  \"title\": \"Convoy to the clinic — ميناء\",\n  \"volumes\": [\n    {\"end\": \"2026-12-05T08:00:00Z\", \"start\": \"2026-12-05T06:00:00Z\",\n     \"geometry\": {\"coordinates\": [[[36.0,34.0],[36.1,34.0],[36.1,34.1],[36.0,34.0]]], \"type\": \"Polygon\"}}\n  ]\n}\n",
	`{"kind":"strike","title":"two","volumes":[{"geometry":{"type":"MultiPolygon","coordinates":[[[[36,34],[36.1,34],[36.1,34.1],[36,34]]],[[[37,35],[37.1,35],[37.1,35.1],[37,35]]]]},"altitude":{"max_m":1e3,"min_m":-0.5E1}},{"geometry":{"type":"Point","coordinates":[-0,0.0]},"radius_m":0}]}`,
	`{"kind":"strike","volumes":[]}`,
	`{}`,
	` {"title":""} `,
}

// fallbackNotificationBodies must be left to the general road, which
// refuses some and accepts others.
var fallbackNotificationBodies = []string{
	`{"kind":"strike","title":"line\nbreak","volumes":[]}`,
	`{"kind":"strike","kind":"flight"}`,
	`{"Kind":"strike"}`,
	`{"kind":"strike","priority":1}`,
	`{"kind":null}`,
	`{"kind":"strike","volumes":null}`,
	`{"kind":"strike","volumes":[{"geometry":{"type":"Point","coordinates":[36,34],"bbox":[36,34,36,34]}}]}`,
	`{"kind":"strike","volumes":[{"geometry":{"type":"Point","coordinates":[36,34]},"radius_m":1e400}]}`,
	`{"kind":"strike","volumes":[{"start":"yesterday"}]}`,
	`{"kind":"strike","volumes":[{"radius_m":"5"}]}`,
	`{"kind":"strike","volumes":[{"radius_m":05}]}`,
	`{"kind":"strike","urgent":1}`,
	`{"kind":"strike"} {}`,
	`{"kind":"strike",}`,
	`{"kind":"str` + "\xff" + `ike"}`,
	`{"title":"\ud800"}`,
	`{"volumes":[{"geometry":{"type":"Point","coordinates":[[[[[1]]]]]}}]}`,
	`[]`,
	``,
}

// TestDecodeNotificationFast: the plain bodies are read by the one-pass
// reader, the others by the general road, and decodeBytes gives the
// general road's answer for every one of them.
func TestDecodeNotificationFast(t *testing.T) {
	check := func(body string, wantFast bool) {
		t.Helper()
		got, ok := decodeNotificationFast([]byte(body))
		if ok != wantFast {
			t.Errorf("%q: read in one pass %v, want %v", body, ok, wantFast)
		}
		var want notifications.NotificationInput
		wantErr := decodeGeneral([]byte(body), &want)
		if ok && (wantErr != nil || !reflect.DeepEqual(got, want)) {
			t.Errorf("%q: one pass read %+v, the general road %+v (%v)", body, got, want, wantErr)
		}
		var viaDecode notifications.NotificationInput
		err := decodeBytes([]byte(body), &viaDecode)
		if (err == nil) != (wantErr == nil) || (err != nil && err.Error() != wantErr.Error()) || !reflect.DeepEqual(viaDecode, want) {
			t.Errorf("%q: decodeBytes %+v (%v), the general road %+v (%v)", body, viaDecode, err, want, wantErr)
		}
	}
	for _, b := range plainNotificationBodies {
		check(b, true)
		// decode reads bodies into pooled buffers: what the one pass
		// returns must hold nothing of the bytes it was given.
		data := []byte(b)
		got, _ := decodeNotificationFast(data)
		for i := range data {
			data[i] = '?'
		}
		if want, _ := decodeNotificationFast([]byte(b)); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: the value read changed with the buffer it was read from: %+v, want %+v", b, got, want)
		}
	}
	for _, b := range fallbackNotificationBodies {
		check(b, false)
	}
	// As many volumes as the general road takes, and one more.
	vol := `{"geometry":{"type":"Point","coordinates":[36,34]}}`
	check(`{"volumes":[`+strings.Repeat(vol+",", maxObjectItems-2)+vol+`]}`, true)
	check(`{"volumes":[`+strings.Repeat(vol+",", maxObjectItems)+vol+`]}`, false)
}

// FuzzDecodeNotificationFast: whatever the one-pass reader accepts, the
// general road accepts and decodes to the same value.
func FuzzDecodeNotificationFast(f *testing.F) {
	for _, b := range append(append([]string{}, plainNotificationBodies...), fallbackNotificationBodies...) {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := decodeNotificationFast(data)
		if !ok {
			return
		}
		var want notifications.NotificationInput
		if err := decodeGeneral(data, &want); err != nil {
			t.Fatalf("%q: read in one pass, refused by the general road: %v", data, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: one pass read %+v, the general road %+v", data, got, want)
		}
	})
}

// BenchmarkDecodeNotification: a strike's body and a flight's of twelve
// points, read by the general road and by decodeBytes (the one pass).
func BenchmarkDecodeNotification(b *testing.B) {
	for _, road := range []struct {
		name   string
		decode func([]byte, any) error
	}{{"general", decodeGeneral}, {"decodeBytes", decodeBytes}} {
		for _, body := range []struct{ name, json string }{
			{"strike", plainNotificationBodies[0]},
			{"flight", `{"kind":"flight","title":"load","urgent":false,"volumes":[{"geometry":{"type":"LineString","coordinates":[[36.1,34.1],[36.2,34.2],[36.3,34.3],[36.4,34.4],[36.5,34.5],[36.6,34.6],[36.7,34.7],[36.8,34.8],[36.9,34.9],[37.0,35.0],[37.1,35.1],[37.2,35.2]]},"width_m":5000,"altitude":{"min_m":3000,"max_m":9000},"start":"2026-12-04T21:00:00Z","end":"2026-12-04T23:00:00Z"}]}`},
		} {
			b.Run(road.name+"/"+body.name, func(b *testing.B) {
				data := []byte(body.json)
				b.ReportAllocs()
				for b.Loop() {
					var in notifications.NotificationInput
					if err := road.decode(data, &in); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
