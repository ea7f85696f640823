// Package terms is the feature of the terms of the ceasefire: their
// proposal, endorsement and state, the rules they set for each kind of
// notification, their phases and the conditions that move them, and each
// party's compliance. It builds on center/core; center hands it out as
// Center.Terms.
package terms
