package benchstore_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/truce-center/truce/internal/benchstore"
)

// TestWritableCopy copies a store's directory: the same files, bytes and
// modes, in a new directory that writes do not share with the original.
func TestWritableCopy(t *testing.T) {
	src := t.TempDir()
	t.Setenv("TMPDIR", t.TempDir())
	files := map[string][]byte{"truce.db": bytes.Repeat([]byte("page"), 4096), "center.key": []byte("secret")}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(src, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	dir, err := (&benchstore.Info{Dir: src}).WritableCopy("copy-")
	if err != nil {
		t.Fatal(err)
	}
	if dir == src || filepath.Dir(dir) != os.Getenv("TMPDIR") {
		t.Fatalf("copied into %s, want a new directory under $TMPDIR", dir)
	}
	for name, data := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: %d bytes copied, want the %d written", name, len(got), len(data))
		}
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600 kept", name, fi.Mode().Perm())
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "truce.db"), []byte("written"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(src, "truce.db")); !bytes.Equal(got, files["truce.db"]) {
		t.Error("a write to the copy changed the original")
	}
	if _, err := (&benchstore.Info{Dir: filepath.Join(src, "missing")}).WritableCopy("copy-"); err == nil {
		t.Error("a store that is not there was copied")
	}
}
