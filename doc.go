// Package truce is the vocabulary of the ceasefire coordination center:
// the things of the mission (parties, members, log entries, zones, sites,
// notifications, reports, messages) and the one error type every package
// returns. It imports nothing of the project, so every other package can
// speak it.
package truce
