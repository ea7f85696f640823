package events

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/ledger"
)

// logSource is a log held in memory: canonical entries, as a store
// returns them.
type logSource [][]byte

func (l *logSource) Entries(_ context.Context, start, end uint64) ([][]byte, error) {
	if end > uint64(len(*l)) {
		return nil, fmt.Errorf("no entries beyond %d", len(*l))
	}
	return (*l)[start:end], nil
}

func (l *logSource) add(t *testing.T, n int) []*truce.Entry {
	t.Helper()
	var out []*truce.Entry
	for range n {
		e := &truce.Entry{Index: uint64(len(*l)), Time: time.Date(2016, 9, 12, 0, 0, 0, 0, time.UTC), Type: "test.thing", Body: json.RawMessage(`{}`)}
		raw, err := ledger.Canonical(e)
		if err != nil {
			t.Fatal(err)
		}
		*l = append(*l, raw)
		out = append(out, e)
	}
	return out
}

// evens sees the entries at even positions; it counts its renderings.
type evens struct{ renders *int }

func (evens) Key() string { return "party" }

func (r evens) Render(_ context.Context, e *truce.Entry) ([]byte, bool, error) {
	*r.renders++
	return []byte(strconv.FormatUint(e.Index, 10)), e.Index%2 == 0, nil
}

func next(t *testing.T, st *Stream) Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ev, err := st.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// TestResumeHasNoGapAndNoDuplicate: a stream resumed after position 3
// reads 4…9 back from the log, then follows the live entries, seeing
// exactly the entries its renderer lets through, once each; two streams
// with the same key share one rendering of a live entry.
func TestResumeHasNoGapAndNoDuplicate(t *testing.T) {
	var src logSource
	src.add(t, 10)
	b := NewBroker(10, &src, func(context.Context) error { return nil })
	renders := 0
	after := uint64(3)
	cfg := Config{Heartbeat: time.Hour, Buffer: 16}
	st, err := b.Subscribe(context.Background(), evens{&renders}, cfg, &after)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var live [2]*Stream
	for i := range live {
		if live[i], err = b.Subscribe(context.Background(), evens{&renders}, cfg, nil); err != nil {
			t.Fatal(err)
		}
		defer live[i].Close()
	}
	var got []uint64
	for range 3 {
		got = append(got, next(t, st).Position)
	}
	b.Publish(src.add(t, 4)) // 10…13
	got = append(got, next(t, st).Position, next(t, st).Position)
	if want := []uint64{4, 6, 8, 10, 12}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("events at %v, want %v", got, want)
	}
	if ev := next(t, live[0]); ev.Position != 10 || string(ev.Data) != "10" {
		t.Fatalf("the live stream's first event: %+v", ev)
	}
	next(t, live[0])
	rendersBefore := renders
	if ev := next(t, live[1]); ev.Position != 10 {
		t.Fatalf("the second live stream's first event: %+v", ev)
	}
	next(t, live[1])
	if renders != rendersBefore {
		t.Fatalf("a live entry was rendered again for the same key (%d renderings)", renders-rendersBefore)
	}
	if _, err := b.Subscribe(context.Background(), evens{&renders}, cfg, new(uint64(99))); truce.ErrorCode(err) != truce.EInvalid {
		t.Fatalf("resuming beyond the log: %v", err)
	}
}

// TestSlowSubscriberIsDroppedWithItsPosition: a subscriber that falls a
// buffer behind is dropped at once, and its last message says where to
// resume; Close ends the others the same way.
func TestSlowSubscriberIsDroppedWithItsPosition(t *testing.T) {
	var src logSource
	b := NewBroker(0, &src, func(context.Context) error { return nil })
	renders := 0
	slow, err := b.Subscribe(context.Background(), evens{&renders}, Config{Heartbeat: time.Hour, Buffer: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	b.Publish(src.add(t, 3))
	ev := next(t, slow)
	if ev.Kind != EventResume {
		t.Fatalf("the slow stream got %+v, not the end", ev)
	}
	var resume struct {
		After uint64 `json:"resume_after"`
	}
	if err := json.Unmarshal(ev.Data, &resume); err != nil || ev.Position != resume.After {
		t.Fatalf("resume message %s: %v", ev.Data, err)
	}
	if b.Subscribers() != 0 {
		t.Fatalf("%d subscribers after the drop", b.Subscribers())
	}
	if _, err := slow.Next(context.Background()); err == nil {
		t.Fatal("an ended stream gave another message")
	}
	live, err := b.Subscribe(context.Background(), evens{&renders}, Config{Heartbeat: time.Hour, Buffer: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	b.Close()
	if ev := next(t, live); ev.Kind != EventResume || ev.Position != 2 {
		t.Fatalf("after Close: %+v", ev)
	}
	if _, err := b.Subscribe(context.Background(), evens{&renders}, Config{Heartbeat: time.Hour, Buffer: 2}, nil); truce.ErrorCode(err) != truce.EUnavailable {
		t.Fatalf("subscribing after Close: %v", err)
	}
}
