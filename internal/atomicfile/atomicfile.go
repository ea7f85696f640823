// Package atomicfile replaces a file so that a crash at any moment
// leaves either the old content or the new, never a torn file, and the
// new one is durable once Write returns.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write replaces path with data, with permissions mode: a temporary file
// in the same directory, written and fsynced, renamed over path, then the
// directory fsynced so that the rename itself survives a power cut.
func Write(path string, data []byte, mode os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
