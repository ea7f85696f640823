// Package centertest helps tests open a center: one clock the test
// moves, and a table of parties around a running center on a real SQLite
// store in the test's temporary directory.
package centertest

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/sqlite"
)

// Start is when a test's clock starts unless it says otherwise: the
// afternoon of 12 September 2016, before the Syrian recommitment.
var Start = time.Date(2016, 9, 12, 16, 0, 0, 0, time.UTC)

// Clock is a truce.Clock that moves only when the test moves it. It is
// safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock reading t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Table is a running center with the coordinator (UN) and three parties
// (US, RU, SY), a member each.
type Table struct {
	C      *center.Center
	Store  engine.Store
	Clock  *Clock
	Signer note.Signer // to open the store again
	// Key is the center's note verifier key.
	Key            string
	UN, US, RU, SY *core.Caller
}

// Opened is a center opened on a new SQLite store and initialised, with
// the coordinator (UN) and its desk.
type Opened struct {
	C      *center.Center
	Config core.Config // as the center was opened (its Store, as configure left it)
	Key    string      // the center's note verifier key
	Init   *members.InitResult
}

// Open opens a center on a new SQLite store in t.TempDir() with a new
// key, configured by configure (nil: as it is), and initialises it.
// Everything is closed when the test ends.
func Open(t testing.TB, configure func(*core.Config)) *Opened {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	skey, vkey, err := note.GenerateKey(nil, "truce.invalid/test")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	cfg := core.Config{Store: store, Signer: signer}
	if configure != nil {
		configure(&cfg)
	}
	c, err := center.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	res, err := c.Init(ctx, vkey, "UN", "desk")
	if err != nil {
		t.Fatal(err)
	}
	return &Opened{C: c, Config: cfg, Key: vkey, Init: res}
}

// NewTable opens a center (Open) with the given settings, its clock at
// Start, and seats the parties.
func NewTable(t testing.TB, set core.Settings) *Table {
	t.Helper()
	clk := NewClock(Start)
	o := Open(t, func(cfg *core.Config) { cfg.Clock, cfg.Settings = clk, set })
	tb := &Table{C: o.C, Store: o.Config.Store, Clock: clk, Signer: o.Config.Signer, Key: o.Key}
	var err error
	if tb.UN, err = o.C.Authenticate(o.Init.Token); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		name string
		dst  **core.Caller
	}{{"US", &tb.US}, {"RU", &tb.RU}, {"SY", &tb.SY}} {
		*p.dst = tb.Seat(t, p.name, "party")
	}
	return tb
}

// Seat registers a party of the given kind with one member and returns
// the member as a caller.
func (tb *Table) Seat(t testing.TB, name, kind string) *core.Caller {
	t.Helper()
	ctx := context.Background()
	party, err := tb.C.Members().RegisterParty(ctx, tb.UN, members.PartyInput{Name: name, Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	m, err := tb.C.Members().Register(ctx, tb.UN, party.ID, members.MemberInput{Name: "desk"})
	if err != nil {
		t.Fatal(err)
	}
	caller, err := tb.C.Authenticate(m.Token)
	if err != nil {
		t.Fatal(err)
	}
	return caller
}

// Entries reads the whole log.
func (tb *Table) Entries(t testing.TB) [][]byte {
	t.Helper()
	raws, err := tb.Store.Entries(context.Background(), 0, tb.C.Size())
	if err != nil {
		t.Fatal(err)
	}
	return raws
}

// LockedBuffer is a log or an output that goroutines write to while a
// test reads it.
type LockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *LockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// Reset empties the buffer.
func (l *LockedBuffer) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

func (l *LockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
