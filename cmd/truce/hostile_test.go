package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/truce-center/truce/sqlite"
)

// TestReplayNeedsAStore: log replay on a directory that holds no store,
// or a store that holds no log, fails and creates nothing.
func TestReplayNeedsAStore(t *testing.T) {
	nope := filepath.Join(t.TempDir(), "nope")
	code, out, errs := run(t, "log", "replay", "--data", nope)
	if code == 0 || !strings.Contains(errs, "no store in "+nope) || strings.Contains(out, "equals") {
		t.Fatalf("replay of a missing directory: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(nope); !os.IsNotExist(err) {
		t.Fatalf("replay created %s: %v", nope, err)
	}
	empty := t.TempDir()
	s, err := sqlite.Open(context.Background(), empty)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, out, errs = run(t, "log", "replay", "--data", empty)
	if code == 0 || !strings.Contains(errs, "holds no log") {
		t.Fatalf("replay of a store without a log: %d %q %q", code, out, errs)
	}
}

// TestAddressInUse: a port clash says how to choose another address.
func TestAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, errs := run(t, "demo", "--addr", ln.Addr().String())
	if code == 0 || !strings.Contains(errs, "in use") || !strings.Contains(errs, "ADDR=") || !strings.Contains(errs, "--addr") {
		t.Fatalf("demo on a taken port: %d %q", code, errs)
	}
}

var flagName = regexp.MustCompile(`(?m)^\s+(?:-\w, )?--([\w-]+)`)

// TestReadmeNamesEveryFlag: the README's row for each command names every
// flag the command takes, so that the README stays the manual.
func TestReadmeNamesEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{} // "truce log verify" → its row
	for _, line := range strings.Split(string(readme), "\n") {
		if rest, ok := strings.CutPrefix(line, "| `truce "); ok {
			words := strings.Fields(strings.NewReplacer("`", " ", "|", " ").Replace(rest))
			name := "truce"
			for _, w := range words {
				if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "[") || strings.ToUpper(w) == w {
					break
				}
				name += " " + w
			}
			rows[name] = line
		}
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if !c.Runnable() || c.Name() == "help" || c.Name() == "completion" {
			return
		}
		row, ok := rows[c.CommandPath()]
		if !ok {
			t.Errorf("the README's command table has no row for %s", c.CommandPath())
			return
		}
		for _, name := range flagName.FindAllStringSubmatch(c.Flags().FlagUsages(), -1) {
			if name[1] != "help" && !strings.Contains(row, "--"+name[1]+" ") && !strings.Contains(row, "--"+name[1]+"]") {
				t.Errorf("the README's row for %s does not name --%s", c.CommandPath(), name[1])
			}
		}
	}
	walk((&Main{}).root())
}
