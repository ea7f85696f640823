package center

import (
	"fmt"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/internal/strictjson"
)

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

// body decodes an entry's body strictly into dst.
func body(e *truce.Entry, dst any) error {
	if err := strictUnmarshal(e.Body, dst); err != nil {
		return fmt.Errorf("decoding body: %w", err)
	}
	return nil
}

func strictUnmarshal(data []byte, dst any) error { return strictjson.Unmarshal(data, dst) }
