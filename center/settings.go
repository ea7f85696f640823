package center

import "time"

// Settings are the center's tunables that are not part of the log: how
// long acknowledgements may take before they escalate, how the event
// stream paces itself. Each feature adds its own fields; the zero value
// of every field means its documented default.
//
// Appliers MUST NOT read settings (a replay could not know them): an act
// that depends on one, such as a message's acknowledgement deadline,
// carries the value it used in its entry.
type Settings struct {
	// FlashAckWithin is how long the recipients of a flash message have
	// to acknowledge it before it escalates. Default 2 minutes.
	FlashAckWithin time.Duration
	// UrgentAckWithin is the same for urgent messages. Default 15 minutes.
	UrgentAckWithin time.Duration
	// EscalationEvery is how often `truce serve` looks for overdue
	// acknowledgements (real time; the deadlines themselves use the
	// center's clock). Default 1 second.
	EscalationEvery time.Duration

	// EventBuffer is how many committed entries one event-stream
	// subscriber may fall behind by before it is disconnected with the
	// position to resume from. Default 1024.
	EventBuffer int
	// Heartbeat is how long an event stream may stay silent before a
	// comment line is sent to keep it alive. Default 15 seconds.
	Heartbeat time.Duration
	// EventWriteTimeout bounds one write to an event stream's client; a
	// client that does not read for this long is cut off. Default 30
	// seconds.
	EventWriteTimeout time.Duration

	// WitnessQuorum is the witness policy: how many registered witnesses
	// must cosign a checkpoint for it to be final. Zero means all of
	// them; k means k of the n registered (never final while n < k).
	WitnessQuorum int
	// WitnessTimeout bounds one exchange with a witness. Default 10
	// seconds.
	WitnessTimeout time.Duration
	// WitnessRetry is how long after a round that left a witness behind
	// the center offers again, even without a new commit. Default 5
	// seconds.
	WitnessRetry time.Duration
	// WitnessWait bounds how long a write with "Truce-Wait: final", or a
	// receipt, waits for a final checkpoint. Default 30 seconds.
	WitnessWait time.Duration

	// Notifications are the rules for notifications: lead times,
	// acknowledgement deadlines, who must acknowledge, the conflict
	// engine's settings (notifications.go).
	Notifications NotificationSettings

	// Reports are the rules for violation reports (reports.go).
	Reports ReportSettings

	// Questions bound and watch conflict questions (probes.go).
	Questions QuestionSettings
}

// withDefaults returns s with every zero field set to its default.
func (s Settings) withDefaults() Settings {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&s.FlashAckWithin, 2*time.Minute)
	def(&s.UrgentAckWithin, 15*time.Minute)
	def(&s.EscalationEvery, time.Second)
	def(&s.Heartbeat, 15*time.Second)
	def(&s.EventWriteTimeout, 30*time.Second)
	def(&s.WitnessTimeout, 10*time.Second)
	def(&s.WitnessRetry, 5*time.Second)
	def(&s.WitnessWait, 30*time.Second)
	if s.EventBuffer <= 0 {
		s.EventBuffer = 1024
	}
	s.Notifications = s.Notifications.withDefaults()
	s.Reports = s.Reports.withDefaults()
	s.Questions = s.Questions.withDefaults()
	return s
}

// Settings returns the settings the center runs with, defaults filled in.
func (c *Center) Settings() Settings { return c.cfg.Settings.withDefaults() }
