package truce

import (
	"encoding/json"
	"time"
)

// Report review states.
const (
	ReportSubmitted   = "submitted"
	ReportUnderReview = "under-review" // a reviewer holds it
	ReportVerified    = "verified"
	ReportUnverified  = "unverified"
	ReportRejected    = "rejected"
)

// Source is where a report's information comes from.
type Source struct {
	Name  string `json:"name"`
	URL   string `json:"url,omitempty"`
	Scale string `json:"scale"`
}

// Evidence is a file attached to a report, kept beside the log by its
// SHA-256; the log holds the hash.
type Evidence struct {
	SHA256    string    `json:"sha256"`
	MediaType string    `json:"media_type"`
	Size      int64     `json:"size"`
	Name      string    `json:"name,omitempty"`
	Party     string    `json:"party"`
	At        time.Time `json:"at"`
	LogIndex  uint64    `json:"log_index"`
}

// Review is one step of a report's review.
type Review struct {
	Member   string    `json:"member"`
	Party    string    `json:"party"`
	Status   string    `json:"status"`
	Note     string    `json:"note,omitempty"`
	At       time.Time `json:"at"`
	LogIndex uint64    `json:"log_index"`
}

// InfoRequest is a reviewer's request for information to a party (the
// accused, usually) and that party's answer.
type InfoRequest struct {
	N          int        `json:"n"`
	To         string     `json:"to"`
	Question   string     `json:"question"`
	AskedBy    string     `json:"asked_by"`
	AskedAt    time.Time  `json:"asked_at"`
	Answer     string     `json:"answer,omitempty"`
	AnsweredBy string     `json:"answered_by,omitempty"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	LogIndex   uint64     `json:"log_index"`
}

// Report is a violation or incident report, coded in the style of ACLED.
type Report struct {
	ID            string          `json:"id"`
	Party         string          `json:"party"`  // the reporting party
	Member        string          `json:"member"` // the reporting member
	OccurredAt    time.Time       `json:"occurred_at"`
	TimePrecision int             `json:"time_precision"`
	Location      json.RawMessage `json:"location"`
	GeoPrecision  int             `json:"geo_precision"`
	Place         string          `json:"place,omitempty"`
	EventType     string          `json:"event_type"`
	SubEventType  string          `json:"sub_event_type"`
	Actor1        string          `json:"actor1"`
	Inter1        int             `json:"inter1"`
	Actor2        string          `json:"actor2,omitempty"`
	Inter2        int             `json:"inter2"`
	Interaction   int             `json:"interaction"`
	Fatalities    int             `json:"fatalities"`
	Notes         string          `json:"notes,omitempty"`
	Sources       []Source        `json:"sources"`
	Evidence      []Evidence      `json:"evidence"`
	Zones         []string        `json:"zones"` // resolved for the reader, from the zones it may see
	Status        string          `json:"status"`
	Holder        string          `json:"holder,omitempty"` // the member holding it under review
	Reviews       []Review        `json:"reviews"`
	Requests      []InfoRequest   `json:"requests"`
	Incident      string          `json:"incident,omitempty"`
	// PinnedTo, when set, is the report whose incident a reviewer moved
	// this one to (itself: its own incident).
	PinnedTo          string    `json:"pinned_to,omitempty"`
	CreatedAt         time.Time `json:"created_at"`
	SubmittedLogIndex uint64    `json:"submitted_log_index"`
	LogIndex          uint64    `json:"log_index"`
}

// Incident groups reports of the same event from several sources.
type Incident struct {
	ID                 string    `json:"id"`
	Reports            []string  `json:"reports"`
	EventType          string    `json:"event_type"`
	Start              time.Time `json:"start"`
	End                time.Time `json:"end"`
	IndependentSources int       `json:"independent_sources"`
	Confidence         float64   `json:"confidence"`
	Fatalities         int       `json:"fatalities"` // the highest reported, as a conservative count
}
