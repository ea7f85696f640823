package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/publish"
	"github.com/truce-center/truce/center/witnesses"
)

// The witnesses' routes and receipts (issue 11), and the "Truce-Wait:
// final" wrapper that every POST route gets (routes.go).

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/witnesses", Summary: "The registered witnesses: each party's cosignature/v1 key and tlog-witness URL; no token needed",
				Public: true, Response: []truce.Witness{}, Handle: (*Server).listWitnesses},
			{Method: "POST", Path: "/v1/witnesses", Summary: "Register or replace a party's witness (coordinator only)",
				Request: witnesses.WitnessInput{}, Response: truce.Witness{}, Status: http.StatusCreated, Handle: (*Server).registerWitness},
			{Method: "GET", Path: "/v1/witnesses/status", Summary: "What each witness last cosigned, why it did not, and the newest final checkpoint; no token needed",
				Public: true, Response: publish.WitnessReport{}, Handle: (*Server).witnessStatus},
			{Method: "GET", Path: "/v1/receipts/{log_index}", Summary: "A C2SP tlog-proof for one entry: the entry, its inclusion proof and a final cosigned checkpoint; no token needed",
				Public: true, Handle: (*Server).receipt, Produces: "text/plain"},
		}
	})
}

func (s *Server) listWitnesses(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.c.Witnesses(r.Context()))
	return nil
}

func (s *Server) registerWitness(w http.ResponseWriter, r *http.Request) error {
	var in witnesses.WitnessInput
	if err := decode(r, &in); err != nil {
		return err
	}
	wit, err := s.c.RegisterWitness(r.Context(), callerOf(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, wit)
	return nil
}

func (s *Server) witnessStatus(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, s.c.Log().Report())
	return nil
}

func (s *Server) receipt(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("log_index")
	i, err := strconv.ParseUint(raw, 10, 64)
	if err != nil || strconv.FormatUint(i, 10) != raw {
		return truce.Invalid([]truce.FieldError{{Field: "log_index", Message: "must be a decimal entry index"}})
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.c.Settings().WitnessWait)
	defer cancel()
	b, err := s.c.Log().Receipt(ctx, i)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename=\"entry-"+raw+".tlog-proof\"")
	w.Write(b)
	return nil
}

// waitFinal wraps a write's handler: with the request header
// "Truce-Wait: final" the answer is held back until the entry it wrote
// (its "log_index") is covered by a checkpoint the witness policy
// accepts. The answer then carries "Truce-Final: <checkpoint size>". If
// that does not happen within Settings.WitnessWait, the answer — the
// write is done and durable — goes out unchanged with
// "Truce-Final: pending", never as an error that would deny the write.
func waitFinal(h func(s *Server, w http.ResponseWriter, r *http.Request) error) func(s *Server, w http.ResponseWriter, r *http.Request) error {
	return func(s *Server, w http.ResponseWriter, r *http.Request) error {
		switch r.Header.Get("Truce-Wait") {
		case "":
			return h(s, w, r)
		case "final":
		default:
			return truce.Invalid([]truce.FieldError{{Field: "Truce-Wait", Message: `must be "final" or absent`}})
		}
		rec := &heldAnswer{header: http.Header{}}
		if err := h(s, rec, r); err != nil {
			return err
		}
		var out struct {
			LogIndex *uint64 `json:"log_index"`
		}
		if rec.status/100 == 2 && json.Unmarshal(rec.body.Bytes(), &out) == nil && out.LogIndex != nil {
			ctx, cancel := context.WithTimeout(r.Context(), s.c.Settings().WitnessWait)
			_, cp, err := s.c.Log().Final(ctx, *out.LogIndex)
			cancel()
			if err != nil {
				rec.header.Set("Truce-Final", "pending")
			} else {
				rec.header.Set("Truce-Final", strconv.FormatInt(cp.Size, 10))
			}
		}
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
		return nil
	}
}

// heldAnswer records a handler's answer so it can be sent later.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *heldAnswer) Header() http.Header { return a.header }
func (a *heldAnswer) WriteHeader(code int) {
	if a.status == 0 {
		a.status = code
	}
}
func (a *heldAnswer) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(b)
}
