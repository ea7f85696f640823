package core

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/truce-center/truce"
)

// Questions to the conflict engine are a way of learning where things
// are (PRODUCT §4: inference counts as disclosure). Answers are computed
// at the disclosed granularity (needtoknow.go), and on top of that:
//
//   - every member has a budget of questions: each dry run spends one,
//     and so does each cancellation (submitting and cancelling is a way
//     of asking); a dry run or a submission with the budget spent is
//     refused with ETooMany and when to retry. Cancellations are never
//     refused. The coordinator, who sees everything, has no budget.
//   - every answer, dry run or submission, that was judged on an object
//     the caller may not see precisely is counted for that object's
//     owner, per member and hour, and recorded as an access record of
//     kind "probe" at the first question and at every tenfold count;
//     the record at AlertAt questions is an alert, which the owner and
//     the coordinator receive on their event streams.
//
// The budget and the counts live in the serving process's memory (each
// node of a PostgreSQL deployment keeps its own); the records are in the
// log.

// probeWindow is the period over which questions about one object are
// counted.
const probeWindow = time.Hour

type probes struct {
	set     QuestionSettings
	mu      sync.Mutex
	budgets map[string]*budget // by member
	counts  map[seenKey]*probeCount
}

type budget struct {
	tokens  float64
	at      time.Time
	perHour int
}

type probeCount struct {
	since time.Time
	n     int
}

func newProbes(set QuestionSettings) *probes {
	return &probes{set: set.withDefaults(), budgets: map[string]*budget{}, counts: map[seenKey]*probeCount{}}
}

// refilled returns the member's budget of perHour questions an hour (the
// settings' when 0), refilled up to now.
func (p *probes) refilled(member string, now time.Time, perHour int) *budget {
	if perHour <= 0 {
		perHour = p.set.PerHour
	}
	b := p.budgets[member]
	if b == nil {
		b = &budget{tokens: float64(perHour), at: now}
		p.budgets[member] = b
	}
	b.perHour = perHour
	if now.After(b.at) {
		b.tokens = b.tokens + now.Sub(b.at).Hours()*float64(perHour)
		b.at = now
	}
	b.tokens = math.Min(float64(perHour), b.tokens)
	return b
}

// spent is the error for a spent budget.
func (p *probes) spent(b *budget) error {
	wait := time.Duration((1 - b.tokens) / float64(b.perHour) * float64(time.Hour))
	e := truce.Errorf(truce.ETooMany, "your questions to the conflict engine (dry runs and cancellations) are limited to %d an hour; try again in %s", b.perHour, wait.Round(time.Second))
	e.RetryAfter = wait
	return e
}

// Spend takes one question from caller's budget of perHour an hour, or
// returns ETooMany.
func (p *probes) Spend(caller *Caller, now time.Time, perHour int) error {
	if caller.IsCoordinator() {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.refilled(caller.Member.ID, now, perHour)
	if b.tokens < 1 {
		return p.spent(b)
	}
	b.tokens--
	return nil
}

// AllowSubmit returns ETooMany when caller's budget is spent, spending
// nothing: a submission is not a question unless it is cancelled.
func (p *probes) AllowSubmit(caller *Caller, now time.Time, perHour int) error {
	if caller.IsCoordinator() {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if b := p.refilled(caller.Member.ID, now, perHour); b.tokens < 1 {
		return p.spent(b)
	}
	return nil
}

// Charge spends one question for a cancellation, never below zero.
func (p *probes) Charge(caller *Caller, now time.Time, perHour int) {
	if caller.IsCoordinator() {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.refilled(caller.Member.ID, now, perHour)
	b.tokens = math.Max(0, b.tokens-1)
}

// probeRecord is one access record of kind probe to write.
type probeRecord struct {
	ref   truce.ObjectRef
	since time.Time
	n     int
	alert bool
}

// count counts one answer about each of refs for member and returns
// the records due.
func (p *probes) count(member string, refs []truce.ObjectRef, now time.Time) []probeRecord {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.counts) > 100_000 {
		for k, c := range p.counts {
			if now.Sub(c.since) >= probeWindow {
				delete(p.counts, k)
			}
		}
	}
	var due []probeRecord
	for _, r := range refs {
		k := seenKey{member, r}
		c := p.counts[k]
		if c == nil || now.Sub(c.since) >= probeWindow {
			c = &probeCount{since: now}
			p.counts[k] = c
		}
		c.n++
		if alert := c.n == p.set.AlertAt; alert || isPowerOfTen(c.n) {
			due = append(due, probeRecord{ref: r, since: c.since, n: c.n, alert: alert})
		}
	}
	return due
}

func isPowerOfTen(n int) bool {
	for n >= 10 && n%10 == 0 {
		n /= 10
	}
	return n == 1
}

// Probed counts an answer to caller that was judged on objects it may
// not see precisely, and writes the access records due before the answer
// is given: no record, no answer.
//
// It returns the write errors (package center's doc) but EUnauthorized,
// when a record due cannot be written.
func (c *Center) Probed(ctx context.Context, caller *Caller, fs []Finding) error {
	if caller.IsCoordinator() {
		return nil
	}
	var refs []truce.ObjectRef
	for _, f := range fs {
		if !f.disclosed || f.With.ID == "" {
			continue
		}
		r := truce.ObjectRef{Type: f.With.Type, ID: f.With.ID}
		if !slices.Contains(refs, r) {
			refs = append(refs, r)
		}
	}
	if len(refs) == 0 {
		return nil
	}
	// The records due are written together: the answer waits for one
	// commit, not for one each (a question that first meets a dozen
	// hidden objects makes a dozen records due).
	var decides []decideFunc
	for _, d := range c.Probes.count(caller.Member.ID, refs, c.now()) {
		since := d.since
		decides = append(decides, func(v *View) (string, any, error) {
			return TypeAccess, accessBody{Kind: truce.AccessProbe, Objects: []truce.ObjectRef{d.ref}, Count: d.n, Since: &since, Alert: d.alert}, nil
		})
	}
	if len(decides) == 0 {
		return nil
	}
	return c.WriteAll(unsignedCtx(ctx), caller.Actor(), decides)
}
