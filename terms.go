package truce

import "time"

// Terms states.
const (
	TermsProposed  = "proposed"  // waiting for its endorsers
	TermsActive    = "active"    // every endorser has endorsed this version
	TermsWithdrawn = "withdrawn" // ended by its proposer or the coordinator
)

// Phase change confirmations.
const (
	ConfirmAuto        = "auto"        // the center moves on as soon as the conditions are met
	ConfirmEndorsement = "endorsement" // the center proposes; the endorsers confirm
)

// Condition types of a phase.
const (
	// CondViolations: verified violations in Zones (all zones if none)
	// per UTC day at most MaxPerDay, for Days consecutive days.
	CondViolations = "violations-at-most"
	// CondMovements: at least Count humanitarian movements (through
	// Zones, if given) executed without objection.
	CondMovements = "movements-executed"
	// CondNoStrikes: no strike in Zones for Days days: no verified
	// report of explosions or remote violence, no executed strike
	// notification.
	CondNoStrikes = "no-strikes"
	// CondDate: the time At has come.
	CondDate = "date"
)

// Terms are the rules of a ceasefire as its parties agreed them: what
// notice each kind of activity needs, who must acknowledge it and how
// soon, how fast hotline messages escalate, and the phases the
// arrangement goes through. Like a zone, terms are proposed, endorsed by
// every named endorser, and versioned; a version applies to the acts
// made while it is in force, and each such act names it in its entry.
type Terms struct {
	ID           string        `json:"id"`
	Version      int           `json:"version"`
	Name         string        `json:"name"`
	State        string        `json:"state"`
	Owner        string        `json:"owner"` // the proposing party
	Endorsers    []string      `json:"endorsers"`
	Endorsements []Endorsement `json:"endorsements"`
	// Valid is when the terms are in force. With Renews, they renew
	// themselves for another period of the same length each time the
	// end comes, until withdrawn or replaced.
	Valid  Window `json:"valid"`
	Renews bool   `json:"renews,omitempty"`
	Rules  Rules  `json:"rules"`
	// Actors names, per party id, the ACLED actors whose violations
	// count against that party (besides its own name).
	Actors map[string][]string `json:"actors,omitempty"`
	Phases []Phase             `json:"phases,omitempty"`
	// Phase is the index of the phase in force; History the changes.
	Phase   int           `json:"phase"`
	History []PhaseChange `json:"history"`
	// PhaseSince is when the phase in force began: when the terms first
	// came into force, then at each change.
	PhaseSince time.Time `json:"phase_since,omitzero"`
	// Pending is a phase change proposed and waiting for endorsement.
	Pending *PhaseChange `json:"pending,omitempty"`
	// InForce is the version in force: this one once active, an older
	// one while a new version waits for its endorsements, 0 for none.
	InForce   int       `json:"in_force"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	LogIndex  uint64    `json:"log_index"`
}

// Rules are what terms, or one of their phases, set. Durations are Go
// durations ("24h", "90m"). Every field left out keeps the value from
// the layer below: the center's documented defaults, then the terms,
// then the phase in force.
type Rules struct {
	// Notifications holds the rules per kind of notification.
	Notifications map[string]KindRule `json:"notifications,omitempty"`
	// Parties holds rules per party id and kind that override those of
	// the kind for that party's notifications.
	Parties map[string]map[string]KindRule `json:"parties,omitempty"`
	// UrgentAckWithin replaces the kind's AckWithin for urgent
	// notifications.
	UrgentAckWithin string `json:"urgent_ack_within,omitempty"`
	// FlashAckWithin and UrgentMessageAckWithin are the hotline's
	// escalation timers.
	FlashAckWithin         string `json:"flash_ack_within,omitempty"`
	UrgentMessageAckWithin string `json:"urgent_message_ack_within,omitempty"`
	// SeparationM and SeparationVerticalM are the flight separation
	// minima the parties agreed: conflict checks use them.
	SeparationM         float64 `json:"separation_m,omitempty"`
	SeparationVerticalM float64 `json:"separation_vertical_m,omitempty"`
	// QuestionsPerHour is each member's budget of dry runs and
	// cancellations an hour (the center's setting when 0).
	QuestionsPerHour int `json:"questions_per_hour,omitempty"`
}

// KindRule is the rule for one kind of notification.
type KindRule struct {
	// Allowed false forbids the kind (for the party, in a party rule).
	Allowed   *bool  `json:"allowed,omitempty"`
	LeadTime  string `json:"lead_time,omitempty"`
	AckWithin string `json:"ack_within,omitempty"`
	// AcknowledgeBy names party ids or party kinds that must
	// acknowledge, besides the parties the notification's conflicts
	// affect.
	AcknowledgeBy []string `json:"acknowledge_by,omitempty"`
	// OnBreach says what happens to a notification that breaks the
	// rule (too little notice, a kind not allowed): "refuse" (the
	// default) or "flag" (accepted, with the breach recorded).
	OnBreach string `json:"on_breach,omitempty"`
}

// Phase is one stage of an arrangement: the rules it switches on, and
// the conditions that, once all are met, end it and start the next.
type Phase struct {
	Name       string      `json:"name"`
	Rules      Rules       `json:"rules"`
	Conditions []Condition `json:"conditions,omitempty"`
	// Confirm says how the change to the next phase is confirmed:
	// "auto" (default) or "endorsement" by every endorser of the terms.
	Confirm string `json:"confirm,omitempty"`
	// Activates are proposed zones that come into force when this phase
	// begins (the delineation agreed in the terms): every endorser of
	// each must be an endorser of the terms.
	Activates []string `json:"activates,omitempty"`
}

// Condition is one condition of a phase, over the center's own data.
type Condition struct {
	Type      string    `json:"type"`
	Zones     []string  `json:"zones,omitempty"`
	MaxPerDay int       `json:"max_per_day,omitempty"`
	Days      int       `json:"days,omitempty"`
	Count     int       `json:"count,omitempty"`
	At        time.Time `json:"at,omitzero"`
	// Since, if set, is when the count begins instead of the phase's
	// start: "seven days from sunset on the 12th", whenever the phase
	// began.
	Since time.Time `json:"since,omitzero"`
}

// ConditionStatus is a condition evaluated at a moment: its current
// value against its target, the days counted, and what was counted.
type ConditionStatus struct {
	Condition Condition  `json:"condition"`
	Met       bool       `json:"met"`
	Value     int        `json:"value"`
	Target    int        `json:"target"`
	Days      []DayCount `json:"days,omitempty"`
	// Counted are the reports and notifications the value counts;
	// Omitted says how many more were counted and left out of a phase
	// change's entry, which the log bounds.
	Counted []string `json:"counted"`
	Omitted int      `json:"omitted,omitempty"`
}

// DayCount is one UTC day of a condition's count.
type DayCount struct {
	Day   string   `json:"day"` // YYYY-MM-DD
	Count int      `json:"count"`
	IDs   []string `json:"ids,omitempty"`
}

// PhaseChange is a move from one phase to the next, with the evaluation
// that justified it.
type PhaseChange struct {
	From         int               `json:"from"`
	To           int               `json:"to"`
	Evaluated    time.Time         `json:"evaluated"`
	Status       []ConditionStatus `json:"status"`
	Endorsements []Endorsement     `json:"endorsements,omitempty"`
	// Activates are the zones the change brings into force (those of the
	// next phase's that were still proposed when it was decided).
	Activates []string  `json:"activates,omitempty"`
	At        time.Time `json:"at,omitzero"` // when it took effect
	LogIndex  uint64    `json:"log_index"`
}

// Compliance is each party's record against terms, per UTC day.
type Compliance struct {
	Terms   string            `json:"terms"`
	At      time.Time         `json:"at"` // the time the record reaches: the newest entry
	Size    uint64            `json:"size"`
	Parties []PartyCompliance `json:"parties"`
}

// PartyCompliance is one party's record.
type PartyCompliance struct {
	Party  string          `json:"party"`
	Totals ComplianceCount `json:"totals"`
	Days   []ComplianceDay `json:"days"`
}

// ComplianceDay is one party's record on one UTC day.
type ComplianceDay struct {
	Day string `json:"day"`
	ComplianceCount
	// Entries are the log indexes of the acts counted.
	Entries []uint64 `json:"entries"`
}

// ComplianceCount counts breaches of the terms.
type ComplianceCount struct {
	Late            int `json:"late"`             // notifications made with less notice than the terms require
	Breaches        int `json:"breaches"`         // notifications of a kind the terms did not allow
	StrikesObjected int `json:"strikes_objected"` // its strike notifications another party objected to
	Violations      int `json:"violations"`       // verified violations attributed to it
	AcksMissed      int `json:"acks_missed"`      // notifications it did not answer by their deadline
}
