package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/truce-center/truce/center/members"
	"github.com/truce-center/truce/httpapi"
)

// TestMain lets the crash test run this test binary as a truce server:
// with TRUCE_TEST_ARGS set, the binary is the program, not the tests. With
// TRUCE_TEST_MAIN=1 it is the program with its own command line, as a
// shell runs a line truce printed (TestDemoHumanOutput).
func TestMain(m *testing.M) {
	if os.Getenv("TRUCE_TEST_MAIN") == "1" {
		os.Exit((&Main{Stdout: os.Stdout, Stderr: os.Stderr}).Run(context.Background(), os.Args[1:]))
	}
	if args := os.Getenv("TRUCE_TEST_ARGS"); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			panic(err)
		}
		os.Exit((&Main{Stdout: os.Stdout, Stderr: os.Stderr}).Run(context.Background(), a))
	}
	code := m.Run()
	stopBenchServers()
	os.Exit(code)
}

// run runs the program in process and returns its exit status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := (&Main{Stdout: &out, Stderr: &errb}).Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// initDir initialises a center in a new temporary directory.
func initDir(t *testing.T) (string, members.InitResult) {
	t.Helper()
	dir := t.TempDir()
	code, out, errs := run(t, "init", "--data", dir, "--json")
	if code != 0 {
		t.Fatalf("init: %d %s", code, errs)
	}
	var res members.InitResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("init --json printed %q: %v", out, err)
	}
	var keys map[string]any
	json.Unmarshal([]byte(out), &keys)
	if len(keys) != 4 {
		t.Fatalf("init --json printed %d fields, want exactly party_id, member_id, token, log_key: %s", len(keys), out)
	}
	return dir, res
}

// server is a center served in process on port 0.
type server struct {
	url    string
	cancel context.CancelFunc
	done   chan int
}

func serve(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	s := &server{cancel: cancel, done: make(chan int, 1)}
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Ready: func(u string) { ready <- u }}
	go func() {
		s.done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	}()
	select {
	case s.url = <-ready:
	case code := <-s.done:
		t.Fatalf("serve exited with %d before listening", code)
	}
	t.Cleanup(s.stop)
	return s
}

func (s *server) stop() {
	if s.cancel != nil {
		s.cancel()
		<-s.done
		s.cancel = nil
	}
}

func client(t *testing.T, url, token string) *httpapi.Client {
	c, err := httpapi.NewClient(url, token)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// verify runs `truce log verify` in process.
func verify(t *testing.T, url, trust, token string) (int, string, string) {
	t.Helper()
	args := []string{"log", "verify", "--server", url, "--trust", trust}
	if token != "" {
		args = append(args, "--token", token)
	}
	return run(t, args...)
}

func TestInitRefusesTwice(t *testing.T) {
	dir, _ := initDir(t)
	code, _, errs := run(t, "init", "--data", dir)
	if code == 0 || !strings.Contains(errs, "already") {
		t.Fatalf("second init: %d %q", code, errs)
	}
	st, err := os.Stat(filepath.Join(dir, keyFileName))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", st.Mode(), err)
	}
	// A key that others can read is refused.
	os.Chmod(filepath.Join(dir, keyFileName), 0o644)
	code, _, errs = run(t, "serve", "--data", dir, "--addr", "127.0.0.1:0")
	if code == 0 || !strings.Contains(errs, "chmod 600") {
		t.Fatalf("serve with a readable key: %d %q", code, errs)
	}
}

func TestEndToEnd(t *testing.T) {
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	ctx := context.Background()
	coord := client(t, s.url, res.Token)
	names := []string{"United States", "Russian Federation", "Syrian government forces", "UN OCHA convoys", "Monitoring mission"}
	kinds := []string{"party", "party", "party", "humanitarian", "observer"}
	var last uint64
	for i, n := range names {
		var p struct {
			ID       string `json:"id"`
			LogIndex uint64 `json:"log_index"`
		}
		if err := coord.Post(ctx, "/v1/parties", map[string]string{"name": n, "kind": kinds[i]}, &p); err != nil {
			t.Fatal(err)
		}
		var m members.MemberCreated
		if err := coord.Post(ctx, "/v1/parties/"+p.ID+"/members", map[string]string{"name": "desk"}, &m); err != nil {
			t.Fatal(err)
		}
		if p.LogIndex <= last || m.LogIndex != p.LogIndex+1 {
			t.Fatalf("log indexes %d, %d after %d", p.LogIndex, m.LogIndex, last)
		}
		last = m.LogIndex
	}
	trust := filepath.Join(t.TempDir(), "trust.json")
	code, out, errs := verify(t, s.url, trust, res.Token)
	want := fmt.Sprintf("verified %d entries\n", last+1)
	if code != 0 || out != want {
		t.Fatalf("verify: %d %q %q, want %q", code, out, errs, want)
	}
	verifyWithTessera(t, s.url, res.LogKey, int(last+1))

	// The log grows; the next verification checks consistency with the pin.
	if err := coord.Post(ctx, "/v1/parties", map[string]string{"name": "Turkey", "kind": "party"}, nil); err != nil {
		t.Fatal(err)
	}
	code, out, errs = verify(t, s.url, trust, res.Token)
	if code != 0 || out != fmt.Sprintf("verified %d entries\n", last+2) {
		t.Fatalf("second verify: %d %q %q", code, out, errs)
	}
	// A wrong --key is refused before anything else.
	code, _, errs = run(t, "log", "verify", "--server", s.url, "--trust", trust, "--key", "other+01234567+AAAA")
	if code == 0 || !strings.Contains(errs, "key check failed") {
		t.Fatalf("verify with a wrong key: %d %q", code, errs)
	}
	// The replay of the log equals the stored projection.
	s.stop()
	code, out, errs = run(t, "log", "replay", "--data", dir)
	if code != 0 || !strings.Contains(out, "equals the replay") {
		t.Fatalf("replay: %d %q %q", code, out, errs)
	}
}

// TestConcurrentWriters checks that concurrent writes each get their own
// log index, all of them land, and the log verifies.
func TestConcurrentWriters(t *testing.T) {
	dir, res := initDir(t)
	s := serve(t, "--data", dir)
	ctx := context.Background()
	coord := client(t, s.url, res.Token)
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[uint64]bool{}
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				var p struct {
					LogIndex uint64 `json:"log_index"`
				}
				if err := coord.Post(ctx, "/v1/parties", map[string]string{"name": fmt.Sprintf("w%d-%d", w, i), "kind": "party"}, &p); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[p.LogIndex] {
					t.Errorf("log index %d given twice", p.LogIndex)
				}
				seen[p.LogIndex] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 320 {
		t.Fatalf("%d writes acknowledged, want 320", len(seen))
	}
	var parties []map[string]any
	if err := coord.Get(ctx, "/v1/parties", &parties); err != nil {
		t.Fatal(err)
	}
	if len(parties) != 321 {
		t.Fatalf("%d parties, want 321", len(parties))
	}
	code, out, errs := verify(t, s.url, filepath.Join(t.TempDir(), "trust.json"), res.Token)
	if code != 0 || out != "verified 323 entries\n" {
		t.Fatalf("verify: %d %q %q", code, out, errs)
	}
}

// readLines scans r for a JSON log line with a "url" field.
func waitForURL(t *testing.T, r io.Reader) string {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		var line struct {
			Msg string `json:"msg"`
			URL string `json:"url"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
			go io.Copy(io.Discard, r)
			return line.URL
		}
	}
	t.Fatalf("the server exited before listening: %v", sc.Err())
	return ""
}

// startChild runs the test binary as `truce serve` in a child process.
func startChild(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	a, _ := json.Marshal(append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "info"}, args...))
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "TRUCE_TEST_ARGS="+string(a))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, waitForURL(t, stderr)
}
