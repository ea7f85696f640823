// Package center is the application: who may do what, the state machines
// of every object, need-to-know disclosure, and the one path every write
// takes.
//
// The path of a write (STYLE.md rule 4): an act's decide function
// validates the request and authorizes the caller against a view of the
// current state and returns an entry; the entry is applied to the view by
// the same function replay uses; a batch of such entries is appended to
// the log, their Merkle hashes and the changed objects are written in one
// store transaction (group commit, synchronous); only after the commit are
// the changes installed in the in-memory state and the callers answered.
// There is no other way to change state, so the projection is by
// construction the replay of the log.
//
// The package MUST NOT talk HTTP or SQL: it reaches storage through engine.Store
// and is served by the httpapi package.
package center
