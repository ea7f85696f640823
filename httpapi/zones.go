package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/zones"
)

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/zones", Summary: "Zones the caller may see (filters: bbox=minLon,minLat,maxLon,maxLat, at, kind, state)",
				Response: []truce.Zone{}, Handle: (*Server).listZones},
			{Method: "POST", Path: "/v1/zones", Summary: "Propose a zone",
				Request: zones.ZoneInput{}, Response: truce.Zone{}, Status: http.StatusCreated, Handle: (*Server).createZone},
			{Method: "GET", Path: "/v1/zones/{id}", Summary: "One zone, with its ETag (?version=n for an older version)",
				Response: truce.Zone{}, Handle: (*Server).getZone},
			{Method: "PATCH", Path: "/v1/zones/{id}", Summary: "Change a zone: a new version that needs endorsing again (If-Match required)",
				Request: zones.ZonePatch{}, Response: truce.Zone{}, Handle: (*Server).changeZone},
			{Method: "POST", Path: "/v1/zones/{id}/endorsements", Summary: "Endorse the zone's current version (If-Match optional)",
				Request: struct{}{}, Response: truce.Zone{}, Status: http.StatusCreated, Handle: (*Server).endorseZone},
			{Method: "POST", Path: "/v1/zones/{id}/withdraw", Summary: "Withdraw a zone (owner or coordinator)",
				Request: struct{}{}, Response: truce.Zone{}, Handle: zoneState(truce.ZoneWithdrawn)},
			{Method: "POST", Path: "/v1/zones/{id}/suspend", Summary: "Suspend an active zone (coordinator)",
				Request: struct{}{}, Response: truce.Zone{}, Handle: zoneState(truce.ZoneSuspended)},
			{Method: "POST", Path: "/v1/zones/{id}/resume", Summary: "Resume a suspended zone (coordinator)",
				Request: struct{}{}, Response: truce.Zone{}, Handle: zoneState(truce.ZoneActive)},
			{Method: "GET", Path: "/v1/access-records", Summary: "Who was shown the precise coordinates of the caller's objects, and whose conflict questions were answered from them",
				Response: []truce.AccessRecord{}, Handle: (*Server).accessRecords},
			{Method: "GET", Path: "/v1/notices", Summary: "Notifications found in conflict with the caller's objects that their notifiers may not see precisely",
				Response: []truce.Notice{}, Handle: (*Server).notices},
			{Method: "GET", Path: "/v1/commitments/{hash}", Summary: "Open a commitment of the log (owner and coordinator only)",
				Produces: "application/json", Handle: (*Server).commitment},
			{Method: "GET", Path: "/v1/export/zones.geojson", Summary: "Zones as a GeoJSON FeatureCollection, as the caller may see them",
				Produces: "application/geo+json", Handle: (*Server).exportZones},
		}
	})
}

// decodeEmpty accepts an empty body or an empty JSON object.
func decodeEmpty(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength == 0 {
		return nil
	}
	var in struct{}
	return decode(r, &in)
}

func (s *Server) listZones(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	box, err := parseBBox(q.Get("bbox"))
	if err != nil {
		return err
	}
	at, err := core.ParseTime("at", q.Get("at"))
	if err != nil {
		return err
	}
	zs, err := s.c.Zones().List(r.Context(), callerOf(r), zones.ZoneFilter{BBox: box, At: at, Kind: q.Get("kind"), State: q.Get("state")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, zs)
	return nil
}

func (s *Server) createZone(w http.ResponseWriter, r *http.Request) error {
	var in zones.ZoneInput
	if err := decode(r, &in); err != nil {
		return err
	}
	z, err := s.c.Zones().Propose(r.Context(), callerOf(r), in)
	if err != nil {
		return err
	}
	return s.writeZone(w, r, z, http.StatusCreated)
}

// writeZone answers with a zone, its ETag and its log index.
func (s *Server) writeZone(w http.ResponseWriter, r *http.Request, z *truce.Zone, status int) error {
	w.Header().Set("ETag", zones.ZoneETag(z))
	w.Header().Set("Location", "/v1/zones/"+z.ID)
	writeJSON(w, status, z)
	return nil
}

func (s *Server) getZone(w http.ResponseWriter, r *http.Request) error {
	n := 0
	if v := r.URL.Query().Get("version"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return truce.Invalid([]truce.FieldError{{Field: "version", Message: "must be a positive integer"}})
		}
	}
	z, err := s.c.Zones().Version(r.Context(), callerOf(r), r.PathValue("id"), n)
	if err != nil {
		return err
	}
	return s.writeZone(w, r, z, http.StatusOK)
}

func (s *Server) changeZone(w http.ResponseWriter, r *http.Request) error {
	var p zones.ZonePatch
	if err := decode(r, &p); err != nil {
		return err
	}
	z, err := s.c.Zones().Change(r.Context(), callerOf(r), r.PathValue("id"), r.Header.Get("If-Match"), p)
	if err != nil {
		return err
	}
	return s.writeZone(w, r, z, http.StatusOK)
}

func (s *Server) endorseZone(w http.ResponseWriter, r *http.Request) error {
	if err := decodeEmpty(w, r); err != nil {
		return err
	}
	z, err := s.c.Zones().Endorse(r.Context(), callerOf(r), r.PathValue("id"), r.Header.Get("If-Match"))
	if err != nil {
		return err
	}
	return s.writeZone(w, r, z, http.StatusCreated)
}

func zoneState(state string) func(s *Server, w http.ResponseWriter, r *http.Request) error {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		if err := decodeEmpty(w, r); err != nil {
			return err
		}
		z, err := s.c.Zones().SetState(r.Context(), callerOf(r), r.PathValue("id"), state)
		if err != nil {
			return err
		}
		return s.writeZone(w, r, z, http.StatusOK)
	}
}

func (s *Server) notices(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.c.Notices(r.Context(), callerOf(r)))
	return nil
}

func (s *Server) accessRecords(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.c.AccessRecords(r.Context(), callerOf(r)))
	return nil
}

func (s *Server) commitment(w http.ResponseWriter, r *http.Request) error {
	p, err := s.c.Commitment(callerOf(r), r.PathValue("hash"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(p)
	return nil
}

// feature is a GeoJSON Feature: the object's shape as the caller may see
// it, and the object's other fields as properties.
type feature struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties map[string]any  `json:"properties"`
}

func toFeature(id string, obj any, precise, coarse json.RawMessage) (feature, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return feature{}, err
	}
	var props map[string]any
	if err := json.Unmarshal(b, &props); err != nil {
		return feature{}, err
	}
	delete(props, "geometry")
	delete(props, "coarse")
	g := precise
	props["shape"] = "precise"
	if len(g) == 0 {
		g, props["shape"] = coarse, "coarse"
	}
	if len(g) == 0 {
		g = json.RawMessage("null")
	}
	return feature{Type: "Feature", ID: id, Geometry: g, Properties: props}, nil
}

func writeFeatures(w http.ResponseWriter, fs []feature) {
	if fs == nil {
		fs = []feature{}
	}
	w.Header().Set("Content-Type", "application/geo+json")
	writeJSONRaw(w, map[string]any{"type": "FeatureCollection", "features": fs})
}

func writeJSONRaw(w http.ResponseWriter, v any) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (s *Server) exportZones(w http.ResponseWriter, r *http.Request) error {
	zs, err := s.c.Zones().List(r.Context(), callerOf(r), zones.ZoneFilter{})
	if err != nil {
		return err
	}
	var fs []feature
	for _, z := range zs {
		f, err := toFeature(z.ID, z, z.Geometry.JSON(), z.Coarse.JSON())
		if err != nil {
			return err
		}
		fs = append(fs, f)
	}
	writeFeatures(w, fs)
	return nil
}
