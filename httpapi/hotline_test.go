package httpapi_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
)

// TestHotlineDeliveredToRecipientsOnly: a message's subject and body reach
// its sender, its recipients and the coordinator, by reads and by the
// event stream; a third party never receives them, and the public log
// holds only a commitment.
func TestHotlineDeliveredToRecipientsOnly(t *testing.T) {
	w := newWorld(t, worldOpts{})
	streams := map[string]*stream{}
	for _, p := range []string{"UN", "US", "RU", "SY"} {
		streams[p] = w.stream(t, p, streamOpts{})
	}
	const subject = "Castello Road convoy window"
	const body = "Convoy departs 06:00 local; hold fire on grid 37.14E 36.25N until 09:00. [secret-7f3a]"
	m := w.send(t, "US", []string{"RU"}, "flash", subject, body)
	if m.Subject != subject || m.Body != body || m.From.Party != w.pid["US"] || !slices.Equal(m.To, []string{w.pid["RU"]}) {
		t.Fatalf("sent %+v", m)
	}
	if !strings.HasPrefix(m.Commitment, "sha256:") || m.AckDue == nil || !m.AckDue.Equal(m.SentAt.Add(2*time.Minute)) {
		t.Fatalf("commitment %q, ack due %v after %v", m.Commitment, m.AckDue, m.SentAt)
	}
	// A reply joins the thread.
	reply := w.send(t, "RU", []string{"US", "coordinator"}, "routine", "Re: "+subject, "Acknowledged, holding. [secret-reply-9c1]")
	_ = reply
	var r truce.Message
	in := fmt.Sprintf(`{"to":[%q],"priority":"routine","subject":"Re: convoy","body":"Copy. [secret-thread-2]","reply_to":%q}`, w.pid["US"], m.ID)
	w.do(t, "POST", "/v1/messages", w.tok["RU"], in, 201, &r)
	if r.Thread != m.ID || r.ReplyTo != m.ID {
		t.Fatalf("reply thread %q reply_to %q, want %s", r.Thread, r.ReplyTo, m.ID)
	}
	// A marker everyone sees, after the messages.
	marker := w.registerParty(t, "Observers")

	secrets := []string{subject, "secret-7f3a", "secret-reply-9c1", "secret-thread-2", "Re: convoy"}
	// Readers: sender, recipient, coordinator see it whole.
	for _, p := range []string{"US", "RU", "UN"} {
		var got truce.Message
		w.do(t, "GET", "/v1/messages/"+m.ID, w.tok[p], "", 200, &got)
		if got.Body != body || got.Subject != subject {
			t.Fatalf("%s reads %+v", p, got)
		}
		var thread []truce.Message
		w.do(t, "GET", "/v1/messages?thread="+m.ID, w.tok[p], "", 200, &thread)
		if len(thread) != 2 || thread[0].ID != m.ID || thread[1].ID != r.ID {
			t.Fatalf("%s reads the thread as %d messages", p, len(thread))
		}
		evs := streams[p].until(t, marker)
		if !slices.ContainsFunc(evs, func(e sseEvent) bool {
			return e.Event == "message.send" && e.index(t) == m.LogIndex && strings.Contains(e.Data, "secret-7f3a")
		}) {
			t.Fatalf("%s's stream lacks the message: %v", p, evs)
		}
	}
	// The third party: 404 for the message, an empty list, nothing in its
	// stream but the marker — checked on the raw bytes.
	raw := w.do(t, "GET", "/v1/messages/"+m.ID, w.tok["SY"], "", 404, nil)
	raw = append(raw, w.do(t, "GET", "/v1/messages", w.tok["SY"], "", 200, nil)...)
	raw = append(raw, w.do(t, "GET", "/v1/messages?thread="+m.ID, w.tok["SY"], "", 200, nil)...)
	w.do(t, "POST", "/v1/messages/"+m.ID+"/acknowledgements", w.tok["SY"], `{}`, 404, nil)
	if evs := streams["SY"].until(t, marker); len(evs) != 1 || evs[0].Event != "party.register" {
		t.Fatalf("SY's stream carried %v", evs)
	}
	raw = append(raw, streams["SY"].rawBytes()...)
	for _, s := range secrets {
		if bytes.Contains(raw, []byte(s)) {
			t.Fatalf("the third party received %q:\n%s", s, raw)
		}
	}
	if list := append(w.do(t, "GET", "/v1/messages", w.tok["SY"], "", 200, nil), streams["SY"].rawBytes()...); bytes.Contains(list, []byte(m.ID)) {
		t.Fatalf("the third party learnt of %s from its list or stream:\n%s", m.ID, list)
	}
	// The public log: neither subject nor body, but the commitment.
	size := w.c.Size()
	tile := w.do(t, "GET", fmt.Sprintf("/log/tile/entries/000.p/%d", size), "", "", 200, nil)
	for _, s := range secrets {
		if bytes.Contains(tile, []byte(s)) {
			t.Fatalf("the public log holds %q", s)
		}
	}
	if !bytes.Contains(tile, []byte(m.Commitment)) {
		t.Fatalf("the public log lacks the commitment %s", m.Commitment)
	}
	// Those who may read the message may open its commitment and check it
	// against the log; the third party may not.
	for _, p := range []string{"US", "RU", "UN"} {
		opening := w.do(t, "GET", "/v1/commitments/"+m.Commitment, w.tok[p], "", 200, nil)
		sum := sha256.Sum256(opening)
		var o struct {
			Value struct{ Subject, Body string }
		}
		json.Unmarshal(opening, &o)
		if "sha256:"+hex.EncodeToString(sum[:]) != m.Commitment || o.Value.Body != body || o.Value.Subject != subject {
			t.Fatalf("%s opened %s as %s", p, m.Commitment, opening)
		}
	}
	if b := w.do(t, "GET", "/v1/commitments/"+m.Commitment, w.tok["SY"], "", 404, nil); bytes.Contains(b, []byte("secret-7f3a")) {
		t.Fatalf("the third party opened the commitment: %s", b)
	}
	// The coordinator alias resolved to the coordinator party.
	if !slices.Contains(reply.To, w.pid["UN"]) {
		t.Fatalf("reply to %v, want the coordinator %s among them", reply.To, w.pid["UN"])
	}
	// The envelope listing (what the verifier compares) has no content.
	env := w.do(t, "GET", "/v1/messages?fields=envelope", w.tok["RU"], "", 200, nil)
	if bytes.Contains(env, []byte("secret-7f3a")) || !bytes.Contains(env, []byte(m.Commitment)) {
		t.Fatalf("envelopes: %s", env)
	}
	// Replay from the store (which can open the commitments) equals the
	// projection, bodies included.
	diffs, _, err := center.Replay(context.Background(), w.store, nil)
	if err != nil || len(diffs) > 0 {
		t.Fatalf("replay: %v %v", err, diffs)
	}
}

func TestHotlineBadRequests(t *testing.T) {
	w := newWorld(t, worldOpts{})
	before := w.c.Size()
	m := w.send(t, "US", []string{"RU"}, "routine", "s", "b")
	before++
	cases := []struct {
		body  string
		field string
	}{
		{`{"to":[],"priority":"flash","subject":"s","body":"b"}`, "to"},
		{`{"to":["pty_999"],"priority":"flash","subject":"s","body":"b"}`, "to[0]"},
		{fmt.Sprintf(`{"to":[%q],"priority":"flash","subject":"s","body":"b"}`, w.pid["US"]), "to[0]"},
		{fmt.Sprintf(`{"to":[%q,%q],"priority":"flash","subject":"s","body":"b"}`, w.pid["RU"], w.pid["RU"]), "to[1]"},
		{fmt.Sprintf(`{"to":[%q],"priority":"high","subject":"s","body":"b"}`, w.pid["RU"]), "priority"},
		{fmt.Sprintf(`{"to":[%q],"priority":"flash","subject":"","body":"b"}`, w.pid["RU"]), "subject"},
		{fmt.Sprintf(`{"to":[%q],"priority":"flash","subject":"a\nb","body":"b"}`, w.pid["RU"]), "subject"},
		{fmt.Sprintf(`{"to":[%q],"priority":"flash","subject":"s","body":" "}`, w.pid["RU"]), "body"},
		{fmt.Sprintf(`{"to":[%q],"priority":"flash","subject":"s","body":%q}`, w.pid["RU"], strings.Repeat("x", 33<<10)), "body"},
		{fmt.Sprintf(`{"to":[%q],"priority":"flash","subject":"s","body":"b","reply_to":"msg_999"}`, w.pid["RU"]), "reply_to"},
		{fmt.Sprintf(`{"to":[%q],"priority":"flash","subject":"s","body":"b","cc":[]}`, w.pid["RU"]), "cc"},
	}
	for _, c := range cases {
		var p struct {
			Errors []struct{ Field string }
		}
		data := w.do(t, "POST", "/v1/messages", w.tok["US"], c.body, 400, nil)
		json.Unmarshal(data, &p)
		if len(p.Errors) == 0 || p.Errors[0].Field != c.field {
			t.Errorf("%.80s: %s, want the field %s named", c.body, data, c.field)
		}
	}
	// SY may not reply into a thread it cannot read.
	data := w.do(t, "POST", "/v1/messages", w.tok["SY"], fmt.Sprintf(`{"to":[%q],"priority":"routine","subject":"s","body":"b","reply_to":%q}`, w.pid["US"], m.ID), 400, nil)
	if !strings.Contains(string(data), "reply_to") {
		t.Fatalf("reply into an unreadable thread: %s", data)
	}
	if w.c.Size() != before {
		t.Fatalf("refused requests changed the log: %d entries, want %d", w.c.Size(), before)
	}
}

// TestHotlineAcknowledgeAndEscalate advances a fake clock past the
// acknowledgement deadlines: overdue messages raise one alert each, to the
// coordinator and the sender, on the message and in their streams.
func TestHotlineAcknowledgeAndEscalate(t *testing.T) {
	w := newWorld(t, worldOpts{})
	ctx := context.Background()
	streams := map[string]*stream{}
	for _, p := range []string{"UN", "US", "RU", "SY"} {
		streams[p] = w.stream(t, p, streamOpts{})
	}
	flash := w.send(t, "US", []string{"RU", "SY"}, "flash", "Strike warning", "flash body")
	urgent := w.send(t, "US", []string{"RU"}, "urgent", "Corridor", "urgent body")
	routine := w.send(t, "US", []string{"SY"}, "routine", "Note", "routine body")
	if routine.AckDue != nil || len(routine.Awaiting) != 0 {
		t.Fatalf("a routine message has a deadline: %+v", routine.MessageEnvelope)
	}
	tick := func(want int) {
		t.Helper()
		n, err := w.c.Hotline().Tick(ctx)
		if err != nil || n != want {
			t.Fatalf("Tick at %s wrote %d alerts (%v), want %d", w.clock.Now().Format(time.TimeOnly), n, err, want)
		}
	}
	w.clock.Advance(time.Minute)
	tick(0)
	var ack truce.MessageAck
	w.do(t, "POST", "/v1/messages/"+flash.ID+"/acknowledgements", w.tok["RU"], `{}`, 201, &ack)
	if ack.Late || ack.By.Party != w.pid["RU"] || ack.Message != flash.ID {
		t.Fatalf("ack %+v", ack)
	}
	// Who may not acknowledge.
	w.do(t, "POST", "/v1/messages/"+flash.ID+"/acknowledgements", w.tok["RU"], `{}`, 409, nil)  // twice
	w.do(t, "POST", "/v1/messages/"+flash.ID+"/acknowledgements", w.tok["US"], `{}`, 403, nil)  // the sender
	w.do(t, "POST", "/v1/messages/"+flash.ID+"/acknowledgements", w.coord, `{}`, 403, nil)      // the coordinator, not a recipient
	w.do(t, "POST", "/v1/messages/"+urgent.ID+"/acknowledgements", w.tok["SY"], `{}`, 404, nil) // cannot read it
	w.do(t, "POST", "/v1/messages/"+flash.ID+"/acknowledgements", w.tok["SY"], `{"x":1}`, 400, nil)

	// Two minutes after sending, SY has still not acknowledged the flash.
	w.clock.Advance(time.Minute)
	tick(1)
	tick(0) // one alert per message
	var got truce.Message
	w.do(t, "GET", "/v1/messages/"+flash.ID, w.tok["US"], "", 200, &got)
	if len(got.Alerts) != 1 || !slices.Equal(got.Alerts[0].Parties, []string{w.pid["SY"]}) || !slices.Equal(got.Awaiting, []string{w.pid["SY"]}) {
		t.Fatalf("after the deadline: alerts %+v, awaiting %v", got.Alerts, got.Awaiting)
	}
	alertIdx := got.Alerts[0].LogIndex
	// A late acknowledgement is taken, and marked late.
	w.do(t, "POST", "/v1/messages/"+flash.ID+"/acknowledgements", w.tok["SY"], `{}`, 201, &ack)
	if !ack.Late {
		t.Fatalf("a late acknowledgement is not marked late: %+v", ack)
	}
	var inbox []truce.Message
	w.do(t, "GET", "/v1/messages?unacknowledged=true", w.tok["SY"], "", 200, &inbox)
	if len(inbox) != 1 || inbox[0].ID != routine.ID {
		t.Fatalf("SY's unacknowledged messages: %d, want the routine one", len(inbox))
	}
	w.do(t, "POST", "/v1/messages/"+routine.ID+"/acknowledgements", w.tok["SY"], `{}`, 201, &ack)
	w.do(t, "GET", "/v1/messages?unacknowledged=true", w.tok["SY"], "", 200, &inbox)
	if len(inbox) != 0 {
		t.Fatalf("SY's unacknowledged messages after acknowledging: %d", len(inbox))
	}
	w.do(t, "GET", "/v1/messages?unacknowledged=yes", w.tok["SY"], "", 400, nil)
	// The urgent message escalates at 15 minutes, not before.
	w.clock.Advance(12*time.Minute + 59*time.Second)
	tick(0)
	w.clock.Advance(time.Second)
	tick(1)
	w.clock.Advance(time.Hour)
	tick(0) // the routine message never escalates
	marker := w.registerParty(t, "Observers")

	// The alert reaches the coordinator's and the sender's streams, not the
	// recipients'.
	alerts := func(p string) []uint64 {
		var out []uint64
		for _, e := range streams[p].until(t, marker) {
			if e.Event == "message.alert" {
				out = append(out, e.index(t))
			}
		}
		return out
	}
	w.do(t, "GET", "/v1/messages/"+urgent.ID, w.tok["RU"], "", 200, &got)
	want := []uint64{alertIdx, got.Alerts[0].LogIndex}
	for _, p := range []string{"UN", "US"} {
		if a := alerts(p); !slices.Equal(a, want) {
			t.Errorf("%s's stream has alerts %v, want %v", p, a, want)
		}
	}
	for _, p := range []string{"RU", "SY"} {
		if a := alerts(p); len(a) != 0 {
			t.Errorf("%s's stream has alerts %v", p, a)
		}
	}
	// The alert is the center's own act, dated by its clock.
	if !got.Alerts[0].At.Equal(got.AckDue.Add(0)) || !slices.Equal(got.Alerts[0].Parties, []string{w.pid["RU"]}) {
		t.Fatalf("urgent alert %+v, due %v", got.Alerts[0], got.AckDue)
	}
	entry := w.do(t, "GET", fmt.Sprintf("/log/tile/entries/000.p/%d", w.c.Size()), "", "", 200, nil)
	if !bytes.Contains(entry, []byte(`"actor":{},"body":{"due":`)) {
		t.Fatalf("no alert by the center itself in the log")
	}
	diffs, _, err := center.Replay(ctx, w.store, nil)
	if err != nil || len(diffs) > 0 {
		t.Fatalf("replay: %v %v", err, diffs)
	}
}

// TestHotlineOpenAPI: the hotline's and the stream's routes are in the
// generated document.
func TestHotlineOpenAPI(t *testing.T) {
	w := newWorld(t, worldOpts{})
	resp, err := http.Get(w.srv.URL + "/v1/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	for _, p := range []string{`"/v1/messages"`, `"/v1/messages/{id}"`, `"/v1/messages/{id}/acknowledgements"`, `"/v1/events"`, `"text/event-stream"`} {
		if !bytes.Contains(data, []byte(p)) {
			t.Errorf("the OpenAPI document lacks %s", p)
		}
	}
}
