package center

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newID returns a random identifier with a prefix naming its kind, e.g.
// "pty_k3j…". 80 random bits: collisions are not a concern at this scale,
// and the applier refuses a duplicate anyway.
func newID(prefix string) string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return prefix + "_" + idEncoding.EncodeToString(b[:])
}

// cleanName trims a name and reports whether it is acceptable: 1 to 200
// characters, no control characters.
func cleanName(s string) (string, string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", "is required"
	case len([]rune(s)) > 200:
		return "", "is longer than 200 characters"
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "", "contains a control character"
		}
	}
	return s, ""
}

// strictUnmarshalLoose decodes JSON into dst, ignoring fields dst does
// not have (for reading one field of an entry body).
func strictUnmarshalLoose(data []byte, dst any) error {
	return json.Unmarshal(data, dst)
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
