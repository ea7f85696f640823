package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/ledger"
)

// route is one endpoint. The table of routes registers the handlers and
// generates the OpenAPI document, so the two cannot disagree.
type route struct {
	Method   string
	Path     string
	Summary  string
	Public   bool // no bearer token needed
	Request  any  // a value of the request body's type, or nil
	Response any  // a value of the success body's type, or nil for non-JSON
	Status   int  // the success status; 200 when zero
	Produces string
	Handle   func(s *Server, w http.ResponseWriter, r *http.Request) error
}

// act makes the handler of a plain act on one object: the body decoded
// strictly into In (an empty body, or {}, when In is struct{}), the center
// called with the caller and the path's {id}, the answer written with
// status. Acts that set headers of their own keep their own handlers.
func act[In, Out any](status int, do func(c *center.Center, r *http.Request, caller *core.Caller, id string, in In) (Out, error)) func(*Server, http.ResponseWriter, *http.Request) error {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		var in In
		var err error
		if _, empty := any(in).(struct{}); empty {
			err = decodeEmpty(w, r)
		} else {
			err = decode(r, &in)
		}
		if err != nil {
			return err
		}
		out, err := do(s.c, r, callerOf(r), r.PathValue("id"), in)
		if err != nil {
			return err
		}
		writeJSON(w, status, out)
		return nil
	}
}

// Health is the body of GET /v1/health.
type Health struct {
	// Status is "ok", or "degraded" while the store refuses writes
	// (reads are still served; writes answer 503 until one commits).
	Status string `json:"status"`
	// Reasons says why the status is not "ok", in words safe for anyone
	// to read (the store's own error is in the server's log).
	Reasons []string  `json:"reasons,omitempty"`
	LogSize uint64    `json:"log_size"`
	Origin  string    `json:"origin"`
	Time    time.Time `json:"time"` // the center's clock, which deadlines and lead times follow
}

// Me is the body of GET /v1/me.
type Me struct {
	Member MeMember    `json:"member"`
	Party  truce.Party `json:"party"`
}

// MeMember is the caller's member record as /v1/me shows it.
type MeMember struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// KeyID is the id of the key the member signs its writes with, if
	// it has enrolled one (docs/design/credentials.md).
	KeyID string `json:"key_id,omitempty"`
}

// routeSets holds each feature's routes; a feature's file adds its set
// in an init function.
var routeSets []func() []route

func addRoutes(set func() []route) { routeSets = append(routeSets, set) }

// routes returns every route: the core ones, then each feature's.
func (s *Server) routes() []route {
	all := coreRoutes()
	for _, set := range routeSets {
		all = append(all, set()...)
	}
	for i := range all {
		if all[i].Method == "POST" {
			all[i].Handle = waitFinal(all[i].Handle) // "Truce-Wait: final" (witness.go)
		}
	}
	return all
}

func coreRoutes() []route {
	return []route{
		{Method: "GET", Path: "/v1/health", Summary: "Liveness and the log size; no token needed", Public: true,
			Response: Health{}, Handle: (*Server).health},
		{Method: "GET", Path: "/metrics", Summary: "Prometheus metrics (a coordinator's token; or serve --metrics-addr without one)",
			Handle: (*Server).serveMetrics, Produces: "text/plain"},
		{Method: "GET", Path: "/v1/openapi.json", Summary: "This OpenAPI 3.1 document", Public: true,
			Handle: (*Server).openapi, Produces: "application/json"},
		{Method: "GET", Path: "/v1/me", Summary: "The caller's member and party",
			Response: Me{}, Handle: (*Server).me},
		{Method: "GET", Path: "/v1/parties", Summary: "Every party",
			Response: []truce.Party{}, Handle: (*Server).listParties},
		{Method: "POST", Path: "/v1/parties", Summary: "Register a party (coordinator only)",
			Request: members.PartyInput{}, Response: truce.Party{}, Status: http.StatusCreated, Handle: (*Server).createParty},
		{Method: "GET", Path: "/v1/parties/{id}", Summary: "One party",
			Response: truce.Party{}, Handle: (*Server).getParty},
		{Method: "GET", Path: "/v1/parties/{id}/members", Summary: "A party's members (coordinator and the party itself)",
			Response: []members.MemberView{}, Handle: (*Server).listMembers},
		{Method: "POST", Path: "/v1/parties/{id}/members", Summary: "Register a member; its token is shown once (coordinator only)",
			Request: members.MemberInput{}, Response: members.MemberCreated{}, Status: http.StatusCreated, Handle: (*Server).createMember},
		{Method: "GET", Path: "/log/checkpoint", Summary: "The signed checkpoint (C2SP tlog-checkpoint)", Public: true,
			Handle: (*Server).checkpoint, Produces: "text/plain"},
		{Method: "GET", Path: "/log/key", Summary: "The center's note verifier key", Public: true,
			Handle: (*Server).logKey, Produces: "text/plain"},
		{Method: "GET", Path: "/log/tile/{path...}", Summary: "Hash tiles and entry bundles (C2SP tlog-tiles)", Public: true,
			Handle: (*Server).tile, Produces: "application/octet-stream"},
		{Method: "GET", Path: "/log/payload/{hash}", Summary: "A public part of an entry kept beside the log, by the hex SHA-256 its entry names", Public: true,
			Handle: (*Server).payload, Produces: "application/json"},
	}
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	h := Health{Status: "ok", LogSize: s.c.Size(), Origin: s.c.Origin(), Time: s.c.Now()}
	if f := s.c.WriteFault(); f != nil {
		h.Status = "degraded"
		h.Reasons = append(h.Reasons, fmt.Sprintf("writes are failing since %s: %s; reads are served, writes answer 503",
			f.At.UTC().Format(time.RFC3339), storeFault(f.Err)))
	}
	writeJSON(w, http.StatusOK, h)
	return nil
}

// storeFault says in public words what kind of failure a store error is;
// the error itself may name files or hosts and stays in the server log.
func storeFault(err error) string {
	msg := strings.ToLower(err.Error())
	switch {
	case errors.Is(err, syscall.ENOSPC), strings.Contains(msg, "disk is full"), strings.Contains(msg, "no space left"), strings.Contains(msg, "disk full"):
		return "the store's disk is full"
	case errors.Is(err, syscall.EROFS), strings.Contains(msg, "read-only"), strings.Contains(msg, "readonly"):
		return "the store is read-only"
	case strings.Contains(msg, "connect"), strings.Contains(msg, "connection"):
		return "the database cannot be reached"
	}
	return "the store refused the last write"
}

// serveMetrics serves the Prometheus metrics to the coordinator only: the
// per-route counters would tell anyone watching who notifies what, when.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	if !callerOf(r).IsCoordinator() {
		return truce.Errorf(truce.EForbidden, "metrics are for the coordinator's members (or on serve --metrics-addr)")
	}
	s.Metrics().ServeHTTP(w, r)
	return nil
}

// Metrics returns the Prometheus metrics handler without any token check,
// for a listener of its own (truce serve --metrics-addr).
func (s *Server) Metrics() http.Handler {
	return promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{})
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	c := callerOf(r)
	writeJSON(w, http.StatusOK, Me{Member: MeMember{ID: c.Member.ID, Name: c.Member.Name, KeyID: c.Member.KeyID}, Party: c.Party})
	return nil
}

func (s *Server) listParties(w http.ResponseWriter, r *http.Request) error {
	ps := s.c.Members().Parties(r.Context(), callerOf(r))
	if ps == nil {
		ps = []truce.Party{}
	}
	writeJSON(w, http.StatusOK, ps)
	return nil
}

func (s *Server) getParty(w http.ResponseWriter, r *http.Request) error {
	p, err := s.c.Members().Party(callerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) createParty(w http.ResponseWriter, r *http.Request) error {
	var in members.PartyInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p, err := s.c.Members().RegisterParty(r.Context(), callerOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/parties/"+p.ID)
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.c.Members().List(r.Context(), callerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []members.MemberView{}
	}
	writeJSON(w, http.StatusOK, ms)
	return nil
}

func (s *Server) createMember(w http.ResponseWriter, r *http.Request) error {
	var in members.MemberInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.c.Members().Register(r.Context(), callerOf(r), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store") // the token is in the body
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) checkpoint(w http.ResponseWriter, r *http.Request) error {
	msg, err := s.c.Log().Published(r.Context()) // with the witnesses' cosignatures
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(msg)
	return nil
}

func (s *Server) logKey(w http.ResponseWriter, r *http.Request) error {
	info := s.c.Info()
	if info == nil {
		return truce.Errorf(truce.ENotFound, "the center is not initialised")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(info.LogKey + "\n"))
	return nil
}

// payload serves a public payload. Its address is its hash, so it never
// changes.
func (s *Server) payload(w http.ResponseWriter, r *http.Request) error {
	data, err := s.c.PublicPayload(r.Context(), "sha256:"+r.PathValue("hash"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(data)
	return nil
}

func (s *Server) tile(w http.ResponseWriter, r *http.Request) error {
	t, err := ledger.ParseTilePath("tile/" + r.PathValue("path"))
	if err != nil {
		return truce.Errorf(truce.ENotFound, "%v", err)
	}
	data, err := s.c.Log().Tile(r.Context(), t)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if t.Width == ledger.TileWidth {
		// A full tile never changes (C2SP tlog-tiles).
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Write(data)
	return nil
}
