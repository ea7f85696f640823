package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/term"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/terms"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/internal/atomicfile"
	"github.com/truce-center/truce/ledger"
)

// batchGC lets the garbage collector's heap grow to five times the live
// data (GOGC=400) for the rest of a batch command. Replay and verification
// build the whole state, which must fit in memory anyway; with the default
// target the collector ran so often that a rebuild of 1,000,000 entries
// took 19.8 s instead of 12.0 s (docs/performance.md).
func batchGC() { debug.SetGCPercent(400) }

func (m *Main) logCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "log", Short: "Verify and replay the log",
		PersistentPreRun: func(*cobra.Command, []string) { batchGC() }}
	cmd.AddCommand(m.verifyCmd(), m.replayCmd())
	return cmd
}

// trustFile is what a verifier pins between runs, per log origin.
type trustFile struct {
	Logs map[string]*trustedLog `json:"logs"`
}

type trustedLog struct {
	Key        string `json:"key"`        // the note verifier key
	Checkpoint string `json:"checkpoint"` // the last signed checkpoint verified
	// Witnesses are the witness verifier keys pinned for this log, and
	// WitnessPolicy how many must cosign ("all" or k); see witness.go.
	Witnesses     []string `json:"witnesses,omitempty"`
	WitnessPolicy string   `json:"witness_policy,omitempty"`
}

func defaultTrustPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "truce-trust.json"
	}
	return filepath.Join(dir, "truce", "trust.json")
}

func readTrust(path string) (*trustFile, error) {
	t := &trustFile{Logs: map[string]*trustedLog{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return t, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the trust file: %w", err)
	}
	if err := json.Unmarshal(b, t); err != nil {
		return nil, fmt.Errorf("the trust file %s is damaged: %w", path, err)
	}
	if t.Logs == nil {
		t.Logs = map[string]*trustedLog{}
	}
	return t, nil
}

// writeTrust replaces the trust file atomically and durably, so a crash
// never leaves a verifier without its pin.
func writeTrust(path string, t *trustFile) error {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, b, 0o600)
}

func (m *Main) verifyCmd() *cobra.Command {
	var server, trustPath, key, token string
	var treeOnly bool
	var wf witnessFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Verify the center's log: signature, inclusion of every entry, consistency with the last check, and replay against the API",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if token == "" {
				token = os.Getenv("TRUCE_TOKEN")
			}
			n, err := m.verifyWitnessed(cmd.Context(), server, trustPath, key, token, wf, treeOnly)
			if err != nil {
				return err
			}
			fmt.Fprintf(m.Stdout, "verified %d entries\n", n)
			return nil
		},
	}
	cmd.Flags().StringVar(&server, "server", "http://127.0.0.1:8080", "the center's address")
	cmd.Flags().StringVar(&trustPath, "trust", defaultTrustPath(), "where the key and the last verified checkpoint are pinned")
	cmd.Flags().StringVar(&key, "key", "", "the center's verifier key, if known (otherwise trusted on first use)")
	cmd.Flags().StringVar(&token, "token", "", "a member token: compare the replayed state with what the API shows that member (default $TRUCE_TOKEN)")
	cmd.Flags().BoolVar(&treeOnly, "tree-only", false, "check only the tree (signature, consistency, every entry's inclusion), not the replay")
	wf.register(cmd)
	return cmd
}

// verifyWitnessed runs every check of `truce log verify`, the witnesses'
// cosignatures as wf says (witness.go), and returns the number of entries
// verified.
//
// With treeOnly, only the first pass runs: the signature, consistency with
// the pinned checkpoint and every entry's inclusion, not the replay.
func (m *Main) verifyWitnessed(ctx context.Context, server, trustPath, keyFlag, token string, wf witnessFlags, treeOnly bool) (int64, error) {
	cl, err := httpapi.NewClient(server, token)
	if err != nil {
		return 0, err
	}
	served, err := cl.LogKey(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading the log key: %w", err)
	}
	if keyFlag != "" && keyFlag != served {
		return 0, fmt.Errorf("key check failed: the server's key %q is not the one given with --key", served)
	}
	v, err := note.NewVerifier(served)
	if err != nil {
		return 0, fmt.Errorf("key check failed: the server's key is malformed: %w", err)
	}
	trust, err := readTrust(trustPath)
	if err != nil {
		return 0, err
	}
	var pinned *ledger.Checkpoint
	tl := trust.Logs[v.Name()]
	if tl != nil {
		if tl.Key != served {
			return 0, fmt.Errorf("key check failed: the server now presents key %q, but %q was pinned for %s", served, tl.Key, v.Name())
		}
		cp, _, err := ledger.Open([]byte(tl.Checkpoint), v)
		if err != nil {
			return 0, fmt.Errorf("the pinned checkpoint in %s does not verify: %w", trustPath, err)
		}
		pinned = &cp
	}
	// With a token, what the API shows the member is read first, each
	// answer with the log size it reflects; the checkpoint read next
	// covers them all, and the replay compares each answer when it has
	// applied exactly that many entries. A live center goes on writing
	// meanwhile (its clock's acts, other parties, the access records of
	// these very reads); no answer is compared with a state it was not
	// read from.
	var check *stateCheck
	var fetcher ledger.Fetcher = cl
	if token != "" && !treeOnly {
		if check, err = readViews(ctx, cl); err != nil {
			return 0, err
		}
		msg, err := check.checkpoint(ctx, cl, v)
		if err != nil {
			return 0, err
		}
		fetcher = fixedCheckpoint{cl, msg}
	}
	// With a token, the member's own sealed objects are opened through
	// the API, so that the replay can be compared with what it is shown.
	var opener core.Opener
	if token != "" {
		opener = func(commitment string) ([]byte, error) {
			b, err := cl.Raw(ctx, "GET", "/v1/commitments/"+commitment, nil)
			if truce.ErrorCode(err) == truce.ENotFound {
				return nil, nil
			}
			return b, err
		}
	}
	// Public payloads beside the log are read by anyone; the replay
	// checks each against the hash its entry names.
	replay := center.NewReplayer(core.PublicOpener(func(ref string) ([]byte, error) {
		path, err := ledger.PayloadPath(ref)
		if err != nil {
			return nil, err
		}
		return cl.Raw(ctx, "GET", "/log/"+path, nil)
	}, opener))
	// Entries are replayed in runs, decoded on every core while the run
	// before applies; a failure names its entry in its message.
	var pending [][]byte
	flush := func() error {
		err := replay.Go(pending)
		pending = nil // the run is still being applied
		return err
	}
	var bar *progressbar.ProgressBar
	barPass := 0
	endBar := func() {
		if bar != nil {
			bar.Finish()
			fmt.Fprintln(m.Stderr)
			bar = nil
		}
	}
	var stateErr error // a state check's failure, not the entry's
	opts := ledger.VerifyOptions{
		Pinned: pinned,
		Entry: func(i int64, e []byte) error {
			pending = append(pending, e)
			if check.due(uint64(i + 1)) {
				if err := flush(); err != nil {
					return err
				}
				if err := replay.Wait(); err != nil {
					return err
				}
				stateErr = check.at(replay.State())
				return stateErr
			}
			if len(pending) < 4096 {
				return nil
			}
			return flush()
		},
		Progress: func(pass int, done, total int64) {
			if pass != barPass && isTerminal(m.Stderr) {
				endBar()
				barPass = pass
				bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(m.Stderr),
					progressbar.OptionSetDescription([]string{"", "the tree", "the replay"}[pass]), progressbar.OptionShowCount())
			}
			if bar != nil {
				bar.Set64(done)
			}
		},
	}
	if treeOnly {
		opts.Entry = nil
	}
	// Bundles are read several at once: keep a connection for each.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	cl.HTTP = &http.Client{Transport: tr}
	cp, msg, err := ledger.Verify(ctx, fetcher, v, opts)
	if err == nil {
		if err = flush(); err == nil {
			err = replay.Wait()
		}
		if err != nil {
			err = fmt.Errorf("entry check failed: %w", err)
		}
	}
	replay.Wait() // the run in flight, if the tree check failed
	endBar()
	if stateErr != nil {
		return 0, stateErr
	}
	if err != nil {
		return 0, err
	}
	if err := check.done(cp.Size); err != nil {
		return 0, err
	}
	wkeys, wpolicy, err := checkWitnesses(ctx, cl, tl, wf, msg)
	if err != nil {
		return 0, err
	}
	trust.Logs[v.Name()] = &trustedLog{Key: served, Checkpoint: string(msg), Witnesses: wkeys, WitnessPolicy: wpolicy}
	if err := writeTrust(trustPath, trust); err != nil {
		return 0, fmt.Errorf("pinning the checkpoint: %w", err)
	}
	return cp.Size, nil
}

// stateCheck is what the API showed the token's member, each answer with
// the log size of the state it was read from, to be compared with the
// replay when it reflects exactly that many entries.
type stateCheck struct {
	member string
	views  map[string]servedView
	sizes  []uint64 // the answers' sizes, ascending, each once; the first not yet compared
	// short says why no checkpoint covering every answer was read.
	short error
}

// servedView is one answer: its body, or the refusal of a path the
// member may not read, and the log size it reflects.
type servedView struct {
	body    []byte
	refused error
	size    uint64
}

// readViews reads every path center.ViewPaths names for the parties and
// terms the API lists, with the log size of each answer.
func readViews(ctx context.Context, cl *httpapi.Client) (*stateCheck, error) {
	var me httpapi.Me
	if err := cl.Get(ctx, "/v1/me", &me); err != nil {
		return nil, fmt.Errorf("state check failed: reading /v1/me: %w", err)
	}
	c := &stateCheck{member: me.Member.ID, views: map[string]servedView{}}
	read := func(paths []string) error {
		for _, path := range paths {
			if _, ok := c.views[path]; ok {
				continue
			}
			body, size, err := cl.View(ctx, path)
			if code := truce.ErrorCode(err); err != nil && code != truce.EForbidden && code != truce.ENotFound {
				return fmt.Errorf("state check failed: %w", err)
			}
			if size == 0 {
				return fmt.Errorf("state check failed: GET %s answered at log size 0, before the log's first entry", path)
			}
			c.views[path] = servedView{body: body, refused: err, size: size}
			if !slices.Contains(c.sizes, size) {
				c.sizes = append(c.sizes, size)
			}
		}
		return nil
	}
	if err := read(center.ViewPaths(nil, nil)); err != nil {
		return nil, err
	}
	// The parties and terms listed name the other paths.
	ids := map[string][]string{}
	for _, path := range []string{center.PathParties, terms.PathTerms} {
		var xs []struct{ ID string }
		if err := json.Unmarshal(c.views[path].body, &xs); err != nil {
			return nil, fmt.Errorf("state check failed: %s: %w", path, err)
		}
		for _, x := range xs {
			ids[path] = append(ids[path], x.ID)
		}
	}
	if err := read(center.ViewPaths(ids[center.PathParties], ids[terms.PathTerms])); err != nil {
		return nil, err
	}
	slices.Sort(c.sizes)
	return c, nil
}

// due reports whether answers were read at log size n and are still to
// be compared.
func (c *stateCheck) due(n uint64) bool { return c != nil && len(c.sizes) > 0 && c.sizes[0] == n }

// at compares, on the replay of the first c.sizes[0] entries, every
// answer read at that size: a view the replay says the member is shown
// must be served equal, and a path it does not show must be refused.
func (c *stateCheck) at(st *core.State) error {
	size := c.sizes[0]
	c.sizes = c.sizes[1:]
	want, err := center.Views(st, c.member)
	if err != nil {
		return fmt.Errorf("state check failed at log size %d: %w", size, err)
	}
	for _, path := range slices.Sorted(maps.Keys(c.views)) {
		got := c.views[path]
		if got.size != size {
			continue
		}
		w, shown := want[path]
		switch {
		case !shown && got.refused == nil:
			return fmt.Errorf("state check failed: %s is served at log size %d, but the replay of the log's first %d entries shows the member no such list:\n served: %s", path, size, size, bytes.TrimSpace(got.body))
		case !shown:
			continue
		case got.refused != nil:
			return fmt.Errorf("state check failed: %s is refused at log size %d (%v), but the replay of the log's first %d entries shows it to the member", path, size, got.refused, size)
		}
		b, err := json.Marshal(w)
		if err != nil {
			return err
		}
		if !jsonEqual(b, got.body) {
			return fmt.Errorf("state check failed: %s as served at log size %d differs from the replay of the log's first %d entries:\n served: %s\n replay: %s", path, size, size, bytes.TrimSpace(got.body), b)
		}
	}
	return nil
}

// done fails if an answer was read at a size the replay of a checkpoint
// of cpSize entries never reached.
func (c *stateCheck) done(cpSize int64) error {
	if c == nil || len(c.sizes) == 0 {
		return nil
	}
	err := fmt.Errorf("state check failed: the API answered at log size %d, beyond the %d entries of the checkpoint verified", c.sizes[len(c.sizes)-1], cpSize)
	if c.short != nil {
		err = fmt.Errorf("%w: %w", err, c.short)
	}
	return err
}

// checkpoint reads a checkpoint that covers every answer. The checkpoint
// served covers every entry committed unless witnesses are registered:
// then it may trail the state by an offer round, and the receipt of the
// last entry the answers reflect is read instead, which the center gives
// once a checkpoint covering it is final (or refuses after its bounded
// wait). If none comes, the checkpoint served is verified and done says
// why the answers beyond it were not compared. Signatures are checked
// later, by ledger.Verify.
func (c *stateCheck) checkpoint(ctx context.Context, cl *httpapi.Client, v note.Verifier) ([]byte, error) {
	msg, err := cl.ReadCheckpoint(ctx)
	if err != nil {
		return nil, &ledger.VerifyError{Check: "fetch", Index: -1, Err: fmt.Errorf("reading checkpoint: %w", err)}
	}
	size := c.sizes[len(c.sizes)-1]
	if cp, _, err := ledger.Open(msg, v); err != nil || uint64(cp.Size) >= size {
		return msg, nil
	}
	b, err := cl.Raw(ctx, "GET", fmt.Sprintf("/v1/receipts/%d", size-1), nil)
	if err != nil {
		c.short = fmt.Errorf("no checkpoint covering it came: %w", err)
		return msg, nil
	}
	r, err := ledger.ParseReceipt(b)
	if err != nil {
		c.short = fmt.Errorf("the receipt of entry %d: %w", size-1, err)
		return msg, nil
	}
	return r.Checkpoint, nil
}

// fixedCheckpoint reads the log through the client, with the checkpoint
// already read.
type fixedCheckpoint struct {
	*httpapi.Client
	msg []byte
}

func (f fixedCheckpoint) ReadCheckpoint(context.Context) ([]byte, error) { return f.msg, nil }

func jsonEqual(a, b []byte) bool {
	ca, err1 := ledger.Canonicalize(bytes.TrimSpace(a))
	cb, err2 := ledger.Canonicalize(bytes.TrimSpace(b))
	return err1 == nil && err2 == nil && bytes.Equal(ca, cb)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (m *Main) replayCmd() *cobra.Command {
	var sf storeFlags
	var rebuild bool
	cmd := &cobra.Command{
		Use:   "replay",
		Short: "Rebuild every projection from the log and report any difference from the stored one",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := sf.openExisting(cmd.Context())
			if err != nil {
				return err
			}
			defer store.Close()
			if rebuild {
				n, err := center.Rebuild(cmd.Context(), store)
				if err != nil {
					return fmt.Errorf("rebuild failed: %w", err)
				}
				fmt.Fprintf(m.Stdout, "rewrote %d objects of the stored projection from the log\n", n)
			}
			diffs, n, err := center.Replay(cmd.Context(), store, nil)
			if err != nil {
				return fmt.Errorf("replay failed: %w", err)
			}
			if len(diffs) > 0 {
				for _, d := range diffs {
					fmt.Fprintln(m.Stdout, d)
				}
				return fmt.Errorf("the stored projection differs from the replay of %d entries", n)
			}
			fmt.Fprintf(m.Stdout, "replayed %d entries: the stored projection equals the replay\n", n)
			return nil
		},
	}
	sf.register(cmd)
	cmd.Flags().BoolVar(&rebuild, "rebuild", false, "first rewrite the stored projection from the log (stop the server first)")
	return cmd
}
