// Package sites is the feature of protected sites: their registration,
// removal and acknowledgement, their disclosure and their event views. It
// builds on center/core; center hands it out as Center.Sites.
package sites
