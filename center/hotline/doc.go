// Package hotline is the feature of the hotline: messages between
// parties (their bodies sealed), acknowledgements, and the escalation
// alerts of the clock. It builds on center/core and reads the terms'
// acknowledgement times from center/terms; center hands it out as
// Center.Hotline.
package hotline
