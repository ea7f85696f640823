package core

import (
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/conflict"
)

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

// NotificationSettings are the center's rules for notifications. Zero
// fields take their defaults.
type NotificationSettings struct {
	// LeadTime is how long before its first window a notification of each
	// kind must be submitted, unless it is urgent. Default: flight 24 h,
	// ground-movement and humanitarian-movement 48 h, strike none.
	LeadTime map[string]time.Duration
	// AckWithin is how long the parties have to acknowledge, per kind
	// (capped at the first window's start). Default: strike 1 h, flight
	// 6 h, movements 24 h.
	AckWithin map[string]time.Duration
	// UrgentAckWithin replaces AckWithin for urgent notifications.
	// Default 30 minutes.
	UrgentAckWithin time.Duration
	// AcknowledgeBy names, per kind, who must acknowledge every
	// notification of that kind besides the parties its conflicts affect:
	// party ids, or party kinds ("party", "humanitarian", …). Default:
	// flights and humanitarian movements by every party of kind "party".
	AcknowledgeBy map[string][]string
	// Engine configures the conflict engine: separation minima, rules.
	Engine conflict.Settings
	// MaxVolumes bounds the volumes of one notification. Default 100.
	MaxVolumes int
}

func (s NotificationSettings) withDefaults() NotificationSettings {
	if s.LeadTime == nil {
		s.LeadTime = map[string]time.Duration{"flight": 24 * time.Hour, "ground-movement": 48 * time.Hour, "humanitarian-movement": 48 * time.Hour}
	}
	if s.AckWithin == nil {
		s.AckWithin = map[string]time.Duration{"strike": time.Hour, "flight": 6 * time.Hour, "ground-movement": 24 * time.Hour, "humanitarian-movement": 24 * time.Hour}
	}
	if s.UrgentAckWithin <= 0 {
		s.UrgentAckWithin = 30 * time.Minute
	}
	if s.AcknowledgeBy == nil {
		s.AcknowledgeBy = map[string][]string{"flight": {truce.KindParty}, "humanitarian-movement": {truce.KindParty}}
	}
	if s.MaxVolumes <= 0 {
		s.MaxVolumes = 100
	}
	return s
}

// ReportSettings are the center's rules for reports.
type ReportSettings struct {
	// EvidenceMaxBytes bounds one evidence file. Default 10 MiB.
	EvidenceMaxBytes int64
}

func (s ReportSettings) withDefaults() ReportSettings {
	if s.EvidenceMaxBytes <= 0 {
		s.EvidenceMaxBytes = 10 << 20
	}
	return s
}

// QuestionSettings bound and watch conflict questions.
type QuestionSettings struct {
	// PerHour is each member's budget of dry runs and cancellations per
	// hour, refilled continuously; it is also the most that can be
	// saved up. Default 360. The terms in force may set another
	// (questions_per_hour).
	PerHour int
	// AlertAt is how many questions of one member about one object
	// within an hour raise an alert to its owner and the coordinator.
	// Default 20.
	AlertAt int
}

func (q QuestionSettings) withDefaults() QuestionSettings {
	if q.PerHour <= 0 {
		q.PerHour = 360
	}
	if q.AlertAt <= 0 {
		q.AlertAt = 20
	}
	return q
}
