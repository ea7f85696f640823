package core

import (
	"strconv"
	"strings"
)

// CleanName trims a name and reports whether it is acceptable: 1 to 200
// characters, no control characters.
func CleanName(s string) (string, string) {
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

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
