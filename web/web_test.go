package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func get(t *testing.T, h http.Handler, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
	return w
}

// A binary built before the assets (a fresh clone, go build alone) says
// how to build them, on every path.
func TestNotBuilt(t *testing.T) {
	h := handler(fstest.MapFS{".gitkeep": {}}, "")
	for _, p := range []string{"/", "/app.js"} {
		w := get(t, h, "GET", p)
		if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "make build") {
			t.Errorf("GET %s: %d %q", p, w.Code, w.Body.String())
		}
	}
}

func TestServesTheApp(t *testing.T) {
	h := handler(fstest.MapFS{
		"index.html":                {Data: []byte("<!doctype html><title>truce</title>")},
		"app.js":                    {Data: []byte("'use strict';")},
		"vendor/leaflet/leaflet.js": {Data: []byte("/* leaflet */")},
		".built":                    {},
		".gitkeep":                  {},
	}, "")
	cases := []struct {
		method, path string
		code         int
		body         string
	}{
		{"GET", "/", 200, "<title>truce</title>"},
		{"HEAD", "/", 200, ""},
		{"GET", "/app.js", 200, "use strict"},
		{"GET", "/vendor/leaflet/leaflet.js", 200, "leaflet"},
		{"GET", "/index.html", 301, ""},
		{"GET", "/vendor/", 404, ""}, // no directory listings
		{"GET", "/vendor", 404, ""},
		{"GET", "/.built", 404, ""},
		{"GET", "/nope.js", 404, ""},
		{"POST", "/", 405, ""},
	}
	for _, c := range cases {
		w := get(t, h, c.method, c.path)
		if w.Code != c.code || !strings.Contains(w.Body.String(), c.body) {
			t.Errorf("%s %s: %d %q, want %d with %q", c.method, c.path, w.Code, w.Body.String(), c.code, c.body)
		}
	}
	w := get(t, h, "GET", "/")
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy: %q", csp)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type of /: %q", ct)
	}
}

// The embedded folder exists on a fresh clone (dist/.gitkeep), so Handler
// never panics.
func TestHandler(t *testing.T) {
	w := get(t, Handler(""), "GET", "/")
	if w.Code != 200 && w.Code != http.StatusServiceUnavailable {
		t.Fatalf("GET /: %d", w.Code)
	}
}

// The operator's PMTiles basemap is served with range requests (how the
// page's reader reads it), and is 404 when there is none.
func TestBasemap(t *testing.T) {
	files := fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}
	if w := get(t, handler(files, ""), "GET", "/basemap.pmtiles"); w.Code != http.StatusNotFound {
		t.Errorf("without a basemap: %d", w.Code)
	}
	name := filepath.Join(t.TempDir(), "area.pmtiles")
	data := []byte("PMTiles\x03" + strings.Repeat("0123456789", 20))
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	h := handler(files, name)
	r := httptest.NewRequest("GET", "/basemap.pmtiles", nil)
	r.Header.Set("Range", "bytes=0-6")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusPartialContent || w.Body.String() != "PMTiles" || w.Header().Get("Content-Range") != fmt.Sprintf("bytes 0-6/%d", len(data)) {
		t.Errorf("range: %d %q %q", w.Code, w.Body.String(), w.Header().Get("Content-Range"))
	}
	if w := get(t, h, "HEAD", "/basemap.pmtiles"); w.Code != http.StatusOK || w.Header().Get("Content-Length") != fmt.Sprint(len(data)) {
		t.Errorf("HEAD: %d %q", w.Code, w.Header().Get("Content-Length"))
	}
	if w := get(t, h, "POST", "/basemap.pmtiles"); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", w.Code)
	}
}
