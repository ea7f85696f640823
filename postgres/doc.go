// Package postgres is the server-grade store: the log, its Merkle hashes,
// the projection and the payloads in PostgreSQL (through pgx and
// pgxpool), so that any number of truce serve processes can share one
// database and be one center.
//
// The log's write lock is a transaction-level advisory lock
// (pg_advisory_xact_lock) taken in Begin, keyed by the schema the store
// lives in; the log size is read after the lock is granted, in READ
// COMMITTED, so that the statement's snapshot includes every transaction
// that held the lock before. PostgreSQL releases the lock only after the
// holder's commit is visible, so every writer sees every entry written
// before it: one sequence, no gaps, no forks, across processes.
//
// Durability: PostgreSQL's defaults, synchronous_commit = on with fsync:
// a commit returns only after its WAL record is flushed to disk. The
// center's group commit pays that flush once per batch. A server
// configured with synchronous_commit = off would acknowledge writes it
// can lose; truce does not change the setting, the operator must not
// either.
//
// Several processes: each write transaction sends NOTIFY truce_log
// (payload: the schema and the store's id) before it commits; PostgreSQL delivers it only
// if the transaction commits. Store implements engine.Notifier by
// LISTENing on a dedicated connection, which it re-opens when it drops,
// so a center on this store applies the other nodes' entries as soon as
// they are durable.
//
// The package MUST NOT decide anything about the domain: it stores bytes
// for the center and hands them back unchanged.
package postgres
