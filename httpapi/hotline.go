package httpapi

import (
	"net/http"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/hotline"
)

// The hotline's routes (issue 6). Subject and body are shown only to the
// sender's party, the recipients and the coordinator; everyone else gets
// 404 for a message, as if it did not exist.

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/messages", Summary: "Hotline messages the caller may read, oldest first (`thread` filters one thread; `unacknowledged=true` keeps those to the caller's party it has not acknowledged; `fields=envelope` leaves out subject and body)",
				Response: []truce.Message{}, Handle: (*Server).listMessages},
			{Method: "POST", Path: "/v1/messages", Summary: "Send a hotline message to one or more parties or the coordinator; urgent and flash messages must be acknowledged in time",
				Request: hotline.MessageInput{}, Response: truce.Message{}, Status: http.StatusCreated, Handle: (*Server).sendMessage},
			{Method: "GET", Path: "/v1/messages/{id}", Summary: "One hotline message, with its acknowledgements and alerts",
				Response: truce.Message{}, Handle: (*Server).getMessage},
			{Method: "POST", Path: "/v1/messages/{id}/acknowledgements", Summary: "Acknowledge a message received by the caller's party",
				Request: AckInput{}, Response: truce.MessageAck{}, Status: http.StatusCreated, Handle: (*Server).ackMessage},
		}
	})
}

// AckInput is the body of POST /v1/messages/{id}/acknowledgements: an
// empty object.
type AckInput struct{}

func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := hotline.MessageFilter{Thread: q.Get("thread")}
	switch q.Get("unacknowledged") {
	case "", "false":
	case "true":
		f.Unacknowledged = true
	default:
		return truce.Invalid([]truce.FieldError{{Field: "unacknowledged", Message: "must be true or false"}})
	}
	switch q.Get("fields") {
	case "":
		writeJSON(w, http.StatusOK, s.c.Hotline().List(r.Context(), callerOf(r), f))
	case "envelope":
		writeJSON(w, http.StatusOK, s.c.Hotline().Envelopes(r.Context(), callerOf(r), f))
	default:
		return truce.Invalid([]truce.FieldError{{Field: "fields", Message: `must be "envelope" or absent`}})
	}
	return nil
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) error {
	var in hotline.MessageInput
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.c.Hotline().Send(r.Context(), callerOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/messages/"+m.ID)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) getMessage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.c.Hotline().Get(callerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) ackMessage(w http.ResponseWriter, r *http.Request) error {
	var in AckInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.c.Hotline().Acknowledge(r.Context(), callerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}
