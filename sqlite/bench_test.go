package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/truce-center/truce/center/publish"
	"github.com/truce-center/truce/ledger"
	"github.com/truce-center/truce/sqlite"
)

// benchLog returns a data directory holding a log of n synthetic entries'
// Merkle hashes (the entries themselves are not needed for proofs). It is
// built once and kept under the temp dir, because a 10,000,000-entry tree
// takes a while to write.
func benchLog(b *testing.B, n int64) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("truce-bench-proof-%d", n))
	if _, err := os.Stat(filepath.Join(dir, "complete")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	ctx := context.Background()
	s, err := sqlite.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqlite.FileName)+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	tx, _ := db.Begin()
	hs, _ := tx.Prepare(`INSERT INTO hashes (idx, hash) VALUES (?, ?)`)
	// All stored hashes are kept in memory while building: ~2 per entry.
	hashes := make([]tlog.Hash, 0, 2*n+64)
	r := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = hashes[x]
		}
		return out, nil
	})
	var leaf [8]byte
	for i := int64(0); i < n; i++ {
		binary.BigEndian.PutUint64(leaf[:], uint64(i))
		add, err := tlog.StoredHashesForRecordHash(i, tlog.RecordHash(leaf[:]), r)
		if err != nil {
			b.Fatal(err)
		}
		for _, h := range add {
			if _, err := hs.Exec(len(hashes), h[:]); err != nil {
				b.Fatal(err)
			}
			hashes = append(hashes, h)
		}
	}
	// One entry row at the end makes Size() report n.
	if _, err := tx.Exec(`INSERT INTO entries (idx, data) VALUES (?, x'')`, n-1); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "complete"), nil, 0o600)
	return dir
}

// BenchmarkInclusionProof measures building an inclusion proof for a
// random entry of a 1,000,000- and a 10,000,000-entry log from the SQLite
// store (one query for the proof's hashes).
func BenchmarkInclusionProof(b *testing.B) {
	for _, n := range []int64{1_000_000, 10_000_000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			dir := benchLog(b, n)
			ctx := context.Background()
			s, err := sqlite.Open(ctx, dir)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			r := publish.ProofReader(s) // the center's own path: cached upper levels, one range read
			root, err := ledger.TreeHash(n, r)
			if err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			b.ResetTimer()
			for b.Loop() {
				i := rng.Int64N(n)
				p, err := ledger.InclusionProof(n, i, r)
				if err != nil {
					b.Fatal(err)
				}
				if i%64 == 0 { // check a sample, outside the hot path's cost
					var leaf [8]byte
					binary.BigEndian.PutUint64(leaf[:], uint64(i))
					if err := tlog.CheckRecord(p, n, root, i, tlog.RecordHash(leaf[:])); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
