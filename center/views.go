package center

import (
	"fmt"
)

// Views returns what the API's read endpoints must answer to the given
// member, computed from a state: a map from the request path to the
// value. `truce log verify` calls it on the state it replayed from the
// log and compares each value with what the server answers, so a server
// whose projection has drifted from its log is caught. Every read path
// that lists objects belongs here.
func Views(s *State, memberID string) (map[string]any, error) {
	caller := s.caller(memberID)
	if caller == nil {
		return nil, fmt.Errorf("member %s is not in the replayed log", memberID)
	}
	out := map[string]any{
		"/v1/parties": s.parties(),
		// Envelopes only: a public replay cannot open the sealed subject
		// and body (the center's own replay, with the store, does).
		"/v1/messages?fields=envelope": s.messageEnvelopes(caller, MessageFilter{}),
	}
	for _, p := range s.parties() {
		if ms, err := s.members(caller, p.ID); err == nil {
			out["/v1/parties/"+p.ID+"/members"] = ms
		}
	}
	return out, nil
}
