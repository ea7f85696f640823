// Package httpapi serves the center over HTTP: the JSON API under /v1,
// the log as C2SP tlog-tiles under /log, Prometheus metrics, and the
// OpenAPI document generated from the same route table that registers the
// handlers. It also holds Client, the Go client of that API, which the
// command line uses.
//
// Handlers translate and validate the shape of requests (strict JSON,
// body limits, bearer tokens) and render every error as an RFC 9457
// problem document; the center decides everything else. It also bounds
// what a hostile client can hold (Limits: connections per address and in
// all, time for headers and bodies, tokens checked before a body is read;
// MaxProblemErrors items per problem document). The package MUST
// NOT log tokens, request bodies, or anything the center marks secret.
package httpapi
