package httpapi

import (
	"context"
	"io"
	"net/http"

	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/notifications"
	"github.com/truce-center/truce/center/reports"
	"github.com/truce-center/truce/center/sites"
	"github.com/truce-center/truce/center/zones"
	"github.com/truce-center/truce/formats"
	"github.com/truce-center/truce/formats/cot"
	"github.com/truce-center/truce/formats/kml"
)

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/export/map.kml", Summary: "Zones, sites, notifications and reports as the caller may see them, as KML 2.2 (styles by kind and state, time spans)",
				Produces: "application/vnd.google-earth.kml+xml", Handle: (*Server).exportKML},
			{Method: "GET", Path: "/v1/export/map.kmz", Summary: "The same picture as KMZ (a zip holding doc.kml)",
				Produces: "application/vnd.google-earth.kmz", Handle: (*Server).exportKMZ},
			{Method: "GET", Path: "/v1/export/picture.cot", Summary: "The same picture as a stream of Cursor on Target events for TAK (zones and sites as shapes, notification windows as start and stale, verified reports as markers)",
				Produces: "application/cot+xml", Handle: (*Server).exportCoT},
		}
	})
}

// composite returns the context for the reads of an answer made of
// several reads of the state, which may see different states: they are
// noted apart, so the answer carries no log size (HeaderLogSize).
func composite(r *http.Request) context.Context { return core.WithLogSize(r.Context()) }

// picture reads what the caller may see for an export.
func (s *Server) picture(r *http.Request) (*formats.Picture, error) {
	return s.pictureAs(r, callerOf(r))
}

// pictureAs reads what view may see (the caller itself, or the party a
// coordinator's letter is addressed to), and records the access when the
// caller is shown another party's precise coordinates — an export shows
// them as surely as a list does — once per member and version of each
// object, so that exporting again with nothing changed writes nothing.
// The record names everything precise in the caller's own view, a
// superset of what a narrower view shows: more, never less.
func (s *Server) pictureAs(r *http.Request, view *core.Caller) (*formats.Picture, error) {
	c := callerOf(r)
	ctx := composite(r)
	zs, err := s.c.Zones().List(ctx, c, zones.ZoneFilter{})
	if err != nil {
		return nil, err
	}
	ss, err := s.c.Sites().List(ctx, c, sites.SiteFilter{})
	if err != nil {
		return nil, err
	}
	if view != c {
		zs = s.c.Zones().SeenBy(view, zones.ZoneFilter{})
		ss = s.c.Sites().SeenBy(view, sites.SiteFilter{})
	}
	ns, err := s.c.Notifications().List(ctx, view, notifications.NotificationFilter{})
	if err != nil {
		return nil, err
	}
	p := &formats.Picture{Title: "truce: " + s.c.Origin() + " as " + view.Party.Name + " sees it",
		Zones: zs, Sites: ss, PartyNames: map[string]string{},
		Notifications: ns,
		Reports:       s.c.Reports().List(ctx, view, reports.ReportFilter{})}
	for _, party := range s.c.Members().Parties(ctx, c) {
		p.PartyNames[party.ID] = party.Name
	}
	return p, nil
}

func (s *Server) exportKML(w http.ResponseWriter, r *http.Request) error {
	return s.exportPicture(w, r, "application/vnd.google-earth.kml+xml", "truce.kml", kml.Write)
}

func (s *Server) exportKMZ(w http.ResponseWriter, r *http.Request) error {
	return s.exportPicture(w, r, "application/vnd.google-earth.kmz", "truce.kmz", kml.WriteKMZ)
}

func (s *Server) exportCoT(w http.ResponseWriter, r *http.Request) error {
	return s.exportPicture(w, r, "application/cot+xml", "truce.cot", func(w io.Writer, p *formats.Picture) error {
		return cot.Write(w, cot.Events(p, s.c.Now()))
	})
}

func (s *Server) exportPicture(w http.ResponseWriter, r *http.Request, mediaType, name string, write func(io.Writer, *formats.Picture) error) error {
	p, err := s.picture(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", mediaType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return write(w, p)
}
