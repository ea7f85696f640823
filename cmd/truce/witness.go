package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/witness"
)

func (m *Main) witnessCmd() *cobra.Command {
	var server, data, addr, name, logKey, level string
	cmd := &cobra.Command{
		Use:   "witness",
		Short: "Run a party's witness: cosign the center's checkpoints (C2SP tlog-witness), never two histories",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			log, err := m.logger(level)
			if err != nil {
				return err
			}
			w, err := witness.Open(cmd.Context(), data, name, server, logKey, m.Clock, m.Stdout)
			if err != nil {
				return err
			}
			w.Log = log
			return w.Serve(cmd.Context(), addr, m.Ready, m.Stdout)
		},
	}
	cmd.Flags().StringVar(&server, "server", "", "the center's address: its log key is read from /log/key on first start (trust on first use) unless --log-key is given")
	cmd.Flags().StringVar(&data, "data", "./truce-witness", "data directory (the witness key and the last checkpoint cosigned)")
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8081", "address to listen on")
	cmd.Flags().StringVar(&name, "name", "", "the witness's name, on first start (default truce.invalid/witness-<random>)")
	cmd.Flags().StringVar(&logKey, "log-key", "", "the center's log verifier key, instead of reading it from --server")
	cmd.Flags().StringVar(&level, "log-level", "info", "log level: debug, info, warn, error")
	return cmd
}

// witnessFlags are `truce log verify`'s witness options.
type witnessFlags struct {
	keys   []string
	policy string
}

func (f *witnessFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.keys, "witness", nil, "a witness verifier key to require cosignatures from (repeat for each; replaces the pinned ones). Without it, the pinned keys, or on first use those the center lists at /v1/witnesses")
	cmd.Flags().StringVar(&f.policy, "witness-policy", "", `how many of the witnesses must have cosigned: "all" or a number (default: the pinned policy, else "all")`)
}

// checkWitnesses checks the cosignatures on a verified checkpoint note
// against the witness keys and the policy, and returns the keys and the
// policy to pin. The keys are, in order: the --witness flags; those
// pinned before; on first use (nothing pinned), the witnesses the center
// lists at GET /v1/witnesses, trusted on first use like the log key.
func checkWitnesses(ctx context.Context, cl *httpapi.Client, tl *trustedLog, wf witnessFlags, msg []byte) ([]string, string, error) {
	keys, policy := wf.keys, wf.policy
	if len(keys) == 0 && tl != nil {
		keys = tl.Witnesses
	}
	if policy == "" && tl != nil {
		policy = tl.WitnessPolicy
	}
	if len(keys) == 0 {
		var ws []struct {
			Key string `json:"key"`
		}
		if err := cl.Get(ctx, "/v1/witnesses", &ws); err != nil && truce.ErrorCode(err) != truce.ENotFound {
			return nil, "", fmt.Errorf("witness check failed: reading the registered witnesses: %w", err)
		}
		for _, w := range ws {
			keys = append(keys, w.Key)
		}
	}
	if len(keys) == 0 {
		return nil, "", nil
	}
	if policy == "" {
		policy = "all"
	}
	pol, err := parsePolicy(keys, policy)
	if err != nil {
		return nil, "", err
	}
	if _, err := pol.CheckCosignatures(msg); err != nil {
		// The center's own account of why, for the reader: untrusted,
		// but it tells a refusal (a fork) from an unreachable witness.
		var rep struct {
			Witnesses []struct {
				Name      string `json:"name"`
				LastError string `json:"last_error"`
			} `json:"witnesses"`
		}
		var why []string
		if cl.Get(ctx, "/v1/witnesses/status", &rep) == nil {
			for _, w := range rep.Witnesses {
				if w.LastError != "" {
					why = append(why, fmt.Sprintf("witness %s: %s", w.Name, w.LastError))
				}
			}
		}
		if len(why) > 0 {
			return nil, "", fmt.Errorf("witness check failed: %w (the center reports: %s)", err, strings.Join(why, "; "))
		}
		return nil, "", fmt.Errorf("witness check failed: %w", err)
	}
	return keys, policy, nil
}
