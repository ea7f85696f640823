package main

import (
	"strings"
	"testing"
	"time"
)

// TestServeEndsStreamsOnShutdown: open event streams do not hold up a
// graceful shutdown (http.Server.Shutdown waits for connections to go
// idle, which a stream never does): each ends with a resume event at its
// position, and the server stops well within its 30 s shutdown timeout.
func TestServeEndsStreamsOnShutdown(t *testing.T) {
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	stream := openEvents(t, s.url, res.Token)
	start := time.Now()
	s.stop()
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("shutting down with an open stream took %s", d)
	}
	var ev sseEvent
	select {
	case ev = <-stream.events:
	case <-time.After(20 * time.Second):
		t.Fatal("no event within 20s of shutdown")
	}
	// init wrote entries 0-2; the stream had dealt with them all.
	if ev.typ != "resume" || ev.id != 2 || !strings.Contains(ev.data, `"resume_after":2`) {
		t.Fatalf("the stream's last event was %+v, want a resume after 2", ev)
	}
}
