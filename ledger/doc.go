// Package ledger is truce's verifiable log, as pure functions: the
// canonical JSON that every entry is written in, the RFC 6962 Merkle tree
// over the entries, C2SP tlog-checkpoint signed notes, the C2SP tlog-tiles
// layout, and the client-side checks that `truce log verify` runs.
//
// It MUST NOT do I/O of its own: storage is reached through the
// HashReader and Fetcher interfaces its callers implement, so the same code
// serves the center (reading its store) and a verifier (reading HTTP).
//
// Why the tree of golang.org/x/mod/sumdb/tlog: it is RFC 6962 hashing with
// a "stored hash" numbering that needs about two hashes per entry and gives
// tlog-tiles and proofs over any key-value store. The verifier recomputes
// the tree with transparency-dev/merkle's compact ranges, and the tests read
// our tiles with transparency-dev/tessera's client, so no single library is
// trusted to check itself.
package ledger
