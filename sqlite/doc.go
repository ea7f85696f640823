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
//
// Checkpoints (copying the WAL back into the database file) run on a
// connection of their own, in PASSIVE mode, every few dozen commits,
// rather than inside the commit that crosses SQLite's threshold; SQLite's
// own is kept as a backstop at 64 MiB of WAL. Rows whose keys are hashes —
// payloads (a commitment's opening, under the commitment) and objects
// whose id is a commitment (sealed records) — are appended in the order
// they were written, with no index on the key (migration 00004): the
// store keeps the key-to-row map in memory (rows.go: a prefix of the
// hash and the row number, about 4 bytes a row, read in the background
// when it opens, and about 38 bytes a row written since; a row is
// confirmed by its full key when it is read), so that a write does not
// land on a random page of a large tree.
//
// Memory: every connection maps up to 2 GiB of the file (SQLite's limit
// in this build) and keeps a 64 MiB page cache; the writer's cache is
// 256 MiB. The caches fill only as pages are read.
package sqlite
