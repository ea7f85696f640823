// Package notifications is the feature of notifications: submission
// with its conflict check and the terms' rules, dry runs (Deconflict),
// acknowledgements and objections, cancellation, and their event views.
// It builds on center/core and reads the terms' rules for a kind from
// center/terms; center hands it out as Center.Notifications.
package notifications
