package hotline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/terms"
)

// The hotline (PRODUCT §3, §10): messages between parties, or to the
// coordinator, in threads; urgent and flash messages must be acknowledged
// by every recipient, and one that is not acknowledged in time raises an
// alert to the coordinator and the sender.
//
// Who may read a message: its sender's party, its recipients and the
// coordinator. The public log names sender, recipients, priority and
// thread (what was relayed to whom and when must be undeniable), but holds
// only a salted commitment to the subject and body; their opening is
// stored beside the log (commitments.go).

// Entry types and object kind of this file.
const (
	TypeMessageSend  = "message.send"
	TypeMessageAck   = "message.acknowledge"
	TypeMessageAlert = "message.alert"
)

// Limits of a message.
const (
	maxRecipients   = 64
	maxSubjectRunes = 200
	maxMessageBody  = 32 << 10 // bytes
)

// MessageInput is the body of POST /v1/messages.
type MessageInput struct {
	// To lists the recipient parties' ids; "coordinator" names the
	// coordinator party.
	To       []string `json:"to"`
	Priority string   `json:"priority"`
	Subject  string   `json:"subject"`
	Body     string   `json:"body"`
	// ReplyTo is the id of the message this one answers; the reply joins
	// its thread.
	ReplyTo string `json:"reply_to,omitempty"`
}

// messageBody is the log entry of message.send. Subject and body are not
// in it: Sealed commits to them.
type messageBody struct {
	To       []string `json:"to"`
	Priority string   `json:"priority"`
	ReplyTo  string   `json:"reply_to,omitempty"`
	Sealed   string   `json:"sealed"`
	// AckWithinS is the acknowledgement deadline in seconds after the
	// entry's time, decided from the settings when the message was sent
	// (appliers may not read settings).
	AckWithinS int64 `json:"ack_within_s,omitempty"`
}

// messageContent is the sealed part of a message.
type messageContent struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

type messageRefBody struct {
	Message string `json:"message"`
}

type messageAlertBody struct {
	Message string    `json:"message"`
	Parties []string  `json:"parties"`
	Due     time.Time `json:"due"`
}

func getMessage(v engine.Reader, id string) *truce.Message {
	m := core.TMessage.Get(v, id)
	return m
}

func messageID(e *truce.Entry) string { return fmt.Sprintf("msg_%d", e.Index) }

// mayRead reports whether the party may read the message: its sender, a
// recipient, or the coordinator.
func mayRead(m *truce.Message, caller *core.Caller) bool {
	return caller.IsCoordinator() || caller.Party.ID == m.From.Party || slices.Contains(m.To, caller.Party.ID)
}

// Send sends a hotline message from the caller's party.
//
// It returns EInvalid naming each bad field (priority; subject; body:
// empty, too long or holding a NUL; to: none, too many, or to[i] not a
// party, the sender's own or named twice; reply_to: not a message the
// caller may read), and the write errors (package doc).
func (svc HotlineService) Send(ctx context.Context, caller *core.Caller, in MessageInput) (*truce.Message, error) {
	c := svc.C
	var errs truce.Fields
	if !slices.Contains(truce.Priorities, in.Priority) {
		errs.Add("priority", "must be one of %s", strings.Join(truce.Priorities, ", "))
	}
	subject, msg := cleanSubject(in.Subject)
	if msg != "" {
		errs.Add("subject", "%s", msg)
	}
	if strings.TrimSpace(in.Body) == "" {
		errs.Add("body", "is required")
	} else if len(in.Body) > maxMessageBody {
		errs.Add("body", "is longer than %d bytes", maxMessageBody)
	} else if strings.ContainsRune(in.Body, 0) {
		errs.Add("body", "contains a NUL character")
	}
	switch {
	case len(in.To) == 0:
		errs.Add("to", "names no recipient")
	case len(in.To) > maxRecipients:
		errs.Add("to", "names more than %d recipients", maxRecipients)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	sealed, opening, err := core.Seal(messageContent{Subject: subject, Body: in.Body})
	if err != nil {
		return nil, err
	}
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		// The escalation timer is the terms' in force now (terms.go).
		within := terms.MessageAckWithin(c, v, c.Now(), in.Priority)
		var errs truce.Fields
		var to []string
		for i, id := range in.To {
			if id == truce.KindCoordinator {
				id = coordinatorParty(v)
			}
			p := core.TParty.Get(v, id)
			switch {
			case p == nil:
				errs.Add(fmt.Sprintf("to[%d]", i), "is not a party")
			case id == caller.Party.ID:
				errs.Add(fmt.Sprintf("to[%d]", i), "is the sender's own party")
			case slices.Contains(to, id):
				errs.Add(fmt.Sprintf("to[%d]", i), "is named twice")
			default:
				to = append(to, id)
			}
		}
		if in.ReplyTo != "" {
			if r := getMessage(v, in.ReplyTo); r == nil || !mayRead(r, caller) {
				errs.Add("reply_to", "is not a message you may read")
			}
		}
		if err := errs.Err(); err != nil {
			return "", nil, err
		}
		b := messageBody{To: to, Priority: in.Priority, ReplyTo: in.ReplyTo, Sealed: sealed, AckWithinS: int64(within / time.Second)}
		return TypeMessageSend, core.WithPayloads{Body: b, Payloads: map[string][]byte{sealed: opening}}, nil
	})
	if err != nil {
		return nil, err
	}
	return messageAt(c, messageID(e)), nil
}

// cleanSubject trims a subject and reports whether it is acceptable.
func cleanSubject(s string) (string, string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", "is required"
	case len([]rune(s)) > maxSubjectRunes:
		return "", fmt.Sprintf("is longer than %d characters", maxSubjectRunes)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "", "contains a control character"
		}
	}
	return s, ""
}

// coordinatorParty returns the coordinator party's id.
func coordinatorParty(v *core.View) string {
	id := ""
	core.TParty.Each(v, func(_ string, obj *truce.Party) {
		if p := obj; p.Kind == truce.KindCoordinator && id == "" {
			id = p.ID
		}
	})
	return id
}

func messageAt(c *core.Center, id string) *truce.Message {
	var m *truce.Message
	c.Read(func(s *core.State) { m = getMessage(s, id) })
	return m
}

// ApplyMessageSend is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyMessageSend(v *core.View, e *truce.Entry, b *messageBody) error {
	from := core.TParty.Get(v, e.Actor.Party)
	if from == nil || core.TMember.Get(v, e.Actor.Member) == nil {
		return fmt.Errorf("the sender %s/%s is not a registered member", e.Actor.Party, e.Actor.Member)
	}
	if !slices.Contains(truce.Priorities, b.Priority) {
		return fmt.Errorf("unknown priority %q", b.Priority)
	}
	if len(b.To) == 0 {
		return fmt.Errorf("no recipient")
	}
	for _, id := range b.To {
		if core.TParty.Get(v, id) == nil || id == from.ID {
			return fmt.Errorf("recipient %s is not another party", id)
		}
	}
	if b.AckWithinS < 0 || (b.AckWithinS > 0) != (b.Priority != truce.PriorityRoutine) {
		return fmt.Errorf("an acknowledgement deadline of %ds for a %s message", b.AckWithinS, b.Priority)
	}
	id := messageID(e)
	m := &truce.Message{MessageEnvelope: truce.MessageEnvelope{
		ID: id, Thread: id, ReplyTo: b.ReplyTo, From: e.Actor, To: b.To, Priority: b.Priority,
		Commitment: b.Sealed, SentAt: e.Time, Acknowledgements: []truce.MessageAck{}, Awaiting: []string{},
		Alerts: []truce.MessageAlert{}, LogIndex: e.Index,
	}}
	if b.ReplyTo != "" {
		r := getMessage(v, b.ReplyTo)
		if r == nil {
			return fmt.Errorf("reply to unknown message %s", b.ReplyTo)
		}
		m.Thread = r.Thread
	}
	if b.AckWithinS > 0 {
		due := e.Time.Add(time.Duration(b.AckWithinS) * time.Second)
		m.AckDue = &due
		m.Awaiting = slices.Clone(b.To)
	}
	// The sender's party and the coordinator may open the commitment, and
	// so may the recipients (GET /v1/commitments/{hash}).
	if err := v.RecordSeal(b.Sealed, e, b.To...); err != nil {
		return err
	}
	// The sealed part, when this replay can open it (the center's own
	// store can; a public verifier cannot, and sees the envelope only).
	var content messageContent
	if _, err := v.OpenInto(b.Sealed, &content); err != nil {
		return err
	}
	m.Subject, m.Body = content.Subject, content.Body
	core.TMessage.Put(v, id, m)
	return nil
}

// Acknowledge records that the caller's party, a recipient, has
// received the message. It returns ENotFound for a message the caller may
// not read, EForbidden for one it did not receive, and EConflict when its
// party has already acknowledged; and the write errors (package doc).
func (svc HotlineService) Acknowledge(ctx context.Context, caller *core.Caller, id string) (*truce.MessageAck, error) {
	c := svc.C
	e, err := c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		m := getMessage(v, id)
		if m == nil || !mayRead(m, caller) {
			return "", nil, truce.Errorf(truce.ENotFound, "no message %q", id)
		}
		if !slices.Contains(m.To, caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EForbidden, "only a recipient acknowledges a message")
		}
		if m.AckedBy(caller.Party.ID) {
			return "", nil, truce.Errorf(truce.EConflict, "your party has already acknowledged message %s", id)
		}
		return TypeMessageAck, messageRefBody{Message: id}, nil
	})
	if err != nil {
		return nil, err
	}
	m := messageAt(c, id)
	for _, a := range m.Acknowledgements {
		if a.LogIndex == e.Index {
			return &a, nil
		}
	}
	return nil, fmt.Errorf("acknowledgement %d is not on message %s", e.Index, id)
}

// ApplyMessageAck is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyMessageAck(v *core.View, e *truce.Entry, b *messageRefBody) error {
	m := getMessage(v, b.Message)
	if m == nil {
		return fmt.Errorf("no message %s", b.Message)
	}
	if core.TMember.Get(v, e.Actor.Member) == nil || !slices.Contains(m.To, e.Actor.Party) {
		return fmt.Errorf("%s is not a recipient of %s", e.Actor.Party, b.Message)
	}
	if m.AckedBy(e.Actor.Party) {
		return fmt.Errorf("%s acknowledged %s twice", e.Actor.Party, b.Message)
	}
	n := m.Clone()
	n.Acknowledgements = append(n.Acknowledgements, truce.MessageAck{
		Message: m.ID, By: e.Actor, At: e.Time, Late: m.AckDue != nil && !e.Time.Before(*m.AckDue), LogIndex: e.Index,
	})
	n.Awaiting = slices.DeleteFunc(n.Awaiting, func(p string) bool { return p == e.Actor.Party })
	core.TMessage.Put(v, m.ID, n)
	return nil
}

// Tick writes the center's alerts for urgent and flash messages whose
// acknowledgement deadline (by the center's clock) has passed with
// recipients still silent: one alert per message, naming them, to the
// coordinator and the sender. `truce serve` calls it every
// Settings.EscalationEvery; tests call it after advancing a fake clock.
// Alerts are the center's own acts (actor {}), written through the one
// write path. It returns the number of alerts written.
//
// It returns, with the number written before it, the first of the write
// errors (package doc) but EUnauthorized; the messages not alerted stay
// due for the next call. A message acknowledged meanwhile, or alerted by
// another node first, is skipped (its EConflict is not returned).
func (svc HotlineService) Tick(ctx context.Context) (int, error) {
	c := svc.C
	now := c.Now()
	if at, ok := c.AlertDue.Next(); !ok || at.After(now) {
		return 0, nil
	}
	popped := c.AlertDue.PopDue(now, 0)
	var overdue []*truce.Message
	c.Read(func(s *core.State) {
		for _, d := range popped {
			if m := getMessage(s, d.Key.ID); m != nil && m.Overdue(now) && !slices.Contains(overdue, m) {
				overdue = append(overdue, m)
			}
		}
	})
	slices.SortFunc(overdue, func(a, b *truce.Message) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
	n := 0
	for k, dm := range overdue {
		id := dm.ID
		_, err := c.Write(ctx, truce.Actor{}, func(v *core.View) (string, any, error) {
			m := getMessage(v, id)
			if m == nil || !m.Overdue(c.Now()) {
				return "", nil, truce.Errorf(truce.EConflict, "message %s needs no alert", id)
			}
			return TypeMessageAlert, messageAlertBody{Message: id, Parties: slices.Clone(m.Awaiting), Due: *m.AckDue}, nil
		})
		var te *truce.Error
		switch {
		case err == nil:
			n++
		case errors.As(err, &te) && te.Code == truce.EConflict:
			// acknowledged meanwhile, or another node alerted first
		default:
			// Not written: these are due still.
			for _, m := range overdue[k:] {
				c.AlertDue.Requeue([]engine.Due{{At: *m.AckDue, Key: engine.Key{Kind: core.KindMessage, ID: m.ID}}})
			}
			return n, err
		}
	}
	return n, nil
}

// ApplyMessageAlert is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyMessageAlert(v *core.View, e *truce.Entry, b *messageAlertBody) error {
	if !e.Actor.IsCenter() {
		return fmt.Errorf("an alert is the center's act, not %s's", e.Actor.Party)
	}
	m := getMessage(v, b.Message)
	if m == nil {
		return fmt.Errorf("no message %s", b.Message)
	}
	if m.AckDue == nil || !m.AckDue.Equal(b.Due) || e.Time.Before(*m.AckDue) {
		return fmt.Errorf("message %s is not overdue at %s", m.ID, e.Time.Format(time.RFC3339Nano))
	}
	if len(m.Alerts) > 0 || !slices.Equal(m.Awaiting, b.Parties) {
		return fmt.Errorf("the alert on %s does not match the parties awaited", m.ID)
	}
	n := m.Clone()
	n.Alerts = append(n.Alerts, truce.MessageAlert{Message: m.ID, Parties: b.Parties, Due: b.Due, At: e.Time, LogIndex: e.Index})
	core.TMessage.Put(v, m.ID, n)
	return nil
}

// MessageFilter selects messages in a listing.
type MessageFilter struct {
	Thread string // only this thread
	// Unacknowledged keeps the messages addressed to the caller's party
	// that it has not acknowledged (the inbox still to answer).
	Unacknowledged bool
}

// List lists the messages the caller may read, oldest first.
func (svc HotlineService) List(ctx context.Context, caller *core.Caller, f MessageFilter) []truce.Message {
	c := svc.C
	var out []truce.Message
	c.ReadSized(ctx, func(s *core.State) { out = listMessages(s, caller, f) })
	return out
}

func listMessages(s *core.State, caller *core.Caller, f MessageFilter) []truce.Message {
	out := []truce.Message{}
	for obj := range core.TMessage.Values(s) {
		m := obj
		if mayRead(m, caller) && (f.Thread == "" || m.Thread == f.Thread) &&
			(!f.Unacknowledged || slices.Contains(m.To, caller.Party.ID) && !m.AckedBy(caller.Party.ID)) {
			out = append(out, *m)
		}
	}
	slices.SortFunc(out, func(a, b truce.Message) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
	return out
}

// Envelopes lists the envelopes of the messages the caller may
// read: what the public log alone determines, which is what `truce log
// verify` compares (it cannot open the sealed parts).
func (svc HotlineService) Envelopes(ctx context.Context, caller *core.Caller, f MessageFilter) []truce.MessageEnvelope {
	c := svc.C
	var out []truce.MessageEnvelope
	c.ReadSized(ctx, func(s *core.State) { out = ListEnvelopes(s, caller, f) })
	return out
}

func ListEnvelopes(s *core.State, caller *core.Caller, f MessageFilter) []truce.MessageEnvelope {
	ms := listMessages(s, caller, f)
	out := make([]truce.MessageEnvelope, len(ms))
	for i, m := range ms {
		out[i] = m.MessageEnvelope
	}
	return out
}

// Get returns one message, or ENotFound if there is none the caller
// may read.
func (svc HotlineService) Get(caller *core.Caller, id string) (*truce.Message, error) {
	c := svc.C
	var m *truce.Message
	c.Read(func(s *core.State) { m = getMessage(s, id) })
	if m == nil || !mayRead(m, caller) {
		return nil, truce.Errorf(truce.ENotFound, "no message %q", id)
	}
	cp := *m
	return &cp, nil
}

// Event views: a message's events go to those who may read it; an alert
// goes to the coordinator and the sender.

func MessageSentEvent(s *core.State, caller *core.Caller, e *truce.Entry) (any, bool) {
	m := getMessage(s, messageID(e))
	if m == nil || !mayRead(m, caller) {
		return nil, false
	}
	// The message as it was sent: later acknowledgements and alerts are events of
	// their own.
	ev := *m
	ev.Acknowledgements, ev.Alerts = []truce.MessageAck{}, []truce.MessageAlert{}
	if ev.AckDue != nil {
		ev.Awaiting = slices.Clone(ev.To)
	}
	return ev, true
}

func MessageAckEvent(s *core.State, caller *core.Caller, e *truce.Entry) (any, bool) {
	var b messageRefBody
	if core.Body(e, &b) != nil {
		return nil, false
	}
	m := getMessage(s, b.Message)
	if m == nil || !mayRead(m, caller) {
		return nil, false
	}
	for _, a := range m.Acknowledgements {
		if a.LogIndex == e.Index {
			return a, true
		}
	}
	return nil, false
}

func MessageAlertEvent(s *core.State, caller *core.Caller, e *truce.Entry) (any, bool) {
	var b messageAlertBody
	if core.Body(e, &b) != nil {
		return nil, false
	}
	m := getMessage(s, b.Message)
	if m == nil || !(caller.IsCoordinator() || caller.Party.ID == m.From.Party) {
		return nil, false
	}
	for _, a := range m.Alerts {
		if a.LogIndex == e.Index {
			return a, true
		}
	}
	return nil, false
}

// HotlineService is what a center does with hotline: Center.Hotline returns it.
type HotlineService struct{ C *core.Center }
