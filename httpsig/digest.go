package httpsig

import (
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
)

// ContentDigest returns the Content-Digest field value (RFC 9530) of body
// with sha-256.
func ContentDigest(body []byte) string {
	h := sha256.Sum256(body)
	return "sha-256=:" + base64.StdEncoding.EncodeToString(h[:]) + ":"
}

// ErrDigestMismatch means the body does not match its Content-Digest.
var ErrDigestMismatch = errors.New("the body does not match its Content-Digest")

// CheckContentDigest checks body against a Content-Digest field value.
// Every sha-256 and sha-512 member must match and at least one must be
// there; other algorithms are ignored, as RFC 9530 allows, but do not
// count.
func CheckContentDigest(field string, body []byte) error {
	ms, err := parseDictionary(field)
	if err != nil {
		return fmt.Errorf("Content-Digest: %w", err)
	}
	checked := 0
	for _, m := range ms {
		if !m.isSeq {
			return fmt.Errorf("Content-Digest: %q is not a byte sequence", m.name)
		}
		var sum []byte
		switch m.name {
		case "sha-256":
			h := sha256.Sum256(body)
			sum = h[:]
		case "sha-512":
			h := sha512.Sum512(body)
			sum = h[:]
		default:
			continue
		}
		if subtle.ConstantTimeCompare(sum, m.bytes) != 1 {
			return ErrDigestMismatch
		}
		checked++
	}
	if checked == 0 {
		return errors.New("Content-Digest: no sha-256 or sha-512 member")
	}
	return nil
}
