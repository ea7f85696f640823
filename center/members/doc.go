// Package members is the feature of parties and members: the center's
// first entries, registration, tokens (rotation, revocation, expiry),
// member keys and removal. It builds on center/core, which authenticates
// tokens and checks signed acts; center hands it out as Center.Members.
package members
