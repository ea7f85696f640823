package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/truce-center/truce/formats/cot"
	"github.com/truce-center/truce/httpapi"
)

func (m *Main) cotCmd() *cobra.Command {
	var server, token, listen, tak string
	var every time.Duration
	cmd := &cobra.Command{
		Use:   "cot --listen ADDR | --tak HOST:PORT",
		Short: "Feed TAK with your party's picture as Cursor on Target: serve TAK clients over TCP, or push to a TAK Server's streaming input",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if token == "" {
				token = os.Getenv("TRUCE_TOKEN")
			}
			if listen == "" && tak == "" {
				return errors.New("say where the events go: --listen ADDR (TAK clients connect) or --tak HOST:PORT (a TAK Server's streaming input), or both")
			}
			if every <= 0 {
				return fmt.Errorf("--every must be positive, not %s", every)
			}
			cl, err := httpapi.NewClient(server, token)
			if err != nil {
				return err
			}
			return m.cot(cmd.Context(), cl, listen, tak, every)
		},
	}
	cmd.Flags().StringVar(&server, "server", "http://127.0.0.1:8080", "the center's address")
	cmd.Flags().StringVar(&token, "token", "", "your member token (default $TRUCE_TOKEN)")
	cmd.Flags().StringVar(&listen, "listen", "", "serve TAK clients on this TCP address (host:port)")
	cmd.Flags().StringVar(&tak, "tak", "", "push to a TAK Server's streaming input at this TCP address (host:port)")
	cmd.Flags().DurationVar(&every, "every", 30*time.Second, "how often the picture is read again and sent")
	return cmd
}

// cotFeed holds the newest snapshot and the connections it goes to.
type cotFeed struct {
	mu    sync.Mutex
	snap  []byte
	conns map[net.Conn]bool
}

func (f *cotFeed) send(c net.Conn, b []byte) {
	c.SetWriteDeadline(time.Now().Add(10 * time.Second)) // a stuck client is dropped, not waited for
	if _, err := c.Write(b); err != nil {
		c.Close()
		delete(f.conns, c)
	}
}

func (f *cotFeed) publish(b []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.snap = b
	for c := range f.conns {
		f.send(c, b)
	}
}

func (f *cotFeed) add(c net.Conn) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.conns[c] = true
	if f.snap != nil {
		f.send(c, f.snap)
	}
}

// cot reads the picture every period, checks every event against the
// CoT schema, and sends the stream to the TAK clients connected to listen
// and to the TAK Server at tak (redialled when it drops).
func (m *Main) cot(ctx context.Context, cl *httpapi.Client, listen, tak string, every time.Duration) error {
	feed := &cotFeed{conns: map[net.Conn]bool{}}
	snapshot := func() error {
		body, err := cl.Raw(ctx, "GET", "/v1/export/picture.cot", nil)
		if err != nil {
			return err
		}
		n := 0
		if err := cot.Read(bytes.NewReader(body), func(cot.Event) error { n++; return nil }); err != nil {
			return fmt.Errorf("the center's CoT stream: %w", err)
		}
		feed.publish(body)
		fmt.Fprintf(m.Stderr, "cot: sent %d events\n", n)
		return nil
	}
	if err := snapshot(); err != nil { // fail fast on a wrong token or address
		return err
	}
	if listen != "" {
		ln, err := net.Listen("tcp", listen)
		if err != nil {
			return err
		}
		defer ln.Close()
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				feed.add(c)
			}
		}()
		fmt.Fprintf(m.Stderr, "cot: TAK clients may connect to %s\n", ln.Addr())
		if m.Ready != nil {
			m.Ready(ln.Addr().String())
		}
	}
	var takConn net.Conn
	dialTAK := func() {
		if tak == "" {
			return
		}
		feed.mu.Lock()
		alive := takConn != nil && feed.conns[takConn]
		feed.mu.Unlock()
		if alive {
			return
		}
		c, err := (&net.Dialer{Timeout: 10 * time.Second}).DialContext(ctx, "tcp", tak)
		if err != nil {
			fmt.Fprintf(m.Stderr, "cot: TAK Server %s: %v\n", tak, err)
			return
		}
		takConn = c
		feed.add(c)
	}
	dialTAK()
	t := time.NewTicker(every)
	defer t.Stop()
	defer func() {
		feed.mu.Lock()
		for c := range feed.conns {
			c.Close()
		}
		feed.mu.Unlock()
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := snapshot(); err != nil {
				fmt.Fprintf(m.Stderr, "cot: %v\n", err)
			}
			dialTAK()
		}
	}
}
