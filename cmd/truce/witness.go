package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/ledger"
)

// Files of a witness's data directory.
const (
	witnessKeyFile   = "witness.key"
	witnessStateFile = "witness-state.json"
	witnessEvidence  = "evidence"
)

func (m *Main) witnessCmd() *cobra.Command {
	var server, data, addr, name, logKey, level string
	cmd := &cobra.Command{
		Use:   "witness",
		Short: "Run a party's witness: cosign the center's checkpoints (C2SP tlog-witness), never two histories",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := m.logger(level)
			if err != nil {
				return err
			}
			w, err := openWitness(cmd.Context(), data, name, server, logKey, m.Clock, m.Stdout)
			if err != nil {
				return err
			}
			w.log = log
			return w.serve(cmd.Context(), addr, m.Ready, m.Stdout)
		},
	}
	cmd.Flags().StringVar(&server, "server", "", "the center's address: its log key is read from /log/key on first start (trust on first use) unless --log-key is given")
	cmd.Flags().StringVar(&data, "data", "./truce-witness", "data directory (the witness key and the last checkpoint cosigned)")
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8081", "address to listen on")
	cmd.Flags().StringVar(&name, "name", "", "the witness's name, on first start (default truce.invalid/witness-<random>)")
	cmd.Flags().StringVar(&logKey, "log-key", "", "the center's log verifier key, instead of reading it from --server")
	cmd.Flags().StringVar(&level, "log-level", "info", "log level: debug, info, warn, error")
	return cmd
}

// witness is a C2SP tlog-witness for the logs it knows. Its state is one
// JSON file, replaced atomically after an fsync, so a crash leaves either
// the old or the new record, never a torn one, and a cosignature is never
// answered before the checkpoint it covers is on disk.
type witness struct {
	dir    string
	signer *ledger.Cosigner
	log    *slog.Logger

	mu    sync.Mutex // held across check, persist and sign: C2SP requires them atomic
	state witnessState
}

type witnessState struct {
	Logs map[string]*ledger.WitnessedLog `json:"logs"` // by origin
}

// openWitness loads (or on first start creates) a witness's key and
// state, and makes sure it knows the center's log.
func openWitness(ctx context.Context, dir, name, server, logKey string, clock truce.Clock, out io.Writer) (*witness, error) {
	if clock == nil {
		clock = truce.SystemClock{}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	kp := filepath.Join(dir, witnessKeyFile)
	skey, err := readWitnessKey(kp)
	if errors.Is(err, fs.ErrNotExist) {
		if name == "" {
			var b [4]byte
			rand.Read(b[:])
			name = "truce.invalid/witness-" + hex.EncodeToString(b[:])
		}
		var vkey string
		skey, vkey, err = ledger.GenerateCosignerKey(name)
		if err != nil {
			return nil, err
		}
		if err := writeFileAtomic(kp, []byte(skey+"\n"), 0o600); err != nil {
			return nil, fmt.Errorf("writing the witness key: %w", err)
		}
		fmt.Fprintf(out, "Created the witness key %s in %s.\nWitness verifier key (give it to the coordinator to register): %s\n", name, kp, vkey)
	} else if err != nil {
		return nil, err
	}
	signer, err := ledger.NewCosigner(skey, clock.Now)
	if err != nil {
		return nil, fmt.Errorf("the witness key %s: %w", kp, err)
	}
	if name != "" && name != signer.Name() {
		return nil, fmt.Errorf("the witness key in %s is named %q, not %q", kp, signer.Name(), name)
	}
	w := &witness{dir: dir, signer: signer, log: slog.New(slog.DiscardHandler), state: witnessState{Logs: map[string]*ledger.WitnessedLog{}}}
	b, err := os.ReadFile(filepath.Join(dir, witnessStateFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		if err := json.Unmarshal(b, &w.state); err != nil {
			return nil, fmt.Errorf("the witness state %s is damaged: %w", filepath.Join(dir, witnessStateFile), err)
		}
		if w.state.Logs == nil {
			w.state.Logs = map[string]*ledger.WitnessedLog{}
		}
	}
	if logKey == "" && server != "" {
		cl, err := httpapi.NewClient(server, "")
		if err != nil {
			return nil, err
		}
		if logKey, err = cl.LogKey(ctx); err != nil {
			if len(w.state.Logs) == 0 {
				return nil, fmt.Errorf("reading the center's log key: %w", err)
			}
			// The pinned key is enough to go on: a witness must be able to
			// restart while the center is down.
			fmt.Fprintf(out, "The center's log key could not be read (%v); going on with the pinned one.\n", err)
			logKey = ""
		}
	}
	if logKey != "" {
		v, err := note.NewVerifier(logKey)
		if err != nil {
			return nil, fmt.Errorf("the center's log key %q: %w", logKey, err)
		}
		switch wl := w.state.Logs[v.Name()]; {
		case wl == nil:
			w.state.Logs[v.Name()] = &ledger.WitnessedLog{Key: logKey}
			if err := w.persist(); err != nil {
				return nil, err
			}
			fmt.Fprintf(out, "Witnessing the log %s with key %s.\n", v.Name(), logKey)
		case wl.Key != logKey:
			return nil, fmt.Errorf("the log %s now presents key %q, but this witness pinned %q", v.Name(), logKey, wl.Key)
		}
	}
	if len(w.state.Logs) == 0 {
		return nil, errors.New("the witness knows no log: give --server or --log-key")
	}
	return w, nil
}

func readWitnessKey(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("the witness key %s has mode %v; it must be readable by its owner only (chmod 600)", path, st.Mode().Perm())
	}
	b, err := os.ReadFile(path)
	return strings.TrimSpace(string(b)), err
}

// persist writes the state file. The caller holds mu (or is opening).
func (w *witness) persist() error {
	b, err := json.MarshalIndent(w.state, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(w.dir, witnessStateFile), b, 0o600)
}

// writeFileAtomic replaces path with data: a temporary file, fsynced,
// renamed over path, and the directory fsynced so the rename is durable.
func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
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

// addCheckpoint decides one add-checkpoint request and, if it passes,
// records the checkpoint and returns the cosignature line.
func (w *witness) addCheckpoint(body []byte) (string, error) {
	req, err := ledger.ParseAddCheckpoint(body)
	if err != nil {
		return "", &ledger.WitnessError{Status: http.StatusBadRequest, Err: err}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	cp, n, err := ledger.CheckAddCheckpoint(w.state.Logs, req)
	if err != nil {
		var we *ledger.WitnessError
		if errors.As(err, &we) && we.Evidence {
			w.keepEvidence(body, we)
		}
		return "", err
	}
	wl := w.state.Logs[cp.Origin]
	prev := *wl
	wl.Size, wl.Hash, wl.Note = cp.Size, cp.Hash, string(req.Note)
	if err := w.persist(); err != nil {
		*wl = prev
		return "", fmt.Errorf("recording the checkpoint: %w", err)
	}
	return w.signer.SignatureLine([]byte(n.Text))
}

// keepEvidence stores a checkpoint the log signed that contradicts the
// one this witness cosigned: with the cosigned one in the state file, it
// proves the log forked.
func (w *witness) keepEvidence(body []byte, we *ledger.WitnessError) {
	dir := filepath.Join(w.dir, witnessEvidence)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		w.log.Error("keeping evidence", "err", err)
		return
	}
	sum := sha256.Sum256(body)
	name := filepath.Join(dir, hex.EncodeToString(sum[:8])+".txt")
	text := fmt.Sprintf("# refused: %v\n# the checkpoint this witness had cosigned:\n%s\n# the request:\n%s", we.Err, w.lastNotes(), body)
	if err := writeFileAtomic(name, []byte(text), 0o600); err != nil {
		w.log.Error("keeping evidence", "err", err)
	}
	w.log.Warn("refused a checkpoint that contradicts the one cosigned; evidence kept", "file", name, "err", we.Err)
}

func (w *witness) lastNotes() string {
	var b strings.Builder
	for _, wl := range w.state.Logs {
		b.WriteString(wl.Note)
	}
	return b.String()
}

// ServeHTTP serves POST /add-checkpoint.
func (w *witness) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/add-checkpoint" {
		http.NotFound(rw, r)
		return
	}
	if r.Method != http.MethodPost {
		rw.Header().Set("Allow", "POST")
		http.Error(rw, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, 1<<16))
	if err != nil {
		http.Error(rw, "the body is too large", http.StatusRequestEntityTooLarge)
		return
	}
	line, err := w.addCheckpoint(body)
	var we *ledger.WitnessError
	switch {
	case err == nil:
		w.log.Info("cosigned", "remote", r.RemoteAddr)
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(rw, line)
	case errors.As(err, &we) && we.Status == http.StatusConflict:
		w.log.Info("refused", "status", we.Status, "err", we.Err)
		rw.Header().Set("Content-Type", "text/x.tlog.size")
		rw.WriteHeader(http.StatusConflict)
		fmt.Fprintf(rw, "%d\n", we.Size)
	case errors.As(err, &we):
		w.log.Info("refused", "status", we.Status, "err", we.Err)
		http.Error(rw, we.Err.Error(), we.Status)
	default:
		w.log.Error("add-checkpoint", "err", err)
		http.Error(rw, "internal error", http.StatusInternalServerError)
	}
}

// serve runs the witness's HTTP server until ctx ends.
func (w *witness) serve(ctx context.Context, addr string, ready func(string), out io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	srv := &http.Server{Handler: w, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "witness %s listening at %s\nverifier key: %s\n", w.signer.Name(), url, w.signer.VerifierKey())
	w.log.Info("listening", "url", url, "name", w.signer.Name())
	if ready != nil {
		ready(url)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// witnessFlags are `truce log verify`'s witness options.
type witnessFlags struct {
	keys   []string
	policy string
}

func (f *witnessFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.keys, "witness", nil, "a witness verifier key to require cosignatures from (repeat for each; replaces the pinned ones). Without it, the pinned keys, or on first use those the center lists at /v1/witnesses")
	cmd.Flags().StringVar(&f.policy, "witness-policy", "", `how many of the witnesses must have cosigned: "all" or a number (default: the pinned policy, else "all")`)
}

// checkWitnesses checks the cosignatures on a verified checkpoint note
// against the witness keys and the policy, and returns the keys and the
// policy to pin. The keys are, in order: the --witness flags; those
// pinned before; on first use (nothing pinned), the witnesses the center
// lists at GET /v1/witnesses, trusted on first use like the log key.
func checkWitnesses(ctx context.Context, cl *httpapi.Client, tl *trustedLog, wf witnessFlags, msg []byte) ([]string, string, error) {
	keys, policy := wf.keys, wf.policy
	if len(keys) == 0 && tl != nil {
		keys = tl.Witnesses
	}
	if policy == "" && tl != nil {
		policy = tl.WitnessPolicy
	}
	if len(keys) == 0 {
		var ws []struct {
			Key string `json:"key"`
		}
		if err := cl.Get(ctx, "/v1/witnesses", &ws); err != nil && truce.ErrorCode(err) != truce.ENotFound {
			return nil, "", fmt.Errorf("witness check failed: reading the registered witnesses: %w", err)
		}
		for _, w := range ws {
			keys = append(keys, w.Key)
		}
	}
	if len(keys) == 0 {
		return nil, "", nil
	}
	if policy == "" {
		policy = "all"
	}
	pol, err := parsePolicy(keys, policy)
	if err != nil {
		return nil, "", err
	}
	if _, err := pol.CheckCosignatures(msg); err != nil {
		// The center's own account of why, for the reader: untrusted,
		// but it tells a refusal (a fork) from an unreachable witness.
		var rep struct {
			Witnesses []struct {
				Name      string `json:"name"`
				LastError string `json:"last_error"`
			} `json:"witnesses"`
		}
		var why []string
		if cl.Get(ctx, "/v1/witnesses/status", &rep) == nil {
			for _, w := range rep.Witnesses {
				if w.LastError != "" {
					why = append(why, fmt.Sprintf("witness %s: %s", w.Name, w.LastError))
				}
			}
		}
		if len(why) > 0 {
			return nil, "", fmt.Errorf("witness check failed: %w (the center reports: %s)", err, strings.Join(why, "; "))
		}
		return nil, "", fmt.Errorf("witness check failed: %w", err)
	}
	return keys, policy, nil
}
