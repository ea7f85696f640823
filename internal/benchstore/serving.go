package benchstore

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Before a benchmark measures a running server, the server and the
// machine are brought to where a server in service would be: the
// store's files on disk, the open's own work done.

// WritableCopy copies the store into a new directory under $TMPDIR named
// by prefix, for a benchmark that writes to it (the cached store stays
// as built), and syncs the copy's files to disk before it returns.
//
// A copy left unsynced is gigabytes of dirty pages at a million objects
// (2.3 GB here), written back by the kernel while the server runs: the
// first sync of the database file after the open (SQLite's, at its first
// checkpoint) then waited 0.76 s for them, inside the strikes measured,
// which a server in service never does.
func (info *Info) WritableCopy(prefix string) (string, error) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return "", err
	}
	if err := copySynced(info.Dir, dir); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

func copySynced(from, to string) error {
	if out, err := exec.Command("cp", "-a", from+"/.", to).CombinedOutput(); err != nil {
		return fmt.Errorf("copying the store: %v: %s", err, out)
	}
	names, err := os.ReadDir(to)
	if err != nil {
		return err
	}
	for _, n := range names {
		if !n.Type().IsRegular() {
			continue
		}
		if err := syncFile(filepath.Join(to, n.Name())); err != nil {
			return fmt.Errorf("syncing the copy: %w", err)
		}
	}
	return syncFile(to)
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Settle waits for a server just started to finish its start-up: at
// least min, then until it uses less than 5 % of a core over half a
// second, or max has passed; it returns how long it waited. cpu is the
// server's CPU time in seconds so far.
//
// At 1,000,000 objects a server that has begun to answer still has
// seconds of work left from its open: the collection of the heap it
// built, the return of the memory that building freed. Strikes written
// meanwhile share the cores with it, which an empty store's do not, so a
// comparison of the two waits for both to settle.
func Settle(cpu func() float64, min, max time.Duration) time.Duration {
	t0 := time.Now()
	time.Sleep(min)
	for time.Since(t0) < max {
		c0 := cpu()
		time.Sleep(500 * time.Millisecond)
		if cpu()-c0 < 0.025 {
			break
		}
	}
	return time.Since(t0)
}
