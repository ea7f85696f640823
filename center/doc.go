// Package center is the application: who may do what, the state machines
// of every object, need-to-know disclosure, and the one path every write
// takes. It is the facade: Open, Center with the features' services
// (c.Zones(), c.Notifications(), …), Replay and Rebuild, and the
// registration of every feature with the kernel (register.go). The kernel
// is center/core; each feature is a package of its own (center/zones,
// center/sites, center/notifications, center/reports, center/hotline,
// center/terms, center/members, center/sources, center/witnesses), and
// the engine, the event broker and publishing are center/engine,
// center/events and center/publish.
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
//
// # Errors
//
// Methods fail with a *truce.Error whose code the HTTP layer maps to a
// status; each method's doc says which codes it returns and when. Any
// other error (a failed encoding, a bug) counts as EInternal
// (truce.ErrorCode). A refused act changes nothing. An object the caller
// may not see is ENotFound, never EForbidden, which would confirm that
// it exists.
//
// Every act — a method that writes to the log, through the one writer —
// may also return what the write path returns, called "the write
// errors" in the methods' docs:
//
//   - EUnavailable when the writer's queue is full (back-pressure), the
//     center is closing, the caller's context ended before the act was
//     decided, or the store failed to begin or commit the batch; after a
//     failed commit the act may or may not be in the log, and the message
//     says to read it back before sending it again;
//   - EUnauthorized when the caller's member has enrolled a key and the
//     act is not signed with it (WithSignedRequest), or the signature's
//     created time is more than SignatureMaxAge from the center's clock,
//     or its nonce was used before;
//   - ETooLarge when the act's entry would exceed ledger.MaxEntrySize;
//   - EInternal when an accepted act fails to encode or to apply (a bug,
//     logged).
//
// A read that shows a member of another party precise coordinates first
// writes the access record (no record, no answer), so it may return the
// write errors too, except EUnauthorized: an access record is never
// signed.
package center
