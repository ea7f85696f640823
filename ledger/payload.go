package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Large public parts of an entry — the geometry of a precise zone or site
// of tens of thousands of vertices — would not fit in an entry, which an
// entry bundle limits to MaxEntrySize bytes. Such a part lives beside the
// log, and the entry holds its address instead: "sha256:" followed by the
// lower-case hex SHA-256 of its bytes. The entry, and so the tree, binds
// the bytes exactly: a reader fetches them from /log/payload/<hex> (served
// to anyone, as the tiles are) and MUST check them with CheckPayload
// before use. A center writes the payload in the same transaction as the
// entry, so an entry never refers to a payload the center does not hold.

// MaxInline is the largest public part kept inside an entry; a larger one
// goes beside the log. Below it an entry stays readable on its own; well
// above it the entry would approach MaxEntrySize.
const MaxInline = 16 << 10

// PayloadRef returns the address of a payload kept beside the log.
func PayloadRef(data []byte) string {
	h := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(h[:])
}

// ParsePayloadRef returns the hex digest of a payload address, or an
// error if ref is not "sha256:" followed by 64 lower-case hex digits.
func ParsePayloadRef(ref string) (string, error) {
	h, ok := strings.CutPrefix(ref, "sha256:")
	if !ok || len(h) != 64 || strings.ToLower(h) != h {
		return "", fmt.Errorf("malformed payload address %q: want sha256: and 64 lower-case hex digits", ref)
	}
	if _, err := hex.DecodeString(h); err != nil {
		return "", fmt.Errorf("malformed payload address %q: %w", ref, err)
	}
	return h, nil
}

// CheckPayload returns an error unless data is the payload ref addresses.
func CheckPayload(ref string, data []byte) error {
	if _, err := ParsePayloadRef(ref); err != nil {
		return err
	}
	if got := PayloadRef(data); got != ref {
		return fmt.Errorf("the payload served for %s hashes to %s", ref, got)
	}
	return nil
}

// PayloadPath is the path of a payload under the log's prefix
// ("payload/<hex>"), as /log/payload/<hex> serves it.
func PayloadPath(ref string) (string, error) {
	h, err := ParsePayloadRef(ref)
	if err != nil {
		return "", err
	}
	return "payload/" + h, nil
}
