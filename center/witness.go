package center

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/ledger"
)

// Witnesses (issue 11; design in docs/design/witnesses.md). The
// coordinator registers each party's witness — its cosignature/v1
// verifier key and its C2SP tlog-witness URL — as an act in the log. A
// background goroutine, woken by every commit, offers the newest
// checkpoint to every registered witness with a consistency proof from
// the size that witness last cosigned, and gathers the cosignatures. The
// policy (Settings.WitnessQuorum) says when a checkpoint is final.
//
// What is offered and gathered is not in the log: it is the center's
// running state, rebuilt after a restart by offering again (a witness's
// 409 tells the center where it stands).

const (
	typeWitnessRegister = "witness.register"
	kindWitness         = "witness"
)

// witnessEvent: everyone at the table knows whose witness holds the
// center to one history. Built from the entry alone: a later
// registration replaces the object, not what this entry said.
func witnessEvent(s *State, caller *Caller, e *truce.Entry) (any, bool) {
	var b WitnessInput
	if body(e, &b) != nil {
		return nil, false
	}
	return &Witness{PartyID: b.PartyID, Name: nameOfKey(b.Key), Key: b.Key, URL: b.URL, RegisteredAt: e.Time, LogIndex: e.Index}, true
}

// Witness is a party's registered witness. A party has at most one; a new
// registration replaces it (a new key or address).
type Witness struct {
	PartyID      string    `json:"party_id"`
	Name         string    `json:"name"` // the key's name, which signs the cosignature lines
	Key          string    `json:"key"`  // cosignature/v1 Ed25519 verifier key
	URL          string    `json:"url"`  // tlog-witness submission prefix
	RegisteredAt time.Time `json:"registered_at"`
	LogIndex     uint64    `json:"log_index"`
}

// WitnessInput is the body of POST /v1/witnesses.
type WitnessInput struct {
	PartyID string `json:"party_id"`
	Key     string `json:"key"`
	URL     string `json:"url"`
}

// RegisterWitness registers (or replaces) a party's witness. Only the
// coordinator may.
func (c *Center) RegisterWitness(ctx context.Context, caller *Caller, in WitnessInput) (*Witness, error) {
	if !caller.IsCoordinator() {
		return nil, truce.Errorf(truce.EForbidden, "only the coordinator registers witnesses")
	}
	var errs truce.Fields
	in.Key = strings.TrimSpace(in.Key)
	v, err := ledger.NewCosignatureVerifier(in.Key)
	if err != nil {
		errs.Add("key", "%v", err)
	} else if v.Name() == c.Origin() {
		errs.Add("key", "a witness must not be named as the log")
	}
	if msg := checkWitnessURL(in.URL); msg != "" {
		errs.Add("url", "%s", msg)
	}
	if in.PartyID == "" {
		errs.Add("party_id", "is required")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	_, err = c.write(ctx, caller.Actor(), func(v *view) (string, any, error) {
		if tParty.Get(v, in.PartyID) == nil {
			return "", nil, &truce.Error{Code: truce.ENotFound, Message: fmt.Sprintf("no party %q", in.PartyID),
				Fields: []truce.FieldError{{Field: "party_id", Message: "is not a registered party"}}}
		}
		var clash string
		tWitness.Each(v, func(id string, obj *Witness) {
			w := obj
			if id != in.PartyID && (w.Name == nameOfKey(in.Key) || w.Key == in.Key) {
				clash = w.PartyID
			}
		})
		if clash != "" {
			return "", nil, &truce.Error{Code: truce.EConflict, Message: "another party's witness has that name or key",
				Fields: []truce.FieldError{{Field: "key", Message: "is registered for party " + clash}}}
		}
		return typeWitnessRegister, WitnessInput{PartyID: in.PartyID, Key: in.Key, URL: in.URL}, nil
	})
	if err != nil {
		return nil, err
	}
	c.witnessing.poke()
	var w Witness
	c.read(func(s *State) { w = *tWitness.Get(s, in.PartyID) })
	return &w, nil
}

func nameOfKey(vkey string) string { n, _, _ := strings.Cut(vkey, "+"); return n }

func checkWitnessURL(s string) string {
	u, err := url.Parse(s)
	switch {
	case s == "":
		return "is required"
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return "must be an absolute http or https URL"
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "must have no query, fragment or user"
	}
	return ""
}

func applyWitnessRegister(v *view, e *truce.Entry) error {
	var b WitnessInput
	if err := body(e, &b); err != nil {
		return err
	}
	if tParty.Get(v, b.PartyID) == nil {
		return fmt.Errorf("no party %s", b.PartyID)
	}
	wv, err := ledger.NewCosignatureVerifier(b.Key)
	if err != nil {
		return err
	}
	if msg := checkWitnessURL(b.URL); msg != "" {
		return fmt.Errorf("url %s", msg)
	}
	tWitness.Put(v, b.PartyID, &Witness{PartyID: b.PartyID, Name: wv.Name(), Key: b.Key, URL: b.URL, RegisteredAt: e.Time, LogIndex: e.Index})
	return nil
}

// Witnesses lists the registered witnesses, oldest registration first.
// Witnesses are public: a verifier needs their keys, and nothing about
// them is secret.
func (c *Center) Witnesses() []Witness {
	var out []Witness
	c.read(func(s *State) { out = s.witnesses() })
	return out
}

func (s *State) witnesses() []Witness {
	out := []Witness{}
	for _, obj := range tWitness.All(s) {
		out = append(out, *obj)
	}
	slices.SortFunc(out, func(a, b Witness) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
	return out
}

// cosigned is a checkpoint with the cosignature lines gathered for it.
type cosigned struct {
	note []byte // signed by the center alone
	cp   ledger.Checkpoint
	sigs map[string]string // witness key → signature line
}

// msg returns the note with the cosignature lines, in the order of the
// witnesses' names, so that every reader gets the same bytes.
func (cc *cosigned) msg(ws []Witness) []byte {
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
	c       *Center
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

func newWitnessing(c *Center) *witnessing {
	w := &witnessing{c: c, wake: make(chan struct{}, 1), done: make(chan struct{}), stopped: make(chan struct{}),
		peers: map[string]*peer{}, changed: make(chan struct{})}
	return w
}

// start begins the background offers and returns the OnCommit hook that
// wakes them, calling then after.
func (w *witnessing) start(then func([]*truce.Entry)) func([]*truce.Entry) {
	go w.loop()
	w.poke()
	return func(entries []*truce.Entry) {
		w.poke()
		if then != nil {
			then(entries)
		}
	}
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
		behind, err := w.c.OfferCheckpoint(ctx)
		if err != nil && ctx.Err() == nil {
			w.c.log.Error("offering the checkpoint to the witnesses", "err", err)
		}
		if behind > 0 || err != nil {
			retry.Reset(w.c.Settings().WitnessRetry)
		}
	}
}

// OfferCheckpoint offers the newest checkpoint to every registered
// witness that has not cosigned it, gathers their cosignatures, and
// updates the checkpoint served and the final one. It returns how many
// witnesses have not cosigned it. The background loop calls it after
// every commit; tests call it to drive the offers explicitly. Rounds run
// one at a time.
func (c *Center) OfferCheckpoint(ctx context.Context) (behind int, err error) {
	w := c.witnessing
	w.round.Lock()
	defer w.round.Unlock()
	// The checkpoint first, then the witnesses: the state only grows, so
	// the list read after it holds every witness registered within it (a
	// registration committed between the two readings would otherwise
	// make a checkpoint "final" without the witness it added).
	msg, cp, err := c.Checkpoint(ctx)
	if err != nil {
		return len(c.Witnesses()), err
	}
	ws := c.Witnesses()
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
			line, size, err := c.offer(ctx, wit, msg, cp, old)
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
			c.log.Warn("a witness did not cosign", "witness", nameOfKey(a.key), "size", cp.Size, "err", a.err)
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
	pol := c.policy(ws)
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
func (c *Center) policy(ws []Witness) ledger.Policy {
	var p ledger.Policy
	for _, w := range ws {
		if v, err := ledger.NewCosignatureVerifier(w.Key); err == nil {
			p.Witnesses = append(p.Witnesses, v)
		}
	}
	p.Threshold = c.Settings().WitnessQuorum
	return p
}

// offer runs the C2SP tlog-witness exchange with one witness: it sends
// the checkpoint with a consistency proof from old, and on 409 once more
// from the size the witness reports. It returns the cosignature line and
// the size the witness now stands at (-1 if unknown).
func (c *Center) offer(ctx context.Context, wit Witness, msg []byte, cp ledger.Checkpoint, old int64) (string, int64, error) {
	v, err := ledger.NewCosignatureVerifier(wit.Key)
	if err != nil {
		return "", -1, err
	}
	client := &http.Client{Timeout: c.Settings().WitnessTimeout}
	endpoint := strings.TrimRight(wit.URL, "/") + "/add-checkpoint"
	for attempt := 0; ; attempt++ {
		if old > cp.Size {
			return "", old, fmt.Errorf("the witness has cosigned %d entries, more than this center's %d: it saw another history (or a newer node)", old, cp.Size)
		}
		req := ledger.AddCheckpoint{Old: old, Note: msg}
		if old > 0 && old < cp.Size {
			req.Proof, err = ledger.ConsistencyProof(cp.Size, old, c.hashes(ctx))
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

// PublishedCheckpoint returns what /log/checkpoint serves: with no
// witness registered, the newest checkpoint (Checkpoint); otherwise the
// newest checkpoint offered to the witnesses, with every cosignature
// gathered for it, so that what a verifier reads carries the witnesses'
// answers. Until the first offer completes it is the bare newest
// checkpoint.
func (c *Center) PublishedCheckpoint(ctx context.Context) ([]byte, error) {
	ws := c.Witnesses()
	w := c.witnessing
	w.mu.Lock()
	latest := w.latest
	w.mu.Unlock()
	if len(ws) == 0 || latest == nil {
		msg, _, err := c.Checkpoint(ctx)
		return msg, err
	}
	return latest.msg(ws), nil
}

// FinalCheckpoint waits until a checkpoint that covers entry index (is
// larger than it) satisfies the witness policy, and returns that
// checkpoint with its cosignatures. With no witness registered every
// checkpoint is final. It returns EUnavailable when ctx ends first.
func (c *Center) FinalCheckpoint(ctx context.Context, index uint64) ([]byte, ledger.Checkpoint, error) {
	w := c.witnessing
	for {
		ws := c.Witnesses()
		if len(ws) == 0 {
			msg, cp, err := c.Checkpoint(ctx)
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
	Witness
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

// WitnessReport returns the state of the offers.
func (c *Center) WitnessReport() WitnessReport {
	ws := c.Witnesses()
	w := c.witnessing
	w.mu.Lock()
	defer w.mu.Unlock()
	r := WitnessReport{Policy: c.policy(ws).String(), Witnesses: []WitnessStatus{}}
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
func (c *Center) Receipt(ctx context.Context, index uint64) ([]byte, error) {
	if index >= c.Size() {
		return nil, truce.Errorf(truce.ENotFound, "the log has no entry %d", index)
	}
	msg, cp, err := c.FinalCheckpoint(ctx, index)
	if err != nil {
		return nil, err
	}
	proof, err := c.InclusionProof(ctx, uint64(cp.Size), index)
	if err != nil {
		return nil, err
	}
	raws, err := c.store.Entries(ctx, index, index+1)
	if err != nil || len(raws) != 1 {
		return nil, fmt.Errorf("reading entry %d: %v", index, err)
	}
	r := ledger.Receipt{Index: int64(index), Entry: raws[0], Proof: proof, Checkpoint: msg}
	return r.Marshal(), nil
}
