package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/engine"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/demo"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/postgres"
	"github.com/truce-center/truce/sqlite"
	"github.com/truce-center/truce/web"
)

// storeFlags are the flags that say where a center's data is.
type storeFlags struct {
	data  string
	key   string
	store string
	dsn   string
}

func (f *storeFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.data, "data", "./truce-data", "data directory (the embedded store and the signing key)")
	cmd.Flags().StringVar(&f.key, "key", "", "the signing key file (default DATA/center.key)")
	cmd.Flags().StringVar(&f.store, "store", "sqlite", "the store: sqlite (embedded) or postgres")
	cmd.Flags().StringVar(&f.dsn, "dsn", "", "PostgreSQL connection string, with --store postgres")
}

func (f *storeFlags) open(ctx context.Context) (engine.Store, error) {
	switch f.store {
	case "sqlite":
		return sqlite.Open(ctx, f.data)
	case "postgres":
		// The signing key stays a file (--data or --key); every node of
		// one center reads the same key and the same database.
		if f.dsn == "" {
			return nil, errors.New("--store postgres needs --dsn (a PostgreSQL URL or key=value connection string)")
		}
		return postgres.Open(ctx, f.dsn)
	}
	return nil, fmt.Errorf("--store must be sqlite or postgres, not %q", f.store)
}

// openExisting opens a store that already holds a center's log, and never
// creates one: a command that reads a log must not answer for an empty
// directory as if it were a center.
func (f *storeFlags) openExisting(ctx context.Context) (engine.Store, error) {
	if f.store == "sqlite" {
		p := filepath.Join(f.data, sqlite.FileName)
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no store in %s (no %s there); give --data the directory of an initialised center", f.data, sqlite.FileName)
		} else if err != nil {
			return nil, err
		}
	}
	store, err := f.open(ctx)
	if err != nil {
		return nil, err
	}
	if n, err := store.Size(ctx); err != nil || n == 0 {
		store.Close()
		if err != nil {
			return nil, err
		}
		return nil, errors.New("the store holds no log: it was never initialised (truce init)")
	}
	return store, nil
}

func (m *Main) logger(level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	return slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: l})), nil
}

// netFlags are the flags that say where and how a center listens.
type netFlags struct {
	addr        string
	metricsAddr string
	limits      httpapi.Limits
	// settings are the center's settings that belong to the server: the
	// witness policy.
	settings core.Settings
}

func (f *netFlags) register(cmd *cobra.Command) {
	f.limits = httpapi.DefaultLimits()
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&f.metricsAddr, "metrics-addr", "", "also serve Prometheus metrics at /metrics on this address, without a token (keep it private); on --addr /metrics needs a coordinator's token")
	cmd.Flags().IntVar(&f.limits.MaxConns, "max-conns", f.limits.MaxConns, "most connections open at once; beyond it a new one replaces the oldest idle or silent one, or is closed")
	cmd.Flags().IntVar(&f.limits.MaxConnsPerIP, "max-conns-per-ip", f.limits.MaxConnsPerIP, "most connections open at once from one client address (IPv6: one /64); raise it behind a proxy")
	cmd.Flags().DurationVar(&f.limits.HeaderTimeout, "header-timeout", f.limits.HeaderTimeout, "how long a client may take to send a request's headers")
	cmd.Flags().DurationVar(&f.limits.BodyTimeout, "body-timeout", f.limits.BodyTimeout, "how long a client may take to send a request's body")
	cmd.Flags().DurationVar(&f.limits.IdleTimeout, "idle-timeout", f.limits.IdleTimeout, "how long an idle keep-alive connection stays open")
	cmd.Flags().IntVar(&f.limits.MaxHeaderBytes, "max-header-bytes", f.limits.MaxHeaderBytes, "largest request header block, in bytes")
	cmd.Flags().IntVar(&f.settings.WitnessQuorum, "witness-quorum", 0, "witness policy: how many registered witnesses must cosign a checkpoint for it to be final (0: all of them)")
	cmd.Flags().DurationVar(&f.settings.WitnessTimeout, "witness-timeout", 10*time.Second, "bound on one exchange with a witness")
	cmd.Flags().IntVar(&f.settings.Questions.PerHour, "questions-per-hour", 0, "each member's budget of conflict questions (dry runs, cancellations) an hour when the terms in force set none (0: 360); raise it for load tests, never to turn the budget off")
}

func (m *Main) serveCmd() *cobra.Command {
	var sf storeFlags
	var nf netFlags
	var level, config string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the center",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if config != "" {
				if err := applyConfig(cmd, config); err != nil {
					return err
				}
			}
			log, err := m.logger(level)
			if err != nil {
				return err
			}
			return m.serve(cmd.Context(), &sf, &nf, log, nil)
		},
	}
	sf.register(cmd)
	nf.register(cmd)
	cmd.Flags().StringVar(&level, "log-level", "info", "log level: debug, info, warn, error")
	cmd.Flags().StringVar(&m.basemap, "basemap", "", "a PMTiles file: the web app's vector basemap, served by this center")
	m.snap.register(cmd)
	cmd.Flags().StringVar(&config, "config", "", "a TOML file of the server's settings: one key per flag of serve (addr = \"127.0.0.1:8080\"); the command line wins")
	return cmd
}

// listen listens on addr, and says what to do when the address is taken.
func listen(addr, flag string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("listening on %s: the address is in use: stop what listens there, or give another with %s (make demo ADDR=127.0.0.1:8090)", addr, flag)
	}
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	return ln, nil
}

// serve runs a center until ctx is cancelled, then shuts down gracefully:
// the listener closes, in-flight requests (and the writes they wait for)
// finish, the writer commits what it accepted, and the store closes.
// started, if set, is called once the server listens.
func (m *Main) serve(ctx context.Context, sf *storeFlags, nf *netFlags, log *slog.Logger, started func(addr string, c *center.Center)) error {
	if m.basemap != "" {
		if _, err := os.Stat(m.basemap); err != nil {
			return fmt.Errorf("--basemap: %w", err)
		}
	}
	if m.snap.entries < 0 {
		return fmt.Errorf("--snapshot-entries must be 0 (100,000 or a quarter of the log) or more, not %d", m.snap.entries)
	}
	signer, err := loadKey(keyPath(sf.data, sf.key))
	if err != nil {
		return err
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	// Loading the projection makes much short-lived garbage (decoded
	// documents, parsed geometry): collect less often while it runs (a
	// quarter less CPU at 100,000 objects), then as configured.
	gc := debug.SetGCPercent(startupGCPercent)
	if gc > startupGCPercent || gc < 0 {
		debug.SetGCPercent(gc) // GOGC asked for less collection than that, or none
	}
	c, err := center.Open(ctx, core.Config{Store: store, Signer: signer, Clock: m.Clock, Logger: log, Settings: nf.settings,
		Snapshot: m.snap.path(sf), SnapshotEntries: m.snap.entries, SnapshotInterval: m.snap.interval})
	debug.SetGCPercent(gc)
	if err != nil {
		return err
	}
	defer c.Close()
	// The heap the open built (2 GB at a million objects) has not been
	// marked at the collection rate now in force: its first cycle would
	// otherwise start at the first request's allocation and be paid by
	// the first minute of requests (at a million objects one cycle is
	// several CPU-seconds). Run it now, beside the start of listening.
	go runtime.GC()
	if c.Info() == nil {
		return errors.New("the store is empty; run truce init first")
	}
	ln, err := listen(nf.addr, "--addr")
	if err != nil {
		return err
	}
	api := httpapi.New(c, log)
	api.Extra = web.Handler(m.basemap) // the web application at /
	srv := api.HTTPServer(nf.limits)
	// Event streams never go idle: end them when shutdown begins.
	srv.RegisterOnShutdown(c.CloseEvents)
	errc := make(chan error, 2)
	if nf.metricsAddr != "" {
		mln, err := listen(nf.metricsAddr, "--metrics-addr")
		if err != nil {
			ln.Close()
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", api.Metrics())
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: nf.limits.HeaderTimeout, IdleTimeout: nf.limits.IdleTimeout}
		defer msrv.Close()
		go func() { errc <- msrv.Serve(mln) }()
		log.Info("serving metrics", "addr", mln.Addr().String())
	}
	go func() { errc <- srv.Serve(api.Listener(ln, nf.limits)) }()
	url := "http://" + ln.Addr().String()
	log.Info("listening", "addr", ln.Addr().String(), "url", url, "origin", c.Origin(), "log_size", c.Size())
	if started != nil {
		started(url, c)
	}
	// The clock's acts: alerts for unacknowledged urgent and flash
	// messages, expiries, executions and the terms' phase changes. They
	// begin once started has returned: the demonstration loads its
	// scenario first, so that no tick falls between two of its acts (a
	// phase whose conditions hold before the scenario's violation is
	// verified would otherwise move on without counting it).
	go c.RunClock(ctx)
	if m.Ready != nil {
		m.Ready(url)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("shutdown", "err", err)
	}
	if err := c.Close(); err != nil {
		return err
	}
	log.Info("stopped", "log_size", c.Size())
	return nil
}

func (m *Main) initCmd() *cobra.Command {
	var sf storeFlags
	var origin, partyName, memberName string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Create a store, the center's signing key, the coordinator party and its first member",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := m.initCenter(cmd.Context(), &sf, origin, partyName, memberName)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(m.Stdout).Encode(res)
			}
			printInit(m.Stdout, sf.data, res)
			return nil
		},
	}
	sf.register(cmd)
	cmd.Flags().StringVar(&origin, "origin", "", "the log's origin, which names the signing key (default truce.invalid/center-<random>)")
	cmd.Flags().StringVar(&partyName, "coordinator", "Coordinator", "the coordinator party's name")
	cmd.Flags().StringVar(&memberName, "member", "coordinator desk", "the coordinator's first member's name")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"party_id","member_id","token","log_key"} as JSON`)
	return cmd
}

func printInit(w io.Writer, dir string, res *members.InitResult) {
	fmt.Fprintf(w, "Initialised a center in %s.\n", dir)
	fmt.Fprintf(w, "Coordinator party: %s\nMember:            %s\n", res.PartyID, res.MemberID)
	fmt.Fprintf(w, "Token (shown once; keep it secret): %s\n", res.Token)
	fmt.Fprintf(w, "Log verifier key: %s\n", res.LogKey)
}

// initCenter creates the key and the store and writes the first entries.
func (m *Main) initCenter(ctx context.Context, sf *storeFlags, origin, partyName, memberName string) (*members.InitResult, error) {
	kp := keyPath(sf.data, sf.key)
	if _, err := os.Stat(kp); err == nil {
		return nil, fmt.Errorf("a key already exists at %s: this center is initialised", kp)
	}
	store, err := sf.open(ctx)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	if n, err := store.Size(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, fmt.Errorf("the store already holds a log of %d entries", n)
	}
	signer, vkey, err := createKey(kp, origin)
	if err != nil {
		return nil, err
	}
	c, err := center.Open(ctx, core.Config{Store: store, Signer: signer, Clock: m.Clock})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.Init(ctx, vkey, partyName, memberName)
}

func (m *Main) demoCmd() *cobra.Command {
	var data, level string
	var nf netFlags
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "demo",
		Short: `Start a center on a fresh embedded store loaded with the scenario "Aleppo, September 2016", and print how to reach it`,
		Long: `Start a center on a fresh embedded store, load the demonstration scenario
"Aleppo, September 2016" through the API (so all of it is in the log), and
print the address and a token for each demonstration member. The center's
clock starts at the scenario's time, 2016-09-12T12:00:00Z, and runs on from
there. Names and coordinates are approximate, and the acts illustrative.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, cancel := context.WithCancel(cmd.Context())
			defer cancel()
			if data == "" {
				dir, err := os.MkdirTemp("", "truce-demo-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				data = dir
			}
			// The scenario's dates are fixed in September 2016: the center
			// runs on a clock that starts there, unless a test gave one.
			if _, real := m.Clock.(truce.SystemClock); real || m.Clock == nil {
				m.Clock = demo.NewClock(demo.Start())
			}
			sf := storeFlags{data: data, store: "sqlite"}
			// A new origin for each demonstration: every run has a new key,
			// and a verifier pins the key per origin, so a fixed origin would
			// make the second run's log verify fail its key check.
			origin := "truce.invalid/demo-" + strings.ToLower(rand.Text()[:8])
			res, err := m.initCenter(ctx, &sf, origin, "United Nations (coordinator)", "UN operations desk")
			if err != nil {
				return err
			}
			log, err := m.logger(level)
			if err != nil {
				return err
			}
			var loadErr error
			err = m.serve(ctx, &sf, &nf, log, func(url string, c *center.Center) {
				loaded, err := demo.Load(ctx, url, res.Token, m.Clock)
				if err != nil {
					loadErr = fmt.Errorf("loading the demonstration scenario: %w", err)
					cancel()
					return
				}
				// The terms' first phase is met on the scenario's data: let
				// the center move on now rather than at a tick that could
				// fall between two reads of whoever uses the demonstration.
				if err := c.Terms().AdvancePhases(ctx); err != nil {
					loadErr = fmt.Errorf("the demonstration's phase change: %w", err)
					cancel()
					return
				}
				if asJSON {
					json.NewEncoder(m.Stdout).Encode(struct {
						URL     string        `json:"url"`
						Members []demo.Member `json:"members"`
					}{url, loaded.Members})
					return
				}
				printDemo(m.Stdout, url, data, res.LogKey, loaded)
			})
			if loadErr != nil {
				return loadErr
			}
			return err
		},
	}
	cmd.Flags().StringVar(&data, "data", "", "data directory (default: a new temporary directory, removed on exit)")
	nf.register(cmd)
	cmd.Flags().StringVar(&level, "log-level", "warn", "log level: debug, info, warn, error")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"url", "members": [{"party","party_id","name","token"}]} as the first line`)
	return cmd
}

// printDemo tells a person where the demonstration is, how to sign in as
// each member, and what to look at first.
func printDemo(w io.Writer, url, data, logKey string, res *demo.Result) {
	fmt.Fprintf(w, "truce demo: \"Aleppo, September 2016\" at %s (data in %s)\n", url, data)
	fmt.Fprintf(w, "A demonstration: coordinates approximate, acts illustrative. The center's clock started at 2016-09-12 12:00 UTC.\n\n")
	fmt.Fprintf(w, "Sign in to the web app with a member's token (one member per browser tab):\n")
	width := 0
	for _, mb := range res.Members {
		width = max(width, len(mb.Party))
	}
	for _, mb := range res.Members {
		fmt.Fprintf(w, "  %-*s  %s\n", width, mb.Party, mb.Token)
	}
	fmt.Fprintf(w, "\nLook first:\n"+
		"  1. As the Syrian government forces: both their strikes were objected. One is 250 m from a hospital\n"+
		"     they were never told of (the conflict says only \"hospital\" and a coarse area); one hits Castello\n"+
		"     Road while the UN convoy is on it.\n"+
		"  2. As the humanitarian agency, in another tab: the hidden hospital on its map, the convoy's\n"+
		"     acknowledgements, who was shown its sites' coordinates (access records), and its notices:\n"+
		"     which strikes came near the hidden hospital, and whether they meet its buffer (GET /v1/notices).\n"+
		"  3. As the coordinator: the hotline. The United States' flash goes unanswered and escalates 2 minutes in.\n"+
		"  4. The log, with nothing but the center's key:\n"+
		"     %s\n", verifyLine(url, logKey))
}

// verifyLine is the log verify command a person can paste into the shell
// they started the demonstration from: the program as it was invoked
// (./bin/truce under make demo), every word quoted for sh where needed.
func verifyLine(url, logKey string) string {
	return strings.Join([]string{shellQuote(selfName()), "log", "verify", "--server", shellQuote(url), "--key", shellQuote(logKey)}, " ")
}

// selfName is how to run this program again from the same directory: the
// path it was started by, or its bare name when the shell found it on
// $PATH.
func selfName() string {
	arg0 := os.Args[0]
	if strings.ContainsRune(arg0, '/') {
		return arg0
	}
	if p, err := exec.LookPath(arg0); err == nil {
		if self, err := os.Executable(); err == nil && sameFile(p, self) {
			return arg0
		}
	}
	if self, err := os.Executable(); err == nil {
		return self
	}
	return arg0
}

func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// shellQuote quotes s for a POSIX shell unless it is made only of
// characters that need no quoting.
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:+=,@%", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// snapFlags say where serve keeps its snapshot (core.Config.Snapshot)
// and how often it writes one.
type snapFlags struct {
	file     string
	entries  int
	interval time.Duration
}

func (f *snapFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.file, "snapshot", "auto", "the start-up snapshot's file (projection and conflict index, checked against the log at start; mode 0600): auto (DATA/snapshot with the embedded store, none with postgres), off, or a path")
	cmd.Flags().IntVar(&f.entries, "snapshot-entries", 0, "write the snapshot in the background after this many entries (0: 100,000 or a quarter of the log, whichever is more)")
	cmd.Flags().DurationVar(&f.interval, "snapshot-interval", core.DefaultSnapshotInterval, "or after this long, once a hundredth of the log was written since (it is written at shutdown too)")
}

// path is the snapshot's file, or "" for none (demo: no flag, no file).
func (f *snapFlags) path(sf *storeFlags) string {
	switch f.file {
	case "", "off":
		return ""
	case "auto":
		if sf.store != "sqlite" {
			return ""
		}
		return filepath.Join(sf.data, "snapshot")
	}
	return f.file
}

// startupGCPercent is the collector's target while serve loads the
// projection (GOGC's 100 afterwards, unless GOGC says otherwise).
const startupGCPercent = 400
