package httpapi

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestReadAllLimit: readAll takes a body of up to limit bytes whole,
// after what buf already holds, and refuses one byte more, however the
// reader cuts its reads and whatever room buf has.
func TestReadAllLimit(t *testing.T) {
	const limit = 100
	for _, n := range []int{0, 1, limit - 1, limit, limit + 1, 3*limit + 7} {
		for _, prefix := range []string{"", "held:"} {
			for _, room := range []int{0, 8, limit + 64} {
				body := strings.Repeat("x", n)
				readers := map[string]io.Reader{
					"whole":    strings.NewReader(body),
					"one byte": iotest.OneByteReader(strings.NewReader(body)),
					"half":     iotest.HalfReader(strings.NewReader(body)),
				}
				for name, r := range readers {
					buf := append(make([]byte, 0, len(prefix)+room), prefix...)
					got, err := readAll(buf, r, limit)
					if n > limit {
						if err != errTooLarge {
							t.Errorf("%d bytes (%s, room %d): %v, want errTooLarge", n, name, room, err)
						}
						if len(got) > len(prefix)+limit+1 {
							t.Errorf("%d bytes (%s): read %d past the limit", n, name, len(got)-len(prefix)-limit)
						}
						continue
					}
					if err != nil || !bytes.Equal(got, []byte(prefix+body)) {
						t.Errorf("%d bytes (%s, prefix %q, room %d): %d bytes, %v", n, name, prefix, room, len(got), err)
					}
				}
			}
		}
	}
}
