package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestServeConfigFile: every key of the file sets its flag, the command
// line wins over it, and a key that is no flag, or a value the flag
// refuses, stops the server naming the key.
func TestServeConfigFile(t *testing.T) {
	dir, _ := initDir(t)
	conf := filepath.Join(t.TempDir(), "truce.toml")
	write := func(s string) {
		if err := os.WriteFile(conf, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// The address in the file loses to --addr on the command line (the
	// helper listens on port 0); the data directory comes from the file.
	write("addr = \"127.0.0.1:1\"\ndata = " + `"` + dir + `"` + "\nmax-header-bytes = 1024\nwitness_quorum = 1\nlog-level = \"warn\"\nheader-timeout = \"5s\"\n")
	s := serve(t, "--config", conf)
	req, _ := http.NewRequest("GET", s.url+"/v1/health", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", resp, err)
	}
	resp.Body.Close()
	// max-header-bytes = 1024 holds: a 16 KiB header is refused (the
	// default, 64 KiB, would take it).
	req.Header.Set("X-Padding", strings.Repeat("a", 16<<10))
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("a 16 KiB header under max-header-bytes = 1024: %v %v", resp, err)
	}
	resp.Body.Close()
	s.stop()

	for _, c := range []struct{ file, want string }{
		{"data = \"" + dir + "\"\nlisten = \"127.0.0.1:0\"\n", `unknown key "listen"`},
		{"data = \"" + dir + "\"\nmax-conns = \"many\"\n", `key "max-conns"`},
		{"data = \"" + dir + "\"\n[store]\nkind = \"sqlite\"\n", `key "store"`},
		{"data = \"" + dir + "\"\nconfig = \"other.toml\"\n", `unknown key "config"`},
		{"data = \n", "config file"},
	} {
		write(c.file)
		code, _, errs := run(t, "serve", "--addr", "127.0.0.1:0", "--config", conf)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("config %q: exit %d, %q; want an error with %q", c.file, code, errs, c.want)
		}
	}
}

// FuzzConfig: any file either sets flags or is refused with an error
// that names the file; applying it never panics, and a file it accepts
// names only flags of serve. The seed corpus is in
// testdata/fuzz/FuzzConfig.
func FuzzConfig(f *testing.F) {
	f.Add([]byte("addr = \"127.0.0.1:8080\"\nmax-conns = 10\nheader_timeout = \"5s\"\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "c.toml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		m := &Main{}
		cmd := m.serveCmd()
		err := applyConfig(cmd, path)
		if err != nil {
			if !strings.Contains(err.Error(), "config file") {
				t.Fatalf("an error that does not name the file: %v", err)
			}
			return
		}
		var kv map[string]any
		if _, err := toml.Decode(string(data), &kv); err != nil {
			t.Fatalf("accepted a file that does not parse: %v", err)
		}
		for k := range kv {
			if cmd.Flags().Lookup(strings.ReplaceAll(k, "_", "-")) == nil {
				t.Fatalf("accepted key %q, which is no flag", k)
			}
		}
	})
}
