package httpapi_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The API document is checked the way its users will use it: Redocly's
// lint with its recommended rules, and two clients generated from it — Go
// by oapi-codegen, TypeScript by openapi-typescript + openapi-fetch — each
// running a short scenario against a center on port 0. The npm tools are
// installed into httpapi/clients by scripts/deps.d/openapi.sh.

// oapiCodegen is the pinned generator of the Go client, run with go run
// so that it stays out of the module's go.mod.
const (
	oapiCodegen = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2"
	oapiRuntime = "github.com/oapi-codegen/runtime@v1.9.0"
)

// clientTools returns the directory whose node_modules hold the npm tools;
// without them the test skips, or fails under CI.
func clientTools(t *testing.T, bins ...string) string {
	t.Helper()
	dir, err := filepath.Abs("clients")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bins {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", ".bin", b)); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is not installed in httpapi/clients (scripts/deps.d/openapi.sh): %v", b, err)
			}
			t.Skipf("%s is not installed in httpapi/clients; run scripts/deps.sh", b)
		}
	}
	return dir
}

// saveOpenAPI writes the served document to dir/openapi.json.
func saveOpenAPI(t *testing.T, f *fixture, dir string) string {
	t.Helper()
	doc := f.do(t, "GET", "/v1/openapi.json", "", "", 200, nil)
	path := filepath.Join(dir, "openapi.json")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, dir string, env []string, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, out, stderr.String())
	}
	return out
}

// keptWarnings are the lint warnings docs/api-formats.md explains: the
// project has no licence to name yet, and four public reads cannot fail
// with a 4xx.
var keptWarnings = []string{
	"info-license #/info",
	"operation-4xx-response #/paths/~1v1~1health/get/responses",
	"operation-4xx-response #/paths/~1v1~1openapi.json/get/responses",
	"operation-4xx-response #/paths/~1v1~1witnesses/get/responses",
	"operation-4xx-response #/paths/~1v1~1witnesses~1status/get/responses",
}

func TestOpenAPILint(t *testing.T) {
	tools := clientTools(t, "redocly")
	f := newFixture(t)
	doc := saveOpenAPI(t, f, t.TempDir())
	cmd := exec.Command(filepath.Join(tools, "node_modules", ".bin", "redocly"), "lint", doc, "--format=json")
	cmd.Dir = tools
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true")
	out, _ := cmd.Output() // exits non-zero on errors; the report says which
	var rep struct {
		Totals   struct{ Errors, Warnings int }
		Problems []struct {
			RuleID   string `json:"ruleId"`
			Severity string
			Message  string
			Location []struct{ Pointer string }
		}
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("redocly lint: %v: %s", err, out)
	}
	var got []string
	for _, p := range rep.Problems {
		at := ""
		if len(p.Location) > 0 {
			at = p.Location[0].Pointer
		}
		if p.Severity == "error" {
			t.Errorf("lint error %s at %s: %s", p.RuleID, at, p.Message)
		}
		got = append(got, p.RuleID+" "+at)
	}
	slices.Sort(got)
	if rep.Totals.Errors != 0 || !slices.Equal(got, keptWarnings) {
		t.Errorf("lint: %d errors, problems %q; want only the explained warnings %q", rep.Totals.Errors, got, keptWarnings)
	}
}

// scenarioResult is what both generated clients print.
type scenarioResult struct {
	Health           string   `json:"health"`
	MePartyKind      string   `json:"me_party_kind"`
	CreatedStatus    int      `json:"created_status"`
	CreatedName      string   `json:"created_name"`
	MemberTokenGiven bool     `json:"member_token_given"`
	BadStatus        int      `json:"bad_status"`
	BadFields        []string `json:"bad_fields"`
	ForbiddenTyped   bool     `json:"forbidden_typed"`
	StatsStatus      int      `json:"stats_status"`
	StatsBadField    string   `json:"stats_bad_field"`
	Parties          int      `json:"parties"`
}

func checkScenario(t *testing.T, f *fixture, out []byte, name string) {
	t.Helper()
	var got scenarioResult
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("scenario output: %v: %s", err, out)
	}
	var parties []json.RawMessage
	f.do(t, "GET", "/v1/parties", f.coord, "", 200, &parties)
	want := scenarioResult{Health: "ok", MePartyKind: "coordinator", CreatedStatus: 201, CreatedName: name,
		MemberTokenGiven: true, BadStatus: 400, BadFields: []string{"name", "kind"}, ForbiddenTyped: true, StatsStatus: 200, StatsBadField: "bucket", Parties: len(parties)}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("scenario saw %s\nwant %s", gj, wj)
	}
}

func TestGeneratedGoClient(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated client")
	}
	f := newFixture(t)
	dir := t.TempDir()
	doc := saveOpenAPI(t, f, dir)
	copyFile(t, filepath.Join("testdata", "goclient", "main.go"), filepath.Join(dir, "main.go"))
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module goclient\n\ngo 1.26\n"), 0o644)
	env := []string{"GOFLAGS=-mod=mod", "GOWORK=off"}
	run(t, dir, env, "go", "run", oapiCodegen, "-generate", "types,client", "-package", "main", "-o", "client.gen.go", doc)
	run(t, dir, env, "go", "get", oapiRuntime)
	out := run(t, dir, env, "go", "run", ".", f.srv.URL, f.coord)
	checkScenario(t, f, out, "Generated Go Client Party")
}

func TestGeneratedTypeScriptClient(t *testing.T) {
	tools := clientTools(t, "openapi-typescript", "tsc")
	f := newFixture(t)
	dir := t.TempDir()
	doc := saveOpenAPI(t, f, dir)
	copyFile(t, filepath.Join("testdata", "tsclient", "scenario.ts"), filepath.Join(dir, "scenario.ts"))
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"type":"module"}`), 0o644)
	if err := os.Symlink(filepath.Join(tools, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	bin := func(name string) string { return filepath.Join(tools, "node_modules", ".bin", name) }
	run(t, dir, nil, bin("openapi-typescript"), doc, "-o", "schema.d.ts")
	// tsc type-checks the scenario against the generated types: a field
	// the document gets wrong fails here, before anything runs.
	run(t, dir, nil, bin("tsc"), "--strict", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext",
		"--skipLibCheck", "scenario.ts")
	out := run(t, dir, nil, "node", "scenario.js", f.srv.URL, f.coord)
	checkScenario(t, f, out, "Generated TypeScript Client Party")
}
