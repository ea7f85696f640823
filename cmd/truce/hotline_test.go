package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/hotline"
	"github.com/truce-center/truce/center/members"
)

func serveWithClock(t *testing.T, clock *centertest.Clock, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	s := &server{cancel: cancel, done: make(chan int, 1)}
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Clock: clock, Ready: func(u string) { ready <- u }}
	go func() {
		s.done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	}()
	select {
	case s.url = <-ready:
	case code := <-s.done:
		t.Fatalf("serve exited with %d before listening", code)
	}
	t.Cleanup(s.stop)
	return s
}

// TestHotlineEndToEnd runs the hotline through `truce serve`: its
// escalation ticker alerts on an overdue flash message once the clock has
// passed the deadline, and `truce log verify` (with each member's token)
// and `truce log replay` cover messages, acknowledgements and alerts.
func TestHotlineEndToEnd(t *testing.T) {
	dir, res := initDir(t)
	clock := centertest.NewClock(time.Now().UTC())
	s := serveWithClock(t, clock, "--data", dir)
	ctx := context.Background()
	coord := client(t, s.url, res.Token)
	tokens := map[string]string{}
	pids := map[string]string{}
	for _, n := range []string{"US", "RU", "SY"} {
		var p struct{ ID string }
		if err := coord.Post(ctx, "/v1/parties", map[string]string{"name": n, "kind": "party"}, &p); err != nil {
			t.Fatal(err)
		}
		var m members.MemberCreated
		if err := coord.Post(ctx, "/v1/parties/"+p.ID+"/members", map[string]string{"name": "desk"}, &m); err != nil {
			t.Fatal(err)
		}
		tokens[n], pids[n] = m.Token, p.ID
	}
	us, ru := client(t, s.url, tokens["US"]), client(t, s.url, tokens["RU"])
	var flash, urgent truce.Message
	if err := us.Post(ctx, "/v1/messages", hotline.MessageInput{To: []string{pids["RU"], pids["SY"]}, Priority: "flash", Subject: "Strike warning", Body: "grid 37.10E 36.25N"}, &flash); err != nil {
		t.Fatal(err)
	}
	if err := us.Post(ctx, "/v1/messages", hotline.MessageInput{To: []string{pids["RU"]}, Priority: "urgent", Subject: "Corridor", Body: "open at 06:00"}, &urgent); err != nil {
		t.Fatal(err)
	}
	if err := ru.Post(ctx, "/v1/messages/"+flash.ID+"/acknowledgements", struct{}{}, nil); err != nil {
		t.Fatal(err)
	}
	// Past the flash deadline: the server's ticker writes the alert.
	clock.Advance(2*time.Minute + time.Second)
	deadline := time.Now().Add(30 * time.Second)
	for {
		var m truce.Message
		if err := us.Get(ctx, "/v1/messages/"+flash.ID, &m); err != nil {
			t.Fatal(err)
		}
		if len(m.Alerts) == 1 {
			if m.Alerts[0].Parties[0] != pids["SY"] {
				t.Fatalf("alert names %v, want SY", m.Alerts[0].Parties)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no alert 30s after the deadline passed")
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, with a deadline
	}
	if err := ru.Post(ctx, "/v1/messages/"+urgent.ID+"/acknowledgements", struct{}{}, nil); err != nil {
		t.Fatal(err)
	}
	trust := filepath.Join(t.TempDir(), "trust.json")
	for name, tok := range map[string]string{"UN": res.Token, "US": tokens["US"], "RU": tokens["RU"], "SY": tokens["SY"]} {
		code, out, errs := verify(t, s.url, trust, tok)
		if code != 0 || !strings.HasPrefix(out, "verified ") {
			t.Fatalf("verify as %s: %d %q %q", name, code, out, errs)
		}
	}
	s.stop()
	code, out, errs := run(t, "log", "replay", "--data", dir)
	if code != 0 || !strings.Contains(out, "equals the replay") {
		t.Fatalf("replay: %d %q %q", code, out, errs)
	}
	// The alert survives a restart (it is in the log and the projection).
	s = serveWithClock(t, clock, "--data", dir)
	var m truce.Message
	if err := client(t, s.url, res.Token).Get(ctx, "/v1/messages/"+flash.ID, &m); err != nil || len(m.Alerts) != 1 || len(m.Acknowledgements) != 1 {
		t.Fatalf("after a restart: %+v %v", m, err)
	}
}
