// Package acled writes reports as ACLED-style CSV: ACLED's column names
// where it has them, then truce's review status and reporting party, with
// an HXL hashtag row (the Humanitarian Exchange Language, hxlstandard.org)
// under the header so that HDX tools read the columns without a mapping.
package acled

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/formats"
)

// Column is one column of the export: its ACLED name and its HXL hashtag.
type Column struct {
	Name, HXL string
}

// Columns are the export's columns in order. The hashtags follow HXL 1.1's
// core schema as ACLED's own HDX datasets tag the same columns; the
// review status and reporting party, which ACLED has not, take #status
// and #org. truce's reports carry no administrative areas, so there is no
// #adm1 column: the place name is #loc+name.
var Columns = []Column{
	{"event_id_cnty", "#event+code"},
	{"event_date", "#date+occurred"},
	{"year", "#date+year"},
	{"time_precision", "#date+precision"},
	{"event_type", "#event+type"},
	{"sub_event_type", "#event+type+sub"},
	{"actor1", "#group+name+first"},
	{"inter1", "#group+code+first"},
	{"actor2", "#group+name+second"},
	{"inter2", "#group+code+second"},
	{"interaction", "#group+code+interaction"},
	{"location", "#loc+name"},
	{"latitude", "#geo+lat"},
	{"longitude", "#geo+lon"},
	{"geo_precision", "#geo+precision"},
	{"source", "#meta+source"},
	{"source_scale", "#meta+source+scale"},
	{"notes", "#description"},
	{"fatalities", "#affected+killed"},
	{"status", "#status+review"},
	{"reporting_party", "#org+name+reporting"},
	{"timestamp", "#date+reported+unix"},
}

// Header and HXLRow are the export's first two rows.
var Header, HXLRow = func() ([]string, []string) {
	h, x := make([]string, len(Columns)), make([]string, len(Columns))
	for i, c := range Columns {
		h[i], x[i] = c.Name, c.HXL
	}
	return h, x
}()

// WriteCSV streams reports as CSV, one row at a time, so that an export
// of any size runs in bounded memory: the header, the HXL row, then a row
// a report in the order each gives them.
func WriteCSV(w io.Writer, each func(fn func(r *truce.Report) error) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if err := cw.Write(Header); err != nil {
		return err
	}
	if err := cw.Write(HXLRow); err != nil {
		return err
	}
	row := make([]string, len(Columns))
	err := each(func(r *truce.Report) error {
		lon, lat := "", ""
		if g := formats.Geometry(r.Location); !g.IsZero() {
			p := g.Point()
			lon, lat = strconv.FormatFloat(p.Lon, 'f', -1, 64), strconv.FormatFloat(p.Lat, 'f', -1, 64)
		}
		names, scales := make([]string, len(r.Sources)), make([]string, len(r.Sources))
		for i, s := range r.Sources {
			names[i], scales[i] = s.Name, s.Scale
		}
		row = append(row[:0], r.ID, r.OccurredAt.Format("2006-01-02"), strconv.Itoa(r.OccurredAt.Year()), strconv.Itoa(r.TimePrecision),
			r.EventType, r.SubEventType, Cell(r.Actor1), strconv.Itoa(r.Inter1), Cell(r.Actor2), strconv.Itoa(r.Inter2),
			strconv.Itoa(r.Interaction), Cell(r.Place), lat, lon, strconv.Itoa(r.GeoPrecision), Cell(strings.Join(names, "; ")),
			strings.Join(scales, "; "), Cell(r.Notes), strconv.Itoa(r.Fatalities), r.Status, r.Party, strconv.FormatInt(r.CreatedAt.Unix(), 10))
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// Cell keeps free text from being read as a formula by a spreadsheet.
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
