package postgres

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/internal/schema"
	"github.com/truce-center/truce/ledger"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Channel is the LISTEN/NOTIFY channel a write transaction notifies on
// commit. The payload is "SCHEMA/STOREID" of the store that committed.
const Channel = "truce_log"

// IdleInTransactionTimeout is the idle_in_transaction_session_timeout a
// store sets on its connections unless the connection string sets one: a
// write transaction takes milliseconds, so a session idle inside one for
// this long belongs to a node that stalled while holding the write lock.
const IdleInTransactionTimeout = "15s"

// Store is the PostgreSQL implementation of engine.Store and
// engine.Notifier.
type Store struct {
	pool      *pgxpool.Pool
	listen    *pgx.ConnConfig // for the LISTEN connections
	schema    string
	lockKey   int64 // the log's write lock, per schema
	log       *slog.Logger
	id        string // names this store in its notifications
	resets    atomic.Int64
	hashReads atomic.Int64 // hash reads in write transactions that the frontier did not answer
	closeCtx  context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup // listeners
}

var (
	_ engine.Store     = (*Store)(nil)
	_ engine.Notifier  = (*Store)(nil)
	_ engine.TileStore = (*Store)(nil)
)

// Open connects to the database named by dsn (a PostgreSQL URL or
// key=value string; pgx also reads the PG* environment variables, so a
// password can stay out of the command line), and migrates the schema
// that is first on its search_path. Several processes may Open the same
// database at once: migrations run under an advisory lock.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parsing the connection string: %w", err)
	}
	// A node that stops in the middle of a write transaction (a stalled
	// process, a network partition) would hold the log's write lock and
	// stop every other node: the server ends such a session, which rolls
	// back and frees the lock, unless the connection string says otherwise.
	if _, ok := cfg.ConnConfig.RuntimeParams["idle_in_transaction_session_timeout"]; !ok {
		cfg.ConnConfig.RuntimeParams["idle_in_transaction_session_timeout"] = IdleInTransactionTimeout
	}
	s := &Store{log: slog.Default(), id: rand.Text()[:16]}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	var schema *string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	if schema == nil {
		pool.Close()
		return nil, errors.New("no schema on the search_path exists; create it or fix search_path")
	}
	listen := cfg.ConnConfig.Copy()
	listen.RuntimeParams["application_name"] = "truce-listen"
	closeCtx, cancel := context.WithCancel(context.Background())
	s.pool, s.listen, s.schema, s.lockKey = pool, listen, *schema, key("truce/log/"+*schema)
	s.closeCtx, s.cancel = closeCtx, cancel
	if err := s.migrate(ctx, cfg.ConnConfig); err != nil {
		s.Close()
		return nil, err
	}
	if _, err := s.BackfillTiles(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// key derives an advisory lock key from a name.
func key(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// migrate brings the schema up to date. Nodes started together would
// otherwise race to create the same tables: the first takes a session
// advisory lock on a connection of its own, the others wait for it.
func (s *Store) migrate(ctx context.Context, cc *pgx.ConnConfig) error {
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	defer conn.Close(context.Background()) // ending the session releases the lock
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, key("truce/migrate/"+s.schema)); err != nil {
		return fmt.Errorf("locking for migrations: %w", err)
	}
	db := stdlib.OpenDBFromPool(s.pool)
	defer db.Close()
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub)
	if err != nil {
		return fmt.Errorf("preparing migrations: %w", err)
	}
	return schema.Up(ctx, p)
}

// Close stops the listeners and closes the pool.
func (s *Store) Close() error {
	s.cancel()
	s.wg.Wait()
	s.pool.Close()
	return nil
}

// connLost reports whether err says the connection, not the statement,
// failed: a network error, or the server ending the session (a restart,
// a failover, an administrator). Such a failure of a read, or of Begin
// before anything was written, is retried once on a fresh connection.
func connLost(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Severity == "FATAL" || pe.Severity == "PANIC" || strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P")
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	return errors.As(err, &ne) || errors.As(err, &ce) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || strings.Contains(err.Error(), "conn closed")
}

// retry runs fn, an idempotent read, and once more if the connection was
// lost. After a server restart every idle connection of the pool is dead:
// the pool is reset so that the retry and the reads after it get new ones.
func (s *Store) retry(ctx context.Context, fn func() error) error {
	err := fn()
	if connLost(err) && ctx.Err() == nil {
		s.resets.Add(1)
		s.pool.Reset()
		err = fn()
	}
	return err
}

// Begin starts the write transaction and takes the log's write lock.
func (s *Store) Begin(ctx context.Context) (engine.Tx, error) {
	var t engine.Tx
	err := s.retry(ctx, func() (err error) {
		t, err = s.begin(ctx)
		return err
	})
	return t, err
}

func (s *Store) begin(ctx context.Context) (engine.Tx, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("beginning: %w", err)
	}
	// One round trip: BEGIN, the lock, the size, and the hashes appending
	// at that size will read. The statements after the lock run once it
	// is granted and, in READ COMMITTED, take their snapshots then; no
	// one else can commit entries in between.
	b := &pgx.Batch{}
	b.Queue(`BEGIN ISOLATION LEVEL READ COMMITTED`)
	b.Queue(`SELECT pg_advisory_xact_lock($1)`, s.lockKey)
	b.Queue(`SELECT COALESCE(MAX(idx)+1, 0) FROM entries`)
	b.Queue(`SELECT idx, hash FROM hashes WHERE idx = ANY(truce_frontier((SELECT COALESCE(MAX(idx)+1, 0) FROM entries)))`)
	br := conn.SendBatch(ctx, b)
	var n int64
	frontier := map[int64]ledger.Hash{}
	_, err = br.Exec()
	if err == nil {
		_, err = br.Exec()
	}
	if err == nil {
		err = br.QueryRow().Scan(&n)
	}
	if err == nil {
		var rows pgx.Rows
		rows, err = br.Query()
		if err == nil {
			var i int64
			var h []byte
			_, err = pgx.ForEachRow(rows, []any{&i, &h}, func() error {
				if len(h) == len(ledger.Hash{}) {
					frontier[i] = ledger.Hash(h)
				}
				return nil
			})
		}
	}
	err = errors.Join(err, br.Close())
	if err != nil {
		abort(conn)
		return nil, fmt.Errorf("taking the log's write lock: %w", err)
	}
	return &txn{ctx: ctx, s: s, conn: conn, start: uint64(n), size: uint64(n), frontier: frontier}, nil
}

// abort ends the connection's transaction, if any, and returns the
// connection to the pool; one that cannot roll back is closed (the
// server then rolls back and frees the lock).
func abort(conn *pgxpool.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := conn.Exec(ctx, `ROLLBACK`); err != nil {
		conn.Conn().Close(ctx)
	}
	conn.Release() // the pool destroys a closed connection or one still in a transaction
}

// Load reads every object and the log size from one snapshot.
func (s *Store) Load(ctx context.Context, fn func(kind, id string, body []byte) error) (uint64, error) {
	// Not retried: fn has seen the objects of a failed attempt.
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(context.Background())
	var n int64
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(idx)+1, 0) FROM entries`).Scan(&n); err != nil {
		return 0, err
	}
	rows, err := tx.Query(ctx, `SELECT kind, id, body FROM objects ORDER BY kind, id`)
	if err != nil {
		return 0, err
	}
	var kind, id string
	var body []byte
	_, err = pgx.ForEachRow(rows, []any{&kind, &id, &body}, func() error { return fn(kind, id, body) })
	if err != nil {
		return 0, err
	}
	return uint64(n), tx.Commit(ctx)
}

// Size returns the number of committed entries.
func (s *Store) Size(ctx context.Context) (uint64, error) {
	var n int64
	err := s.retry(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(idx)+1, 0) FROM entries`).Scan(&n)
	})
	return uint64(n), err
}

// Entries returns committed entries [start, end).
func (s *Store) Entries(ctx context.Context, start, end uint64) (out [][]byte, err error) {
	err = s.retry(ctx, func() (err error) {
		out, err = readEntries(ctx, s.pool, start, end)
		return err
	})
	return out, err
}

// ReadHashes returns stored hashes by stored-hash index.
func (s *Store) ReadHashes(ctx context.Context, idx []int64) (out []ledger.Hash, err error) {
	err = s.retry(ctx, func() (err error) {
		out, err = readHashes(ctx, s.pool, idx)
		return err
	})
	return out, err
}

// Payload returns the payload stored under key, or nil.
func (s *Store) Payload(ctx context.Context, key string) ([]byte, error) {
	var data []byte
	err := s.retry(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT data FROM payloads WHERE key = $1`, key).Scan(&data)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return data, err
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func readEntries(ctx context.Context, q querier, start, end uint64) ([][]byte, error) {
	if end <= start {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT idx, data FROM entries WHERE idx >= $1 AND idx < $2 ORDER BY idx`, int64(start), int64(end))
	if err != nil {
		return nil, err
	}
	out := make([][]byte, 0, min(end-start, 1<<16))
	var i int64
	var data []byte
	_, err = pgx.ForEachRow(rows, []any{&i, &data}, func() error {
		if uint64(i) != start+uint64(len(out)) {
			return fmt.Errorf("entry %d is missing", start+uint64(len(out)))
		}
		out = append(out, data)
		data = nil // Scan must not reuse the slice just kept
		return nil
	})
	if err != nil {
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
	uniq := make([]int64, 0, len(idx))
	for i, x := range idx {
		if _, ok := pos[x]; !ok {
			uniq = append(uniq, x)
		}
		pos[x] = append(pos[x], i)
	}
	rows, err := q.Query(ctx, `SELECT idx, hash FROM hashes WHERE idx = ANY($1)`, uniq)
	if err != nil {
		return nil, err
	}
	found := 0
	var i int64
	var h []byte
	_, err = pgx.ForEachRow(rows, []any{&i, &h}, func() error {
		if len(h) != len(ledger.Hash{}) {
			return fmt.Errorf("stored hash %d has %d bytes", i, len(h))
		}
		for _, p := range pos[i] {
			copy(out[p][:], h)
			found++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found != len(idx) {
		return nil, fmt.Errorf("%d of %d stored hashes are missing", len(idx)-found, len(idx))
	}
	return out, nil
}

// txn is the write transaction, on a connection of its own. Appends go
// to the server at once (the transaction's reads must see them); objects
// and payloads are kept and sent at Commit with the NOTIFY and the COMMIT
// in one round trip, since the center writes one object at a time and
// nothing reads them back inside the transaction.
type txn struct {
	ctx         context.Context
	s           *Store
	conn        *pgxpool.Conn // in a transaction until Commit or Rollback
	start, size uint64
	frontier    map[int64]ledger.Hash // stored hashes at the tree's right edge at start
	objects     map[okey][]byte       // nil body: delete
	payloads    map[string][]byte
	payloadKeys []string // in first-write order
	done        bool
}

type okey struct{ kind, id string }

func (t *txn) Size() uint64 { return t.size }

func (t *txn) Entries(start, end uint64) ([][]byte, error) {
	return readEntries(t.ctx, t.conn, start, end)
}

// ReadHashes serves the hashes an append reads from the frontier fetched
// by Begin, and anything else from the database.
func (t *txn) ReadHashes(idx []int64) ([]ledger.Hash, error) {
	out := make([]ledger.Hash, len(idx))
	for i, x := range idx {
		h, ok := t.frontier[x]
		if !ok {
			t.s.hashReads.Add(1)
			return readHashes(t.ctx, t.conn, idx)
		}
		out[i] = h
	}
	return out, nil
}

func (t *txn) Append(entries [][]byte, hashes []ledger.HashRow) error {
	if len(entries) == 0 && len(hashes) == 0 {
		return nil
	}
	eidx := make([]int64, len(entries))
	for i := range entries {
		eidx[i] = int64(t.size) + int64(i)
	}
	hidx := make([]int64, len(hashes))
	hval := make([][]byte, len(hashes))
	for i, h := range hashes {
		hidx[i] = h.Index
		hval[i] = h.Hash[:]
	}
	// Both tables in one round trip, each one statement over arrays.
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO entries (idx, data) SELECT * FROM unnest($1::bigint[], $2::bytea[])`, eidx, entries)
	b.Queue(`INSERT INTO hashes (idx, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[])`, hidx, hval)
	if err := t.conn.SendBatch(t.ctx, b).Close(); err != nil {
		return fmt.Errorf("appending entries %d to %d: %w", t.size, t.size+uint64(len(entries)), err)
	}
	old := t.size
	t.size += uint64(len(entries))
	tiles := ledger.CompletedTiles(int64(old), int64(t.size))
	if len(tiles) == 0 {
		return nil
	}
	// The tiles' hashes are read from the database, in the transaction:
	// they are not the Merkle update's reads, which the frontier serves.
	src := ledger.TileSource{Size: int64(t.size), Old: int64(old), Appended: entries}
	return insertTiles(t.ctx, t.conn, tiles, src, ``)
}

// tileWriter is a connection or transaction that tiles are read through
// and written to.
type tileWriter interface {
	querier
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// insertTiles writes tiles from src in one statement, reading what src
// does not hold through q; onConflict is the statement's ON CONFLICT
// clause, if any.
func insertTiles(ctx context.Context, q tileWriter, tiles []ledger.Tile, src ledger.TileSource, onConflict string) error {
	src.Entries = func(start, end int64) ([][]byte, error) { return readEntries(ctx, q, uint64(start), uint64(end)) }
	src.Hashes = tlog.HashReaderFunc(func(idx []int64) ([]ledger.Hash, error) { return readHashes(ctx, q, idx) })
	var levels []int32
	var idx []int64
	var data [][]byte
	err := src.WriteTiles(tiles, func(tl ledger.Tile, b []byte) error {
		levels, idx, data = append(levels, int32(tl.Level)), append(idx, tl.Index), append(data, b)
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := q.Exec(ctx, `INSERT INTO tiles (level, idx, data) SELECT * FROM unnest($1::integer[], $2::bigint[], $3::bytea[]) `+onConflict, levels, idx, data); err != nil {
		return fmt.Errorf("storing %d tiles from %s: %w", len(data), tiles[0].Path(), err)
	}
	return nil
}

// StoredTile returns a full tile as stored when the log completed it, or
// nil if it is not stored (a partial tile).
func (s *Store) StoredTile(ctx context.Context, tl ledger.Tile) ([]byte, error) {
	if tl.Width != ledger.TileWidth {
		return nil, nil
	}
	var data []byte
	err := s.retry(ctx, func() error {
		return s.pool.QueryRow(ctx, `SELECT data FROM tiles WHERE level = $1 AND idx = $2`, tl.Level, tl.Index).Scan(&data)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return data, err
}

// BackfillTiles stores the full tiles the log completed before the store
// kept tiles (a database made before migration 00003), a few hundred to
// a transaction, and returns how many it wrote. Open calls it; on a log
// whose tiles are all stored it costs one read of the tiles' names.
// Several nodes may run it at once: a tile another wrote is kept.
func (s *Store) BackfillTiles(ctx context.Context) (int, error) {
	var n int64
	stored := map[ledger.Tile]bool{}
	err := s.retry(ctx, func() error {
		clear(stored)
		tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
		if err != nil {
			return err
		}
		defer tx.Rollback(context.Background())
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(idx)+1, 0) FROM entries`).Scan(&n); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT level, idx FROM tiles`)
		if err != nil {
			return err
		}
		var level int32
		var i int64
		_, err = pgx.ForEachRow(rows, []any{&level, &i}, func() error {
			stored[ledger.Tile{Level: int(level), Index: i, Width: ledger.TileWidth}] = true
			return nil
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("listing stored tiles: %w", err)
	}
	missing := ledger.MissingTiles(n, func(tl ledger.Tile) bool { return stored[tl] })
	for chunk := range slices.Chunk(missing, 256) {
		err := s.retry(ctx, func() error {
			return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
				return insertTiles(ctx, tx, chunk, ledger.TileSource{Size: n, Old: n}, `ON CONFLICT DO NOTHING`)
			})
		})
		if err != nil {
			return 0, fmt.Errorf("backfilling tiles: %w", err)
		}
	}
	return len(missing), nil
}

func (t *txn) Put(kind, id string, body []byte) error {
	if t.objects == nil {
		t.objects = map[okey][]byte{}
	}
	t.objects[okey{kind, id}] = body
	return nil
}

func (t *txn) PutPayload(key string, data []byte) error {
	if t.payloads == nil {
		t.payloads = map[string][]byte{}
	}
	if _, ok := t.payloads[key]; ok {
		return nil // keep the first
	}
	t.payloads[key] = data
	t.payloadKeys = append(t.payloadKeys, key)
	return nil
}

func (t *txn) Commit() error {
	if t.done {
		return errors.New("the transaction is over")
	}
	t.done = true
	ctx := t.ctx
	b := &pgx.Batch{}
	var upKind, upID, delKind, delID []string
	var upBody [][]byte
	for k, body := range t.objects {
		if body == nil {
			delKind, delID = append(delKind, k.kind), append(delID, k.id)
			continue
		}
		upKind, upID, upBody = append(upKind, k.kind), append(upID, k.id), append(upBody, body)
	}
	if len(upKind) > 0 {
		b.Queue(`INSERT INTO objects (kind, id, body) SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
			ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body`, upKind, upID, upBody)
	}
	if len(delKind) > 0 {
		b.Queue(`DELETE FROM objects o USING unnest($1::text[], $2::text[]) AS d(kind, id)
			WHERE o.kind = d.kind AND o.id = d.id`, delKind, delID)
	}
	if len(t.payloadKeys) > 0 {
		data := make([][]byte, len(t.payloadKeys))
		for i, k := range t.payloadKeys {
			data[i] = t.payloads[k]
		}
		b.Queue(`INSERT INTO payloads (key, data) SELECT * FROM unnest($1::text[], $2::bytea[])
			ON CONFLICT (key) DO NOTHING`, t.payloadKeys, data)
	}
	if t.size > t.start {
		// Delivered to the listeners only if the transaction commits.
		b.Queue(`SELECT pg_notify($1, $2)`, Channel, t.s.notice())
	}
	// COMMIT returns once the commit's WAL is flushed (synchronous_commit
	// = on); the batch's Close reads its answer. If a statement before it
	// fails, the server skips the rest, COMMIT included.
	b.Queue(`COMMIT`)
	err := t.conn.SendBatch(ctx, b).Close()
	if err == nil && t.conn.Conn().PgConn().TxStatus() != 'I' {
		err = errors.New("the transaction is still open after COMMIT")
	}
	if err != nil {
		abort(t.conn)
		return fmt.Errorf("committing: %w", err)
	}
	t.conn.Release()
	return nil
}

func (t *txn) Rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	abort(t.conn)
	return nil
}

// notice is the payload of this store's notifications: the schema, so
// that stores in other schemas of the database ignore it, and the store's
// id, so that it ignores its own.
func (s *Store) notice() string { return s.schema + "/" + s.id }

// Changes implements engine.Notifier: the channel receives a value
// (coalesced) whenever a transaction on this store's schema commits
// entries through another Store (another process, or another handle in
// this one), and once each time the listening connection
// is (re)established, since notifications sent while it was down are
// lost. It is closed when ctx ends or the store is closed.
func (s *Store) Changes(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.closeCtx, cancel)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(ch)
		defer stop()
		defer cancel()
		s.listenLoop(ctx, ch)
	}()
	return ch
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default: // a signal is already pending: coalesce
	}
}

// idlePing is how long a listener waits for a notification before it
// checks that its connection still works (a half-open TCP connection
// would otherwise hide lost notifications until the kernel gives up).
const idlePing = 30 * time.Second

func (s *Store) listenLoop(ctx context.Context, ch chan struct{}) {
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		err := s.listenOnce(ctx, ch, func() { backoff = 50 * time.Millisecond })
		if ctx.Err() != nil {
			return
		}
		s.log.Warn("postgres: the LISTEN connection failed; reconnecting", "err", err, "retry_in", backoff)
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

// listenOnce opens a connection, listens and forwards notifications
// until the connection fails or ctx ends.
func (s *Store) listenOnce(ctx context.Context, ch chan struct{}, connected func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.listen)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn.Close(cctx) // bounded: the connection may be half-open
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	connected()
	// Whatever was committed while no one listened is caught up now.
	signal(ch)
	for {
		wctx, cancel := context.WithTimeout(ctx, idlePing)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case err == nil:
			// A store is told of its own commits too; its center has
			// them already.
			i := strings.LastIndexByte(n.Payload, '/')
			if i >= 0 && n.Payload[:i] == s.schema && n.Payload[i+1:] != s.id {
				signal(ch)
			}
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed():
			if err := conn.Ping(ctx); err != nil {
				return err
			}
		default:
			return err
		}
	}
}
