//go:build !unix

package snapshot

import "os"

// readAll reads the file at path (map_unix.go maps it instead).
func readAll(path string) ([]byte, func(), error) {
	b, err := os.ReadFile(path)
	return b, func() {}, err
}
