package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/center/terms"
	"github.com/truce-center/truce/demo"
	"github.com/truce-center/truce/ledger"
)

type demoMember struct {
	Party   string `json:"party"`
	PartyID string `json:"party_id"`
	Name    string `json:"name"`
	Token   string `json:"token"`
}

// startDemo runs `truce demo --json` in process on port 0 and returns
// the first line of its output, decoded, and the members by scenario key.
func startDemo(t *testing.T, clock truce.Clock) (string, map[string]demoMember) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errb := &centertest.LockedBuffer{}, &centertest.LockedBuffer{}
	ready := make(chan string, 1)
	done := make(chan int, 1)
	m := &Main{Stdout: out, Stderr: errb, Clock: clock, Ready: func(u string) { ready <- u }}
	go func() {
		done <- m.Run(ctx, []string{"demo", "--json", "--addr", "127.0.0.1:0", "--data", t.TempDir()})
	}()
	select {
	case <-ready:
	case code := <-done:
		t.Fatalf("truce demo exited with %d before it was ready: %s", code, errb.String())
	case <-time.After(60 * time.Second):
		t.Fatal("truce demo was not ready after 60 s")
	}
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("truce demo exited with %d: %s", code, errb.String())
		}
	})
	first, _, _ := strings.Cut(out.String(), "\n")
	var head struct {
		URL     string       `json:"url"`
		Members []demoMember `json:"members"`
	}
	d := json.NewDecoder(strings.NewReader(first))
	d.DisallowUnknownFields()
	if err := d.Decode(&head); err != nil || head.URL == "" {
		t.Fatalf("the first line of truce demo --json is %q: %v", first, err)
	}
	keys := map[string]string{
		"United Nations (coordinator)": "coordinator",
		"United States":                "us",
		"Russian Federation":           "ru",
		"Syrian government forces":     "sy",
		"Humanitarian convoy agency":   "hum",
		"Ceasefire monitoring mission": "obs",
	}
	members := map[string]demoMember{}
	for _, mb := range head.Members {
		if keys[mb.Party] == "" || mb.PartyID == "" || mb.Name == "" || !strings.HasPrefix(mb.Token, "truce_") {
			t.Fatalf("member %+v", mb)
		}
		members[keys[mb.Party]] = mb
	}
	if len(members) != len(keys) || head.Members[0].Party != "United Nations (coordinator)" {
		t.Fatalf("members: %+v", head.Members)
	}
	return head.URL, members
}

// get performs a GET with a member's token (none for "") and returns the
// status and body, whatever the status.
func get(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// events reads a member's event stream from the start of the log for a
// few seconds: the replay of everything it may see.
func events(t *testing.T, url, token string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url+"/v1/events?last_event_id=0", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	io.Copy(&out, resp.Body) // ends with the deadline
	return out.Bytes()
}

type demoNotification struct {
	ID              string   `json:"id"`
	Kind            string   `json:"kind"`
	Title           string   `json:"title"`
	State           string   `json:"state"`
	MustAcknowledge []string `json:"must_acknowledge"`
	Conflicts       []struct {
		Rule string `json:"rule"`
		With struct {
			Type, ID, Name, Category string
			Area                     json.RawMessage
		} `json:"with"`
	} `json:"conflicts"`
}

func TestDemo(t *testing.T) {
	url, members := startDemo(t, nil)
	tok := func(k string) string { return members[k].Token }

	// The conflicts the scenario is meant to show, by rule, as the
	// coordinator (who sees every notification) reads them.
	var all []demoNotification
	if err := client(t, url, tok("coordinator")).Get(context.Background(), "/v1/notifications", &all); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	states := map[string]int{}
	for _, n := range all {
		for _, c := range n.Conflicts {
			found[c.Rule] = true
		}
		states[n.State]++
	}
	for _, rule := range []string{
		"strike-in-no-strike-zone",
		"strike-near-protected-site",
		"strike-on-humanitarian-movement",
		"activity-in-corridor",
		"activity-in-security-belt",
		"activity-in-opposition-area",
		"activity-in-de-escalation-zone",
		"flight-separation",
	} {
		if !found[rule] {
			t.Errorf("no notification of the scenario shows %s", rule)
		}
	}
	for _, st := range []string{"submitted", "acknowledged", "objected", "cancelled"} {
		if states[st] == 0 {
			t.Errorf("no notification is %s: %v", st, states)
		}
	}
	if len(all) != 12 {
		t.Errorf("the coordinator sees %d notifications, want the scenario's 12", len(all))
	}

	// The Syrian forces' strike near the hidden hospital: they are told
	// the category and a coarse area, no more, and the coordinator
	// answers in the owner's place.
	var syList []demoNotification
	if err := client(t, url, tok("sy")).Get(context.Background(), "/v1/notifications?kind=strike", &syList); err != nil {
		t.Fatal(err)
	}
	hiddenSeen := false
	for _, n := range syList {
		if !strings.Contains(n.Title, "Sakhour") {
			continue
		}
		for _, c := range n.Conflicts {
			if c.Rule == "strike-near-protected-site" {
				hiddenSeen = true
				if c.With.Type != "site" || c.With.Category != "hospital" || c.With.ID != "" || c.With.Name != "" || len(c.With.Area) == 0 {
					t.Errorf("the hidden site as the Syrian forces see it: %+v", c.With)
				}
				if !slices.Contains(n.MustAcknowledge, members["coordinator"].PartyID) || slices.Contains(n.MustAcknowledge, members["hum"].PartyID) {
					t.Errorf("who must answer the strike near the hidden site: %v", n.MustAcknowledge)
				}
			}
		}
	}
	if !hiddenSeen {
		t.Error("the Syrian forces do not see their strike's conflict with a protected site")
	}

	// Reports, incidents and reviews.
	var reports []struct{ Status string }
	if err := client(t, url, tok("us")).Get(context.Background(), "/v1/reports", &reports); err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, r := range reports {
		statuses[r.Status]++
	}
	if len(reports) != 12 || statuses["verified"] != 2 || statuses["unverified"] != 1 || statuses["under-review"] != 1 {
		t.Errorf("reports: %d, by status %v", len(reports), statuses)
	}
	var incidents []struct {
		Reports            []string
		IndependentSources int `json:"independent_sources"`
	}
	if err := client(t, url, tok("ru")).Get(context.Background(), "/v1/incidents?min_reports=2", &incidents); err != nil {
		t.Fatal(err)
	}
	threeSources := slices.ContainsFunc(incidents, func(i struct {
		Reports            []string
		IndependentSources int `json:"independent_sources"`
	}) bool {
		return len(i.Reports) == 3 && i.IndependentSources == 3
	})
	if len(incidents) != 4 || !threeSources {
		t.Errorf("incidents of several reports: %+v", incidents)
	}

	// The hotline: the flash stays unacknowledged.
	var msgs []struct {
		Priority         string
		Subject          string
		Acknowledgements []json.RawMessage
		Awaiting         []string
	}
	if err := client(t, url, tok("coordinator")).Get(context.Background(), "/v1/messages", &msgs); err != nil {
		t.Fatal(err)
	}
	flash := slices.IndexFunc(msgs, func(m struct {
		Priority         string
		Subject          string
		Acknowledgements []json.RawMessage
		Awaiting         []string
	}) bool {
		return m.Priority == "flash"
	})
	if len(msgs) != 6 || flash < 0 || len(msgs[flash].Acknowledgements) != 0 || len(msgs[flash].Awaiting) != 1 {
		t.Errorf("messages: %+v", msgs)
	}

	t.Run("terms", func(t *testing.T) { demoTerms(t, url, members) })

	// The agency sees who was shown its precise hospital: the Russian and
	// Syrian desks read it while the scenario loaded.
	_, access := get(t, url+"/v1/access-records", tok("hum"))
	for _, k := range []string{"ru", "sy"} {
		if !bytes.Contains(access, []byte(`"`+members[k].PartyID+`"`)) {
			t.Errorf("the agency's access records do not name %s: %s", k, access)
		}
	}

	t.Run("need-to-know", func(t *testing.T) { demoNeedToKnow(t, url, members) })

	// Every member's log verify passes: the checkpoint, every entry, and
	// what the API shows that member equals the replay.
	for _, k := range []string{"coordinator", "us", "ru", "sy", "hum", "obs"} {
		trust := filepath.Join(t.TempDir(), "trust.json")
		code, out, errs := verify(t, url, trust, tok(k))
		if code != 0 || !strings.HasPrefix(out, "verified ") {
			t.Errorf("log verify as %s: %d %q %q", k, code, out, errs)
		}
	}
}

// demoNeedToKnow reads every list, object, export and the event stream as
// each member, and the public log without a token, and checks the raw
// bytes: each secret reaches the parties allowed to see it, and no other.
func demoNeedToKnow(t *testing.T, url string, members map[string]demoMember) {
	parties := []string{"coordinator", "us", "ru", "sy", "hum", "obs"}
	secrets := []struct {
		what    string
		allowed []string // besides the coordinator
	}{
		// The hidden site: name and coordinates.
		{"Underground hospital", []string{"hum"}},
		{"37.19623", []string{"hum"}},
		{"36.22147", []string{"hum"}},
		// The coarse site's coordinates (its name is shown).
		{"36.98517", []string{"hum"}},
		{"36.17029", []string{"hum"}},
		// The coarse zone's coordinates.
		{"37.021", []string{"ru"}},
		{"36.081", []string{"ru"}},
		// Hotline subjects.
		{"Recommitment from 19:00", []string{"us", "ru"}},
		{"Separation: your patrol", []string{"us", "ru"}},
		{"Delineation south-west", []string{"us", "ru"}},
		{"security guarantees", []string{"hum", "ru", "sy"}},
		{"Daily summary", []string{"obs"}},
		// Planned strikes: the notifier and who must answer — every
		// endorser of a zone it conflicts with, the owner of a site or
		// movement it may see, the coordinator for a hidden site.
		{"Strike on a command post", []string{"ru", "us", "sy"}},
		{"Strike on a fighting position", []string{"sy", "us", "ru"}},
		{"Strike west of Aleppo", []string{"ru", "hum", "us", "sy"}},
		{"Khan Tuman", []string{"ru"}},
		{"Castello Road junction", []string{"sy", "hum", "us", "ru"}},
	}
	// What each member is shown.
	var ids struct {
		Notifications, Sites, Zones, Messages []struct{ ID string }
	}
	coord := client(t, url, members["coordinator"].Token)
	for path, dst := range map[string]any{"/v1/notifications": &ids.Notifications, "/v1/sites": &ids.Sites,
		"/v1/zones": &ids.Zones, "/v1/messages": &ids.Messages} {
		if err := coord.Get(context.Background(), path, dst); err != nil {
			t.Fatal(err)
		}
	}
	paths := []string{"/v1/me", "/v1/parties", "/v1/zones", "/v1/sites", "/v1/notifications", "/v1/reports",
		"/v1/incidents", "/v1/stats/violations", "/v1/messages", "/v1/access-records",
		"/v1/export/zones.geojson", "/v1/export/sites.geojson", "/v1/export/reports.csv", "/v1/export/reports.geojson"}
	for _, n := range ids.Notifications {
		paths = append(paths, "/v1/notifications/"+n.ID)
	}
	for _, s := range ids.Sites {
		paths = append(paths, "/v1/sites/"+s.ID)
	}
	for _, z := range ids.Zones {
		paths = append(paths, "/v1/zones/"+z.ID)
	}
	for _, m := range ids.Messages {
		paths = append(paths, "/v1/messages/"+m.ID)
	}
	if len(ids.Sites) != 4 || len(ids.Zones) != 6 || len(ids.Messages) != 6 {
		t.Fatalf("the coordinator sees %d sites, %d zones, %d messages", len(ids.Sites), len(ids.Zones), len(ids.Messages))
	}
	shown := map[string][]byte{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	for _, p := range parties {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev := events(t, url, members[p].Token)
			mu.Lock()
			shown[p] = append(shown[p], ev...)
			mu.Unlock()
		}()
	}
	for _, p := range parties {
		var all []byte
		for _, path := range paths {
			code, b := get(t, url+path, members[p].Token)
			if code != 200 && code != 404 {
				t.Errorf("GET %s as %s: %d %s", path, p, code, b)
			}
			all = append(all, b...)
		}
		mu.Lock()
		shown[p] = append(shown[p], all...)
		mu.Unlock()
	}
	wg.Wait()
	for _, p := range parties {
		if !bytes.Contains(shown[p], []byte("event: party.register")) {
			t.Errorf("%s's event stream replayed nothing", p)
		}
	}
	shown["public log"] = publicLog(t, url)
	for _, s := range secrets {
		for who, b := range shown {
			want := who == "coordinator" || slices.Contains(s.allowed, who)
			if got := bytes.Contains(b, []byte(s.what)); got != want {
				t.Errorf("%q shown to %s: %v, want %v", s.what, who, got, want)
			}
		}
	}
}

// publicLog reads every entry of the log, as anyone may, without a token.
func publicLog(t *testing.T, url string) []byte {
	t.Helper()
	code, cp := get(t, url+"/log/checkpoint", "")
	lines := strings.Split(string(cp), "\n")
	if code != 200 || len(lines) < 3 {
		t.Fatalf("checkpoint: %d %q", code, cp)
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil {
		t.Fatalf("checkpoint size %q: %v", lines[1], err)
	}
	var all []byte
	for start := uint64(0); start < size; start += 256 {
		path := "/log/" + ledger.Tile{Level: -1, Index: int64(start / 256), Width: int(min(size-start, 256))}.Path()
		code, b := get(t, url+path, "")
		if code != 200 {
			t.Fatalf("%s: %d", path, code)
		}
		all = append(all, b...)
	}
	return all
}

// TestDemoHumanOutput checks the output a person reads: the address, a
// token per member, where to start, and a log verify line that passes
// when a shell runs it as printed (here the program is this test binary,
// which TestMain turns into truce). Two demonstrations in a row verify
// with the same trust file: each has its own origin, so the second key is
// not refused as a changed one.
func TestDemoHumanOutput(t *testing.T) {
	config := t.TempDir() // the verifier's trust file goes in here
	for range 2 {
		ctx, cancel := context.WithCancel(context.Background())
		out := &centertest.LockedBuffer{}
		ready := make(chan string, 1)
		done := make(chan int, 1)
		m := &Main{Stdout: out, Stderr: io.Discard, Ready: func(u string) { ready <- u }}
		go func() { done <- m.Run(ctx, []string{"demo", "--addr", "127.0.0.1:0"}) }()
		var url string
		select {
		case url = <-ready:
		case code := <-done:
			t.Fatalf("truce demo exited with %d", code)
		}
		text := out.String()
		sc := bufio.NewScanner(strings.NewReader(text))
		tokens := 0
		var verifyLine string
		for sc.Scan() {
			line := sc.Text()
			if strings.Contains(line, " truce_") {
				tokens++
			}
			if strings.Contains(line, " log verify ") {
				verifyLine = strings.TrimSpace(line)
			}
		}
		if !strings.Contains(text, url) || tokens != 6 || !strings.Contains(text, "Look first") || !strings.HasPrefix(verifyLine, os.Args[0]+" log verify --server "+url+" --key ") {
			t.Fatalf("truce demo printed %d tokens:\n%s", tokens, text)
		}
		sh := exec.Command("sh", "-c", verifyLine)
		sh.Env = append(os.Environ(), "TRUCE_TEST_MAIN=1", "XDG_CONFIG_HOME="+config, "HOME="+config)
		vout, err := sh.CombinedOutput()
		if err != nil || !strings.HasPrefix(string(vout), "verified ") {
			t.Fatalf("sh -c %q: %v: %s", verifyLine, err, vout)
		}
		cancel()
		if code := <-done; code != 0 {
			t.Fatalf("truce demo exited with %d", code)
		}
	}
	if _, err := os.Stat(filepath.Join(config, "truce", "trust.json")); err != nil {
		t.Fatalf("the pasted line did not pin the key in the default trust file: %v", err)
	}
}

// TestVerifyLineAsInvoked: the printed line starts with the program as it
// was started (./bin/truce under make demo), quoted for sh when needed.
func TestVerifyLineAsInvoked(t *testing.T) {
	arg0 := os.Args[0]
	defer func() { os.Args[0] = arg0 }()
	for _, tc := range []struct{ arg0, want string }{
		{"./bin/truce", "./bin/truce log verify --server http://127.0.0.1:8080 --key truce.invalid/demo-ab+1234+AbC="},
		{"/opt/my truce/truce", "'/opt/my truce/truce' log verify --server http://127.0.0.1:8080 --key truce.invalid/demo-ab+1234+AbC="},
	} {
		os.Args[0] = tc.arg0
		if got := verifyLine("http://127.0.0.1:8080", "truce.invalid/demo-ab+1234+AbC="); got != tc.want {
			t.Errorf("started as %q: %q, want %q", tc.arg0, got, tc.want)
		}
	}
}

// TestDemoFlashEscalates runs the demonstration on a clock the test
// moves: three minutes after the start, the unacknowledged flash has been
// escalated to the coordinator by the center's own alert.
func TestDemoFlashEscalates(t *testing.T) {
	clock := centertest.NewClock(demo.Start())
	url, members := startDemo(t, clock)
	coord := client(t, url, members["coordinator"].Token)
	type msg struct {
		Priority string
		Alerts   []struct{ Parties []string }
	}
	flashAlerts := func() int {
		var msgs []msg
		if err := coord.Get(context.Background(), "/v1/messages", &msgs); err != nil {
			t.Fatal(err)
		}
		for _, m := range msgs {
			if m.Priority == "flash" {
				return len(m.Alerts)
			}
		}
		t.Fatal("no flash message")
		return 0
	}
	if n := flashAlerts(); n != 0 {
		t.Fatalf("the flash was escalated at once: %d alerts", n)
	}
	clock.Advance(3 * time.Minute)
	deadline := time.Now().Add(10 * time.Second)
	for flashAlerts() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the flash was not escalated within 10 s of its deadline passing")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestDemoRefusesAClockOutsideTheScenario: the scenario's dates are
// fixed, so a center whose clock is years later cannot take it; truce
// demo says why and exits non-zero.
func TestDemoRefusesAClockOutsideTheScenario(t *testing.T) {
	clock := centertest.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Clock: clock}
	code := m.Run(context.Background(), []string{"demo", "--addr", "127.0.0.1:0", "--data", t.TempDir()})
	if code == 0 || !strings.Contains(errb.String(), "2016-09-12T12:00:00Z") || out.Len() != 0 {
		t.Fatalf("demo on a 2026 clock: exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}

// demoTerms checks the arrangement's terms as the demonstration leaves
// them: the first phase's conditions met on the scenario's reports and
// the center moved on (before the demonstration said it was ready), the
// second counting its days, and the compliance record.
func demoTerms(t *testing.T, url string, members map[string]demoMember) {
	ctx := context.Background()
	cl := client(t, url, members["obs"].Token)
	var all []truce.Terms
	if err := cl.Get(ctx, "/v1/terms", &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].State != truce.TermsActive || len(all[0].Phases) != 3 {
		t.Fatalf("terms: %+v", all)
	}
	tm := all[0]
	var ps terms.PhaseStatus
	if err := cl.Get(ctx, "/v1/terms/"+tm.ID+"/phase", &ps); err != nil {
		t.Fatal(err)
	}
	if ps.Phase != 1 || len(tm.History) != 1 {
		t.Fatalf("phase %d, history %+v", ps.Phase, tm.History)
	}
	if len(ps.Status) != 2 || ps.Status[0].Met || ps.Status[0].Target != 7 || ps.Status[1].Met || ps.Status[1].Target != 1 {
		t.Errorf("the second phase: %+v", ps.Status)
	}
	first := tm.History[0].Status
	if len(first) != 1 || !first[0].Met || first[0].Value != 2 || len(first[0].Counted) != 1 {
		t.Errorf("the first phase's condition: %+v", first)
	}
	var cp truce.Compliance
	if err := cl.Get(ctx, "/v1/terms/"+tm.ID+"/compliance", &cp); err != nil {
		t.Fatal(err)
	}
	sy := slices.IndexFunc(cp.Parties, func(p truce.PartyCompliance) bool { return p.Party == members["sy"].PartyID })
	if sy < 0 || cp.Parties[sy].Totals != (truce.ComplianceCount{StrikesObjected: 2, Violations: 1}) {
		t.Errorf("the Syrian forces' record: %+v", cp.Parties)
	}
}
