package benchstore

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
)

// Client says which HTTP client Drive uses.
type Client int

const (
	// NetHTTP is Go's own client (net/http.Transport): a request goes
	// from the caller to the connection's writing goroutine and its
	// answer back from the reading one, so that each round trip wakes
	// three goroutines on the load generator's side.
	NetHTTP Client = iota
	// Plain is a client as wrk and its kin are: each client goroutine
	// holds one keep-alive connection, writes a request whole in one
	// write (its bytes made before the run) and reads the answer on the
	// same goroutine (http.ReadResponse). On a machine whose cores the
	// server shares with its load, the load takes less of them.
	Plain
)

// String names c as the flags of truce-load do.
func (c Client) String() string {
	if c == Plain {
		return "plain"
	}
	return "net/http"
}

// ParseClient reads a client's name: "plain" or "net/http".
func ParseClient(s string) (Client, error) {
	switch s {
	case "plain":
		return Plain, nil
	case "net/http":
		return NetHTTP, nil
	}
	return 0, fmt.Errorf("client %q: want plain or net/http", s)
}

// wire is reqs as the plain client sends them to base+path: each
// request's bytes whole, headers and body.
func wire(base, path string, reqs []Request) (host string, out [][]byte, err error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	if u.Scheme != "http" {
		return "", nil, fmt.Errorf("base %q: the plain client speaks http only", base)
	}
	out = make([][]byte, len(reqs))
	for i, r := range reqs {
		b := make([]byte, 0, 256+len(r.Body))
		b = append(b, "POST "...)
		b = append(b, path...)
		b = append(b, " HTTP/1.1\r\nHost: "...)
		b = append(b, u.Host...)
		b = append(b, "\r\nAuthorization: Bearer "...)
		b = append(b, r.Token...)
		b = append(b, "\r\nContent-Type: application/json\r\nContent-Length: "...)
		b = strconv.AppendInt(b, int64(len(r.Body)), 10)
		b = append(b, "\r\n\r\n"...)
		out[i] = append(b, r.Body...)
	}
	return u.Host, out, nil
}

// plainConn is one connection of the plain client.
type plainConn struct {
	addr string
	c    net.Conn
	br   *bufio.Reader
}

// roundTrip writes req and reads its answer: the status, and the body
// when the status is not 2xx (for the message).
func (p *plainConn) roundTrip(req []byte) (int, []byte, error) {
	if p.c == nil {
		c, err := net.Dial("tcp", p.addr)
		if err != nil {
			return 0, nil, err
		}
		p.c = c
		if p.br == nil {
			p.br = bufio.NewReaderSize(c, 16<<10)
		} else {
			p.br.Reset(c)
		}
	}
	status, body, keep, err := p.exchange(req)
	if err != nil || !keep {
		p.c.Close()
		p.c = nil
	}
	return status, body, err
}

func (p *plainConn) exchange(req []byte) (status int, body []byte, keep bool, err error) {
	if _, err := p.c.Write(req); err != nil {
		return 0, nil, false, err
	}
	resp, err := http.ReadResponse(p.br, nil)
	if err != nil {
		return 0, nil, false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		body, err = io.ReadAll(resp.Body)
	} else {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	return resp.StatusCode, body, err == nil && !resp.Close, err
}

// plainSender is sender for the Plain client: a connection of its own
// for each client.
func plainSender(base, path string, reqs []Request) (func() (sendFunc, func()), error) {
	host, msgs, err := wire(base, path, reqs)
	if err != nil {
		return nil, err
	}
	return func() (sendFunc, func()) {
		pc := &plainConn{addr: host}
		send := func(i int) (int, []byte, error) { return pc.roundTrip(msgs[i]) }
		return send, func() {
			if pc.c != nil {
				pc.c.Close()
			}
		}
	}, nil
}
