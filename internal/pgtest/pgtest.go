// Package pgtest starts throwaway PostgreSQL clusters for tests: initdb in
// a temporary directory, a free loopback port, the unix socket inside that
// directory, no system service. A test gets a fresh schema of a shared
// cluster (cheap) or a cluster of its own.
//
// When the server binaries are missing the tests that need them are
// skipped with a message, except when the environment variable CI is set:
// then they fail, because a CI run that silently skipped the PostgreSQL
// half of the store contract would prove nothing (scripts/deps.d/postgres.sh
// installs the binaries).
//
// PostgreSQL refuses to run as root. When the tests run as root, the
// server runs as the system user truce-pg (created on first use) or, if
// that cannot be created, as nobody.
//
// The cluster keeps PostgreSQL's default durability (fsync on,
// synchronous_commit on), so what the tests and benchmarks measure is what
// a production server does; only initdb skips its final sync, since a
// throwaway cluster need not survive a power cut.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultBinDir is where Debian's postgresql-15 puts the server binaries.
// The environment variable TRUCE_PG_BIN overrides it.
const DefaultBinDir = "/usr/lib/postgresql/15/bin"

// ErrUnavailable is wrapped by New's error when the server binaries are
// not installed.
var ErrUnavailable = errors.New("the PostgreSQL server binaries are not installed")

// Cluster is a running throwaway PostgreSQL server.
type Cluster struct {
	dir      string // temporary directory: data/, the socket, the log
	bin      string
	port     int
	password string
	cred     *syscall.Credential // nil unless the server runs as another user

	mu      sync.Mutex
	stopped bool
	seq     atomic.Int64
}

func binDir() string {
	if d := os.Getenv("TRUCE_PG_BIN"); d != "" {
		return d
	}
	return DefaultBinDir
}

// New initialises and starts a cluster. The caller must Stop it.
func New() (*Cluster, error) {
	bin := binDir()
	for _, b := range []string{"initdb", "pg_ctl", "postgres"} {
		if _, err := os.Stat(filepath.Join(bin, b)); err != nil {
			return nil, fmt.Errorf("%w: %s is missing (run scripts/deps.d/postgres.sh as root, or set TRUCE_PG_BIN)", ErrUnavailable, filepath.Join(bin, b))
		}
	}
	sweep(bin)
	cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(baseDir(), "truce-pg-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, bin: bin, cred: cred, password: randomHex(16)}
	if err := c.init(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// Another process may take the port between our probe and the
	// server's bind: try a few.
	for attempt := 0; ; attempt++ {
		c.port, err = freePort()
		if err == nil {
			err = c.start()
		}
		if err == nil {
			return c, nil
		}
		if attempt == 4 {
			c.removeDir()
			return nil, err
		}
	}
}

// init runs initdb with a random superuser password.
func (c *Cluster) init() error {
	if err := os.WriteFile(filepath.Join(c.dir, "owner"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return err
	}
	pw := filepath.Join(c.dir, "pwfile")
	if err := os.WriteFile(pw, []byte(c.password+"\n"), 0o600); err != nil {
		return err
	}
	if c.cred != nil {
		for _, p := range []string{c.dir, pw} {
			if err := os.Chown(p, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
				return err
			}
		}
	}
	out, err := c.command("initdb", "-D", c.dataDir(), "-U", "postgres", "--pwfile", pw,
		"--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-sync").CombinedOutput()
	os.Remove(pw)
	if err != nil {
		return fmt.Errorf("initdb: %v\n%s", err, out)
	}
	conf := fmt.Sprintf("\n# pgtest\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nmax_connections = 300\n", c.dir)
	f, err := os.OpenFile(filepath.Join(c.dataDir(), "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(conf)
	return errors.Join(err, f.Close())
}

func (c *Cluster) start() error {
	out, err := c.command("pg_ctl", "start", "-w", "-t", "60", "-D", c.dataDir(),
		"-l", filepath.Join(c.dir, "server.log"), "-o", "-p "+strconv.Itoa(c.port)).CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		return fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, lastLines(string(log), 20))
	}
	return nil
}

// Restart stops the server (fast shutdown: every connection is cut) and
// starts it again on the same port, as a database failover or restart
// does to the clients.
func (c *Cluster) Restart() error {
	out, err := c.command("pg_ctl", "stop", "-w", "-m", "fast", "-D", c.dataDir()).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
	}
	return c.start()
}

// Stop stops the server at once and removes its directory.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return nil
	}
	c.stopped = true
	out, err := c.command("pg_ctl", "stop", "-w", "-m", "immediate", "-D", c.dataDir()).CombinedOutput()
	if err != nil {
		err = fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
	}
	return errors.Join(err, c.removeDir())
}

func (c *Cluster) removeDir() error { return os.RemoveAll(c.dir) }

func (c *Cluster) dataDir() string { return filepath.Join(c.dir, "data") }

// command runs a server binary as the server's user.
func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TZ=UTC"}
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	return cmd
}

// DSN returns a connection string for database db as the superuser.
func (c *Cluster) DSN(db string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword("postgres", c.password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Exec runs SQL statements on database db.
func (c *Cluster) Exec(ctx context.Context, db, sql string, args ...any) error {
	conn, err := pgx.Connect(ctx, c.DSN(db))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql, args...)
	return err
}

// Schema creates a new, empty schema in database postgres and returns a
// connection string whose search_path is that schema only: a store
// opened on it sees nothing of any other test's. Creating a schema takes
// milliseconds; creating a database takes seconds on a slow disk.
func (c *Cluster) Schema(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("t%d_%s", c.seq.Add(1), randomHex(3))
	if err := c.Exec(context.Background(), "postgres", "CREATE SCHEMA "+name); err != nil {
		tb.Fatalf("pgtest: creating schema: %v", err)
	}
	return c.DSN("postgres") + "&search_path=" + name
}

// Database creates a new database and returns its connection string.
func (c *Cluster) Database(tb testing.TB) string {
	tb.Helper()
	name := fmt.Sprintf("db%d_%s", c.seq.Add(1), randomHex(3))
	if err := c.Exec(context.Background(), "postgres", "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("pgtest: creating database: %v", err)
	}
	return c.DSN(name)
}

// Start starts a cluster for one test and stops it when the test ends.
// It skips the test when the binaries are missing, or fails it if CI is
// set.
func Start(tb testing.TB) *Cluster {
	tb.Helper()
	c, err := New()
	if err != nil {
		unavailable(tb, err)
	}
	tb.Cleanup(func() {
		if err := c.Stop(); err != nil {
			tb.Errorf("pgtest: %v", err)
		}
	})
	return c
}

func unavailable(tb testing.TB, err error) {
	tb.Helper()
	if errors.Is(err, ErrUnavailable) && os.Getenv("CI") == "" {
		tb.Skipf("pgtest: skipping: %v", err)
	}
	tb.Fatalf("pgtest: %v", err)
}

// Lazy is one cluster shared by the tests of a package, started by the
// first test that asks for it. The package's TestMain calls Stop after
// m.Run.
type Lazy struct {
	once sync.Once
	c    *Cluster
	err  error
}

// Get returns the shared cluster, starting it on first use. Like Start,
// it skips or fails the test when the cluster cannot run.
func (l *Lazy) Get(tb testing.TB) *Cluster {
	tb.Helper()
	l.once.Do(func() { l.c, l.err = New() })
	if l.err != nil {
		unavailable(tb, l.err)
	}
	return l.c
}

// Stop stops the shared cluster if it was started.
func (l *Lazy) Stop() error {
	if l.c == nil {
		return nil
	}
	return l.c.Stop()
}

// serverUser returns the credential to run the server with: nil when we
// are not root, else the user truce-pg (created if missing) or nobody.
func serverUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("truce-pg")
	if err != nil {
		exec.Command("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
			"--shell", "/usr/sbin/nologin", "--user-group", "truce-pg").Run()
		u, err = user.Lookup("truce-pg")
	}
	if err != nil {
		u, err = user.Lookup("nobody")
	}
	if err != nil {
		return nil, fmt.Errorf("running as root and no unprivileged user to run PostgreSQL as: %w", err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// sweep stops and removes clusters left behind by test processes that
// died without cleaning up (killed by a timeout, for instance).
func sweep(bin string) {
	dirs, _ := filepath.Glob(filepath.Join(baseDir(), "truce-pg-*"))
	for _, d := range dirs {
		b, err := os.ReadFile(filepath.Join(d, "owner"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			continue // its owner still runs (or we cannot tell)
		}
		st, err := os.Stat(d)
		if err != nil {
			continue
		}
		c := &Cluster{dir: d, bin: bin}
		if sys, ok := st.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 && sys.Uid != 0 {
			c.cred = &syscall.Credential{Uid: sys.Uid, Gid: sys.Gid}
		}
		if _, err := os.Stat(filepath.Join(c.dataDir(), "postmaster.pid")); err == nil {
			c.command("pg_ctl", "stop", "-w", "-m", "immediate", "-D", c.dataDir()).Run()
		}
		os.RemoveAll(d)
	}
}

// baseDir is where clusters live. As root the server runs as another
// user, who must be able to reach the directory: $TMPDIR may be private
// to root, /tmp is not. The unix socket's path must also stay short.
func baseDir() string {
	if os.Geteuid() == 0 {
		if st, err := os.Stat("/tmp"); err == nil && st.IsDir() {
			return "/tmp"
		}
	}
	return os.TempDir()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// WaitFor polls cond until it is true or the timeout passes, and reports
// whether it became true. Tests use it for effects that arrive
// asynchronously (a notification from another process), instead of
// sleeping for a fixed time.
func WaitFor(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(wait)
	}
}
