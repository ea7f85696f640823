package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/truce-center/truce/center/centertest"
	"github.com/truce-center/truce/demo"
	"github.com/truce-center/truce/formats/letter"
	"github.com/truce-center/truce/ledger"
)

// runVerify runs `truce receipt verify --key KEY FILE` in process.
func runVerify(key, file string) (int, string) {
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb}
	code := m.Run(context.Background(), []string{"receipt", "verify", "--key", key, file})
	return code, out.String() + errb.String()
}

// TestDemoLetter fetches the United States' notification letter from the
// demonstration, verifies it offline, and checks that changing one byte
// of an act it carries makes the check fail.
func TestDemoLetter(t *testing.T) {
	url, members := startDemo(t, centertest.NewClock(demo.Start()))
	tok := members["us"].Token
	path := url + "/v1/letters?from=2016-09-01T00:00:00Z"
	status, pdf := get(t, path, tok)
	if status != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("letter: %d %.200s", status, pdf)
	}
	if _, again := get(t, path, tok); !bytes.Equal(pdf, again) {
		t.Error("two letters at one log size differ")
	}
	_, key := get(t, url+"/log/key", "")
	dir := t.TempDir()
	file := filepath.Join(dir, "letter.pdf")
	os.WriteFile(file, pdf, 0o644)
	code, out := runVerify(strings.TrimSpace(string(key)), file)
	if code != 0 || !strings.Contains(out, "letter verified") {
		t.Fatalf("truce receipt verify letter.pdf: exit %d: %s", code, out)
	}

	receipts, err := letter.Receipts(pdf)
	if err != nil || len(receipts) < 3 {
		t.Fatalf("%d receipts: %v", len(receipts), err)
	}
	// One byte of one act changed: the letter, rewritten around it, fails.
	r, err := ledger.ParseReceipt(receipts[1])
	if err != nil {
		t.Fatal(err)
	}
	r.Entry = bytes.Clone(r.Entry)
	r.Entry[len(r.Entry)/2] ^= 1
	l := &letter.Letter{Origin: "x", To: "United States"}
	for i, raw := range receipts {
		if i == 1 {
			raw = r.Marshal()
		}
		l.Receipts = append(l.Receipts, letter.Receipt{Index: uint64(i), Proof: raw})
	}
	var forged bytes.Buffer
	if err := letter.Write(&forged, l); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, forged.Bytes(), 0o644)
	if code, out := runVerify(strings.TrimSpace(string(key)), file); code == 0 {
		t.Errorf("a letter with one act changed verified: %s", out)
	}
	// One byte of the file changed inside a receipt's stream also fails.
	damaged := bytes.Clone(pdf)
	i := bytes.Index(damaged, []byte("/Type /EmbeddedFile"))
	i += bytes.Index(damaged[i:], []byte("stream\n")) + len("stream\n") + 10
	damaged[i] ^= 0x20
	os.WriteFile(file, damaged, 0o644)
	if code, out := runVerify(strings.TrimSpace(string(key)), file); code == 0 {
		t.Errorf("a damaged letter verified: %s", out)
	}

	// What it says, and its pages kept for a look.
	pdftotext, pdftoppm := needTool(t, "pdftotext"), needTool(t, "pdftoppm")
	artifacts := filepath.Join("..", "..", "test-artifacts", "letters")
	os.RemoveAll(artifacts)
	os.MkdirAll(artifacts, 0o755)
	keep := filepath.Join(artifacts, "letter-us.pdf")
	os.WriteFile(keep, pdf, 0o644)
	text, err := exec.Command(pdftotext, "-layout", keep, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Notification letter", "To: United States", "Field hospital, eastern Aleppo (illustrative)", "Log entries:", "acknowledged"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("the letter's text lacks %q", want)
		}
	}
	// The coordinator asks for the United States' letter: the same text,
	// the United States' view; a party may not ask for another's.
	status, coordPDF := get(t, path+"&party="+members["us"].PartyID, members["coordinator"].Token)
	if status != 200 {
		t.Fatalf("the coordinator's copy: %d %s", status, coordPDF)
	}
	coordFile := filepath.Join(dir, "coord.pdf")
	os.WriteFile(coordFile, coordPDF, 0o644)
	coordText, err := exec.Command(pdftotext, "-layout", coordFile, "-").Output()
	if err != nil || !bytes.Equal(coordText, text) {
		t.Errorf("the coordinator's copy of the letter says something else (%v):\n%s", err, coordText)
	}
	if status, _ := get(t, path+"&party="+members["ru"].PartyID, tok); status != 403 {
		t.Errorf("a party asking for another's letter: %d, want 403", status)
	}
	if out, err := exec.Command(pdftoppm, "-png", "-r", "60", keep, filepath.Join(artifacts, "letter-us")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
}
