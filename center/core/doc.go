// Package core is the kernel of the application that center assembles:
// the projection in memory (State, its typed tables and indexes), the
// batch view an act is decided against, who calls (Caller and token
// authentication), need-to-know (needtoknow.go: every rule of who sees
// what), commitments and sealed parts, signed acts and nonces, the
// conflict index kept in step with the state, the clock's acts and the
// deadlines they follow, question budgets and probe records, the event
// stream and its history, the one write path (decide, apply, install)
// and replay.
//
// The features (center/zones, center/sites, …) build on it; it knows
// them only through the Registry the facade hands to OpenCenter and
// StartReplay: each entry type's applier and event view, the clock's
// tasks and the witness list. Errors are as package center's doc says.
package core
