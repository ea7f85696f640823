package center_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/truce-center/truce/center"
)

// next takes a stream's next event, failing after a deadline.
func next(t *testing.T, st *center.Stream) center.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	ev, err := st.Next(ctx)
	if err != nil {
		t.Fatalf("next event: %v", err)
	}
	return ev
}

// TestBrokerDropsSlowSubscriber: a subscriber that does not read while
// more than its buffer is committed is dropped and told where to resume;
// one that reads keeps everything; resuming loses nothing.
func TestBrokerDropsSlowSubscriber(t *testing.T) {
	tb := newTable(t, center.Settings{EventBuffer: 4})
	ctx := context.Background()
	start := tb.c.Size() - 1
	slow, err := tb.c.Subscribe(ctx, tb.sy, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	fast, err := tb.c.Subscribe(ctx, tb.sy, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Close()
	var want []uint64
	for i := range 10 {
		p, err := tb.c.RegisterParty(ctx, tb.un, center.PartyInput{Name: fmt.Sprint("p", i), Kind: "observer"})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, p.LogIndex)
		if ev := next(t, fast); ev.Kind != center.EventEntry || ev.Position != p.LogIndex {
			t.Fatalf("fast subscriber: %+v, want entry %d", ev, p.LogIndex)
		}
	}
	if n := tb.c.Subscribers(); n != 1 {
		t.Fatalf("%d subscribers, want 1 (the slow one dropped)", n)
	}
	ev := next(t, slow)
	if ev.Kind != center.EventResume || ev.Position != start {
		t.Fatalf("slow subscriber: %+v, want a resume at %d", ev, start)
	}
	var r struct {
		ResumeAfter uint64 `json:"resume_after"`
	}
	if json.Unmarshal(ev.Data, &r); r.ResumeAfter != start {
		t.Fatalf("resume data %s", ev.Data)
	}
	if _, err := slow.Next(ctx); err == nil {
		t.Fatal("the dropped stream goes on")
	}
	// Resuming from the position: every entry, once, in order.
	again, err := tb.c.Subscribe(ctx, tb.sy, &r.ResumeAfter)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	for _, w := range want {
		if ev := next(t, again); ev.Kind != center.EventEntry || ev.Position != w {
			t.Fatalf("resumed: %+v, want entry %d", ev, w)
		}
	}
}

// TestCloseEventsEndsStreams: shutdown ends every stream with the
// position to resume from, and refuses new ones.
func TestCloseEventsEndsStreams(t *testing.T) {
	tb := newTable(t, center.Settings{})
	st, err := tb.c.Subscribe(context.Background(), tb.ru, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	tb.c.CloseEvents()
	if ev := next(t, st); ev.Kind != center.EventResume || ev.Position != tb.c.Size()-1 {
		t.Fatalf("after CloseEvents: %+v", ev)
	}
	if _, err := tb.c.Subscribe(context.Background(), tb.ru, nil); err == nil {
		t.Fatal("a stream opened after CloseEvents")
	}
}
