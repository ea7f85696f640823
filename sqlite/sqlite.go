package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pressly/goose/v3"
	"golang.org/x/mod/sumdb/tlog"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/ledger"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database's name inside a data directory.
const FileName = "truce.db"

// Store is the SQLite implementation of engine.Store.
type Store struct {
	w *sql.DB // one connection, for the write transaction
	r *sql.DB // readers
}

var _ engine.Store = (*Store)(nil)

// Open opens (creating if needed) the database in dir and migrates it.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(30000)&_pragma=foreign_keys(ON)"
	w, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	// Readers map the file and keep a large page cache: proofs and tiles
	// read hashes at random, and a page fetched by pread for each of them
	// would dominate their cost.
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)&_pragma=mmap_size(4294967296)&_pragma=cache_size(-65536)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	s := &Store{w: w, r: r}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if _, err := s.BackfillTiles(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		s.Close()
		return nil, fmt.Errorf("restricting %s: %w", path, err)
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, s.w, mustSub(migrations, "migrations"))
	if err != nil {
		return fmt.Errorf("preparing migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// Begin starts the write transaction under SQLite's write lock.
func (s *Store) Begin(ctx context.Context) (engine.Tx, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("beginning: %w", err)
	}
	var n uint64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(idx)+1, 0) FROM entries`).Scan(&n); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("reading log size: %w", err)
	}
	return &txn{ctx: ctx, tx: tx, size: n}, nil
}

// Load reads every object and the log size in one read transaction.
func (s *Store) Load(ctx context.Context, fn func(kind, id string, body []byte) error) (uint64, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n uint64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(idx)+1, 0) FROM entries`).Scan(&n); err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT kind, id, body FROM objects ORDER BY kind, id`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	// The ids of a run of rows become one string, each id a part of it:
	// the tables keep every id as a key, and one allocation per run
	// instead of one per object is that much less for the collector to
	// mark (a million objects, a million and a half ids).
	const run = 256
	type row struct {
		kind  string
		idEnd int
		body  []byte
	}
	batch := make([]row, 0, run)
	var ids []byte
	flush := func() error {
		all, start := string(ids), 0
		for _, r := range batch {
			if err := fn(r.kind, all[start:r.idEnd], r.body); err != nil {
				return err
			}
			start = r.idEnd
		}
		batch, ids = batch[:0], ids[:0]
		return nil
	}
	for rows.Next() {
		var kind string
		var id sql.RawBytes
		var body []byte
		if err := rows.Scan(&kind, &id, &body); err != nil {
			return 0, err
		}
		ids = append(ids, id...)
		batch = append(batch, row{kind, len(ids), body})
		if len(batch) == run {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return n, flush()
}

// Size returns the number of committed entries.
func (s *Store) Size(ctx context.Context) (uint64, error) {
	var n uint64
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(idx)+1, 0) FROM entries`).Scan(&n)
	return n, err
}

// Entries returns committed entries [start, end).
func (s *Store) Entries(ctx context.Context, start, end uint64) ([][]byte, error) {
	return readEntries(ctx, s.r, start, end)
}

// ReadHashes returns stored hashes by index.
func (s *Store) ReadHashes(ctx context.Context, idx []int64) ([]ledger.Hash, error) {
	return readHashes(ctx, s.r, idx)
}

// Payload returns the payload stored under key, or nil.
func (s *Store) Payload(ctx context.Context, key string) ([]byte, error) {
	var data []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM payloads WHERE key = ?`, key).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return data, err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func readEntries(ctx context.Context, q querier, start, end uint64) ([][]byte, error) {
	if end <= start {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT idx, data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx`, int64(start), int64(end))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([][]byte, 0, end-start)
	for rows.Next() {
		var i uint64
		var data []byte
		if err := rows.Scan(&i, &data); err != nil {
			return nil, err
		}
		if i != start+uint64(len(out)) {
			return nil, fmt.Errorf("entry %d is missing", start+uint64(len(out)))
		}
		out = append(out, data)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if uint64(len(out)) != end-start {
		return nil, fmt.Errorf("entries %d to %d: found %d", start, end, len(out))
	}
	return out, nil
}

func readHashes(ctx context.Context, q querier, idx []int64) ([]ledger.Hash, error) {
	out := make([]ledger.Hash, len(idx))
	if len(idx) == 0 {
		return out, nil
	}
	// One query for the whole set: a proof needs ~log2(n) hashes and a
	// round trip per hash would dominate its cost.
	pos := make(map[int64][]int, len(idx))
	args := make([]any, 0, len(idx))
	for i, x := range idx {
		if _, ok := pos[x]; !ok {
			args = append(args, x)
		}
		pos[x] = append(pos[x], i)
	}
	query := `SELECT idx, hash FROM hashes WHERE idx IN (?` + strings.Repeat(",?", len(args)-1) + `)`
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := 0
	for rows.Next() {
		var i int64
		var h []byte
		if err := rows.Scan(&i, &h); err != nil {
			return nil, err
		}
		if len(h) != len(ledger.Hash{}) {
			return nil, fmt.Errorf("stored hash %d has %d bytes", i, len(h))
		}
		for _, p := range pos[i] {
			copy(out[p][:], h)
			found++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if found != len(idx) {
		return nil, fmt.Errorf("%d of %d stored hashes are missing", len(idx)-found, len(idx))
	}
	return out, nil
}

// txn is the write transaction.
type txn struct {
	ctx  context.Context
	tx   *sql.Tx
	size uint64
	done bool
}

func (t *txn) Size() uint64 { return t.size }

func (t *txn) Entries(start, end uint64) ([][]byte, error) {
	return readEntries(t.ctx, t.tx, start, end)
}

func (t *txn) ReadHashes(idx []int64) ([]ledger.Hash, error) { return readHashes(t.ctx, t.tx, idx) }

func (t *txn) Append(entries [][]byte, hashes []ledger.HashRow) error {
	es, err := t.tx.PrepareContext(t.ctx, `INSERT INTO entries (idx, data) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer es.Close()
	for i, e := range entries {
		if _, err := es.ExecContext(t.ctx, int64(t.size)+int64(i), e); err != nil {
			return fmt.Errorf("entry %d: %w", t.size+uint64(i), err)
		}
	}
	hs, err := t.tx.PrepareContext(t.ctx, `INSERT INTO hashes (idx, hash) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer hs.Close()
	for _, h := range hashes {
		if _, err := hs.ExecContext(t.ctx, h.Index, h.Hash[:]); err != nil {
			return fmt.Errorf("stored hash %d: %w", h.Index, err)
		}
	}
	old := t.size
	t.size += uint64(len(entries))
	return t.storeTiles(old, entries)
}

// storeTiles writes the tiles that appending entries to a log of old
// entries completed.
func (t *txn) storeTiles(old uint64, entries [][]byte) error {
	tiles := ledger.CompletedTiles(int64(old), int64(t.size))
	if len(tiles) == 0 {
		return nil
	}
	return writeTiles(t.ctx, t.tx, tiles, ledger.TileSource{Size: int64(t.size), Old: int64(old), Appended: entries}, `INSERT INTO tiles (level, idx, data) VALUES (?, ?, ?)`)
}

// writeTiles writes tiles from src, reading what src does not hold in
// hand through tx, with the statement ins.
func writeTiles(ctx context.Context, tx *sql.Tx, tiles []ledger.Tile, src ledger.TileSource, ins string) error {
	stmt, err := tx.PrepareContext(ctx, ins)
	if err != nil {
		return err
	}
	defer stmt.Close()
	src.Entries = func(start, end int64) ([][]byte, error) { return readEntries(ctx, tx, uint64(start), uint64(end)) }
	src.Hashes = tlog.HashReaderFunc(func(idx []int64) ([]ledger.Hash, error) { return readHashes(ctx, tx, idx) })
	return src.WriteTiles(tiles, func(tl ledger.Tile, data []byte) error {
		if _, err := stmt.ExecContext(ctx, tl.Level, tl.Index, data); err != nil {
			return fmt.Errorf("tile %s: %w", tl.Path(), err)
		}
		return nil
	})
}

// BackfillTiles stores the full tiles the log completed before the store
// kept tiles (a database made before migration 00002), a few hundred to
// a transaction, and returns how many it wrote. Open calls it; on a log
// whose tiles are all stored it costs one read of the tiles' names.
func (s *Store) BackfillTiles(ctx context.Context) (int, error) {
	var n uint64
	stored := map[ledger.Tile]bool{}
	err := func() error {
		tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(idx)+1, 0) FROM entries`).Scan(&n); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT level, idx FROM tiles`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			tl := ledger.Tile{Width: ledger.TileWidth}
			if err := rows.Scan(&tl.Level, &tl.Index); err != nil {
				return err
			}
			stored[tl] = true
		}
		return rows.Err()
	}()
	if err != nil {
		return 0, fmt.Errorf("listing stored tiles: %w", err)
	}
	missing := ledger.MissingTiles(int64(n), func(tl ledger.Tile) bool { return stored[tl] })
	for chunk := range slices.Chunk(missing, 256) {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return 0, fmt.Errorf("backfilling tiles: %w", err)
		}
		err = writeTiles(ctx, tx, chunk, ledger.TileSource{Size: int64(n), Old: int64(n)}, `INSERT INTO tiles (level, idx, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
		if err == nil {
			err = tx.Commit()
		} else {
			tx.Rollback()
		}
		if err != nil {
			return 0, fmt.Errorf("backfilling tiles: %w", err)
		}
	}
	return len(missing), nil
}

// StoredTile returns a full tile as stored when the log completed it, or
// nil if it is not stored (a partial tile, or one completed before the
// store kept tiles).
func (s *Store) StoredTile(ctx context.Context, tl ledger.Tile) ([]byte, error) {
	if tl.Width != ledger.TileWidth {
		return nil, nil
	}
	var data []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM tiles WHERE level = ? AND idx = ?`, tl.Level, tl.Index).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return data, err
}

func (t *txn) Put(kind, id string, body []byte) error {
	if body == nil {
		_, err := t.tx.ExecContext(t.ctx, `DELETE FROM objects WHERE kind = ? AND id = ?`, kind, id)
		return err
	}
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO objects (kind, id, body) VALUES (?, ?, ?)
		ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body`, kind, id, body)
	return err
}

func (t *txn) PutPayload(key string, data []byte) error {
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO payloads (key, data) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, data)
	return err
}

func (t *txn) Commit() error {
	t.done = true
	return t.tx.Commit()
}

func (t *txn) Rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	return t.tx.Rollback()
}
