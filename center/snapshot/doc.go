// Package snapshot writes and reads a center's snapshot: the projection's
// objects and the conflict index's, as they stood after the first Size
// entries of the log, in a binary form that loads in a fraction of the
// time decoding the stored documents and mapping the index take
// (docs/performance.md, "A snapshot at start-up").
//
// A snapshot is a cache, never a source of truth: the center checks its
// size and root against the stored log's tree before using it, and a
// snapshot that does not match, is damaged, or was written by a build
// with other types is refused and the full load used instead. It holds
// precise geometry and sealed commitments' records like the store
// beside it does, so it is written with mode 0600 and MUST NOT be served
// or logged.
//
// The file: a header (magic, format version, the fingerprint of the
// types, the log size, root and newest entry time it reflects), then one
// section per table and one for the index, each cut in chunks of 16,384
// objects read on every core, then the table of distinct strings, and a
// CRC-32C of everything before it. It imports the conflict engine for its
// object type, nothing of the application.
package snapshot
