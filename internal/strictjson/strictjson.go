// Package strictjson decodes JSON that must match its Go type exactly:
// one value, no field the type does not have, nothing after it. It is
// the one strict decoder of log entries, API bodies and embedded files.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// ErrTrailing is returned for data after the JSON value.
var ErrTrailing = errors.New("data after the json value")

// Unmarshal decodes data into dst, refusing unknown fields and anything
// after the value.
func Unmarshal(data []byte, dst any) error {
	return Decode(bytes.NewReader(data), dst)
}

// Decode is Unmarshal from a reader, which must end after the value.
func Decode(r io.Reader, dst any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return ErrTrailing
	}
	return nil
}
