package engine

import (
	"fmt"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/internal/strictjson"
	"github.com/truce-center/truce/ledger"
)

// DecodeEntry parses one log entry and checks it is in canonical form,
// so that two different byte strings never mean the same act.
//
// Its errors are not *truce.Error (EInternal to truce.ErrorCode): the
// bytes do not decode strictly as an entry, or are not canonical JSON.
func DecodeEntry(raw []byte) (*truce.Entry, error) {
	var e truce.Entry
	// The common case without reflection; anything else, and every
	// failure, the strict way below (same result, same errors).
	if canon, err := ledger.Canonicalize(raw); err == nil && string(canon) == string(raw) && truce.UnmarshalCanonicalEntry(raw, &e) {
		return &e, nil
	}
	if err := strictjson.Unmarshal(raw, &e); err != nil {
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
