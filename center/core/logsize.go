package core

import (
	"context"
	"sync"
)

// Reads tied to a log size. An answer of the API that lists objects says
// the log size of the state it was read from (httpapi's Truce-Log-Size),
// so that `truce log verify` compares it with its replay of exactly that
// many entries, however far the log has grown meanwhile
// (docs/design/foundation.md). The note is made under the state's lock,
// in the same read that builds the answer: a size read before or after
// could be another state's.

// LogSizeKey is the key under which a context holds its *LogSizeNote.
// WithLogSize makes such a context; a context type of the caller's own
// may answer the key with a note it holds (httpapi's, which holds
// everything of a request in one allocation).
type LogSizeKey struct{}

// LogSizeNote is what the reads made for one answer saw. Its zero value
// is a note of no read.
type LogSizeNote struct {
	mu    sync.Mutex
	size  uint64
	reads int
	mixed bool // reads at different sizes: the answer reflects none of them exactly
}

func (n *LogSizeNote) note(size uint64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.reads > 0 && n.size != size {
		n.mixed = true
	}
	n.size = size
	n.reads++
}

// WithLogSize returns a context in which ReadSized notes the log size of
// each state it reads, for LogSize to tell.
func WithLogSize(ctx context.Context) context.Context {
	return context.WithValue(ctx, LogSizeKey{}, &LogSizeNote{})
}

// LogSize returns the log size of the state every ReadSized made with ctx
// read, and true; false if ctx has no note (WithLogSize), no read was
// made, or the reads saw states of different sizes (an answer built from
// them reflects no one size).
func LogSize(ctx context.Context) (uint64, bool) {
	n, ok := ctx.Value(LogSizeKey{}).(*LogSizeNote)
	if !ok {
		return 0, false
	}
	return n.Size()
}

// Size returns the log size every read noted in n saw, and true; false
// if no read was noted or the reads saw states of different sizes.
func (n *LogSizeNote) Size() (uint64, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.size, n.reads > 0 && !n.mixed
}
