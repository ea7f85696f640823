package core

import (
	"fmt"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/internal/strictjson"
)

// Applier applies one entry type (register.go): decode reads the body,
// which is pure and may run on another core ahead of apply (a replay
// decodes a run of entries on every core); apply changes the view.
type Applier struct {
	decode func(body []byte) (any, error)
	apply  func(v *View, e *truce.Entry, b any) error
}

// On makes the applier of a function that applies a body of type B.
func On[B any](fn func(v *View, e *truce.Entry, b *B) error) Applier {
	return Applier{
		decode: func(raw []byte) (any, error) {
			b := new(B)
			if err := strictjson.Unmarshal(raw, b); err != nil {
				return nil, fmt.Errorf("decoding body: %w", err)
			}
			return b, nil
		},
		apply: func(v *View, e *truce.Entry, b any) error { return fn(v, e, b.(*B)) },
	}
}

// decoded is an entry's body decoded ahead of apply, or why it is not.
type decoded struct {
	body any
	err  error
}

// decodeBody decodes e's body as its type's applier reads it; an entry of
// an unknown type decodes to nothing (applyDecoded refuses it).
func decodeBody(reg *Registry, e *truce.Entry) decoded {
	a, ok := reg.Appliers[e.Type]
	if !ok {
		return decoded{}
	}
	b, err := a.decode(e.Body)
	return decoded{b, err}
}

// TypeCenterInit is the first entry of every log (parties.go applies it).
const TypeCenterInit = "center.init"

// apply applies one entry at the view's position.
func apply(v *View, e *truce.Entry) error { return applyDecoded(v, e, decodeBody(v.Base.reg, e)) }

// applyDecoded applies one entry, its body decoded by decodeBody, at the
// view's position.
func applyDecoded(v *View, e *truce.Entry, d decoded) error {
	if e.Index != v.LogSize {
		return fmt.Errorf("entry %d is at position %d", e.Index, v.LogSize)
	}
	if e.Time.Before(v.last) {
		return fmt.Errorf("entry %d is dated %s, before the entry before it", e.Index, e.Time.Format("2006-01-02T15:04:05.999999999Z"))
	}
	if e.Index == 0 && e.Type != TypeCenterInit {
		return fmt.Errorf("entry 0 is %q, not %q", e.Type, TypeCenterInit)
	}
	a, ok := v.Base.reg.Appliers[e.Type]
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
	v.LogSize = e.Index + 1
	v.last = e.Time
	v.ends = append(v.ends, entryEnd{e.Index, v.Mark()})
	return nil
}

// Body decodes an entry's body strictly into dst.
//
// Its error is not a *truce.Error (EInternal): the body does not decode
// strictly.
func Body(e *truce.Entry, dst any) error {
	if err := strictjson.Unmarshal(e.Body, dst); err != nil {
		return fmt.Errorf("decoding body: %w", err)
	}
	return nil
}
