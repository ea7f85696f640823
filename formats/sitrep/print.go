package sitrep

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"time"
)

// ErrNoChromium is returned by Print when no chromium can be found.
var ErrNoChromium = errors.New("no chromium to print PDF with: install Debian's chromium or set TRUCE_CHROMIUM")

// Chromium returns the browser Print uses: $TRUCE_CHROMIUM, else chromium
// or chromium-browser on the PATH.
func Chromium() (string, error) {
	if p := os.Getenv("TRUCE_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// pdfDates matches the dates chromium (Skia) writes into a PDF's info
// dictionary: the only bytes that differ between two prints of one page.
var pdfDates = regexp.MustCompile(`/(CreationDate|ModDate) \(D:(\d{14})`)

// Print renders an HTML page to PDF with headless chromium, as the
// browser's print would (A4, the page's own CSS, no header or footer),
// and sets the PDF's creation and modification dates to at, so that the
// same page gives the same bytes. The browser runs with a fresh profile,
// no network (every host name resolves to nothing), and is killed when
// ctx ends.
func Print(ctx context.Context, chromium string, page []byte, at time.Time) ([]byte, error) {
	dir, err := os.MkdirTemp("", "truce-print-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "page.html"), filepath.Join(dir, "page.pdf")
	if err := os.WriteFile(in, page, 0o600); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
		"--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf="+out, "file://"+in)
	cmd.Env = append(os.Environ(), "TZ=UTC", "HOME="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("printing with %s: %w: %s", chromium, err, tail(stderr.Bytes()))
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, fmt.Errorf("printing with %s: no PDF written (%v): %s", chromium, err, tail(stderr.Bytes()))
	}
	stamp := at.UTC().Format("20060102150405") // the same length as what it replaces: offsets stay right
	return pdfDates.ReplaceAll(pdf, []byte("/$1 (D:"+stamp)), nil
}

func tail(b []byte) []byte {
	if len(b) > 400 {
		return b[len(b)-400:]
	}
	return b
}
