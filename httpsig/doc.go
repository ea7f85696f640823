// Package httpsig implements the subset of RFC 9421 (HTTP Message
// Signatures) and RFC 9530 (Digest Fields) that truce uses: Ed25519
// signatures over derived components (@method, @path, @query,
// @authority, @target-uri) and header fields, with the created, expires,
// nonce, keyid, alg and tag parameters, and Content-Digest with sha-256 or
// sha-512.
//
// It is pure: no I/O, no clock. A Message is what a signature covers,
// built from an *http.Request or from the fields a log entry keeps, so
// that a verifier who only has the log rebuilds the same signature base
// the server verified. Policy (which components must be covered, how old
// created may be, whether a nonce was seen) is the caller's.
//
// Why not a library: no maintained Go module for RFC 9421 downloads from
// this project's module proxy (see docs/design/credentials.md); the
// subset is small and is checked against the RFC's own Ed25519 vector
// (Appendix B.2.6) and fuzzed.
package httpsig
