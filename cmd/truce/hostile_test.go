package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/truce-center/truce/center/centertest"
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

// TestMetricsAddr: serve --metrics-addr serves /metrics there without a
// token, while on --addr it needs the coordinator's.
func TestMetricsAddr(t *testing.T) {
	dir, res := initDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &centertest.LockedBuffer{}
	ready := make(chan string, 1)
	done := make(chan int, 1)
	m := &Main{Stdout: io.Discard, Stderr: logs, Ready: func(u string) { ready <- u }}
	go func() {
		done <- m.Run(ctx, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"})
	}()
	var url string
	select {
	case url = <-ready:
	case code := <-done:
		t.Fatalf("serve exited with %d: %s", code, logs.String())
	}
	var metricsAddr string
	for _, line := range strings.Split(logs.String(), "\n") {
		var l struct{ Msg, Addr string }
		if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "serving metrics" {
			metricsAddr = l.Addr
		}
	}
	if metricsAddr == "" {
		t.Fatalf("no metrics address in the log: %s", logs.String())
	}
	if code, body := get(t, "http://"+metricsAddr+"/metrics", ""); code != 200 || !strings.Contains(string(body), "truce_log_entries") {
		t.Fatalf("metrics address: %d %.200s", code, body)
	}
	if code, _ := get(t, url+"/metrics", ""); code != 401 {
		t.Fatalf("/metrics on --addr without a token: %d", code)
	}
	if code, _ := get(t, url+"/metrics", res.Token); code != 200 {
		t.Fatalf("/metrics on --addr with the coordinator's token: %d", code)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited with %d", code)
	}
}
