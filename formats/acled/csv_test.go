package acled

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
)

var testReport = truce.Report{ID: "rep_1", Party: "pty_4", OccurredAt: time.Date(2016, 9, 19, 19, 30, 0, 0, time.UTC), TimePrecision: 1,
	Location: json.RawMessage(`{"type":"Point","coordinates":[37.1,36.2]}`), GeoPrecision: 1, Place: "Aleppo",
	EventType: "Explosions/Remote violence", SubEventType: "Air/drone strike", Actor1: "Russia", Inter1: 8,
	Actor2: "Civilians", Inter2: 7, Interaction: 78, Fatalities: 20, Notes: strings.Repeat("a night strike on a market ", 8),
	Sources: []truce.Source{{Name: "UN OCHA", Scale: "international"}}, Status: "verified"}

func one(fn func(*truce.Report) error) error { return fn(&testReport) }

// hashtag is HXL 1.1's syntax of a tag with attributes.
var hashtag = regexp.MustCompile(`^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$`)

func TestHXLRow(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, one); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("%v: %d rows, want header, hashtags, one report", err, len(rows))
	}
	col := map[string]string{}
	for i, tag := range rows[1] {
		if !hashtag.MatchString(tag) {
			t.Errorf("column %s: %q is not an HXL hashtag", rows[0][i], tag)
		}
		col[tag] = rows[2][i]
	}
	// What HDX tools read by tag: the values under the tags they look for.
	for tag, want := range map[string]string{
		"#date+occurred": "2016-09-19", "#event+type": "Explosions/Remote violence", "#geo+lat": "36.2", "#geo+lon": "37.1",
		"#affected+killed": "20", "#loc+name": "Aleppo", "#group+name+first": "Russia", "#meta+source": "UN OCHA",
	} {
		if col[tag] != want {
			t.Errorf("%s = %q, want %q", tag, col[tag], want)
		}
	}
}

func TestCellDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-x": "'-x", "@a": "'@a", "plain": "plain", "": ""} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExportBoundedMemory streams 1,000,000 reports through the CSV
// writer and checks that the heap stays under 64 MiB all along: the
// export never holds more than a row.
func TestExportBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	const n = 1_000_000
	const bound = 64 << 20
	runtime.GC()
	var ms runtime.MemStats
	peak := uint64(0)
	counter := &countingWriter{}
	err := WriteCSV(counter, func(fn func(*truce.Report) error) error {
		for i := range n {
			if err := fn(&testReport); err != nil {
				return err
			}
			if i%50000 == 0 {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if peak > bound || counter.n < n*200 {
		t.Fatalf("peak heap %d bytes (bound %d), %d bytes written", peak, bound, counter.n)
	}
	t.Logf("exported %d reports (%d MB) with a peak heap of %.1f MB", n, counter.n>>20, float64(peak)/(1<<20))
}

type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }
