package httpapi

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/events"
)

// GET /v1/events: the live event stream as Server-Sent Events (WHATWG
// HTML, "Server-sent events").
//
// Each message is one of
//
//	id: 42                      a committed entry the caller may see;
//	event: message.send         the id is its log index, the event its
//	data: {"id":42,...}         entry type
//
//	: heartbeat                 after Settings.Heartbeat of silence; the
//	id: 57                      id line moves the client's Last-Event-ID to
//	                            the position read so far (no event fires)
//
//	id: 57                      the last message when the center ends the
//	event: resume               stream: the client fell behind, or the
//	data: {"resume_after":57,…} center shuts down; reconnect with
//	                            Last-Event-ID 57
//
// A client resumes with the Last-Event-ID header (browsers' EventSource
// sends it when it reconnects) or, for a first connection from a browser,
// the last_event_id query parameter.

func init() {
	addRoutes(func() []route {
		return []route{
			{Method: "GET", Path: "/v1/events", Summary: "Server-Sent Events of every change the caller may see; resumable with Last-Event-ID (header or last_event_id parameter)",
				Handle: (*Server).events, Produces: "text/event-stream"},
		}
	})
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) error {
	after, err := lastEventID(r)
	if err != nil {
		return err
	}
	st, err := s.c.Subscribe(r.Context(), callerOf(r), after)
	if err != nil {
		return err
	}
	defer st.Close()
	rc := http.NewResponseController(w)
	timeout := s.c.Settings().EventWriteTimeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // proxies must not hold events back
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 4<<10)
	// send writes one message, and flushes if asked: the loop flushes when
	// nothing more is ready, so a burst goes out in few writes. A client
	// that does not read for the write timeout is cut off.
	send := func(msg string, flush bool) error {
		rc.SetWriteDeadline(time.Now().Add(timeout))
		if _, err := bw.WriteString(msg); err != nil {
			return err
		}
		if flush {
			if err := bw.Flush(); err != nil {
				return err
			}
			return rc.Flush()
		}
		return nil
	}
	// The reconnection delay for EventSource clients.
	if err := send("retry: 2000\n\n", true); err != nil {
		return nil
	}
	ctx := r.Context()
	for {
		// Take what is ready; before waiting, flush what was written.
		ev, ok, err := st.Ready(ctx)
		if err == nil && !ok {
			if err = send("", true); err != nil {
				return nil
			}
			ev, err = st.Next(ctx)
		}
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, context.Canceled) {
				s.log.Error("event stream", "request_id", requestID(r), "err", err)
			}
			return nil // the response has begun: nothing more to say
		}
		// A token revoked, expired or rotated since the stream began ends
		// it, before anything more is sent (credentials.go).
		if !s.c.Members().StillValid(callerOf(r)) {
			return nil
		}
		var msg string
		switch ev.Kind {
		case events.EventEntry:
			msg = fmt.Sprintf("id: %d\nevent: %s\ndata: %s\n\n", ev.Position, ev.Type, ev.Data)
		case events.EventHeartbeat:
			msg = fmt.Sprintf(": heartbeat\nid: %d\n\n", ev.Position)
		case events.EventResume:
			send(fmt.Sprintf("id: %d\nevent: resume\ndata: %s\n\n", ev.Position, ev.Data), true)
			return nil
		}
		if err := send(msg, false); err != nil {
			return nil
		}
	}
}

// lastEventID reads the position to resume after, or nil to start live.
func lastEventID(r *http.Request) (*uint64, error) {
	field, v := "Last-Event-ID", strings.TrimSpace(r.Header.Get("Last-Event-ID"))
	if v == "" {
		field, v = "last_event_id", r.URL.Query().Get("last_event_id")
	}
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return nil, truce.Invalid([]truce.FieldError{{Field: field, Message: "must be a log index (a non-negative integer)"}})
	}
	return &n, nil
}
