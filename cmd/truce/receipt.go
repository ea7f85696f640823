package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/ledger"
)

func (m *Main) receiptCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "receipt", Short: "Check receipts (C2SP tlog-proof) of log entries offline"}
	var key, policy, memberKey string
	var witnesses []string
	var asJSON bool
	verify := &cobra.Command{
		Use:   "verify FILE",
		Short: "Check a receipt, or a notification letter's receipts (a PDF), offline: the center's signature, the witnesses' cosignatures against the policy, and the entry's inclusion",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if key == "" {
				return fmt.Errorf("--key (the center's log verifier key) is required: a receipt is checked offline, against keys you already hold")
			}
			lv, err := note.NewVerifier(key)
			if err != nil {
				return fmt.Errorf("--key: %w", err)
			}
			pol, err := parsePolicy(witnesses, policy)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			if isLetter(data) {
				return m.verifyLetter(data, lv, pol, asJSON)
			}
			r, res, err := ledger.VerifyReceipt(data, lv, pol)
			if err != nil {
				return fmt.Errorf("receipt check failed: %w", err)
			}
			var e truce.Entry
			json.Unmarshal(r.Entry, &e)
			signer, err := actSigner(&e, memberKey, res.Checkpoint.Origin)
			if err != nil {
				return fmt.Errorf("receipt check failed: %w", err)
			}
			if asJSON {
				return json.NewEncoder(m.Stdout).Encode(map[string]any{
					"index": r.Index, "entry": json.RawMessage(r.Entry), "origin": res.Checkpoint.Origin,
					"checkpoint_size": res.Checkpoint.Size, "cosigned_by": res.Cosigners, "signed_by": signer})
			}
			fmt.Fprintf(m.Stdout, "receipt verified: entry %d (%s, %s) is in the log %s of %d entries",
				r.Index, e.Type, e.Time.Format("2006-01-02T15:04:05Z07:00"), res.Checkpoint.Origin, res.Checkpoint.Size)
			if len(res.Cosigners) > 0 {
				fmt.Fprintf(m.Stdout, ", cosigned by %s", strings.Join(res.Cosigners, ", "))
			}
			fmt.Fprintln(m.Stdout)
			fmt.Fprintln(m.Stdout, signer.String())
			return nil
		},
	}
	verify.Flags().StringVar(&key, "key", "", "the center's log verifier key (required)")
	verify.Flags().StringArrayVar(&witnesses, "witness", nil, "a witness's verifier key whose cosignature counts (repeat for each)")
	verify.Flags().StringVar(&policy, "witness-policy", "all", `how many of the --witness keys must have cosigned: "all" or a number`)
	verify.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	verify.Flags().StringVar(&memberKey, "member-key", "", "the acting member's public key (base64url): also check the member's own signature of the act")
	cmd.AddCommand(verify)
	return cmd
}

// parsePolicy makes a witness policy from verifier keys and "all" or a
// number k (k of the keys).
func parsePolicy(keys []string, policy string) (ledger.Policy, error) {
	var p ledger.Policy
	for _, k := range keys {
		v, err := ledger.NewCosignatureVerifier(k)
		if err != nil {
			return p, fmt.Errorf("--witness: %w", err)
		}
		p.Witnesses = append(p.Witnesses, v)
	}
	switch policy {
	case "", "all":
	default:
		k, err := strconv.Atoi(policy)
		if err != nil || k < 1 || k > len(p.Witnesses) {
			return p, fmt.Errorf(`--witness-policy must be "all" or a number from 1 to the %d witness keys, not %q`, len(p.Witnesses), policy)
		}
		p.Threshold = k
	}
	return p, nil
}

// signerInfo says who signed an act, as a receipt shows it.
type signerInfo struct {
	Member   string `json:"member,omitempty"`
	Party    string `json:"party,omitempty"`
	KeyID    string `json:"key_id,omitempty"`
	Verified bool   `json:"verified"` // the signature was checked with --member-key
}

func (s *signerInfo) String() string {
	switch {
	case s.KeyID == "" && s.Member == "":
		return "an act of the center itself, signed by its key alone"
	case s.KeyID == "":
		return fmt.Sprintf("made by member %s of party %s, without a member signature (the center's word alone)", s.Member, s.Party)
	case s.Verified:
		return fmt.Sprintf("signed by member %s of party %s with key %s: the member's signature verifies", s.Member, s.Party, s.KeyID)
	}
	return fmt.Sprintf("signed by member %s of party %s with key %s (give --member-key to check that signature; truce log verify checks it against the key the member had then)", s.Member, s.Party, s.KeyID)
}

// actSigner reports who signed e and, with the member's public key,
// checks that signature.
func actSigner(e *truce.Entry, memberKey, origin string) (*signerInfo, error) {
	s := &signerInfo{Member: e.Actor.Member, Party: e.Actor.Party}
	if e.Request != nil {
		s.KeyID = e.Request.KeyID
	}
	if memberKey == "" {
		return s, nil
	}
	pub, err := core.ParseKey(memberKey)
	if err != nil {
		return nil, fmt.Errorf("--member-key: %w", err)
	}
	if err := core.VerifyActSignature(e, pub, origin); err != nil {
		return nil, err
	}
	s.Verified = true
	return s, nil
}
