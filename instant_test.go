package truce

import (
	"encoding/json"
	"testing"
	"time"
)

// windowBefore and volumeBefore are Window and Volume as they were with
// time.Time: the JSON of both must be the same.
type windowBefore struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

type volumeBefore struct {
	Geometry GeoJSON   `json:"geometry"`
	RadiusM  float64   `json:"radius_m,omitempty"`
	WidthM   float64   `json:"width_m,omitempty"`
	Altitude Altitude  `json:"altitude"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
}

// TestInstantJSON: an Instant reads what time.Time reads, with its
// errors, and writes what time.Time writes of the same instant in UTC
// (the form the center keeps every time in), the zero time included.
func TestInstantJSON(t *testing.T) {
	for _, doc := range []string{
		`"2016-09-14T03:00:00Z"`, `"2016-09-14T03:00:00.000000500Z"`, `"2199-12-31T23:59:59.999999999Z"`,
		`"2000-01-01T00:00:00Z"`, `"1970-01-01T00:00:00Z"`, `"2016-09-14T06:00:00+03:00"`, `"2016-09-14T03:00:00.5-00:30"`,
		`"0001-01-01T00:00:00Z"`, `null`, `"2016-09-14"`, `"not a time"`, `17`, `"2016-09-14T03:00:00"`, `"2016-13-14T03:00:00Z"`,
	} {
		var i Instant
		var tt time.Time
		errI, errT := json.Unmarshal([]byte(doc), &i), json.Unmarshal([]byte(doc), &tt)
		if (errI == nil) != (errT == nil) || errI != nil && errI.Error() != errT.Error() {
			t.Errorf("%s: error %v, time.Time's %v", doc, errI, errT)
			continue
		}
		if errI != nil {
			continue
		}
		if !tt.IsZero() {
			tt = tt.UTC()
		}
		got, _ := json.Marshal(i)
		want, _ := json.Marshal(tt)
		if string(got) != string(want) || !i.Time().Equal(tt) || i.IsZero() != tt.IsZero() || i.Time() != tt {
			t.Errorf("%s: %s (%v), time.Time's %s", doc, got, i.Time(), want)
		}
	}
	// Beyond int64 nanoseconds: still out of range, as requests are held
	// to MinTime–MaxTime, and not the zero time ("is required").
	for _, doc := range []string{`"3000-01-01T00:00:00Z"`, `"1000-01-01T00:00:00Z"`, `"0001-01-01T00:00:00+01:00"`, `"9999-12-31T23:59:59Z"`} {
		var i Instant
		if err := json.Unmarshal([]byte(doc), &i); err != nil {
			t.Fatal(err)
		}
		if i.IsZero() || TimeInRange(i.Time()) {
			t.Errorf("%s: %v, zero %v", doc, i.Time(), i.IsZero())
		}
	}
	a, b := InstantOf(time.Date(2016, 9, 14, 3, 0, 0, 0, time.UTC)), InstantOf(time.Date(2016, 9, 14, 3, 0, 0, 1, time.UTC))
	if !a.Before(b) || !b.After(a) || a.After(b) || a.Equal(b) || !a.Equal(a) || !(Instant{}).Before(a) {
		t.Error("instants compare as their times do not")
	}
}

// TestTimesJSONAsBefore: a notification's, a volume's and a window's
// JSON, decoded and encoded again, is what the types before (with
// time.Time) gave: documents, answers and the log's bodies unchanged.
func TestTimesJSONAsBefore(t *testing.T) {
	win := `{"start":"2016-09-14T03:00:00.0000005Z","end":"2016-09-14T04:00:00Z"}`
	vol := `{"geometry":{"coordinates":[37.1,36.2],"type":"Point"},"radius_m":500,"altitude":{"min_m":0,"max_m":9000},"start":"2016-09-14T03:00:00Z","end":"2016-09-14T04:00:00.25Z"}`
	for _, c := range []struct {
		doc       string
		now, then any
	}{
		{win, new(Window), new(windowBefore)},
		{`{"start":"0001-01-01T00:00:00Z","end":"0001-01-01T00:00:00Z"}`, new(Window), new(windowBefore)},
		{`{}`, new(Window), new(windowBefore)},
		{vol, new(Volume), new(volumeBefore)},
	} {
		if err := json.Unmarshal([]byte(c.doc), c.now); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(c.doc), c.then); err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(c.now)
		want, _ := json.Marshal(c.then)
		if string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", c.doc, got, want)
		}
	}
	ntf := `{"id":"ntf_1","kind":"strike","party":"pty_3","urgent":false,"volumes":[` + vol + `],"state":"submitted","conflicts":[{"rule":"flight-separation","with":{"type":"notification","id":"ntf_2"},"volume":0,"overlap":` + win + `}],` +
		`"must_acknowledge":[],"acknowledgements":[],"ack_deadline":"2016-09-14T02:00:00Z","created_at":"2016-09-13T01:00:00.123Z","updated_at":"0001-01-01T00:00:00Z","submitted_log_index":5,"log_index":5}`
	var n Notification
	if err := json.Unmarshal([]byte(ntf), &n); err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(&n); string(got) != ntf {
		t.Errorf("notification:\n got %s\nwant %s", got, ntf)
	}
}
