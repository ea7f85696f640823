package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
)

// Server is the HTTP face of a center.
type Server struct {
	c       *center.Center
	log     *slog.Logger
	mux     *http.ServeMux
	reg     *prometheus.Registry
	metrics metrics
	// Extra, if set, serves every path the API does not (the web
	// application).
	Extra http.Handler
	// bodyTimeout bounds the reading of one request body (Limits); zero
	// until HTTPServer sets it.
	bodyTimeout time.Duration
}

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	logSize  prometheus.GaugeFunc
	refused  *prometheus.CounterVec // connections refused by Limits
}

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyCaller
)

// New returns a server for c.
func New(c *center.Center, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{c: c, log: log, mux: http.NewServeMux(), reg: prometheus.NewRegistry()}
	s.metrics.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "truce_http_requests_total", Help: "HTTP requests by route and status.",
	}, []string{"route", "status"})
	s.metrics.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "truce_http_request_seconds", Help: "HTTP request latency by route.",
		Buckets: prometheus.ExponentialBuckets(0.0001, 4, 10),
	}, []string{"route"})
	s.metrics.logSize = prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "truce_log_entries", Help: "Entries in the log as this node's state reflects.",
	}, func() float64 { return float64(c.Size()) })
	s.metrics.refused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "truce_http_connections_refused_total", Help: "Connections closed because a cap was reached: per_ip and total close the new one, evicted an old one not being served.",
	}, []string{"cap"})
	s.reg.MustRegister(s.metrics.requests, s.metrics.latency, s.metrics.logSize, s.metrics.refused,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, rt := range s.routes() {
		s.mux.Handle(rt.Method+" "+rt.Path, s.wrap(rt))
	}
	// Every other request under the API's prefixes gets a problem
	// document: 405 with Allow for a known path, 404 otherwise.
	for _, prefix := range []string{"/v1/", "/log/", "/metrics"} {
		s.mux.HandleFunc(prefix, s.unrouted)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if s.Extra != nil {
			s.Extra.ServeHTTP(w, r)
			return
		}
		http.NotFound(w, r)
	})
	return s
}

// ServeHTTP serves the API. A request body must arrive within the body
// timeout, and an answer never waits for a body its handler did not read:
// the connection is closed instead (a refused token, an unknown path).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x := &exchange{Context: r.Context(), id: newRequestID()}
	x.hdr[0][0] = x.id
	w.Header()["X-Request-Id"] = x.hdr[0][:]
	r = r.WithContext(x)
	if r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0 {
		rd := deadliner(w)
		if s.bodyTimeout > 0 {
			rd.SetReadDeadline(time.Now().Add(s.bodyTimeout))
		}
		x.body = watchedBody{ReadCloser: r.Body, rd: rd}
		r.Body = &x.body
		x.unread = unreadCloser{ResponseWriter: w, body: &x.body}
		w = &x.unread
	}
	s.mux.ServeHTTP(w, r)
}

// exchange is what the server keeps of one request while it serves it,
// in one allocation: the request id, the caller once authenticated, the
// note of the log size its reads saw, and the wrappers of its body and
// its answer. It is also the request's context, answering the request
// id, the caller and core's log-size note itself: the request is copied
// once (each copy ~250 bytes for the collector), and none of the three
// costs a context, a note or a header value of its own.
type exchange struct {
	context.Context // the request's own
	id              string
	caller          *core.Caller
	note            core.LogSizeNote
	// hdr are the values of the answer's X-Request-Id and
	// HeaderLogSize, which the answer's header map holds as slices of
	// these arrays.
	hdr    [2][1]string
	body   watchedBody
	unread unreadCloser
	sw     statusWriter
}

// Value answers the request id, the caller and the log-size note; the
// request's own context every other key.
func (x *exchange) Value(key any) any {
	switch k := key.(type) {
	case ctxKey:
		switch k {
		case keyRequestID:
			return x.id
		case keyCaller:
			if x.caller == nil {
				return nil
			}
			return x.caller
		}
	case core.LogSizeKey:
		return &x.note
	}
	return x.Context.Value(key)
}

// readDeadliner sets the read deadline of a request's connection:
// net/http's own ResponseWriter does, and http.ResponseController for
// any other.
type readDeadliner interface{ SetReadDeadline(time.Time) error }

func deadliner(w http.ResponseWriter) readDeadliner {
	if d, ok := w.(readDeadliner); ok {
		return d
	}
	return http.NewResponseController(w)
}

// unrouted answers a request no route serves: 405 with Allow when the
// path is served with other methods, 404 otherwise.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		probe := &http.Request{Method: m, URL: r.URL, Host: r.Host, Header: http.Header{}}
		if _, pattern := s.mux.Handler(probe); strings.HasPrefix(pattern, m+" ") {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		writeError(w, r, s.log, truce.Errorf(truce.ENotFound, "no such endpoint: %s %s", r.Method, r.URL.Path))
		return
	}
	if slices.Contains(allow, "GET") {
		allow = slices.Insert(allow, 1, "HEAD")
	}
	w.Header().Set("Allow", strings.Join(allow, ", "))
	writeError(w, r, s.log, truce.Errorf(codeMethod, "%s does not take %s; it takes %s", r.URL.Path, r.Method, strings.Join(allow, ", ")))
}

// watchedBody notes when a request body has been read to its end, and
// then lifts the body's read deadline (a deadline left on the connection
// would end a long answer such as an event stream).
type watchedBody struct {
	io.ReadCloser
	ended bool
	rd    readDeadliner
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err == io.EOF && !b.ended {
		b.ended = true
		b.rd.SetReadDeadline(time.Time{})
	}
	return n, err
}

// unreadCloser decides, when an answer begins, what becomes of a request
// body its handler did not read. A refusal (4xx, 5xx) closes the
// connection rather than let net/http read (up to 256 KB of) the body
// first: a client refused at its token cannot hold the server by sending
// a body slowly. A success reads what is left of a small body, within the
// body deadline, so that the connection lives on (and an event stream
// learns when its client leaves).
type unreadCloser struct {
	http.ResponseWriter
	body    *watchedBody
	decided bool
}

// maxUnreadBody is what a successful answer reads of a body its handler
// left, as net/http itself would.
const maxUnreadBody = 256 << 10

func (w *unreadCloser) decide(status int) {
	if w.decided {
		return
	}
	w.decided = true
	if w.body.ended {
		return
	}
	if status < 400 {
		io.CopyN(io.Discard, w.body, maxUnreadBody)
		if w.body.ended {
			return
		}
	}
	w.Header().Set("Connection", "close")
	// The deadline passes at once, so that net/http's own attempt to
	// drain the body after the answer ends without waiting.
	w.body.rd.SetReadDeadline(time.Now())
}

func (w *unreadCloser) WriteHeader(code int) {
	w.decide(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *unreadCloser) Write(b []byte) (int, error) {
	w.decide(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Flush lets streaming handlers flush through the wrapper.
func (w *unreadCloser) Flush() {
	w.decide(http.StatusOK)
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *unreadCloser) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// wrap adds authentication, recovery, logging and metrics to a route.
func (s *Server) wrap(rt route) http.Handler {
	// The route's series, found once (when first counted, as before):
	// the commonest answer's counter and the route's latency are not
	// looked up by their labels for every request.
	name := rt.Method + " " + rt.Path
	counted := sync.OnceValue(func() prometheus.Counter { return s.metrics.requests.WithLabelValues(name, "200") })
	timed := sync.OnceValue(func() prometheus.Observer { return s.metrics.latency.WithLabelValues(name) })
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		// The request's exchange holds its caller and the note of the log
		// size its reads see (the handler's context is the exchange).
		x := r.Context().(*exchange) // ServeHTTP's: the mux is reached only through it
		x.sw = statusWriter{ResponseWriter: w, x: x}
		sw := &x.sw
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", x.id, "route", rt.Path, "panic", p)
				if sw.status == 0 {
					writeError(sw, r, s.log, truce.Errorf(truce.EInternal, "internal error; quote request id %s", x.id))
				}
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			if status == http.StatusOK {
				counted().Inc()
			} else {
				s.metrics.requests.WithLabelValues(name, strconv.Itoa(status)).Inc()
			}
			took := time.Since(start) // one reading of the clock for both
			timed().Observe(took.Seconds())
			if !s.log.Enabled(r.Context(), slog.LevelInfo) {
				return // the line's fields are not built for nothing
			}
			attrs := []any{"request_id", x.id, "method", r.Method, "route", rt.Path, "status", status,
				"ms", float64(took.Microseconds()) / 1000}
			if x.caller != nil {
				attrs = append(attrs, "member", x.caller.Member.ID, "party", x.caller.Party.ID)
			}
			s.log.Info("request", attrs...)
		}()
		if !rt.Public {
			c, err := s.authenticate(r)
			if err != nil {
				sw.Header().Set("WWW-Authenticate", `Bearer realm="truce"`)
				writeError(sw, r, s.log, err)
				return
			}
			x.caller = c
		}
		if x.caller != nil && isWrite(r) {
			signed, err := s.verifySigned(r, x.caller) // credentials.go
			if err != nil {
				writeError(sw, r, s.log, err)
				return
			}
			r = signed
		}
		if err := checkQuery(r.URL.RawQuery); err != nil {
			writeError(sw, r, s.log, err)
			return
		}
		if err := rt.Handle(s, sw, r); err != nil {
			writeError(sw, r, s.log, err)
		}
	})
}

func (s *Server) authenticate(r *http.Request) (*core.Caller, error) {
	h := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return nil, truce.Errorf(truce.EUnauthorized, "an Authorization: Bearer token is required")
	}
	if err := s.c.Fresh(r.Context()); err != nil { // a revocation on another node counts here at once
		return nil, err
	}
	return s.c.Authenticate(strings.TrimSpace(token))
}

func callerOf(r *http.Request) *core.Caller {
	c, _ := r.Context().Value(keyCaller).(*core.Caller)
	return c
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(keyRequestID).(string)
	return id
}

func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// HeaderLogSize is the header of an answer built from one read of the
// state: the log size that state reflects (core.LogSize). It is what
// /v1/health tells anyone, as of that read; `truce log verify` compares
// the answer with its replay of exactly that many entries.
const HeaderLogSize = "Truce-Log-Size"

// statusWriter notes the status, and sets HeaderLogSize as the answer
// begins when the reads made for it (its exchange's note) saw one state.
type statusWriter struct {
	http.ResponseWriter
	x      *exchange
	status int
}

func (w *statusWriter) begin(code int) {
	if w.status != 0 {
		return
	}
	w.status = code
	if size, ok := w.x.note.Size(); ok {
		w.x.hdr[1][0] = strconv.FormatUint(size, 10)
		w.Header()[HeaderLogSize] = w.x.hdr[1][:]
	}
}

func (w *statusWriter) WriteHeader(code int) {
	w.begin(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.begin(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Flush lets streaming handlers flush through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
