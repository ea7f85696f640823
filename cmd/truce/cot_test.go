package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/demo"
	"github.com/truce-center/truce/formats/cot"
)

var errEnough = errors.New("read enough")

// takRead reads a CoT stream as a TAK client would until it has n
// events, each checked against the schema by cot.Read.
func takRead(t *testing.T, c net.Conn, n int) map[string]cot.Event {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(30 * time.Second)) // a bound on a broken feed, not a wait
	got := map[string]cot.Event{}
	err := cot.Read(c, func(e cot.Event) error {
		got[e.UID] = e
		if len(got) == n {
			return errEnough
		}
		return nil
	})
	if !errors.Is(err, errEnough) {
		t.Fatalf("read %d of %d events: %v", len(got), n, err)
	}
	return got
}

// TestDemoCoT feeds the Russian Federation's picture to a TAK client
// connected to `truce cot --listen` and to a TAK Server's streaming input
// (`--tak`): both read the events the center exports for that party,
// each valid against the CoT event schema, and the hidden hospital is
// not among them, while the coordinator's picture has it.
func TestDemoCoT(t *testing.T) {
	url, members := startDemo(t, centertest.NewClock(demo.Start()))
	status, body := get(t, url+"/v1/export/picture.cot", members["ru"].Token)
	if status != 200 {
		t.Fatalf("picture.cot: %d %s", status, body)
	}
	want := map[string]bool{}
	if err := cot.Read(bytes.NewReader(body), func(e cot.Event) error { want[e.UID] = true; return nil }); err != nil || len(want) < 10 {
		t.Fatalf("the export: %d events, %v", len(want), err)
	}
	hidden := []byte("Underground hospital, Sakhour")
	if bytes.Contains(body, hidden) {
		t.Error("the Russian Federation's picture shows the hidden hospital")
	}
	if _, co := get(t, url+"/v1/export/picture.cot", members["coordinator"].Token); !bytes.Contains(co, hidden) {
		t.Error("the coordinator's picture lacks the hidden hospital")
	}

	takServer, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer takServer.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ready, done := make(chan string, 1), make(chan int, 1)
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Ready: func(a string) { ready <- a }}
	go func() {
		done <- m.Run(ctx, []string{"cot", "--server", url, "--token", members["ru"].Token, "--listen", "127.0.0.1:0",
			"--tak", takServer.Addr().String(), "--every", "1h"})
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("truce cot exited with %d", code)
		}
	}()
	var addr string
	select {
	case addr = <-ready:
	case code := <-done:
		t.Fatalf("truce cot exited with %d", code)
	}
	client, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	fed, err := takServer.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer fed.Close()
	for name, c := range map[string]net.Conn{"TAK client": client, "TAK Server input": fed} {
		got := takRead(t, c, len(want))
		for uid := range want {
			if _, ok := got[uid]; !ok {
				t.Errorf("%s: event %s missing", name, uid)
			}
		}
		corridor := false
		for _, e := range got {
			if e.Type == cot.TypeShape && e.Detail.Contact.Callsign == "Castello Road corridor (demonstration)" && len(e.Detail.Links) >= 3 {
				corridor = true
			}
		}
		if !corridor {
			t.Errorf("%s: the Castello Road corridor is not drawn as a shape", name)
		}
	}
}
