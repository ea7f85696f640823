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
	// Places and Actors are what extraction recognised, with offsets
	// into Text and how each was resolved; Warnings what limited it (no
	// publication date). Sealed with the text.
	Places   []Mention `json:"places,omitempty"`
	Actors   []Mention `json:"actors,omitempty"`
	Warnings []string  `json:"warnings,omitempty"`
}

// Mention is a place or an actor recognised in an article: where it is
// in the text (byte offsets), what it was resolved to and how, so that
// an analyst can see why a candidate says what it says.
type Mention struct {
	Start    int             `json:"start"`
	End      int             `json:"end"`
	Text     string          `json:"text"`
	Name     string          `json:"name"`               // the canonical name
	Kind     string          `json:"kind,omitempty"`     // a place's kind (country, region, area, town, site)
	Country  string          `json:"country,omitempty"`  // ISO 3166-1 alpha-2
	Location json.RawMessage `json:"location,omitempty"` // a place's GeoJSON Point
	Category int             `json:"category,omitempty"` // an actor's ACLED category
	How      string          `json:"how"`                // how it was resolved
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
	// Flags say what the candidate lacks ("no place: …", "no date: …")
	// or why the center refused it as a report (a date after its clock);
	// such a candidate cannot be accepted as it is.
	Flags []string `json:"flags,omitempty"`
	// Inferred names the report's fields the extractor inferred rather
	// than read in the article ("actor1": no sentence of the event names
	// who did it; it is the article's dominant armed actor), for the
	// reviewer to confirm before accepting.
	Inferred []string `json:"inferred,omitempty"`
}
