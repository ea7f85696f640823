package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// keyFileName is the signing key's name in a data directory.
const keyFileName = "center.key"

func keyPath(dataDir, keyFlag string) string {
	if keyFlag != "" {
		return keyFlag
	}
	return filepath.Join(dataDir, keyFileName)
}

// createKey makes a new Ed25519 note key named origin and writes its
// private half to path with mode 0600, refusing to overwrite a key.
func createKey(path, origin string) (signer note.Signer, vkey string, err error) {
	if origin == "" {
		var b [4]byte
		rand.Read(b[:])
		origin = "truce.invalid/center-" + hex.EncodeToString(b[:])
	}
	if strings.ContainsAny(origin, " \t\n+") {
		return nil, "", fmt.Errorf("origin %q must not contain spaces or '+'", origin)
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return nil, "", fmt.Errorf("generating the signing key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, "", err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, "", fmt.Errorf("a key already exists at %s; refusing to replace it", path)
	}
	if err != nil {
		return nil, "", fmt.Errorf("writing the key: %w", err)
	}
	if _, err := f.WriteString(skey + "\n"); err != nil {
		f.Close()
		return nil, "", fmt.Errorf("writing the key: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, "", err
	}
	if err := f.Close(); err != nil {
		return nil, "", err
	}
	signer, err = note.NewSigner(skey)
	return signer, vkey, err
}

// loadKey reads the signing key at path. It refuses a key file that
// others can read.
func loadKey(path string) (note.Signer, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("reading the signing key: %w (run truce init first)", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the signing key %s has mode %v; it must be readable by its owner only (chmod 600)", path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the signing key: %w", err)
	}
	s, err := note.NewSigner(strings.TrimSpace(string(b)))
	if err != nil {
		return nil, fmt.Errorf("the signing key %s is not a note signing key: %w", path, err)
	}
	return s, nil
}
