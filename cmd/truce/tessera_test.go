package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	tessera "github.com/transparency-dev/tessera/client"
	"golang.org/x/mod/sumdb/note"
)

// verifyWithTessera reads the log with transparency-dev/tessera's client,
// code we did not write: it fetches and opens the checkpoint, reads every
// entry bundle, and checks an inclusion proof built from our tiles for
// every entry, and a consistency proof from size 1. Every public payload
// an entry names (geometry_ref) is fetched with plain HTTP and checked
// against its SHA-256 with the standard library; it returns how many.
func verifyWithTessera(t *testing.T, server, logKey string, want int) (payloads int) {
	t.Helper()
	ctx := context.Background()
	u, err := url.Parse(server + "/log/")
	if err != nil {
		t.Fatal(err)
	}
	f, err := tessera.NewHTTPFetcher(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := note.NewVerifier(logKey)
	if err != nil {
		t.Fatal(err)
	}
	cp, _, _, err := tessera.FetchCheckpoint(ctx, f.ReadCheckpoint, v, v.Name())
	if err != nil {
		t.Fatalf("tessera does not accept our checkpoint: %v", err)
	}
	if int(cp.Size) != want {
		t.Fatalf("tessera reads a checkpoint of size %d, want %d", cp.Size, want)
	}
	pb, err := tessera.NewProofBuilder(ctx, cp.Size, f.ReadTile)
	if err != nil {
		t.Fatal(err)
	}
	for i := uint64(0); i < cp.Size; i++ {
		bundle, err := tessera.GetEntryBundle(ctx, f.ReadEntryBundle, i/256, cp.Size)
		if err != nil {
			t.Fatalf("tessera cannot read entry bundle %d: %v", i/256, err)
		}
		leaf := rfc6962.DefaultHasher.HashLeaf(bundle.Entries[i%256])
		p, err := pb.InclusionProof(ctx, i)
		if err != nil {
			t.Fatalf("tessera cannot build the inclusion proof of entry %d from our tiles: %v", i, err)
		}
		if err := proof.VerifyInclusion(rfc6962.DefaultHasher, i, cp.Size, leaf, p, cp.Hash); err != nil {
			t.Fatalf("entry %d: inclusion proof does not verify: %v", i, err)
		}
		payloads += checkPayloads(t, server, i, bundle.Entries[i%256])
	}
	cons, err := pb.ConsistencyProof(ctx, 1, cp.Size)
	if err != nil {
		t.Fatal(err)
	}
	first, err := tessera.GetEntryBundle(ctx, f.ReadEntryBundle, 0, cp.Size)
	if err != nil {
		t.Fatal(err)
	}
	root1 := rfc6962.DefaultHasher.HashLeaf(first.Entries[0])
	if err := proof.VerifyConsistency(rfc6962.DefaultHasher, 1, cp.Size, cons, root1, cp.Hash); err != nil {
		t.Fatalf("consistency proof from size 1 does not verify: %v", err)
	}
	return payloads
}

// checkPayloads fetches the public payloads entry i names and checks each
// against its address, without the project's code.
func checkPayloads(t *testing.T, server string, i uint64, entry []byte) int {
	t.Helper()
	var e struct {
		Body struct {
			GeometryRef string `json:"geometry_ref"`
		} `json:"body"`
	}
	if err := json.Unmarshal(entry, &e); err != nil {
		t.Fatalf("entry %d: %v", i, err)
	}
	ref := e.Body.GeometryRef
	if ref == "" {
		return 0
	}
	resp, err := http.Get(server + "/log/payload/" + strings.TrimPrefix(ref, "sha256:"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("entry %d: payload %s: %s %v", i, ref, resp.Status, err)
	}
	if h := sha256.Sum256(data); "sha256:"+hex.EncodeToString(h[:]) != ref {
		t.Fatalf("entry %d: the payload served for %s does not hash to it", i, ref)
	}
	return 1
}
