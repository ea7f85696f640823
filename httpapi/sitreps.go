package httpapi

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/hotline"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/center/sites"
	"github.com/truce-center/truce/center/zones"
	"github.com/truce-center/truce/formats"
	"github.com/truce-center/truce/formats/sitrep"
)

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/sitreps/{date}", Summary: "The daily situation report of a day (YYYY-MM-DD) as the caller may see it: HTML, or PDF with ?format=pdf; the same checkpoint gives the same bytes",
				Produces: "text/html", Handle: (*Server).getSitrep},
		}
	})
}

// printSlots bounds the browsers printing PDF at once: each costs a
// process and some hundred megabytes.
var printSlots = make(chan struct{}, 1)

func (s *Server) getSitrep(w http.ResponseWriter, r *http.Request) error {
	day, err := time.Parse("2006-01-02", r.PathValue("date"))
	if err != nil {
		return truce.Invalid([]truce.FieldError{{Field: "date", Message: "must be a day as YYYY-MM-DD"}})
	}
	format := r.URL.Query().Get("format")
	if format != "" && format != "html" && format != "pdf" {
		return truce.Invalid([]truce.FieldError{{Field: "format", Message: "must be html or pdf"}})
	}
	in, err := s.sitrepInput(r, day)
	if err != nil {
		return err
	}
	var page bytes.Buffer
	if err := sitrep.WriteHTML(&page, sitrep.Build(*in)); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-cache")
	if format != "pdf" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page.Bytes())
		return nil
	}
	chromium, err := sitrep.Chromium()
	if err != nil {
		return truce.Errorf(truce.EUnavailable, "%v", err)
	}
	select {
	case printSlots <- struct{}{}:
		defer func() { <-printSlots }()
	case <-r.Context().Done():
		return r.Context().Err()
	}
	pdf, err := sitrep.Print(r.Context(), chromium, page.Bytes(), day)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="sitrep-`+day.Format("2006-01-02")+`.pdf"`)
	w.Write(pdf)
	return nil
}

// errMoving is why sitrepInput gives up: the log kept growing under it.
var errMoving = errors.New("the log grew while the report was read")

// sitrepInput reads what the report of day needs, as the caller may see
// it, at one log size: the reads are repeated until the log size before
// them, after them and in the checkpoint agree, so the report is exactly
// the state at that checkpoint. Precise coordinates the map shows are
// recorded as accesses first (a write of its own, once per member and
// object version), then the state is read.
func (s *Server) sitrepInput(r *http.Request, day time.Time) (*sitrep.Input, error) {
	if _, err := s.picture(r); err != nil { // records the access
		return nil, err
	}
	c := callerOf(r)
	ctx := composite(r)
	for range 5 {
		size := s.c.Size()
		p := formats.Picture{PartyNames: map[string]string{}}
		p.Zones = s.c.Zones().SeenBy(c, zones.ZoneFilter{})
		p.Sites = s.c.Sites().SeenBy(c, sites.SiteFilter{})
		ns, err := s.c.Notifications().List(ctx, c, notifications.NotificationFilter{})
		if err != nil {
			return nil, err
		}
		p.Notifications = ns
		p.Reports = s.c.Reports().List(ctx, c, reports.ReportFilter{})
		for _, party := range s.c.Members().Parties(ctx, c) {
			p.PartyNames[party.ID] = party.Name
		}
		in := &sitrep.Input{Date: day, Viewer: c.Party, Origin: s.c.Origin(), Picture: p, Incidents: s.c.Reports().Incidents(ctx, c, 1),
			Terms: s.c.Terms().List(ctx), Compliance: map[string]*truce.Compliance{}}
		for _, tm := range in.Terms {
			if cp, err := s.c.Terms().Compliance(ctx, tm.ID); err == nil {
				in.Compliance[tm.ID] = cp
			}
		}
		for _, m := range s.c.Hotline().List(ctx, c, hotline.MessageFilter{}) {
			in.Messages = append(in.Messages, sitrep.Message{Priority: m.Priority, SentAt: m.SentAt,
				Acked:     len(m.Acknowledgements) >= len(m.To),
				Late:      slices.ContainsFunc(m.Acknowledgements, func(a truce.MessageAck) bool { return a.Late }),
				Escalated: len(m.Alerts) > 0})
		}
		msg, cp, err := s.c.Log().Checkpoint(r.Context())
		if err != nil {
			return nil, err
		}
		if uint64(cp.Size) == size && s.c.Size() == size {
			in.Checkpoint, in.LogSize = msg, size
			return in, nil
		}
	}
	return nil, truce.Errorf(truce.EUnavailable, "%v; try again", errMoving)
}
