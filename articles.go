package truce

import (
	"encoding/json"
	"time"
)

// Article is an open-source text (news, a statement) ingested by an
// observer. Its text is kept beside the log, sealed, and read by the
// coordinator and observers.
type Article struct {
	ID         string    `json:"id"`
	Title      string    `json:"title,omitempty"`
	Source     string    `json:"source,omitempty"`
	URL        string    `json:"url,omitempty"`
	Scale      string    `json:"scale,omitempty"`
	Published  time.Time `json:"published,omitzero"`
	Text       string    `json:"text,omitempty"`
	Candidates []string  `json:"candidates"`
	Party      string    `json:"party"`
	IngestedAt time.Time `json:"ingested_at"`
	LogIndex   uint64    `json:"log_index"`
}

// Citation names the sentence of an article a candidate report comes
// from, by byte offsets into the article's text.
type Citation struct {
	Article  string `json:"article"`
	URL      string `json:"url,omitempty"`
	Title    string `json:"title,omitempty"`
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// Candidate report states.
const (
	CandidatePending   = "pending"
	CandidateAccepted  = "accepted"
	CandidateDiscarded = "discarded"
)

// CandidateReport is a report extracted from an article, waiting for a
// reviewer to accept it into the normal review flow or discard it.
type CandidateReport struct {
	ID       string          `json:"id"`
	Article  string          `json:"article"`
	Report   json.RawMessage `json:"report"` // the body of the report it would file
	Citation Citation        `json:"citation"`
	Status   string          `json:"status"`
	// Accepted is the report filed when it was accepted.
	Accepted  string    `json:"accepted,omitempty"`
	DecidedBy string    `json:"decided_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	LogIndex  uint64    `json:"log_index"`
}
