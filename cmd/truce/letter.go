package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce/formats/letter"
	"github.com/truce-center/truce/ledger"
)

func isLetter(data []byte) bool { return bytes.HasPrefix(data, []byte("%PDF-")) }

// verifyLetter checks every receipt a notification letter carries: the
// letter verifies only if each act it lists is proved to be in the log.
func (m *Main) verifyLetter(data []byte, lv note.Verifier, pol ledger.Policy, asJSON bool) error {
	receipts, err := letter.Receipts(data)
	if err != nil {
		return fmt.Errorf("letter check failed: %w", err)
	}
	var entries []string
	var size int64
	var origin string
	for i, raw := range receipts {
		r, res, err := ledger.VerifyReceipt(raw, lv, pol)
		if err != nil {
			return fmt.Errorf("letter check failed: receipt %d of %d: %w", i+1, len(receipts), err)
		}
		entries = append(entries, fmt.Sprint(r.Index))
		size, origin = max(size, res.Checkpoint.Size), res.Checkpoint.Origin
	}
	if asJSON {
		return json.NewEncoder(m.Stdout).Encode(map[string]any{"letter": true, "receipts": len(receipts), "entries": entries,
			"origin": origin, "checkpoint_size": size})
	}
	fmt.Fprintf(m.Stdout, "letter verified: its %d receipts prove entries %s in the log %s of %d entries\n",
		len(receipts), strings.Join(entries, ", "), origin, size)
	return nil
}
