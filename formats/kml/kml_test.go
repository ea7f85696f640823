package kml

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/truce-center/truce/formats/formatstest"
)

func TestWriteIsSchemaValid(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, formatstest.Picture()); err != nil {
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
	if n := strings.Count(out, "<Placemark"); n != 7 {
		t.Errorf("%d placemarks, want 7 (2 zones, 1 site, 2 volumes, 2 reports)", n)
	}
}

func TestSamePictureSameBytes(t *testing.T) {
	var a, b, kmz bytes.Buffer
	Write(&a, formatstest.Picture())
	Write(&b, formatstest.Picture())
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two writes of one picture differ")
	}
	if err := WriteKMZ(&kmz, formatstest.Picture()); err != nil {
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
	WriteKMZ(&kmz2, formatstest.Picture())
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
