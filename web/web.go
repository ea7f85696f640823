// Package web serves truce's web application: the map, the forms and the
// hotline in a browser (PRODUCT §6). The app is static files; everything
// it shows comes from the API under /v1 with the member's token, so this
// package holds no data and applies no rights — the API does.
//
// The files are embedded at build time from dist/, which
// scripts/deps.d/web.sh (run by make build, make demo and make test)
// builds from src/ and the npm packages. On a fresh clone dist/ holds only
// .gitkeep: the binary still builds, and Handler then serves a page saying
// how to build the app.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
)

//go:embed all:dist
var dist embed.FS

// Handler returns the handler for every path the API does not serve: the
// app at "/" and its assets. Unknown paths get 404.
//
// basemap, if not empty, is an operator's PMTiles file (a vector
// basemap), served at /basemap.pmtiles with HTTP range requests, which
// is how the page's PMTiles reader reads it: the map then has roads and
// names with no request leaving the center. Without it, /basemap.pmtiles
// is 404 and the page keeps its offline borders and places.
func Handler(basemap string) http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embed directive guarantees the folder
	}
	return handler(sub, basemap)
}

func handler(files fs.FS, basemap string) http.Handler {
	_, err := fs.Stat(files, "index.html")
	built := err == nil
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		// Everything the app loads is on this server: no third party
		// can be reached, nor script injected through a shown string.
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "+
			"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if !built {
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(notBuilt))
			return
		}
		p := path.Clean(r.URL.Path)
		if p == "/basemap.pmtiles" {
			serveBasemap(w, r, basemap)
			return
		}
		if p == "/" || p == "/index.html" {
			h.Set("Cache-Control", "no-cache")
			if p == "/index.html" {
				http.Redirect(w, r, "/", http.StatusMovedPermanently)
				return
			}
		} else if strings.HasPrefix(path.Base(p), ".") {
			http.NotFound(w, r) // the build's stamp and .gitkeep
			return
		} else if fi, err := fs.Stat(files, strings.TrimPrefix(p, "/")); err != nil || fi.IsDir() {
			http.NotFound(w, r) // no directory listings
			return
		} else {
			// Assets change only with the binary; revalidate cheaply.
			h.Set("Cache-Control", "no-cache")
		}
		fileServer.ServeHTTP(w, r)
	})
}

// serveBasemap serves the operator's PMTiles file, ranges included
// (http.ServeContent answers Range and If-Range), or 404 without one.
func serveBasemap(w http.ResponseWriter, r *http.Request, name string) {
	if name == "" {
		http.NotFound(w, r)
		return
	}
	f, err := os.Open(name)
	if err != nil {
		http.Error(w, "basemap unavailable", http.StatusServiceUnavailable)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.Error(w, "basemap unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.pmtiles")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "basemap.pmtiles", fi.ModTime(), f)
}

const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>truce — web app not built</title></head>
<body><main>
<h1>truce</h1>
<p>The web application was not built into this binary. Run <code>make build</code>
(or <code>make demo</code>) in the repository, which installs the npm packages,
builds <code>web/dist/</code> and embeds it, then start the server again.</p>
<p>The API is served as usual under <a href="/v1/openapi.json">/v1</a>.</p>
</main></body></html>
`
