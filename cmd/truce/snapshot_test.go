package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-center/truce/center/centertest"
)

// serveLogged is serve with the server's log lines kept.
func serveLogged(t *testing.T, logs *centertest.LockedBuffer, args ...string) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	m := &Main{Stdout: &bytes.Buffer{}, Stderr: logs, Ready: func(u string) { ready <- u }}
	go func() { done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	select {
	case <-ready:
	case code := <-done:
		t.Fatalf("serve exited with %d before listening: %s", code, logs.String())
	}
	stop := func() {
		if cancel != nil {
			cancel()
			<-done
			cancel = nil
		}
	}
	t.Cleanup(stop)
	return stop
}

// TestServeSnapshot: serve keeps its snapshot in the data directory
// (mode 0600), written when it shuts down, and the next serve starts
// from it; --snapshot off neither reads nor writes one.
func TestServeSnapshot(t *testing.T) {
	dir, _ := initDir(t)
	path := filepath.Join(dir, "snapshot")
	var logs centertest.LockedBuffer
	serveLogged(t, &logs, "--data", dir)()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("no snapshot after shutdown: %v: %s", err, logs.String())
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the snapshot's mode is %v, want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(logs.String(), `"msg":"wrote the snapshot"`) {
		t.Errorf("no log line says the snapshot was written: %s", logs.String())
	}

	var again centertest.LockedBuffer
	serveLogged(t, &again, "--data", dir)()
	if !strings.Contains(again.String(), `"msg":"opened from the snapshot"`) {
		t.Errorf("the second serve did not start from the snapshot: %s", again.String())
	}

	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	var off centertest.LockedBuffer
	serveLogged(t, &off, "--data", dir, "--snapshot", "off")()
	if _, err := os.Stat(path); err == nil || strings.Contains(off.String(), "snapshot") {
		t.Errorf("--snapshot off: a file %v, log %s", err, off.String())
	}
}

// TestServeSnapshotEntriesRefused: a negative --snapshot-entries stops
// serve naming the flag, before anything is opened.
func TestServeSnapshotEntriesRefused(t *testing.T) {
	code, _, errs := run(t, "serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--snapshot-entries", "-1")
	if code == 0 || !strings.Contains(errs, "--snapshot-entries must be 0") {
		t.Fatalf("serve --snapshot-entries -1: exit %d, %q", code, errs)
	}
}
