package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpapi"
)

// Member keys and credentials on the command line: `truce key new`, and
// `truce member enrol|rotate-token|revoke-token|revoke-key|remove`
// through the API, signed with --member-key when given.

func (m *Main) keyCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "key", Short: "A member's Ed25519 signing key"}
	var asJSON bool
	newCmd := &cobra.Command{
		Use:   "new FILE",
		Short: "Make a member key in FILE (mode 0600) and print its public key and id",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			key, err := httpapi.NewMemberKey(args[0])
			if err != nil {
				return err
			}
			pub := key.Public().(ed25519.PublicKey)
			out := map[string]string{"file": args[0], "key": base64.RawURLEncoding.EncodeToString(pub), "key_id": core.KeyID(pub)}
			if asJSON {
				return json.NewEncoder(m.Stdout).Encode(out)
			}
			fmt.Fprintf(m.Stdout, "wrote %s\npublic key %s\nkey id %s\n", out["file"], out["key"], out["key_id"])
			return nil
		},
	}
	newCmd.Flags().BoolVar(&asJSON, "json", false, `print {"file","key","key_id"}`)
	cmd.AddCommand(newCmd)
	return cmd
}

// memberClient is the API client the member commands (and ingest) use:
// the token from --token or $TRUCE_TOKEN, writes signed with the key in
// --member-key or $TRUCE_MEMBER_KEY if either is set.
func memberClient(server, token, keyFile string) (*httpapi.Client, error) {
	if token == "" {
		token = os.Getenv("TRUCE_TOKEN")
	}
	if keyFile == "" {
		keyFile = os.Getenv("TRUCE_MEMBER_KEY")
	}
	cl, err := httpapi.NewClient(server, token)
	if err != nil {
		return nil, err
	}
	if keyFile != "" {
		key, err := httpapi.LoadMemberKey(keyFile)
		if err != nil {
			return nil, err
		}
		cl.SignWith(key)
	}
	return cl, nil
}

type clientFlags struct{ server, token, key string }

func (f *clientFlags) add(cmd *cobra.Command) {
	cmd.PersistentFlags().StringVar(&f.server, "server", "http://127.0.0.1:8080", "the center's address")
	cmd.PersistentFlags().StringVar(&f.token, "token", "", "the acting member's token (default $TRUCE_TOKEN)")
	cmd.PersistentFlags().StringVar(&f.key, "member-key", "", "the acting member's key file, to sign writes (default $TRUCE_MEMBER_KEY)")
}

func (m *Main) memberCmd() *cobra.Command {
	var f clientFlags
	var asJSON bool
	cmd := &cobra.Command{Use: "member", Short: "Enrol a key; rotate, revoke or expire tokens; remove members"}
	f.add(cmd)
	cmd.PersistentFlags().BoolVar(&asJSON, "json", false, "print the answer as JSON")
	print := func(v any, text string) error {
		if asJSON {
			return json.NewEncoder(m.Stdout).Encode(v)
		}
		fmt.Fprintln(m.Stdout, text)
		return nil
	}
	enrol := &cobra.Command{
		Use:   "enrol",
		Short: "Register --member-key as the acting member's key (from then on its writes must be signed with it)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cl, err := memberClient(f.server, f.token, f.key)
			if err != nil {
				return err
			}
			res, err := cl.Enrol(cmd.Context())
			if err != nil {
				return err
			}
			return print(res, fmt.Sprintf("member %s enrolled key %s (log index %d)", res.Member, res.KeyID, res.LogIndex))
		},
	}
	var expires string
	rotate := &cobra.Command{
		Use:   "rotate-token MEMBER",
		Short: "Give MEMBER a new token (printed once); the old one stops working at once",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cl, err := memberClient(f.server, f.token, f.key)
			if err != nil {
				return err
			}
			var in members.TokenInput
			if expires != "" {
				t, err := time.Parse(time.RFC3339, expires)
				if err != nil {
					return fmt.Errorf("--expires: %w", err)
				}
				in.ExpiresAt = &t
			}
			var out members.TokenIssued
			if err := cl.Post(cmd.Context(), "/v1/members/"+args[0]+"/token", in, &out); err != nil {
				return err
			}
			return print(out, out.Token)
		},
	}
	rotate.Flags().StringVar(&expires, "expires", "", "when the new token stops working (RFC 3339)")
	deleting := func(use, short, suffix, done string) *cobra.Command {
		return &cobra.Command{
			Use: use + " MEMBER", Short: short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				cl, err := memberClient(f.server, f.token, f.key)
				if err != nil {
					return err
				}
				b, err := cl.Raw(cmd.Context(), "DELETE", "/v1/members/"+args[0]+suffix, nil)
				if err != nil {
					return err
				}
				var out httpapi.LogIndex
				if err := json.Unmarshal(b, &out); err != nil {
					return err
				}
				return print(out, fmt.Sprintf("member %s: %s (log index %d)", args[0], done, out.LogIndex))
			},
		}
	}
	cmd.AddCommand(enrol, rotate,
		deleting("revoke-token", "Revoke MEMBER's token at once", "/token", "token revoked"),
		deleting("revoke-key", "Revoke MEMBER's key: its signed writes are refused until it enrols another", "/key", "key revoked"),
		deleting("remove", "Remove MEMBER: its token and key stop working at once; its acts stay in the log", "", "removed"))
	return cmd
}
