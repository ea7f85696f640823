// Package zones is the feature of zones: proposals, changes, endorsements
// and states (withdraw, suspend, resume), their versions, their disclosure
// (precise, coarse or hidden) and their event views. It builds on
// center/core; center hands it out as Center.Zones.
package zones
