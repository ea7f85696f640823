package core

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/truce-center/truce"
)

// TestNoViewNoEvent: an entry type with no registered event view reaches
// no one, not even the coordinator (the safe default for a feature that
// forgets to register one).
func TestNoViewNoEvent(t *testing.T) {
	reg := &Registry{EventViews: map[string]StreamView{}}
	c := &Center{state: NewState(reg), reg: reg}
	coord := &Caller{Party: truce.Party{ID: "pty_1", Kind: truce.KindCoordinator}}
	r := &streamRenderer{c: c, caller: coord}
	for _, typ := range []string{TypeCenterInit, "zone.unregistered-example"} {
		if _, ok, _ := r.Render(context.Background(), &truce.Entry{Index: 5, Type: typ, Body: []byte(`{}`)}); ok {
			t.Errorf("%s was rendered as an event", typ)
		}
	}
}

// TestEventJSONIsMarshal: an event is rendered as json.Marshal renders it,
// a notification's conflicts spliced in by hand or not (HTML escaped,
// an area compacted, a rule the records do not have), and any other data.
func TestEventJSONIsMarshal(t *testing.T) {
	at := truce.InstantOf(time.Date(2016, 9, 20, 10, 0, 0, 0, time.UTC))
	c := truce.Conflict{Rule: "strike-near-protected-site", With: truce.ConflictWith{Type: "site", ID: "sit_7", Name: "clinic", Party: "pty_2",
		Area: json.RawMessage(`{ "type": "Point", "coordinates": [36.1, 35.2] }`), AreaBufferM: 250}, Overlap: truce.Window{Start: at, End: at}}
	html, odd := c, c
	html.With.Name = "clinic <east> & west"
	odd.Rule = "a rule the center does not have"
	var datas []any
	for _, cs := range [][]truce.Conflict{nil, {}, {c}, {c, c}, {c, html}, {odd}} {
		n := &truce.Notification{ID: "ntf_1", Kind: "strike", Title: `"data":null}`, Party: "pty_1", State: "pending"}
		if cs != nil {
			n.Conflicts = truce.NewConflictList(cs)
		}
		datas = append(datas, n)
	}
	datas = append(datas, (*truce.Notification)(nil), map[string]string{"a": "<b>"}, nil)
	for i, d := range datas {
		ev := entryEvent{ID: 7, Type: "notification.submit", Time: at.Time(), Data: d}
		got, err := eventJSON(ev)
		want, werr := json.Marshal(ev)
		if err != nil || werr != nil || !bytes.Equal(got, want) {
			t.Fatalf("data %d: eventJSON %s, %v\njson.Marshal %s, %v", i, got, err, want, werr)
		}
	}
}

// BenchmarkEventJSON renders a strike's event with the 46 conflicts a
// strike meets at a million objects: json.Marshal, and eventJSON's
// conflicts spliced in by hand.
func BenchmarkEventJSON(b *testing.B) {
	at := truce.InstantOf(time.Date(2016, 9, 20, 10, 0, 0, 0, time.UTC))
	cs := make([]truce.Conflict, 46)
	for i := range cs {
		cs[i] = truce.Conflict{Rule: "strike-near-protected-site", With: truce.ConflictWith{Type: "site", ID: "sit_" + strconv.Itoa(1000+i),
			Name: "Clinic " + strconv.Itoa(i), Category: "hospital", Party: "pty_2"}, Overlap: truce.Window{Start: at, End: at}}
	}
	n := &truce.Notification{ID: "ntf_1", Kind: "strike", Title: "Strike on the depot", Party: "pty_1", State: "pending", Conflicts: truce.NewConflictList(cs)}
	ev := entryEvent{ID: 7, Type: "notification.submit", Time: at.Time(), Data: n}
	b.Run("marshal", func(b *testing.B) {
		for b.Loop() {
			json.Marshal(ev)
		}
	})
	b.Run("spliced", func(b *testing.B) {
		for b.Loop() {
			eventJSON(ev)
		}
	})
}
