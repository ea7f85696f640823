package httpapi

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// Limits bound what clients can hold of a server, so that many slow or
// idle connections cannot starve the health check and the parties' own
// requests. A connection beyond a cap is closed as soon as it is accepted
// (and counted in truce_http_connections_refused_total); a request whose
// headers or body do not arrive in time is ended.
type Limits struct {
	// MaxConns is the most connections open at once, from everyone.
	MaxConns int
	// MaxConnsPerIP is the most connections open at once from one client
	// address (for IPv6, one /64). Behind a proxy every client has the
	// proxy's address: raise it there.
	MaxConnsPerIP int
	// HeaderTimeout is the time a client has to send a request's headers.
	HeaderTimeout time.Duration
	// BodyTimeout is the time a client has to send a request's body once
	// its headers are in; a late body gets 408 and the connection closes.
	BodyTimeout time.Duration
	// IdleTimeout closes a kept-alive connection that sends no request.
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds a request's headers.
	MaxHeaderBytes int
}

// DefaultLimits are the limits truce serve runs with unless its flags
// say otherwise.
func DefaultLimits() Limits {
	return Limits{
		MaxConns:       2048,
		MaxConnsPerIP:  256,
		HeaderTimeout:  10 * time.Second,
		BodyTimeout:    60 * time.Second,
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
	}
}

// HTTPServer returns an http.Server that serves s with l's timeouts. Serve
// it on s.Listener(ln, l) for l's connection caps. There is no write
// timeout: event streams and "Truce-Wait: final" answers are long on
// purpose; the caps bound what slow readers can hold.
func (s *Server) HTTPServer(l Limits) *http.Server {
	s.bodyTimeout = l.BodyTimeout
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: l.HeaderTimeout,
		IdleTimeout:       l.IdleTimeout,
		MaxHeaderBytes:    l.MaxHeaderBytes,
	}
}

// Listener wraps ln so that it holds at most l.MaxConns connections, and
// at most l.MaxConnsPerIP from one client address; zero is no cap.
func (s *Server) Listener(ln net.Listener, l Limits) net.Listener {
	return &capListener{Listener: ln, max: l.MaxConns, perIP: l.MaxConnsPerIP, open: map[string]int{},
		refused: func(cap string) { s.metrics.refused.WithLabelValues(cap).Inc() }}
}

type capListener struct {
	net.Listener
	max, perIP int
	refused    func(cap string)

	mu    sync.Mutex
	total int
	open  map[string]int // by client address
}

func (l *capListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		who := clientKey(c.RemoteAddr())
		l.mu.Lock()
		refuse := ""
		switch {
		case l.max > 0 && l.total >= l.max:
			refuse = "total"
		case l.perIP > 0 && l.open[who] >= l.perIP:
			refuse = "per_ip"
		default:
			l.total++
			l.open[who]++
		}
		l.mu.Unlock()
		if refuse != "" {
			c.Close()
			l.refused(refuse)
			continue
		}
		return &cappedConn{Conn: c, release: func() {
			l.mu.Lock()
			l.total--
			if l.open[who]--; l.open[who] == 0 {
				delete(l.open, who)
			}
			l.mu.Unlock()
		}}, nil
	}
}

// clientKey is the address a per-client cap counts: the IP, or for IPv6
// its /64, which one client typically holds whole.
func clientKey(a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	if ta.IP.To4() == nil && len(ta.IP) == net.IPv6len {
		return ta.IP.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ta.IP.String()
}

type cappedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *cappedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// CloseWrite lets net/http half-close the connection before closing it,
// so that a client still sending a body reads the answer instead of a
// reset.
func (c *cappedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
