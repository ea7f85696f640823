// Package witnesses is the feature of the parties' witnesses: their
// registration and the list the center's checkpoints are offered to. It
// builds on center/core.
package witnesses
