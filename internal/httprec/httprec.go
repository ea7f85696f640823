// Package httprec is a test helper: an http.RoundTripper that keeps the
// last request sent through it, so that a test can send it again as an
// attacker who saw it on the wire would (replayed signed requests).
package httprec

import (
	"bytes"
	"context"
	"io"
	"net/http"
)

// Recorder passes requests to http.DefaultTransport and keeps the last
// one and its body.
type Recorder struct {
	Last *http.Request
	Body []byte
}

// RoundTrip records req and sends it.
func (r *Recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		r.Body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(r.Body))
	}
	r.Last = req.Clone(req.Context())
	return http.DefaultTransport.RoundTrip(req)
}

// Resend sends the last request again to host (host:port; "" for the
// same), with body instead of its own if body is not nil, and returns the
// answer's status and body.
func (r *Recorder) Resend(host string, body []byte) (int, []byte, error) {
	if body == nil {
		body = r.Body
	}
	req := r.Last.Clone(context.Background())
	if host != "" {
		req.URL.Host = host
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}
