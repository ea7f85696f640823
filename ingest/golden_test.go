package ingest

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files of the ingest tests")

// goldenPath holds one sha256 per article: the digest of everything
// extraction gives for it (goldenOf). A change meant to be faster, or
// any change not meant to touch the output, must leave it as it is.
const goldenPath = "testdata/extract.golden"

// TestExtractGolden extracts every article of every set in testdata (the
// labelled Syria set, the world set and the seeds of FuzzExtract), with
// the full gazetteer and with the committed list alone, and compares a
// digest of every field of every result with testdata/extract.golden,
// naming the articles that changed. The accuracy tests score a few
// fields against labels; this one says whether anything moved at all.
// After a change that is meant to alter the output, rewrite the file
// with
//
//	go test ./ingest -run TestExtractGolden -update
//
// and say in the commit why the articles it names changed.
func TestExtractGolden(t *testing.T) {
	sets := map[string][]namedArticle{
		"articles": goldenArticles(t, "testdata/articles/*"),
		"world":    goldenArticles(t, "testdata/world/*"),
		"fuzz":     fuzzExtractSeeds(t),
	}
	var want map[string]string
	if !*update {
		want = readGolden(t)
	}
	all := map[string]string{} // what -update writes
	ran := 0
	for _, gaz := range []struct {
		name string
		x    func(t *testing.T) *Extractor
	}{
		{"committed", func(*testing.T) *Extractor { return NewExtractor(nil, nil) }},
		{"full", func(t *testing.T) *Extractor { return NewExtractor(fullGazetteer(t), DefaultActors()) }},
	} {
		t.Run(gaz.name, func(t *testing.T) {
			x := gaz.x(t) // skips "full" when the generated gazetteer is missing
			got := map[string]string{}
			for set, arts := range sets {
				exs := make([]*Extraction, len(arts))
				for i, a := range arts {
					exs[i] = x.Extract(a.Article)
					got[gaz.name+"/"+set+"/"+a.name] = digest(goldenOf(exs[i]))
				}
				// Grouping reads what the JSON leaves out (whether an
				// event is a claim, a quotation, ...): briefs too.
				var briefs strings.Builder
				for _, s := range GroupExtractions(exs) {
					briefs.WriteString(s.Brief().Markdown())
				}
				got[gaz.name+"/"+set+"/stories"] = digest([]byte(briefs.String()))
			}
			maps.Copy(all, got)
			ran++
			if *update {
				return
			}
			for _, k := range slices.Sorted(maps.Keys(got)) {
				if want[k] != got[k] {
					t.Errorf("%s: extraction changed (digest %.12s, golden %.12s)", k, got[k], want[k])
				}
			}
			for _, k := range slices.Sorted(maps.Keys(want)) {
				if _, ok := got[k]; !ok && strings.HasPrefix(k, gaz.name+"/") {
					t.Errorf("%s: in the golden file, not extracted", k)
				}
			}
		})
	}
	if *update {
		if ran < 2 {
			t.Fatal("not rewriting the golden file: the full gazetteer is missing")
		}
		var b strings.Builder
		for _, k := range slices.Sorted(maps.Keys(all)) {
			fmt.Fprintf(&b, "%s %s\n", k, all[k])
		}
		if err := os.WriteFile(goldenPath, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// goldenOf serialises an extraction: its JSON (every exported field),
// the candidates and flagged candidates it gives, and the unexported
// fields of its events and dates that later stages read.
func goldenOf(ex *Extraction) []byte {
	type hidden struct {
		At                                                     int
		Claim, Quote, Placed, Later, Undated, Listed, District bool
		DateTruce                                              bool
	}
	hid := make([]hidden, len(ex.Events))
	for i, ev := range ex.Events {
		hid[i] = hidden{ev.at, ev.claim, ev.quote, ev.placed, ev.later, ev.undated, ev.listed, ev.district,
			ev.Date != nil && ev.Date.truce}
	}
	dateTruce := make([]bool, len(ex.Dates))
	for i, d := range ex.Dates {
		dateTruce[i] = d.truce
	}
	b, err := json.Marshal(struct {
		Extraction          *Extraction
		Candidates, Flagged []Candidate
		Events              []hidden
		DateTruce           []bool
		Dateline            [2]int
	}{ex, ex.Candidates(), ex.Flagged(), hid, dateTruce, [2]int{ex.datelineStart, ex.dateline}})
	if err != nil {
		panic(err)
	}
	return b
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func readGolden(t *testing.T) map[string]string {
	t.Helper()
	f, err := os.Open(goldenPath)
	if err != nil {
		t.Fatalf("%v (write it with -update)", err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			t.Fatalf("%s: bad line %q", goldenPath, sc.Text())
		}
		want[k] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return want
}

// namedArticle is an article with the name of its file; name#i is the
// ith article of a feed.
type namedArticle struct {
	name string
	Article
}

// goldenArticles parses the articles of the files matching pattern
// (other than labels and READMEs), in the order of their names.
func goldenArticles(t *testing.T, pattern string) []namedArticle {
	var out []namedArticle
	nth := map[string]int{}
	for _, l := range readLabelled[json.RawMessage](t, pattern) {
		out = append(out, namedArticle{fmt.Sprintf("%s#%d", l.file, nth[l.file]), l.article})
		nth[l.file]++
	}
	return out
}

// fuzzExtractSeeds reads the seed corpus of FuzzExtract (one string per
// file, in Go syntax) as articles published when the fuzz target says.
func fuzzExtractSeeds(t *testing.T) []namedArticle {
	files, err := filepath.Glob("testdata/fuzz/FuzzExtract/*")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	var out []namedArticle
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		head, arg, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
		if head != "go test fuzz v1" || !strings.HasPrefix(arg, "string(") || !strings.HasSuffix(arg, ")") {
			t.Fatalf("%s: not a string seed of go test fuzz v1", f)
		}
		text, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(arg, "string("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !utf8.ValidString(text) { // as FuzzExtract does
			text = strings.ToValidUTF8(text, "?")
		}
		out = append(out, namedArticle{filepath.Base(f), Article{Text: text, Published: time.Date(2016, 9, 20, 8, 0, 0, 0, time.UTC)}})
	}
	return out
}
