// Package ingest turns open-source news articles into candidate violation
// reports and sourced briefs (PRODUCT §3, "Open-source article").
//
// It parses plain text, HTML and RSS 2.0 / Atom feeds into Articles, splits
// them into sentences with byte offsets, and finds in each sentence the
// places (a gazetteer of GeoNames places plus a committed list of
// countries, regions and transliterations), the actors (a list of states,
// forces and armed groups that a center can extend), the dates (absolute,
// or relative to the publication time) and the violent or
// ceasefire-relevant events, coded in the style of ACLED (event type and
// sub-type, actors, geo and time precision, fatalities). Every event with a
// place and a date becomes a Candidate report that cites its article and
// sentence. Articles on the same story are grouped, and each story gets an
// extractive Brief: every sentence in it exists verbatim in a source.
//
// Offsets. Every offset in this package is a byte offset into
// Article.Text (Go string indexing), half-open [Start, End), so that
// Text[Start:End] is the cited sentence or mention.
//
// What it must never do. The package is pure: it never fetches anything
// from the network (feeds and pages are given to it as bytes; following a
// link is the caller's business and deliberately impossible here), never
// touches a database, and never writes files. The only file it reads is a
// gazetteer whose path or reader the caller gives it. Extraction is rule
// based and deterministic: the same input and lists give the same output,
// which the tests and the story grouping rely on. Its output is a
// suggestion for a human reviewer, never a verified report.
package ingest
