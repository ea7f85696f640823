package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/demo"
	"github.com/truce-center/truce/formats/acled"
	"github.com/truce-center/truce/formats/kml"
)

// TestDemoExports reads the demonstration's KML, KMZ and CSV exports as
// the coordinator and as parties: each KML is valid, and what it shows
// follows need-to-know — the hidden hospital is on the coordinator's and
// its owner's map, not on a party's.
func TestDemoExports(t *testing.T) {
	url, members := startDemo(t, centertest.NewClock(demo.Start()))
	hidden := "Underground hospital, Sakhour"
	for who, wantHidden := range map[string]bool{"coordinator": true, "hum": true, "ru": false, "obs": false} {
		status, body := get(t, url+"/v1/export/map.kml", members[who].Token)
		if status != 200 {
			t.Fatalf("%s: map.kml: %d %s", who, status, body)
		}
		if err := kml.Validate(bytes.NewReader(body)); err != nil {
			t.Errorf("%s: map.kml: %v", who, err)
		}
		if got := bytes.Contains(body, []byte(hidden)); got != wantHidden {
			t.Errorf("%s: the hidden hospital shown: %v, want %v", who, got, wantHidden)
		}
		for _, want := range []string{"Castello Road corridor (demonstration)", "<TimeSpan>", "<TimeStamp>", "#zone-corridor-active"} {
			if !bytes.Contains(body, []byte(want)) {
				t.Errorf("%s: map.kml lacks %s", who, want)
			}
		}
		status, kmz := get(t, url+"/v1/export/map.kmz", members[who].Token)
		zr, err := zip.NewReader(bytes.NewReader(kmz), int64(len(kmz)))
		if status != 200 || err != nil || len(zr.File) != 1 {
			t.Fatalf("%s: map.kmz: %d %v", who, status, err)
		}
		f, _ := zr.File[0].Open()
		inner, _ := io.ReadAll(f)
		if !bytes.Equal(inner, body) {
			t.Errorf("%s: map.kmz's doc.kml differs from map.kml", who)
		}
	}
	if status, _ := get(t, url+"/v1/export/map.kml", ""); status != 401 {
		t.Errorf("map.kml without a token: %d, want 401", status)
	}

	// The CSV export: header, HXL hashtags, one row a report.
	_, body := get(t, url+"/v1/export/reports.csv", members["obs"].Token)
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("reports.csv: %v, %d rows", err, len(rows))
	}
	if strings.Join(rows[1], ",") != strings.Join(acled.HXLRow, ",") {
		t.Errorf("second row %q, want the HXL row", rows[1])
	}
}
