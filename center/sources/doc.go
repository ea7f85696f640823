// Package sources is the feature of open sources: articles ingested and
// what was recognised in them, the candidate reports extracted from them
// and their decisions, and the actor list. It builds on center/core and
// files accepted candidates through center/reports; center hands it out
// as Center.Sources.
package sources
