package center_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/sqlite"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// table is a center with the coordinator and two parties, US and RU.
type table struct {
	c              *center.Center
	store          engine.Store
	clock          *clock
	signer         note.Signer // to open the store again
	un, us, ru, sy *center.Caller
}

func newTable(t *testing.T, set center.Settings) *table {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/test")
	signer, _ := note.NewSigner(skey)
	clk := &clock{t: time.Date(2016, 9, 12, 16, 0, 0, 0, time.UTC)}
	c, err := center.Open(ctx, center.Config{Store: store, Signer: signer, Clock: clk, Settings: set})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	res, err := c.Init(ctx, vkey, "UN", "desk")
	if err != nil {
		t.Fatal(err)
	}
	tb := &table{c: c, store: store, clock: clk, signer: signer}
	tb.un, _ = c.Authenticate(res.Token)
	for _, p := range []struct {
		name string
		dst  **center.Caller
	}{{"US", &tb.us}, {"RU", &tb.ru}, {"SY", &tb.sy}} {
		party, err := c.Members().RegisterParty(ctx, tb.un, center.PartyInput{Name: p.name, Kind: "party"})
		if err != nil {
			t.Fatal(err)
		}
		m, err := c.Members().Register(ctx, tb.un, party.ID, center.MemberInput{Name: "desk"})
		if err != nil {
			t.Fatal(err)
		}
		if *p.dst, err = c.Authenticate(m.Token); err != nil {
			t.Fatal(err)
		}
	}
	return tb
}

func (tb *table) send(t *testing.T, from, to *center.Caller, priority, body string) *center.Message {
	t.Helper()
	m, err := tb.c.Hotline().Send(context.Background(), from, center.MessageInput{To: []string{to.Party.ID}, Priority: priority, Subject: "subject of " + body, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// entries reads the whole log.
func (tb *table) entries(t *testing.T) [][]byte {
	raws, err := tb.store.Entries(context.Background(), 0, tb.c.Size())
	if err != nil {
		t.Fatal(err)
	}
	return raws
}

// TestPublicReplayOfMessages: a replay of the public log alone (what
// `truce log verify` does) rebuilds every message's envelope exactly, and
// none of the sealed contents, which the log does not hold.
func TestPublicReplayOfMessages(t *testing.T) {
	tb := newTable(t, center.Settings{})
	ctx := context.Background()
	m := tb.send(t, tb.us, tb.ru, "flash", "hold fire on the corridor")
	tb.send(t, tb.ru, tb.sy, "routine", "second body")
	if _, err := tb.c.Hotline().Acknowledge(ctx, tb.ru, m.ID); err != nil {
		t.Fatal(err)
	}
	tb.clock.Advance(time.Hour)
	if n, err := tb.c.Hotline().Tick(ctx); err != nil || n != 0 {
		t.Fatalf("tick: %d %v (the only flash message was acknowledged)", n, err)
	}
	u := tb.send(t, tb.us, tb.ru, "urgent", "third body")
	tb.clock.Advance(15 * time.Minute)
	if n, err := tb.c.Hotline().Tick(ctx); err != nil || n != 1 {
		t.Fatalf("tick: %d %v", n, err)
	}
	r := center.NewReplayer(nil)
	for _, raw := range tb.entries(t) {
		if bytes.Contains(raw, []byte("body")) && bytes.Contains(raw, []byte("corridor")) {
			t.Fatalf("an entry holds a message's content: %s", raw)
		}
		if err := r.Add(raw); err != nil {
			t.Fatal(err)
		}
	}
	for _, caller := range []*center.Caller{tb.un, tb.us, tb.ru, tb.sy} {
		views, err := center.Views(r.State(), caller.Member.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(tb.c.Hotline().Envelopes(caller, center.MessageFilter{}))
		got, _ := json.Marshal(views["/v1/messages?fields=envelope"])
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: the public replay shows\n%s\nthe center\n%s", caller.Party.Name, got, want)
		}
	}
	if got := tb.c.Hotline().List(tb.sy, center.MessageFilter{}); len(got) != 1 || got[0].Body != "second body" {
		t.Fatalf("SY lists %+v", got)
	}
	if got, _ := tb.c.Hotline().Get(tb.un, u.ID); len(got.Alerts) != 1 || got.Alerts[0].Parties[0] != tb.ru.Party.ID {
		t.Fatalf("urgent message after its deadline: %+v", got)
	}
}

// tamperedStore serves altered openings.
type tamperedStore struct{ engine.Store }

func (s tamperedStore) Payload(ctx context.Context, key string) ([]byte, error) {
	p, err := s.Store.Payload(ctx, key)
	return bytes.Replace(p, []byte("hold fire"), []byte("open fire"), 1), err
}

// TestReplayChecksOpenings: the center's replay opens each sealed part
// and checks it against the log's commitment, so an opening altered in
// the store is caught.
func TestReplayChecksOpenings(t *testing.T) {
	tb := newTable(t, center.Settings{})
	tb.send(t, tb.us, tb.ru, "routine", "hold fire on the corridor")
	if diffs, _, err := center.Replay(context.Background(), tb.store, nil); err != nil || len(diffs) != 0 {
		t.Fatalf("replay: %v %v", diffs, err)
	}
	_, _, err := center.Replay(context.Background(), tamperedStore{tb.store}, nil)
	if err == nil || !strings.Contains(err.Error(), "does not match commitment") {
		t.Fatalf("replay with an altered opening: %v", err)
	}
}
