package center

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/ledger"
)

// appliers maps an entry type to the function that applies it to the
// state. Appliers MUST be deterministic: they read only the entry and the
// view, never the clock, randomness or settings that a replay could not
// know, so that replaying the log rebuilds exactly the stored projection.
// Each feature's file registers its own in an init function.
var appliers = map[string]func(v *view, e *truce.Entry) error{}

// registerApplier adds the applier of an entry type. It panics on a
// duplicate, at start-up.
func registerApplier(typ string, fn func(v *view, e *truce.Entry) error) {
	if _, dup := appliers[typ]; dup {
		panic("center: two appliers for " + typ)
	}
	appliers[typ] = fn
}

// apply applies one entry at the view's position.
func apply(v *view, e *truce.Entry) error {
	if e.Index != v.size {
		return fmt.Errorf("entry %d is at position %d", e.Index, v.size)
	}
	if e.Time.Before(v.last) {
		return fmt.Errorf("entry %d is dated %s, before the entry before it", e.Index, e.Time.Format("2006-01-02T15:04:05.999999999Z"))
	}
	if e.Index == 0 && e.Type != typeCenterInit {
		return fmt.Errorf("entry 0 is %q, not %q", e.Type, typeCenterInit)
	}
	fn, ok := appliers[e.Type]
	if !ok {
		return fmt.Errorf("entry %d has unknown type %q", e.Index, e.Type)
	}
	if err := fn(v, e); err != nil {
		return fmt.Errorf("applying entry %d (%s): %w", e.Index, e.Type, err)
	}
	v.size = e.Index + 1
	v.last = e.Time
	return nil
}

// decodeEntry parses one log entry and checks it is in canonical form,
// so that two different byte strings never mean the same act.
func decodeEntry(raw []byte) (*truce.Entry, error) {
	var e truce.Entry
	// The common case without reflection; anything else, and every
	// failure, the strict way below (same result, same errors).
	if canon, err := ledger.Canonicalize(raw); err == nil && string(canon) == string(raw) && truce.UnmarshalCanonicalEntry(raw, &e) {
		return &e, nil
	}
	if err := strictUnmarshal(raw, &e); err != nil {
		return nil, fmt.Errorf("decoding entry: %w", err)
	}
	canon, err := ledger.Canonicalize(raw)
	if err != nil {
		return nil, fmt.Errorf("entry is not canonical json: %w", err)
	}
	if string(canon) != string(raw) {
		return nil, fmt.Errorf("entry is not in canonical form")
	}
	return &e, nil
}

// body decodes an entry's body strictly into dst.
func body(e *truce.Entry, dst any) error {
	if err := strictUnmarshal(e.Body, dst); err != nil {
		return fmt.Errorf("decoding body: %w", err)
	}
	return nil
}

func strictUnmarshal(data []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("data after the json value")
	}
	return nil
}
