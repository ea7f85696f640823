package httpapi

import (
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Limits bound what clients can hold of a server, so that many slow or
// idle connections cannot starve the health check and the parties' own
// requests. A connection beyond a cap is closed as soon as it is accepted
// (at the total cap it takes the place of one not being served instead;
// see Listener), counted in truce_http_connections_refused_total; a
// request whose headers or body do not arrive in time is ended.
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
		ConnState: func(c net.Conn, st http.ConnState) {
			if cc, ok := c.(*cappedConn); ok {
				cc.state.Store(int32(st))
			}
		},
	}
}

// Listener wraps ln so that it holds at most l.MaxConns connections, and
// at most l.MaxConnsPerIP from one client address; zero is no cap. At the
// total cap a new connection takes the place of the oldest one that is
// not being served — silent since it connected, or idle between requests
// — so that a flood from many addresses cannot lock everyone else out;
// only when every connection is being served is the new one refused.
// Connections get their state from the http.Server of HTTPServer.
func (s *Server) Listener(ln net.Listener, l Limits) net.Listener {
	return &capListener{Listener: ln, max: l.MaxConns, perIP: l.MaxConnsPerIP,
		open: map[string]int{}, conns: map[*cappedConn]struct{}{},
		refused: func(cap string) { s.metrics.refused.WithLabelValues(cap).Inc() }}
}

type capListener struct {
	net.Listener
	max, perIP int
	refused    func(cap string)

	mu    sync.Mutex
	total int
	open  map[string]int // by client address
	conns map[*cappedConn]struct{}
	seq   uint64
}

func (l *capListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if cc := l.admit(c, clientKey(c.RemoteAddr())); cc != nil {
			return cc, nil
		}
	}
}

// admit counts c in, making room at the total cap by closing the oldest
// connection not being served, or closes c and returns nil.
func (l *capListener) admit(c net.Conn, who string) *cappedConn {
	for evicted := false; ; evicted = true {
		l.mu.Lock()
		if l.perIP > 0 && l.open[who] >= l.perIP {
			l.mu.Unlock()
			c.Close()
			l.refused("per_ip")
			return nil
		}
		if l.max <= 0 || l.total < l.max {
			l.total++
			l.open[who]++
			l.seq++
			cc := &cappedConn{Conn: c, seq: l.seq}
			cc.release = func() { l.remove(cc, who) }
			l.conns[cc] = struct{}{}
			l.mu.Unlock()
			return cc
		}
		var victim *cappedConn
		if !evicted {
			for cc := range l.conns {
				if st := http.ConnState(cc.state.Load()); (st == http.StateNew || st == http.StateIdle) && (victim == nil || cc.seq < victim.seq) {
					victim = cc
				}
			}
		}
		l.mu.Unlock()
		if victim == nil {
			c.Close()
			l.refused("total")
			return nil
		}
		victim.Close() // counted out by its release
		l.refused("evicted")
	}
}

func (l *capListener) remove(cc *cappedConn, who string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.conns, cc)
	l.total--
	if l.open[who]--; l.open[who] == 0 {
		delete(l.open, who)
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
	seq     uint64       // the order of acceptance
	state   atomic.Int32 // an http.ConnState, kept by HTTPServer's server
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
