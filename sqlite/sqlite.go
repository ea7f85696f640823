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
	"sync"
	"sync/atomic"

	"github.com/pressly/goose/v3"
	"golang.org/x/mod/sumdb/tlog"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/internal/schema"
	"github.com/truce-center/truce/ledger"
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database's name inside a data directory.
const FileName = "truce.db"

// Store is the SQLite implementation of engine.Store.
type Store struct {
	w     *sql.DB // one connection, for the write transaction
	r     *sql.DB // readers
	c     *sql.DB // one connection, for the checkpoints
	stmts [nStmts]*sql.Stmt

	// Connections that do not map the file, for what is read after
	// every commit: the log's size and the stored hashes of the new tree
	// head (publish signs the checkpoint afresh). See Size.
	unmapped *sql.DB
	sizeQ    *sql.Stmt
	// payloadQ reads a payload on the readers' connections, prepared
	// once (each connection's copy kept by database/sql): a list at a
	// million objects reads a couple of hundred thousand openings, and
	// preparing the statement was most of each read.
	payloadQ *sql.Stmt

	// The checkpointer: commits kick it, and it folds the WAL into the
	// database file off the commit path (see checkpointer).
	kick    chan struct{}
	stopped chan struct{}
	commits atomic.Int64 // commits since the last checkpoint began
	written atomic.Int64 // bytes of rows they wrote
	// caughtUp is set when a checkpoint has run: the writer's next
	// Begin copies the frames committed meanwhile, so that SQLite can
	// start the WAL over (see Begin).
	caughtUp atomic.Bool
	// checkpointed, when set (by tests), is told of each checkpoint run.
	checkpointed func(error)

	// The rows whose keys are hashes, by key (rows.go), read in the
	// background from Open: rowsRead is closed when they are, with
	// rowsErr.
	mu       sync.RWMutex
	rows     rows
	rowsRead chan struct{}
	rowsErr  error
	reading  bool // Open started reading them
}

// The write transaction's statements, prepared once on the writer's
// connection: preparing one costs about as much as running it.
const (
	stmtEntry = iota
	stmtHash
	stmtTile
	stmtPut
	stmtDelete
	stmtPayload
	stmtPutHashed
	stmtUpdateHashed
	stmtDeleteHashed
	stmtNewPayloads
	stmtNewHashed
	stmtSize
	nStmts
)

var stmtText = [nStmts]string{
	stmtEntry:   `INSERT INTO entries (idx, data) VALUES (?, ?)`,
	stmtHash:    `INSERT INTO hashes (idx, hash) VALUES (?, ?)`,
	stmtTile:    `INSERT INTO tiles (level, idx, data) VALUES (?, ?, ?)`,
	stmtPut:     `INSERT INTO objects (kind, id, body) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body`,
	stmtDelete:  `DELETE FROM objects WHERE kind = ? AND id = ?`,
	stmtPayload: `INSERT INTO payloads (key, data) VALUES (?, ?)`,
	// Objects whose ids are hashes (hashed_objects, migration 00004),
	// found by their row number in the store's rowIndex; an update or
	// delete names the key too, since the index may give rows of other
	// keys that share its prefix.
	stmtPutHashed:    `INSERT INTO hashed_objects (kind, id, body) VALUES (?, ?, ?)`,
	stmtUpdateHashed: `UPDATE hashed_objects SET body = ? WHERE n = ? AND kind = ? AND id = ?`,
	stmtDeleteHashed: `DELETE FROM hashed_objects WHERE n = ? AND kind = ? AND id = ?`,
	// What other handles on the file wrote since this one last looked.
	stmtNewPayloads: `SELECT n, key FROM payloads WHERE n > ? ORDER BY n`,
	stmtNewHashed:   `SELECT n, kind, id FROM hashed_objects WHERE n > ? ORDER BY n`,
	// The log's size as the transaction begins: prepared, since a
	// statement made afresh for each batch cost 3 % of the server's
	// CPU writing strikes at a million objects.
	stmtSize: sizeQuery,
}

// Checkpoints. SQLite's own (wal_autocheckpoint) runs inside the commit
// that crosses its threshold, and so on the writes' critical path: at a
// million objects it was a fifth of SQLite's time per write. Here the
// checkpointer folds the WAL back every checkpointEvery commits on its
// own connection, in PASSIVE mode (it never waits for, nor blocks, the
// writer or the readers), and SQLite's own is kept only as a backstop
// at a larger threshold, should the checkpointer fall behind.
//
// Every 256 commits rather than every 32: a group commit dirties the
// same few pages of each table (its last leaf and the pages above it),
// and a checkpoint writes each page once however many commits changed
// it, so fewer checkpoints write fewer pages. In a file of several GB
// those pages lie far apart, and their writing competed with the
// commits' own syncs of the WAL: at a million objects 256 wrote strikes
// 19-50 % faster than 32 (no checkpoint at all: about the same as 256),
// and on an empty store it made no difference. The WAL then holds up to
// about 25 MB, well under the backstop.
//
// Or sooner, once the commits since the last checkpoint wrote
// checkpointBytes of rows: with many writers a group commit is larger,
// and 256 of them of 30 strikes each at a million objects made more
// than the backstop's 64 MiB of WAL before the checkpointer ran, so
// that every checkpoint ran inside a commit (a fifth of the writer's
// time at 64 clients). A strike's rows made about four times their
// size of WAL there (the pages they dirty), so 4 MiB of rows keeps the
// checkpointer's turn well under the backstop.
const (
	checkpointEvery    = 256
	checkpointBytes    = 4 << 20
	backstopCheckpoint = 16384 // pages (64 MiB of WAL at 4 KiB pages)
)

var _ engine.Store = (*Store)(nil)

// Open opens (creating if needed) the database in dir and migrates it.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(30000)&_pragma=foreign_keys(ON)"
	// Every connection maps the file and keeps a large page cache: proofs
	// and tiles read hashes at random, and a write inserts into indexes
	// (payloads, objects) at random keys; a page fetched by pread for
	// each of them would dominate their cost on a large store.
	const cache = "&_pragma=mmap_size(4294967296)&_pragma=cache_size(-65536)"
	// SQLite maps at most 2 GiB (its build's limit), and a store of a
	// million objects is 4-5 GB: the writer reads the rest through its
	// page cache, which is made large for what a write still reads at
	// random (the objects it updates, the hashes of proofs).
	const writerCache = "&_pragma=cache_size(-262144)"
	w, err := sql.Open("sqlite", dsn+cache+writerCache+"&_txlock=immediate"+fmt.Sprintf("&_pragma=wal_autocheckpoint(%d)", backstopCheckpoint))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn+cache+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	c, err := sql.Open("sqlite", dsn)
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	c.SetMaxOpenConns(1)
	unmapped, err := sql.Open("sqlite", dsn+"&_pragma=mmap_size(0)&_pragma=cache_size(-65536)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		r.Close()
		c.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	unmapped.SetMaxOpenConns(8)
	s := &Store{w: w, r: r, c: c, unmapped: unmapped, kick: make(chan struct{}, 1), stopped: make(chan struct{}), rowsRead: make(chan struct{})}
	go s.checkpointer()
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	for i, q := range stmtText {
		if s.stmts[i], err = w.PrepareContext(ctx, q); err != nil {
			s.Close()
			return nil, fmt.Errorf("preparing %q: %w", q, err)
		}
	}
	if s.sizeQ, err = unmapped.PrepareContext(ctx, sizeQuery); err != nil {
		s.Close()
		return nil, fmt.Errorf("preparing %q: %w", sizeQuery, err)
	}
	if s.payloadQ, err = r.PrepareContext(ctx, payloadQuery); err != nil {
		s.Close()
		return nil, fmt.Errorf("preparing %q: %w", payloadQuery, err)
	}
	// The maps of the rows keyed by hashes, both at once, in the
	// background (on the readers' connections): at a million objects
	// they are 1.5-3 s of reading, which a server spends loading its
	// state anyway. Begin and Payload wait for them, and fail if they
	// could not be read.
	s.reading = true
	go func() {
		ctx := context.WithoutCancel(ctx)
		read := make(chan error, 1)
		go func() { read <- s.readNewPayloads(ctx, queryText{s.r, stmtText[stmtNewPayloads]}) }()
		err := s.readNewObjects(ctx, queryText{s.r, stmtText[stmtNewHashed]})
		s.rowsErr = errors.Join(err, <-read)
		close(s.rowsRead)
	}()
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
	return schema.Up(ctx, p)
}

// rowsReady waits until the rows keyed by hashes are read (Open).
func (s *Store) rowsReady(ctx context.Context) error {
	select {
	case <-s.rowsRead:
		return s.rowsErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the checkpointer and closes the database.
func (s *Store) Close() error {
	close(s.kick)
	<-s.stopped
	if s.reading {
		<-s.rowsRead
	}
	var errs []error
	for _, st := range append(s.stmts[:], s.sizeQ, s.payloadQ) {
		if st != nil {
			errs = append(errs, st.Close())
		}
	}
	return errors.Join(append(errs, s.unmapped.Close(), s.c.Close(), s.r.Close(), s.w.Close())...)
}

// checkpointer runs until Close. A PASSIVE checkpoint copies what the
// readers no longer need from the WAL into the database file and syncs
// it; the writer's next Begin copies what was committed meanwhile, and
// SQLite then starts the WAL over. A failed one
// loses nothing (the frames stay in the WAL, and the next run or the
// backstop copies them), so its error goes only to the test hook.
func (s *Store) checkpointer() {
	defer close(s.stopped)
	for range s.kick {
		if s.commits.Load() < checkpointEvery && s.written.Load() < checkpointBytes {
			continue
		}
		s.commits.Store(0)
		s.written.Store(0)
		_, err := s.c.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		if err == nil {
			s.caughtUp.Store(true)
		}
		if s.checkpointed != nil {
			s.checkpointed(err)
		}
	}
}

// committed counts a commit of n bytes of rows and wakes the
// checkpointer if it sleeps.
func (s *Store) committed(n int64) {
	s.commits.Add(1)
	s.written.Add(n)
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Begin starts the write transaction under SQLite's write lock.
func (s *Store) Begin(ctx context.Context) (engine.Tx, error) {
	if err := s.rowsReady(ctx); err != nil {
		return nil, err
	}
	// SQLite starts the WAL over only at a write that begins once every
	// frame in it is in the database file. The checkpointer's copy rarely
	// ends before the writer's next commit, so the WAL grew until SQLite's
	// own checkpoint ran inside a commit (the backstop, at 64 MiB): at a
	// million objects, 2 % of the server's CPU and a sync of the database
	// file on every commit's path once past it. Here, after each of the
	// checkpointer's runs, the writer copies the few frames committed
	// since, between its transactions, and the next one starts the WAL
	// over. An error loses nothing: the frames stay in the WAL.
	if s.caughtUp.Swap(false) {
		s.w.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("beginning: %w", err)
	}
	t := &txn{ctx: ctx, tx: tx, s: s}
	if err := t.stmt(stmtSize).QueryRowContext(ctx).Scan(&t.size); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("reading log size: %w", err)
	}
	// Under the write lock, the rows other handles wrote since this one
	// last looked: the maps are then whole, and a payload's key can be
	// checked against them before it is stored.
	if err := s.readNewPayloads(ctx, t.stmt(stmtNewPayloads)); err != nil {
		tx.Rollback()
		return nil, err
	}
	if err := s.readNewObjects(ctx, t.stmt(stmtNewHashed)); err != nil {
		tx.Rollback()
		return nil, err
	}
	return t, nil
}

// Load reads every object and the log size in one read transaction.
func (s *Store) Load(ctx context.Context, fn func(kind, id string, body []byte) error) (uint64, error) {
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var n uint64
	if err := tx.QueryRowContext(ctx, sizeQuery).Scan(&n); err != nil {
		return 0, err
	}
	// The objects keyed by hashes (rows.go) come after the others, in
	// the order they were written.
	for _, q := range []string{`SELECT kind, id, body FROM objects ORDER BY kind, id`, `SELECT kind, id, body FROM hashed_objects ORDER BY n`} {
		if err := loadObjects(ctx, tx, q, fn); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// loadObjects calls fn for each object that query returns.
func loadObjects(ctx context.Context, tx *sql.Tx, query string, fn func(kind, id string, body []byte) error) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
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
			return err
		}
		ids = append(ids, id...)
		batch = append(batch, row{kind, len(ids), body})
		if len(batch) == run {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return flush()
}

// payloadQuery reads the payload of a row if its key is the one asked.
const payloadQuery = `SELECT data FROM payloads WHERE n = ? AND key = ?`

// sizeQuery reads the number of committed entries.
const sizeQuery = `SELECT COALESCE(MAX(idx)+1, 0) FROM entries`

// Size returns the number of committed entries.
//
// It reads them on a connection that does not map the file, as
// ReadHashes does. The server asks for both after every commit (publish
// signs the checkpoint afresh), and a connection that maps the file
// drops its whole map when it starts a read after another connection's
// commit (SQLite's pagerBeginReadTransaction unfetches everything): at a
// million objects that is a munmap and an mmap of 2 GiB, and a page
// fault for each page read again, once per commit, where an unmapped
// connection reads the few pages on the path to the log's last entry.
func (s *Store) Size(ctx context.Context) (uint64, error) {
	var n uint64
	err := s.sizeQ.QueryRowContext(ctx).Scan(&n)
	return n, err
}

// Entries returns committed entries [start, end).
func (s *Store) Entries(ctx context.Context, start, end uint64) ([][]byte, error) {
	return readEntries(ctx, s.r, start, end)
}

// ReadHashes returns stored hashes by index, on a connection that does
// not map the file (see Size).
func (s *Store) ReadHashes(ctx context.Context, idx []int64) ([]ledger.Hash, error) {
	return readHashes(ctx, s.unmapped, idx)
}

// Payload returns the payload stored under key, or nil. A key this
// handle has not seen may be another handle's: the rows written since
// it last looked are read before the answer is no.
func (s *Store) Payload(ctx context.Context, key string) ([]byte, error) {
	if err := s.rowsReady(ctx); err != nil {
		return nil, err
	}
	data, found, err := s.readPayload(ctx, key)
	if err != nil || found {
		return data, err
	}
	if err := s.readNewPayloads(ctx, queryText{s.r, stmtText[stmtNewPayloads]}); err != nil {
		return nil, err
	}
	data, _, err = s.readPayload(ctx, key)
	return data, err
}

// readPayload reads the payload under key from the rows the map gives
// for it: the one whose key is key (rows of other keys may share its
// prefix).
func (s *Store) readPayload(ctx context.Context, key string) (data []byte, found bool, err error) {
	var buf [4]int64
	ns, _ := s.payloadRows(key, buf[:0])
	for _, n := range ns {
		err := s.payloadQ.QueryRowContext(ctx, n, key).Scan(&data)
		if err == nil {
			return data, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, false, fmt.Errorf("reading payload %s (row %d): %w", key, n, err)
		}
	}
	return nil, false, nil
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
	s    *Store
	st   [nStmts]*sql.Stmt
	// The rows of keys that are hashes this transaction wrote (-1: an
	// object it deleted), for the store's map once it commits.
	payloads, objects map[string]int64
	written           int64 // bytes of rows written (the checkpointer's measure)
}

// stmt is one of the store's prepared statements, in this transaction.
func (t *txn) stmt(i int) *sql.Stmt {
	if t.st[i] == nil {
		t.st[i] = t.tx.StmtContext(t.ctx, t.s.stmts[i])
	}
	return t.st[i]
}

func (t *txn) Size() uint64 { return t.size }

func (t *txn) Entries(start, end uint64) ([][]byte, error) {
	return readEntries(t.ctx, t.tx, start, end)
}

func (t *txn) ReadHashes(idx []int64) ([]ledger.Hash, error) { return readHashes(t.ctx, t.tx, idx) }

func (t *txn) Append(entries [][]byte, hashes []ledger.HashRow) error {
	es := t.stmt(stmtEntry)
	for i, e := range entries {
		t.written += int64(len(e)) + int64(len(ledger.Hash{}))
		if _, err := es.ExecContext(t.ctx, int64(t.size)+int64(i), e); err != nil {
			return fmt.Errorf("entry %d: %w", t.size+uint64(i), err)
		}
	}
	hs := t.stmt(stmtHash)
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
	return writeTiles(t.ctx, t.tx, tiles, ledger.TileSource{Size: int64(t.size), Old: int64(old), Appended: entries}, t.stmt(stmtTile))
}

// writeTiles writes tiles from src, reading what src does not hold in
// hand through tx, with the statement stmt.
func writeTiles(ctx context.Context, tx *sql.Tx, tiles []ledger.Tile, src ledger.TileSource, stmt *sql.Stmt) error {
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
		var ins *sql.Stmt
		ins, err = tx.PrepareContext(ctx, `INSERT INTO tiles (level, idx, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
		if err == nil {
			err = writeTiles(ctx, tx, chunk, ledger.TileSource{Size: int64(n), Old: int64(n)}, ins)
		}
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
	t.written += int64(len(kind) + len(id) + len(body))
	if _, ok := hashKey(id); ok {
		return t.putHashed(kind, id, body)
	}
	if body == nil {
		_, err := t.stmt(stmtDelete).ExecContext(t.ctx, kind, id)
		return err
	}
	_, err := t.stmt(stmtPut).ExecContext(t.ctx, kind, id, body)
	return err
}

// PutPayload appends the payload unless key is stored (the map is whole
// for the committed rows: Begin read what other handles wrote).
func (t *txn) PutPayload(key string, data []byte) error {
	if _, ok := t.payloads[key]; ok {
		return nil
	}
	if ok, err := t.payloadStored(key); ok || err != nil {
		return err
	}
	t.written += int64(len(key) + len(data))
	res, err := t.stmt(stmtPayload).ExecContext(t.ctx, key, data)
	if err != nil {
		return err
	}
	n, err := res.LastInsertId()
	if err != nil {
		return err
	}
	t.note(&t.payloads, key, n)
	return nil
}

// payloadStored says whether a committed row holds the payload under key.
func (t *txn) payloadStored(key string) (bool, error) {
	var buf [4]int64
	ns, exact := t.s.payloadRows(key, buf[:0])
	if exact {
		return len(ns) > 0, nil
	}
	for _, n := range ns {
		var one int
		err := t.tx.QueryRowContext(t.ctx, `SELECT 1 FROM payloads WHERE n = ? AND key = ?`, n, key).Scan(&one)
		if err == nil {
			return true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("reading payload %s (row %d): %w", key, n, err)
		}
	}
	return false, nil
}

func (t *txn) Commit() error {
	t.done = true
	if err := t.tx.Commit(); err != nil {
		return err
	}
	t.s.installRows(t.payloads, t.objects)
	t.s.committed(t.written)
	return nil
}

func (t *txn) Rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	return t.tx.Rollback()
}
