package center_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/hotline"
)

// table is a center with the coordinator and three parties (centertest),
// with the helpers of this package's tests.
type table struct{ *centertest.Table }

func newTable(t *testing.T, set core.Settings) *table {
	return &table{centertest.NewTable(t, set)}
}

func (tb *table) send(t *testing.T, from, to *core.Caller, priority, body string) *truce.Message {
	t.Helper()
	m, err := tb.C.Hotline().Send(context.Background(), from, hotline.MessageInput{To: []string{to.Party.ID}, Priority: priority, Subject: "subject of " + body, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestPublicReplayOfMessages: a replay of the public log alone (what
// `truce log verify` does) rebuilds every message's envelope exactly, and
// none of the sealed contents, which the log does not hold.
func TestPublicReplayOfMessages(t *testing.T) {
	tb := newTable(t, core.Settings{})
	ctx := context.Background()
	m := tb.send(t, tb.US, tb.RU, "flash", "hold fire on the corridor")
	tb.send(t, tb.RU, tb.SY, "routine", "second body")
	if _, err := tb.C.Hotline().Acknowledge(ctx, tb.RU, m.ID); err != nil {
		t.Fatal(err)
	}
	tb.Clock.Advance(time.Hour)
	if n, err := tb.C.Hotline().Tick(ctx); err != nil || n != 0 {
		t.Fatalf("tick: %d %v (the only flash message was acknowledged)", n, err)
	}
	u := tb.send(t, tb.US, tb.RU, "urgent", "third body")
	tb.Clock.Advance(15 * time.Minute)
	if n, err := tb.C.Hotline().Tick(ctx); err != nil || n != 1 {
		t.Fatalf("tick: %d %v", n, err)
	}
	r := center.NewReplayer(nil)
	for _, raw := range tb.Entries(t) {
		if bytes.Contains(raw, []byte("body")) && bytes.Contains(raw, []byte("corridor")) {
			t.Fatalf("an entry holds a message's content: %s", raw)
		}
		if err := r.Add(raw); err != nil {
			t.Fatal(err)
		}
	}
	for _, caller := range []*core.Caller{tb.UN, tb.US, tb.RU, tb.SY} {
		views, err := center.Views(r.State(), caller.Member.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(tb.C.Hotline().Envelopes(context.Background(), caller, hotline.MessageFilter{}))
		got, _ := json.Marshal(views["/v1/messages?fields=envelope"])
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: the public replay shows\n%s\nthe center\n%s", caller.Party.Name, got, want)
		}
	}
	if got := tb.C.Hotline().List(context.Background(), tb.SY, hotline.MessageFilter{}); len(got) != 1 || got[0].Body != "second body" {
		t.Fatalf("SY lists %+v", got)
	}
	if got, _ := tb.C.Hotline().Get(tb.UN, u.ID); len(got.Alerts) != 1 || got.Alerts[0].Parties[0] != tb.RU.Party.ID {
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
	tb := newTable(t, core.Settings{})
	tb.send(t, tb.US, tb.RU, "routine", "hold fire on the corridor")
	if diffs, _, err := center.Replay(context.Background(), tb.Store, nil); err != nil || len(diffs) != 0 {
		t.Fatalf("replay: %v %v", diffs, err)
	}
	_, _, err := center.Replay(context.Background(), tamperedStore{tb.Store}, nil)
	if err == nil || !strings.Contains(err.Error(), "does not match commitment") {
		t.Fatalf("replay with an altered opening: %v", err)
	}
}
