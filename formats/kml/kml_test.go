package kml

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/formats"
)

func day(h int) time.Time { return time.Date(2016, 9, 13, h, 0, 0, 0, time.UTC) }

// testPicture holds one of each thing the writer draws, including a zone
// seen only as its coarse cover.
func testPicture() *formats.Picture {
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	return &formats.Picture{
		Title:      "test picture",
		PartyNames: map[string]string{"pty_1": "UN", "pty_2": "Russian Federation"},
		Zones: []truce.Zone{
			{ID: "zon_1", Version: 2, Name: "Castello Road corridor", Kind: "corridor", Owner: "pty_1", State: truce.ZoneActive,
				Disclosure: "precise", Valid: truce.Window{Start: day(0), End: day(23)}, Altitude: &truce.Altitude{MaxM: 3000},
				Geometry: raw(`{"type":"Polygon","coordinates":[[[37.1,36.2],[37.2,36.2],[37.2,36.3],[37.1,36.2]],[[37.15,36.22],[37.17,36.22],[37.17,36.24],[37.15,36.22]]]}`)},
			{ID: "zon_2", Version: 1, Kind: "no-strike", Owner: "pty_2", State: truce.ZoneProposed, Disclosure: "coarse",
				Valid:  truce.Window{Start: day(1), End: day(20)},
				Coarse: raw(`{"type":"MultiPolygon","coordinates":[[[[37,36],[37.1,36],[37.1,36.1],[37,36]]],[[[37.2,36],[37.3,36],[37.3,36.1],[37.2,36]]]]}`)},
		},
		Sites: []truce.Site{{ID: "sit_1", Name: "Field hospital <A&B>", Category: "hospital", Owner: "pty_1", State: truce.SiteActive,
			BufferM: 300, Disclosure: "precise", Valid: truce.Window{Start: day(0), End: day(23)},
			Geometry: raw(`{"type":"Point","coordinates":[37.16,36.21]}`)}},
		Notifications: []truce.Notification{{ID: "ntf_1", Kind: "strike", Title: "Strike", Party: "pty_2", State: truce.NotificationObjected,
			Volumes: []truce.Volume{
				{Geometry: raw(`{"type":"Point","coordinates":[37.1,36.25]}`), RadiusM: 500, Altitude: truce.Altitude{MaxM: 9000}, Start: day(3), End: day(4)},
				{Geometry: raw(`{"type":"LineString","coordinates":[[37.1,36.25],[37.2,36.3]]}`), WidthM: 1000, Start: day(4), End: day(5)},
			}}},
		Reports: []truce.Report{{ID: "rep_1", Party: "pty_1", OccurredAt: day(19), Location: raw(`{"type":"Point","coordinates":[36.92,36.16]}`),
			Place: "Urum al-Kubra", EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", Fatalities: 20,
			Status: truce.ReportVerified}},
	}
}

func TestWriteIsSchemaValid(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, testPicture()); err != nil {
		t.Fatal(err)
	}
	if err := Validate(bytes.NewReader(b.Bytes())); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	out := b.String()
	for _, want := range []string{
		`<name>Field hospital &lt;A&amp;B&gt;</name>`,
		`<TimeSpan>`, `<begin>2016-09-13T03:00:00Z</begin>`, `<when>2016-09-13T19:00:00Z</when>`,
		`<styleUrl>#zone-corridor-active</styleUrl>`, `<styleUrl>#notification-strike-objected</styleUrl>`,
		`<Data name="shape">`, `<value>coarse</value>`, `<MultiGeometry>`, `<innerBoundaryIs>`,
		`<name>Strike (volume 1)</name>`, `<value>Russian Federation</value>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if n := strings.Count(out, "<Placemark"); n != 6 {
		t.Errorf("%d placemarks, want 6 (2 zones, 1 site, 2 volumes, 1 report)", n)
	}
}

func TestSamePictureSameBytes(t *testing.T) {
	var a, b, kmz bytes.Buffer
	Write(&a, testPicture())
	Write(&b, testPicture())
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of one picture differ")
	}
	if err := WriteKMZ(&kmz, testPicture()); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(kmz.Bytes()), int64(kmz.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != "doc.kml" {
		t.Fatalf("kmz holds %v, want doc.kml", zr.File)
	}
	f, _ := zr.File[0].Open()
	inner, _ := io.ReadAll(f)
	if !bytes.Equal(inner, a.Bytes()) {
		t.Error("the KMZ's doc.kml differs from the KML")
	}
	var kmz2 bytes.Buffer
	WriteKMZ(&kmz2, testPicture())
	if !bytes.Equal(kmz.Bytes(), kmz2.Bytes()) {
		t.Error("two KMZ of one picture differ")
	}
}

// The check itself must be able to fail: each broken document is refused.
func TestCheckSchemaRefuses(t *testing.T) {
	head := `<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>x</name>`
	tail := `</Document></kml>`
	for name, doc := range map[string]string{
		"wrong order":     head + `<Placemark><styleUrl>#s</styleUrl><name>a</name></Placemark>` + tail,
		"unknown element": head + `<Placemark><name>a</name><Bogus/></Placemark>` + tail,
		"open ring":       head + `<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,1</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>` + tail,
		"bad colour":      head + `<Style id="s"><LineStyle><color>red</color></LineStyle></Style>` + tail,
		"dangling style":  head + `<Placemark><styleUrl>#nothing</styleUrl></Placemark>` + tail,
		"latitude 91":     head + `<Placemark><Point><coordinates>10,91</coordinates></Point></Placemark>` + tail,
		"no namespace":    `<kml><Document/></kml>`,
		"repeated name":   head + `<name>y</name>` + tail,
	} {
		if err := Validate(strings.NewReader(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
