// Package sqlite is the embedded store: one SQLite file (through the pure
// Go modernc.org/sqlite driver) holding the log, its Merkle hashes, the
// projection and the payloads kept beside the log.
//
// Durability: the database runs in WAL mode with synchronous=FULL, so a
// commit returns only after the WAL is fsynced; an acknowledged write
// survives a crash of the process and of the machine. NORMAL would lose the
// last commits on power loss, which a center that promises "nothing
// acknowledged is ever lost" cannot accept; the cost of the fsync is paid
// once per batch by the center's group commit.
//
// Writes go through one connection and BEGIN IMMEDIATE, which takes
// SQLite's write lock at the start of the transaction: that lock is the
// log's write lock, also across processes. Reads use a separate pool and
// see committed data only.
package sqlite
