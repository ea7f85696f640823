// Package reports is the feature of violation reports: submission,
// review, evidence, requests and answers, moves, the incidents they group
// into and the statistics over them. It builds on center/core; center
// hands it out as Center.Reports.
package reports
