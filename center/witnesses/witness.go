package witnesses

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
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
	TypeWitnessRegister = "witness.register"
)

// witnessEvent: everyone at the table knows whose witness holds the
// center to one history. Built from the entry alone: a later
// registration replaces the object, not what this entry said.
func WitnessEvent(s *core.State, caller *core.Caller, e *truce.Entry) (any, bool) {
	var b WitnessInput
	if core.Body(e, &b) != nil {
		return nil, false
	}
	return &truce.Witness{PartyID: b.PartyID, Name: truce.KeyName(b.Key), Key: b.Key, URL: b.URL, RegisteredAt: e.Time, LogIndex: e.Index}, true
}

// WitnessInput is the body of POST /v1/witnesses.
type WitnessInput struct {
	PartyID string `json:"party_id"`
	Key     string `json:"key"`
	URL     string `json:"url"`
}

// RegisterWitness is Center.RegisterWitness.
//
// Its errors are Center.RegisterWitness's (EForbidden, EInvalid, and the
// write errors).
func RegisterWitness(c *core.Center, ctx context.Context, caller *core.Caller, in WitnessInput) (*truce.Witness, error) {
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
	_, err = c.Write(ctx, caller.Actor(), func(v *core.View) (string, any, error) {
		if core.TParty.Get(v, in.PartyID) == nil {
			return "", nil, &truce.Error{Code: truce.ENotFound, Message: fmt.Sprintf("no party %q", in.PartyID),
				Fields: []truce.FieldError{{Field: "party_id", Message: "is not a registered party"}}}
		}
		var clash string
		core.TWitness.Each(v, func(id string, obj *truce.Witness) {
			w := obj
			if id != in.PartyID && (w.Name == truce.KeyName(in.Key) || w.Key == in.Key) {
				clash = w.PartyID
			}
		})
		if clash != "" {
			return "", nil, &truce.Error{Code: truce.EConflict, Message: "another party's witness has that name or key",
				Fields: []truce.FieldError{{Field: "key", Message: "is registered for party " + clash}}}
		}
		return TypeWitnessRegister, WitnessInput{PartyID: in.PartyID, Key: in.Key, URL: in.URL}, nil
	})
	if err != nil {
		return nil, err
	}
	c.Pub.Committed()
	var w truce.Witness
	c.Read(func(s *core.State) { w = *core.TWitness.Get(s, in.PartyID) })
	return &w, nil
}

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

// ApplyWitnessRegister is the applier of its entry types (registered in center's
// register.go): it changes the view as the entry says. Its errors are not
// *truce.Error (EInternal to truce.ErrorCode): an entry that does not fit
// the state, which a replay reports as a log that does not replay.
func ApplyWitnessRegister(v *core.View, e *truce.Entry, b *WitnessInput) error {
	if core.TParty.Get(v, b.PartyID) == nil {
		return fmt.Errorf("no party %s", b.PartyID)
	}
	wv, err := ledger.NewCosignatureVerifier(b.Key)
	if err != nil {
		return err
	}
	if msg := checkWitnessURL(b.URL); msg != "" {
		return fmt.Errorf("url %s", msg)
	}
	core.TWitness.Put(v, b.PartyID, &truce.Witness{PartyID: b.PartyID, Name: wv.Name(), Key: b.Key, URL: b.URL, RegisteredAt: e.Time, LogIndex: e.Index})
	return nil
}

// WitnessList is Center.Witnesses.
func WitnessList(ctx context.Context, c *core.Center) []truce.Witness {
	var out []truce.Witness
	c.ReadSized(ctx, func(s *core.State) { out = ListWitnesses(s) })
	return out
}

func ListWitnesses(s *core.State) []truce.Witness {
	out := []truce.Witness{}
	for obj := range core.TWitness.Values(s) {
		out = append(out, *obj)
	}
	slices.SortFunc(out, func(a, b truce.Witness) int { return cmp.Compare(a.LogIndex, b.LogIndex) })
	return out
}
