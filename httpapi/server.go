package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
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
}

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	logSize  prometheus.GaugeFunc
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
	s.reg.MustRegister(s.metrics.requests, s.metrics.latency, s.metrics.logSize,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	for _, rt := range s.routes() {
		s.mux.Handle(rt.Method+" "+rt.Path, s.wrap(rt))
	}
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{}))
	s.mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, s.log, truce.Errorf(truce.ENotFound, "no such endpoint: %s %s", r.Method, r.URL.Path))
	})
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if s.Extra != nil {
			s.Extra.ServeHTTP(w, r)
			return
		}
		http.NotFound(w, r)
	})
	return s
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := newRequestID()
	w.Header().Set("X-Request-Id", id)
	r = r.WithContext(context.WithValue(r.Context(), keyRequestID, id))
	s.mux.ServeHTTP(w, r)
}

// wrap adds authentication, recovery, logging and metrics to a route.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		var caller *center.Caller
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "request_id", requestID(r), "route", rt.Path, "panic", p)
				if sw.status == 0 {
					writeError(sw, r, s.log, truce.Errorf(truce.EInternal, "internal error; quote request id %s", requestID(r)))
				}
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			s.metrics.requests.WithLabelValues(rt.Method+" "+rt.Path, strconv.Itoa(status)).Inc()
			s.metrics.latency.WithLabelValues(rt.Method + " " + rt.Path).Observe(time.Since(start).Seconds())
			attrs := []any{"request_id", requestID(r), "method", r.Method, "route", rt.Path, "status", status,
				"ms", float64(time.Since(start).Microseconds()) / 1000}
			if caller != nil {
				attrs = append(attrs, "member", caller.Member.ID, "party", caller.Party.ID)
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
			caller = c
			r = r.WithContext(context.WithValue(r.Context(), keyCaller, c))
			if isWrite(r) {
				signed, err := s.verifySigned(r, c) // credentials.go
				if err != nil {
					writeError(sw, r, s.log, err)
					return
				}
				r = signed
			}
		}
		if err := rt.Handle(s, sw, r); err != nil {
			writeError(sw, r, s.log, err)
		}
	})
}

func (s *Server) authenticate(r *http.Request) (*center.Caller, error) {
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

func callerOf(r *http.Request) *center.Caller {
	c, _ := r.Context().Value(keyCaller).(*center.Caller)
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

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
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
