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
	"slices"
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
// dictionary, which differ between two prints of one page.
var pdfDates = regexp.MustCompile(`/(CreationDate|ModDate) \(D:(\d{14})`)

// pdfNodeIDs matches the ids of a tagged PDF's structure elements, which
// chromium takes from the numbers of the page's DOM nodes: a busy machine
// sometimes numbers one more node before the tables (CI saw node00000058
// in one print and node00000057 in the next), and every id after it moves.
var pdfNodeIDs = regexp.MustCompile(`\(node(\d{8})\)`)

// stable makes two prints of one page the same bytes: the dates set to
// at, and the structure ids renumbered 1, 2, … in their order (the
// order the ID tree sorts them by, kept), each the same width as what it
// replaces, so that the cross-reference table's offsets stay right.
func stable(pdf []byte, at time.Time) []byte {
	stamp := at.UTC().Format("20060102150405")
	pdf = pdfDates.ReplaceAll(pdf, []byte("/$1 (D:"+stamp))
	var ids []string
	for _, m := range pdfNodeIDs.FindAllSubmatch(pdf, -1) {
		ids = append(ids, string(m[1]))
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return pdfNodeIDs.ReplaceAllFunc(pdf, func(m []byte) []byte {
		i, _ := slices.BinarySearch(ids, string(m[5:13]))
		return fmt.Appendf(nil, "(node%08d)", i+1)
	})
}

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
	return stable(pdf, at), nil
}

func tail(b []byte) []byte {
	if len(b) > 400 {
		return b[len(b)-400:]
	}
	return b
}
