package center

import (
	"fmt"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/internal/strictjson"
)

// applier applies one entry type (register.go): decode reads the body,
// which is pure and may run on another core ahead of apply (a replay
// decodes a run of entries on every core); apply changes the view.
type applier struct {
	decode func(body []byte) (any, error)
	apply  func(v *view, e *truce.Entry, b any) error
}

// on makes the applier of a function that applies a body of type B.
func on[B any](fn func(v *view, e *truce.Entry, b *B) error) applier {
	return applier{
		decode: func(raw []byte) (any, error) {
			b := new(B)
			if err := strictUnmarshal(raw, b); err != nil {
				return nil, fmt.Errorf("decoding body: %w", err)
			}
			return b, nil
		},
		apply: func(v *view, e *truce.Entry, b any) error { return fn(v, e, b.(*B)) },
	}
}

// decoded is an entry's body decoded ahead of apply, or why it is not.
type decoded struct {
	body any
	err  error
}

// decodeBody decodes e's body as its type's applier reads it; an entry of
// an unknown type decodes to nothing (applyDecoded refuses it).
func decodeBody(reg *registry, e *truce.Entry) decoded {
	a, ok := reg.appliers[e.Type]
	if !ok {
		return decoded{}
	}
	b, err := a.decode(e.Body)
	return decoded{b, err}
}

// typeCenterInit is the first entry of every log (parties.go applies it).
const typeCenterInit = "center.init"

// apply applies one entry at the view's position.
func apply(v *view, e *truce.Entry) error { return applyDecoded(v, e, decodeBody(v.base.reg, e)) }

// applyDecoded applies one entry, its body decoded by decodeBody, at the
// view's position.
func applyDecoded(v *view, e *truce.Entry, d decoded) error {
	if e.Index != v.size {
		return fmt.Errorf("entry %d is at position %d", e.Index, v.size)
	}
	if e.Time.Before(v.last) {
		return fmt.Errorf("entry %d is dated %s, before the entry before it", e.Index, e.Time.Format("2006-01-02T15:04:05.999999999Z"))
	}
	if e.Index == 0 && e.Type != typeCenterInit {
		return fmt.Errorf("entry 0 is %q, not %q", e.Type, typeCenterInit)
	}
	a, ok := v.base.reg.appliers[e.Type]
	if !ok {
		return fmt.Errorf("entry %d has unknown type %q", e.Index, e.Type)
	}
	err := d.err
	if err == nil {
		err = a.apply(v, e, d.body)
	}
	if err != nil {
		return fmt.Errorf("applying entry %d (%s): %w", e.Index, e.Type, err)
	}
	v.size = e.Index + 1
	v.last = e.Time
	return nil
}

// body decodes an entry's body strictly into dst.
func body(e *truce.Entry, dst any) error {
	if err := strictUnmarshal(e.Body, dst); err != nil {
		return fmt.Errorf("decoding body: %w", err)
	}
	return nil
}

func strictUnmarshal(data []byte, dst any) error { return strictjson.Unmarshal(data, dst) }
