package httpapi

import (
	"net/http"
	"strconv"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/terms"
)

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/terms", Summary: "Every terms object: the rules of the ceasefire as proposed and endorsed",
				Response: []truce.Terms{}, Handle: (*Server).listTerms},
			{Method: "POST", Path: "/v1/terms", Summary: "Propose terms (coordinator or party)",
				Request: terms.TermsInput{}, Response: truce.Terms{}, Status: http.StatusCreated, Handle: (*Server).createTerms},
			{Method: "GET", Path: "/v1/terms/{id}", Summary: "One terms object, with its ETag (?version=n for a version once in force)",
				Response: truce.Terms{}, Handle: (*Server).getTerms},
			{Method: "POST", Path: "/v1/terms/{id}/versions", Summary: "Propose a new version of terms, replacing every field; the version in force stays until it is endorsed (If-Match optional)",
				Request: terms.TermsInput{}, Response: truce.Terms{}, Status: http.StatusCreated, Handle: (*Server).changeTerms},
			{Method: "POST", Path: "/v1/terms/{id}/endorsements", Summary: "Endorse the terms' current version (If-Match optional)",
				Request: struct{}{}, Response: truce.Terms{}, Status: http.StatusCreated, Handle: (*Server).endorseTerms},
			{Method: "POST", Path: "/v1/terms/{id}/withdraw", Summary: "Withdraw terms (proposer or coordinator)",
				Request: struct{}{}, Response: truce.Terms{}, Handle: act(http.StatusOK, func(c *center.Center, r *http.Request, caller *core.Caller, id string, _ struct{}) (*truce.Terms, error) {
					return c.Terms().Withdraw(r.Context(), caller, id)
				})},
			{Method: "GET", Path: "/v1/terms/{id}/phase", Summary: "The phase in force and its conditions evaluated now: current values, days counted, what was counted",
				Response: terms.PhaseStatus{}, Handle: (*Server).termsPhase},
			{Method: "POST", Path: "/v1/terms/{id}/phase/endorsements", Summary: "Confirm the phase change the center proposed (endorsers of the terms)",
				Request: struct{}{}, Response: truce.Terms{}, Status: http.StatusCreated, Handle: act(http.StatusCreated, func(c *center.Center, r *http.Request, caller *core.Caller, id string, _ struct{}) (*truce.Terms, error) {
					return c.Terms().EndorsePhase(r.Context(), caller, id)
				})},
			{Method: "GET", Path: "/v1/terms/{id}/compliance", Summary: "Each party's record against the terms per day, as of the newest entry (recomputed by truce log verify)",
				Response: truce.Compliance{}, Handle: (*Server).termsCompliance},
		}
	})
}

func (s *Server) writeTerms(w http.ResponseWriter, t *truce.Terms, status int) error {
	w.Header().Set("ETag", terms.TermsETag(t))
	w.Header().Set("Location", "/v1/terms/"+t.ID)
	writeJSON(w, status, t)
	return nil
}

func (s *Server) listTerms(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.c.Terms().List(r.Context()))
	return nil
}

func (s *Server) createTerms(w http.ResponseWriter, r *http.Request) error {
	var in terms.TermsInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := s.c.Terms().Propose(r.Context(), callerOf(r), in)
	if err != nil {
		return err
	}
	return s.writeTerms(w, t, http.StatusCreated)
}

func (s *Server) getTerms(w http.ResponseWriter, r *http.Request) error {
	n := 0
	if v := r.URL.Query().Get("version"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return truce.Invalid([]truce.FieldError{{Field: "version", Message: "must be a positive integer"}})
		}
	}
	t, err := s.c.Terms().Version(r.PathValue("id"), n)
	if err != nil {
		return err
	}
	return s.writeTerms(w, t, http.StatusOK)
}

func (s *Server) changeTerms(w http.ResponseWriter, r *http.Request) error {
	var in terms.TermsInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := s.c.Terms().Change(r.Context(), callerOf(r), r.PathValue("id"), r.Header.Get("If-Match"), in)
	if err != nil {
		return err
	}
	return s.writeTerms(w, t, http.StatusCreated)
}

func (s *Server) endorseTerms(w http.ResponseWriter, r *http.Request) error {
	if err := decodeEmpty(w, r); err != nil {
		return err
	}
	t, err := s.c.Terms().Endorse(r.Context(), callerOf(r), r.PathValue("id"), r.Header.Get("If-Match"))
	if err != nil {
		return err
	}
	return s.writeTerms(w, t, http.StatusCreated)
}

func (s *Server) termsPhase(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.c.Terms().Phase(r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ps)
	return nil
}

func (s *Server) termsCompliance(w http.ResponseWriter, r *http.Request) error {
	cp, err := s.c.Terms().Compliance(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cp)
	return nil
}
