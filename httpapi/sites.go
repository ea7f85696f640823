package httpapi

import (
	"net/http"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/sites"
)

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/sites", Summary: "Protected sites the caller may see (filters: bbox, at, category, state)",
				Response: []truce.Site{}, Handle: (*Server).listSites},
			{Method: "POST", Path: "/v1/sites", Summary: "Notify a protected site",
				Request: sites.SiteInput{}, Response: truce.Site{}, Status: http.StatusCreated, Handle: (*Server).createSite},
			{Method: "GET", Path: "/v1/sites/{id}", Summary: "One protected site",
				Response: truce.Site{}, Handle: (*Server).getSite},
			{Method: "DELETE", Path: "/v1/sites/{id}", Summary: "Remove a site: an act the recipients acknowledge",
				Response: truce.Site{}, Handle: act(http.StatusOK, func(c *center.Center, r *http.Request, k *core.Caller, id string, _ struct{}) (*truce.Site, error) {
					return c.Sites().Remove(r.Context(), k, id)
				})},
			{Method: "POST", Path: "/v1/sites/{id}/acknowledgements", Summary: "Acknowledge a site's addition or removal (recipients)",
				Request: struct{}{}, Response: truce.Site{}, Status: http.StatusCreated, Handle: act(http.StatusCreated, func(c *center.Center, r *http.Request, k *core.Caller, id string, _ struct{}) (*truce.Site, error) {
					return c.Sites().Acknowledge(r.Context(), k, id)
				})},
			{Method: "GET", Path: "/v1/export/sites.geojson", Summary: "Protected sites as a GeoJSON FeatureCollection, as the caller may see them",
				Produces: "application/geo+json", Handle: (*Server).exportSites},
		}
	})
}

func (s *Server) siteFilter(r *http.Request) (sites.SiteFilter, error) {
	q := r.URL.Query()
	box, err := parseBBox(q.Get("bbox"))
	if err != nil {
		return sites.SiteFilter{}, err
	}
	at, err := core.ParseTime("at", q.Get("at"))
	if err != nil {
		return sites.SiteFilter{}, err
	}
	return sites.SiteFilter{BBox: box, At: at, Category: q.Get("category"), State: q.Get("state")}, nil
}

func (s *Server) listSites(w http.ResponseWriter, r *http.Request) error {
	f, err := s.siteFilter(r)
	if err != nil {
		return err
	}
	ss, err := s.c.Sites().List(r.Context(), callerOf(r), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ss)
	return nil
}

func (s *Server) createSite(w http.ResponseWriter, r *http.Request) error {
	var in sites.SiteInput
	if err := decode(r, &in); err != nil {
		return err
	}
	st, err := s.c.Sites().Add(r.Context(), callerOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/sites/"+st.ID)
	writeJSON(w, http.StatusCreated, st)
	return nil
}

func (s *Server) getSite(w http.ResponseWriter, r *http.Request) error {
	st, err := s.c.Sites().Get(r.Context(), callerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) exportSites(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.c.Sites().List(r.Context(), callerOf(r), sites.SiteFilter{})
	if err != nil {
		return err
	}
	var fs []feature
	for _, st := range ss {
		f, err := toFeature(st.ID, st, st.Geometry.JSON(), st.Coarse().JSON())
		if err != nil {
			return err
		}
		fs = append(fs, f)
	}
	writeFeatures(w, fs)
	return nil
}
