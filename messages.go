package truce

import (
	"slices"
	"time"
)

// The hotline: messages between parties, the coordinator in copy.

// Message priorities.
const (
	PriorityRoutine = "routine"
	PriorityUrgent  = "urgent"
	PriorityFlash   = "flash"
)

// Priorities lists the message priorities, lowest first.
var Priorities = []string{PriorityRoutine, PriorityUrgent, PriorityFlash}

// MessageEnvelope is what the public log says about a message: everything
// but its subject and body.
type MessageEnvelope struct {
	ID       string   `json:"id"`
	Thread   string   `json:"thread"` // the id of the thread's first message
	ReplyTo  string   `json:"reply_to,omitempty"`
	From     Actor    `json:"from"`
	To       []string `json:"to"`
	Priority string   `json:"priority"`
	// Commitment is the log's salted SHA-256 commitment to
	// {"subject","body"}.
	Commitment string    `json:"commitment"`
	SentAt     time.Time `json:"sent_at"`
	// AckDue is the instant before which every recipient must have
	// acknowledged an urgent or flash message; at AckDue the center
	// alerts.
	AckDue           *time.Time     `json:"ack_due,omitempty"`
	Acknowledgements []MessageAck   `json:"acknowledgements"`
	Awaiting         []string       `json:"awaiting"` // recipients that have not acknowledged, when AckDue is set
	Alerts           []MessageAlert `json:"alerts"`
	LogIndex         uint64         `json:"log_index"`
}

// Message is a hotline message as its sender, its recipients and the
// coordinator see it.
type Message struct {
	MessageEnvelope
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// MessageAck is one recipient's acknowledgement.
type MessageAck struct {
	Message  string    `json:"message"`
	By       Actor     `json:"by"`
	At       time.Time `json:"at"`
	Late     bool      `json:"late"` // at or after AckDue (the alert may already be out)
	LogIndex uint64    `json:"log_index"`
}

// MessageAlert is the center's alert that a message was not acknowledged
// in time by the parties it names.
type MessageAlert struct {
	Message  string    `json:"message"`
	Parties  []string  `json:"parties"` // recipients that had not acknowledged
	Due      time.Time `json:"due"`
	At       time.Time `json:"at"`
	LogIndex uint64    `json:"log_index"`
}

// AckedBy reports whether the party has acknowledged the message.
func (m *Message) AckedBy(party string) bool {
	return slices.ContainsFunc(m.Acknowledgements, func(a MessageAck) bool { return a.By.Party == party })
}

// Clone copies a message, its lists included, so that the copy can be
// changed.
func (m *Message) Clone() *Message {
	n := *m
	n.Acknowledgements = slices.Clone(m.Acknowledgements)
	n.Awaiting = slices.Clone(m.Awaiting)
	n.Alerts = slices.Clone(m.Alerts)
	return &n
}

// Overdue reports whether the message needs an alert at time now: its
// acknowledgement deadline has passed with recipients still silent, and
// no alert was sent.
func (m *Message) Overdue(now time.Time) bool {
	return m.AckDue != nil && len(m.Awaiting) > 0 && len(m.Alerts) == 0 && !now.Before(*m.AckDue)
}
