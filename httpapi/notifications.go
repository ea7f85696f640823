package httpapi

import (
	"net/http"
	"sync"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/notifications"
)

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/notifications", Summary: "Notifications the caller may see: its own, and those it must answer (filters: bbox, from, to, kind, state)",
				Response: []truce.Notification{}, Handle: (*Server).listNotifications},
			{Method: "POST", Path: "/v1/notifications", Summary: "Notify a planned strike, flight, ground or humanitarian movement; the answer lists its conflicts",
				Request: notifications.NotificationInput{}, Response: truce.Notification{}, Status: http.StatusCreated, Handle: (*Server).submitNotification},
			{Method: "GET", Path: "/v1/notifications/{id}", Summary: "One notification",
				Response: truce.Notification{}, Handle: (*Server).getNotification},
			{Method: "POST", Path: "/v1/notifications/{id}/acknowledgements", Summary: "Acknowledge or object to a notification (the parties that must answer)",
				Request: notifications.AckInput{}, Response: truce.Notification{}, Status: http.StatusCreated, Handle: act(http.StatusCreated, func(c *center.Center, r *http.Request, k *core.Caller, id string, in notifications.AckInput) (*truce.Notification, error) {
					return c.Notifications().Acknowledge(r.Context(), k, id, in)
				})},
			{Method: "POST", Path: "/v1/notifications/{id}/cancel", Summary: "Cancel a notification (its notifier or the coordinator)",
				Request: struct{}{}, Response: truce.Notification{}, Handle: act(http.StatusOK, func(c *center.Center, r *http.Request, k *core.Caller, id string, _ struct{}) (*truce.Notification, error) {
					return c.Notifications().Cancel(r.Context(), k, id)
				})},
			{Method: "POST", Path: "/v1/deconflict", Summary: "The conflicts a notification would have; nothing is stored",
				Request: notifications.NotificationInput{}, Response: DeconflictResult{}, Handle: (*Server).deconflict},
		}
	})
}

// DeconflictResult is the answer of POST /v1/deconflict.
type DeconflictResult struct {
	Conflicts []truce.Conflict `json:"conflicts"`
}

func (s *Server) listNotifications(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	box, err := parseBBox(q.Get("bbox"))
	if err != nil {
		return err
	}
	from, err := core.ParseTime("from", q.Get("from"))
	if err != nil {
		return err
	}
	to, err := core.ParseTime("to", q.Get("to"))
	if err != nil {
		return err
	}
	ns, err := s.c.Notifications().List(r.Context(), callerOf(r), notifications.NotificationFilter{BBox: box, From: from, To: to, Kind: q.Get("kind"), State: q.Get("state")})
	if err != nil {
		return err
	}
	writeNotificationList(w, http.StatusOK, ns)
	return nil
}

func (s *Server) submitNotification(w http.ResponseWriter, r *http.Request) error {
	var in notifications.NotificationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	n, err := s.c.Notifications().Submit(r.Context(), callerOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/notifications/"+n.ID)
	writeNotification(w, http.StatusCreated, n)
	return nil
}

func (s *Server) getNotification(w http.ResponseWriter, r *http.Request) error {
	n, err := s.c.Notifications().Get(callerOf(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeNotification(w, http.StatusOK, n)
	return nil
}

func (s *Server) deconflict(w http.ResponseWriter, r *http.Request) error {
	var in notifications.NotificationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	// The answer's conflicts in a buffer kept for the next question: the
	// answer is written, not kept.
	bp := conflictBufs.Get().(*[]truce.Conflict)
	cs, err := s.c.Notifications().AppendDeconflict(r.Context(), callerOf(r), in, (*bp)[:0])
	if err == nil {
		writeDeconflict(w, DeconflictResult{Conflicts: cs})
	}
	clear(cs)
	if cap(cs) <= maxPooledConflicts {
		*bp = cs[:0]
		conflictBufs.Put(bp)
	}
	return err
}

var conflictBufs = sync.Pool{New: func() any { b := make([]truce.Conflict, 0, 16); return &b }}

// maxPooledConflicts: a buffer grown past this is left to the collector.
const maxPooledConflicts = 1024
