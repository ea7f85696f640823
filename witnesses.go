package truce

import (
	"strings"
	"time"
)

// Witness is a party's registered witness. A party has at most one; a new
// registration replaces it (a new key or address).
type Witness struct {
	PartyID      string    `json:"party_id"`
	Name         string    `json:"name"` // the key's name, which signs the cosignature lines
	Key          string    `json:"key"`  // cosignature/v1 Ed25519 verifier key
	URL          string    `json:"url"`  // tlog-witness submission prefix
	RegisteredAt time.Time `json:"registered_at"`
	LogIndex     uint64    `json:"log_index"`
}

// KeyName is the name of a note verifier key ("name+hash+key"): the
// name its signature lines carry.
func KeyName(vkey string) string { n, _, _ := strings.Cut(vkey, "+"); return n }
