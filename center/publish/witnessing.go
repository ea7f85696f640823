package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/ledger"
)

// cosigned is a checkpoint with the cosignature lines gathered for it.
type cosigned struct {
	note []byte // signed by the center alone
	cp   ledger.Checkpoint
	sigs map[string]string // witness key → signature line
}

// msg returns the note with the cosignature lines, in the order of the
// witnesses' names, so that every reader gets the same bytes.
func (cc *cosigned) msg(ws []truce.Witness) []byte {
	var lines []string
	for _, w := range ws {
		if l, ok := cc.sigs[w.Key]; ok {
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	return ledger.AppendSignatures(cc.note, lines)
}

// peer is what the center knows of one witness between offers.
type peer struct {
	size    int64 // the size it last cosigned, -1 if unknown
	lastErr string
	tried   time.Time // real time of the last offer
	ok      time.Time // real time of the last cosignature
}

// witnessing is the center's running state of the offers.
type witnessing struct {
	l       *Log
	wake    chan struct{} // coalesced: a commit or a registration happened
	round   sync.Mutex    // one offer round at a time
	done    chan struct{} // closed when the loop has stopped
	stopped chan struct{}

	mu      sync.Mutex
	peers   map[string]*peer // by witness key
	latest  *cosigned        // the newest checkpoint offered
	final   *cosigned        // the newest checkpoint the policy accepts
	changed chan struct{}    // closed and replaced whenever latest or final change
}

// poke wakes the loop without ever blocking the writer.
func (w *witnessing) poke() {
	if w == nil {
		return
	}
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// stop ends the loop and waits for it.
func (w *witnessing) stop() {
	select {
	case <-w.done:
	default:
		close(w.done)
	}
	<-w.stopped
}

func (w *witnessing) loop() {
	defer close(w.stopped)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-w.done
		cancel()
	}()
	retry := time.NewTimer(time.Hour)
	retry.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-w.wake:
		case <-retry.C:
		}
		behind, err := w.l.Offer(ctx)
		if err != nil && ctx.Err() == nil {
			w.l.cfg.Logger.Error("offering the checkpoint to the witnesses", "err", err)
		}
		if behind > 0 || err != nil {
			retry.Reset(w.l.cfg.Settings().Retry)
		}
	}
}

// Offer offers the newest checkpoint to every registered
// witness that has not cosigned it, gathers their cosignatures, and
// updates the checkpoint served and the final one. It returns how many
// witnesses have not cosigned it. The background loop calls it after
// every commit; tests call it to drive the offers explicitly. Rounds run
// one at a time.
//
// A witness that does not cosign is not an error: it is counted in
// behind, and why is logged and kept for Report. It returns Checkpoint's
// errors (EInternal), and ctx's error if ctx ends during the round; with
// either, behind counts every witness.
func (l *Log) Offer(ctx context.Context) (behind int, err error) {
	w := l.w
	w.round.Lock()
	defer w.round.Unlock()
	// With no witness registered there is nothing to offer, and no
	// checkpoint is made for the round: it cost a signature, and the
	// tree's head read from the store, after every commit. A witness
	// registered after this reading wakes the loop with its commit.
	if len(l.cfg.Witnesses()) == 0 {
		return 0, nil
	}
	// The checkpoint first, then the witnesses: the state only grows, so
	// the list read after it holds every witness registered within it (a
	// registration committed between the two readings would otherwise
	// make a checkpoint "final" without the witness it added).
	msg, cp, err := l.Checkpoint(ctx)
	if err != nil {
		return len(l.cfg.Witnesses()), err
	}
	ws := l.cfg.Witnesses()
	if len(ws) == 0 {
		return 0, nil
	}
	w.mu.Lock()
	cc := &cosigned{note: msg, cp: cp, sigs: map[string]string{}}
	if w.latest != nil && w.latest.cp.Equal(cp) {
		for k, l := range w.latest.sigs {
			cc.sigs[k] = l
		}
	}
	w.mu.Unlock()
	type answer struct {
		key, line string
		size      int64
		err       error
	}
	answers := make(chan answer, len(ws))
	n := 0
	for _, wit := range ws {
		if _, ok := cc.sigs[wit.Key]; ok {
			continue
		}
		n++
		w.mu.Lock()
		p := w.peers[wit.Key]
		if p == nil {
			p = &peer{size: -1}
			w.peers[wit.Key] = p
		}
		old := max(p.size, 0)
		w.mu.Unlock()
		go func() {
			line, size, err := l.offer(ctx, wit, msg, cp, old)
			answers <- answer{wit.Key, line, size, err}
		}()
	}
	for range n {
		a := <-answers
		w.mu.Lock()
		p := w.peers[a.key]
		p.tried = time.Now()
		if a.size >= 0 {
			p.size = a.size
		}
		if a.err != nil {
			p.lastErr = a.err.Error()
			l.cfg.Logger.Warn("a witness did not cosign", "witness", truce.KeyName(a.key), "size", cp.Size, "err", a.err)
		} else {
			p.lastErr = ""
			p.ok = p.tried
			cc.sigs[a.key] = a.line
		}
		w.mu.Unlock()
	}
	if ctx.Err() != nil {
		return len(ws), ctx.Err()
	}
	pol := l.policy(ws)
	full := cc.msg(ws)
	_, perr := pol.CheckCosignatures(full)
	w.mu.Lock()
	if w.latest == nil || w.latest.cp.Size <= cc.cp.Size {
		w.latest = cc
	}
	if perr == nil && (w.final == nil || w.final.cp.Size <= cc.cp.Size) {
		w.final = cc
	}
	close(w.changed)
	w.changed = make(chan struct{})
	w.mu.Unlock()
	return len(ws) - len(cc.sigs), nil
}

// policy returns the witness policy over the registered witnesses.
func (l *Log) policy(ws []truce.Witness) ledger.Policy {
	var p ledger.Policy
	for _, w := range ws {
		if v, err := ledger.NewCosignatureVerifier(w.Key); err == nil {
			p.Witnesses = append(p.Witnesses, v)
		}
	}
	p.Threshold = l.cfg.Settings().Quorum
	return p
}

// offer runs the C2SP tlog-witness exchange with one witness: it sends
// the checkpoint with a consistency proof from old, and on 409 once more
// from the size the witness reports. It returns the cosignature line and
// the size the witness now stands at (-1 if unknown).
func (l *Log) offer(ctx context.Context, wit truce.Witness, msg []byte, cp ledger.Checkpoint, old int64) (string, int64, error) {
	v, err := ledger.NewCosignatureVerifier(wit.Key)
	if err != nil {
		return "", -1, err
	}
	client := &http.Client{Timeout: l.cfg.Settings().Timeout}
	endpoint := strings.TrimRight(wit.URL, "/") + "/add-checkpoint"
	for attempt := 0; ; attempt++ {
		if old > cp.Size {
			return "", old, fmt.Errorf("the witness has cosigned %d entries, more than this center's %d: it saw another history (or a newer node)", old, cp.Size)
		}
		req := ledger.AddCheckpoint{Old: old, Note: msg}
		if old > 0 && old < cp.Size {
			req.Proof, err = ledger.ConsistencyProof(cp.Size, old, l.hashes(ctx))
			if err != nil {
				return "", -1, fmt.Errorf("proving consistency from %d: %w", old, err)
			}
		}
		hr, err := http.NewRequestWithContext(ctx, "POST", endpoint, bytes.NewReader(req.Marshal()))
		if err != nil {
			return "", -1, err
		}
		// The exchange may be repeated safely (a repeat is cosigned again
		// or answered 409), so a kept-alive connection that the witness
		// closed is retried rather than failing the offer.
		hr.Header["Idempotency-Key"] = nil
		resp, err := client.Do(hr)
		if err != nil {
			return "", -1, fmt.Errorf("unreachable: %w", err)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		if err != nil {
			return "", -1, fmt.Errorf("reading its answer: %w", err)
		}
		switch resp.StatusCode {
		case http.StatusOK:
			lines, err := ledger.ParseSignatureLines(body)
			if err != nil {
				return "", -1, err
			}
			for _, l := range lines {
				if _, err := (ledger.Policy{Witnesses: []*ledger.CosignatureVerifier{v}}).CheckCosignatures(ledger.AppendSignatures(msg, []string{l})); err == nil {
					return l, cp.Size, nil
				}
			}
			return "", -1, errors.New("its answer carries no valid cosignature by its registered key")
		case http.StatusConflict:
			size, err := strconv.ParseInt(strings.TrimSpace(string(body)), 10, 64)
			if err != nil || size < 0 {
				return "", -1, fmt.Errorf("409 without a size: %q", body)
			}
			if size == old || attempt > 0 {
				return "", size, fmt.Errorf("refused (409): it cosigned a tree of size %d that this checkpoint does not match: it saw another history", size)
			}
			old = size
		case http.StatusUnprocessableEntity:
			return "", old, fmt.Errorf("refused (422): the tree of size %d does not extend the tree of size %d it cosigned: it saw another history", cp.Size, old)
		default:
			return "", -1, fmt.Errorf("refused (%s): %s", resp.Status, strings.TrimSpace(string(body)))
		}
	}
}

// Published returns what /log/checkpoint serves: with no
// witness registered, the newest checkpoint (Checkpoint); otherwise the
// newest checkpoint offered to the witnesses, with every cosignature
// gathered for it, so that what a verifier reads carries the witnesses'
// answers. Until the first offer completes it is the bare newest
// checkpoint.
//
// It returns Checkpoint's errors (EInternal) when it serves the bare
// checkpoint, and no error otherwise.
func (l *Log) Published(ctx context.Context) ([]byte, error) {
	ws := l.cfg.Witnesses()
	w := l.w
	w.mu.Lock()
	latest := w.latest
	w.mu.Unlock()
	if len(ws) == 0 || latest == nil {
		msg, _, err := l.Checkpoint(ctx)
		return msg, err
	}
	return latest.msg(ws), nil
}

// Final waits until a checkpoint that covers entry index (is
// larger than it) satisfies the witness policy, and returns that
// checkpoint with its cosignatures. With no witness registered every
// checkpoint is final. It returns EUnavailable when ctx ends first.
//
// With no witness registered it does not wait: it returns ENotFound if
// the log has no entry index, and Checkpoint's errors (EInternal).
func (l *Log) Final(ctx context.Context, index uint64) ([]byte, ledger.Checkpoint, error) {
	w := l.w
	for {
		ws := l.cfg.Witnesses()
		if len(ws) == 0 {
			msg, cp, err := l.Checkpoint(ctx)
			if err == nil && uint64(cp.Size) <= index {
				err = truce.Errorf(truce.ENotFound, "the log has no entry %d", index)
			}
			return msg, cp, err
		}
		w.mu.Lock()
		final, changed := w.final, w.changed
		w.mu.Unlock()
		if final != nil && uint64(final.cp.Size) > index {
			return final.msg(ws), final.cp, nil
		}
		w.poke()
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ledger.Checkpoint{}, truce.Errorf(truce.EUnavailable,
				"entry %d is not yet covered by a checkpoint the witness policy accepts", index)
		}
	}
}

// WitnessStatus is the center's view of one witness: what it last
// cosigned and why it did not cosign, if it did not.
type WitnessStatus struct {
	truce.Witness
	CosignedSize *int64    `json:"cosigned_size"` // null: not known since this process started
	LastError    string    `json:"last_error,omitempty"`
	LastOffer    time.Time `json:"last_offer,omitzero"`
	LastCosigned time.Time `json:"last_cosigned,omitzero"`
}

// WitnessReport is the body of GET /v1/witnesses/status.
type WitnessReport struct {
	Policy    string          `json:"policy"`
	Latest    int64           `json:"latest_size"` // size of the newest checkpoint offered
	Final     int64           `json:"final_size"`  // size of the newest final checkpoint
	Witnesses []WitnessStatus `json:"witnesses"`
}

// Report returns the state of the offers.
func (l *Log) Report() WitnessReport {
	ws := l.cfg.Witnesses()
	w := l.w
	w.mu.Lock()
	defer w.mu.Unlock()
	r := WitnessReport{Policy: l.policy(ws).String(), Witnesses: []WitnessStatus{}}
	if w.latest != nil {
		r.Latest = w.latest.cp.Size
	}
	if w.final != nil {
		r.Final = w.final.cp.Size
	}
	for _, wit := range ws {
		st := WitnessStatus{Witness: wit}
		if p := w.peers[wit.Key]; p != nil {
			if p.size >= 0 {
				sz := p.size
				st.CosignedSize = &sz
			}
			st.LastError, st.LastOffer, st.LastCosigned = p.lastErr, p.tried, p.ok
		}
		r.Witnesses = append(r.Witnesses, st)
	}
	return r
}

// Receipt returns a C2SP tlog-proof for entry index: the entry, its
// inclusion proof, and the newest final checkpoint that covers it (the
// call waits for one until ctx ends).
//
// It returns ENotFound if the log has no entry index, EUnavailable if ctx
// ends before a final checkpoint covers it (Final), and EInternal (an
// error that is not a *truce.Error) if the store fails.
func (l *Log) Receipt(ctx context.Context, index uint64) ([]byte, error) {
	size, err := l.cfg.Store.Size(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the log size: %w", err)
	}
	if index >= size {
		return nil, truce.Errorf(truce.ENotFound, "the log has no entry %d", index)
	}
	msg, cp, err := l.Final(ctx, index)
	if err != nil {
		return nil, err
	}
	proof, err := l.InclusionProof(ctx, uint64(cp.Size), index)
	if err != nil {
		return nil, err
	}
	raws, err := l.cfg.Store.Entries(ctx, index, index+1)
	if err != nil || len(raws) != 1 {
		return nil, fmt.Errorf("reading entry %d: %v", index, err)
	}
	r := ledger.Receipt{Index: int64(index), Entry: raws[0], Proof: proof, Checkpoint: msg}
	return r.Marshal(), nil
}
