package core

import (
	"context"
	"sync/atomic"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/conflict"
)

// Prechecks: the conflict checks of a batch's acts against the installed
// index, made beside the writer's decisions.
//
// The writer decides a batch's acts one after the other, and an act that
// checks a candidate (a notification) spends most of its decision there
// at a million objects: ~30 µs to meet ~46 objects, on the one goroutine
// every write waits for. Yet the installed index does not change while
// a batch is decided (only the writer installs, after the batch is
// durable), and its answer for a candidate depends on nothing the
// batch's earlier acts do: the objects they change are answered for by
// the batch's pending index, and dropped from the installed index's
// answer (Conflicts). So the writer, as it starts a batch, builds each
// act's candidate as the installed state gives it (WriteChecked), and a
// second goroutine checks them against the index in their order while
// the writer decides; an act's decision takes the answer made, or makes
// it itself when the other goroutine has not begun it. A candidate the
// decision builds otherwise (the terms in force changed its separations
// within the batch) is checked again, as before.

// precheck is one act's check against the installed index.
type precheck struct {
	cand  conflict.Candidate
	state atomic.Int32 // preUnclaimed, preClaimed (being made), preDone
	done  chan struct{}
	out   []conflict.Conflict
}

const (
	preUnclaimed = iota
	preClaimed
	preDone
)

// claim reports whether the caller may make the check: no one has begun it.
func (p *precheck) claim() bool { return p.state.CompareAndSwap(preUnclaimed, preClaimed) }

func (p *precheck) finish(out []conflict.Conflict) {
	p.out = out
	p.state.Store(preDone)
	close(p.done)
}

// answer returns the installed index's answer for cand: the one made
// beside the decision if it was made for the same candidate, else made
// now. ok is false when the precheck was made for another candidate.
func (p *precheck) answer(ix *conflict.Index, cand conflict.Candidate) (out []conflict.Conflict, ok bool) {
	if p == nil || !sameCandidate(&p.cand, &cand) {
		return nil, false
	}
	if p.claim() {
		p.finish(ix.Check(cand))
	} else {
		<-p.done
	}
	return p.out, true
}

// sameCandidate reports whether the check of a and of b are the same
// check: the same volumes (one slice: the act builds its candidate once
// and copies it), kind, party, separations and identity. Precise is the
// caller's, the same function of the object for both.
func sameCandidate(a, b *conflict.Candidate) bool {
	return a.Kind == b.Kind && a.Party == b.Party && a.ID == b.ID &&
		a.SeparationHorizontalM == b.SeparationHorizontalM && a.SeparationVerticalM == b.SeparationVerticalM &&
		a.NoExact == b.NoExact && (a.Precise == nil) == (b.Precise == nil) &&
		len(a.Volumes) == len(b.Volumes) && (len(a.Volumes) == 0 || &a.Volumes[0] == &b.Volumes[0])
}

// prepare starts the prechecks of a batch's acts that have a candidate
// (WriteChecked), built on the batch's view as it starts: the installed
// state. The checks are made in the acts' order on one goroutine, each
// unless the decision has claimed it first.
func (c *Center) prepare(v *View, reqs []*writeReq) {
	var pre []*precheck
	for _, r := range reqs {
		r.pre = nil
		if r.candidate == nil {
			continue
		}
		cand, ok := r.candidate(v)
		if !ok {
			continue
		}
		r.pre = &precheck{cand: cand, done: make(chan struct{})}
		pre = append(pre, r.pre)
	}
	if len(pre) == 0 {
		return
	}
	go func() {
		for _, p := range pre {
			if p.claim() {
				p.finish(c.index.Check(p.cand))
			}
		}
	}()
}

// WriteChecked is Write for an act whose decision checks a candidate
// against the conflict index (Conflicts): candidate returns it as the
// decision would build it on v, and false when it would not check one.
// The writer checks it against the installed index beside the batch's
// other decisions (prepare); the decision's own check takes that answer
// when its candidate is the same.
//
// It returns what Write returns: the decide function's error, or the
// write errors (package center's doc: EUnavailable, EUnauthorized,
// ETooLarge, EInternal).
func (c *Center) WriteChecked(ctx context.Context, actor truce.Actor, candidate func(v *View) (conflict.Candidate, bool), decide decideFunc) (*truce.Entry, error) {
	return c.writer.Submit(ctx, &writeReq{actor: actor, decide: decide, signed: SignedFrom(ctx), candidate: candidate})
}

// Prechecks returns how many decisions took the check against the
// installed index begun beside them, and how many checked again because
// their candidate was not the one begun (for tests and measurements).
func (c *Center) Prechecks() (taken, again int64) { return c.prechecked.Load(), c.rechecked.Load() }
