package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/note"

	"github.com/truce-center/truce"
	"github.com/truce-center/truce/center"
	"github.com/truce-center/truce/center/core"
	"github.com/truce-center/truce/center/witnesses"
	"github.com/truce-center/truce/httpapi"
	"github.com/truce-center/truce/ledger"
	"github.com/truce-center/truce/sqlite"
)

// TestTruceWait checks the "Truce-Wait: final" wrapper and the
// witnesses' and receipts' routes, with a witness that never answers and
// a short wait.
func TestTruceWait(t *testing.T) {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	skey, vkey, _ := note.GenerateKey(nil, "truce.invalid/test")
	signer, _ := note.NewSigner(skey)
	c, err := center.Open(ctx, core.Config{Store: store, Signer: signer,
		Settings: core.Settings{WitnessWait: 300 * time.Millisecond, WitnessRetry: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	res, _ := c.Init(ctx, vkey, "UN", "desk")
	srv := httptest.NewServer(httpapi.New(c, nil))
	t.Cleanup(srv.Close)

	post := func(path, wait, token string, body any) (*http.Response, map[string]any) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", srv.URL+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		if wait != "" {
			req.Header.Set("Truce-Wait", wait)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp, out
	}
	// An unknown value is refused and writes nothing.
	size := c.Size()
	if resp, _ := post("/v1/parties", "soon", res.Token, map[string]string{"name": "A", "kind": "party"}); resp.StatusCode != 400 || c.Size() != size {
		t.Fatalf("Truce-Wait: soon: %d, log %d → %d", resp.StatusCode, size, c.Size())
	}
	// Without witnesses the write is final at once.
	resp, out := post("/v1/parties", "final", res.Token, map[string]string{"name": "A", "kind": "party"})
	if resp.StatusCode != 201 || resp.Header.Get("Truce-Final") != strconv.FormatUint(c.Size(), 10) {
		t.Fatalf("without witnesses: %d %q", resp.StatusCode, resp.Header.Get("Truce-Final"))
	}
	pid := out["id"].(string)
	// Only the coordinator registers witnesses; everyone may list them.
	_, wkey, _ := ledger.GenerateCosignerKey("witness.invalid/silent")
	resp, _ = post("/v1/witnesses", "", "truce_nobody", witnesses.WitnessInput{PartyID: pid, Key: wkey, URL: "http://127.0.0.1:1"})
	if resp.StatusCode != 401 {
		t.Fatalf("registering without a token: %d", resp.StatusCode)
	}
	resp, _ = post("/v1/witnesses", "", res.Token, witnesses.WitnessInput{PartyID: pid, Key: wkey, URL: "http://127.0.0.1:1"})
	if resp.StatusCode != 201 {
		t.Fatalf("registering: %d", resp.StatusCode)
	}
	var ws []truce.Witness
	if r, err := http.Get(srv.URL + "/v1/witnesses"); err != nil || r.StatusCode != 200 {
		t.Fatalf("listing witnesses without a token: %v %v", r, err)
	} else {
		json.NewDecoder(r.Body).Decode(&ws)
		r.Body.Close()
	}
	if len(ws) != 1 || ws[0].Key != wkey {
		t.Fatalf("witnesses: %+v", ws)
	}
	// The witness never answers: the write is done, and says it is not final.
	resp, out = post("/v1/parties", "final", res.Token, map[string]string{"name": "B", "kind": "party"})
	if resp.StatusCode != 201 || resp.Header.Get("Truce-Final") != "pending" || out["log_index"] == nil {
		t.Fatalf("with a silent witness: %d %q %v", resp.StatusCode, resp.Header.Get("Truce-Final"), out)
	}
	// Receipts: a bad index, an entry not in the log, one not yet final.
	for path, want := range map[string]int{
		"/v1/receipts/x": 400, "/v1/receipts/01": 400,
		fmt.Sprintf("/v1/receipts/%d", c.Size()+5): 404,
		"/v1/receipts/1": 503,
	} {
		r, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, r.StatusCode, want)
		}
	}
}
