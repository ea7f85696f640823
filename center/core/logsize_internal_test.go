package core

import (
	"context"
	"testing"
)

// TestLogSizeNote: an answer's size is told only when every read made for
// it saw one state; none without a note, without a read, or with reads
// of different sizes.
func TestLogSizeNote(t *testing.T) {
	if _, ok := LogSize(context.Background()); ok {
		t.Fatal("a size without a note")
	}
	ctx := WithLogSize(context.Background())
	if _, ok := LogSize(ctx); ok {
		t.Fatal("a size without a read")
	}
	n := ctx.Value(LogSizeKey{}).(*LogSizeNote)
	n.note(7)
	n.note(7)
	if size, ok := LogSize(ctx); !ok || size != 7 {
		t.Fatalf("two reads at 7: %d %v", size, ok)
	}
	n.note(8)
	if size, ok := LogSize(ctx); ok {
		t.Fatalf("reads at 7 and 8 told %d", size)
	}
	// A note made apart (a composite answer's reads) leaves the outer one
	// untouched.
	outer := WithLogSize(context.Background())
	inner := WithLogSize(outer)
	inner.Value(LogSizeKey{}).(*LogSizeNote).note(9)
	if _, ok := LogSize(outer); ok {
		t.Fatal("a read noted apart reached the outer note")
	}
}
