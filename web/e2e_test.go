package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBrowser runs the browser tests in e2e/ (node's test runner,
// playwright-core driving Debian's chromium) against a truce binary built
// from this tree, so that `make test` covers the web app end to end.
//
// What they need is installed by scripts/deps.d/web.sh (make test does
// it). When something is missing the test skips locally, saying what, and
// fails under CI (the CI variable set), where a skip would hide a broken
// install step.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	var missing []string
	node, err := exec.LookPath("node")
	if err != nil {
		missing = append(missing, "node")
	}
	if _, err := os.Stat("node_modules/playwright-core/package.json"); err != nil {
		missing = append(missing, "web/node_modules (npm ci in web/)")
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, chromium+" (apt-get install chromium)")
	}
	if _, err := os.Stat("dist/index.html"); err != nil {
		missing = append(missing, "web/dist (the built app)")
	}
	if len(missing) > 0 {
		msg := "browser tests need what scripts/deps.sh installs (run make test); missing: "
		for i, m := range missing {
			if i > 0 {
				msg += ", "
			}
			msg += m
		}
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	// The go that runs this test builds the binary (GOROOT from go env,
	// not the deprecated runtime.GOROOT), else the one on PATH.
	gobin := "go"
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		if g := filepath.Join(strings.TrimSpace(string(out)), "bin", "go"); fileExists(g) {
			gobin = g
		}
	}
	bin := filepath.Join(t.TempDir(), "truce")
	build := exec.Command(gobin, "build", "-o", bin, "./cmd/truce")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	artifacts := filepath.Join(root, "test-artifacts", "web")
	os.RemoveAll(artifacts)
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("e2e/*.test.mjs")
	if err != nil || len(files) == 0 {
		t.Fatalf("no browser tests in web/e2e (%v)", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{"--test", "--test-reporter=spec"}, files...)...)
	cmd.Env = append(os.Environ(), "TRUCE_BIN="+bin, "TRUCE_ARTIFACTS="+artifacts, "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("node --test web/e2e:\n%s", out)
	t.Logf("screenshots: %s", artifacts)
	if err != nil {
		t.Fatalf("browser tests failed (%v); screenshots in %s", err, artifacts)
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
