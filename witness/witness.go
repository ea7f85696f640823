// Package witness is a party's witness: a C2SP tlog-witness server that
// cosigns the center's checkpoints, each only if it is consistent with the
// last one it cosigned, keeps its state durably, and keeps evidence of any
// fork it is shown. It MUST NOT cosign two histories of one log: the check,
// the durable record and the signature happen under one lock, and no
// cosignature is answered before the checkpoint it covers is on disk.
// See README.md.
package witness

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

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/internal/atomicfile"
	"github.com/truce-center/truce/ledger"
)

// Files of a witness's data directory.
const (
	KeyFile     = "witness.key"
	StateFile   = "witness-state.json"
	EvidenceDir = "evidence"
)

// Witness is a C2SP tlog-witness for the logs it knows. Its state is one
// JSON file, replaced atomically after an fsync, so a crash leaves either
// the old or the new record, never a torn one, and a cosignature is never
// answered before the checkpoint it covers is on disk.
type Witness struct {
	dir    string
	signer *ledger.Cosigner
	// Log receives the witness's log lines (a discarding logger by default).
	Log *slog.Logger

	mu    sync.Mutex // held across check, persist and sign: C2SP requires them atomic
	state witnessState
}

type witnessState struct {
	Logs map[string]*ledger.WitnessedLog `json:"logs"` // by origin
}

// Open loads (or on first start creates) a witness's key and
// state, and makes sure it knows the center's log.
func Open(ctx context.Context, dir, name, server, logKey string, clock truce.Clock, out io.Writer) (*Witness, error) {
	if clock == nil {
		clock = truce.SystemClock{}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	kp := filepath.Join(dir, KeyFile)
	skey, err := ReadKey(kp)
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
		if err := atomicfile.Write(kp, []byte(skey+"\n"), 0o600); err != nil {
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
	w := &Witness{dir: dir, signer: signer, Log: slog.New(slog.DiscardHandler), state: witnessState{Logs: map[string]*ledger.WitnessedLog{}}}
	b, err := os.ReadFile(filepath.Join(dir, StateFile))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		if err := json.Unmarshal(b, &w.state); err != nil {
			return nil, fmt.Errorf("the witness state %s is damaged: %w", filepath.Join(dir, StateFile), err)
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

// ReadKey reads a witness key file, refusing one readable by others.
func ReadKey(path string) (string, error) {
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
func (w *Witness) persist() error {
	b, err := json.MarshalIndent(w.state, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(w.dir, StateFile), b, 0o600)
}

// addCheckpoint decides one add-checkpoint request and, if it passes,
// records the checkpoint and returns the cosignature line.
func (w *Witness) addCheckpoint(body []byte) (string, error) {
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
func (w *Witness) keepEvidence(body []byte, we *ledger.WitnessError) {
	dir := filepath.Join(w.dir, EvidenceDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		w.Log.Error("keeping evidence", "err", err)
		return
	}
	sum := sha256.Sum256(body)
	name := filepath.Join(dir, hex.EncodeToString(sum[:8])+".txt")
	text := fmt.Sprintf("# refused: %v\n# the checkpoint this witness had cosigned:\n%s\n# the request:\n%s", we.Err, w.lastNotes(), body)
	if err := atomicfile.Write(name, []byte(text), 0o600); err != nil {
		w.Log.Error("keeping evidence", "err", err)
	}
	w.Log.Warn("refused a checkpoint that contradicts the one cosigned; evidence kept", "file", name, "err", we.Err)
}

func (w *Witness) lastNotes() string {
	var b strings.Builder
	for _, wl := range w.state.Logs {
		b.WriteString(wl.Note)
	}
	return b.String()
}

// ServeHTTP serves POST /add-checkpoint.
func (w *Witness) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
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
		w.Log.Info("cosigned", "remote", r.RemoteAddr)
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(rw, line)
	case errors.As(err, &we) && we.Status == http.StatusConflict:
		w.Log.Info("refused", "status", we.Status, "err", we.Err)
		rw.Header().Set("Content-Type", "text/x.tlog.size")
		rw.WriteHeader(http.StatusConflict)
		fmt.Fprintf(rw, "%d\n", we.Size)
	case errors.As(err, &we):
		w.Log.Info("refused", "status", we.Status, "err", we.Err)
		http.Error(rw, we.Err.Error(), we.Status)
	default:
		w.Log.Error("add-checkpoint", "err", err)
		http.Error(rw, "internal error", http.StatusInternalServerError)
	}
}

// Serve runs the witness's HTTP server until ctx ends.
func (w *Witness) Serve(ctx context.Context, addr string, ready func(string), out io.Writer) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening: %w", err)
	}
	srv := &http.Server{Handler: w, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "witness %s listening at %s\nverifier key: %s\n", w.signer.Name(), url, w.signer.VerifierKey())
	w.Log.Info("listening", "url", url, "name", w.signer.Name())
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
