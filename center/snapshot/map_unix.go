//go:build unix

package snapshot

import (
	"os"
	"syscall"
)

// readAll maps the file at path into memory, read-only and populated at
// once, and returns its bytes and how to let them go: a snapshot of a
// million objects is most of a gigabyte, which a read would copy into
// memory the process must first be given and zero. Decode copies out
// what it keeps, so the mapping ends when it returns. The file is
// replaced by renaming a new one over it, never written in place, so
// the mapped bytes do not change under the reader.
func readAll(path string) ([]byte, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	n := fi.Size()
	if n == 0 || int64(int(n)) != n {
		b, err := os.ReadFile(path)
		return b, func() {}, err
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(n), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		b, err := os.ReadFile(path)
		return b, func() {}, err
	}
	return b, func() { syscall.Munmap(b) }, nil
}
