package main

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// A server's settings file (`truce serve --config FILE`) is TOML, one
// key per flag, named as the flag is: what belongs to the server —
// addresses, limits, timeouts, the store, the witness policy, the log
// level — not to the agreement, whose rules are terms in the log. A flag
// given on the command line wins over the file. Why TOML: its values are
// typed (a number is a number, a duration a quoted string), it has no
// indentation to get wrong, and a key that is not a flag is an error
// rather than a silently ignored line.

// applyConfig sets every flag of cmd that the file names and the command
// line did not. It refuses an unknown key, a nested table, or a value
// the flag does not accept, naming the key.
func applyConfig(cmd *cobra.Command, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("reading the config file: %w", err)
	}
	var kv map[string]any
	if _, err := toml.Decode(string(raw), &kv); err != nil {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	keys := make([]string, 0, len(kv))
	for k := range kv {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		name := strings.ReplaceAll(key, "_", "-")
		f := cmd.Flags().Lookup(name)
		if f == nil || name == "config" {
			return fmt.Errorf("config file %s: unknown key %q; the keys are the flags of truce %s: %s", path, key, cmd.Name(), strings.Join(configKeys(cmd), ", "))
		}
		if f.Changed {
			continue // the command line wins
		}
		val, err := configValue(kv[key])
		if err != nil {
			return fmt.Errorf("config file %s: key %q: %w", path, key, err)
		}
		if err := cmd.Flags().Set(name, val); err != nil {
			return fmt.Errorf("config file %s: key %q: %w", path, key, err)
		}
	}
	return nil
}

// configValue renders a TOML value as the flag's text.
func configValue(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(x), nil
	case time.Duration:
		return x.String(), nil
	}
	return "", fmt.Errorf("must be a string, a number or a boolean, not %T", v)
}

// configKeys lists the keys a config file may hold for cmd.
func configKeys(cmd *cobra.Command) []string {
	var out []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "config" && f.Name != "help" {
			out = append(out, f.Name)
		}
	})
	return out
}
