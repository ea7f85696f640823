package httpapi

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/formats/acled"
)

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/reports", Summary: "Violation reports (filters: bbox, from, to, zone, event_type, actor, status)",
				Response: []truce.Report{}, Handle: (*Server).listReports},
			{Method: "POST", Path: "/v1/reports", Summary: "File a violation or incident report, coded as ACLED codes events",
				Request: reports.ReportInput{}, Response: truce.Report{}, Status: http.StatusCreated, Handle: (*Server).createReport},
			{Method: "GET", Path: "/v1/reports/{id}", Summary: "One report, with the zones it fell in and its incident",
				Response: truce.Report{}, Handle: (*Server).getReport},
			{Method: "POST", Path: "/v1/reports/{id}/reviews", Summary: "Take a report under review, or give a verdict (coordinator and observers)",
				Request: reports.ReviewInput{}, Response: truce.Report{}, Status: http.StatusCreated, Handle: act(http.StatusCreated, func(c *center.Center, r *http.Request, k *core.Caller, id string, in reports.ReviewInput) (*truce.Report, error) {
					return c.Reports().Review(r.Context(), k, id, in)
				})},
			{Method: "POST", Path: "/v1/reports/{id}/evidence", Summary: "Attach a file (the raw body; ?name=): the log holds its SHA-256",
				Response: truce.Evidence{}, Status: http.StatusCreated, Handle: (*Server).addEvidence},
			{Method: "GET", Path: "/v1/reports/{id}/evidence/{sha256}", Summary: "An evidence file (the reporting party, coordinator and observers)",
				Produces: "application/octet-stream", Handle: (*Server).getEvidence},
			{Method: "POST", Path: "/v1/reports/{id}/requests", Summary: "Ask a party for information on a report (coordinator and observers)",
				Request: reports.RequestInput{}, Response: truce.Report{}, Status: http.StatusCreated, Handle: act(http.StatusCreated, func(c *center.Center, r *http.Request, k *core.Caller, id string, in reports.RequestInput) (*truce.Report, error) {
					return c.Reports().RequestInfo(r.Context(), k, id, in)
				})},
			{Method: "POST", Path: "/v1/reports/{id}/requests/{n}/answer", Summary: "Answer a request for information (the party asked)",
				Request: reports.AnswerInput{}, Response: truce.Report{}, Status: http.StatusCreated, Handle: (*Server).answerRequest},
			{Method: "POST", Path: "/v1/reports/{id}/incident", Summary: "Move a report to another report's incident, or its own (coordinator and observers)",
				Request: reports.MoveInput{}, Response: truce.Report{}, Handle: act(http.StatusOK, func(c *center.Center, r *http.Request, k *core.Caller, id string, in reports.MoveInput) (*truce.Report, error) {
					return c.Reports().Move(r.Context(), k, id, in)
				})},
			{Method: "GET", Path: "/v1/incidents", Summary: "Reports grouped into incidents, with confidence from independent sources (?min_reports=)",
				Response: []truce.Incident{}, Handle: (*Server).listIncidents},
			{Method: "GET", Path: "/v1/stats/violations", Summary: "Counts and fatalities per day or week, by perpetrator or event type (zone, from, to, bucket, by, include=all)",
				Response: []reports.StatsRow{}, Handle: (*Server).stats},
			{Method: "GET", Path: "/v1/export/reports.csv", Summary: "Reports as ACLED-like CSV with an HXL hashtag row, streamed",
				Produces: "text/csv", Handle: (*Server).exportReportsCSV},
			{Method: "GET", Path: "/v1/export/reports.geojson", Summary: "Reports as a GeoJSON FeatureCollection, streamed",
				Produces: "application/geo+json", Handle: (*Server).exportReportsGeoJSON},
		}
	})
}

func timeParams(r *http.Request) (from, to time.Time, err error) {
	if from, err = core.ParseTime("from", r.URL.Query().Get("from")); err != nil {
		return
	}
	to, err = core.ParseTime("to", r.URL.Query().Get("to"))
	return
}

func (s *Server) listReports(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	box, err := parseBBox(q.Get("bbox"))
	if err != nil {
		return err
	}
	from, to, err := timeParams(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.c.Reports().List(r.Context(), callerOf(r), reports.ReportFilter{BBox: box, From: from, To: to, Zone: q.Get("zone"),
		EventType: q.Get("event_type"), Actor: q.Get("actor"), Status: q.Get("status")}))
	return nil
}

func (s *Server) createReport(w http.ResponseWriter, r *http.Request) error {
	var in reports.ReportInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rep, err := s.c.Reports().Submit(r.Context(), callerOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/reports/"+rep.ID)
	writeJSON(w, http.StatusCreated, rep)
	return nil
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.c.Reports().Get(callerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) addEvidence(w http.ResponseWriter, r *http.Request) error {
	max := s.c.Settings().Reports.EvidenceMaxBytes
	data, err := readBody(r, max) // 413 beyond max, 408 when it comes too slowly
	if err != nil {
		return err
	}
	ev, err := s.c.Reports().AddEvidence(r.Context(), callerOf(r), r.PathValue("id"), r.URL.Query().Get("name"), data)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ev)
	return nil
}

func (s *Server) getEvidence(w http.ResponseWriter, r *http.Request) error {
	data, mt, err := s.c.Reports().Evidence(r.Context(), callerOf(r), r.PathValue("id"), r.PathValue("sha256"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", mt)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Disposition", "attachment")
	w.Write(data)
	return nil
}

func (s *Server) answerRequest(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		return truce.Errorf(truce.ENotFound, "no request %q", r.PathValue("n"))
	}
	var in reports.AnswerInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rep, err := s.c.Reports().Answer(r.Context(), callerOf(r), r.PathValue("id"), n, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rep)
	return nil
}

func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) error {
	min := 1
	if v := r.URL.Query().Get("min_reports"); v != "" {
		var err error
		if min, err = strconv.Atoi(v); err != nil || min < 1 {
			return truce.Invalid([]truce.FieldError{{Field: "min_reports", Message: "must be a positive integer"}})
		}
	}
	writeJSON(w, http.StatusOK, s.c.Reports().Incidents(r.Context(), callerOf(r), min))
	return nil
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, to, err := timeParams(r)
	if err != nil {
		return err
	}
	inc := q.Get("include")
	if inc != "" && inc != "all" {
		return truce.Invalid([]truce.FieldError{{Field: "include", Message: `must be "all" to count unverified reports too`}})
	}
	rows, err := s.c.Stats(callerOf(r), reports.StatsQuery{Zone: q.Get("zone"), From: from, To: to, Bucket: q.Get("bucket"), By: q.Get("by"), AllReports: inc == "all"})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rows)
	return nil
}

func (s *Server) exportReportsCSV(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="reports.csv"`)
	return acled.WriteCSV(w, s.c.Reports().Each)
}

func (s *Server) exportReportsGeoJSON(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/geo+json")
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	first := true
	err := s.c.Reports().Each(func(rep *truce.Report) error {
		f, err := toFeature(rep.ID, rep, rep.Location, nil)
		if err != nil {
			return err
		}
		delete(f.Properties, "location")
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}
